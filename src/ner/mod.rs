//! Named-entity recognition: encoder states of each word's first piece →
//! BIO labels over PER, ORG, LOC, MISC → entity spans.
//!
//! The head is a plain linear layer evaluated in Rust on the shared encoder
//! states (see [`crate::encode`]); decoding is a constrained Viterbi pass over
//! per-word label probabilities ([`decode`]). Words are CoNLL-style tokens
//! ([`crate::tokenize::split_words`]), labelled on their first word piece, as
//! in training.

pub mod assemble;
pub mod conll;
pub mod decode;
pub mod home;
pub mod model;
pub mod nominal;

use crate::record::EntityType;

/// The BIO label set, in the order of the classifier's outputs.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Index of a label in [`LABELS`].
pub fn label_index(label: &str) -> Option<usize> {
    LABELS.iter().position(|l| *l == label)
}

/// The entity type of a label index (`None` for `O`).
pub fn label_type(index: usize) -> Option<EntityType> {
    match index {
        1 | 2 => Some(EntityType::Per),
        3 | 4 => Some(EntityType::Org),
        5 | 6 => Some(EntityType::Loc),
        7 | 8 => Some(EntityType::Misc),
        _ => None,
    }
}

/// Whether a label index is an `I-` label.
pub fn is_inside(index: usize) -> bool {
    index > 0 && index.is_multiple_of(2)
}

/// The token-classification head: `logits = W h + b`.
#[derive(Debug, Clone, PartialEq)]
pub struct NerHead {
    /// Input width.
    pub width: usize,
    /// `LABELS.len() × width`, row-major.
    pub weight: Vec<f32>,
    /// One bias per label.
    pub bias: Vec<f32>,
}

impl NerHead {
    /// The logits `W h + b` for one hidden vector: its first `width` values,
    /// the last layer's state (a tap layer's state may follow it).
    pub fn logits(&self, hidden: &[f32]) -> [f32; LABELS.len()] {
        let mut logits = [0f32; LABELS.len()];
        for (k, logit) in logits.iter_mut().enumerate() {
            let row = &self.weight[k * self.width..(k + 1) * self.width];
            *logit = self.bias[k] + crate::encode::dot(row, hidden);
        }
        logits
    }

    /// Label probabilities (softmax of the logits) for one hidden vector.
    pub fn probabilities(&self, hidden: &[f32]) -> [f32; LABELS.len()] {
        let mut logits = self.logits(hidden);
        crate::encode::softmax(&mut logits);
        logits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_to_types() {
        assert_eq!(label_index("B-LOC"), Some(5));
        assert_eq!(label_type(6), Some(EntityType::Loc));
        assert!(is_inside(8) && !is_inside(7) && !is_inside(0));
    }

    #[test]
    fn head_probabilities_sum_to_one_and_follow_the_logits() {
        let width = 2;
        let mut weight = vec![0.0; LABELS.len() * width];
        weight[3 * width] = 5.0; // B-ORG reads the first feature
        let head = NerHead {
            width,
            weight,
            bias: vec![0.0; LABELS.len()],
        };
        let p = head.probabilities(&[1.0, 0.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert_eq!(
            p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).map(|(i, _)| i),
            Some(3)
        );
    }
}
