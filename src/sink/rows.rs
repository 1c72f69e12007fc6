//! Record → rows of the normalised schema (`schema/migrations/`), shared by the
//! SQLite and PostgreSQL sinks.
//!
//! Offsets stay Unicode scalar (char) offsets, as in the record. A record is
//! checked here, before any SQL runs, for references the database would reject
//! (an event naming an entity the record does not have), so that the error
//! names the document and the event.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::error::SinkError;
use crate::record::{CharSpan, CommitmentStatus, DateBound, Event, Record, Sector};

/// One document's rows, ready to insert.
#[derive(Debug, Clone)]
pub(crate) struct DocRows {
    pub id: String,
    pub sha256: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub text: String,
    pub sentences: Option<String>,
    pub error_kind: Option<&'static str>,
    pub error_message: Option<String>,
    pub accord_version: Option<String>,
    /// `meta.models` as a JSON array, when the record has `meta`.
    pub models: Option<String>,
    /// `meta.models` as a list, for the run's summary.
    pub model_list: Vec<String>,
    pub tokens: Option<i64>,
    pub extra: Option<String>,
    pub entities: Vec<EntityRow>,
    pub events: Vec<EventRow>,
    pub actors: Vec<ActorRow>,
    pub commitments: Vec<CommitmentRow>,
}

/// A row of `entities`.
#[derive(Debug, Clone)]
pub(crate) struct EntityRow {
    pub entity_id: String,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub kind: &'static str,
    pub country: Option<String>,
    pub sector: Option<&'static str>,
    pub confidence: Option<f64>,
    pub value: Option<String>,
}

/// A row of `events`.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub event_id: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub mode: Option<String>,
    pub context: String,
    pub trigger_start: i64,
    pub trigger_end: i64,
    pub trigger_text: String,
    pub sentence: Option<i64>,
    pub confidence: Option<f64>,
    pub cameo: Option<String>,
}

/// A row of `event_actors`: one argument of an event.
#[derive(Debug, Clone)]
pub(crate) struct ActorRow {
    pub event_id: String,
    pub role: &'static str,
    pub position: i32,
    pub entity_id: String,
}

/// A row of `commitments`: depth 0 is the event's commitment, depth 1 its
/// `previous`, and so on.
#[derive(Debug, Clone)]
pub(crate) struct CommitmentRow {
    pub event_id: String,
    pub depth: i32,
    pub amount_value: Option<f64>,
    pub currency: Option<String>,
    pub amount_text: Option<String>,
    pub amount_entity: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub period_text: Option<String>,
    pub theme: Option<String>,
    pub status: Option<&'static str>,
    pub year: Option<i32>,
}

