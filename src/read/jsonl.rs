//! JSON Lines: one RECORD_FORMAT object per line, streamed line by line.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::decode_text;
use crate::error::{Error, Result};
use crate::record::{DocErrorKind, Record};

/// Streams the documents of a JSONL source. Blank lines are skipped; a line
/// that is not valid UTF-8 or JSON, or lacks `text`, becomes an error record
/// that names `name` and the line number. A read error ends the stream with
/// an `Err`.
pub fn read_jsonl<R: BufRead>(reader: R, name: String, stem: String) -> JsonlDocuments<R> {
    JsonlDocuments {
        reader,
        name,
        stem,
        line: 0,
        buf: Vec::new(),
        done: false,
    }
}

/// Iterator returned by [`read_jsonl`].
pub struct JsonlDocuments<R> {
    reader: R,
    name: String,
    stem: String,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlDocuments<R> {
    type Item = Result<Record>;

    fn next(&mut self) -> Option<Result<Record>> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let bytes = std::mem::take(&mut self.buf);
                    return Some(Ok(self.parse_line(bytes)));
                }
                Err(source) => {
                    self.done = true;
                    return Some(Err(Error::Input {
                        path: self.name.clone().into(),
                        source,
                    }));
                }
            }
        }
        None
    }
}

impl<R> JsonlDocuments<R> {
    fn parse_line(&self, bytes: Vec<u8>) -> Record {
        let place = format!("{} line {}", self.name, self.line);
        let fallback_id = format!("{}:{}", self.stem, self.line);
        let line = match decode_text(bytes, &place) {
            Ok(line) => line,
            Err((kind, message)) => {
                return Record::failed(fallback_id, String::new(), kind, message);
            }
        };
        let object = match serde_json::from_str::<Value>(&line) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                let id = salvage_id(&line).unwrap_or(fallback_id);
                let message = format!("{place}: expected a JSON object");
                return Record::failed(id, String::new(), DocErrorKind::InvalidJson, message);
            }
            Err(e) => {
                let id = salvage_id(&line).unwrap_or(fallback_id);
                let message = format!("{place}: invalid JSON: {e}");
                return Record::failed(id, String::new(), DocErrorKind::InvalidJson, message);
            }
        };
        record_from_object(object, fallback_id, &place)
    }
}

/// Builds a record from a parsed JSON object: `id` may be a string or a
/// number (absent: `fallback_id`); `text` must be a string (`body` is accepted
/// as a synonym, as in many news dumps).
pub fn record_from_object(mut object: Map<String, Value>, fallback_id: String, place: &str) -> Record {
    let id = match object.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id,
    };
    object.insert("id".into(), Value::String(id.clone()));
    if !object.contains_key("text") {
        if let Some(body) = object.remove("body") {
            object.insert("text".into(), body);
        }
    }
    match object.get("text") {
        Some(Value::String(_)) => {}
        Some(_) => {
            let message = format!("{place}: document {id:?}: `text` is not a string");
            return Record::failed(id, String::new(), DocErrorKind::MissingText, message);
        }
        None => {
            let message = format!("{place}: document {id:?} has no `text` field");
            return Record::failed(id, String::new(), DocErrorKind::MissingText, message);
        }
    }
    match serde_json::from_value::<Record>(Value::Object(object)) {
        Ok(record) => record,
        Err(e) => {
            let message = format!("{place}: document {id:?}: {e}");
            Record::failed(id, String::new(), DocErrorKind::InvalidJson, message)
        }
    }
}

