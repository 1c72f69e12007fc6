//! PostgreSQL sink: records → the normalised schema in a PostgreSQL database.
//!
//! The same schema and migrations as SQLite (`schema/migrations/`), written with
//! the synchronous `postgres` client: per batch, one transaction that looks up
//! the batch's ids that are already stored (one query), deletes them (one
//! statement; their rows go by `ON DELETE CASCADE`), and streams the new rows
//! with binary `COPY ... FROM STDIN`, one COPY per table. Batching and
//! replacement follow the rules in the [`db`](super::db) module docs.
//!
//! Two loaders writing the *same* document ids at the same moment can make one
//! batch fail on the primary key (it waits for the other's delete, then
//! collides with its insert); that batch is rolled back and a re-run completes
//! it. Loaders of different documents do not interfere. Connections are made
//! without TLS (`NoTls`): use a server on loopback or a trusted network.

use std::collections::HashMap;

use ::postgres::binary_copy::BinaryCopyInWriter;
use ::postgres::types::{ToSql, Type};
use ::postgres::{Client, Config, NoTls, Transaction};

use super::db::{
    Backend, BatchCounts, DbSink, DbSinkBuilder, LoadStats, RunStart, CREATE_MIGRATIONS_TABLE, MIGRATIONS,
    SCHEMA_VERSION,
};
use super::error::SinkError;
use super::rows::{utc_now, DocRows};
use super::Sink;
use crate::record::Record;

/// Key of the advisory lock that serialises concurrent migrations.
const MIGRATION_LOCK: i64 = 0x6163_636f_7264; // "accord"

/// Options for a [`PostgresSink`]; [`build`](PostgresSinkBuilder::build)
/// connects, migrates the database and starts a run.
pub type PostgresSinkBuilder = DbSinkBuilder<Config>;

impl DbSinkBuilder<Config> {
    /// A sink for the database at `url`: `postgresql://user:password@host:port/db`
    /// or the key-value form `host=... user=... dbname=...`.
    ///
    /// # Errors
    /// The URL does not parse.
    pub fn new(url: &str) -> Result<PostgresSinkBuilder, SinkError> {
        let config: Config = url
            .parse()
            .map_err(|e| SinkError::Config(format!("invalid PostgreSQL URL {}: {e}", redact_url(url))))?;
        Ok(PostgresSinkBuilder::with_config(config))
    }

    /// A sink for the database a parsed client configuration names.
    pub fn with_config(config: Config) -> PostgresSinkBuilder {
        DbSinkBuilder::to(config)
    }

    /// Connects, applies missing migrations and starts a run.
    ///
    /// # Errors
    /// The server cannot be reached or refuses the login, a migration failed,
    /// the schema is newer than this build, or the batch size is 0.
    pub fn build(self) -> Result<PostgresSink, SinkError> {
        let mut client = self.target.connect(NoTls)?;
        migrate_postgres(&mut client)?;
        let inner = DbSink::start(PostgresBackend { client }, self.batch_size, self.command)?;
        Ok(PostgresSink { inner })
    }
}

/// Writes records to a PostgreSQL database; see [`PostgresSinkBuilder`].
pub struct PostgresSink {
    inner: DbSink<PostgresBackend>,
}

impl PostgresSink {
    /// Counts of what was committed so far.
    pub fn stats(&self) -> LoadStats {
        self.inner.stats()
    }

    /// This load's id in the `runs` table.
    pub fn run_id(&self) -> i64 {
        self.inner.run_id()
    }
}

