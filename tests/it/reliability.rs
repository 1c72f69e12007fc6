//! Issue #7: every document accounted for, exactly once, whatever happens to
//! the run: a model failure on one document, a SIGKILL at any moment followed
//! by `--resume`, a SIGTERM.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use accord::encode::stub::StubEncoder;
use accord::encode::{Encoder, EncoderRow, Hidden};
use accord::models::ModelDirs;
use accord::ner::model::Decoding;
use accord::ner::{NerHead, LABELS};
use accord::pipeline::{self, RunConfig, Worker};
use accord::record::DocErrorKind;
use accord::sink::VecSink;
use accord::tokenize::SentenceTokenizer;
use accord::Record;

use crate::util::{accord, accord_ok};

/// An encoder that fails on any batch holding one vocabulary id, as a
/// backend out of memory on one document would.
struct FailOn {
    id: i64,
    inner: StubEncoder,
}

impl Encoder for FailOn {
    fn hidden_size(&self) -> usize {
        self.inner.hidden_size()
    }

    fn encode(&mut self, rows: &[EncoderRow]) -> accord::Result<Vec<Hidden>> {
        if rows.iter().any(|row| row.ids.contains(&self.id)) {
            return Err(accord::Error::Invalid("injected encoder failure".into()));
        }
        self.inner.encode(rows)
    }

    fn describe(&self) -> String {
        "failing stub".into()
    }
}

#[test]
fn a_model_failure_on_one_document_is_its_model_error_record() {
    let dirs = ModelDirs::locate().unwrap();
    let tokenizer = SentenceTokenizer::from_file(&dirs.tokenizer()).unwrap();
    let poison = tokenizer.tokenize("sabotage", 0..8).unwrap().pieces[0].id;
    let width = 8;
    let head = NerHead {
        width,
        weight: vec![0.0; LABELS.len() * width],
        bias: vec![0.0; LABELS.len()],
    };
    let make = || {
        let encoder = FailOn {
            id: i64::from(poison),
            inner: StubEncoder::new(width),
        };
        Ok(Worker::new(tokenizer.clone()).with_ner(Box::new(encoder), head.clone(), Decoding::Viterbi))
    };
    let docs: Vec<accord::Result<Record>> = ["Talks went well.", "Sabotage was planned.", "Talks ended."]
        .iter()
        .enumerate()
        .map(|(i, text)| {
            Ok(Record {
                id: format!("d{i}"),
                text: (*text).into(),
                ..Record::default()
            })
        })
        .collect();
    let mut sink = VecSink::default();
    let config = RunConfig {
        threads: 2,
        ..RunConfig::default()
    };
    let summary = pipeline::run(Box::new(docs.into_iter()), make, &mut sink, &config).unwrap();
    let kinds: Vec<Option<DocErrorKind>> = sink.0.iter().map(|r| r.error.as_ref().map(|e| e.kind)).collect();
    assert_eq!(kinds, [None, Some(DocErrorKind::ModelError), None]);
    let message = &sink.0[1].error.as_ref().unwrap().message;
    assert!(message.contains("d1") && message.contains("injected"), "{message}");
    assert!(sink.0[1].entities.is_empty() && sink.0[1].events.is_empty());
    assert_eq!(summary.errors.get(&DocErrorKind::ModelError), Some(&1));
}

/// A corpus long enough to be caught mid-run: the Kremlin sample three times
/// under new ids, texts cut short to keep the test fast, with an unreadable
/// line and a duplicate id in the middle.
fn corpus() -> &'static Path {
    static CORPUS: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = CORPUS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/kremlin-sample.jsonl");
        let mut lines = Vec::new();
        for copy in 0..3 {
            for line in std::fs::read_to_string(&sample).unwrap().lines() {
                let mut doc: serde_json::Value = serde_json::from_str(line).unwrap();
                let id = format!("{}-{copy}", doc["id"].as_str().unwrap());
                let text: String = doc["text"].as_str().unwrap().chars().take(600).collect();
                doc["id"] = id.into();
                doc["text"] = text.into();
                lines.push(doc.to_string());
            }
            if copy == 1 {
                lines.push("{\"id\":\"torn-input\",\"text\":\"cut".into());
                lines.push(lines[0].clone());
            }
        }
        let path = dir.path().join("corpus.jsonl");
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        (dir, path)
    });
    path
}

/// The output of an uninterrupted run, computed once.
fn uninterrupted() -> &'static [u8] {
    static OUTPUT: OnceLock<Vec<u8>> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let output = accord_ok(&["extract", "--quiet", "--threads", "1", corpus().to_str().unwrap()]);
        assert_eq!(output.stdout.iter().filter(|&&b| b == b'\n').count(), 38);
        output.stdout
    })
}

