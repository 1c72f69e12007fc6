//! Database and flat-file sinks: JSONL → SQLite / PostgreSQL → query round
//! trips, idempotent re-loads, all-or-nothing batches, the JSON Schema of the
//! record, the README's example queries, and `accord export`.
//!
//! PostgreSQL tests run against a real server named by ACCORD_TEST_POSTGRES_URL
//! (`export ACCORD_TEST_POSTGRES_URL="$(bash scripts/postgres.sh)"`); each test
//! creates and drops its own database. Without the variable they are skipped,
//! except under CI=true, where they fail.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use accord::record::{DocErrorKind, Record};
use accord::sink::{
    event_row, CsvSink, Delimiter, LoadStats, PostgresSinkBuilder, Sink, SinkError, SqliteSinkBuilder, EVENT_COLUMNS,
};
use serde_json::Value;

use crate::util::{accord, accord_ok, data};

// ---------------------------------------------------------------- fixtures

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read_records(path: &Path) -> Vec<Record> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The 87 gold documents and the India–Japan seed: events, actors, commitments
/// with `previous`, unknown fields.
fn corpus() -> Vec<Record> {
    let mut records = read_records(&data("seed.jsonl"));
    for split in ["train", "dev", "test"] {
        records.extend(read_records(&repo(&format!("eval/gold/{split}.jsonl"))));
    }
    records
}

fn load(sink: &mut dyn Sink, records: &[Record]) -> Result<(), SinkError> {
    for record in records {
        sink.write(record).map_err(unwrap_sink_error)?;
    }
    sink.finish().map_err(unwrap_sink_error)
}

fn unwrap_sink_error(error: accord::Error) -> SinkError {
    SinkError::recover(error).unwrap_or_else(|other| panic!("not a sink error: {other}"))
}

fn load_sqlite(path: &Path, records: &[Record], batch_size: usize) -> Result<LoadStats, SinkError> {
    let mut sink = SqliteSinkBuilder::new(path).batch_size(batch_size).build()?;
    let result = load(&mut sink, records);
    result.map(|()| sink.stats())
}

/// An error chain as one line, for assertions on messages.
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        out += &format!(": {e}");
        next = e.source();
    }
    out
}

// ------------------------------------------------- one query API for both DBs

/// A column value, the same whichever database it came from.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum V {
    Null,
    I(i64),
    F(f64),
    T(String),
}

impl From<Option<&str>> for V {
    fn from(s: Option<&str>) -> V {
        s.map_or(V::Null, |s| V::T(s.to_owned()))
    }
}

fn t(s: &str) -> V {
    V::T(s.to_owned())
}

fn i(n: usize) -> V {
    V::I(n as i64)
}

trait Db {
    /// Rows of a query, each column as a [`V`].
    fn rows(&mut self, sql: &str) -> Vec<Vec<V>>;

    /// Rows sorted, so that collation differences between databases do not matter.
    fn sorted(&mut self, sql: &str) -> Vec<Vec<V>> {
        let mut rows = self.rows(sql);
        rows.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        rows
    }

    fn count(&mut self, table: &str) -> i64 {
        match self.rows(&format!("SELECT COUNT(*) FROM {table}"))[0][0] {
            V::I(n) => n,
            ref other => panic!("count: {other:?}"),
        }
    }
}

impl Db for rusqlite::Connection {
    fn rows(&mut self, sql: &str) -> Vec<Vec<V>> {
        let mut statement = self.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = statement.column_count();
        let rows = statement
            .query_map([], |row| {
                (0..n)
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => V::Null,
                            rusqlite::types::ValueRef::Integer(n) => V::I(n),
                            rusqlite::types::ValueRef::Real(f) => V::F(f),
                            rusqlite::types::ValueRef::Text(s) => V::T(String::from_utf8_lossy(s).into_owned()),
                            rusqlite::types::ValueRef::Blob(_) => panic!("blob in {sql}"),
                        })
                    })
                    .collect()
            })
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.map(|r| r.unwrap()).collect()
    }
}

