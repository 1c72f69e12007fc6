//! Numeric entities by rules: MONEY, DATE, PERCENT and QUANTITY mentions with
//! normalised values, found without the model.
//!
//! Input is a document's text (and its date, which anchors relative dates);
//! output is a sorted list of non-overlapping [`NumericMention`]s whose
//! `start`/`end` are **char** offsets into the text, like every offset in
//! records. Each recognizer works on byte offsets (what `regex` gives) and the
//! conversion happens once, in [`find_numeric`], through
//! [`crate::offsets::CharIndex`].
//!
//! ```text
//! text ─┬─ money::find      "JPY 10 trillion", "$1.2 billion", "1.6 billion yen"
//!       ├─ measure::find    "3.5%", "15 per cent", "2 million tonnes", "300 km"
//!       ├─ count::find      "5,000" (troops), "six million" (people)
//!       └─ date::find       "2022–2026", "by 2030", "30 August 2025"
//!            └─ relative    "on Tuesday", "last week", "a day after", "eight years"
//!   select: the longest candidate wins an overlap; char offsets
//! ```
//!
//! Spans and types follow the gold corpus (`eval/GUIDELINES.md` §2.3 and the
//! labels in `eval/gold/{train,dev}.jsonl`); on train + dev the four types
//! score F1 0.98 (strict span and type).
//!
//! Conventions:
//! - Ranges of amounts ("$1-2 billion", "5–10%", "3,000-4,000 hectares") keep
//!   the **first (lower) bound** as the value; the mention spans the range. A
//!   scale written only after the second number applies to both ("$1-2
//!   billion" is 1e9). "from $5 to $7" is two mentions, not a range.
//! - "Rs" and bare "rupees" are INR unless the story names Pakistan, Sri
//!   Lanka or Nepal more often (then PKR, LKR, NPR); "$" is USD.
//! - QUANTITY: measures keep their unit in the span ("120 kilometres"); counts
//!   are the number alone ("more than \[8,100\] troops"), with the counted noun
//!   as `unit` (empty when none follows). Small numbers in words count
//!   ("killing \[three\] people") except after a determiner ("the two
//!   leaders"); "one" and "a million" never do.
//! - Dates are `{start, end}` with years (`2026`), months (`"2025-07"`, the
//!   reduced ISO form the gold uses) or days (`"2025-08-30"`). "by 2030",
//!   "until …", "before …" give only `end`; "since …", "from …", "after …"
//!   only `start`. "by" and "since" are part of the mention, other
//!   prepositions are not ("until \[July\]"); qualifiers are ("early July",
//!   "the end of 2022", "mid-2025").
//! - A bare year (1900–2100) is a date unless it reads as part of a name or
//!   code: after a capitalised word inside a sentence ("Summit 2025",
//!   "Resolution 1973"), after "No."/"#", before "-08" or "GMT". A bare month
//!   needs a word such as "in", "until", "early" before it; "May" more so.
//! - A bare weekday is the nearest such day on or before the document date,
//!   or on or after it after "by" or when the sentence speaks of the future
//!   ("will meet on Thursday"); "last"/"next" force the direction. A day or
//!   month written without a year ("August 15", "in March") is its
//!   occurrence nearest the document date. "over five years" and "the next
//!   six months" start at the document date (2025–2030).
//! - Dates anchored to another event ("a day after", "two weeks later",
//!   "hours later"), stretches ("the first nine months") and other numeric
//!   durations ("eight years", "a 72-hour truce") are DATE mentions left
//!   unresolved (`start` and `end` null): their anchor is the other event,
//!   not the document date. So are relative dates when no document date is
//!   given.

pub(crate) mod calendar;
mod count;
mod currency;
mod date;
mod measure;
mod money;
mod number;
mod relative;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::ops::Range;

use regex::{Captures, Regex};

use crate::offsets::CharIndex;
use crate::record::{DateBound, Entity, EntityType};

pub use money::parse_amount;
pub use number::parse_number;

/// A numeric mention found by rules; offsets are char offsets into the text.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericMention {
    /// First char, inclusive.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// `text[start..end]`, in chars.
    pub text: String,
    /// `Money`, `Date`, `Percent` or `Quantity`.
    pub kind: EntityType,
    /// The normalised value.
    pub value: NumericValue,
}

