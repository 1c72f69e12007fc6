//! RECORD_FORMAT: one serde shape for input, output and gold documents.
//!
//! Offsets in this module are Unicode scalar (char) offsets into `text`, `start`
//! inclusive and `end` exclusive, as `../shared/spec/RECORD_FORMAT.md` requires.
//! Fields a reader does not know are kept in [`Record::extra`] and written back
//! out, so that a pipeline never loses what its input carried.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

/// One document: the input fields, and after extraction (or in gold) its
/// entities and events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Record {
    /// Document identifier, unique within a corpus.
    pub id: String,
    /// Headline, when the source has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date (ISO 8601); anchors relative dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Publisher or feed name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Link to the original article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The article text all offsets point into.
    pub text: String,
    /// Entity mentions, in text order.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Coded events, in trigger order.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Sentence spans found by the segmenter (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentences: Option<Vec<CharSpan>>,
    /// What produced this record (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<ExtractionMeta>,
    /// Why the document could not be processed; then `entities` and `events` are empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<RecordError>,
    /// Input fields accord does not interpret, carried through unchanged.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A bare `[start, end)` char span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CharSpan {
    /// First char, inclusive.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

/// An entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Identifier within the document (`T1`, `T2`, ...).
    pub id: String,
    /// First char, inclusive.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// Mention type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Resolved actor, on mentions that act as an event source or target
    /// (RECORD_FORMAT); scoring reads argument countries from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// What a mention that is no event's source or target resolves to: the
    /// country a place lies in, whom a person or body belongs to. An
    /// extension of the record format (output only), kept apart from `actor`
    /// so that a place named only as an event's location carries no actor
    /// code, as gold marks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Actor>,
    /// Model confidence in `[0, 1]` (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Normalised value of a numeric mention (MONEY, DATE, PERCENT, QUANTITY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
}

/// Entity mention types: the CoNLL-2003 four, the numeric types, and `NOM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    /// Person.
    Per,
    /// Organisation.
    Org,
    /// Location.
    Loc,
    /// Miscellaneous named entity (nationalities, events, titles of works).
    Misc,
    /// An amount of money.
    Money,
    /// A date, year, range or relative date.
    Date,
    /// A percentage.
    Percent,
    /// A measured quantity.
    Quantity,
    /// A nominal actor phrase with no name in it ("the Governors").
    Nom,
}

impl Entity {
    /// The country code of the resolved actor, if any.
    pub fn country(&self) -> Option<&str> {
        self.actor.as_ref()?.country.as_deref()
    }

    /// The mention's resolution whatever its role: `actor` on an event's
    /// party, `affiliation` on any other mention.
    pub fn resolution(&self) -> Option<&Actor> {
        self.actor.as_ref().or(self.affiliation.as_ref())
    }
}

impl EntityType {
    /// All types, in a fixed order for reports.
    pub const ALL: [EntityType; 9] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
        EntityType::Money,
        EntityType::Date,
        EntityType::Percent,
        EntityType::Quantity,
        EntityType::Nom,
    ];

    /// The label as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
            EntityType::Money => "MONEY",
            EntityType::Date => "DATE",
            EntityType::Percent => "PERCENT",
            EntityType::Quantity => "QUANTITY",
            EntityType::Nom => "NOM",
        }
    }
}

/// An actor code: ISO-3 country (or `IGO`) and sector.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Actor {
    /// ISO 3166-1 alpha-3 code, `IGO`, or null.
    #[serde(default)]
    pub country: Option<String>,
    /// Sector, or null.
    #[serde(default)]
    pub sector: Option<Sector>,
}

/// Actor sectors (ONTOLOGY.md, Actors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Sector {
    /// Government: heads of state, ministers, ministries, officials, diplomats.
    Gov,
    /// Military.
    Mil,
    /// Business.
    Bus,
    /// Civil society and NGOs.
    Cvl,
    /// Media.
    Med,
    /// Judiciary.
    Jud,
    /// Legislature.
    Leg,
    /// Opposition.
    Opp,
    /// Rebels.
    Reb,
}

/// The 16 PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    /// Intent, promise, pledge or agreement to act in future.
    Agree,
    /// Meetings, visits, summits, talks, calls, negotiation, mediation.
    Consult,
    /// Verbal support, praise, recognition, signing a formal agreement.
    Support,
    /// Material cooperation carried out.
    Cooperate,
    /// Material aid.
    Aid,
    /// Yielding to a demand.
    Concede,
    /// Release, easing sanctions, ceasefire, withdrawal.
    Retreat,
    /// Appeal or demand.
    #[serde(alias = "DEMAND")]
    Request,
    /// Disapprove, criticise, accuse, investigate.
    #[serde(alias = "DISAPPROVE", alias = "INVESTIGATE")]
    Accuse,
    /// Refuse, veto, defy.
    Reject,
    /// Threats.
    Threaten,
    /// Demonstrations, strikes, boycotts.
    Protest,
    /// Reduce or break relations, embargoes, sanctions.
    Sanction,
    /// Raise alert, mobilise or deploy forces.
    Mobilize,
    /// Seize, arrest, deport, repress, blockade.
    Coerce,
    /// Attacks, fighting, bombing, killing.
    #[serde(alias = "FIGHT")]
    Assault,
}

