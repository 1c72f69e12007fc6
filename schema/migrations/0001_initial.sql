-- accord database schema, version 1: documents, entities, events, event_actors,
-- commitments and runs (see schema/README.md for every column and an example
-- query per table).
--
-- Portable SQL: this file runs unchanged on SQLite (3.35 or later; accord
-- bundles 3.54) and on PostgreSQL (12 or later), so that one query works
-- against either database.
-- Hence TEXT for timestamps (ISO 8601, UTC, `2025-08-30T09:15:02.123Z`, which
-- sorts in time order) and for JSON values, and no serial columns.
--
-- Natural keys: a document is keyed by its record id; entities and events by
-- (doc_id, their id in the record). Every child row goes with its document
-- (ON DELETE CASCADE), which is how a re-loaded document replaces its rows.
-- Offsets are Unicode scalar (char) offsets into documents.text, as in the
-- JSONL records.

CREATE TABLE runs (
    id             BIGINT PRIMARY KEY,
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    status         TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    accord_version TEXT NOT NULL,
    command        TEXT,
    models         TEXT NOT NULL DEFAULT '[]',
    documents      BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE documents (
    id             TEXT PRIMARY KEY,
    content_sha256 TEXT NOT NULL,
    title          TEXT,
    date           TEXT,
    source         TEXT,
    url            TEXT,
    text           TEXT NOT NULL,
    sentences      TEXT,
    error_kind     TEXT,
    error_message  TEXT,
    accord_version TEXT,
    models         TEXT,
    tokens         BIGINT,
    extra          TEXT,
    run_id         BIGINT NOT NULL REFERENCES runs (id),
    loaded_at      TEXT NOT NULL
);
CREATE INDEX documents_date ON documents (date);
CREATE INDEX documents_run ON documents (run_id);

CREATE TABLE entities (
    doc_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    entity_id  TEXT NOT NULL,
    start_char BIGINT NOT NULL,
    end_char   BIGINT NOT NULL,
    text       TEXT NOT NULL,
    type       TEXT NOT NULL,
    country    TEXT,
    sector     TEXT,
    confidence DOUBLE PRECISION,
    value      TEXT,
    PRIMARY KEY (doc_id, entity_id)
);
-- "which mentions are Japanese government actors": actor codes first.
CREATE INDEX entities_actor ON entities (country, sector);

CREATE TABLE events (
    doc_id        TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    event_id      TEXT NOT NULL,
    type          TEXT NOT NULL,
    date          TEXT,
    mode          TEXT,
    context       TEXT NOT NULL DEFAULT '[]',
    trigger_start BIGINT NOT NULL,
    trigger_end   BIGINT NOT NULL,
    trigger_text  TEXT NOT NULL,
    sentence      BIGINT,
    confidence    DOUBLE PRECISION,
    cameo         TEXT,
    PRIMARY KEY (doc_id, event_id)
);
-- "all AGREE events in 2025": type, then the date range.
CREATE INDEX events_type_date ON events (type, date);

CREATE TABLE event_actors (
    doc_id    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('source', 'target', 'location', 'time')),
    position  INTEGER NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, event_id, role, position),
    FOREIGN KEY (doc_id, event_id) REFERENCES events (doc_id, event_id) ON DELETE CASCADE,
    FOREIGN KEY (doc_id, entity_id) REFERENCES entities (doc_id, entity_id) ON DELETE CASCADE
);
-- Joins from a mention to its events, and the foreign-key check when entities go.
CREATE INDEX event_actors_entity ON event_actors (doc_id, entity_id);

CREATE TABLE commitments (
    doc_id        TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    depth         INTEGER NOT NULL,
    amount_value  DOUBLE PRECISION,
    currency      TEXT,
    amount_text   TEXT,
    amount_entity TEXT,
    period_start  TEXT,
    period_end    TEXT,
    period_text   TEXT,
    theme         TEXT,
    status        TEXT CHECK (status IN ('new', 'reaffirmed', 'revised', 'completed')),
    year          INTEGER,
    PRIMARY KEY (doc_id, event_id, depth),
    FOREIGN KEY (doc_id, event_id) REFERENCES events (doc_id, event_id) ON DELETE CASCADE,
    FOREIGN KEY (doc_id, amount_entity) REFERENCES entities (doc_id, entity_id) ON DELETE CASCADE
);
-- "commitments by currency and year".
CREATE INDEX commitments_currency_year ON commitments (currency, year);
-- The foreign-key check when entities go.
CREATE INDEX commitments_entity ON commitments (doc_id, amount_entity);
