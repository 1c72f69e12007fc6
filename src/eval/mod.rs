//! `accord eval`: scores predicted records against gold records.
//!
//! Input: two lists of [`Record`]s (RECORD_FORMAT), paired by `id`. Output: an
//! [`EvalReport`] (serde `Serialize`, rendered by [`report`]) with
//!
//! - entities: SemEval-2013 strict / exact / partial / type ([`entities`]);
//! - events: trigger identification and classification, sentence-level type
//!   sets, and a confusion matrix of types ([`events`]);
//! - arguments: `(type, role, country)` and `(type, role, span)` ([`arguments`]);
//! - commitments: amount and `(committers, amount, currency)` ([`commitments`]);
//! - bootstrap confidence intervals on the headline F1s ([`bootstrap`]);
//! - the list of mistakes, each shown in its gold sentence.
//!
//! All offsets are char offsets into the gold `text`. A gold document with no
//! prediction counts all its gold as missed; a prediction with no gold is
//! listed and ignored. Precision, recall and F1 are micro-averaged (summed
//! over documents, then divided), and also given per type. [`conll`] scores
//! BIO tag sequences the way `conlleval` does, and [`check`] validates gold.
//!
//! # Matching
//!
//! Gold items and predictions are paired one-to-one and greedily over a global
//! ranking of candidate pairs, so the result does not depend on the order
//! items are listed in: every (gold, prediction) pair that may match gets a
//! rank, pairs are taken best first, and a pair is kept only when neither side
//! is taken yet. A second prediction of the same gold item is therefore a
//! false positive, and a gold item is never credited twice.
//!
//! # Example
//!
//! ```
//! use accord::eval::{evaluate, EvalOptions};
//! use accord::record::Record;
//!
//! let gold: Record = serde_json::from_str(r#"{"id":"d","text":"Modi met Ishiba.",
//!   "events":[{"id":"E1","type":"CONSULT","trigger":{"start":5,"end":8,"text":"met"}}]}"#).unwrap();
//! let report = evaluate(&[gold.clone()], &[gold], &EvalOptions::default());
//! assert_eq!(report.events.classification.f1, 1.0);
//! ```

mod align;
pub mod arguments;
pub mod bootstrap;
pub mod check;
pub mod commitments;
pub mod conll;
pub mod entities;
pub mod events;
mod prf;
pub mod report;
#[cfg(test)]
mod tests;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

pub use arguments::{ArgumentScores, RoleScores};
pub use bootstrap::{Bootstrap, Interval};
pub use commitments::{CommitmentScores, CurrencyScores};
pub use entities::{EntityScores, Schemes};
pub use events::{Confusion, EventScores, SentenceScores};
pub use prf::{Counts, Prf};

use crate::offsets::char_slice;
use crate::record::Record;
use align::Sentences;

/// Settings for [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct EvalOptions {
    /// Bootstrap resamples of the documents (0 turns the intervals off).
    pub resamples: usize,
    /// Seed of the bootstrap's generator; a fixed seed gives the same intervals.
    pub seed: u64,
    /// Confidence level of the intervals, e.g. 0.95.
    pub confidence: f64,
    /// Relative tolerance for commitment amounts (0.005 = 0.5%).
    pub amount_tolerance: f64,
    /// At most this many mistakes are listed; the rest are only counted.
    pub max_mistakes: usize,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            resamples: 1000,
            seed: 0x5EED_ACC0,
            confidence: 0.95,
            amount_tolerance: 0.005,
            max_mistakes: 5000,
        }
    }
}

/// Everything `accord eval` reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Report format version (`"accord-eval/1"`); bumped when keys change.
    pub schema: &'static str,
    /// How documents were paired.
    pub documents: DocSummary,
    /// Entity mention scores.
    pub entities: EntityScores,
    /// Event scores.
    pub events: EventScores,
    /// Event argument scores.
    pub arguments: ArgumentScores,
    /// Commitment scores.
    pub commitments: CommitmentScores,
    /// Confidence intervals on the headline F1s.
    pub bootstrap: Bootstrap,
    /// Mistakes, in document order, at most [`EvalOptions::max_mistakes`].
    /// Documents with no prediction are not listed item by item (see
    /// [`DocSummary::missing_pred`]).
    pub mistakes: Vec<Mistake>,
    /// Mistakes found beyond the listed ones.
    pub mistakes_omitted: usize,
}

