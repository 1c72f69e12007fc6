//! The NER stage: sentence states → entity spans with char offsets.

use super::decode::{greedy, spans, viterbi, WordSpan};
use super::{NerHead, LABELS};
use crate::encode::Hidden;
use crate::tokenize::TokenizedSentence;

/// How label sequences are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decoding {
    /// Constrained Viterbi (no `I-X` without a preceding `X`).
    #[default]
    Viterbi,
    /// Per-word argmax with stray `I-` tags repaired.
    Greedy,
}

/// Per-word label probabilities of one sentence from its piece states: each
/// word reads the state of its first piece; a word with no piece is `O`.
pub fn word_probabilities(head: &NerHead, sentence: &TokenizedSentence, states: &Hidden) -> Vec<[f32; LABELS.len()]> {
    sentence
        .first_pieces()
        .into_iter()
        .map(|first| match first {
            Some(piece) if piece < states.len() => head.probabilities(states.at(piece)),
            _ => {
                let mut outside = [0.0; LABELS.len()];
                outside[0] = 1.0;
                outside
            }
        })
        .collect()
}

/// Decodes one sentence: label indices per word and the entity spans.
pub fn decode_sentence(probabilities: &[[f32; LABELS.len()]], decoding: Decoding) -> (Vec<usize>, Vec<WordSpan>) {
    let labels = match decoding {
        Decoding::Viterbi => viterbi(probabilities),
        Decoding::Greedy => greedy(probabilities),
    };
    let found = spans(&labels, probabilities);
    (labels, found)
}

/// Tags CoNLL sentences (gold tokens) with BIO labels, about 256 sentences
/// per encoder call; sentences of the same document are encoded together
/// when the encoder uses document context.
///
/// # Errors
/// Tokenizer or encoder failure.
pub fn tag_conll(
    encoder: &mut dyn crate::encode::Encoder,
    head: &NerHead,
    tokenizer: &crate::tokenize::SentenceTokenizer,
    sentences: &[super::conll::ConllSentence],
    decoding: Decoding,
) -> crate::Result<Vec<Vec<String>>> {
    let tokenized = sentences
        .iter()
        .map(|s| {
            let (text, words) = s.text();
            tokenizer.tokenize_words(&text, 0..text.len(), words)
        })
        .collect::<crate::Result<Vec<_>>>()?;
    let mut tags = Vec::with_capacity(sentences.len());
    let documents = super::conll::document_ranges(sentences);
    let mut start = 0;
    while start < documents.len() {
        let mut end = start + 1;
        let mut count = documents[start].len();
        while end < documents.len() && count + documents[end].len() <= 256 {
            count += documents[end].len();
            end += 1;
        }
        let groups: Vec<Vec<&TokenizedSentence>> = documents[start..end]
            .iter()
            .map(|range| tokenized[range.clone()].iter().collect())
            .collect();
        let slices: Vec<&[&TokenizedSentence]> = groups.iter().map(Vec::as_slice).collect();
        let states = crate::encode::encode_documents(encoder, tokenizer, &slices)?;
        for (group, group_states) in groups.iter().zip(&states) {
            for (sentence, state) in group.iter().zip(group_states) {
                let (labels, _) = decode_sentence(&word_probabilities(head, sentence, state), decoding);
                tags.push(super::decode::label_strings(&labels));
            }
        }
        start = end;
    }
    Ok(tags)
}