impl Db for postgres::Client {
    fn rows(&mut self, sql: &str) -> Vec<Vec<V>> {
        use postgres::types::Type;
        let rows = self.query(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.iter()
            .map(|row| {
                row.columns()
                    .iter()
                    .enumerate()
                    .map(|(i, column)| match *column.type_() {
                        Type::INT8 => row.get::<_, Option<i64>>(i).map_or(V::Null, V::I),
                        Type::INT4 => row.get::<_, Option<i32>>(i).map_or(V::Null, |n| V::I(n.into())),
                        Type::FLOAT8 => row.get::<_, Option<f64>>(i).map_or(V::Null, V::F),
                        Type::TEXT | Type::VARCHAR => V::from(row.get::<_, Option<&str>>(i)),
                        ref other => panic!("{sql}: column {} has type {other}", column.name()),
                    })
                    .collect()
            })
            .collect()
    }
}

// ------------------------------------------------------ what the rows must be

const EVENTS_SQL: &str = "SELECT doc_id, event_id, type, date, mode, context, trigger_start, trigger_end,
    trigger_text, sentence, cameo FROM events";
const ACTORS_SQL: &str = "SELECT a.doc_id, a.event_id, a.role, a.position, a.entity_id, n.text, n.country, n.sector
    FROM event_actors a JOIN entities n ON n.doc_id = a.doc_id AND n.entity_id = a.entity_id";
const COMMITMENTS_SQL: &str = "SELECT doc_id, event_id, depth, amount_value, currency, amount_text, period_start,
    period_end, theme, status, year FROM commitments";
const ENTITIES_SQL: &str = "SELECT doc_id, entity_id, start_char, end_char, text, type, country, sector FROM entities";
const DOCUMENTS_SQL: &str = "SELECT id, content_sha256, title, date, source, url, text, error_kind, extra
    FROM documents";

fn sorted(mut rows: Vec<Vec<V>>) -> Vec<Vec<V>> {
    rows.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    rows
}

fn expected_events(records: &[Record]) -> Vec<Vec<V>> {
    let mut rows = Vec::new();
    for r in records {
        for e in &r.events {
            rows.push(vec![
                t(&r.id),
                t(&e.id),
                t(e.kind.as_str()),
                V::from(r.date.as_deref()),
                V::from(e.mode.as_deref()),
                t(&serde_json::to_string(&e.context).unwrap()),
                i(e.trigger.start),
                i(e.trigger.end),
                t(&e.trigger.text),
                e.sentence.map_or(V::Null, i),
                V::from(e.cameo.as_deref()),
            ]);
        }
    }
    sorted(rows)
}

fn expected_actors(records: &[Record]) -> Vec<Vec<V>> {
    let mut rows = Vec::new();
    for r in records {
        for e in &r.events {
            let roles = [
                ("source", e.sources.clone()),
                ("target", e.targets.clone()),
                ("location", e.location.iter().cloned().collect()),
                ("time", e.time.iter().cloned().collect()),
            ];
            for (role, ids) in roles {
                for (position, id) in ids.iter().enumerate() {
                    let entity = r.entity(id).unwrap();
                    let actor = entity.actor.as_ref();
                    let sector = actor
                        .and_then(|a| a.sector)
                        .map(|s| serde_json::to_value(s).unwrap().as_str().unwrap().to_owned());
                    rows.push(vec![
                        t(&r.id),
                        t(&e.id),
                        t(role),
                        i(position),
                        t(id),
                        t(&entity.text),
                        V::from(actor.and_then(|a| a.country.as_deref())),
                        V::from(sector.as_deref()),
                    ]);
                }
            }
        }
    }
    sorted(rows)
}

fn expected_commitments(records: &[Record]) -> Vec<Vec<V>> {
    let bound = |b: &Option<accord::record::DateBound>| match b {
        Some(accord::record::DateBound::Year(y)) => t(&y.to_string()),
        Some(accord::record::DateBound::Date(d)) => t(d),
        None => V::Null,
    };
    let mut rows = Vec::new();
    for r in records {
        let year = r
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i64>().ok());
        for e in &r.events {
            let mut depth = 0;
            let mut next = e.commitment.as_ref();
            while let Some(c) = next {
                let amount = c.amount.as_ref();
                let period = c.period.as_ref();
                rows.push(vec![
                    t(&r.id),
                    t(&e.id),
                    i(depth),
                    amount.map_or(V::Null, |a| V::F(a.value)),
                    V::from(amount.map(|a| a.currency.as_str())),
                    V::from(amount.map(|a| a.text.as_str())),
                    period.map_or(V::Null, |p| bound(&p.start)),
                    period.map_or(V::Null, |p| bound(&p.end)),
                    V::from(c.theme.as_deref()),
                    c.status
                        .map_or(V::Null, |s| t(serde_json::to_value(s).unwrap().as_str().unwrap())),
                    year.map_or(V::Null, V::I),
                ]);
                depth += 1;
                next = c.previous.as_deref();
            }
        }
    }
    sorted(rows)
}

