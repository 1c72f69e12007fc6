//! `accord extract` end to end: every document accounted for, in order,
//! identically for any thread count.

use std::io::Write;

use accord::record::{DocErrorKind, EntityType};

use crate::util::{accord, accord_ok, data, records};

#[test]
fn every_input_document_comes_out_once_in_order_with_its_error() {
    let output = accord_ok(&["extract", "--quiet", data("mixed.jsonl").to_str().unwrap()]);
    let records = records(&output.stdout);
    let got: Vec<(&str, Option<DocErrorKind>)> = records
        .iter()
        .map(|r| (r.id.as_str(), r.error.as_ref().map(|e| e.kind)))
        .collect();
    assert_eq!(
        got,
        [
            ("a", None),
            ("b", None),
            ("c", Some(DocErrorKind::InvalidJson)),
            ("d", Some(DocErrorKind::MissingText)),
            ("a", Some(DocErrorKind::DuplicateId)),
            ("e", Some(DocErrorKind::EmptyText)),
            ("mixed:8", Some(DocErrorKind::InvalidUtf8)),
            ("g", None),
        ]
    );
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains("8 documents") && summary.contains("5 errors"),
        "{summary}"
    );
}

#[test]
fn sentences_are_char_offsets_even_in_non_ascii_text() {
    let output = accord_ok(&["extract", "--quiet", data("mixed.jsonl").to_str().unwrap()]);
    let record = &records(&output.stdout)[1];
    let spans = record.sentences.as_ref().unwrap();
    let chars: Vec<char> = record.text.chars().collect();
    let first: String = chars[spans[0].start..spans[0].end].iter().collect();
    assert_eq!(first, "Zürich talks: India–Japan ties 🤝 deepen.");
}

#[test]
fn output_is_byte_identical_for_one_and_two_threads() {
    let input = data("mixed.jsonl");
    let one = accord_ok(&["extract", "--quiet", "--threads", "1", input.to_str().unwrap()]);
    let two = accord_ok(&["extract", "--quiet", "--threads", "2", input.to_str().unwrap()]);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn directories_txt_and_csv_inputs_are_read_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), "Lavrov met Blinken.").unwrap();
    std::fs::write(dir.path().join("a.csv"), "id,body\nrow1,Modi visited Tokyo.\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), "").unwrap();
    std::fs::write(dir.path().join("notes.md"), "ignored").unwrap();
    let output = accord_ok(&["extract", "--quiet", dir.path().to_str().unwrap()]);
    let ids: Vec<String> = records(&output.stdout).into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["row1", "b", "c"]);
}

#[test]
fn stdin_is_read_when_no_input_is_given() {
    let mut child = accord()
        .args(["extract", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"s1\",\"text\":\"Talks ended.\"}\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    assert_eq!(records(&output.stdout)[0].id, "s1");
}

#[test]
fn a_missing_input_file_fails_the_run_with_its_name() {
    let output = accord()
        .args(["extract", "--quiet", "no/such/file.jsonl"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no/such/file.jsonl"), "{stderr}");
}

#[test]
fn too_long_documents_get_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.jsonl");
    std::fs::write(
        &path,
        format!("{{\"id\":\"x\",\"text\":\"{}\"}}\n", "word ".repeat(100)),
    )
    .unwrap();
    let output = accord_ok(&["extract", "--quiet", "--max-chars", "50", path.to_str().unwrap()]);
    let record = &records(&output.stdout)[0];
    assert_eq!(record.error.as_ref().unwrap().kind, DocErrorKind::TooLong);
}

#[test]
fn extract_loads_a_sqlite_database_and_writes_event_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let seed = data("seed.jsonl");
    let mixed = data("mixed.jsonl");
    // With a database and no -o, nothing goes to stdout.
    let output = accord_ok(&[
        "extract",
        "--quiet",
        "--sqlite",
        db.to_str().unwrap(),
        seed.to_str().unwrap(),
        mixed.to_str().unwrap(),
    ]);
    assert!(output.stdout.is_empty());
    let connection = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { connection.query_row(sql, [], |row| row.get(0)).unwrap() };
    // 9 documents in, the duplicate id is reported but not stored.
    assert_eq!(count("SELECT count(*) FROM documents"), 8);
    let events = count("SELECT count(*) FROM events WHERE doc_id = 'seed-india-japan-2025'");
    assert!(events > 0);

    let tsv = dir.path().join("events.tsv");
    accord_ok(&[
        "extract",
        "--quiet",
        "--format",
        "tsv",
        "-o",
        tsv.to_str().unwrap(),
        seed.to_str().unwrap(),
    ]);
    let rows = std::fs::read_to_string(&tsv).unwrap();
    // A header, then one row per event.
    assert_eq!(rows.lines().count() as i64, events + 1, "{rows}");
    assert!(rows.lines().skip(1).all(|row| row.contains("seed-india-japan-2025")));
}

#[test]
fn ner_only_stops_after_the_entities_with_either_ner_model() {
    let seed = data("seed.jsonl");
    let standard = records(&accord_ok(&["extract", "--quiet", "--ner-only", seed.to_str().unwrap()]).stdout).remove(0);
    let fast = records(
        &accord_ok(&[
            "extract",
            "--quiet",
            "--ner-only",
            "--ner-model",
            "fast",
            seed.to_str().unwrap(),
        ])
        .stdout,
    )
    .remove(0);
    let models = |record: &accord::Record| record.meta.as_ref().map(|m| m.models.clone()).unwrap_or_default();
    for record in [&standard, &fast] {
        assert!(record.events.is_empty(), "events with --ner-only");
        for (name, kind) in [("Narendra Modi", EntityType::Per), ("Japan", EntityType::Loc)] {
            assert!(
                record.entities.iter().any(|e| e.text == name && e.kind == kind),
                "{name} as {kind:?} in {:?}",
                models(record)
            );
        }
    }
    assert!(
        models(&fast).iter().any(|m| m.starts_with("accord-ner-fast")),
        "{:?}",
        models(&fast)
    );
    assert!(
        models(&standard).iter().any(|m| m.starts_with("accord-ner ")),
        "{:?}",
        models(&standard)
    );
}

#[test]
fn the_fast_ner_model_asks_for_ner_only() {
    let output = accord()
        .args([
            "extract",
            "--quiet",
            "--ner-model",
            "fast",
            data("seed.jsonl").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("--ner-only"), "{message}");
}
