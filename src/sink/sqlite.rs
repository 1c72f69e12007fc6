//! SQLite sink: records → the normalised schema in one database file.
//!
//! The embedded default (`--sqlite out.db`). The database runs in WAL mode
//! (readers see the last committed batch while a load goes on) with
//! `synchronous = NORMAL`: a committed batch survives a crash of accord, and
//! after a power loss the database is intact though its last batches may be
//! gone, which a re-load restores. Batching and replacement follow the rules
//! in the [`db`](super::db) module docs. Offsets are char offsets, as in records.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use super::db::{
    Backend, BatchCounts, DbSink, DbSinkBuilder, LoadStats, RunStart, CREATE_MIGRATIONS_TABLE, MIGRATIONS,
    SCHEMA_VERSION,
};
use super::error::SinkError;
use super::rows::{utc_now, DocRows};
use super::Sink;
use crate::record::Record;

/// Options for a [`SqliteSink`]; [`build`](SqliteSinkBuilder::build) opens
/// (or creates) the database, migrates it and starts a run.
///
/// # Example
/// ```
/// use accord::sink::{Sink, SqliteSinkBuilder};
/// use accord::Record;
///
/// let dir = tempfile::tempdir()?;
/// let mut sink = SqliteSinkBuilder::new(dir.path().join("events.db")).batch_size(100).build()?;
/// sink.write(&Record { id: "d1".into(), text: "Modi met Ishiba.".into(), ..Record::default() })?;
/// sink.finish()?;
/// assert_eq!(sink.stats().documents, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type SqliteSinkBuilder = DbSinkBuilder<PathBuf>;

impl DbSinkBuilder<PathBuf> {
    /// A sink writing to the database file `path` (created when missing).
    pub fn new(path: impl Into<PathBuf>) -> SqliteSinkBuilder {
        DbSinkBuilder::to(path.into())
    }

    /// Opens the database, applies missing migrations and starts a run.
    ///
    /// # Errors
    /// The file cannot be opened, is not a database, a migration failed, the
    /// schema is newer than this build, or the batch size is 0.
    pub fn build(self) -> Result<SqliteSink, SinkError> {
        let mut conn = open(&self.target)?;
        migrate_sqlite(&mut conn)?;
        let inner = DbSink::start(SqliteBackend { conn }, self.batch_size, self.command)?;
        Ok(SqliteSink { inner })
    }
}

/// Writes records to a SQLite database; see [`SqliteSinkBuilder`].
pub struct SqliteSink {
    inner: DbSink<SqliteBackend>,
}

impl SqliteSink {
    /// Counts of what was committed so far.
    pub fn stats(&self) -> LoadStats {
        self.inner.stats()
    }

    /// This load's id in the `runs` table.
    pub fn run_id(&self) -> i64 {
        self.inner.run_id()
    }

    /// The connection, for queries after (or between) loads.
    pub fn connection(&self) -> &Connection {
        &self.inner.backend().conn
    }
}

impl Sink for SqliteSink {
    fn write(&mut self, record: &Record) -> crate::Result<()> {
        Ok(self.inner.write(record)?)
    }

    fn finish(&mut self) -> crate::Result<()> {
        Ok(self.inner.finish()?)
    }

    fn stats(&self) -> Option<LoadStats> {
        Some(self.inner.stats())
    }
}

/// Opens a database file the way the sink does: WAL, `synchronous = NORMAL`,
/// foreign keys enforced, a 64 MiB page cache, and a 10 s wait when another
/// writer holds the lock.
///
/// # Errors
/// The file cannot be opened or is not a SQLite database.
pub fn open(path: &Path) -> Result<Connection, SinkError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // `journal_mode` answers with the mode in force (`memory` for in-memory databases).
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    // A 64 MiB page cache keeps the indexes' hot pages in memory during bulk loads.
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;")?;
    Ok(conn)
}

/// Applies the migrations a database lacks, all in one transaction, and
/// returns the schema version it is at afterwards.
///
/// # Errors
/// A migration failed (the database is left as it was), or the database has
/// a newer schema than this build knows.
pub fn migrate_sqlite(conn: &mut Connection) -> Result<u32, SinkError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(CREATE_MIGRATIONS_TABLE)?;
    let found: u32 = tx.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |row| {
        row.get(0)
    })?;
    if found > SCHEMA_VERSION {
        return Err(SinkError::SchemaTooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > found) {
        let applied = tx.execute_batch(m.sql).and_then(|()| {
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![m.version, m.name, utc_now()],
            )
        });
        if let Err(e) = applied {
            return Err(SinkError::Migration {
                version: m.version,
                name: m.name,
                source: Box::new(e.into()),
            });
        }
    }
    tx.commit()?;
    Ok(SCHEMA_VERSION)
}

struct SqliteBackend {
    conn: Connection,
}

const INSERT_DOCUMENT: &str = "INSERT INTO documents (id, content_sha256, title, date, source, url, text, sentences,
    error_kind, error_message, accord_version, models, tokens, extra, run_id, loaded_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)";