/// Every table's content, minus run ids and load times (which differ per load).
fn snapshot(db: &mut dyn Db) -> Vec<Vec<Vec<V>>> {
    [DOCUMENTS_SQL, ENTITIES_SQL, EVENTS_SQL, ACTORS_SQL, COMMITMENTS_SQL]
        .iter()
        .map(|sql| db.sorted(sql))
        .collect()
}

fn assert_round_trip(db: &mut dyn Db, records: &[Record]) {
    assert_eq!(db.count("documents"), records.len() as i64);
    let entities: usize = records.iter().map(|r| r.entities.len()).sum();
    assert_eq!(db.count("entities"), entities as i64);
    assert_eq!(db.sorted(EVENTS_SQL), expected_events(records));
    assert_eq!(db.sorted(ACTORS_SQL), expected_actors(records));
    assert_eq!(db.sorted(COMMITMENTS_SQL), expected_commitments(records));
    // Fields accord does not interpret are kept as JSON.
    let extra = db.rows("SELECT extra FROM documents WHERE id = 'kremlin-67112'");
    let V::T(extra) = &extra[0][0] else { panic!("{extra:?}") };
    let extra: Value = serde_json::from_str(extra).unwrap();
    assert_eq!(extra["origin"], "real");
}

// ------------------------------------------------------------- PostgreSQL

/// The server URL, or None (skip) when not configured outside CI.
fn postgres_url() -> Option<String> {
    match std::env::var("ACCORD_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_owned()),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => panic!(
            "ACCORD_TEST_POSTGRES_URL is unset and CI=true: PostgreSQL tests must run in CI; \
             set it with: export ACCORD_TEST_POSTGRES_URL=\"$(bash scripts/postgres.sh)\""
        ),
        _ => {
            eprintln!("skipped: ACCORD_TEST_POSTGRES_URL is unset (bash scripts/postgres.sh prints one)");
            None
        }
    }
}

/// `url` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out += &format!("?{query}");
    }
    out
}

/// A database of its own for one test, dropped at the end (even on failure).
struct TestDatabase {
    admin_url: String,
    name: String,
    url: String,
}

static CREATE_LOCK: Mutex<()> = Mutex::new(());
static NEXT_DATABASE: AtomicUsize = AtomicUsize::new(0);

