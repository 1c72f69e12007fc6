//! Entity mention scoring: the SemEval-2013 task 9.1 schemes as nervaluate
//! computes them, over char spans, with `NOM` left out on both sides.
//!
//! Each prediction is paired with at most one gold mention (see
//! [matching](super#matching)), preferring, in order: same span and type, same span,
//! overlap with the same type, any overlap; then the larger overlap. A pair
//! falls in one category per scheme:
//!
//! | pair                         | strict | exact | partial | type |
//! |------------------------------|--------|-------|---------|------|
//! | same span, same type         | COR    | COR   | COR     | COR  |
//! | same span, other type        | INC    | COR   | COR     | INC  |
//! | overlap, same type           | INC    | INC   | PAR     | COR  |
//! | overlap, other type          | INC    | INC   | PAR     | INC  |
//!
//! Unpaired gold mentions are MIS and unpaired predictions SPU in every
//! scheme. Unlike nervaluate, a gold mention is never paired twice, so POS is
//! always the number of gold mentions and ACT the number of predictions; a
//! duplicate prediction is SPU. Per type, pairs and misses count under the
//! gold type and spurious predictions under the predicted type.

use std::collections::BTreeMap;

use serde::Serialize;

use super::align::{greedy, overlap, Partners};
use super::prf::{CatTally, Counts};
use super::{DocCtx, Layer, Mistake, MistakeKind};
use crate::record::{Entity, EntityType};

/// The four schemes' scores.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Schemes {
    /// Span and type must both be right.
    pub strict: Counts,
    /// The span must be right, whatever the type.
    pub exact: Counts,
    /// Overlapping spans get half credit, whatever the type.
    pub partial: Counts,
    /// Spans must overlap and the type be right.
    #[serde(rename = "type")]
    pub ent_type: Counts,
}

/// Entity scores: micro-averaged over all types, and per type.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EntityScores {
    /// All types together.
    pub micro: Schemes,
    /// Per type label (`PER`, `ORG`, ...; every type but `NOM`, always present).
    pub by_type: BTreeMap<String, Schemes>,
}

/// Scheme slots in a `[CatTally; 4]`.
const STRICT: usize = 0;
const EXACT: usize = 1;
const PARTIAL: usize = 2;
const TYPE: usize = 3;

/// Category counts per type and scheme for one or more documents.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntityTally(pub BTreeMap<EntityType, [CatTally; 4]>);

impl EntityTally {
    pub fn add(&mut self, other: &EntityTally) {
        for (k, v) in &other.0 {
            let slot = self.0.entry(*k).or_default();
            for s in 0..4 {
                slot[s].add(v[s]);
            }
        }
    }

    /// Summed over types, one tally per scheme.
    pub fn micro(&self) -> [CatTally; 4] {
        let mut out = [CatTally::default(); 4];
        for v in self.0.values() {
            for s in 0..4 {
                out[s].add(v[s]);
            }
        }
        out
    }

    pub fn scores(&self) -> EntityScores {
        let schemes = |t: [CatTally; 4]| Schemes {
            strict: t[STRICT].counts(),
            exact: t[EXACT].counts(),
            partial: t[PARTIAL].counts(),
            ent_type: t[TYPE].counts(),
        };
        let by_type = EntityType::ALL
            .iter()
            .filter(|t| **t != EntityType::Nom)
            .map(|t| {
                (
                    t.as_str().to_string(),
                    schemes(self.0.get(t).copied().unwrap_or_default()),
                )
            })
            .collect();
        EntityScores {
            micro: schemes(self.micro()),
            by_type,
        }
    }
}

/// How a (gold, prediction) pair agrees; the order ranks candidate pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Agreement {
    Overlap,
    OverlapType,
    Span,
    SpanType,
}

fn span(e: &Entity) -> (usize, usize) {
    (e.start, e.end)
}

