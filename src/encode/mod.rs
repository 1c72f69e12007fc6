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

/// One encoder input row: a window of pieces with `[CLS]` and `[SEP]` added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncoderRow {
    /// Vocabulary ids, starting with `[CLS]` and ending with `[SEP]`.
    pub ids: Vec<i64>,
    /// Word-shape class per id (0 for the special tokens).
    pub shapes: Vec<i64>,
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