/// The normalised value of a numeric mention.
#[derive(Debug, Clone, PartialEq)]
pub enum NumericValue {
    /// An amount of money: `value` in units of `currency` (ISO 4217).
    Money {
        /// Amount in units of the currency (`1e13` for "JPY 10 trillion").
        value: f64,
        /// ISO 4217 code.
        currency: String,
    },
    /// A date, period or deadline; both bounds `None` when it could not be
    /// resolved.
    Date {
        /// First year or day, when known.
        start: Option<DateBound>,
        /// Last year or day, when known.
        end: Option<DateBound>,
    },
    /// A percentage (`3.5` for "3.5%").
    Percent {
        /// The number before the percent sign.
        value: f64,
    },
    /// A measured or counted quantity.
    Quantity {
        /// The amount, scales applied ("2 million tonnes" is `2e6`).
        value: f64,
        /// Normalised unit: a symbol for measures (`t`, `km`, `bbl/d`, `MW`),
        /// the plural noun for counts (`troops`, `people`, `doses`).
        unit: String,
    },
}

impl NumericValue {
    /// The entity type this value belongs to.
    pub fn kind(&self) -> EntityType {
        match self {
            NumericValue::Money { .. } => EntityType::Money,
            NumericValue::Date { .. } => EntityType::Date,
            NumericValue::Percent { .. } => EntityType::Percent,
            NumericValue::Quantity { .. } => EntityType::Quantity,
        }
    }

    /// The value as stored in [`Entity::value`]: `{"value", "currency"}`,
    /// `{"start", "end"}` (years as numbers, dates as ISO strings, unknown as
    /// null), `{"value"}` or `{"value", "unit"}`.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            NumericValue::Money { value, currency } => {
                serde_json::json!({ "value": value, "currency": currency })
            }
            NumericValue::Date { start, end } => serde_json::json!({ "start": start, "end": end }),
            NumericValue::Percent { value } => serde_json::json!({ "value": value }),
            NumericValue::Quantity { value, unit } => serde_json::json!({ "value": value, "unit": unit }),
        }
    }
}

impl NumericMention {
    /// The mention as a record entity with the given id (`T12`).
    pub fn to_entity(&self, id: impl Into<String>) -> Entity {
        Entity {
            id: id.into(),
            start: self.start,
            end: self.end,
            text: self.text.clone(),
            kind: self.kind,
            actor: None,
            affiliation: None,
            confidence: None,
            value: Some(self.value.to_json()),
        }
    }
}

/// Finds MONEY, DATE, PERCENT and QUANTITY mentions in `text`.
///
/// `doc_date` (ISO 8601, `"2025-08-30"` or a timestamp starting with one)
/// resolves relative dates; without it, or when it does not parse, they are
/// found but left unresolved. Mentions are sorted by offset and never
/// overlap: where candidates overlap the longest wins (then the earliest,
/// then MONEY over PERCENT over QUANTITY over DATE).
pub fn find_numeric(text: &str, doc_date: Option<&str>) -> Vec<NumericMention> {
    let doc = doc_date.and_then(calendar::Ymd::parse_doc_date);
    let mut candidates = money::find(text);
    candidates.extend(measure::find(text));
    candidates.extend(count::find(text));
    candidates.extend(date::find(text, doc));
    let index = CharIndex::new(text);
    select(text, candidates, |value| kind_rank(value.kind()))
        .into_iter()
        .filter_map(|(bytes, value)| {
            let span = index.char_span(bytes.clone());
            Some(NumericMention {
                start: span.start,
                end: span.end,
                text: text.get(bytes)?.to_string(),
                kind: value.kind(),
                value,
            })
        })
        .collect()
}

/// A candidate mention: byte range and value.
type Candidate = (Range<usize>, NumericValue);

fn kind_rank(kind: EntityType) -> u8 {
    match kind {
        EntityType::Money => 0,
        EntityType::Percent => 1,
        EntityType::Quantity => 2,
        _ => 3,
    }
}