impl EventType {
    /// All types, in ONTOLOGY.md order.
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Concede,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    /// The label as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Concede => "CONCEDE",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// Parses a label, accepting the older PLOVER aliases.
    pub fn parse(label: &str) -> Option<EventType> {
        serde_json::from_value(serde_json::Value::String(label.to_ascii_uppercase())).ok()
    }
}

/// A trigger or other bare text mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// First char, inclusive.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Identifier within the document (`E1`, ...).
    pub id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// PLOVER mode (`visit`, `phone`, `third-party` for CONSULT), or null.
    #[serde(default)]
    pub mode: Option<String>,
    /// PLOVER context words (`diplomatic`, `economic`, ...).
    #[serde(default)]
    pub context: Vec<String>,
    /// The word or phrase that states the event.
    pub trigger: Mention,
    /// Entity ids of the actors who act.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Entity ids of the actors acted upon.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Entity id of the place, or null.
    #[serde(default)]
    pub location: Option<String>,
    /// Entity id of the time expression, or null.
    #[serde(default)]
    pub time: Option<String>,
    /// The structured commitment the event states, or null.
    #[serde(default)]
    pub commitment: Option<Commitment>,
    /// Model confidence in `[0, 1]` (output only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// CAMEO code family, for CAMEO/GDELT-compatible output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// Index of the sentence (in `Record::sentences`) holding the trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
}

impl Event {
    /// An event of `kind` on `trigger` with no arguments, attributes or id yet.
    pub fn new(kind: EventType, trigger: Mention) -> Event {
        Event {
            id: String::new(),
            kind,
            mode: None,
            context: Vec::new(),
            trigger,
            sources: Vec::new(),
            targets: Vec::new(),
            location: None,
            time: None,
            commitment: None,
            confidence: None,
            cameo: None,
            sentence: None,
        }
    }

    /// Ids of the event's parties: its sources, then its targets.
    pub fn parties(&self) -> impl Iterator<Item = &String> {
        self.sources.iter().chain(&self.targets)
    }
}

/// Ids of the entities some event names as source or target.
pub fn party_ids(events: &[Event]) -> HashSet<&str> {
    events.iter().flat_map(Event::parties).map(String::as_str).collect()
}

/// A pledge, target, promise or offer (ONTOLOGY.md, Commitments).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Commitment {
    /// How much, in which currency.
    #[serde(default)]
    pub amount: Option<Amount>,
    /// By when, or over which years.
    #[serde(default)]
    pub period: Option<Period>,
    /// What is committed, in the text's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// `new`, `reaffirmed`, `revised`, `completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CommitmentStatus>,
    /// An earlier commitment this one builds on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Commitment>>,
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// Value in units of the currency (`1e13` for "JPY 10 trillion").
    pub value: f64,
    /// ISO 4217 code.
    pub currency: String,
    /// The amount as written.
    pub text: String,
    /// Id of the MONEY mention it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
}

/// A period or deadline; bounds are years or ISO dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// First year or date, when stated.
    #[serde(default)]
    pub start: Option<DateBound>,
    /// Last year or date (a deadline), when stated.
    #[serde(default)]
    pub end: Option<DateBound>,
    /// The period as written.
    #[serde(default)]
    pub text: String,
}

/// A year (`2026`) or an ISO date (`"2026-03-31"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DateBound {
    /// A calendar year.
    Year(i32),
    /// An ISO 8601 date.
    Date(String),
}

/// Status of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommitmentStatus {
    /// First stated here.
    New,
    /// Stated again.
    Reaffirmed,
    /// Changed from an earlier commitment.
    Revised,
    /// Reported as met.
    Completed,
}

/// Why a document has no extraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordError {
    /// Machine-readable kind.
    pub kind: DocErrorKind,
    /// Human-readable explanation naming the problem (and where it was).
    pub message: String,
}

/// The kinds of per-document failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocErrorKind {
    /// The input line is not a JSON object.
    InvalidJson,
    /// The input bytes are not UTF-8.
    InvalidUtf8,
    /// No `text` (or `body`) field.
    MissingText,
    /// The text is empty or only white space.
    EmptyText,
    /// The text is longer than the hard cap.
    TooLong,
    /// The id was already seen earlier in this run.
    DuplicateId,
    /// The model failed on this document.
    ModelError,
    /// Processing panicked; the run went on.
    Panic,
}

