//! A deterministic stand-in encoder for tests: no weights, no libtorch work.
//!
//! Each hidden vector is derived from the piece id and its position, so tests
//! of heads, decoding and ordering get stable, input-dependent values.

use super::{Encoder, EncoderRow, Hidden};
use crate::error::Result;

/// A stand-in encoder with a chosen width.
#[derive(Debug, Clone)]
pub struct StubEncoder {
    width: usize,
}

impl StubEncoder {
    /// A stub producing `width`-sized vectors.
    pub fn new(width: usize) -> StubEncoder {
        StubEncoder { width }
    }
}

impl Encoder for StubEncoder {
    fn hidden_size(&self) -> usize {
        self.width
    }

    fn encode(&mut self, rows: &[EncoderRow]) -> Result<Vec<Hidden>> {
        Ok(rows
            .iter()
            .map(|row| {
                let mut data = Vec::with_capacity(row.ids.len() * self.width);
                for (position, &id) in row.ids.iter().enumerate() {
                    for k in 0..self.width {
                        let seed = (id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (k as u64) << 17 ^ position as u64;
                        data.push(((seed % 2001) as f32 - 1000.0) / 1000.0);
                    }
                }
                Hidden {
                    width: self.width,
                    data,
                }
            })
            .collect())
    }

    fn describe(&self) -> String {
        format!("stub encoder (width {})", self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_has_one_vector_per_piece_and_is_deterministic() {
        let rows = [EncoderRow {
            ids: vec![101, 7, 102],
            shapes: vec![0, 4, 0],
        }];
        let mut encoder = StubEncoder::new(4);
        let a = encoder.encode(&rows).unwrap();
        assert_eq!((a[0].len(), a[0].at(1).len()), (3, 4));
        assert_eq!(a, encoder.encode(&rows).unwrap());
    }
}
