//! BIO decoding: per-word label probabilities → entity spans over words.
//!
//! [`viterbi`] finds the most probable label sequence in which every `I-X`
//! follows `B-X` or `I-X` (so no stray `I-` tags can arise); [`greedy`] takes
//! each word's best label and repairs a stray `I-X` into the start of an
//! entity. Both return spans as word ranges with a confidence: the mean
//! probability of the chosen labels over the span.

use std::ops::Range;

use super::{is_inside, label_type, LABELS};
use crate::record::EntityType;

/// A decoded entity over words.
#[derive(Debug, Clone, PartialEq)]
pub struct WordSpan {
    /// Words `start..end`.
    pub words: Range<usize>,
    /// Entity type.
    pub kind: EntityType,
    /// Mean probability of the span's labels.
    pub confidence: f32,
}

/// Whether label `to` may follow label `from` (`None`: sentence start).
fn allowed(from: Option<usize>, to: usize) -> bool {
    if !is_inside(to) {
        return true;
    }
    matches!(from, Some(f) if f != 0 && label_type(f) == label_type(to))
}

/// The most probable BIO-valid label sequence.
pub fn viterbi(probabilities: &[[f32; LABELS.len()]]) -> Vec<usize> {
    const N: usize = LABELS.len();
    if probabilities.is_empty() {
        return Vec::new();
    }
    let log = |p: f32| p.max(1e-12).ln();
    let mut score = [f32::NEG_INFINITY; N];
    for (k, s) in score.iter_mut().enumerate() {
        if allowed(None, k) {
            *s = log(probabilities[0][k]);
        }
    }
    let mut back = vec![[0usize; N]; probabilities.len()];
    for (t, probs) in probabilities.iter().enumerate().skip(1) {
        let mut next = [f32::NEG_INFINITY; N];
        for to in 0..N {
            for (from, &previous) in score.iter().enumerate() {
                if previous > f32::NEG_INFINITY && allowed(Some(from), to) {
                    let candidate = previous + log(probs[to]);
                    if candidate > next[to] {
                        next[to] = candidate;
                        back[t][to] = from;
                    }
                }
            }
        }
        score = next;
    }
    let mut best = (0..N).max_by(|&a, &b| score[a].total_cmp(&score[b])).unwrap_or(0);
    let mut path = vec![0; probabilities.len()];
    for t in (0..probabilities.len()).rev() {
        path[t] = best;
        best = back[t][best];
    }
    path
}

/// Each word's most probable label, with stray `I-` tags kept (they are read
/// as starting an entity by [`spans`]).
pub fn greedy(probabilities: &[[f32; LABELS.len()]]) -> Vec<usize> {
    probabilities
        .iter()
        .map(|p| (0..LABELS.len()).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0))
        .collect()
}

/// Turns a label sequence into spans. An `I-X` that does not continue an `X`
/// entity starts a new one (the usual repair of stray tags).
pub fn spans(labels: &[usize], probabilities: &[[f32; LABELS.len()]]) -> Vec<WordSpan> {
    let mut out: Vec<WordSpan> = Vec::new();
    let mut open: Option<(usize, EntityType, f32)> = None;
    let close = |open: &mut Option<(usize, EntityType, f32)>, end: usize, out: &mut Vec<WordSpan>| {
        if let Some((start, kind, total)) = open.take() {
            out.push(WordSpan {
                words: start..end,
                kind,
                confidence: total / (end - start) as f32,
            });
        }
    };
    for (t, &label) in labels.iter().enumerate() {
        let p = probabilities.get(t).map_or(1.0, |p| p[label]);
        match (label_type(label), &mut open) {
            (None, _) => close(&mut open, t, &mut out),
            (Some(kind), Some((_, open_kind, total))) if is_inside(label) && *open_kind == kind => *total += p,
            (Some(kind), _) => {
                close(&mut open, t, &mut out);
                open = Some((t, kind, p));
            }
        }
    }
    close(&mut open, labels.len(), &mut out);
    out
}

/// Label strings of a sequence, for CoNLL scoring.
pub fn label_strings(labels: &[usize]) -> Vec<String> {
    labels.iter().map(|&l| LABELS[l].to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_hot(labels: &[usize], sure: f32) -> Vec<[f32; 9]> {
        labels
            .iter()
            .map(|&l| {
                let mut p = [(1.0 - sure) / 8.0; 9];
                p[l] = sure;
                p
            })
            .collect()
    }

    #[test]
    fn viterbi_never_starts_an_entity_with_i() {
        // Word 0 prefers I-PER (2) slightly over B-PER (1): the valid path takes B-PER.
        let mut probs = one_hot(&[2, 2, 0], 0.6);
        probs[0][1] = 0.35;
        let path = viterbi(&probs);
        assert_eq!(path, [1, 2, 0]);
    }

    #[test]
    fn viterbi_keeps_valid_sequences() {
        let labels = [1, 2, 0, 5, 0, 7, 8, 8];
        assert_eq!(viterbi(&one_hot(&labels, 0.9)), labels);
        assert!(viterbi(&[]).is_empty());
    }

    #[test]
    fn spans_repair_stray_inside_tags_and_split_type_changes() {
        let labels = [0, 4, 4, 6, 0, 1, 1];
        let got: Vec<(Range<usize>, EntityType)> = spans(&labels, &one_hot(&labels, 0.9))
            .into_iter()
            .map(|s| (s.words, s.kind))
            .collect();
        assert_eq!(
            got,
            [
                (1..3, EntityType::Org),
                (3..4, EntityType::Loc),
                (5..6, EntityType::Per),
                (6..7, EntityType::Per)
            ]
        );
    }

    #[test]
    fn confidence_is_the_mean_label_probability() {
        let mut probs = one_hot(&[1, 2], 0.9);
        probs[1][2] = 0.5;
        let span = &spans(&[1, 2], &probs)[0];
        assert!((span.confidence - 0.7).abs() < 1e-6);
    }
}