impl DocRows {
    /// Converts a record, checking that every entity id its events name exists.
    pub fn from_record(record: &Record) -> Result<DocRows, SinkError> {
        check_references(record)?;
        let id = record.id.as_str();
        let year = record.date.as_deref().and_then(year_of);
        let entities = record
            .entities
            .iter()
            .map(|e| {
                let resolution = e.resolution();
                Ok(EntityRow {
                    entity_id: e.id.clone(),
                    start: to_i64(e.start),
                    end: to_i64(e.end),
                    text: e.text.clone(),
                    kind: e.kind.as_str(),
                    country: resolution.and_then(|a| a.country.clone()),
                    sector: resolution.and_then(|a| a.sector).map(sector_str),
                    confidence: e.confidence.map(f64::from),
                    value: e.value.as_ref().map(|v| to_json(v, id)).transpose()?,
                })
            })
            .collect::<Result<Vec<_>, SinkError>>()?;
        let mut events = Vec::with_capacity(record.events.len());
        let mut actors = Vec::new();
        let mut commitments = Vec::new();
        for event in &record.events {
            events.push(EventRow {
                event_id: event.id.clone(),
                kind: event.kind.as_str(),
                date: record.date.clone(),
                mode: event.mode.clone(),
                context: to_json(&event.context, id)?,
                trigger_start: to_i64(event.trigger.start),
                trigger_end: to_i64(event.trigger.end),
                trigger_text: event.trigger.text.clone(),
                sentence: sentence_of(record, event).map(to_i64),
                confidence: event.confidence.map(f64::from),
                cameo: event.cameo.clone(),
            });
            let roles = [
                ("source", event.sources.as_slice()),
                ("target", event.targets.as_slice()),
                ("location", event.location.as_slice()),
                ("time", event.time.as_slice()),
            ];
            for (role, ids) in roles {
                for (position, entity_id) in ids.iter().enumerate() {
                    actors.push(ActorRow {
                        event_id: event.id.clone(),
                        role,
                        position: i32::try_from(position).unwrap_or(i32::MAX),
                        entity_id: entity_id.clone(),
                    });
                }
            }
            let mut depth = 0;
            let mut next = event.commitment.as_ref();
            while let Some(c) = next {
                let period = c.period.as_ref();
                commitments.push(CommitmentRow {
                    event_id: event.id.clone(),
                    depth,
                    amount_value: c.amount.as_ref().map(|a| a.value),
                    currency: c.amount.as_ref().map(|a| a.currency.clone()),
                    amount_text: c.amount.as_ref().map(|a| a.text.clone()),
                    amount_entity: c.amount.as_ref().and_then(|a| a.entity.clone()),
                    period_start: period.and_then(|p| p.start.as_ref()).map(date_bound_str),
                    period_end: period.and_then(|p| p.end.as_ref()).map(date_bound_str),
                    period_text: period.map(|p| p.text.clone()),
                    theme: c.theme.clone(),
                    status: c.status.map(status_str),
                    year,
                });
                depth += 1;
                next = c.previous.as_deref();
            }
        }
        let meta = record.meta.as_ref();
        Ok(DocRows {
            id: record.id.clone(),
            sha256: content_sha256(&record.text),
            title: record.title.clone(),
            date: record.date.clone(),
            source: record.source.clone(),
            url: record.url.clone(),
            text: record.text.clone(),
            sentences: record.sentences.as_ref().map(|s| to_json(s, id)).transpose()?,
            error_kind: record.error.as_ref().map(|e| e.kind.as_str()),
            error_message: record.error.as_ref().map(|e| e.message.clone()),
            accord_version: meta.map(|m| m.accord.clone()),
            models: meta.map(|m| to_json(&m.models, id)).transpose()?,
            model_list: meta.map(|m| m.models.clone()).unwrap_or_default(),
            tokens: meta.map(|m| to_i64(m.tokens)),
            extra: if record.extra.is_empty() {
                None
            } else {
                Some(to_json(&record.extra, id)?)
            },
            entities,
            events,
            actors,
            commitments,
        })
    }
}

/// Serialises one of the few values stored as JSON text, naming the document on failure.
fn to_json<T: serde::Serialize + ?Sized>(value: &T, id: &str) -> Result<String, SinkError> {
    serde_json::to_string(value).map_err(|e| SinkError::InvalidRecord {
        id: id.to_owned(),
        message: format!("cannot serialise a field as JSON: {e}"),
    })
}

/// Every entity id an event names (`sources`, `targets`, `location`, `time`,
/// and the MONEY mention of a commitment amount) must be an entity of the record.
pub(crate) fn check_references(record: &Record) -> Result<(), SinkError> {
    let ids: HashSet<&str> = record.entities.iter().map(|e| e.id.as_str()).collect();
    for event in &record.events {
        let named = event
            .sources
            .iter()
            .map(|id| ("source", id))
            .chain(event.targets.iter().map(|id| ("target", id)))
            .chain(event.location.iter().map(|id| ("location", id)))
            .chain(event.time.iter().map(|id| ("time", id)));
        for (role, id) in named {
            if !ids.contains(id.as_str()) {
                return Err(SinkError::InvalidRecord {
                    id: record.id.clone(),
                    message: format!(
                        "event {} names {role} {id:?}, which is not an entity of the document",
                        event.id
                    ),
                });
            }
        }
        let mut next = event.commitment.as_ref();
        while let Some(c) = next {
            if let Some(id) = c.amount.as_ref().and_then(|a| a.entity.as_ref()) {
                if !ids.contains(id.as_str()) {
                    return Err(SinkError::InvalidRecord {
                        id: record.id.clone(),
                        message: format!(
                            "event {}: commitment amount names {id:?}, which is not an entity of the document",
                            event.id
                        ),
                    });
                }
            }
            next = c.previous.as_deref();
        }
    }
    Ok(())
}

/// Hex SHA-256 of a document's text: with the id, what makes a re-load a
/// replacement of the same document rather than a changed one.
pub fn content_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
    }
    hex
}