impl TestDatabase {
    fn create(admin_url: &str, test: &str) -> TestDatabase {
        let name = format!(
            "accord_test_{}_{}_{test}",
            std::process::id(),
            NEXT_DATABASE.fetch_add(1, Ordering::SeqCst)
        );
        // Concurrent CREATE DATABASE can trip over each other's template copy.
        let _guard = CREATE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut admin = postgres::Client::connect(admin_url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to ACCORD_TEST_POSTGRES_URL: {e}"));
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        TestDatabase {
            admin_url: admin_url.to_owned(),
            url: with_database(admin_url, &name),
            name,
        }
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    fn load(&self, records: &[Record], batch_size: usize) -> Result<LoadStats, SinkError> {
        let mut sink = PostgresSinkBuilder::new(&self.url)?.batch_size(batch_size).build()?;
        load(&mut sink, records).map(|()| sink.stats())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

// ------------------------------------------------------------------ tests

#[test]
fn jsonl_to_sqlite_and_back_gives_every_event_actor_and_commitment() {
    let records = corpus();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.db");
    let stats = load_sqlite(&path, &records, 25).unwrap();
    assert_eq!(
        (stats.documents, stats.replaced, stats.batches),
        (records.len() as u64, 0, 4)
    );
    let mut db = accord::sink::open_sqlite(&path).unwrap();
    assert_round_trip(&mut db, &records);
    let mode = db.rows("PRAGMA journal_mode");
    assert_eq!(mode, [[t("wal")]]);
    let runs = db.rows("SELECT id, status, documents, finished_at IS NOT NULL FROM runs");
    assert_eq!(runs, [[V::I(1), t("finished"), i(records.len()), V::I(1)]]);
}

#[test]
fn jsonl_to_postgres_and_back_gives_the_same_events_as_sqlite() {
    let Some(url) = postgres_url() else { return };
    let records = corpus();
    let pg = TestDatabase::create(&url, "round_trip");
    let stats = pg.load(&records, 25).unwrap();
    assert_eq!((stats.documents, stats.batches), (records.len() as u64, 4));
    let mut client = pg.client();
    assert_round_trip(&mut client, &records);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.db");
    load_sqlite(&path, &records, 25).unwrap();
    let mut sqlite = accord::sink::open_sqlite(&path).unwrap();
    assert_eq!(snapshot(&mut client), snapshot(&mut sqlite));
}

/// Loads the corpus twice and checks every table has the same rows.
fn double_load_is_idempotent(db: &mut dyn Db, mut load: impl FnMut(&[Record]) -> LoadStats) {
    let records = corpus();
    let first = load(&records);
    let counts = |db: &mut dyn Db| {
        ["documents", "entities", "events", "event_actors", "commitments"]
            .map(|table| db.count(table))
            .to_vec()
    };
    let before = (counts(db), snapshot(db));
    let second = load(&records);
    assert_eq!((counts(db), snapshot(db)), before);
    assert_eq!(first.replaced, 0);
    assert_eq!(
        (second.documents, second.replaced, second.changed),
        (first.documents, first.documents, 0)
    );
    assert_eq!(
        db.rows("SELECT COUNT(*) FROM runs WHERE status = 'finished'"),
        [[V::I(2)]]
    );
    // Every document now belongs to the second run.
    assert_eq!(db.rows("SELECT DISTINCT run_id FROM documents"), [[V::I(2)]]);

    // A changed text under the same id replaces the document and is counted.
    let mut changed = records[..3].to_vec();
    for r in &mut changed {
        r.text.push_str(" (corrected)");
    }
    let third = load(&changed);
    assert_eq!((third.documents, third.replaced, third.changed), (3, 3, 3));
    assert_eq!(counts(db), before.0);
}

#[test]
fn loading_the_same_records_twice_into_sqlite_gives_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.db");
    let mut db = accord::sink::open_sqlite(&path).unwrap();
    accord::sink::migrate_sqlite(&mut db).unwrap();
    double_load_is_idempotent(&mut db, |records| load_sqlite(&path, records, 30).unwrap());
}

#[test]
fn loading_the_same_records_twice_into_postgres_gives_the_same_rows() {
    let Some(url) = postgres_url() else { return };
    let pg = TestDatabase::create(&url, "twice");
    let mut client = pg.client();
    accord::sink::migrate_postgres(&mut client).unwrap();
    double_load_is_idempotent(&mut client, |records| pg.load(records, 30).unwrap());
}

/// The corpus as "version 2" (each text changed), with one document of the
/// second batch broken so that the database rejects it mid-transaction.
fn version_two_with_a_bad_document(records: &[Record], bad: usize) -> Vec<Record> {
    let mut v2 = records.to_vec();
    for r in &mut v2 {
        r.text.push_str(" v2");
    }
    let duplicate = v2[bad].entities[0].clone();
    v2[bad].entities.push(duplicate);
    v2
}

/// Loads version 1, then a version 2 whose 16th document breaks the second
/// batch of 10: the first batch is replaced, the second is exactly as before,
/// the rest was never reached; a fixed re-run then completes it.
fn failed_batch_leaves_nothing(
    db: &mut dyn Db,
    mut load: impl FnMut(&[Record], usize) -> Result<LoadStats, SinkError>,
) {
    let records = corpus();
    load(&records, 10).unwrap();
    let before = snapshot(db);

    let v2 = version_two_with_a_bad_document(&records, 15);
    let error = load(&v2, 10).unwrap_err();
    let message = chain(&error);
    match &error {
        SinkError::Batch { count, first, last, .. } => {
            assert_eq!(
                (*count, first.as_str(), last.as_str()),
                (10, v2[10].id.as_str(), v2[19].id.as_str())
            );
        }
        other => panic!("expected a batch error, got {message} ({other:?})"),
    }
    assert!(message.contains("rolled back"), "{message}");

    let hashes: BTreeMap<String, String> = db
        .rows("SELECT id, content_sha256 FROM documents")
        .into_iter()
        .map(|row| match (&row[0], &row[1]) {
            (V::T(id), V::T(hash)) => (id.clone(), hash.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    for (n, (r1, r2)) in records.iter().zip(&v2).enumerate() {
        let want = if n < 10 { &r2.text } else { &r1.text };
        assert_eq!(
            hashes[&r1.id],
            accord::sink::content_sha256(want),
            "document {n} {}",
            r1.id
        );
    }
    // Beyond the first batch, nothing changed at all: rows, counts, contents.
    let after = snapshot(db);
    let ids_of_first_batch: Vec<V> = v2[..10].iter().map(|r| t(&r.id)).collect();
    let without_first = |tables: &Vec<Vec<Vec<V>>>| -> Vec<Vec<Vec<V>>> {
        tables
            .iter()
            .map(|rows| {
                rows.iter()
                    .filter(|row| !ids_of_first_batch.contains(&row[0]))
                    .cloned()
                    .collect()
            })
            .collect()
    };
    assert_eq!(without_first(&after), without_first(&before));
    assert_eq!(
        db.rows("SELECT status FROM runs ORDER BY id"),
        [[t("finished")], [t("failed")]]
    );

    // Re-running with the document fixed completes the load.
    let mut fixed = v2.clone();
    fixed[15].entities.pop();
    load(&fixed, 10).unwrap();
    assert_round_trip_counts(db, &fixed);
    let n = db.rows("SELECT COUNT(*) FROM documents WHERE text LIKE '% v2'");
    assert_eq!(n, [[i(fixed.len())]]);
}

fn assert_round_trip_counts(db: &mut dyn Db, records: &[Record]) {
    assert_eq!(db.count("documents"), records.len() as i64);
    assert_eq!(db.sorted(EVENTS_SQL), expected_events(records));
    assert_eq!(db.sorted(COMMITMENTS_SQL), expected_commitments(records));
}

#[test]
fn a_sqlite_batch_that_fails_mid_way_leaves_nothing_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fail.db");
    let mut db = accord::sink::open_sqlite(&path).unwrap();
    accord::sink::migrate_sqlite(&mut db).unwrap();
    failed_batch_leaves_nothing(&mut db, |records, batch| load_sqlite(&path, records, batch));
}

#[test]
fn a_postgres_batch_that_fails_mid_way_leaves_nothing_of_itself() {
    let Some(url) = postgres_url() else { return };
    let pg = TestDatabase::create(&url, "fail");
    let mut client = pg.client();
    accord::sink::migrate_postgres(&mut client).unwrap();
    failed_batch_leaves_nothing(&mut client, |records, batch| pg.load(records, batch));
}

#[test]
fn an_event_naming_a_missing_entity_fails_its_batch_before_any_sql() {
    let records = corpus();
    // A document with events, not the first of its batch of 5.
    let k = (6..records.len())
        .find(|&k| k % 5 != 0 && !records[k].events.is_empty())
        .unwrap();
    let mut bad = records[..=k + 1].to_vec();
    bad[k].events[0].sources.push("T404".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dangling.db");
    let mut sink = SqliteSinkBuilder::new(&path).batch_size(5).build().unwrap();
    let mut result = Ok(());
    for record in &bad {
        result = sink.write(record).map_err(unwrap_sink_error);
        if result.is_err() {
            break;
        }
    }
    let error = result.unwrap_err();
    let message = chain(&error);
    assert!(message.contains("T404") && message.contains(&bad[k].id), "{message}");
    match &error {
        SinkError::Batch { count, last, .. } => assert_eq!((*count, last.as_str()), (k % 5 + 1, bad[k].id.as_str())),
        other => panic!("{other:?}"),
    }
    // A failed sink takes no more records.
    assert!(matches!(
        sink.write(&bad[k + 1]).map_err(unwrap_sink_error),
        Err(SinkError::Closed)
    ));
    let mut db = accord::sink::open_sqlite(&path).unwrap();
    assert_eq!(db.count("documents"), (k - k % 5) as i64, "the committed batches only");
}

#[test]
fn duplicate_id_error_records_are_skipped_and_a_repeated_id_replaces() {
    let records = corpus();
    let (a, b) = (records[1].clone(), records[2].clone());
    let mut a2 = a.clone();
    a2.title = Some("second version".into());
    let duplicate = Record::failed(a.id.clone(), a.text.clone(), DocErrorKind::DuplicateId, "again".into());
    let empty = Record::failed("e".into(), String::new(), DocErrorKind::EmptyText, "empty".into());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.db");
    let stats = load_sqlite(&path, &[a.clone(), b, duplicate, a2, empty], 500).unwrap();
    assert_eq!((stats.documents, stats.skipped, stats.replaced), (4, 1, 1));
    let mut db = accord::sink::open_sqlite(&path).unwrap();
    assert_eq!(db.count("documents"), 3);
    let title = db.rows(&format!("SELECT title FROM documents WHERE id = '{}'", a.id));
    assert_eq!(title, [[t("second version")]]);
    let error = db.rows("SELECT error_kind, error_message FROM documents WHERE id = 'e'");
    assert_eq!(error, [[t("empty_text"), t("empty")]]);
}

// ------------------------------------------------- README example queries

/// The ```sql blocks of schema/README.md.
fn readme_queries() -> Vec<String> {
    let readme = std::fs::read_to_string(repo("schema/README.md")).unwrap();
    let mut queries = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```sql") => current = Some(String::new()),
            (Some(q), "```") => {
                queries.push(std::mem::take(q));
                current = None;
            }
            (Some(q), _) => {
                q.push_str(line);
                q.push('\n');
            }
            (None, _) => {}
        }
    }
    queries
}

fn approx_rows(rows: Vec<Vec<V>>) -> Vec<Vec<V>> {
    // Sums of floats may differ in the last bits between databases.
    rows.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|v| match v {
                    V::F(f) => V::F((f * 1e6).round() / 1e6),
                    other => other,
                })
                .collect()
        })
        .collect()
}

