//! Event scoring: trigger identification and classification, sentence-level
//! type sets, and the confusion matrix of event types.
//!
//! Triggers are char spans. A prediction *identifies* a gold event when their
//! triggers overlap, and *classifies* it when the types are also equal. Both
//! matchings are one-to-one (see [matching](super#matching)), preferring exact trigger
//! spans, then larger overlaps. Identification first takes pairs of equal
//! type, in the order classification takes them, so every classified pair is
//! also identified and identification never scores below classification.
//! The confusion matrix is read off the identification matching, with a
//! `NONE` row for false alarms and a `NONE` column for misses.
//!
//! Sentence level: each event is placed in the gold sentence holding its
//! trigger start; per sentence the set of gold types is compared with the set
//! of predicted types (a type stated twice in a sentence counts once).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::align::{greedy, overlap, Partners};
use super::prf::{Keyed, Prf, Tally};
use super::{DocCtx, Layer, Mistake, MistakeKind};
use crate::record::{Event, EventType};

/// Label of the confusion matrix row/column for "no event".
pub const NONE_LABEL: &str = "NONE";

/// Event scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EventScores {
    /// Trigger overlap, type ignored.
    pub identification: Prf,
    /// Trigger overlap and equal type.
    pub classification: Prf,
    /// Classification per event type (all 16 PLOVER types, always present).
    pub by_type: BTreeMap<String, Prf>,
    /// Sets of event types per sentence.
    pub sentence: SentenceScores,
    /// Gold type (rows) against predicted type (columns).
    pub confusion: Confusion,
}

/// Sentence-level type-set scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SentenceScores {
    /// All types together.
    pub micro: Prf,
    /// Per event type (all 16, always present).
    pub by_type: BTreeMap<String, Prf>,
}

/// A confusion matrix of event types over identified triggers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Confusion {
    /// Row and column labels: the 16 types in ONTOLOGY.md order, then `NONE`.
    pub labels: Vec<String>,
    /// `matrix[gold][pred]`: how often a gold event of the row's type was
    /// identified by a prediction of the column's type. Row `NONE` holds false
    /// alarms, column `NONE` misses.
    pub matrix: Vec<Vec<usize>>,
}

const N: usize = EventType::ALL.len();

/// Event counts for one or more documents.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventTally {
    pub identification: Tally,
    pub classification: Keyed<EventType>,
    pub sentence: Keyed<EventType>,
    pub confusion: Vec<[usize; N + 1]>,
}

impl EventTally {
    pub fn add(&mut self, other: &EventTally) {
        self.identification.add(other.identification);
        self.classification.merge(other.classification.clone());
        self.sentence.merge(other.sentence.clone());
        self.confusion.resize(N + 1, [0; N + 1]);
        for (row, theirs) in self.confusion.iter_mut().zip(&other.confusion) {
            for (a, b) in row.iter_mut().zip(theirs) {
                *a += b;
            }
        }
    }

    pub fn scores(&self) -> EventScores {
        let per_type = |k: &Keyed<EventType>| {
            EventType::ALL
                .iter()
                .map(|t| (t.as_str().to_string(), k.0.get(t).copied().unwrap_or_default().prf()))
                .collect()
        };
        let mut labels: Vec<String> = EventType::ALL.iter().map(|t| t.as_str().to_string()).collect();
        labels.push(NONE_LABEL.to_string());
        let mut matrix: Vec<Vec<usize>> = self.confusion.iter().map(|r| r.to_vec()).collect();
        matrix.resize(N + 1, vec![0; N + 1]);
        EventScores {
            identification: self.identification.prf(),
            classification: self.classification.total().prf(),
            by_type: per_type(&self.classification),
            sentence: SentenceScores {
                micro: self.sentence.total().prf(),
                by_type: per_type(&self.sentence),
            },
            confusion: Confusion { labels, matrix },
        }
    }
}

fn index(t: EventType) -> usize {
    EventType::ALL.iter().position(|x| *x == t).unwrap_or(0)
}