/// The index of the sentence holding an event's trigger: the event's own
/// `sentence`, or else the segmenter's sentence that contains the trigger start.
pub fn sentence_of(record: &Record, event: &Event) -> Option<usize> {
    event.sentence.or_else(|| {
        let spans: &[CharSpan] = record.sentences.as_deref()?;
        spans
            .iter()
            .position(|s| s.start <= event.trigger.start && event.trigger.start < s.end)
    })
}

/// The year of an ISO 8601 date (`2025-08-30` → 2025).
pub(crate) fn year_of(date: &str) -> Option<i32> {
    let digits = date.get(..4)?;
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// A period bound as stored: a year (`2026`) or an ISO date.
pub(crate) fn date_bound_str(bound: &DateBound) -> String {
    match bound {
        DateBound::Year(year) => year.to_string(),
        DateBound::Date(date) => date.clone(),
    }
}

/// Sector codes as written in records.
pub fn sector_str(sector: Sector) -> &'static str {
    match sector {
        Sector::Gov => "GOV",
        Sector::Mil => "MIL",
        Sector::Bus => "BUS",
        Sector::Cvl => "CVL",
        Sector::Med => "MED",
        Sector::Jud => "JUD",
        Sector::Leg => "LEG",
        Sector::Opp => "OPP",
        Sector::Reb => "REB",
    }
}

/// Commitment status as written in records.
pub(crate) fn status_str(status: CommitmentStatus) -> &'static str {
    match status {
        CommitmentStatus::New => "new",
        CommitmentStatus::Reaffirmed => "reaffirmed",
        CommitmentStatus::Revised => "revised",
        CommitmentStatus::Completed => "completed",
    }
}

/// Offsets and counts fit in an i64 on every platform accord runs on.
fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The current time as ISO 8601 UTC with milliseconds (`2025-08-30T09:15:02.123Z`),
/// the format of the schema's timestamp columns.
pub(crate) fn utc_now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format_utc(since.as_secs(), since.subsec_millis())
}

fn format_utc(secs: u64, millis: u32) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (year, month, day) = crate::numeric::calendar::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../tests/data/seed.jsonl");

    #[test]
    fn timestamps_are_iso_utc() {
        for (secs, millis, want) in [
            (0, 0, "1970-01-01T00:00:00.000Z"),
            (951_782_400, 5, "2000-02-29T00:00:00.005Z"),
            (1_756_545_302, 123, "2025-08-30T09:15:02.123Z"),
            (4_107_542_399, 999, "2100-02-28T23:59:59.999Z"),
        ] {
            assert_eq!(format_utc(secs, millis), want);
        }
        assert_eq!(utc_now().len(), 24);
    }

    #[test]
    fn content_hash_is_hex_sha256() {
        assert_eq!(
            content_sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn years_come_from_iso_dates_only() {
        for (date, want) in [
            ("2025-08-30", Some(2025)),
            ("2025", Some(2025)),
            ("30 Aug", None),
            ("", None),
        ] {
            assert_eq!(year_of(date), want, "{date}");
        }
    }

    #[test]
    fn seed_record_becomes_rows_with_the_commitment_chain() {
        let record: Record = serde_json::from_str(SEED.lines().next().unwrap()).unwrap();
        let rows = DocRows::from_record(&record).unwrap();
        assert_eq!(rows.entities.len(), record.entities.len());
        assert_eq!(rows.events.len(), 9);
        let e7: Vec<&CommitmentRow> = rows.commitments.iter().filter(|c| c.event_id == "E7").collect();
        assert_eq!(e7.len(), 2, "the commitment and its previous");
        assert_eq!(
            (e7[0].depth, e7[0].amount_value, e7[0].year),
            (0, Some(1e13), Some(2025))
        );
        assert_eq!(e7[1].period_start.as_deref(), Some("2022"));
        let arguments = record
            .events
            .iter()
            .map(|e| e.sources.len() + e.targets.len())
            .sum::<usize>()
            + record.events.iter().filter(|e| e.location.is_some()).count()
            + record.events.iter().filter(|e| e.time.is_some()).count();
        assert_eq!(rows.actors.len(), arguments);
    }

    #[test]
    fn a_dangling_entity_reference_names_the_document_and_event() {
        let mut record: Record = serde_json::from_str(SEED.lines().next().unwrap()).unwrap();
        record.events[0].targets.push("T999".into());
        let message = DocRows::from_record(&record).unwrap_err().to_string();
        assert!(
            message.contains("seed-india-japan") && message.contains("T999"),
            "{message}"
        );
    }
}
