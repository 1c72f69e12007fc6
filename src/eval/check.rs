//! Gold validation (`accord eval --check GOLD`).
//!
//! Reads RECORD_FORMAT JSONL line by line and reports every problem it finds,
//! each naming the file, the line and the document id, rather than stopping
//! at the first: lines that are not JSON or do not fit the record types
//! (unknown entity or event type labels included, with serde's column);
//! repeated document, entity or event ids; mention and trigger offsets (char
//! offsets) that are out of range or do not read the mention's `text`;
//! argument and amount entity ids that point nowhere; the same span annotated
//! twice; bad amounts and sentence spans; and, as warnings, event fields that
//! are no known role or attribute (a misspelt role would otherwise be dropped
//! silently, since readers ignore unknown fields).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::offsets::char_slice;
use crate::record::{Commitment, Record};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The gold is wrong; scoring against it would mislead.
    Error,
    /// Suspicious, but scoring can go on.
    Warning,
}

/// What kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The file could not be read.
    Io,
    /// Not JSON, or not a record (including unknown type labels).
    InvalidJson,
    /// An empty document id.
    EmptyId,
    /// A document id given on an earlier line.
    DuplicateDocId,
    /// A gold record carrying an `error`.
    ErrorRecord,
    /// An entity id given twice in a document.
    DuplicateEntityId,
    /// An event id given twice in a document.
    DuplicateEventId,
    /// A span past the end of the text, or reversed.
    OffsetOutOfRange,
    /// An entity's offsets do not read its `text`.
    OffsetMismatch,
    /// An event's trigger offsets do not read its trigger `text`.
    TriggerMismatch,
    /// An empty span.
    EmptySpan,
    /// An argument or amount points at an entity id that does not exist.
    DanglingEntity,
    /// The same span with the same type annotated twice.
    DuplicateMention,
    /// The same span annotated twice with different types.
    SameSpanTwice,
    /// Two events with the same type and trigger span.
    DuplicateEvent,
    /// A commitment amount that is not finite, negative, or whose currency is
    /// not a three-letter code.
    BadAmount,
    /// A sentence span out of range, or an event's sentence index past the list.
    BadSentence,
    /// An event or entity field accord does not know (warning).
    UnknownField,
}

/// One problem found in a gold file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The file (or other source) name.
    pub source: String,
    /// 1-based line number.
    pub line: usize,
    /// Document id, when the line had one.
    pub doc_id: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// Kind.
    pub kind: ProblemKind,
    /// What is wrong, naming the entity or event.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}: {sev}", self.source, self.line)?;
        if let Some(id) = &self.doc_id {
            write!(f, " [{id}]")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Whether any problem is an error (not just a warning).
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

const ENTITY_FIELDS: &[&str] = &[
    "id",
    "start",
    "end",
    "text",
    "type",
    "actor",
    "affiliation",
    "confidence",
    "value",
];
const EVENT_FIELDS: &[&str] = &[
    "id",
    "type",
    "mode",
    "context",
    "trigger",
    "sources",
    "targets",
    "location",
    "time",
    "commitment",
    "confidence",
    "cameo",
    "sentence",
];

/// Reads JSONL records, keeping each with its line number; lines that fail
/// become [`ProblemKind::InvalidJson`] (or [`ProblemKind::Io`]) problems.
/// Blank lines are skipped. Use it for prediction files too.
pub fn parse_jsonl<R: BufRead>(reader: R, source: &str) -> (Vec<(usize, Record)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut records = Vec::new();
    for (n, line) in read_lines(reader, source, &mut problems) {
        if let Some(r) = parse_line(&line, n, source, &mut problems) {
            records.push((n, r));
        }
    }
    (records, problems)
}

/// The records of a JSONL file of RECORD_FORMAT records (gold, or
/// predictions to score), for `accord eval` and both trainers.
///
/// # Errors
/// The file cannot be opened, or a line is not a record (the first such
/// problem, naming its line and document).
pub fn read_records(path: &Path) -> Result<Vec<Record>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Input {
        path: path.to_owned(),
        source,
    })?;
    let (records, problems) = parse_jsonl(BufReader::new(file), &path.display().to_string());
    if let Some(problem) = problems.first() {
        return Err(Error::Invalid(format!(
            "{problem} ({} problem(s) in all)",
            problems.len()
        )));
    }
    Ok(records.into_iter().map(|(_, record)| record).collect())
}

