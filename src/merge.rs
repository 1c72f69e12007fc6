//! Merging shard outputs: the JSONL records of N `--shard` runs (or Spark
//! part files) back into one file in input order, after checking that they
//! hold every input document exactly once.
//!
//! Only the ids and the place of each line are kept in memory; record lines
//! are copied byte for byte, so the merged file equals a single run's output
//! when the records are deterministic.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// How many ids of each kind a mismatch message lists.
const LISTED: usize = 20;

/// Shard outputs that do not hold every input id exactly once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Mismatch {
    /// Input ids with no record (once per missing copy).
    missing: Vec<String>,
    /// Ids with more records than the input has documents (once per extra record).
    duplicated: Vec<String>,
    /// Ids of records that match no input document.
    unexpected: Vec<String>,
}

impl Mismatch {
    fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.duplicated.is_empty() && self.unexpected.is_empty()
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for (what, ids) in [
            ("missing (no record)", &self.missing),
            ("duplicated (more records than input documents)", &self.duplicated),
            ("unexpected (not in the input)", &self.unexpected),
        ] {
            if ids.is_empty() {
                continue;
            }
            let listed: Vec<&str> = ids.iter().take(LISTED).map(String::as_str).collect();
            let more = if ids.len() > LISTED {
                format!(" and {} more", ids.len() - LISTED)
            } else {
                String::new()
            };
            parts.push(format!("{} {what}: {}{more}", ids.len(), listed.join(", ")));
        }
        write!(
            f,
            "shard outputs do not hold every input document once: {}",
            parts.join("; ")
        )
    }
}

/// What a merge wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeSummary {
    /// Records written.
    pub records: u64,
    /// Shard output files read.
    pub files: usize,
}

/// Where one record line is.
#[derive(Debug, Clone, Copy)]
struct LineAt {
    file: usize,
    offset: u64,
    len: usize,
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

/// A checked merge: where each record of the merged file comes from.
#[derive(Debug, Clone)]
pub struct Merge {
    outputs: Vec<PathBuf>,
    order: Vec<LineAt>,
}

impl Merge {
    /// Indexes the record lines of `outputs` and matches them to `input_ids`
    /// (the ids of the input documents, in input order, repeated ids
    /// repeated); records of the same id go to its input copies in order.
    ///
    /// # Errors
    /// An output file cannot be read or has a line that is not a record with
    /// an id (the torn last line of a killed job, say); the outputs do not
    /// hold every input id exactly once (`Error::Invalid` listing the ids).
    pub fn plan(input_ids: &[String], outputs: &[PathBuf]) -> Result<Merge> {
        let mut index = index_outputs(outputs)?;
        let mismatch = check(input_ids, &index);
        if !mismatch.is_empty() {
            return Err(Error::Invalid(mismatch.to_string()));
        }
        // `check` guarantees one line per input copy.
        let order = input_ids
            .iter()
            .filter_map(|id| index.get_mut(id).and_then(VecDeque::pop_front))
            .collect();
        Ok(Merge {
            outputs: outputs.to_vec(),
            order,
        })
    }