/// How gold and predicted documents were paired.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DocSummary {
    /// Gold documents read.
    pub gold: usize,
    /// Predicted documents read.
    pub pred: usize,
    /// Gold documents scored (distinct ids).
    pub scored: usize,
    /// Gold ids with no prediction: all their gold counts as missed.
    pub missing_pred: Vec<String>,
    /// Predicted ids with no gold: ignored.
    pub extra_pred: Vec<String>,
    /// Ids given twice on one side; only the first document with the id is used.
    pub duplicate_ids: Vec<String>,
    /// Paired documents whose texts differ (offsets are read against gold).
    pub text_mismatch: Vec<String>,
    /// Paired predictions that carry an `error` (scored as empty).
    pub pred_errors: Vec<String>,
}

/// Which layer a mistake is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Entity mentions.
    Entity,
    /// Event triggers and types.
    Event,
    /// Event arguments (span scheme), within matched events.
    Argument,
    /// Commitments (tuple scheme).
    Commitment,
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MistakeKind {
    /// A gold item no prediction matched.
    Missed,
    /// A prediction that matched no gold item.
    FalseAlarm,
    /// Right span (or trigger), wrong type.
    WrongType,
    /// Overlapping span with the right type.
    WrongSpan,
    /// Overlapping span with the wrong type.
    WrongSpanType,
    /// Argument span matched, actor country differs.
    WrongCountry,
    /// Commitment amount matched, committer countries differ.
    WrongCommitters,
    /// Commitment at the same place with another amount or currency.
    WrongAmount,
}

/// A marked span in the gold text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marked {
    /// First char in the document, inclusive.
    pub start: usize,
    /// One past the last char in the document.
    pub end: usize,
    /// The gold text at `[start, end)`.
    pub text: String,
    /// Type, role or value label.
    pub label: String,
}

/// The sentence a mistake is shown in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// First char in the document.
    pub start: usize,
    /// One past the last char in the document.
    pub end: usize,
    /// The sentence text.
    pub text: String,
}

/// One mistake: a miss, a false alarm, or a partly right match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mistake {
    /// Document id.
    pub doc_id: String,
    /// Layer.
    pub layer: Layer,
    /// Kind.
    pub kind: MistakeKind,
    /// The gold item, if any.
    pub gold: Option<Marked>,
    /// The predicted item, if any.
    pub pred: Option<Marked>,
    /// The gold sentence(s) around the items.
    pub sentence: Snippet,
    /// Context, e.g. the event an argument belongs to (may be empty).
    pub note: String,
}

/// One gold document and its prediction, with the gold sentence spans.
pub(crate) struct DocCtx<'a> {
    pub gold: &'a Record,
    pub pred: &'a Record,
    pub sentences: Sentences,
    char_len: usize,
}

impl<'a> DocCtx<'a> {
    pub fn new(gold: &'a Record, pred: &'a Record) -> DocCtx<'a> {
        DocCtx {
            gold,
            pred,
            sentences: Sentences::of(gold),
            char_len: gold.text.chars().count(),
        }
    }

    /// A mistake with `(start, end, label)` items, shown in their sentence.
    pub fn mistake(
        &self,
        layer: Layer,
        kind: MistakeKind,
        gold: Option<(usize, usize, String)>,
        pred: Option<(usize, usize, String)>,
        note: String,
    ) -> Mistake {
        let mut span: Option<(usize, usize)> = None;
        for (s, e, _) in gold.iter().chain(pred.iter()) {
            let around = self.sentences.around(*s, *e);
            span = Some(match span {
                None => (around.start, around.end),
                Some((a, b)) => (a.min(around.start), b.max(around.end)),
            });
        }
        let (start, end) = span.unwrap_or((0, 0));
        let (start, end) = (start.min(self.char_len), end.min(self.char_len));
        let text = |s: usize, e: usize| {
            char_slice(&self.gold.text, s, e.min(self.char_len))
                .unwrap_or("")
                .to_string()
        };
        let marked = |m: Option<(usize, usize, String)>| {
            m.map(|(s, e, label)| Marked {
                start: s,
                end: e,
                text: text(s, e),
                label,
            })
        };
        Mistake {
            doc_id: self.gold.id.clone(),
            layer,
            kind,
            gold: marked(gold),
            pred: marked(pred),
            sentence: Snippet {
                start,
                end,
                text: text(start, end),
            },
            note,
        }
    }
}

