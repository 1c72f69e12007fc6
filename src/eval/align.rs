//! Matching gold items to predictions, and sentence lookup.
//!
//! All spans are char offsets `[start, end)`. Matching is one-to-one and
//! greedy over a global ranking of candidate pairs, so it does not depend on
//! the order items are listed in: every (gold, prediction) pair that may match
//! gets a score, pairs are taken best first, and a pair is kept only when
//! neither side is taken yet. A second prediction of the same gold item is
//! therefore left unmatched (a false positive).

use crate::record::{CharSpan, Record};

/// Number of chars two spans share; empty spans overlap nothing.
pub(crate) fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// One-to-one greedy matching. `score(g, p)` is `None` when gold `g` and
/// prediction `p` may not match, else a rank (higher is better). Ties go to
/// the lower gold index, then the lower prediction index. Returns the matched
/// `(gold, pred)` index pairs sorted by gold index.
pub(crate) fn greedy<S, F>(n_gold: usize, n_pred: usize, mut score: F) -> Vec<(usize, usize)>
where
    S: Ord,
    F: FnMut(usize, usize) -> Option<S>,
{
    let mut cands = Vec::new();
    for g in 0..n_gold {
        for p in 0..n_pred {
            if let Some(s) = score(g, p) {
                cands.push((s, g, p));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; n_gold];
    let mut pred_used = vec![false; n_pred];
    let mut pairs = Vec::new();
    for (_, g, p) in cands {
        if !gold_used[g] && !pred_used[p] {
            gold_used[g] = true;
            pred_used[p] = true;
            pairs.push((g, p));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Partner lookups for a matching: `gold[g] = Some(p)`, `pred[p] = Some(g)`.
pub(crate) struct Partners {
    pub gold: Vec<Option<usize>>,
    pub pred: Vec<Option<usize>>,
}

impl Partners {
    pub fn new(n_gold: usize, n_pred: usize, pairs: &[(usize, usize)]) -> Partners {
        let mut gold = vec![None; n_gold];
        let mut pred = vec![None; n_pred];
        for &(g, p) in pairs {
            gold[g] = Some(p);
            pred[p] = Some(g);
        }
        Partners { gold, pred }
    }
}

/// Sentence spans of a gold document, for sentence-level scoring and for
/// showing a mistake in its sentence.
pub(crate) struct Sentences(Vec<CharSpan>);

impl Sentences {
    /// `Record::sentences` when the gold record has them, else [`split`].
    pub fn of(gold: &Record) -> Sentences {
        match &gold.sentences {
            Some(s) if !s.is_empty() => {
                let mut v = s.clone();
                v.sort();
                Sentences(v)
            }
            _ => Sentences(split(&gold.text)),
        }
    }

    /// Index of the sentence holding char `at`: the last sentence starting at
    /// or before it (so a char between sentences belongs to the one before),
    /// or 0 when it comes before the first.
    pub fn index_of(&self, at: usize) -> usize {
        self.0.partition_point(|s| s.start <= at).saturating_sub(1)
    }

    /// The span of sentence `i` (the whole range `0..0` if there is none).
    pub fn span(&self, i: usize) -> CharSpan {
        self.0.get(i).copied().unwrap_or(CharSpan { start: 0, end: 0 })
    }

    /// The sentence around char span `[start, end)`, widened to cover the
    /// span when it runs past the sentence end.
    pub fn around(&self, start: usize, end: usize) -> CharSpan {
        let s = self.span(self.index_of(start));
        CharSpan {
            start: s.start.min(start),
            end: s.end.max(end),
        }
    }
}

/// The fallback sentence splitter, used when gold has no `sentences`: a
/// sentence ends at a newline, or after `.`, `!` or `?` followed by white
/// space. Leading and trailing white space is trimmed off each sentence and
/// empty ones are dropped. It knows no abbreviations ("Mr. Modi" splits), which
/// is acceptable for grouping event types per sentence on gold text written
/// one paragraph per line; annotators who need better give `sentences`.
fn split(text: &str) -> Vec<CharSpan> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let push = |a: usize, b: usize, out: &mut Vec<CharSpan>| {
        let mut a = a;
        let mut b = b;
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        if a < b {
            out.push(CharSpan { start: a, end: b });
        }
    };
    for i in 0..chars.len() {
        let c = chars[i];
        let next_space = chars.get(i + 1).is_some_and(|n| n.is_whitespace());
        if c == '\n' || (matches!(c, '.' | '!' | '?') && next_space) {
            push(start, i + 1, &mut out);
            start = i + 1;
        }
    }
    push(start, chars.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_table() {
        for (a, b, n) in [
            ((0, 5), (3, 8), 2),
            ((0, 5), (5, 8), 0),
            ((2, 4), (0, 10), 2),
            ((3, 3), (0, 10), 0),
            ((0, 5), (0, 5), 5),
        ] {
            assert_eq!(overlap(a, b), n, "{a:?} {b:?}");
        }
    }

    #[test]
    fn greedy_is_one_to_one_and_prefers_the_best_pair() {
        // gold 0 could match pred 0 (score 1) or pred 1 (score 5); gold 1 only pred 0.
        let scores = [[Some(1), Some(5)], [Some(2), None]];
        let pairs = greedy(2, 2, |g, p| scores[g][p]);
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
        // Two predictions of one gold item: only one is matched.
        let pairs = greedy(1, 2, |_, _| Some(1));
        assert_eq!(pairs, vec![(0, 0)]);
        assert!(greedy(0, 3, |_, _| Some(1)).is_empty());
        let partners = Partners::new(1, 2, &[(0, 1)]);
        assert_eq!(
            (partners.gold[0], partners.pred[0], partners.pred[1]),
            (Some(1), None, Some(0))
        );
    }

    #[test]
    fn fallback_split_table() {
        for (text, want) in [
            ("One. Two!\nThree", vec![(0, 4), (5, 9), (10, 15)]),
            ("No end", vec![(0, 6)]),
            ("  \n\n", vec![]),
            ("3.5 percent. Next", vec![(0, 12), (13, 17)]),
            ("Zürich talks.\n– Then", vec![(0, 13), (14, 20)]),
        ] {
            let got: Vec<_> = split(text).iter().map(|s| (s.start, s.end)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn sentence_lookup() {
        let rec = Record {
            text: "Aa bb. Cc dd.\nEe".into(),
            ..Record::default()
        };
        let s = Sentences::of(&rec);
        assert_eq!(s.index_of(0), 0);
        assert_eq!(s.index_of(6), 0); // the space between sentences
        assert_eq!(s.index_of(7), 1);
        assert_eq!(s.index_of(15), 2);
        assert_eq!(s.around(7, 9), CharSpan { start: 7, end: 13 });
        let given = Record {
            sentences: Some(vec![CharSpan { start: 0, end: 16 }]),
            ..rec
        };
        assert_eq!(Sentences::of(&given).index_of(15), 0);
    }
}
