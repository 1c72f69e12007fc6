//! Flat event files for event-data users: one row per event, in the spirit of
//! GDELT and POLECAT, as CSV (`DIR/events.csv`) or TSV (`DIR/events.tsv`).
//!
//! Columns are [`EVENT_COLUMNS`]. An event with several sources (or targets)
//! lists their texts, countries and sectors in the same order, joined by `;`
//! (an unresolved code is an empty item, so positions line up). Documents with
//! no events (and error records) give no rows. Offsets are char offsets into the
//! document text, as in records. CSV quotes as RFC 4180 says; TSV never quotes,
//! and tabs and line breaks inside a field become spaces, so that every line is
//! one row for `cut`, `awk` and GDELT-style readers.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::cameo::cameo_root;
use super::db::LoadStats;
use super::error::SinkError;
use super::rows::{sector_str, sentence_of, status_str};
use super::Sink;
use crate::record::{Event, Record};

/// The column names, in order.
pub const EVENT_COLUMNS: [&str; 25] = [
    "event_id",
    "document_id",
    "date",
    "source_actor",
    "source_country",
    "source_sector",
    "target_actor",
    "target_country",
    "target_sector",
    "plover_type",
    "mode",
    "context",
    "cameo_root",
    "cameo_code",
    "location",
    "commitment_amount",
    "commitment_currency",
    "commitment_text",
    "commitment_period",
    "commitment_status",
    "sentence",
    "trigger",
    "trigger_start",
    "trigger_end",
    "confidence",
];

/// Field separator of a flat file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// Comma-separated, RFC 4180 quoting; file `events.csv`.
    Comma,
    /// Tab-separated, no quoting; file `events.tsv`.
    Tab,
}

impl Delimiter {
    /// The file name written in the output directory.
    pub fn file_name(self) -> &'static str {
        match self {
            Delimiter::Comma => "events.csv",
            Delimiter::Tab => "events.tsv",
        }
    }
}

/// Writes one row per event: to `DIR/events.csv` or `DIR/events.tsv`
/// ([`create`](CsvSink::create)), or to any writer ([`new`](CsvSink::new)).
///
/// # Example
/// ```
/// use accord::sink::{CsvSink, Delimiter, Sink};
///
/// let dir = tempfile::tempdir()?;
/// let mut sink = CsvSink::create(dir.path(), Delimiter::Tab)?;
/// let record: accord::Record = serde_json::from_str(
///     r#"{"id":"d1","date":"2025-08-30","text":"Modi met Ishiba.",
///         "entities":[{"id":"T1","start":0,"end":4,"text":"Modi","type":"PER","actor":{"country":"IND","sector":"GOV"}},
///                     {"id":"T2","start":9,"end":15,"text":"Ishiba","type":"PER","actor":{"country":"JPN","sector":"GOV"}}],
///         "events":[{"id":"E1","type":"CONSULT","trigger":{"start":5,"end":8,"text":"met"},"sources":["T1"],"targets":["T2"]}]}"#,
/// )?;
/// sink.write(&record)?;
/// sink.finish()?;
/// let tsv = std::fs::read_to_string(dir.path().join("events.tsv"))?;
/// assert!(tsv.lines().nth(1).unwrap().starts_with("E1\td1\t2025-08-30\tModi\tIND\tGOV\tIshiba\tJPN\tGOV\tCONSULT"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CsvSink<W: Write = BufWriter<File>> {
    writer: ::csv::Writer<W>,
    path: Option<PathBuf>,
    delimiter: Delimiter,
    stats: LoadStats,
}

impl CsvSink<BufWriter<File>> {
    /// Creates `dir` if needed and (over)writes its events file
    /// ([`Delimiter::file_name`]) with a header row.
    ///
    /// # Errors
    /// The directory or file cannot be created.
    pub fn create(dir: &Path, delimiter: Delimiter) -> Result<CsvSink<BufWriter<File>>, SinkError> {
        std::fs::create_dir_all(dir).map_err(|source| SinkError::File {
            path: dir.to_owned(),
            source,
        })?;
        let path = dir.join(delimiter.file_name());
        let file = File::create(&path).map_err(|source| SinkError::File {
            path: path.clone(),
            source,
        })?;
        let mut sink = CsvSink::new(BufWriter::with_capacity(1 << 16, file), delimiter)?;
        sink.path = Some(path);
        Ok(sink)
    }
}

impl<W: Write> CsvSink<W> {
    /// A sink writing the header row and then one row per event to `out`
    /// (say, `-o FILE` or stdout for `accord extract --format csv|tsv`).
    ///
    /// # Errors
    /// The header row cannot be written.
    pub fn new(out: W, delimiter: Delimiter) -> Result<CsvSink<W>, SinkError> {
        let mut builder = ::csv::WriterBuilder::new();
        if delimiter == Delimiter::Tab {
            builder.delimiter(b'\t').quote_style(::csv::QuoteStyle::Never);
        }
        let mut writer = builder.from_writer(out);
        writer.write_record(EVENT_COLUMNS)?;
        Ok(CsvSink {
            writer,
            path: None,
            delimiter,
            stats: LoadStats::default(),
        })
    }

    /// The file being written, when the sink made it.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Flushes and returns the underlying writer.
    ///
    /// # Errors
    /// The final flush failed.
    pub fn into_inner(self) -> Result<W, SinkError> {
        self.writer.into_inner().map_err(|e| SinkError::Write(e.into_error()))
    }

