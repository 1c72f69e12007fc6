//! Training of accord's own model heads (libtorch, CPU or CUDA).
//!
//! No pretrained English NER weights exist in the registries this project can
//! reach, so accord fine-tunes the base encoder itself: [`ner`] on CoNLL-2003.

pub mod events;
pub mod ner;

use std::path::Path;

use crate::error::{Error, Result};
use crate::record::Record;

/// The records of a gold JSONL file, for both trainers (the event
/// classifiers, and the NER encoder's trigger task).
pub(crate) fn read_gold(path: &Path) -> Result<Vec<Record>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Input {
        path: path.to_owned(),
        source,
    })?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Ok(serde_json::from_str(l)?))
        .collect()
}
