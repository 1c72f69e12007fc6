//! Training of accord's own model heads (libtorch, CPU or CUDA).
//!
//! No pretrained English NER weights exist in the registries this project can
//! reach, so accord fine-tunes the base encoder itself: [`ner`] on CoNLL-2003.

pub mod events;
pub mod ner;
