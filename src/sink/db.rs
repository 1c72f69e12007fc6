//! What the SQLite and PostgreSQL sinks share: the migrations, the batching
//! and its transaction rules, and the load statistics.
//!
//! **Loads are idempotent and all-or-nothing per batch.** Records are buffered
//! and written `batch_size` documents (default [`DEFAULT_BATCH_SIZE`]) per
//! transaction. In that transaction each document that is already in the
//! database (same `id`) is deleted with all its rows (`ON DELETE CASCADE`) and
//! inserted again, so loading the same input twice leaves the same rows, never
//! duplicates. A document whose text changed (another SHA-256) is replaced too,
//! and counted in [`LoadStats::changed`]. If anything in a batch fails, the
//! transaction is rolled back: nothing of that batch is in the database, the
//! documents it would have replaced are still there as they were, the batches
//! before it stay committed, and the sink refuses further records. Loading the
//! same input again completes the load. A process killed mid-batch leaves the
//! same state (the open transaction is never committed), with its run still
//! marked `running`.

use std::collections::{BTreeSet, HashSet};
use std::fmt;

use super::error::SinkError;
use super::rows::{utc_now, DocRows};
use crate::record::{DocErrorKind, Record};

/// Documents per transaction unless configured otherwise.
pub const DEFAULT_BATCH_SIZE: usize = 500;

/// Options of a database sink: where it writes (`T`: a SQLite file path or a
/// PostgreSQL client configuration), documents per transaction, and the
/// command recorded for the run. Each backend adds its constructor and
/// `build` ([`SqliteSinkBuilder`](super::SqliteSinkBuilder),
/// [`PostgresSinkBuilder`](super::PostgresSinkBuilder)).
#[derive(Debug, Clone)]
pub struct DbSinkBuilder<T> {
    pub(super) target: T,
    pub(super) batch_size: usize,
    pub(super) command: Option<String>,
}

impl<T> DbSinkBuilder<T> {
    /// Default options for a sink writing to `target`.
    pub(super) fn to(target: T) -> DbSinkBuilder<T> {
        DbSinkBuilder {
            target,
            batch_size: DEFAULT_BATCH_SIZE,
            command: None,
        }
    }

    /// Documents per transaction (default 500).
    pub fn batch_size(mut self, batch_size: usize) -> DbSinkBuilder<T> {
        self.batch_size = batch_size;
        self
    }

    /// What to record as the run's command (say, the command line).
    pub fn command(mut self, command: impl Into<String>) -> DbSinkBuilder<T> {
        self.command = Some(command.into());
        self
    }
}

/// One versioned schema migration from `schema/migrations/`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Version, the file's number; migrations run in this order.
    pub version: u32,
    /// Short name, the rest of the file name.
    pub name: &'static str,
    /// The SQL, portable between SQLite and PostgreSQL.
    pub sql: &'static str,
}

/// Every migration, oldest first. The SQL files are compiled in, so a binary
/// can create or upgrade a database wherever it runs.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "initial",
    sql: include_str!("../../schema/migrations/0001_initial.sql"),
}];

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: u32 = 1;

/// Creates the bookkeeping table of applied migrations.
pub(crate) const CREATE_MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

/// Counts of one load, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Documents written (new and replaced).
    pub documents: u64,
    /// Of those, documents whose id was already in the database.
    pub replaced: u64,
    /// Of the replaced, documents whose text (SHA-256) differed from the stored one.
    pub changed: u64,
    /// Records not written: `duplicate_id` error records, which stand for a
    /// second copy of a document already written in the same run.
    pub skipped: u64,
    /// Entity rows written.
    pub entities: u64,
    /// Event rows written (for CSV/TSV: event rows).
    pub events: u64,
    /// Commitment rows written.
    pub commitments: u64,
    /// Transactions committed.
    pub batches: u64,
}

impl fmt::Display for LoadStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.batches == 0 {
            // A flat file: nothing is replaced, and events are all it has rows for.
            return write!(f, "{} documents, {} events", self.documents, self.events);
        }
        write!(
            f,
            "{} documents ({} new, {} replaced",
            self.documents,
            self.documents - self.replaced,
            self.replaced
        )?;
        if self.changed > 0 {
            write!(f, ", {} of them with changed text", self.changed)?;
        }
        write!(f, "), {} events, {} commitments", self.events, self.commitments)?;
        if self.skipped > 0 {
            write!(f, ", {} duplicate-id records skipped", self.skipped)?;
        }
        write!(f, " in {} transactions", self.batches)
    }
}

/// What a batch did, as the backend saw it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct BatchCounts {
    pub replaced: u64,
    pub changed: u64,
}

/// A run's description, written to `runs` when the sink opens.
#[derive(Debug, Clone)]
pub(crate) struct RunStart {
    pub started_at: String,
    pub accord_version: &'static str,
    pub command: Option<String>,
}

/// A database that stores batches of documents in one transaction each.
pub(crate) trait Backend {
    /// Inserts the `runs` row (status `running`) and returns its id.
    fn start_run(&mut self, run: &RunStart) -> Result<i64, SinkError>;

    /// Writes `docs` in one transaction, replacing documents with the same ids,
    /// and adds `docs.len()` to the run's document count and sets its model list.
    /// On error nothing of the batch is left.
    fn load_batch(&mut self, run_id: i64, docs: &[DocRows], models: &str) -> Result<BatchCounts, SinkError>;

