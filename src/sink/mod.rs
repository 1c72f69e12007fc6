//! Sinks: where finished records go, in input order.

mod jsonl;

pub use jsonl::JsonlSink;

use crate::error::Result;
use crate::record::Record;

/// A destination for records. The runner calls `write` once per document, in
/// input order, then `finish` once.
pub trait Sink {
    /// Writes one record.
    ///
    /// # Errors
    /// The destination failed (disk full, closed pipe, database error).
    fn write(&mut self, record: &Record) -> Result<()>;

    /// Flushes and closes.
    ///
    /// # Errors
    /// The final flush failed.
    fn finish(&mut self) -> Result<()>;
}
