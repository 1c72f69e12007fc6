//! `accord eval` on the gold corpus: gold is valid, gold against itself
//! scores 1.0 everywhere, and a corrupted file is rejected with its place.

use std::path::PathBuf;

use crate::util::{accord, accord_ok, data};

fn gold(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/gold").join(name)
}

#[test]
fn the_whole_gold_corpus_and_the_seed_pass_the_validator() {
    let mut files = Vec::new();
    for folder in [gold(""), gold("agreement")] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "jsonl") {
                files.push(path);
            }
        }
    }
    // Training sets, held-out sets and probes alike.
    assert!(files.len() >= 30, "{files:?}");
    files.push(data("seed.jsonl"));
    let mut args = vec!["eval".to_string(), "--check".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = accord_ok(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches(": ok").count(), files.len(), "{stderr}");
}

#[test]
fn corrupted_gold_is_rejected_naming_document_and_line() {
    let seed = std::fs::read_to_string(data("seed.jsonl")).unwrap();
    let broken = seed.replacen(
        r#""start": 15, "end": 28, "text": "Narendra Modi""#,
        r#""start": 16, "end": 28, "text": "Narendra Modi""#,
        1,
    );
    assert_ne!(seed, broken);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.jsonl");
    std::fs::write(&path, format!("{seed}{broken}")).unwrap();
    let output = accord()
        .args(["eval", "--check", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.jsonl:2") && stderr.contains("seed-india-japan-2025"),
        "{stderr}"
    );
}

#[test]
fn gold_against_itself_scores_one_everywhere() {
    let test = gold("test.jsonl");
    let test = test.to_str().unwrap();
    let output = accord_ok(&[
        "eval",
        "--gold",
        test,
        "--pred",
        test,
        "--report",
        "json",
        "--resamples",
        "50",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut f1s = Vec::new();
    collect_f1(&report, "", &mut f1s);
    assert!(f1s.len() > 50, "{}", f1s.len());
    for (path, f1) in f1s {
        assert_eq!(f1, 1.0, "{path}");
    }
}

fn collect_f1(value: &serde_json::Value, path: &str, out: &mut Vec<(String, f64)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                let here = format!("{path}.{key}");
                // The CoNLL-style and empty-type entries are 0/0 cases; only scored ones count.
                if key == "f1" {
                    if let Some(f) = v.as_f64() {
                        out.push((here, f));
                    }
                } else if key != "mistakes" {
                    collect_f1(v, &here, out);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_f1(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn html_report_is_one_self_contained_page() {
    let test = gold("test.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let pred = dir.path().join("pred.jsonl");
    // Drop every event of the first document: the report must list misses.
    let text = std::fs::read_to_string(&test).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    first["events"] = serde_json::json!([]);
    lines[0] = first.to_string();
    std::fs::write(&pred, lines.join("\n")).unwrap();
    accord_ok(&[
        "eval",
        "--gold",
        test.to_str().unwrap(),
        "--pred",
        pred.to_str().unwrap(),
        "--report",
        "html",
        "-o",
        out.to_str().unwrap(),
        "--resamples",
        "0",
    ]);
    let html = std::fs::read_to_string(out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<svg"),
        "not a self-contained page"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "external reference"
    );
    assert!(html.contains("missed"), "no misses listed");
}