#[test]
fn readme_example_queries_run_on_sqlite_and_find_india_japan_agreements() {
    let queries = readme_queries();
    assert!(queries.len() >= 6, "one example per table: {}", queries.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("readme.db");
    load_sqlite(&path, &corpus(), 500).unwrap();
    let mut db = accord::sink::open_sqlite(&path).unwrap();
    for q in &queries {
        db.rows(q);
    }
    let agree = db.sorted(&queries[0]);
    assert!(!agree.is_empty(), "{}", queries[0]);
    assert!(
        agree.iter().all(|row| row[0] == t("seed-india-japan-2025")),
        "{agree:?}"
    );
}

#[test]
fn readme_example_queries_give_the_same_answers_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let records = corpus();
    let pg = TestDatabase::create(&url, "readme");
    pg.load(&records, 500).unwrap();
    let mut client = pg.client();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("readme.db");
    load_sqlite(&path, &records, 500).unwrap();
    let mut sqlite = accord::sink::open_sqlite(&path).unwrap();
    for q in readme_queries() {
        if q.contains("FROM runs") || q.contains("schema_migrations") {
            // Timestamps and run ids differ between the two loads.
            client.rows(&q);
            continue;
        }
        assert_eq!(approx_rows(client.sorted(&q)), approx_rows(sqlite.sorted(&q)), "{q}");
    }
}

