//! Commitment scoring.
//!
//! Every event whose `commitment` has an `amount` gives one item: the sorted
//! set of its sources' actor countries (the committers), the amount's value
//! and its currency (ISO 4217, compared case-blind). Only the commitment's own
//! amount counts; a `previous` commitment it builds on is not scored. Two
//! schemes, each matched one-to-one per document, closest amount first:
//!
//! - **amount**: the currency is equal and the value within the tolerance
//!   (0.5% of the gold value by default);
//! - **tuple**: the committers are equal too.
//!
//! Per currency, matches and misses count under the gold currency and false
//! alarms under the predicted one.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::Serialize;

use super::align::{greedy, overlap, Partners};
use super::prf::{Keyed, Prf};
use super::{DocCtx, Layer, Mistake, MistakeKind};
use crate::record::Record;

/// One scheme's scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CurrencyScores {
    /// All currencies together.
    pub micro: Prf,
    /// Per currency code seen in gold or predictions.
    pub by_currency: BTreeMap<String, Prf>,
}

/// Commitment scores under both schemes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CommitmentScores {
    /// Amount within tolerance and currency.
    pub amount: CurrencyScores,
    /// Committer countries, amount within tolerance, and currency.
    pub tuple: CurrencyScores,
}

/// Commitment counts for one or more documents.
#[derive(Debug, Clone, Default)]
pub(crate) struct CommitTally {
    pub amount: Keyed<String>,
    pub tuple: Keyed<String>,
}

impl CommitTally {
    pub fn add(&mut self, other: &CommitTally) {
        self.amount.merge(other.amount.clone());
        self.tuple.merge(other.tuple.clone());
    }

    pub fn scores(&self) -> CommitmentScores {
        let cs = |k: &Keyed<String>| CurrencyScores {
            micro: k.total().prf(),
            by_currency: k.0.iter().map(|(c, t)| (c.clone(), t.prf())).collect(),
        };
        CommitmentScores {
            amount: cs(&self.amount),
            tuple: cs(&self.tuple),
        }
    }
}

/// One scored commitment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub committers: Vec<String>,
    pub value: f64,
    pub currency: String,
    /// Where to show it: the amount's MONEY mention, else the event trigger.
    pub at: (usize, usize),
}

impl Item {
    fn label(&self) -> String {
        // 1e13 reads better than 10000000000000.
        let value = if self.value.abs() >= 1e6 {
            format!("{:e}", self.value)
        } else {
            self.value.to_string()
        };
        format!("{} {value} [{}]", self.currency, self.committers.join(","))
    }
}

/// The commitments with an amount in a record.
pub(crate) fn items(r: &Record) -> Vec<Item> {
    let mut out = Vec::new();
    for e in &r.events {
        let Some(amount) = e.commitment.as_ref().and_then(|c| c.amount.as_ref()) else {
            continue;
        };
        let mut committers: Vec<String> = e
            .sources
            .iter()
            .filter_map(|id| Some(r.entity(id)?.country()?.to_owned()))
            .collect();
        committers.sort();
        committers.dedup();
        let at = amount
            .entity
            .as_deref()
            .and_then(|id| r.entity(id))
            .map_or((e.trigger.start, e.trigger.end), |m| (m.start, m.end));
        out.push(Item {
            committers,
            value: amount.value,
            currency: amount.currency.trim().to_ascii_uppercase(),
            at,
        });
    }
    out
}

/// Relative error of `pred` against `gold`, when within `tolerance`.
pub(crate) fn within(gold: f64, pred: f64, tolerance: f64) -> Option<f64> {
    if !gold.is_finite() || !pred.is_finite() {
        return None;
    }
    let diff = (pred - gold).abs();
    if gold == 0.0 {
        return (diff == 0.0).then_some(0.0);
    }
    let rel = diff / gold.abs();
    (rel <= tolerance).then_some(rel)
}

