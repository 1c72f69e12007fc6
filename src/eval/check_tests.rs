//! Tests for gold validation: one bad line per problem kind.

use super::*;

const SEED: &str = include_str!("../../tests/data/seed.jsonl");

fn check(s: &str) -> Vec<Problem> {
    check_jsonl(s.as_bytes(), "gold.jsonl")
}

const OK: &str = r#"{"id":"ok","text":"Zürich talks ended","entities":[{"id":"T1","start":0,"end":6,"text":"Zürich","type":"LOC"}],"events":[{"id":"E1","type":"CONSULT","trigger":{"start":7,"end":12,"text":"talks"},"location":"T1"}]}"#;

#[test]
fn seed_gold_and_char_offsets_are_clean() {
    assert_eq!(check(SEED), vec![]);
    assert_eq!(check(OK), vec![]);
    assert!(!has_errors(&check(OK)));
}

#[test]
fn each_problem_is_found_with_its_line() {
    let ent = |start: usize, end: usize, text: &str, ty: &str, id: &str| {
        format!(r#"{{"id":"{id}","start":{start},"end":{end},"text":"{text}","type":"{ty}"}}"#)
    };
    let rec = |id: &str, ents: &[String], events: &str| {
        format!(
            r#"{{"id":"{id}","text":"Zürich talks ended","entities":[{}],"events":[{events}]}}"#,
            ents.join(",")
        )
    };
    let ev = |id: &str, extra: &str| {
        format!(r#"{{"id":"{id}","type":"CONSULT","trigger":{{"start":7,"end":12,"text":"talks"}}{extra}}}"#)
    };
    let good = ent(0, 6, "Zürich", "LOC", "T1");
    let cases: Vec<(String, ProblemKind, &str)> = vec![
        ("{not json".into(), ProblemKind::InvalidJson, "column"),
        (
            rec("d", &[ent(0, 6, "Zürich", "HUG", "T1")], ""),
            ProblemKind::InvalidJson,
            "unknown variant `HUG`",
        ),
        (
            rec("d", &[], &ev("E1", "").replace("CONSULT", "HUG")),
            ProblemKind::InvalidJson,
            "unknown variant",
        ),
        (
            rec("d", &[ent(1, 7, "Zürich", "LOC", "T1")], ""),
            ProblemKind::OffsetMismatch,
            "reads \"ürich \"",
        ),
        // Byte offsets instead of char offsets: "talks" is bytes 8..13.
        (
            rec("d", &[ent(8, 13, "talks", "MISC", "T1")], ""),
            ProblemKind::OffsetMismatch,
            "entity T1",
        ),
        (
            rec("d", &[ent(10, 30, "x", "LOC", "T1")], ""),
            ProblemKind::OffsetOutOfRange,
            "outside",
        ),
        (
            rec("d", &[ent(3, 3, "", "LOC", "T1")], ""),
            ProblemKind::EmptySpan,
            "empty",
        ),
        (
            rec("d", &[good.clone(), ent(7, 12, "talks", "MISC", "T1")], ""),
            ProblemKind::DuplicateEntityId,
            "T1",
        ),
        (
            rec("d", &[good.clone(), ent(0, 6, "Zürich", "LOC", "T2")], ""),
            ProblemKind::DuplicateMention,
            "T2 repeats T1",
        ),
        (
            rec("d", &[good.clone(), ent(0, 6, "Zürich", "ORG", "T2")], ""),
            ProblemKind::SameSpanTwice,
            "span of T1",
        ),
        (
            rec("d", std::slice::from_ref(&good), &ev("E1", r#","sources":["T9"]"#)),
            ProblemKind::DanglingEntity,
            "source",
        ),
        (
            rec("d", std::slice::from_ref(&good), &ev("E1", r#","time":"T7""#)),
            ProblemKind::DanglingEntity,
            "time",
        ),
        (
            rec(
                "d",
                std::slice::from_ref(&good),
                &format!("{},{}", ev("E1", ""), ev("E1", "").replace("CONSULT", "AGREE")),
            ),
            ProblemKind::DuplicateEventId,
            "E1",
        ),
        (
            rec("d", &[], &format!("{},{}", ev("E1", ""), ev("E2", ""))),
            ProblemKind::DuplicateEvent,
            "E2 repeats E1",
        ),
        (
            rec("d", &[], &ev("E1", "").replace("\"talks\"", "\"talk\"")),
            ProblemKind::TriggerMismatch,
            "trigger",
        ),
        (
            rec(
                "d",
                &[],
                &ev(
                    "E1",
                    r#","commitment":{"amount":{"value":5,"currency":"yen","text":"5 yen"}}"#,
                ),
            ),
            ProblemKind::BadAmount,
            "ISO 4217",
        ),
        (
            rec(
                "d",
                &[],
                &ev(
                    "E1",
                    r#","commitment":{"amount":{"value":-5,"currency":"JPY","text":"5","entity":"T4"}}"#,
                ),
            ),
            ProblemKind::BadAmount,
            "non-negative",
        ),
        (
            rec("d", &[], &ev("E1", r#","agents":["T1"]"#)),
            ProblemKind::UnknownField,
            "roles are",
        ),
        (rec("", &[], ""), ProblemKind::EmptyId, "empty"),
        (
            r#"{"id":"d","text":"x","sentences":[{"start":0,"end":5}]}"#.into(),
            ProblemKind::BadSentence,
            "sentence 0",
        ),
        (
            r#"{"id":"d","text":"","error":{"kind":"empty_text","message":"m"}}"#.into(),
            ProblemKind::ErrorRecord,
            "error",
        ),
    ];
    for (bad, kind, needle) in cases {
        // The bad record sits on line 3, after a good one and a blank line.
        let problems = check(&format!("{OK}\n\n{bad}\n"));
        let hit = problems.iter().find(|p| p.kind == kind);
        let Some(p) = hit else {
            panic!("{kind:?} not found in {bad}: {problems:?}")
        };
        assert_eq!(p.line, 3, "{p}");
        assert!(p.message.contains(needle), "{kind:?}: {p}");
        assert!(problems.iter().all(|p| p.line == 3), "{problems:?}");
    }
}

#[test]
fn duplicate_documents_and_display() {
    let problems = check(&format!("{OK}\n{OK}\n"));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].kind, ProblemKind::DuplicateDocId);
    assert_eq!(
        problems[0].to_string(),
        "gold.jsonl:2: error [ok]: document id \"ok\" was already used on line 1"
    );
    let warn = check(&OK.replace("\"location\"", "\"agent\":\"T1\",\"location\""));
    assert_eq!(warn.len(), 1);
    assert_eq!(warn[0].severity, Severity::Warning);
    assert!(!has_errors(&warn));
}

#[test]
fn bad_bytes_do_not_stop_the_check() {
    let mut input = b"\xff\xfe{}\n".to_vec();
    input.extend_from_slice(format!("{OK}\r\n{OK}").as_bytes());
    let problems = check_jsonl(&input[..], "g");
    let kinds: Vec<_> = problems.iter().map(|p| (p.line, p.kind)).collect();
    assert_eq!(
        kinds,
        vec![(1, ProblemKind::InvalidJson), (3, ProblemKind::DuplicateDocId)]
    );
}

#[test]
fn parse_keeps_line_numbers() {
    let (records, problems) = parse_jsonl(format!("\n{OK}\n{{\"id\": 3}}\n").as_bytes(), "p.jsonl");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].0, 2);
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].line, problems[0].kind), (3, ProblemKind::InvalidJson));
}

#[test]
fn reading_records_names_the_first_bad_line_or_the_missing_file() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("gold.jsonl");
    std::fs::write(&path, format!("{OK}\n\n{OK}\n")).expect("write gold");
    let records = read_records(&path).expect("clean gold reads");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].events.len(), 1);

    std::fs::write(&path, format!("{OK}\n{{\"id\": 3}}\nnot json\n")).expect("write gold");
    let message = read_records(&path).expect_err("bad lines").to_string();
    assert!(message.contains("gold.jsonl:2"), "{message}");
    assert!(message.contains("2 problem(s)"), "{message}");

    let missing = read_records(&dir.path().join("absent.jsonl")).expect_err("no file");
    assert!(missing.to_string().contains("absent.jsonl"), "{missing}");
}