const INSERT_ENTITY: &str = "INSERT INTO entities (doc_id, entity_id, start_char, end_char, text, type, country,
    sector, confidence, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const INSERT_EVENT: &str = "INSERT INTO events (doc_id, event_id, type, date, mode, context, trigger_start,
    trigger_end, trigger_text, sentence, confidence, cameo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
const INSERT_ACTOR: &str =
    "INSERT INTO event_actors (doc_id, event_id, role, position, entity_id) VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_COMMITMENT: &str = "INSERT INTO commitments (doc_id, event_id, depth, amount_value, currency,
    amount_text, amount_entity, period_start, period_end, period_text, theme, status, year)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

impl SqliteBackend {
    /// Replaces one document inside the batch's transaction; returns whether
    /// it was there before, and whether its text changed.
    fn put(conn: &Connection, run_id: i64, loaded_at: &str, d: &DocRows) -> Result<(bool, bool), SinkError> {
        let old: Option<String> = conn
            .prepare_cached("SELECT content_sha256 FROM documents WHERE id = ?1")?
            .query_row([&d.id], |row| row.get(0))
            .optional()?;
        if old.is_some() {
            conn.prepare_cached("DELETE FROM documents WHERE id = ?1")?
                .execute([&d.id])?;
        }
        conn.prepare_cached(INSERT_DOCUMENT)?.execute(params![
            d.id,
            d.sha256,
            d.title,
            d.date,
            d.source,
            d.url,
            d.text,
            d.sentences,
            d.error_kind,
            d.error_message,
            d.accord_version,
            d.models,
            d.tokens,
            d.extra,
            run_id,
            loaded_at
        ])?;
        let mut insert = conn.prepare_cached(INSERT_ENTITY)?;
        for e in &d.entities {
            insert.execute(params![
                d.id,
                e.entity_id,
                e.start,
                e.end,
                e.text,
                e.kind,
                e.country,
                e.sector,
                e.confidence,
                e.value
            ])?;
        }
        let mut insert = conn.prepare_cached(INSERT_EVENT)?;
        for e in &d.events {
            insert.execute(params![
                d.id,
                e.event_id,
                e.kind,
                e.date,
                e.mode,
                e.context,
                e.trigger_start,
                e.trigger_end,
                e.trigger_text,
                e.sentence,
                e.confidence,
                e.cameo
            ])?;
        }
        let mut insert = conn.prepare_cached(INSERT_ACTOR)?;
        for a in &d.actors {
            insert.execute(params![d.id, a.event_id, a.role, a.position, a.entity_id])?;
        }
        let mut insert = conn.prepare_cached(INSERT_COMMITMENT)?;
        for c in &d.commitments {
            insert.execute(params![
                d.id,
                c.event_id,
                c.depth,
                c.amount_value,
                c.currency,
                c.amount_text,
                c.amount_entity,
                c.period_start,
                c.period_end,
                c.period_text,
                c.theme,
                c.status,
                c.year
            ])?;
        }
        Ok((old.is_some(), old.is_some_and(|hash| hash != d.sha256)))
    }
}

impl Backend for SqliteBackend {
    fn start_run(&mut self, run: &RunStart) -> Result<i64, SinkError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id: i64 = tx.query_row(
            "INSERT INTO runs (id, started_at, status, accord_version, command)
             SELECT COALESCE(MAX(id), 0) + 1, ?1, 'running', ?2, ?3 FROM runs RETURNING id",
            params![run.started_at, run.accord_version, run.command],
            |row| row.get(0),
        )?;
        tx.commit()?;
        Ok(id)
    }

    fn load_batch(&mut self, run_id: i64, docs: &[DocRows], models: &str) -> Result<BatchCounts, SinkError> {
        // Immediate: take the write lock now rather than fail to upgrade later.
        // Dropping `tx` on any error rolls the whole batch back.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let loaded_at = utc_now();
        let mut counts = BatchCounts::default();
        for d in docs {
            let (replaced, changed) =
                SqliteBackend::put(&tx, run_id, &loaded_at, d).map_err(|e| e.on_document(&d.id))?;
            counts.replaced += u64::from(replaced);
            counts.changed += u64::from(changed);
        }
        tx.execute(
            "UPDATE runs SET documents = documents + ?1, models = ?2 WHERE id = ?3",
            params![docs.len() as i64, models, run_id],
        )?;
        tx.commit()?;
        Ok(counts)
    }

    fn end_run(&mut self, run_id: i64, status: &str, finished_at: &str) -> Result<(), SinkError> {
        self.conn.execute(
            "UPDATE runs SET status = ?1, finished_at = ?2 WHERE id = ?3",
            params![status, finished_at, run_id],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_applies_each_migration_once_and_newer_schemas_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = open(&path).unwrap();
        assert_eq!(migrate_sqlite(&mut conn).unwrap(), SCHEMA_VERSION);
        assert_eq!(migrate_sqlite(&mut conn).unwrap(), SCHEMA_VERSION);
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, MIGRATIONS.len() as i64);
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?1, 'future', 'x')",
            [SCHEMA_VERSION + 1],
        )
        .unwrap();
        assert!(matches!(migrate_sqlite(&mut conn), Err(SinkError::SchemaTooNew { .. })));
    }
}