// ------------------------------------------------------------ JSON Schema

fn schema_validator() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("schema/record.schema.json")).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, what: &str, line: &str) {
    let value: Value = serde_json::from_str(line).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn json_schema_accepts_every_gold_test_record_and_rejects_broken_ones() {
    let validator = schema_validator();
    let gold = std::fs::read_to_string(repo("eval/gold/test.jsonl")).unwrap();
    let mut n = 0;
    for (number, line) in gold.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        assert_valid(&validator, &format!("eval/gold/test.jsonl line {}", number + 1), line);
        // And as accord writes it back out (the JSONL sink).
        let record: Record = serde_json::from_str(line).unwrap();
        assert_valid(&validator, "re-serialised", &serde_json::to_string(&record).unwrap());
        n += 1;
    }
    assert_eq!(n, 27);
    for broken in [
        r#"{"text": "no id"}"#,
        r#"{"id": "a", "text": "x", "entities": [{"id": "T1", "start": -1, "end": 1, "text": "x", "type": "PER"}]}"#,
        r#"{"id": "a", "text": "x", "entities": [{"id": "T1", "start": 0, "end": 1, "text": "x", "type": "PERSON"}]}"#,
        r#"{"id": "a", "text": "x", "events": [{"id": "E1", "type": "HUG", "trigger": {"start": 0, "end": 1, "text": "x"}}]}"#,
        r#"{"id": "a", "text": "x", "events": [{"id": "E1", "type": "AGREE", "trigger": {"start": 0, "end": 1, "text": "x"},
            "commitment": {"amount": {"value": 5, "currency": "yen", "text": "5 yen"}}}]}"#,
        r#"{"id": "a", "text": "", "error": {"kind": "empty_text", "message": "m"},
            "entities": [{"id": "T1", "start": 0, "end": 1, "text": "x", "type": "PER"}]}"#,
    ] {
        let value: Value = serde_json::from_str(broken).unwrap();
        assert!(!validator.is_valid(&value), "accepted: {broken}");
    }
}