fn trig(e: &Event) -> (usize, usize) {
    (e.trigger.start, e.trigger.end)
}

/// Scores one document's events; returns the tallies and the classification
/// pairs `(gold index, pred index)` into the records' `events`.
pub(crate) fn score_doc(ctx: &DocCtx, mistakes: &mut Vec<Mistake>) -> (EventTally, Vec<(usize, usize)>) {
    let gold = &ctx.gold.events;
    let pred = &ctx.pred.events;
    let mut tally = EventTally {
        confusion: vec![[0; N + 1]; N + 1],
        ..EventTally::default()
    };

    let ident = greedy(gold.len(), pred.len(), |g, p| {
        let shared = overlap(trig(&gold[g]), trig(&pred[p]));
        (shared > 0).then(|| (gold[g].kind == pred[p].kind, trig(&gold[g]) == trig(&pred[p]), shared))
    });
    let ident_of = Partners::new(gold.len(), pred.len(), &ident);
    tally.identification = Tally {
        tp: ident.len(),
        fp: pred.len() - ident.len(),
        fn_: gold.len() - ident.len(),
    };
    for &(g, p) in &ident {
        tally.confusion[index(gold[g].kind)][index(pred[p].kind)] += 1;
    }
    for (_, e) in gold.iter().enumerate().filter(|(g, _)| ident_of.gold[*g].is_none()) {
        tally.confusion[index(e.kind)][N] += 1;
    }
    for (_, e) in pred.iter().enumerate().filter(|(p, _)| ident_of.pred[*p].is_none()) {
        tally.confusion[N][index(e.kind)] += 1;
    }

    let class = greedy(gold.len(), pred.len(), |g, p| {
        let shared = overlap(trig(&gold[g]), trig(&pred[p]));
        (shared > 0 && gold[g].kind == pred[p].kind).then(|| (trig(&gold[g]) == trig(&pred[p]), shared))
    });
    let class_of = Partners::new(gold.len(), pred.len(), &class);
    for &(g, _) in &class {
        tally.classification.tp(gold[g].kind);
    }
    let mut reported = vec![false; pred.len()];
    for (g, e) in gold.iter().enumerate() {
        if class_of.gold[g].is_some() {
            continue;
        }
        tally.classification.fn_(e.kind);
        match ident_of.gold[g] {
            Some(p) if class_of.pred[p].is_none() => {
                reported[p] = true;
                let m = ctx.mistake(
                    Layer::Event,
                    MistakeKind::WrongType,
                    Some(marked(e)),
                    Some(marked(&pred[p])),
                    String::new(),
                );
                mistakes.push(m);
            }
            _ => mistakes.push(ctx.mistake(Layer::Event, MistakeKind::Missed, Some(marked(e)), None, String::new())),
        }
    }
    for (p, e) in pred.iter().enumerate() {
        if class_of.pred[p].is_some() {
            continue;
        }
        tally.classification.fp(e.kind);
        if !reported[p] {
            mistakes.push(ctx.mistake(
                Layer::Event,
                MistakeKind::FalseAlarm,
                None,
                Some(marked(e)),
                String::new(),
            ));
        }
    }

    let sets = |events: &[Event]| -> BTreeSet<(usize, EventType)> {
        events
            .iter()
            .map(|e| (ctx.sentences.index_of(e.trigger.start), e.kind))
            .collect()
    };
    let (gs, ps) = (sets(gold), sets(pred));
    for (_, t) in gs.intersection(&ps) {
        tally.sentence.tp(*t);
    }
    for (_, t) in ps.difference(&gs) {
        tally.sentence.fp(*t);
    }
    for (_, t) in gs.difference(&ps) {
        tally.sentence.fn_(*t);
    }
    (tally, class)
}