fn agreement(g: &Entity, p: &Entity) -> Option<(Agreement, usize)> {
    let shared = overlap(span(g), span(p));
    if shared == 0 {
        return None;
    }
    let same_span = span(g) == span(p);
    let same_type = g.kind == p.kind;
    let a = match (same_span, same_type) {
        (true, true) => Agreement::SpanType,
        (true, false) => Agreement::Span,
        (false, true) => Agreement::OverlapType,
        (false, false) => Agreement::Overlap,
    };
    Some((a, shared))
}

/// Scores one document's entities and lists its mistakes.
pub(crate) fn score_doc(ctx: &DocCtx, mistakes: &mut Vec<Mistake>) -> EntityTally {
    let gold: Vec<&Entity> = ctx.gold.entities.iter().filter(|e| e.kind != EntityType::Nom).collect();
    let pred: Vec<&Entity> = ctx.pred.entities.iter().filter(|e| e.kind != EntityType::Nom).collect();
    let pairs = greedy(gold.len(), pred.len(), |g, p| agreement(gold[g], pred[p]));
    let partners = Partners::new(gold.len(), pred.len(), &pairs);
    let mut tally = EntityTally::default();
    use Category::*;
    for &(g, p) in &pairs {
        let (a, _) = match agreement(gold[g], pred[p]) {
            Some(a) => a,
            None => continue,
        };
        let cats = match a {
            Agreement::SpanType => [Cor, Cor, Cor, Cor],
            Agreement::Span => [Inc, Cor, Cor, Inc],
            Agreement::OverlapType => [Inc, Inc, Par, Cor],
            Agreement::Overlap => [Inc, Inc, Par, Inc],
        };
        let slot = tally.0.entry(gold[g].kind).or_default();
        for (s, c) in cats.iter().enumerate() {
            c.count(&mut slot[s]);
        }
        let kind = match a {
            Agreement::SpanType => continue,
            Agreement::Span => MistakeKind::WrongType,
            Agreement::OverlapType => MistakeKind::WrongSpan,
            Agreement::Overlap => MistakeKind::WrongSpanType,
        };
        mistakes.push(ctx.mistake(
            Layer::Entity,
            kind,
            Some(marked(gold[g])),
            Some(marked(pred[p])),
            String::new(),
        ));
    }
    for (g, e) in gold.iter().enumerate() {
        if partners.gold[g].is_none() {
            tally.0.entry(e.kind).or_default().iter_mut().for_each(|t| t.mis += 1);
            mistakes.push(ctx.mistake(Layer::Entity, MistakeKind::Missed, Some(marked(e)), None, String::new()));
        }
    }
    for (p, e) in pred.iter().enumerate() {
        if partners.pred[p].is_none() {
            tally.0.entry(e.kind).or_default().iter_mut().for_each(|t| t.spu += 1);
            mistakes.push(ctx.mistake(
                Layer::Entity,
                MistakeKind::FalseAlarm,
                None,
                Some(marked(e)),
                String::new(),
            ));
        }
    }
    tally
}

fn marked(e: &Entity) -> (usize, usize, String) {
    (e.start, e.end, e.kind.as_str().to_string())
}

#[derive(Clone, Copy)]
enum Category {
    Cor,
    Inc,
    Par,
}