/// Compiles one of this module's own patterns. They are constants, so a
/// failure is a bug that every test run shows, never a property of the input.
fn compile(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(re) => re,
        Err(e) => panic!("numeric: built-in pattern does not compile: {e}"),
    }
}

/// Runs `re` over `text` and hands each match to `accept`, which returns the
/// item's byte range (possibly shorter than the match) and value. A rejected
/// match, or one whose range does not stand alone as a word, is retried from
/// its next char, so that a bad match never hides a good one starting inside
/// it.
fn scan<T>(
    re: &Regex,
    text: &str,
    mut accept: impl FnMut(&Captures) -> Option<(Range<usize>, T)>,
) -> Vec<(Range<usize>, T)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= text.len() {
        let Some(caps) = re.captures_at(text, pos) else { break };
        let Some(m) = caps.get(0) else { break };
        match accept(&caps) {
            Some((range, value)) if !range.is_empty() && stands_alone(text, &range) => {
                pos = range.end.max(next_char(text, m.start()));
                out.push((range, value));
            }
            _ => pos = next_char(text, m.start()),
        }
    }
    out
}

/// The byte offset after the char at `i` (past the end when `i` is the end).
fn next_char(text: &str, i: usize) -> usize {
    text.get(i..)
        .and_then(|rest| rest.chars().next())
        .map_or(text.len() + 1, |c| i + c.len_utf8())
}

/// Whether `range` is not glued to letters or digits on either side, nor to a
/// number continued by "," or "." ("1,2345", "v1.5").
fn stands_alone(text: &str, range: &Range<usize>) -> bool {
    let (Some(before), Some(after)) = (text.get(..range.start), text.get(range.end..)) else {
        return false;
    };
    let mut back = before.chars().rev();
    let left_ok = match back.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('.' | ',') => !back.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    };
    let mut ahead = after.chars();
    let right_ok = match ahead.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some('.' | ',') => !ahead.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    };
    left_ok && right_ok
}

/// The word just before byte `start` (letters and dots, after spaces) and
/// whether it starts a sentence; `None` when no space separates it from
/// `start` (punctuation, or the start of the text).
fn word_before(text: &str, start: usize) -> Option<(&str, bool)> {
    let before = text.get(..start)?;
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    if trimmed.len() == before.len() {
        return None;
    }
    let word_start = trimmed.trim_end_matches(|c: char| c.is_alphabetic() || c == '.').len();
    let word = trimmed.get(word_start..).filter(|w| !w.is_empty())?;
    let sentence_start = trimmed
        .get(..word_start)?
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| ".!?\n—–:;\"“‘'(".contains(c));
    Some((word, sentence_start))
}

/// At most the last `chars` chars of `text`, for looking at what precedes a
/// match.
fn tail(text: &str, chars: usize) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take(chars)
        .last()
        .map_or(text.len(), |(i, _)| i);
    text.get(start..).unwrap_or("")
}

/// Keeps non-overlapping items: longest (in chars) first, then earliest, then
/// lowest `rank`; returns them in text order.
fn select<T>(text: &str, items: Vec<(Range<usize>, T)>, rank: impl Fn(&T) -> u8) -> Vec<(Range<usize>, T)> {
    let mut items: Vec<(usize, Range<usize>, T)> = items
        .into_iter()
        .map(|(range, value)| (text.get(range.clone()).map_or(0, |s| s.chars().count()), range, value))
        .collect();
    items.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.start.cmp(&b.1.start))
            .then(rank(&a.2).cmp(&rank(&b.2)))
    });
    // Chosen ranges by start; they never overlap, so checking the neighbours
    // of a new range is enough.
    let mut chosen: BTreeMap<usize, (Range<usize>, T)> = BTreeMap::new();
    for (_, range, value) in items {
        let before = chosen
            .range(..=range.start)
            .next_back()
            .is_some_and(|(_, (r, _))| r.end > range.start);
        let after = chosen
            .range(range.start..)
            .next()
            .is_some_and(|(_, (r, _))| r.start < range.end);
        if !before && !after && !range.is_empty() {
            chosen.insert(range.start, (range, value));
        }
    }
    chosen.into_values().collect()
}