#[test]
fn json_schema_accepts_every_record_accord_extract_writes() {
    let validator = schema_validator();
    let gold = repo("eval/gold/test.jsonl");
    let output = accord_ok(&[
        "extract",
        "--quiet",
        gold.to_str().unwrap(),
        data("mixed.jsonl").to_str().unwrap(),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 27 + 8);
    for (n, line) in lines.iter().enumerate() {
        assert_valid(&validator, &format!("accord output line {}", n + 1), line);
    }
}

// ------------------------------------------------------------ flat files

#[test]
fn csv_and_tsv_have_one_row_per_event_with_cameo_roots() {
    let records = corpus();
    let events: usize = records.iter().map(|r| r.events.len()).sum();
    let dir = tempfile::tempdir().unwrap();
    for delimiter in [Delimiter::Comma, Delimiter::Tab] {
        let mut sink = CsvSink::create(dir.path(), delimiter).unwrap();
        load(&mut sink, &records).unwrap();
        assert_eq!(sink.stats().map(|s| s.events), Some(events as u64));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if delimiter == Delimiter::Tab { b'\t' } else { b',' })
            .quoting(delimiter == Delimiter::Comma)
            .from_path(dir.path().join(delimiter.file_name()))
            .unwrap();
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), EVENT_COLUMNS);
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        let want: Vec<Vec<String>> = records
            .iter()
            .flat_map(|r| r.events.iter().map(move |e| event_row(r, e)))
            .map(|row| {
                row.into_iter()
                    .map(|f| {
                        if delimiter == Delimiter::Tab {
                            f.replace(['\t', '\n', '\r'], " ")
                        } else {
                            f
                        }
                    })
                    .collect()
            })
            .collect();
        assert_eq!(rows, want);
        let col = |name: &str| EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
        for row in &rows {
            let root = &row[col("cameo_root")];
            assert!(root.len() == 2 && root.bytes().all(|b| b.is_ascii_digit()), "{row:?}");
        }
        let agree = rows.iter().find(|r| r[col("plover_type")] == "AGREE").unwrap();
        assert_eq!(agree[col("cameo_root")], "03");
    }
}

