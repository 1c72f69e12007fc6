//! Precision, recall and F1 from match counts.
//!
//! Two shapes: [`Prf`] for plain true/false positive counts (events,
//! arguments, commitments) and [`Counts`] for the SemEval-2013 / nervaluate
//! categories (entities). Both follow one convention for empty denominators:
//! when there is nothing to find and nothing was found, precision, recall and
//! F1 are 1.0 (a vacuously perfect score, so that gold scored against itself
//! reads 1.0 everywhere); otherwise an undefined ratio is 0.0.

use std::collections::BTreeMap;

use serde::Serialize;

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Prf {
    /// True positives: predictions matched to gold.
    pub tp: usize,
    /// False positives: predictions with no gold partner.
    pub fp: usize,
    /// False negatives: gold items with no prediction.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// `tp / (tp + fp)`.
    pub precision: f64,
    /// `tp / (tp + fn)`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// Scores from counts.
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let (precision, recall, f1) = ratios(tp as f64, (tp + fp) as f64, (tp + fn_) as f64);
        Prf {
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }

    /// Gold items (`tp + fn`).
    pub fn support(&self) -> usize {
        self.tp + self.fn_
    }
}

/// SemEval-2013 categories for one scheme, with the scores they give.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Counts {
    /// COR: counted as right under the scheme.
    pub correct: usize,
    /// INC: matched to a gold mention but wrong under the scheme.
    pub incorrect: usize,
    /// PAR: boundaries overlap but differ (partial scheme only; half credit).
    pub partial: usize,
    /// MIS: gold mentions no prediction matched.
    pub missed: usize,
    /// SPU: predictions that matched no gold mention.
    pub spurious: usize,
    /// POS = COR + INC + PAR + MIS, the number of gold mentions.
    pub possible: usize,
    /// ACT = COR + INC + PAR + SPU, the number of predicted mentions.
    pub actual: usize,
    /// `(COR + 0.5 PAR) / ACT`.
    pub precision: f64,
    /// `(COR + 0.5 PAR) / POS`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// Raw counts of `tp`, `fp` and `fn`, summed before scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }

    pub fn prf(self) -> Prf {
        Prf::new(self.tp, self.fp, self.fn_)
    }

    /// The bootstrap's view: matched weight, predictions, gold.
    pub fn mass(self) -> Mass {
        Mass {
            matched: self.tp as f64,
            actual: (self.tp + self.fp) as f64,
            possible: (self.tp + self.fn_) as f64,
        }
    }
}

/// Raw SemEval-2013 category counts, summed before scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct CatTally {
    pub cor: usize,
    pub inc: usize,
    pub par: usize,
    pub mis: usize,
    pub spu: usize,
}

impl CatTally {
    pub fn add(&mut self, other: CatTally) {
        self.cor += other.cor;
        self.inc += other.inc;
        self.par += other.par;
        self.mis += other.mis;
        self.spu += other.spu;
    }

    pub fn mass(self) -> Mass {
        Mass {
            matched: self.cor as f64 + 0.5 * self.par as f64,
            actual: (self.cor + self.inc + self.par + self.spu) as f64,
            possible: (self.cor + self.inc + self.par + self.mis) as f64,
        }
    }

    pub fn counts(self) -> Counts {
        let m = self.mass();
        let (precision, recall, f1) = ratios(m.matched, m.actual, m.possible);
        Counts {
            correct: self.cor,
            incorrect: self.inc,
            partial: self.par,
            missed: self.mis,
            spurious: self.spu,
            possible: self.cor + self.inc + self.par + self.mis,
            actual: self.cor + self.inc + self.par + self.spu,
            precision,
            recall,
            f1,
        }
    }
}

/// What every headline score reduces to, so the bootstrap can resum documents.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Mass {
    /// Credit for matches (COR + 0.5 PAR, or TP).
    pub matched: f64,
    /// Number of predictions.
    pub actual: f64,
    /// Number of gold items.
    pub possible: f64,
}

impl Mass {
    pub fn add(&mut self, other: Mass) {
        self.matched += other.matched;
        self.actual += other.actual;
        self.possible += other.possible;
    }

    pub fn f1(self) -> f64 {
        ratios(self.matched, self.actual, self.possible).2
    }
}

/// Tallies keyed by a label (a type, role or currency).
#[derive(Debug, Clone)]
pub(crate) struct Keyed<K: Ord>(pub BTreeMap<K, Tally>);

impl<K: Ord> Default for Keyed<K> {
    fn default() -> Keyed<K> {
        Keyed(BTreeMap::new())
    }
}

impl<K: Ord> Keyed<K> {
    pub fn tp(&mut self, key: K) {
        self.0.entry(key).or_default().tp += 1;
    }
    pub fn fp(&mut self, key: K) {
        self.0.entry(key).or_default().fp += 1;
    }
    pub fn fn_(&mut self, key: K) {
        self.0.entry(key).or_default().fn_ += 1;
    }
    pub fn total(&self) -> Tally {
        let mut t = Tally::default();
        self.0.values().for_each(|v| t.add(*v));
        t
    }
    pub fn merge(&mut self, other: Keyed<K>) {
        for (k, v) in other.0 {
            self.0.entry(k).or_default().add(v);
        }
    }
}

/// Precision, recall and F1 from matched credit, predictions and gold.
fn ratios(matched: f64, actual: f64, possible: f64) -> (f64, f64, f64) {
    if actual == 0.0 && possible == 0.0 {
        return (1.0, 1.0, 1.0);
    }
    let p = if actual > 0.0 { matched / actual } else { 0.0 };
    let r = if possible > 0.0 { matched / possible } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn prf_table() {
        // (tp, fp, fn) -> (p, r, f1), computed by hand.
        for (tp, fp, fn_, p, r, f) in [
            (3, 1, 2, 0.75, 0.6, 2.0 * 0.75 * 0.6 / 1.35),
            (0, 0, 0, 1.0, 1.0, 1.0),
            (0, 2, 0, 0.0, 0.0, 0.0),
            (0, 0, 4, 0.0, 0.0, 0.0),
            (5, 0, 0, 1.0, 1.0, 1.0),
            (1, 1, 1, 0.5, 0.5, 0.5),
        ] {
            let s = Prf::new(tp, fp, fn_);
            assert!(close(s.precision, p) && close(s.recall, r) && close(s.f1, f), "{s:?}");
        }
    }

    #[test]
    fn partial_counts_give_half_credit() {
        let c = CatTally {
            cor: 2,
            inc: 1,
            par: 2,
            mis: 1,
            spu: 3,
        }
        .counts();
        assert_eq!((c.possible, c.actual), (6, 8));
        assert!(close(c.precision, 3.0 / 8.0) && close(c.recall, 0.5));
        assert!(close(c.f1, 2.0 * 3.0 / 14.0));
        assert!(close(
            CatTally {
                cor: 2,
                inc: 1,
                par: 2,
                mis: 1,
                spu: 3
            }
            .mass()
            .f1(),
            c.f1
        ));
    }

    #[test]
    fn keyed_tallies_sum() {
        let mut k = Keyed::default();
        k.tp("A");
        k.fp("B");
        k.fn_("A");
        k.tp("A");
        assert_eq!(k.total(), Tally { tp: 2, fp: 1, fn_: 1 });
        assert_eq!(k.0["A"], Tally { tp: 2, fp: 0, fn_: 1 });
    }
}