    /// Sets the run's status and finish time.
    fn end_run(&mut self, run_id: i64, status: &str, finished_at: &str) -> Result<(), SinkError>;
}

/// The batching sink over a [`Backend`].
pub(crate) struct DbSink<B> {
    backend: B,
    run_id: i64,
    batch_size: usize,
    pending: Vec<DocRows>,
    pending_ids: HashSet<String>,
    models: BTreeSet<String>,
    stats: LoadStats,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Failed,
    Finished,
}

impl<B: Backend> DbSink<B> {
    /// Starts a run on an already migrated database.
    pub fn start(mut backend: B, batch_size: usize, command: Option<String>) -> Result<DbSink<B>, SinkError> {
        if batch_size == 0 {
            return Err(SinkError::Config("the batch size must be at least 1".into()));
        }
        let run_id = backend.start_run(&RunStart {
            started_at: utc_now(),
            accord_version: env!("CARGO_PKG_VERSION"),
            command,
        })?;
        Ok(DbSink {
            backend,
            run_id,
            batch_size,
            pending: Vec::with_capacity(batch_size),
            pending_ids: HashSet::with_capacity(batch_size),
            models: BTreeSet::new(),
            stats: LoadStats::default(),
            state: State::Open,
        })
    }

    /// The id of this load in the `runs` table.
    pub fn run_id(&self) -> i64 {
        self.run_id
    }

    /// Counts so far (committed batches only).
    pub fn stats(&self) -> LoadStats {
        self.stats
    }

    /// The backend, for the sinks' own accessors.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Buffers one record, committing a batch when it is full.
    pub fn write(&mut self, record: &Record) -> Result<(), SinkError> {
        if self.state != State::Open {
            return Err(SinkError::Closed);
        }
        if record
            .error
            .as_ref()
            .is_some_and(|e| e.kind == DocErrorKind::DuplicateId)
        {
            self.stats.skipped += 1;
            return Ok(());
        }
        let rows = match DocRows::from_record(record) {
            Ok(rows) => rows,
            Err(error) => return Err(self.fail(Some(record.id.as_str()), error)),
        };
        // The same id twice in one batch would collide on the primary key:
        // commit what came before, so the later record replaces the earlier.
        if self.pending_ids.contains(&rows.id) {
            self.flush()?;
        }
        self.pending_ids.insert(rows.id.clone());
        self.pending.push(rows);
        if self.pending.len() >= self.batch_size {
            self.flush()?;
        }
        Ok(())
    }

    /// Commits the buffered batch and closes the run as `finished`.
    pub fn finish(&mut self) -> Result<(), SinkError> {
        match self.state {
            State::Finished => return Ok(()),
            State::Failed => return Err(SinkError::Closed),
            State::Open => {}
        }
        self.flush()?;
        self.backend.end_run(self.run_id, "finished", &utc_now())?;
        self.state = State::Finished;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        for rows in &self.pending {
            self.models.extend(rows.model_list.iter().cloned());
        }
        let models = serde_json::to_string(&self.models).unwrap_or_else(|_| "[]".into());
        match self.backend.load_batch(self.run_id, &self.pending, &models) {
            Ok(counts) => {
                let stats = &mut self.stats;
                stats.documents += self.pending.len() as u64;
                stats.replaced += counts.replaced;
                stats.changed += counts.changed;
                for rows in &self.pending {
                    stats.entities += rows.entities.len() as u64;
                    stats.events += rows.events.len() as u64;
                    stats.commitments += rows.commitments.len() as u64;
                }
                stats.batches += 1;
                self.pending.clear();
                self.pending_ids.clear();
                Ok(())
            }
            Err(error) => Err(self.fail(None, error)),
        }
    }

    /// Drops the pending batch, marks the run failed, closes the sink.
    fn fail(&mut self, extra_id: Option<&str>, error: SinkError) -> SinkError {
        let count = self.pending.len() + usize::from(extra_id.is_some());
        let first = self
            .pending
            .first()
            .map(|d| d.id.as_str())
            .or(extra_id)
            .unwrap_or_default();
        let last = extra_id
            .or(self.pending.last().map(|d| d.id.as_str()))
            .unwrap_or_default();
        let error = SinkError::Batch {
            count,
            first: first.to_owned(),
            last: last.to_owned(),
            source: Box::new(error),
        };
        self.pending.clear();
        self.pending_ids.clear();
        self.state = State::Failed;
        // Best effort: the batch error is what matters, and the connection may be gone.
        let _ = self.backend.end_run(self.run_id, "failed", &utc_now());
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_compiled_in_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/migrations");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{:04}_{}.sql", m.version, m.name))
            .collect();
        assert_eq!(files, listed);
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
        }
        assert_eq!(MIGRATIONS.last().map(|m| m.version), Some(SCHEMA_VERSION));
    }

    #[test]
    fn stats_read_as_a_sentence() {
        let stats = LoadStats {
            documents: 10,
            replaced: 3,
            changed: 1,
            skipped: 2,
            entities: 40,
            events: 7,
            commitments: 1,
            batches: 2,
        };
        assert_eq!(
            stats.to_string(),
            "10 documents (7 new, 3 replaced, 1 of them with changed text), 7 events, 1 commitments, \
             2 duplicate-id records skipped in 2 transactions"
        );
        let flat = LoadStats {
            documents: 4,
            events: 9,
            ..LoadStats::default()
        };
        assert_eq!(flat.to_string(), "4 documents, 9 events");
    }
}