    fn write_record(&mut self, record: &Record) -> Result<(), SinkError> {
        for event in &record.events {
            let row = event_row(record, event);
            if self.delimiter == Delimiter::Tab {
                self.writer
                    .write_record(row.iter().map(|field| tsv_field(field).into_owned()))?;
            } else {
                self.writer.write_record(&row)?;
            }
            self.stats.events += 1;
        }
        self.stats.documents += 1;
        Ok(())
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn write(&mut self, record: &Record) -> crate::Result<()> {
        Ok(self.write_record(record)?)
    }

    fn finish(&mut self) -> crate::Result<()> {
        self.writer.flush().map_err(|source| match &self.path {
            Some(path) => SinkError::File {
                path: path.clone(),
                source,
            },
            None => SinkError::Write(source),
        })?;
        Ok(())
    }

    fn stats(&self) -> Option<LoadStats> {
        Some(self.stats)
    }
}

/// One event's row, in [`EVENT_COLUMNS`] order.
pub fn event_row(record: &Record, event: &Event) -> Vec<String> {
    let actors = |ids: &[String]| {
        let mut texts = Vec::with_capacity(ids.len());
        let mut countries = Vec::with_capacity(ids.len());
        let mut sectors = Vec::with_capacity(ids.len());
        for id in ids {
            let entity = record.entity(id);
            let actor = entity.and_then(|e| e.actor.as_ref());
            texts.push(entity.map_or(id.as_str(), |e| e.text.as_str()));
            countries.push(actor.and_then(|a| a.country.as_deref()).unwrap_or(""));
            sectors.push(actor.and_then(|a| a.sector).map_or("", sector_str));
        }
        [texts.join(";"), countries.join(";"), sectors.join(";")]
    };
    let [source_actor, source_country, source_sector] = actors(&event.sources);
    let [target_actor, target_country, target_sector] = actors(&event.targets);
    let location = event
        .location
        .as_ref()
        .map(|id| record.entity(id).map_or(id.clone(), |e| e.text.clone()));
    let commitment = event.commitment.as_ref();
    let amount = commitment.and_then(|c| c.amount.as_ref());
    let opt = |value: Option<String>| value.unwrap_or_default();
    vec![
        event.id.clone(),
        record.id.clone(),
        opt(record.date.clone()),
        source_actor,
        source_country,
        source_sector,
        target_actor,
        target_country,
        target_sector,
        event.kind.as_str().to_owned(),
        opt(event.mode.clone()),
        event.context.join(";"),
        cameo_root(event),
        opt(event.cameo.clone()),
        opt(location),
        opt(amount.map(|a| a.value.to_string())),
        opt(amount.map(|a| a.currency.clone())),
        opt(amount.map(|a| a.text.clone())),
        opt(commitment.and_then(|c| c.period.as_ref()).map(|p| p.text.clone())),
        opt(commitment.and_then(|c| c.status).map(|s| status_str(s).to_owned())),
        opt(sentence_of(record, event).map(|s| s.to_string())),
        event.trigger.text.clone(),
        event.trigger.start.to_string(),
        event.trigger.end.to_string(),
        opt(event.confidence.map(|c| c.to_string())),
    ]
}

/// A TSV field: tabs and line breaks become spaces.
fn tsv_field(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains(['\t', '\n', '\r']) {
        std::borrow::Cow::Owned(field.replace(['\t', '\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tests/data/seed.jsonl");

    #[test]
    fn seed_events_become_rows_with_cameo_roots_and_commitments() {
        let record: Record = serde_json::from_str(SEED.lines().next().unwrap()).unwrap();
        let rows: Vec<Vec<String>> = record.events.iter().map(|e| event_row(&record, e)).collect();
        assert!(rows.iter().all(|r| r.len() == EVENT_COLUMNS.len()));
        let col = |name: &str| EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
        let e7 = &rows[6];
        assert_eq!(e7[col("plover_type")], "AGREE");
        assert_eq!(e7[col("cameo_root")], "03");
        assert_eq!(e7[col("commitment_amount")], "10000000000000");
        assert_eq!(e7[col("commitment_currency")], "JPY");
        assert_eq!(e7[col("document_id")], "seed-india-japan-2025");
        for row in &rows {
            let (start, end): (usize, usize) = (
                row[col("trigger_start")].parse().unwrap(),
                row[col("trigger_end")].parse().unwrap(),
            );
            let text: String = record.text.chars().skip(start).take(end - start).collect();
            assert_eq!(row[col("trigger")], text);
            let n = |c: &str| row[col(c)].split(';').count();
            assert_eq!(n("source_actor"), n("source_country"));
            assert_eq!(n("target_actor"), n("target_sector"));
        }
    }

    #[test]
    fn any_writer_gets_a_header_and_one_row_per_event() {
        let record: Record = serde_json::from_str(SEED.lines().next().unwrap()).unwrap();
        let mut sink = CsvSink::new(Vec::new(), Delimiter::Comma).unwrap();
        sink.write(&record).unwrap();
        sink.finish().unwrap();
        assert_eq!(sink.path(), None);
        let out = String::from_utf8(sink.into_inner().unwrap()).unwrap();
        assert_eq!(out.lines().count(), 1 + record.events.len());
        assert!(out.starts_with("event_id,document_id,date,source_actor,"), "{out}");
    }

    #[test]
    fn tsv_fields_lose_tabs_and_line_breaks() {
        assert_eq!(tsv_field("a\tb\nc\r\nd"), "a b c  d");
        assert!(matches!(tsv_field("plain"), std::borrow::Cow::Borrowed(_)));
    }
}
