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

use std::ops::Range;

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

/// Hidden states of one row: `len × width` values, row-major. Each position's
/// vector starts with the last layer's state (what the NER head reads); an
/// encoder with a tap layer appends that layer's state after it, for the
/// event classifiers.
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
    /// Size of each hidden-state vector: the last layer's width, doubled
    /// when the states carry a tap layer's as well.
    fn hidden_size(&self) -> usize;

    /// Encodes a batch of rows, returning one [`Hidden`] per row, in order.
    ///
    /// # Errors
    /// The backend failed (out of memory, a shape mismatch).
    fn encode(&mut self, rows: &[EncoderRow]) -> Result<Vec<Hidden>>;

    /// A short description for `accord models` and record metadata.
    fn describe(&self) -> String;

    /// Most word pieces of neighbouring sentences encoded together in one
    /// row (the document context the model was trained with); 0 encodes
    /// each sentence alone.
    fn context_pieces(&self) -> usize {
        0
    }
}

/// Turns a head's logits into probabilities, in place.
pub fn softmax(logits: &mut [f32]) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut total = 0.0;
    for logit in logits.iter_mut() {
        // Clamped above f32's underflow point: libm's underflow path (it sets
        // errno) cost more than the rest of the NER head together.
        *logit = (*logit - max).max(-80.0).exp();
        total += *logit;
    }
    logits.iter_mut().for_each(|p| *p /= total);
}

/// `Σ a[i]·b[i]` over the shorter length, in 16 independent partial sums:
/// a plain `zip().sum()` must add in order and cannot use SIMD lanes, which
/// made the five-member event classifiers a third of the full pipeline's
/// time.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 16;
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut partial = [0f32; LANES];
    let (chunks_a, chunks_b) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for lane in 0..LANES {
            partial[lane] += x[lane] * y[lane];
        }
    }
    partial.iter().sum::<f32>() + tail
}

/// Most padded positions (rows × longest row) per encoder call. Each worker
/// holds one batch's activations at a time, so this bounds its memory. With
/// 2,048 a 10× corpus peaked 14% above the 1× run (`--ner-only`; the heap
/// grows in steps over the first thousands of documents, then stays); with
/// 1,024 the 1× peak is 7% lower, 10× is 8–9% above it, and extraction is
/// about 3% slower.
const BATCH_POSITIONS: usize = 1024;
/// Most attention cells (rows × longest row²) per encoder call: attention
/// memory grows with the square of the row length, so long windows go in
/// small batches (one row of 512 pieces, four of 256).
const BATCH_ATTENTION: usize = 512 * 512;
/// Most rows per encoder call.
const BATCH_ROWS: usize = 64;

/// Where one sentence's pieces sit in a packed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Index of the sentence in the slice that was packed.
    pub sentence: usize,
    /// The sentence's pieces whose states this row provides.
    pub owned: Range<usize>,
    /// Row position of the first owned piece (`[CLS]` is position 0).
    pub position: usize,
}

/// One encoder row and the sentences (or the part of one long sentence) it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedRow {
    /// The row.
    pub row: EncoderRow,
    /// Where each sentence's owned pieces sit in it.
    pub placements: Vec<Placement>,
}

/// Packs consecutive sentences of one document into encoder rows of at most
/// `context_pieces` pieces, so each sentence is encoded with its neighbours as
/// context (document context, which NER was trained with); every piece is
/// owned by exactly one row. A sentence longer than `context_pieces` gets
/// rows of its own (overlapping windows when it exceeds the encoder's limit).
/// With `context_pieces == 0` each sentence is encoded alone.
pub fn pack_sentences(
    tokenizer: &SentenceTokenizer,
    sentences: &[&TokenizedSentence],
    context_pieces: usize,
) -> Vec<PackedRow> {
    let context_pieces = context_pieces.min(tokenizer.max_pieces);
    let mut rows = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut open_pieces = 0;
    let flush = |open: &mut Vec<usize>, rows: &mut Vec<PackedRow>| {
        if open.is_empty() {
            return;
        }
        let mut pieces = Vec::new();
        let mut placements = Vec::with_capacity(open.len());
        for &i in open.iter() {
            placements.push(Placement {
                sentence: i,
                owned: 0..sentences[i].pieces.len(),
                position: 1 + pieces.len(),
            });
            pieces.extend_from_slice(&sentences[i].pieces);
        }
        rows.push(PackedRow {
            row: EncoderRow::from_pieces(tokenizer, &pieces),
            placements,
        });
        open.clear();
    };
    for (i, sentence) in sentences.iter().enumerate() {
        let n = sentence.pieces.len();
        if n == 0 {
            continue;
        }
        if n > context_pieces {
            flush(&mut open, &mut rows);
            open_pieces = 0;
            for window in tokenizer.windows(n) {
                rows.push(PackedRow {
                    row: EncoderRow::from_pieces(tokenizer, &sentence.pieces[window.pieces.clone()]),
                    placements: vec![Placement {
                        sentence: i,
                        position: 1 + window.owned.start - window.pieces.start,
                        owned: window.owned,
                    }],
                });
            }
            continue;
        }
        if open_pieces + n > context_pieces {
            flush(&mut open, &mut rows);
            open_pieces = 0;
        }
        open.push(i);
        open_pieces += n;
    }
    flush(&mut open, &mut rows);
    rows
}

