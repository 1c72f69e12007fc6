//! The working document: a record plus what the stages derive from it
//! (char index, sentences, word pieces). Stages annotate it; the pipeline turns
//! it back into a [`Record`] at the end.

use crate::offsets::CharIndex;
use crate::record::{CharSpan, Record};
use crate::tokenize::TokenizedSentence;

/// A document moving through the pipeline.
pub struct Doc {
    /// The record: input fields in, layers filled by the stages.
    pub record: Record,
    /// Byte ↔ char map of `record.text`.
    pub index: CharIndex,
    /// Sentences with their word pieces, in order.
    pub sentences: Vec<TokenizedSentence>,
}

impl Doc {
    /// Wraps a record, indexing its text.
    pub fn new(record: Record) -> Doc {
        let index = CharIndex::new(&record.text);
        Doc {
            record,
            index,
            sentences: Vec::new(),
        }
    }

    /// The sentence spans in char offsets.
    pub fn sentence_spans(&self) -> Vec<CharSpan> {
        self.sentences
            .iter()
            .map(|s| self.index.char_span(s.bytes.clone()))
            .collect()
    }

    /// Total word pieces over all sentences.
    pub fn piece_count(&self) -> usize {
        self.sentences.iter().map(|s| s.pieces.len()).sum()
    }
}
