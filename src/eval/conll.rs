//! CoNLL NER scoring over tag sequences, with conlleval's numbers.
//!
//! Input: per sentence, the gold and the predicted tags (`B-PER`, `I-LOC`,
//! `O`, ...; IOB1, IOB2 and IOBES are all read). Chunks are found with the
//! `conlleval` rules (an `I-` after `O` or after another type opens a chunk,
//! so IOB1 data such as CoNLL-2003 scores as the shared task scored it); a
//! chunk is correct when gold and prediction have one with the same start,
//! end and type. Precision, recall and F1 are micro over chunks and per type;
//! accuracy is over tokens. As in conlleval, an empty denominator gives 0.
//! Scores are fractions in `[0, 1]`; [`ConllScores::to_conlleval`] prints the
//! percentages conlleval prints.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde::Serialize;

/// Scores for one chunk type.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ConllType {
    /// Gold chunks of this type.
    pub gold: usize,
    /// Predicted chunks of this type.
    pub pred: usize,
    /// Predicted chunks equal to a gold chunk.
    pub correct: usize,
    /// `correct / pred`.
    pub precision: f64,
    /// `correct / gold`.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

/// conlleval's report.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ConllScores {
    /// Tokens scored.
    pub tokens: usize,
    /// Tokens whose predicted tag equals the gold tag.
    pub correct_tags: usize,
    /// `correct_tags / tokens`.
    pub accuracy: f64,
    /// All types together.
    pub micro: ConllType,
    /// Per chunk type.
    pub by_type: BTreeMap<String, ConllType>,
    /// Sentences whose gold and predicted lengths differ; the shorter side
    /// was padded with `O` (conlleval would stop).
    pub length_mismatches: usize,
}

impl ConllType {
    fn finish(gold: usize, pred: usize, correct: usize) -> ConllType {
        let precision = if pred > 0 { correct as f64 / pred as f64 } else { 0.0 };
        let recall = if gold > 0 { correct as f64 / gold as f64 } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        ConllType {
            gold,
            pred,
            correct,
            precision,
            recall,
            f1,
        }
    }
}

impl ConllScores {
    /// The report as `conlleval` prints it.
    pub fn to_conlleval(&self) -> String {
        let m = &self.micro;
        let mut s = format!(
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n",
            self.tokens, m.gold, m.pred, m.correct
        );
        if self.tokens > 0 {
            let _ = writeln!(
                s,
                "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
                100.0 * self.accuracy,
                100.0 * m.precision,
                100.0 * m.recall,
                100.0 * m.f1
            );
        }
        for (name, t) in &self.by_type {
            let _ = writeln!(
                s,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                name,
                100.0 * t.precision,
                100.0 * t.recall,
                100.0 * t.f1,
                t.pred
            );
        }
        s
    }
}

/// Splits a tag into its prefix and type: `B-PER` -> (`B`, `PER`), `O` -> (`O`, ``).
fn parse(tag: &str) -> (&str, &str) {
    tag.split_once('-').unwrap_or((tag, ""))
}

fn end_of_chunk(prev: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    matches!(prev, "E" | "S")
        || (matches!(prev, "B" | "I") && matches!(tag, "B" | "S" | "O"))
        || (prev != "O" && prev != "." && prev_type != ty)
}

fn start_of_chunk(prev: &str, tag: &str, prev_type: &str, ty: &str) -> bool {
    matches!(tag, "B" | "S")
        || (matches!(prev, "E" | "S" | "O") && matches!(tag, "E" | "I"))
        || (tag != "O" && tag != "." && prev_type != ty)
}

/// Chunks `(start, end, type)` of one tag sequence, by conlleval's rules.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let (mut prev, mut prev_type) = ("O", "");
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().map(AsRef::as_ref).chain(std::iter::once("O")).enumerate() {
        let (t, ty) = parse(tag);
        if end_of_chunk(prev, t, prev_type, ty) {
            if let Some((s, kind)) = open.take() {
                out.push((s, i, kind.to_string()));
            }
        }
        if i < tags.len() && start_of_chunk(prev, t, prev_type, ty) {
            open = Some((i, ty));
        }
        (prev, prev_type) = (t, ty);
    }
    out
}