fn marked(e: &Event) -> (usize, usize, String) {
    (e.trigger.start, e.trigger.end, e.kind.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, event};
    use super::super::{evaluate, EvalOptions};
    use super::*;

    fn counts(p: &Prf) -> (usize, usize, usize) {
        (p.tp, p.fp, p.fn_)
    }

    #[test]
    fn identification_and_classification_by_hand() {
        // Text: "A met B. C said no. D hit E."  Gold: CONSULT "met" 2..5,
        // REJECT "said no" 11..18, ASSAULT "hit" 22..25.
        // Pred: CONSULT 2..5 (right), ACCUSE 11..15 (overlap, wrong type),
        // ASSAULT 22..25 twice (duplicate), AID 0..1 (false alarm).
        let text = "A met B. C said no. D hit E.";
        let mut gold = doc(
            "d",
            vec![],
            vec![
                event(2, 5, "CONSULT"),
                event(11, 18, "REJECT"),
                event(22, 25, "ASSAULT"),
            ],
        );
        gold.text = text.into();
        let mut pred = doc(
            "d",
            vec![],
            vec![
                event(2, 5, "CONSULT"),
                event(11, 15, "ACCUSE"),
                event(22, 25, "ASSAULT"),
                event(22, 25, "ASSAULT"),
                event(0, 1, "AID"),
            ],
        );
        pred.text = text.into();
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        let ev = &r.events;
        assert_eq!(counts(&ev.identification), (3, 2, 0));
        assert_eq!(counts(&ev.classification), (2, 3, 1));
        assert!((ev.classification.precision - 0.4).abs() < 1e-9);
        assert!((ev.classification.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(counts(&ev.by_type["REJECT"]), (0, 0, 1));
        assert_eq!(counts(&ev.by_type["ACCUSE"]), (0, 1, 0));
        assert_eq!(counts(&ev.by_type["ASSAULT"]), (1, 1, 0));
        // Sentences: {CONSULT, AID} vs {CONSULT}; {ACCUSE} vs {REJECT}; {ASSAULT} vs {ASSAULT}.
        assert_eq!(counts(&ev.sentence.micro), (2, 2, 1));
        let c = &ev.confusion;
        let at = |g: &str, p: &str| {
            let i = |l: &str| c.labels.iter().position(|x| x == l).unwrap();
            c.matrix[i(g)][i(p)]
        };
        assert_eq!(at("REJECT", "ACCUSE"), 1);
        assert_eq!(at("ASSAULT", "ASSAULT"), 1);
        assert_eq!(at("NONE", "ASSAULT"), 1);
        assert_eq!(at("NONE", "AID"), 1);
        assert_eq!(c.matrix.iter().flatten().sum::<usize>(), 5);
        let kinds: Vec<_> = r
            .mistakes
            .iter()
            .filter(|m| m.layer == Layer::Event)
            .map(|m| m.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![MistakeKind::WrongType, MistakeKind::FalseAlarm, MistakeKind::FalseAlarm]
        );
    }

    #[test]
    fn no_gold_or_no_predictions() {
        let gold = doc("d", vec![], vec![event(2, 5, "CONSULT")]);
        let none = doc("d", vec![], vec![]);
        let r = evaluate(
            std::slice::from_ref(&gold),
            std::slice::from_ref(&none),
            &EvalOptions::quick(),
        );
        assert_eq!(counts(&r.events.classification), (0, 0, 1));
        assert_eq!(r.events.classification.f1, 0.0);
        let r = evaluate(std::slice::from_ref(&none), &[gold], &EvalOptions::quick());
        assert_eq!(counts(&r.events.identification), (0, 1, 0));
        let r = evaluate(
            std::slice::from_ref(&none),
            std::slice::from_ref(&none),
            &EvalOptions::quick(),
        );
        assert_eq!(r.events.classification.f1, 1.0);
        assert_eq!(r.events.by_type.len(), 16);
    }

    #[test]
    fn type_sets_collapse_repeats_within_a_sentence() {
        let gold = doc("d", vec![], vec![event(0, 1, "AGREE"), event(2, 3, "AGREE")]);
        let pred = doc("d", vec![], vec![event(4, 5, "AGREE")]);
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        assert_eq!(counts(&r.events.sentence.micro), (1, 0, 0));
        assert_eq!(counts(&r.events.identification), (0, 1, 2));
    }
}