/// Validates a gold JSONL file; an empty list means the gold is clean.
pub fn check_jsonl<R: BufRead>(reader: R, source: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (n, line) in read_lines(reader, source, &mut problems) {
        let Some(r) = parse_line(&line, n, source, &mut problems) else {
            continue;
        };
        if let Some(first) = first_line.get(&r.id) {
            let msg = format!("document id {:?} was already used on line {first}", r.id);
            problems.push(problem(source, n, Some(r.id.clone()), ProblemKind::DuplicateDocId, msg));
        } else {
            first_line.insert(r.id.clone(), n);
        }
        let raw = serde_json::from_str::<Value>(&line).ok();
        problems.extend(check_record(&r, raw.as_ref(), source, n));
    }
    problems
}

/// Non-blank lines with their 1-based numbers. A line that is not UTF-8 is a
/// problem and skipped; a read error is a problem and ends the input.
fn read_lines<R: BufRead>(reader: R, source: &str, problems: &mut Vec<Problem>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, bytes) in reader.split(b'\n').enumerate() {
        let n = i + 1;
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                problems.push(problem(source, n, None, ProblemKind::Io, format!("cannot read: {e}")));
                break;
            }
        };
        match String::from_utf8(bytes) {
            Ok(line) if line.trim().is_empty() => {}
            Ok(line) => out.push((n, line)),
            Err(e) => problems.push(problem(
                source,
                n,
                None,
                ProblemKind::InvalidJson,
                format!("not UTF-8: {e}"),
            )),
        }
    }
    out
}

/// One record, or an [`ProblemKind::InvalidJson`] problem naming serde's column.
fn parse_line(line: &str, n: usize, source: &str, problems: &mut Vec<Problem>) -> Option<Record> {
    match serde_json::from_str::<Record>(line) {
        Ok(r) => Some(r),
        Err(e) => {
            let id = serde_json::from_str::<Value>(line)
                .ok()
                .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string));
            let msg = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            let msg = msg.strip_suffix(&suffix).unwrap_or(&msg);
            problems.push(problem(
                source,
                n,
                id,
                ProblemKind::InvalidJson,
                format!("{msg} (column {})", e.column()),
            ));
            None
        }
    }
}

/// Validates one gold record; `raw` is its JSON, for the unknown-field check.
pub fn check_record(r: &Record, raw: Option<&Value>, source: &str, line: usize) -> Vec<Problem> {
    let mut out = Vec::new();
    let id = Some(r.id.clone());
    let mut push = |kind: ProblemKind, msg: String| out.push(problem(source, line, id.clone(), kind, msg));
    if r.id.trim().is_empty() {
        push(ProblemKind::EmptyId, "empty document id".into());
    }
    if let Some(e) = &r.error {
        push(
            ProblemKind::ErrorRecord,
            format!("gold record carries an error ({}: {})", e.kind.as_str(), e.message),
        );
    }
    let mut ids = HashSet::new();
    let mut spans: HashMap<(usize, usize), Vec<(&str, &str)>> = HashMap::new();
    for e in &r.entities {
        let what = format!("entity {}", e.id);
        if !ids.insert(e.id.as_str()) {
            push(ProblemKind::DuplicateEntityId, format!("{what}: id given twice"));
        }
        check_span(
            &r.text,
            e.start,
            e.end,
            &e.text,
            &what,
            ProblemKind::OffsetMismatch,
            &mut push,
        );
        let same = spans.entry((e.start, e.end)).or_default();
        if let Some((other, _)) = same.iter().find(|(_, t)| *t == e.kind.as_str()) {
            push(
                ProblemKind::DuplicateMention,
                format!("{what} repeats {other} (same span and type)"),
            );
        } else if let Some((other, t)) = same.first() {
            let msg = format!("{what} ({}) has the span of {other} ({t})", e.kind.as_str());
            push(ProblemKind::SameSpanTwice, msg);
        }
        same.push((e.id.as_str(), e.kind.as_str()));
    }
    let mut event_ids = HashSet::new();
    let mut triggers: HashMap<(usize, usize, &str), &str> = HashMap::new();
    for ev in &r.events {
        let what = format!("event {}", ev.id);
        if !event_ids.insert(ev.id.as_str()) {
            push(ProblemKind::DuplicateEventId, format!("{what}: id given twice"));
        }
        let t = &ev.trigger;
        check_span(
            &r.text,
            t.start,
            t.end,
            &t.text,
            &format!("{what} trigger"),
            ProblemKind::TriggerMismatch,
            &mut push,
        );
        if let Some(other) = triggers.insert((t.start, t.end, ev.kind.as_str()), ev.id.as_str()) {
            push(
                ProblemKind::DuplicateEvent,
                format!("{what} repeats {other} (same type and trigger)"),
            );
        }
        let roles = [("sources", &ev.sources), ("targets", &ev.targets)];
        let singles = [("location", &ev.location), ("time", &ev.time)];
        let args = roles
            .iter()
            .flat_map(|(role, ids)| ids.iter().map(move |i| (*role, i)))
            .chain(singles.iter().filter_map(|(role, i)| i.as_ref().map(|i| (*role, i))));
        for (role, arg) in args {
            if !ids.contains(arg.as_str()) {
                push(
                    ProblemKind::DanglingEntity,
                    format!("{what}: {role} {arg:?} is no entity id"),
                );
            }
        }
        let mut commitment = ev.commitment.as_ref();
        while let Some(c) = commitment {
            check_commitment(c, &what, &ids, &mut push);
            commitment = c.previous.as_deref();
        }
        if let (Some(i), Some(s)) = (ev.sentence, &r.sentences) {
            if i >= s.len() {
                push(
                    ProblemKind::BadSentence,
                    format!("{what}: sentence {i}, but there are {}", s.len()),
                );
            }
        }
    }
    let n_chars = r.text.chars().count();
    for (i, s) in r.sentences.iter().flatten().enumerate() {
        if s.start > s.end || s.end > n_chars {
            push(
                ProblemKind::BadSentence,
                format!("sentence {i} [{}, {}) is out of range", s.start, s.end),
            );
        }
    }
    if let Some(raw) = raw {
        unknown_fields(raw, "entities", ENTITY_FIELDS, "entity", &mut push);
        unknown_fields(raw, "events", EVENT_FIELDS, "event", &mut push);
    }
    for p in out.iter_mut().filter(|p| p.kind == ProblemKind::UnknownField) {
        p.severity = Severity::Warning;
    }
    out
}

