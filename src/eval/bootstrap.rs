//! Bootstrap confidence intervals on the headline F1s.
//!
//! Documents are the unit of resampling (mentions within a document are not
//! independent): each resample draws as many documents as were scored, with
//! replacement, sums their counts and recomputes each micro F1. The interval
//! is the percentile interval of those F1s (linear interpolation between
//! order statistics). The generator is SplitMix64 with a fixed seed, so a
//! report is reproducible bit for bit.

use std::collections::BTreeMap;

use serde::Serialize;

use super::prf::Mass;
use super::EvalOptions;

/// Names of the headline metrics, the keys of [`Bootstrap::intervals`].
pub const HEADLINES: [&str; 11] = [
    "entities.strict",
    "entities.exact",
    "entities.partial",
    "entities.type",
    "events.identification",
    "events.classification",
    "events.sentence",
    "arguments.country",
    "arguments.span",
    "commitments.amount",
    "commitments.tuple",
];

/// An F1 and its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// F1 on all documents.
    pub f1: f64,
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

/// The intervals and how they were computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bootstrap {
    /// Number of resamples (0: intervals collapse to the point estimate).
    pub resamples: usize,
    /// Generator seed.
    pub seed: u64,
    /// Confidence level.
    pub confidence: f64,
    /// Documents resampled.
    pub documents: usize,
    /// One interval per name in [`HEADLINES`].
    pub intervals: BTreeMap<String, Interval>,
}

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast and good enough for
/// drawing document indices.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (Lemire's multiply-shift; `n` must be non-zero).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates, from the back).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Intervals from per-document masses (one array per document, in
/// [`HEADLINES`] order).
pub(crate) fn intervals(per_doc: &[[Mass; HEADLINES.len()]], opts: &EvalOptions) -> Bootstrap {
    let mut total = [Mass::default(); HEADLINES.len()];
    for doc in per_doc {
        for (t, m) in total.iter_mut().zip(doc) {
            t.add(*m);
        }
    }
    let n = per_doc.len();
    let resamples = if n == 0 { 0 } else { opts.resamples };
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); HEADLINES.len()];
    let mut rng = SplitMix64::new(opts.seed);
    for _ in 0..resamples {
        let mut sum = [Mass::default(); HEADLINES.len()];
        for _ in 0..n {
            let doc = &per_doc[rng.below(n)];
            for (s, m) in sum.iter_mut().zip(doc) {
                s.add(*m);
            }
        }
        for (v, s) in samples.iter_mut().zip(sum) {
            v.push(s.f1());
        }
    }
    let alpha = (1.0 - opts.confidence.clamp(0.0, 1.0)) / 2.0;
    let intervals = HEADLINES
        .iter()
        .zip(total)
        .zip(samples.iter_mut())
        .map(|((name, t), v)| {
            let f1 = t.f1();
            v.sort_by(f64::total_cmp);
            let (low, high) = if v.is_empty() {
                (f1, f1)
            } else {
                (quantile(v, alpha), quantile(v, 1.0 - alpha))
            };
            (name.to_string(), Interval { f1, low, high })
        })
        .collect();
    Bootstrap {
        resamples,
        seed: opts.seed,
        confidence: opts.confidence,
        documents: n,
        intervals,
    }
}

/// The `q` quantile of sorted, non-empty `v`, interpolating linearly.
fn quantile(v: &[f64], q: f64) -> f64 {
    let pos = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // Test vector for seed 1234567 from the reference C implementation.
        let mut r = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(got, vec![6457827717110365317, 3203168211198807973, 9817491932198370423]);
        let mut r = SplitMix64::new(7);
        assert!((0..1000).all(|_| r.below(3) < 3));
        let shuffled = |seed| {
            let mut items: Vec<u32> = (0..50).collect();
            SplitMix64::new(seed).shuffle(&mut items);
            items
        };
        let once = shuffled(7);
        assert_eq!(once, shuffled(7), "a seed gives one order");
        assert_ne!(once, shuffled(8), "another seed, another order");
        let mut sorted = once.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<u32>>(), "a permutation");
    }

    #[test]
    fn quantiles_interpolate() {
        let v = [0.0, 1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.0), 0.0);
        assert_eq!(quantile(&v, 0.5), 2.0);
        assert_eq!(quantile(&v, 0.125), 0.5);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert_eq!(quantile(&[3.0], 0.025), 3.0);
    }

    fn doc(tp: f64, fp: f64, fn_: f64) -> [Mass; HEADLINES.len()] {
        [Mass {
            matched: tp,
            actual: tp + fp,
            possible: tp + fn_,
        }; HEADLINES.len()]
    }

    #[test]
    fn intervals_are_reproducible_and_bracket_the_estimate() {
        let docs: Vec<_> = (0..20).map(|i| doc(5.0, (i % 4) as f64, (i % 3) as f64)).collect();
        let opts = EvalOptions {
            resamples: 500,
            ..EvalOptions::default()
        };
        let a = intervals(&docs, &opts);
        let b = intervals(&docs, &opts);
        assert_eq!(a, b);
        for i in a.intervals.values() {
            assert!(i.low <= i.f1 && i.f1 <= i.high && i.low < i.high, "{i:?}");
        }
        let other = intervals(
            &docs,
            &EvalOptions {
                seed: 1,
                ..opts.clone()
            },
        );
        assert_ne!(a.intervals["events.sentence"], other.intervals["events.sentence"]);
    }

    #[test]
    fn degenerate_inputs_collapse() {
        let none = intervals(&[], &EvalOptions::default());
        assert_eq!(none.resamples, 0);
        assert_eq!(
            none.intervals["entities.strict"],
            Interval {
                f1: 1.0,
                low: 1.0,
                high: 1.0
            }
        );
        // Identical documents: every resample gives the same F1.
        let same = intervals(
            &vec![doc(1.0, 1.0, 0.0); 5],
            &EvalOptions {
                resamples: 100,
                ..EvalOptions::default()
            },
        );
        let i = same.intervals["events.classification"];
        assert!((i.low - i.f1).abs() < 1e-12 && (i.high - i.f1).abs() < 1e-12);
    }
}
