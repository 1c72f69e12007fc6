//! CSV: a header row, an optional `id` column (else the 1-based row number),
//! a `text` or `body` column, and optional `title`/`headline`, `date`,
//! `url`/`link` and `source` columns.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};
use crate::record::{DocErrorKind, Record};

/// Column positions found in the header.
#[derive(Debug, Clone, Copy)]
struct Columns {
    id: Option<usize>,
    text: usize,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    fn find(header: &csv::ByteRecord) -> Option<Columns> {
        let position = |names: &[&str]| {
            names.iter().find_map(|name| {
                header
                    .iter()
                    .position(|h| String::from_utf8_lossy(h).trim().eq_ignore_ascii_case(name))
            })
        };
        Some(Columns {
            id: position(&["id"]),
            text: position(&["text", "body"])?,
            title: position(&["title", "headline"]),
            date: position(&["date"]),
            url: position(&["url", "link"]),
            source: position(&["source"]),
        })
    }
}

/// Streams the rows of a CSV file as documents.
///
/// # Errors
/// The header cannot be read or has no `text`/`body` column.
pub fn read_csv(file: File, path: &Path) -> Result<impl Iterator<Item = Result<Record>> + Send> {
    let name = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(file);
    let header = reader.byte_headers().map_err(|e| Error::InputFormat {
        path: path.to_owned(),
        message: format!("cannot read the CSV header: {e}"),
    })?;
    let columns = Columns::find(header).ok_or_else(|| Error::InputFormat {
        path: path.to_owned(),
        message: "the CSV header has no `text` or `body` column".into(),
    })?;
    let mut row_number = 0u64;
    Ok(reader.into_byte_records().map(move |row| {
        row_number += 1;
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let id = row_number.to_string();
                let message = format!("{name} row {row_number}: {e}");
                return Ok(Record::failed(id, String::new(), DocErrorKind::InvalidJson, message));
            }
        };
        let line = row.position().map_or(row_number + 1, |p| p.line());
        Ok(row_to_record(&row, columns, row_number, &format!("{name} line {line}")))
    }))
}

fn row_to_record(row: &csv::ByteRecord, columns: Columns, row_number: u64, place: &str) -> Record {
    let field = |i: Option<usize>| -> std::result::Result<Option<String>, String> {
        match i.and_then(|i| row.get(i)) {
            None => Ok(None),
            Some(bytes) => String::from_utf8(bytes.to_vec())
                .map(|s| (!s.is_empty()).then_some(s))
                .map_err(|e| format!("{place}: invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())),
        }
    };
    let id = match field(columns.id) {
        Ok(Some(id)) => id,
        _ => row_number.to_string(),
    };
    let text = match field(Some(columns.text)) {
        Ok(Some(text)) => text,
        Ok(None) => String::new(),
        Err(message) => return Record::failed(id, String::new(), DocErrorKind::InvalidUtf8, message),
    };
    let optional = |i| field(i).ok().flatten();
    Record {
        id,
        text,
        title: optional(columns.title),
        date: optional(columns.date),
        url: optional(columns.url),
        source: optional(columns.source),
        ..Record::default()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn read(content: &[u8]) -> Result<Vec<Record>> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(content).unwrap();
        let path = file.path().to_owned();
        read_csv(File::open(&path).unwrap(), &path)?.collect()
    }

    #[test]
    fn kremlin_style_columns_are_mapped() {
        let docs = read(b"link,headline,date,location,summary,body\nhttp://k/1,Talks,2022-06-24,Moscow,s,\"Putin met Xi, briefly.\"\n").unwrap();
        assert_eq!(docs[0].id, "1");
        assert_eq!(docs[0].text, "Putin met Xi, briefly.");
        assert_eq!(docs[0].title.as_deref(), Some("Talks"));
        assert_eq!(docs[0].url.as_deref(), Some("http://k/1"));
    }

    #[test]
    fn id_column_wins_and_bad_rows_become_error_records() {
        let docs = read(b"id,text\na,one\nb,caf\xe9\nc,\n").unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].id, "a");
        let error = docs[1].error.as_ref().unwrap();
        assert_eq!(error.kind, DocErrorKind::InvalidUtf8);
        assert!(error.message.contains("line 3"), "{}", error.message);
        assert_eq!(docs[2].text, "");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever the bytes, the reader refuses the file or gives records
        /// with ids, and never panics.
        #[test]
        fn any_bytes_are_refused_or_read(
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
            with_header in proptest::prelude::any::<bool>(),
        ) {
            let content = if with_header { [&b"id,text,title\n"[..], &body].concat() } else { body };
            if let Ok(docs) = read(&content) {
                for doc in docs {
                    proptest::prop_assert!(!doc.id.is_empty());
                }
            }
        }
    }

    #[test]
    fn a_csv_without_text_column_is_refused() {
        let error = read(b"id,title\n1,x\n").err().unwrap();
        assert!(error.to_string().contains("no `text` or `body` column"), "{error}");
    }
}
