//! Readers: input files → a stream of [`Record`]s, one per input document.
//!
//! Every reader streams (a line, a row or a file at a time), so a corpus is
//! never loaded whole. A document that cannot be read becomes an error record
//! naming the file and line, so nothing is silently dropped; only problems with
//! a whole input (a missing file, a CSV with no text column) are `Err`s.

mod csv;
mod jsonl;
mod txt;

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::record::{DocErrorKind, Record};

pub use self::csv::read_csv;
pub use self::jsonl::read_jsonl;
pub use self::txt::read_txt;

/// A stream of documents in input order.
pub type Documents = Box<dyn Iterator<Item = Result<Record>> + Send>;

/// The input formats accord reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines, one RECORD_FORMAT object per line.
    Jsonl,
    /// One plain-text document per file; the id is the file stem.
    Txt,
    /// CSV with a header row, an optional `id` column and a `text` or `body` column.
    Csv,
}

impl Format {
    /// The format a path's extension names, if accord reads it.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "txt" => Some(Format::Txt),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Opens every input in order: files by extension, directories walked in
/// file-name order for `.jsonl`, `.txt` and `.csv` files, and `-` (or no input
/// at all) for JSONL on stdin. Files are opened lazily, one at a time.
///
/// # Errors
/// A path that does not exist, or a file whose extension accord does not read.
pub fn open_inputs(inputs: &[PathBuf]) -> Result<Documents> {
    if inputs.is_empty() {
        return Ok(stdin_documents());
    }
    let mut files = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            files.push(Source::Stdin);
        } else if input.is_dir() {
            for entry in walkdir::WalkDir::new(input).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::Input {
                    path: input.clone(),
                    source: e.into(),
                })?;
                let hidden = entry.file_name().to_str().is_some_and(|n| n.starts_with('.'));
                if entry.file_type().is_file() && !hidden {
                    if let Some(format) = Format::of_path(entry.path()) {
                        files.push(Source::File(entry.into_path(), format));
                    }
                }
            }
        } else if input.exists() {
            let format = Format::of_path(input).ok_or_else(|| Error::InputFormat {
                path: input.clone(),
                message: "unknown input format: expected .jsonl, .txt, .csv or a directory".into(),
            })?;
            files.push(Source::File(input.clone(), format));
        } else {
            return Err(Error::Input {
                path: input.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
            });
        }
    }
    Ok(Box::new(files.into_iter().flat_map(Source::documents)))
}

enum Source {
    Stdin,
    File(PathBuf, Format),
}

impl Source {
    fn documents(self) -> Documents {
        match self {
            Source::Stdin => stdin_documents(),
            Source::File(path, format) => match open_file(&path, format) {
                Ok(docs) => docs,
                Err(e) => Box::new(std::iter::once(Err(e))),
            },
        }
    }
}

fn stdin_documents() -> Documents {
    let stdin = BufReader::new(std::io::stdin());
    Box::new(read_jsonl(stdin, "<stdin>".into(), "stdin".into()))
}

/// Opens one file in the given format.
///
/// # Errors
/// The file cannot be opened, or (CSV) has no text column.
pub fn open_file(path: &Path, format: Format) -> Result<Documents> {
    let file = File::open(path).map_err(|source| Error::Input {
        path: path.to_owned(),
        source,
    })?;
    let name = path.display().to_string();
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc").to_owned();
    Ok(match format {
        Format::Jsonl => Box::new(read_jsonl(BufReader::new(file), name, stem)),
        Format::Txt => Box::new(std::iter::once(read_txt(file, &name, stem))),
        Format::Csv => Box::new(read_csv(file, path)?),
    })
}

/// Decodes a document's bytes, or says why it cannot be read.
fn decode_text(bytes: Vec<u8>, place: &str) -> std::result::Result<String, (DocErrorKind, String)> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        (
            DocErrorKind::InvalidUtf8,
            format!("{place}: invalid UTF-8 at byte {at}"),
        )
    })
}

/// Reads a whole (small) stream into bytes; used for single-document files.
fn read_all(mut reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    Ok(bytes)
}