impl DocErrorKind {
    /// The kind as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            DocErrorKind::InvalidJson => "invalid_json",
            DocErrorKind::InvalidUtf8 => "invalid_utf8",
            DocErrorKind::MissingText => "missing_text",
            DocErrorKind::EmptyText => "empty_text",
            DocErrorKind::TooLong => "too_long",
            DocErrorKind::DuplicateId => "duplicate_id",
            DocErrorKind::ModelError => "model_error",
            DocErrorKind::Panic => "panic",
        }
    }
}

/// What produced an output record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractionMeta {
    /// `accord` version.
    pub accord: String,
    /// Model names and versions used, in pipeline order.
    #[serde(default)]
    pub models: Vec<String>,
    /// Number of word pieces the encoder saw.
    #[serde(default)]
    pub tokens: usize,
}

impl Record {
    /// An error record: the document's id (and text, when it was read) with
    /// empty layers, so that no input document disappears from the output.
    pub fn failed(id: String, text: String, kind: DocErrorKind, message: String) -> Record {
        Record {
            id,
            text,
            error: Some(RecordError { kind, message }),
            ..Record::default()
        }
    }

    /// Looks up an entity by id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Puts each mention's resolution where RECORD_FORMAT expects it:
    /// `actor` on the mentions some event names as source or target (an
    /// empty one where nothing resolved), `affiliation` on all others.
    pub fn settle_actors(&mut self) {
        let parties = party_ids(&self.events);
        for entity in &mut self.entities {
            let resolution = entity.actor.take().or(entity.affiliation.take());
            if parties.contains(entity.id.as_str()) {
                entity.actor = Some(resolution.unwrap_or_default());
            } else {
                entity.affiliation = resolution;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../tests/data/seed.jsonl");

    #[test]
    fn seed_gold_round_trips_without_loss() {
        let line = SEED.lines().next().unwrap();
        let record: Record = serde_json::from_str(line).unwrap();
        assert_eq!(record.events.len(), 9);
        let again: Record = serde_json::from_str(&serde_json::to_string(&record).unwrap()).unwrap();
        assert_eq!(record, again);
        let e7 = &record.events[6];
        let commitment = e7.commitment.as_ref().unwrap();
        assert_eq!(commitment.amount.as_ref().unwrap().value, 1e13);
        let previous = commitment.previous.as_ref().unwrap();
        assert_eq!(previous.period.as_ref().unwrap().start, Some(DateBound::Year(2022)));
    }

    #[test]
    fn old_plover_aliases_are_read() {
        for (alias, kind) in [
            ("DEMAND", EventType::Request),
            ("disapprove", EventType::Accuse),
            ("INVESTIGATE", EventType::Accuse),
            ("FIGHT", EventType::Assault),
            ("AGREE", EventType::Agree),
        ] {
            assert_eq!(EventType::parse(alias), Some(kind), "{alias}");
        }
        assert_eq!(EventType::parse("HUG"), None);
    }

    #[test]
    fn unknown_fields_are_carried_through() {
        let record: Record = serde_json::from_str(r#"{"id":"a","text":"x","link":"http://k","lang":"en"}"#).unwrap();
        assert_eq!(record.extra["link"], "http://k");
        let out = serde_json::to_string(&record).unwrap();
        assert!(out.contains(r#""link":"http://k""#), "{out}");
    }

    #[test]
    fn error_records_have_empty_layers() {
        let r = Record::failed("d1".into(), String::new(), DocErrorKind::EmptyText, "empty".into());
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.contains(r#""error":{"kind":"empty_text","message":"empty"}"#),
            "{json}"
        );
        assert!(json.contains(r#""entities":[],"events":[]"#), "{json}");
    }

    #[test]
    fn only_an_events_parties_carry_an_actor() {
        let line = SEED.lines().next().unwrap();
        let mut record: Record = serde_json::from_str(line).unwrap();
        let at = |r: &Record, text: &str| r.entities.iter().position(|e| e.text == text).unwrap();
        // Gold marks Tokyo as the meeting's place, no one's party: give it
        // the resolution a resolver would, and strip a party's actor.
        let japan = Actor {
            country: Some("JPN".into()),
            sector: None,
        };
        let (tokyo, modi) = (at(&record, "Tokyo"), at(&record, "Narendra Modi"));
        record.entities[tokyo].actor = Some(japan.clone());
        record.entities[modi].actor = None;

        record.settle_actors();

        let tokyo = &record.entities[tokyo];
        assert_eq!((&tokyo.actor, &tokyo.affiliation), (&None, &Some(japan.clone())));
        assert_eq!(tokyo.resolution(), Some(&japan));
        assert_eq!(record.entities[modi].actor, Some(Actor::default()));
        let json = serde_json::to_string(tokyo).unwrap();
        assert!(
            json.contains(r#""affiliation":{"country":"JPN","sector":null}"#),
            "{json}"
        );
        let parties = party_ids(&record.events);
        for entity in &record.entities {
            assert_eq!(
                entity.actor.is_some(),
                parties.contains(entity.id.as_str()),
                "{}",
                entity.text
            );
        }
    }
}
