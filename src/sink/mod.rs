//! Sinks: where finished records go, in input order.
//!
//! - [`JsonlSink`]: RECORD_FORMAT JSON Lines.
//! - [`SqliteSink`] and [`PostgresSink`]: the normalised schema of
//!   `schema/migrations/` (documents, entities, events, event_actors,
//!   commitments, runs), loaded idempotently in batches of one transaction
//!   each (rules in the [`db`] module).
//! - [`CsvSink`]: one row per event, CSV or TSV, for event-data users.
//!
//! [`open_sink`] builds any of the last three from a [`SinkTarget`], which is
//! what `accord export` and `accord extract --sqlite/--postgres/--format` use.
//! Offsets everywhere are Unicode scalar (char) offsets, as in records.

pub mod cameo;
mod csv;
pub mod db;
mod error;
mod jsonl;
mod postgres;
mod rows;
mod sqlite;

use std::path::PathBuf;

pub use self::csv::{event_row, CsvSink, Delimiter, EVENT_COLUMNS};
pub use self::db::{LoadStats, DEFAULT_BATCH_SIZE, SCHEMA_VERSION};
pub use self::error::SinkError;
pub use self::jsonl::JsonlSink;
pub use self::postgres::{migrate_postgres, redact_url, PostgresSink, PostgresSinkBuilder};
pub use self::rows::content_sha256;
pub use self::sqlite::{migrate_sqlite, open as open_sqlite, SqliteSink, SqliteSinkBuilder};

use crate::error::Result;
use crate::record::Record;

/// A destination for records. The runner calls `write` once per document, in
/// input order, then `finish` once.
pub trait Sink {
    /// Writes one record.
    ///
    /// # Errors
    /// The destination failed (disk full, closed pipe, database error).
    fn write(&mut self, record: &Record) -> Result<()>;

    /// Flushes and closes.
    ///
    /// # Errors
    /// The final flush failed.
    fn finish(&mut self) -> Result<()>;

    /// What was written so far, for sinks that count (databases, CSV).
    fn stats(&self) -> Option<LoadStats> {
        None
    }
}

/// A database or flat-file destination, as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SinkTarget {
    /// `--sqlite DB`: a SQLite database file, created when missing.
    Sqlite(PathBuf),
    /// `--postgres URL`: a PostgreSQL database.
    Postgres(String),
    /// `--csv DIR`: `DIR/events.csv`.
    Csv(PathBuf),
    /// `--tsv DIR` (or `--format tsv`): `DIR/events.tsv`.
    Tsv(PathBuf),
}

impl SinkTarget {
    /// A short description for messages, with any password hidden.
    pub fn describe(&self) -> String {
        match self {
            SinkTarget::Sqlite(path) => format!("SQLite database {}", path.display()),
            SinkTarget::Postgres(url) => format!("PostgreSQL database {}", redact_url(url)),
            SinkTarget::Csv(dir) => format!("{}", dir.join(Delimiter::Comma.file_name()).display()),
            SinkTarget::Tsv(dir) => format!("{}", dir.join(Delimiter::Tab.file_name()).display()),
        }
    }
}

/// Options shared by the database sinks (CSV/TSV ignore them).
#[derive(Debug, Clone)]
pub struct SinkOptions {
    /// Documents per transaction.
    pub batch_size: usize,
    /// Recorded in the `runs` table: the command line, say.
    pub command: Option<String>,
}

impl Default for SinkOptions {
    fn default() -> SinkOptions {
        SinkOptions {
            batch_size: DEFAULT_BATCH_SIZE,
            command: None,
        }
    }
}

/// Opens a database or flat-file sink: connects or creates, applies schema
/// migrations, and starts a run.
///
/// # Errors
/// The database cannot be opened or reached, a migration failed, or the
/// output directory cannot be created.
pub fn open_sink(target: &SinkTarget, options: &SinkOptions) -> std::result::Result<Box<dyn Sink + Send>, SinkError> {
    let sink: Box<dyn Sink + Send> = match target {
        SinkTarget::Sqlite(path) => {
            let mut builder = SqliteSinkBuilder::new(path).batch_size(options.batch_size);
            if let Some(command) = &options.command {
                builder = builder.command(command.clone());
            }
            Box::new(builder.build()?)
        }
        SinkTarget::Postgres(url) => {
            let mut builder = PostgresSinkBuilder::new(url)?.batch_size(options.batch_size);
            if let Some(command) = &options.command {
                builder = builder.command(command.clone());
            }
            Box::new(builder.build()?)
        }
        SinkTarget::Csv(dir) => Box::new(CsvSink::create(dir, Delimiter::Comma)?),
        SinkTarget::Tsv(dir) => Box::new(CsvSink::create(dir, Delimiter::Tab)?),
    };
    Ok(sink)
}

/// Writes every record to several sinks in turn (say, JSONL to stdout and a
/// database); `finish` finishes them all and reports the first error.
pub struct Tee {
    sinks: Vec<Box<dyn Sink>>,
}

impl Tee {
    /// A sink that writes to each of `sinks`, in order.
    pub fn new(sinks: Vec<Box<dyn Sink>>) -> Tee {
        Tee { sinks }
    }
}

impl Sink for Tee {
    fn write(&mut self, record: &Record) -> Result<()> {
        for sink in &mut self.sinks {
            sink.write(record)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let mut first = Ok(());
        for sink in &mut self.sinks {
            let result = sink.finish();
            if first.is_ok() {
                first = result;
            }
        }
        first
    }

    /// The counts of the first sink that counts.
    fn stats(&self) -> Option<LoadStats> {
        self.sinks.iter().find_map(|s| s.stats())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    struct Counting(Arc<AtomicUsize>, bool);

    impl Sink for Counting {
        fn write(&mut self, _: &Record) -> Result<()> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }

        fn finish(&mut self) -> Result<()> {
            if self.1 {
                Err(SinkError::Closed.into())
            } else {
                Ok(())
            }
        }
    }

    #[test]
    fn tee_writes_to_every_sink_and_finishes_them_all() {
        let (a, b) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let mut tee = Tee::new(vec![
            Box::new(Counting(a.clone(), true)),
            Box::new(Counting(b.clone(), false)),
        ]);
        tee.write(&Record::default()).unwrap();
        assert!(tee.finish().is_err(), "the first error is reported");
        assert_eq!((a.load(Ordering::SeqCst), b.load(Ordering::SeqCst)), (1, 1));
        assert_eq!(tee.stats(), None);
    }

    #[test]
    fn targets_describe_themselves_without_passwords() {
        let pg = SinkTarget::Postgres("postgresql://u:secret@localhost/db".into());
        assert_eq!(pg.describe(), "PostgreSQL database postgresql://u:***@localhost/db");
        assert_eq!(SinkTarget::Tsv("out".into()).describe(), "out/events.tsv");
    }
}

/// Keeps records in memory, in the order written (for `accord eval` without
/// `--pred`, and for tests).
#[derive(Debug, Default)]
pub struct VecSink(pub Vec<Record>);

impl Sink for VecSink {
    fn write(&mut self, record: &Record) -> Result<()> {
        self.0.push(record.clone());
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}
