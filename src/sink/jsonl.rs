//! RECORD_FORMAT JSON Lines output.

use std::io::Write;

use super::Sink;
use crate::error::{Error, Result};
use crate::record::Record;

/// Writes one JSON object per line. Each line is serialised first and written
/// with a single `write_all`, so an interrupted run leaves whole lines (and at
/// most one torn last line, which `--resume` drops).
pub struct JsonlSink<W: Write> {
    out: W,
    line: Vec<u8>,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing to `out` (wrap files in a `BufWriter`).
    pub fn new(out: W) -> JsonlSink<W> {
        JsonlSink {
            out,
            line: Vec::with_capacity(1 << 14),
        }
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn write(&mut self, record: &Record) -> Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, record)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line).map_err(Error::Output)
    }

    fn finish(&mut self) -> Result<()> {
        self.out.flush().map_err(Error::Output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_record() {
        let mut sink = JsonlSink::new(Vec::new());
        for id in ["a", "b"] {
            let record = Record {
                id: id.into(),
                text: "x\ny".into(),
                ..Record::default()
            };
            sink.write(&record).unwrap();
        }
        sink.finish().unwrap();
        let out = String::from_utf8(sink.into_inner()).unwrap();
        assert_eq!(out.lines().count(), 2);
        assert!(out.starts_with(r#"{"id":"a","text":"x\ny""#), "{out}");
    }
}