fn problem(source: &str, line: usize, doc_id: Option<String>, kind: ProblemKind, message: String) -> Problem {
    Problem {
        source: source.to_string(),
        line,
        doc_id,
        severity: Severity::Error,
        kind,
        message,
    }
}

fn check_span(
    text: &str,
    start: usize,
    end: usize,
    expected: &str,
    what: &str,
    mismatch: ProblemKind,
    push: &mut impl FnMut(ProblemKind, String),
) {
    if start == end {
        push(ProblemKind::EmptySpan, format!("{what} [{start}, {end}) is empty"));
        return;
    }
    match char_slice(text, start, end) {
        None => push(
            ProblemKind::OffsetOutOfRange,
            format!("{what} [{start}, {end}) is outside the text"),
        ),
        Some(found) if found != expected => {
            push(
                mismatch,
                format!("{what} [{start}, {end}) reads {found:?}, not {expected:?}"),
            );
        }
        Some(_) => {}
    }
}

fn check_commitment(c: &Commitment, what: &str, ids: &HashSet<&str>, push: &mut impl FnMut(ProblemKind, String)) {
    let Some(a) = &c.amount else { return };
    if !a.value.is_finite() || a.value < 0.0 {
        push(
            ProblemKind::BadAmount,
            format!("{what}: amount value {} is not a non-negative number", a.value),
        );
    }
    if a.currency.len() != 3 || !a.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        push(
            ProblemKind::BadAmount,
            format!("{what}: currency {:?} is not an ISO 4217 code", a.currency),
        );
    }
    if let Some(e) = &a.entity {
        if !ids.contains(e.as_str()) {
            push(
                ProblemKind::DanglingEntity,
                format!("{what}: amount entity {e:?} is no entity id"),
            );
        }
    }
}

fn unknown_fields(raw: &Value, list: &str, known: &[&str], what: &str, push: &mut impl FnMut(ProblemKind, String)) {
    for item in raw.get(list).and_then(Value::as_array).into_iter().flatten() {
        let Some(obj) = item.as_object() else { continue };
        let id = obj.get("id").and_then(Value::as_str).unwrap_or("?");
        for key in obj.keys().filter(|k| !known.contains(&k.as_str())) {
            let hint = if what == "event" {
                " (roles are sources, targets, location, time)"
            } else {
                ""
            };
            push(
                ProblemKind::UnknownField,
                format!("{what} {id}: unknown field {key:?}{hint}"),
            );
        }
    }
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod tests;