// ------------------------------------------------------------ accord export

#[test]
fn accord_export_writes_sqlite_csv_and_tsv_and_reloads_idempotently() {
    let gold = repo("eval/gold/test.jsonl");
    let records = read_records(&gold);
    let events: usize = records.iter().map(|r| r.events.len()).sum();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("out.db");
    for _ in 0..2 {
        let output = accord_ok(&["export", gold.to_str().unwrap(), "--sqlite", db.to_str().unwrap()]);
        let summary = String::from_utf8_lossy(&output.stderr);
        assert!(
            summary.contains("27 documents") && summary.contains("docs/s"),
            "{summary}"
        );
    }
    let mut conn = accord::sink::open_sqlite(&db).unwrap();
    assert_eq!(conn.count("documents"), 27);
    assert_eq!(conn.count("events"), events as i64);
    let command = conn.rows("SELECT command FROM runs WHERE id = 2");
    assert!(matches!(&command[0][0], V::T(c) if c.contains("export")), "{command:?}");

    for flag in ["--csv", "--tsv"] {
        let out = dir.path().join(&flag[2..]);
        accord_ok(&["export", gold.to_str().unwrap(), flag, out.to_str().unwrap()]);
        let text = std::fs::read_to_string(out.join(format!("events.{}", &flag[2..]))).unwrap();
        assert_eq!(text.lines().count(), events + 1, "{flag}");
    }

    // Exactly one target.
    let both = accord()
        .args(["export", gold.to_str().unwrap(), "--sqlite", "a.db", "--csv", "d"])
        .output()
        .unwrap();
    assert!(!both.status.success());
    // A line that is not a record stops the export with its line number.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\":\"a\",\"text\":\"x\"}\n{not json\n").unwrap();
    let failed = accord()
        .args(["export", bad.to_str().unwrap(), "--sqlite", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
}

#[test]
fn accord_export_loads_postgres() {
    let Some(url) = postgres_url() else { return };
    let pg = TestDatabase::create(&url, "export");
    let gold = repo("eval/gold/test.jsonl");
    let output = accord_ok(&[
        "export",
        gold.to_str().unwrap(),
        "--postgres",
        &pg.url,
        "--batch-size",
        "10",
    ]);
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains("27 documents") && summary.contains("in 3 transactions"),
        "{summary}"
    );
    assert!(!summary.contains(":accord@"), "password printed: {summary}");
    let mut client = pg.client();
    assert_round_trip_counts(&mut client, &read_records(&gold));
}