/// Scores one document's commitments.
pub(crate) fn score_doc(ctx: &DocCtx, tolerance: f64, mistakes: &mut Vec<Mistake>) -> CommitTally {
    let (gold, pred) = (items(ctx.gold), items(ctx.pred));
    // A non-negative f64's bit pattern orders like the number, so closer is greater.
    let rank = |g: &Item, p: &Item| {
        let rel = within(g.value, p.value, tolerance).filter(|_| g.currency == p.currency)?;
        Some(Reverse(rel.to_bits()))
    };
    // Pairs with equal committers go first, so the tuple matching is a subset
    // of the amount matching and `amount` never scores below `tuple`.
    let amount = greedy(gold.len(), pred.len(), |g, p| {
        Some((gold[g].committers == pred[p].committers, rank(&gold[g], &pred[p])?))
    });
    let tuple = greedy(gold.len(), pred.len(), |g, p| {
        rank(&gold[g], &pred[p]).filter(|_| gold[g].committers == pred[p].committers)
    });
    let mut tally = CommitTally::default();
    for (pairs, keyed) in [(&amount, &mut tally.amount), (&tuple, &mut tally.tuple)] {
        let m = Partners::new(gold.len(), pred.len(), pairs);
        for (g, item) in gold.iter().enumerate() {
            match m.gold[g] {
                Some(_) => keyed.tp(item.currency.clone()),
                None => keyed.fn_(item.currency.clone()),
            }
        }
        for (p, item) in pred.iter().enumerate() {
            if m.pred[p].is_none() {
                keyed.fp(item.currency.clone());
            }
        }
    }
    let by_amount = Partners::new(gold.len(), pred.len(), &amount);
    let by_tuple = Partners::new(gold.len(), pred.len(), &tuple);
    let mark = |i: &Item| Some((i.at.0, i.at.1, i.label()));
    let mut done = vec![false; pred.len()];
    let open = |p: usize, done: &[bool]| by_tuple.pred[p].is_none() && !done[p];
    for (g, item) in gold.iter().enumerate().filter(|(g, _)| by_tuple.gold[*g].is_none()) {
        // The same amount from other committers, else a prediction at the
        // same place with another amount or currency, else a plain miss.
        let (kind, partner) = match by_amount.gold[g].filter(|&p| open(p, &done)) {
            Some(p) => (MistakeKind::WrongCommitters, Some(p)),
            None => match (0..pred.len())
                .find(|&p| open(p, &done) && by_amount.pred[p].is_none() && overlap(item.at, pred[p].at) > 0)
            {
                Some(p) => (MistakeKind::WrongAmount, Some(p)),
                None => (MistakeKind::Missed, None),
            },
        };
        if let Some(p) = partner {
            done[p] = true;
        }
        mistakes.push(ctx.mistake(
            Layer::Commitment,
            kind,
            mark(item),
            partner.and_then(|p| mark(&pred[p])),
            String::new(),
        ));
    }
    for (p, item) in pred.iter().enumerate() {
        if open(p, &done) {
            mistakes.push(ctx.mistake(
                Layer::Commitment,
                MistakeKind::FalseAlarm,
                None,
                mark(item),
                String::new(),
            ));
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::super::tests::{commit_event, doc, ent_actor};
    use super::super::{evaluate, EvalOptions, MistakeKind};
    use super::*;

    fn c(p: &Prf) -> (usize, usize, usize) {
        (p.tp, p.fp, p.fn_)
    }

    #[test]
    fn tolerance_table() {
        for (g, p, ok) in [
            (1e13, 1e13, true),
            (1e13, 1.004e13, true),
            (1e13, 0.995e13, true),
            (1e13, 1.006e13, false),
            (0.0, 0.0, true),
            (0.0, 1.0, false),
            (100.0, f64::NAN, false),
            (-200.0, -200.5, true),
        ] {
            assert_eq!(within(g, p, 0.005).is_some(), ok, "{g} {p}");
        }
    }

    #[test]
    fn amount_and_tuple_by_hand() {
        let ents = vec![ent_actor("T1", 0, 5, Some("IND")), ent_actor("T2", 10, 15, Some("JPN"))];
        // Gold: IND+JPN pledge JPY 1e13; IND pledges USD 5e9.
        let gold = doc(
            "d",
            ents.clone(),
            vec![
                commit_event(20, 25, &["T2", "T1"], 1e13, "JPY"),
                commit_event(30, 35, &["T1"], 5e9, "USD"),
            ],
        );
        // Pred: JPY 1.003e13 from JPN only (amount ok, committers wrong);
        // USD 5e9 from IND (right); "usd" 5e9 again (duplicate); EUR 1 (false alarm).
        let pred = doc(
            "d",
            ents,
            vec![
                commit_event(20, 25, &["T2"], 1.003e13, "JPY"),
                commit_event(30, 35, &["T1"], 5e9, "USD"),
                commit_event(36, 38, &["T1"], 5e9, "usd"),
                commit_event(40, 45, &["T1"], 1.0, "EUR"),
            ],
        );
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        let cm = &r.commitments;
        assert_eq!(c(&cm.amount.micro), (2, 2, 0));
        assert_eq!(c(&cm.tuple.micro), (1, 3, 1));
        assert_eq!(c(&cm.tuple.by_currency["JPY"]), (0, 1, 1));
        assert_eq!(c(&cm.tuple.by_currency["USD"]), (1, 1, 0));
        assert_eq!(c(&cm.amount.by_currency["EUR"]), (0, 1, 0));
        let kinds: Vec<_> = r
            .mistakes
            .iter()
            .filter(|m| m.layer == Layer::Commitment)
            .map(|m| m.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                MistakeKind::WrongCommitters,
                MistakeKind::FalseAlarm,
                MistakeKind::FalseAlarm
            ]
        );
    }

    #[test]
    fn a_changed_amount_is_one_mistake() {
        let ents = vec![ent_actor("T1", 0, 5, Some("IND"))];
        let gold = doc("d", ents.clone(), vec![commit_event(20, 25, &["T1"], 1e9, "USD")]);
        let pred = doc("d", ents, vec![commit_event(20, 25, &["T1"], 2e9, "USD")]);
        let r = evaluate(&[gold], &[pred], &EvalOptions::quick());
        assert_eq!(c(&r.commitments.amount.micro), (0, 1, 1));
        let m: Vec<_> = r.mistakes.iter().filter(|m| m.layer == Layer::Commitment).collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, MistakeKind::WrongAmount);
        assert_eq!(m[0].pred.as_ref().map(|p| p.label.as_str()), Some("USD 2e9 [IND]"));
    }
}