/// Finds `"id": "..."` in a line that is not valid JSON, so that an error
/// record can still carry the document's own id.
fn salvage_id(line: &str) -> Option<String> {
    let after_key = &line[line.find("\"id\"")? + 4..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    let end = value.find('"')?;
    let id = &value[..end];
    (!id.is_empty() && !id.contains('\\')).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> Vec<Record> {
        read_jsonl(input, "in.jsonl".into(), "in".into())
            .collect::<Result<Vec<_>>>()
            .unwrap()
    }

    fn kind(record: &Record) -> Option<DocErrorKind> {
        record.error.as_ref().map(|e| e.kind)
    }

    #[test]
    fn good_lines_are_read_in_order_and_blank_lines_skipped() {
        let docs = read(b"{\"id\":\"a\",\"text\":\"one\"}\n\n  \r\n{\"id\":7,\"text\":\"two\"}");
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "7"]);
        assert!(docs.iter().all(|d| d.error.is_none()));
    }

    #[test]
    fn each_bad_line_is_an_error_record_naming_file_and_line() {
        let input = b"{\"id\":\"a\",\"text\":\"ok\"}\n\
            {\"id\":\"b\",\"text\":\"trunc\n\
            {\"id\":\"c\",\"title\":\"no text\"}\n\
            {\"id\":\"d\",\"text\":\"caf\xe9\"}\n\
            [1,2]\n\
            {\"id\":\"f\",\"text\":42}\n";
        let docs = read(input);
        let got: Vec<_> = docs.iter().map(|d| (d.id.as_str(), kind(d))).collect();
        assert_eq!(
            got,
            [
                ("a", None),
                ("b", Some(DocErrorKind::InvalidJson)),
                ("c", Some(DocErrorKind::MissingText)),
                ("in:4", Some(DocErrorKind::InvalidUtf8)),
                ("in:5", Some(DocErrorKind::InvalidJson)),
                ("f", Some(DocErrorKind::MissingText)),
            ]
        );
        for (doc, line) in docs.iter().skip(1).zip(2..) {
            let message = &doc.error.as_ref().unwrap().message;
            assert!(message.contains(&format!("in.jsonl line {line}")), "{message}");
        }
    }

    #[test]
    fn body_is_accepted_for_text_and_unknown_fields_kept() {
        let docs = read(br#"{"id":"k1","body":"Putin met Xi.","link":"http://x"}"#);
        assert_eq!(docs[0].text, "Putin met Xi.");
        assert_eq!(docs[0].extra["link"], "http://x");
    }

    #[test]
    fn missing_id_falls_back_to_stem_and_line() {
        let docs = read(b"\n{\"text\":\"x\"}\n");
        assert_eq!(docs[0].id, "in:2");
    }

    #[test]
    fn empty_input_gives_no_documents() {
        assert!(read(b"").is_empty());
    }

    /// Lines that are not blank, as the reader counts them.
    fn documents_in(bytes: &[u8]) -> usize {
        bytes
            .split(|&b| b == b'\n')
            .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
            .count()
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_one_record_per_non_blank_line(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let docs = read(&bytes);
            proptest::prop_assert_eq!(docs.len(), documents_in(&bytes));
            for doc in &docs {
                proptest::prop_assert!(!doc.id.is_empty());
                proptest::prop_assert!(doc.error.is_some() || !doc.id.contains('\n'));
            }
        }

        /// Good lines with corruptions a dirty corpus has (cut short, a bad
        /// byte, NUL bytes, a lost closing brace): one record per line, and
        /// the untouched lines read back as written.
        #[test]
        fn corrupted_lines_each_give_one_record_and_good_lines_read_back(
            lines in proptest::collection::vec(("[a-z0-9]{1,8}", proptest::prelude::any::<String>(), 0u8..5, 0usize..1000), 0..20),
        ) {
            let mut input = Vec::new();
            let mut good = Vec::new();
            for (id, text, corruption, at) in &lines {
                let line = serde_json::json!({"id": id, "text": text}).to_string().into_bytes();
                let at = at % line.len();
                let line = match corruption {
                    0 => {
                        good.push((id.clone(), text.clone()));
                        line
                    }
                    1 => line[..at].to_vec(),
                    2 => [&line[..at], b"\xff", &line[at..]].concat(),
                    3 => [&line[..at], b"\0", &line[at..]].concat(),
                    _ => line[..line.len() - 1].to_vec(),
                };
                input.extend_from_slice(&line);
                input.push(b'\n');
            }
            let docs = read(&input);
            proptest::prop_assert_eq!(docs.len(), documents_in(&input));
            let read_back: Vec<(String, String)> = docs
                .iter()
                .filter(|d| d.error.is_none())
                .map(|d| (d.id.clone(), d.text.clone()))
                .collect();
            for pair in &good {
                proptest::prop_assert!(read_back.contains(pair), "{:?} not read back", pair);
            }
        }
    }
}