    /// Copies the record lines, byte for byte, to `out` in input order.
    ///
    /// # Errors
    /// An output file cannot be read again, or `out` cannot be written.
    pub fn write_to(&self, out: &mut dyn Write) -> Result<MergeSummary> {
        let mut files = self
            .outputs
            .iter()
            .map(|path| File::open(path).map_err(|source| input_error(path, source)))
            .collect::<Result<Vec<_>>>()?;
        let mut line = Vec::new();
        for at in &self.order {
            let file = &mut files[at.file];
            line.resize(at.len, 0);
            file.seek(SeekFrom::Start(at.offset))
                .and_then(|_| file.read_exact(&mut line))
                .map_err(|source| input_error(&self.outputs[at.file], source))?;
            out.write_all(&line).map_err(Error::Output)?;
        }
        out.flush().map_err(Error::Output)?;
        Ok(MergeSummary {
            records: self.order.len() as u64,
            files: self.outputs.len(),
        })
    }
}

/// Compares the ids of the input with the records of the outputs, as multisets.
fn check(input_ids: &[String], index: &HashMap<String, VecDeque<LineAt>>) -> Mismatch {
    let mut wanted: HashMap<&str, usize> = HashMap::new();
    for id in input_ids {
        *wanted.entry(id.as_str()).or_default() += 1;
    }
    let mut mismatch = Mismatch::default();
    for id in input_ids {
        let found = index.get(id).map_or(0, VecDeque::len);
        // Each id is judged once, at its first input copy, to keep input order in the message.
        let Some(want) = wanted.remove(id.as_str()) else {
            continue;
        };
        mismatch
            .missing
            .extend(std::iter::repeat_n(id.clone(), want.saturating_sub(found)));
        mismatch
            .duplicated
            .extend(std::iter::repeat_n(id.clone(), found.saturating_sub(want)));
    }
    let known: std::collections::HashSet<&str> = input_ids.iter().map(String::as_str).collect();
    let mut unexpected: Vec<String> = index
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .cloned()
        .collect();
    unexpected.sort();
    mismatch.unexpected = unexpected;
    mismatch
}

/// Finds every record line of the outputs: id → places, in file and line order.
fn index_outputs(outputs: &[PathBuf]) -> Result<HashMap<String, VecDeque<LineAt>>> {
    let mut index: HashMap<String, VecDeque<LineAt>> = HashMap::new();
    for (file, path) in outputs.iter().enumerate() {
        let mut reader = BufReader::new(File::open(path).map_err(|source| input_error(path, source))?);
        let mut offset = 0u64;
        let mut line = Vec::new();
        for number in 1.. {
            line.clear();
            let len = reader
                .read_until(b'\n', &mut line)
                .map_err(|source| input_error(path, source))?;
            if len == 0 {
                break;
            }
            let at = LineAt { file, offset, len };
            offset += len as u64;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let bad = |why: String| Error::InputFormat {
                path: path.clone(),
                message: format!("line {number} is not a complete record ({why}); was the job cut short?"),
            };
            if line.last() != Some(&b'\n') {
                return Err(bad("no newline at the end".into()));
            }
            let record: IdOnly = serde_json::from_slice(&line).map_err(|e| bad(e.to_string()))?;
            index.entry(record.id).or_default().push_back(at);
        }
    }
    Ok(index)
}

fn input_error(path: &Path, source: std::io::Error) -> Error {
    Error::Input {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn shard_file(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
        let path = dir.join(name);
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn merge(input_ids: &[String], outputs: &[PathBuf], out: &mut Vec<u8>) -> Result<MergeSummary> {
        Merge::plan(input_ids, outputs)?.write_to(out)
    }

    fn line(id: &str, n: u32) -> String {
        format!(r#"{{"id":"{id}","text":"t","n":{n}}}"#)
    }

    #[test]
    fn records_come_back_in_input_order_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let a = shard_file(dir.path(), "a", &[&line("d2", 2), &line("d4", 4), &line("d4", 5)]);
        let b = shard_file(dir.path(), "b", &[&line("d1", 1), &line("d3", 3)]);
        let mut out = Vec::new();
        let summary = merge(&ids(&["d1", "d2", "d4", "d3", "d4"]), &[a, b], &mut out).unwrap();
        let expected: String = [
            line("d1", 1),
            line("d2", 2),
            line("d4", 4),
            line("d3", 3),
            line("d4", 5),
        ]
        .iter()
        .map(|l| format!("{l}\n"))
        .collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        assert_eq!(summary.records, 5);
    }

    #[test]
    fn missing_duplicated_and_unexpected_ids_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let a = shard_file(dir.path(), "a", &[&line("d1", 1), &line("d2", 2)]);
        let b = shard_file(dir.path(), "b", &[&line("d2", 2), &line("zz", 9)]);
        let error = Merge::plan(&ids(&["d1", "d2", "d3"]), &[a, b]).unwrap_err().to_string();
        for part in [
            "1 missing (no record): d3",
            "1 duplicated",
            ": d2",
            "1 unexpected (not in the input): zz",
        ] {
            assert!(error.contains(part), "{part:?} in {error}");
        }
    }

    #[test]
    fn a_torn_last_line_is_reported_with_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("torn");
        std::fs::write(&path, format!("{}\n{{\"id\":\"d2\",\"te", line("d1", 1))).unwrap();
        let error = merge(&ids(&["d1", "d2"]), &[path], &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(error.contains("torn") && error.contains("line 2"), "{error}");
    }

    #[test]
    fn long_lists_are_cut_in_the_message() {
        let many: Vec<String> = (0..25).map(|i| format!("m{i}")).collect();
        let error = merge(&many, &[], &mut Vec::new()).unwrap_err().to_string();
        assert!(error.contains("25 missing") && error.contains("m19") && error.contains("and 5 more"));
        assert!(!error.contains("m20"), "{error}");
    }
}
