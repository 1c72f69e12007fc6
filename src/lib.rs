//! accord: diplomatic event data from news text.
//!
//! ```text
//! input (JSONL / txt / CSV / dir / stdin)   read::
//!   └─ Record (id, text)                     record::
//!       └─ sentences (byte ranges)           segment::
//!           └─ word pieces (≤512 windows)    tokenize::
//!               └─ encoder states            encode::  (tch behind a trait)
//!                   └─ entities / events / arguments / commitments
//!                       └─ Record (output)   pipeline:: (parallel, ordered)
//!                           └─ sinks         sink::
//! ```
//! All offsets in records are Unicode scalar (char) offsets; byte offsets
//! stay inside a stage and are converted in [`offsets`].
#![deny(missing_docs)]

pub mod actors;
pub mod doc;
pub mod encode;
pub mod error;
pub mod eval;
pub mod events;
pub mod memory;
pub mod merge;
pub mod models;
pub mod ner;
pub mod numeric;
pub mod offsets;
pub mod pipeline;
pub mod read;
pub mod record;
pub mod resume;
pub mod segment;
pub mod shard;
pub mod sink;
pub mod tokenize;
pub mod train;

pub use error::{Error, Result};
pub use record::Record;
