//! Resuming an interrupted run: which input documents an earlier run already
//! wrote to a JSONL output file.
//!
//! A document is identified by its id and the SHA-256 of its text as written
//! ([`content_sha256`], the hash the database sinks use), so a changed
//! document is processed again. Identities are counted, not just remembered:
//! an input that holds the same document twice (the second copy becomes a
//! `duplicate_id` record) comes out exactly as in an uninterrupted run.
//!
//! The runner asks [`Written::take`] about each document after the in-order
//! checks (duplicate ids, empty and over-long texts), so the key is the one
//! the output record carries: error records keep the text they were written
//! with (empty for unreadable lines and over-long documents).

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::record::Record;
use crate::sink::content_sha256;

/// The documents of an earlier run's output, as a multiset of (id, text hash).
#[derive(Debug, Clone, Default)]
pub struct Written {
    counts: HashMap<(String, String), u32>,
    /// Records in the file when it was read.
    records: u64,
    /// Bytes of a torn last line that were cut off.
    torn_bytes: u64,
}

/// The two fields of an output line that identify its document; serde skips
/// the rest without building it.
#[derive(Deserialize)]
struct Identity {
    id: String,
    #[serde(default)]
    text: String,
}

impl Written {
    /// Reads an earlier run's JSONL output at `path`, first cutting off a torn
    /// last line (one with no final newline: the writer was killed inside
    /// it), so that appending starts on a line boundary. A missing file means
    /// nothing was written yet.
    ///
    /// # Errors
    /// The file cannot be read or truncated, or a complete line is not a
    /// record (the file is not an accord output).
    pub fn from_jsonl(path: &Path) -> Result<Written> {
        let input_error = |source| Error::Input {
            path: path.to_owned(),
            source,
        };
        let file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Written::default()),
            Err(e) => return Err(input_error(e)),
        };
        let mut written = Written::default();
        let mut reader = BufReader::new(file);
        let mut line = Vec::new();
        let mut complete_bytes = 0u64;
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line).map_err(input_error)?;
            if n == 0 {
                break;
            }
            if line.last() != Some(&b'\n') {
                written.torn_bytes = n as u64;
                break;
            }
            complete_bytes += n as u64;
            written.records += 1;
            let identity: Identity = serde_json::from_slice(&line).map_err(|e| Error::Resume {
                path: path.to_owned(),
                line: written.records,
                message: format!("not an accord record ({e}); is this the output of `accord extract`?"),
            })?;
            *written
                .counts
                .entry((identity.id, content_sha256(&identity.text)))
                .or_default() += 1;
        }
        if written.torn_bytes > 0 {
            truncate(path, complete_bytes).map_err(input_error)?;
        }
        Ok(written)
    }

    /// Whether `record` is already in the output; if so, it is counted off,
    /// so that a second copy of the same document is not taken for the first.
    pub fn take(&mut self, record: &Record) -> bool {
        if self.counts.is_empty() {
            return false;
        }
        let key = (record.id.clone(), content_sha256(&record.text));
        match self.counts.get_mut(&key) {
            Some(1) => {
                self.counts.remove(&key);
                true
            }
            Some(n) => {
                *n -= 1;
                true
            }
            None => false,
        }
    }

    /// Records found in the output file.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Bytes of a torn last line that were cut off the file.
    pub fn torn_bytes(&self) -> u64 {
        self.torn_bytes
    }

    /// Records of the file not (yet) matched by an input document.
    pub fn unmatched(&self) -> u64 {
        self.counts.values().map(|&n| u64::from(n)).sum()
    }
}

fn truncate(path: &Path, len: u64) -> std::io::Result<()> {
    let file = OpenOptions::new().write(true).open(path)?;
    file.set_len(len)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, text: &str) -> Record {
        Record {
            id: id.into(),
            text: text.into(),
            ..Record::default()
        }
    }

    fn line(id: &str, text: &str) -> String {
        format!("{}\n", serde_json::to_string(&record(id, text)).unwrap())
    }

    #[test]
    fn a_missing_file_means_nothing_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut written = Written::from_jsonl(&dir.path().join("none.jsonl")).unwrap();
        assert_eq!(written.records(), 0);
        assert!(!written.take(&record("a", "x")));
    }

    #[test]
    fn a_torn_last_line_is_cut_off_and_documents_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let whole = format!("{}{}{}", line("a", "one"), line("b", "two"), line("b", "two"));
        std::fs::write(&path, format!("{whole}{{\"id\":\"c\",\"te")).unwrap();
        let mut written = Written::from_jsonl(&path).unwrap();
        assert_eq!((written.records(), written.torn_bytes()), (3, 13));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), whole);
        // Same id, changed text: not the document that was written.
        assert!(!written.take(&record("a", "changed")));
        assert!(written.take(&record("a", "one")));
        assert!(!written.take(&record("a", "one")));
        // Two copies written, two taken, the third is new.
        assert!(written.take(&record("b", "two")) && written.take(&record("b", "two")));
        assert!(!written.take(&record("b", "two")));
        assert!(!written.take(&record("c", "three")));
        assert_eq!(written.unmatched(), 0);
    }

    #[test]
    fn a_file_that_is_not_records_is_refused_with_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.jsonl");
        std::fs::write(&path, format!("{}not json\n", line("a", "x"))).unwrap();
        let error = Written::from_jsonl(&path).unwrap_err().to_string();
        assert!(error.contains("line 2"), "{error}");
    }
}