/// Scores `pred` against `gold`, pairing documents by `id`.
pub fn evaluate(gold: &[Record], pred: &[Record], opts: &EvalOptions) -> EvalReport {
    let mut docs = DocSummary {
        gold: gold.len(),
        pred: pred.len(),
        ..DocSummary::default()
    };
    let mut pred_by_id: HashMap<&str, &Record> = HashMap::new();
    for p in pred {
        match pred_by_id.entry(p.id.as_str()) {
            Entry::Occupied(_) => docs.duplicate_ids.push(p.id.clone()),
            Entry::Vacant(v) => {
                v.insert(p);
            }
        }
    }
    let mut seen = HashSet::new();
    let mut totals = DocTally::default();
    let mut per_doc = Vec::new();
    let mut mistakes = Vec::new();
    for g in gold {
        if !seen.insert(g.id.as_str()) {
            docs.duplicate_ids.push(g.id.clone());
            continue;
        }
        let empty;
        let mut list_mistakes = true;
        let p = match pred_by_id.get(g.id.as_str()) {
            Some(p) => {
                if p.text != g.text {
                    docs.text_mismatch.push(g.id.clone());
                }
                if p.error.is_some() {
                    docs.pred_errors.push(g.id.clone());
                }
                *p
            }
            None => {
                docs.missing_pred.push(g.id.clone());
                list_mistakes = false;
                empty = Record {
                    id: g.id.clone(),
                    text: g.text.clone(),
                    ..Record::default()
                };
                &empty
            }
        };
        // A document with no prediction at all is listed in `missing_pred`;
        // its gold counts as missed, but is not listed item by item.
        let mut doc_mistakes = Vec::new();
        let tally = score_doc(&DocCtx::new(g, p), opts, &mut doc_mistakes);
        if list_mistakes {
            mistakes.append(&mut doc_mistakes);
        }
        per_doc.push(tally.masses());
        totals.add(&tally);
    }
    docs.scored = seen.len();
    let mut extra = HashSet::new();
    docs.extra_pred = pred
        .iter()
        .filter(|p| !seen.contains(p.id.as_str()) && extra.insert(p.id.as_str()))
        .map(|p| p.id.clone())
        .collect();
    let mistakes_omitted = mistakes.len().saturating_sub(opts.max_mistakes);
    mistakes.truncate(opts.max_mistakes);
    EvalReport {
        schema: "accord-eval/1",
        documents: docs,
        entities: totals.entities.scores(),
        events: totals.events.scores(),
        arguments: totals.arguments.scores(),
        commitments: totals.commitments.scores(),
        bootstrap: bootstrap::intervals(&per_doc, opts),
        mistakes,
        mistakes_omitted,
    }
}

/// Counts for one document (or summed over several).
#[derive(Debug, Clone, Default)]
struct DocTally {
    entities: entities::EntityTally,
    events: events::EventTally,
    arguments: arguments::ArgTally,
    commitments: commitments::CommitTally,
}

impl DocTally {
    fn add(&mut self, other: &DocTally) {
        self.entities.add(&other.entities);
        self.events.add(&other.events);
        self.arguments.add(&other.arguments);
        self.commitments.add(&other.commitments);
    }

    /// The headline metrics' masses, in [`bootstrap::HEADLINES`] order.
    fn masses(&self) -> [prf::Mass; bootstrap::HEADLINES.len()] {
        let e = self.entities.micro();
        [
            e[0].mass(),
            e[1].mass(),
            e[2].mass(),
            e[3].mass(),
            self.events.identification.mass(),
            self.events.classification.total().mass(),
            self.events.sentence.total().mass(),
            self.arguments.country.total().mass(),
            self.arguments.span.total().mass(),
            self.commitments.amount.total().mass(),
            self.commitments.tuple.total().mass(),
        ]
    }
}

fn score_doc(ctx: &DocCtx, opts: &EvalOptions, mistakes: &mut Vec<Mistake>) -> DocTally {
    let entities = entities::score_doc(ctx, mistakes);
    let (events, pairs) = events::score_doc(ctx, mistakes);
    let arguments = arguments::score_doc(ctx, &pairs, mistakes);
    let commitments = commitments::score_doc(ctx, opts.amount_tolerance, mistakes);
    DocTally {
        entities,
        events,
        arguments,
        commitments,
    }
}