impl Category {
    fn count(self, t: &mut CatTally) {
        match self {
            Category::Cor => t.cor += 1,
            Category::Inc => t.inc += 1,
            Category::Par => t.par += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, ent};
    use super::super::{evaluate, EvalOptions};
    use super::*;

    fn cats(c: &Counts) -> [usize; 5] {
        [c.correct, c.incorrect, c.partial, c.missed, c.spurious]
    }

    /// The nervaluate README example, in char offsets: gold PER 0..5, LOC
    /// 10..15, ORG 20..25, MISC 30..35; predicted PER 0..5 (right), LOC 10..17
    /// (overlap), PER 20..25 (type), nothing for MISC, and a spurious LOC 40..42.
    #[test]
    fn semeval_schemes_by_hand() {
        let gold = doc(
            "d",
            vec![
                ent(0, 5, "PER"),
                ent(10, 15, "LOC"),
                ent(20, 25, "ORG"),
                ent(30, 35, "MISC"),
            ],
            vec![],
        );
        let pred = doc(
            "d",
            vec![
                ent(0, 5, "PER"),
                ent(10, 17, "LOC"),
                ent(20, 25, "PER"),
                ent(40, 42, "LOC"),
            ],
            vec![],
        );
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        let m = &r.entities.micro;
        assert_eq!(cats(&m.strict), [1, 2, 0, 1, 1]);
        assert_eq!(cats(&m.exact), [2, 1, 0, 1, 1]);
        assert_eq!(cats(&m.partial), [2, 0, 1, 1, 1]);
        assert_eq!(cats(&m.ent_type), [2, 1, 0, 1, 1]);
        assert!((m.strict.precision - 0.25).abs() < 1e-9 && (m.strict.recall - 0.25).abs() < 1e-9);
        assert!((m.partial.precision - 2.5 / 4.0).abs() < 1e-9);
        assert!((m.partial.recall - 2.5 / 4.0).abs() < 1e-9);
        // Per type: the PER prediction on ORG counts under ORG; the spurious LOC under LOC.
        assert_eq!(cats(&r.entities.by_type["ORG"].strict), [0, 1, 0, 0, 0]);
        assert_eq!(cats(&r.entities.by_type["LOC"].strict), [0, 1, 0, 0, 1]);
        assert_eq!(cats(&r.entities.by_type["LOC"].ent_type), [1, 0, 0, 0, 1]);
        assert_eq!(cats(&r.entities.by_type["MISC"].strict), [0, 0, 0, 1, 0]);
    }

    #[test]
    fn nom_is_left_out_and_duplicates_are_spurious() {
        let gold = doc("d", vec![ent(0, 5, "PER"), ent(6, 9, "NOM")], vec![]);
        let pred = doc("d", vec![ent(0, 5, "PER"), ent(0, 5, "PER"), ent(6, 9, "NOM")], vec![]);
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        assert_eq!(cats(&r.entities.micro.strict), [1, 0, 0, 0, 1]);
        assert!((r.entities.micro.strict.precision - 0.5).abs() < 1e-9);
        assert_eq!(r.entities.micro.strict.recall, 1.0);
    }

    #[test]
    fn overlapping_predictions_pair_with_the_best_gold() {
        // Pred 3..12 overlaps gold A 0..5 by 2 and gold B 8..12 by 4 (same type);
        // pred 0..5 is exact on A. Both gold mentions are paired.
        let gold = doc("d", vec![ent(0, 5, "ORG"), ent(8, 12, "ORG")], vec![]);
        let pred = doc("d", vec![ent(3, 12, "ORG"), ent(0, 5, "ORG")], vec![]);
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        assert_eq!(cats(&r.entities.micro.strict), [1, 1, 0, 0, 0]);
        assert_eq!(cats(&r.entities.micro.ent_type), [2, 0, 0, 0, 0]);
        assert_eq!(cats(&r.entities.micro.partial), [1, 0, 1, 0, 0]);
    }

    #[test]
    fn empty_sides() {
        let gold = doc("d", vec![ent(0, 5, "PER")], vec![]);
        let none = doc("d", vec![], vec![]);
        let r = evaluate(
            std::slice::from_ref(&gold),
            std::slice::from_ref(&none),
            &EvalOptions::quick(),
        );
        assert_eq!(cats(&r.entities.micro.strict), [0, 0, 0, 1, 0]);
        assert_eq!(
            (r.entities.micro.strict.precision, r.entities.micro.strict.f1),
            (0.0, 0.0)
        );
        let r = evaluate(std::slice::from_ref(&none), &[gold], &EvalOptions::quick());
        assert_eq!(cats(&r.entities.micro.strict), [0, 0, 0, 0, 1]);
        assert_eq!(r.entities.micro.strict.recall, 0.0);
        let r = evaluate(
            std::slice::from_ref(&none),
            std::slice::from_ref(&none),
            &EvalOptions::quick(),
        );
        assert_eq!(r.entities.micro.strict.f1, 1.0);
    }
}