impl Sink for PostgresSink {
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

/// Applies the migrations a database lacks, in one transaction under an
/// advisory lock (so concurrent loaders do not race), and returns the schema
/// version it is at afterwards.
///
/// # Errors
/// A migration failed (the database is left as it was), or the database has
/// a newer schema than this build knows.
pub fn migrate_postgres(client: &mut Client) -> Result<u32, SinkError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute(CREATE_MIGRATIONS_TABLE)?;
    let found: i32 = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?
        .get(0);
    let found = u32::try_from(found).unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(SinkError::SchemaTooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > found) {
        let version = i32::try_from(m.version).unwrap_or(i32::MAX);
        let applied = tx.batch_execute(m.sql).and_then(|()| {
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[&version, &m.name, &utc_now()],
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

/// A URL with its password replaced by `***`, for messages and logs.
pub fn redact_url(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let authority = &rest[..authority_end];
        if let Some(at) = authority.rfind('@') {
            if let Some(colon) = authority[..at].find(':') {
                return format!("{}{}:***{}", &url[..scheme_end + 3], &authority[..colon], &rest[at..]);
            }
        }
        return url.to_owned();
    }
    // Key-value form: `password=secret` or `password='se cret'`.
    let mut out = Vec::new();
    for part in url.split_whitespace() {
        if part.starts_with("password=") {
            out.push("password=***");
        } else {
            out.push(part);
        }
    }
    out.join(" ")
}

struct PostgresBackend {
    client: Client,
}

/// Streams rows into one table with binary COPY.
fn copy_rows(
    tx: &mut Transaction<'_>,
    table: &str,
    columns: &str,
    types: &[Type],
    rows: &mut dyn Iterator<Item = Vec<&(dyn ToSql + Sync)>>,
) -> Result<u64, SinkError> {
    let query = format!("COPY {table} ({columns}) FROM STDIN (FORMAT binary)");
    let sink = tx.copy_in(query.as_str())?;
    let mut writer = BinaryCopyInWriter::new(sink, types);
    for row in rows {
        writer.write(&row)?;
    }
    Ok(writer.finish()?)
}

impl Backend for PostgresBackend {
    fn start_run(&mut self, run: &RunStart) -> Result<i64, SinkError> {
        let mut tx = self.client.transaction()?;
        // Run ids are MAX + 1: serialise concurrent loaders on this one insert.
        tx.batch_execute("LOCK TABLE runs IN EXCLUSIVE MODE")?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO runs (id, started_at, status, accord_version, command)
                 SELECT COALESCE(MAX(id), 0) + 1, $1, 'running', $2, $3 FROM runs RETURNING id",
                &[&run.started_at, &run.accord_version, &run.command],
            )?
            .get(0);
        tx.commit()?;
        Ok(id)
    }

    fn load_batch(&mut self, run_id: i64, docs: &[DocRows], models: &str) -> Result<BatchCounts, SinkError> {
        // Dropping `tx` on any error rolls the whole batch back.
        let mut tx = self.client.transaction()?;
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        let old: HashMap<String, String> = tx
            .query("SELECT id, content_sha256 FROM documents WHERE id = ANY($1)", &[&ids])?
            .into_iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();
        let mut counts = BatchCounts::default();
        if !old.is_empty() {
            let stale: Vec<&str> = old.keys().map(String::as_str).collect();
            tx.execute("DELETE FROM documents WHERE id = ANY($1)", &[&stale])?;
            for d in docs {
                if let Some(hash) = old.get(&d.id) {
                    counts.replaced += 1;
                    counts.changed += u64::from(*hash != d.sha256);
                }
            }
        }
        let loaded_at = utc_now();
        copy_rows(
            &mut tx,
            "documents",
            "id, content_sha256, title, date, source, url, text, sentences, error_kind, error_message, \
             accord_version, models, tokens, extra, run_id, loaded_at",
            &[
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::TEXT,
                Type::INT8,
                Type::TEXT,
            ],
            &mut docs.iter().map(|d| {
                vec![
                    &d.id as &(dyn ToSql + Sync),
                    &d.sha256,
                    &d.title,
                    &d.date,
                    &d.source,
                    &d.url,
                    &d.text,
                    &d.sentences,
                    &d.error_kind,
                    &d.error_message,
                    &d.accord_version,
                    &d.models,
                    &d.tokens,
                    &d.extra,
                    &run_id,
                    &loaded_at,
                ]
            }),
        )?;
        copy_rows(
            &mut tx,
            "entities",
            "doc_id, entity_id, start_char, end_char, text, type, country, sector, confidence, value",
            &[
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::FLOAT8,
                Type::TEXT,
            ],
            &mut docs.iter().flat_map(|d| {
                d.entities.iter().map(move |e| {
                    vec![
                        &d.id as &(dyn ToSql + Sync),
                        &e.entity_id,
                        &e.start,
                        &e.end,
                        &e.text,
                        &e.kind,
                        &e.country,
                        &e.sector,
                        &e.confidence,
                        &e.value,
                    ]
                })
            }),
        )?;
        copy_rows(
            &mut tx,
            "events",
            "doc_id, event_id, type, date, mode, context, trigger_start, trigger_end, trigger_text, sentence, \
             confidence, cameo",
            &[
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::INT8,
                Type::INT8,
                Type::TEXT,
                Type::INT8,
                Type::FLOAT8,
                Type::TEXT,
            ],
            &mut docs.iter().flat_map(|d| {
                d.events.iter().map(move |e| {
                    vec![
                        &d.id as &(dyn ToSql + Sync),
                        &e.event_id,
                        &e.kind,
                        &e.date,
                        &e.mode,
                        &e.context,
                        &e.trigger_start,
                        &e.trigger_end,
                        &e.trigger_text,
                        &e.sentence,
                        &e.confidence,
                        &e.cameo,
                    ]
                })
            }),
        )?;
        copy_rows(
            &mut tx,
            "event_actors",
            "doc_id, event_id, role, position, entity_id",
            &[Type::TEXT, Type::TEXT, Type::TEXT, Type::INT4, Type::TEXT],
            &mut docs.iter().flat_map(|d| {
                d.actors.iter().map(move |a| {
                    vec![
                        &d.id as &(dyn ToSql + Sync),
                        &a.event_id,
                        &a.role,
                        &a.position,
                        &a.entity_id,
                    ]
                })
            }),
        )?;
        copy_rows(
            &mut tx,
            "commitments",
            "doc_id, event_id, depth, amount_value, currency, amount_text, amount_entity, period_start, \
             period_end, period_text, theme, status, year",
            &[
                Type::TEXT,
                Type::TEXT,
                Type::INT4,
                Type::FLOAT8,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::TEXT,
                Type::INT4,
            ],
            &mut docs.iter().flat_map(|d| {
                d.commitments.iter().map(move |c| {
                    vec![
                        &d.id as &(dyn ToSql + Sync),
                        &c.event_id,
                        &c.depth,
                        &c.amount_value,
                        &c.currency,
                        &c.amount_text,
                        &c.amount_entity,
                        &c.period_start,
                        &c.period_end,
                        &c.period_text,
                        &c.theme,
                        &c.status,
                        &c.year,
                    ]
                })
            }),
        )?;
        tx.execute(
            "UPDATE runs SET documents = documents + $1, models = $2 WHERE id = $3",
            &[&(docs.len() as i64), &models, &run_id],
        )?;
        tx.commit()?;
        Ok(counts)
    }

    fn end_run(&mut self, run_id: i64, status: &str, finished_at: &str) -> Result<(), SinkError> {
        self.client.execute(
            "UPDATE runs SET status = $1, finished_at = $2 WHERE id = $3",
            &[&status, &finished_at, &run_id],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        for (url, want) in [
            (
                "postgresql://accord:secret@127.0.0.1:5432/accord",
                "postgresql://accord:***@127.0.0.1:5432/accord",
            ),
            ("postgres://u@h/db", "postgres://u@h/db"),
            ("postgres://h/db?user=u", "postgres://h/db?user=u"),
            (
                "host=h user=u password=secret dbname=d",
                "host=h user=u password=*** dbname=d",
            ),
        ] {
            assert_eq!(redact_url(url), want);
        }
    }
}