fn start(out: &Path, resume: bool) -> Child {
    let mut command = accord();
    command
        .args(["extract", "--quiet", "--threads", "1", corpus().to_str().unwrap(), "-o"])
        .arg(out)
        .stderr(Stdio::piped());
    if resume {
        command.arg("--resume");
    }
    command.spawn().expect("accord starts")
}

/// Waits until `path` holds at least `lines` lines; fails the test when the
/// child exits first (it finished before it could be interrupted).
fn wait_for_lines(child: &mut Child, path: &Path, lines: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let n = std::fs::read(path).map_or(0, |b| b.iter().filter(|&&b| b == b'\n').count());
        if n >= lines {
            return n;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "accord ended before writing {lines} lines"
        );
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Starts a fresh run into a temporary `out.jsonl` and returns once it has
/// written `lines` lines, still running.
fn start_and_wait_for(lines: usize) -> (tempfile::TempDir, PathBuf, Child) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let mut child = start(&out, false);
    wait_for_lines(&mut child, &out, lines);
    (dir, out, child)
}

fn resume_to_the_end(out: &Path) -> String {
    let output = start(out, true).wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

#[test]
fn a_run_killed_mid_way_then_resumed_writes_the_uninterrupted_output() {
    let full = uninterrupted();
    let (_dir, out, mut child) = start_and_wait_for(4);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let killed = std::fs::read(&out).unwrap();
    let whole = killed.iter().filter(|&&b| b == b'\n').count();
    assert!(whole < 38, "the run was not interrupted");
    // What a kill inside a write leaves: half of the next line.
    let next = full.split_inclusive(|&b| b == b'\n').nth(whole).unwrap();
    let mut torn = killed.clone();
    torn.truncate(torn.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1));
    torn.extend_from_slice(&next[..next.len() / 2]);
    std::fs::write(&out, &torn).unwrap();

    let stderr = resume_to_the_end(&out);
    assert!(stderr.contains("cut off a torn last line"), "{stderr}");
    assert!(stderr.contains(&format!("{whole} skipped")), "{stderr}");
    let resumed = std::fs::read(&out).unwrap();
    assert_eq!(String::from_utf8_lossy(&resumed), String::from_utf8_lossy(full));
}

#[test]
fn sigterm_stops_with_whole_lines_a_resume_hint_and_a_failure_exit() {
    let full = uninterrupted();
    let (_dir, out, child) = start_and_wait_for(3);
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(128 + 15), "{stderr}");
    assert!(stderr.contains("interrupted by signal 15 after"), "{stderr}");
    assert!(
        stderr.contains("resume with: ") && stderr.contains("--resume"),
        "{stderr}"
    );
    let stopped = std::fs::read(&out).unwrap();
    assert!(stopped.len() < full.len(), "the run was not interrupted");
    assert!(full.starts_with(&stopped), "not a prefix of whole lines");

    resume_to_the_end(&out);
    assert_eq!(std::fs::read(&out).unwrap(), full);
}

#[test]
fn resume_needs_a_jsonl_output_file() {
    let input = corpus().to_str().unwrap();
    let no_file = accord().args(["extract", "--resume", input]).output().unwrap();
    assert!(!no_file.status.success());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("events.csv");
    let csv = accord()
        .args([
            "extract",
            "--resume",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            input,
        ])
        .output()
        .unwrap();
    assert!(!csv.status.success());
    assert!(String::from_utf8_lossy(&csv.stderr).contains("--resume needs JSONL output"));
}

#[test]
fn a_sentence_longer_than_one_encoder_window_is_read_to_its_last_word() {
    // About 900 word pieces in one sentence: two windows of at most 512.
    let text = format!(
        "{}before Vladimir Putin met Xi Jinping in Beijing.",
        "and the delegations discussed trade, energy and transport ".repeat(100)
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("long.jsonl");
    std::fs::write(&input, serde_json::json!({"id": "long", "text": text}).to_string()).unwrap();
    let output = accord_ok(&["extract", "--quiet", "--threads", "1", input.to_str().unwrap()]);
    let record = &crate::util::records(&output.stdout)[0];
    assert!(record.error.is_none(), "{:?}", record.error);
    assert!(record.meta.as_ref().unwrap().tokens > 512);
    let putin = record.entities.iter().find(|e| e.text == "Vladimir Putin");
    assert!(putin.is_some_and(|e| e.start > 5_000), "{:?}", record.entities);
}