/// Scores predicted tag sequences against gold ones, sentence by sentence.
/// A missing predicted sentence counts as all `O`.
pub fn score_bio<S: AsRef<str>>(gold: &[Vec<S>], pred: &[Vec<S>]) -> ConllScores {
    let mut scores = ConllScores::default();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let empty: Vec<S> = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        let p = pred.get(i).unwrap_or(&empty);
        if p.len() != g.len() {
            scores.length_mismatches += 1;
        }
        let n = g.len().max(p.len());
        let pad = |v: &Vec<S>| -> Vec<String> {
            (0..n)
                .map(|j| v.get(j).map_or("O", AsRef::as_ref).to_string())
                .collect()
        };
        let (g, p) = (pad(g), pad(p));
        scores.tokens += n;
        scores.correct_tags += g.iter().zip(&p).filter(|(a, b)| a == b).count();
        let gc: BTreeSet<_> = chunks(&g).into_iter().collect();
        let pc: BTreeSet<_> = chunks(&p).into_iter().collect();
        gc.iter().for_each(|c| counts.entry(c.2.clone()).or_default().0 += 1);
        pc.iter().for_each(|c| counts.entry(c.2.clone()).or_default().1 += 1);
        gc.intersection(&pc)
            .for_each(|c| counts.entry(c.2.clone()).or_default().2 += 1);
    }
    scores.length_mismatches += pred.len().saturating_sub(gold.len());
    let (mut tg, mut tp, mut tc) = (0, 0, 0);
    for (k, (g, p, c)) in counts {
        (tg, tp, tc) = (tg + g, tp + p, tc + c);
        scores.by_type.insert(k, ConllType::finish(g, p, c));
    }
    scores.micro = ConllType::finish(tg, tp, tc);
    scores.accuracy = if scores.tokens > 0 {
        scores.correct_tags as f64 / scores.tokens as f64
    } else {
        0.0
    };
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn chunk_table() {
        for (tags, want) in [
            ("B-PER I-PER O B-LOC", vec![(0, 2, "PER"), (3, 4, "LOC")]),
            ("I-PER I-PER O I-LOC", vec![(0, 2, "PER"), (3, 4, "LOC")]), // IOB1
            ("I-PER B-PER", vec![(0, 1, "PER"), (1, 2, "PER")]),
            ("B-PER I-LOC", vec![(0, 1, "PER"), (1, 2, "LOC")]),
            (
                "S-ORG B-ORG E-ORG S-LOC",
                vec![(0, 1, "ORG"), (1, 3, "ORG"), (3, 4, "LOC")],
            ),
            ("O O", vec![]),
            ("", vec![]),
        ] {
            let got = chunks(&v(tags));
            let want: Vec<_> = want.into_iter().map(|(s, e, t)| (s, e, t.to_string())).collect();
            assert_eq!(got, want, "{tags}");
        }
    }

    #[test]
    fn conlleval_numbers_by_hand() {
        // Gold chunks: PER 0-2, LOC 3-4, ORG (s2) 0-1. Pred: PER 0-2 (right),
        // LOC 3-4 typed MISC (wrong), ORG 0-1 (right), extra LOC (s2) 2-3.
        let gold = vec![v("B-PER I-PER O B-LOC"), v("B-ORG O O")];
        let pred = vec![v("B-PER I-PER O B-MISC"), v("B-ORG O B-LOC")];
        let s = score_bio(&gold, &pred);
        assert_eq!((s.tokens, s.correct_tags), (7, 5));
        assert_eq!((s.micro.gold, s.micro.pred, s.micro.correct), (3, 4, 2));
        assert!((s.micro.precision - 0.5).abs() < 1e-9 && (s.micro.recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.micro.f1 - 4.0 / 7.0).abs() < 1e-9);
        assert_eq!(
            (s.by_type["LOC"].gold, s.by_type["LOC"].pred, s.by_type["LOC"].correct),
            (1, 1, 0)
        );
        assert_eq!(s.by_type["MISC"].precision, 0.0);
        let text = s.to_conlleval();
        assert!(
            text.starts_with("processed 7 tokens with 3 phrases; found: 4 phrases; correct: 2.\n"),
            "{text}"
        );
        assert!(
            text.contains("accuracy:  71.43%; precision:  50.00%; recall:  66.67%; FB1:  57.14"),
            "{text}"
        );
        assert!(
            text.contains("              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  1"),
            "{text}"
        );
    }

    #[test]
    fn empty_and_mismatched_inputs() {
        let none: Vec<Vec<String>> = vec![];
        let s = score_bio(&none, &none);
        assert_eq!((s.micro.f1, s.accuracy, s.tokens), (0.0, 0.0, 0));
        let s = score_bio(&[v("B-PER O")], &none);
        assert_eq!((s.micro.gold, s.micro.pred, s.length_mismatches), (1, 0, 1));
        assert_eq!(s.micro.recall, 0.0);
        let s = score_bio(&[v("B-PER")], &[v("B-PER O O")]);
        assert_eq!((s.micro.correct, s.tokens, s.length_mismatches), (1, 3, 1));
        let s = score_bio(&[v("B-PER I-PER")], &[v("B-PER I-PER")]);
        assert_eq!((s.micro.f1, s.accuracy), (1.0, 1.0));
    }
}
