//! The library's error type: a kind that says which stage failed, with the
//! underlying error kept as `source` so the chain is never flattened to a string.

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from one of accord's stages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Input {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// An input file is unusable as a whole (say, a CSV with no text column).
    #[error("{path}: {message}")]
    InputFormat {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// Output could not be written.
    #[error("cannot write output: {0}")]
    Output(#[source] std::io::Error),
    /// A model file is missing, corrupt or does not fit.
    #[error("model {name}: {message}")]
    Model {
        /// Which model.
        name: String,
        /// What is wrong, and how to fix it.
        message: String,
    },
    /// libtorch reported an error.
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// A gold or prediction file failed validation.
    #[error("{0}")]
    Invalid(String),
    /// An output file given to `--resume` is not an accord records file.
    #[error("cannot resume from {path} line {line}: {message}")]
    Resume {
        /// The output file.
        path: PathBuf,
        /// The first line that is not a record.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
    /// A JSON value could not be (de)serialised.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}