/// Encodes the sentences of one document, in document order: packs them into
/// rows with [`pack_sentences`] (the context the encoder was trained with,
/// [`Encoder::context_pieces`]), sorts the rows by length into batches (little
/// padding), and scatters each row's states back to its sentences. Returns
/// one [`Hidden`] per sentence with one vector per word piece (no special
/// tokens).
///
/// # Errors
/// The encoder failed.
pub fn encode_sentences(
    encoder: &mut dyn Encoder,
    tokenizer: &SentenceTokenizer,
    sentences: &[&TokenizedSentence],
) -> Result<Vec<Hidden>> {
    let mut out = encode_documents(encoder, tokenizer, &[sentences])?;
    Ok(out.pop().unwrap_or_default())
}

/// [`encode_sentences`] for several documents at once (their rows share
/// batches; sentences are only packed with sentences of the same document).
/// Returns the states per document, per sentence.
///
/// # Errors
/// The encoder failed.
pub fn encode_documents(
    encoder: &mut dyn Encoder,
    tokenizer: &SentenceTokenizer,
    documents: &[&[&TokenizedSentence]],
) -> Result<Vec<Vec<Hidden>>> {
    let width = encoder.hidden_size();
    let context = encoder.context_pieces();
    let mut out: Vec<Vec<Hidden>> = documents
        .iter()
        .map(|sentences| {
            sentences
                .iter()
                .map(|s| Hidden {
                    width,
                    data: vec![0.0; s.pieces.len() * width],
                })
                .collect()
        })
        .collect();
    let mut rows: Vec<(usize, PackedRow)> = documents
        .iter()
        .enumerate()
        .flat_map(|(d, sentences)| {
            pack_sentences(tokenizer, sentences, context)
                .into_iter()
                .map(move |row| (d, row))
        })
        .collect();
    rows.sort_by_key(|(_, packed)| packed.row.ids.len());
    let mut start = 0;
    while start < rows.len() {
        let mut end = start + 1;
        let fits = |end: usize| {
            let (len, count) = (rows[end].1.row.ids.len(), end + 1 - start);
            count <= BATCH_ROWS && len * count <= BATCH_POSITIONS && len * len * count <= BATCH_ATTENTION
        };
        while end < rows.len() && fits(end) {
            end += 1;
        }
        let batch: Vec<EncoderRow> = rows[start..end].iter().map(|(_, packed)| packed.row.clone()).collect();
        let states = encoder.encode(&batch)?;
        for ((document, packed), hidden) in rows[start..end].iter().zip(states) {
            for placement in &packed.placements {
                let target = &mut out[*document][placement.sentence];
                let owned = placement.owned.clone();
                let positions = placement.position..placement.position + owned.len();
                target.data[owned.start * width..owned.end * width]
                    .copy_from_slice(&hidden.data[positions.start * width..positions.end * width]);
            }
        }
        start = end;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_matches_the_plain_sum_at_every_length() {
        for n in 0..40 {
            let a: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|i| (i as f32 * 0.11).cos()).collect();
            let plain: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-5, "n = {n}");
        }
        assert_eq!(dot(&[1.0, 2.0, 3.0], &[4.0, 5.0]), 14.0);
    }
}
