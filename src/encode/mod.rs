//! The encoder boundary: word-piece windows in, one hidden-state vector per
//! piece out, as plain `f32`s.
//!
//! Every head (NER, events, roles) reads the same [`Hidden`] states, so a
//! sentence batch goes through the transformer once. Only [`tch`](self::tch)
//! names libtorch types; [`stub`] lets rules, I/O and ordering be tested with
//! no model at all, and another backend (ONNX, a GPU server) can slot in here.

pub mod autocast;
pub mod stub;
pub mod tch;

use crate::error::Result;
use crate::tokenize::{SentenceTokenizer, TokenizedSentence};

/// One encoder input row: a window of pieces with `[CLS]` and `[SEP]` added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncoderRow {
    /// Vocabulary ids, starting with `[CLS]` and ending with `[SEP]`.
    pub ids: Vec<i64>,
    /// Word-shape class per id (0 for the special tokens).
    pub shapes: Vec<i64>,
}

impl EncoderRow {
    /// `[CLS] pieces [SEP]` with the pieces' word shapes (0 for the special tokens).
    pub fn from_pieces(tokenizer: &SentenceTokenizer, pieces: &[crate::tokenize::Piece]) -> EncoderRow {
        let mut ids = Vec::with_capacity(pieces.len() + 2);
        let mut shapes = Vec::with_capacity(pieces.len() + 2);
        ids.push(i64::from(tokenizer.cls));
        shapes.push(0);
        for piece in pieces {
            ids.push(i64::from(piece.id));
            shapes.push(i64::from(piece.shape));
        }
        ids.push(i64::from(tokenizer.sep));
        shapes.push(0);
        EncoderRow { ids, shapes }
    }
}

/// Hidden states of one row: `len × width` values, row-major.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Hidden {
    /// Vector size per piece.
    pub width: usize,
    /// `len * width` values.
    pub data: Vec<f32>,
}

impl Hidden {
    /// Number of positions (pieces, special tokens included).
    pub fn len(&self) -> usize {
        self.data.len().checked_div(self.width).unwrap_or(0)
    }

    /// Whether there are no positions.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The vector at one position.
    pub fn at(&self, position: usize) -> &[f32] {
        &self.data[position * self.width..(position + 1) * self.width]
    }
}

/// A transformer encoder. Implementations are `Send` but need not be `Sync`:
/// the batch runner gives each worker thread its own.
pub trait Encoder: Send {
    /// Size of each hidden-state vector.
    fn hidden_size(&self) -> usize;

    /// Encodes a batch of rows, returning one [`Hidden`] per row, in order.
    ///
    /// # Errors
    /// The backend failed (out of memory, a shape mismatch).
    fn encode(&mut self, rows: &[EncoderRow]) -> Result<Vec<Hidden>>;

    /// A short description for `accord models` and record metadata.
    fn describe(&self) -> String;
}

/// Most padded positions (rows × longest row) per encoder call.
const BATCH_POSITIONS: usize = 4096;
/// Most attention cells (rows × longest row²) per encoder call: attention
/// memory grows with the square of the row length, so long windows go in
/// small batches (two rows of 512 pieces, 32 rows of 128).
const BATCH_ATTENTION: usize = 2 * 512 * 512;
/// Most rows per encoder call.
const BATCH_ROWS: usize = 64;

/// Encodes whole sentences: splits each into windows that fit the encoder,
/// sorts the windows by length into batches (little padding), and stitches
/// the states of each window's owned pieces back together. Returns one
/// [`Hidden`] per sentence with one vector per word piece (no special tokens).
///
/// # Errors
/// The encoder failed.
pub fn encode_sentences(
    encoder: &mut dyn Encoder,
    tokenizer: &SentenceTokenizer,
    sentences: &[&TokenizedSentence],
) -> Result<Vec<Hidden>> {
    let width = encoder.hidden_size();
    let mut out: Vec<Hidden> = sentences
        .iter()
        .map(|s| Hidden {
            width,
            data: vec![0.0; s.pieces.len() * width],
        })
        .collect();
    let mut rows: Vec<(usize, crate::tokenize::Window, EncoderRow)> = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if sentence.pieces.is_empty() {
            continue;
        }
        for window in tokenizer.windows(sentence.pieces.len()) {
            let row = EncoderRow::from_pieces(tokenizer, &sentence.pieces[window.pieces.clone()]);
            rows.push((i, window, row));
        }
    }
    rows.sort_by_key(|(_, _, row)| row.ids.len());
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        let fits = |end: usize| {
            let (len, count) = (rows[end].2.ids.len(), end + 1 - start);
            count <= BATCH_ROWS && len * count <= BATCH_POSITIONS && len * len * count <= BATCH_ATTENTION
        };
        while end < rows.len() && fits(end) {
            end += 1;
        }
        let batch: Vec<EncoderRow> = rows[start..end].iter().map(|(_, _, row)| row.clone()).collect();
        let states = encoder.encode(&batch)?;
        for ((sentence, window, _), hidden) in rows[start..end].iter().zip(states) {
            let target = &mut out[*sentence];
            for piece in window.owned.clone() {
                // Position 0 is [CLS]; piece `p` of the window sits at 1 + p - window start.
                let position = 1 + piece - window.pieces.start;
                target.data[piece * width..(piece + 1) * width].copy_from_slice(hidden.at(position));
            }
        }
        start = end;
    }
    Ok(out)
}
