//! Errors of the database and flat-file sinks.
//!
//! [`SinkError`] keeps the driver's error as its `source`. The [`Sink`](super::Sink)
//! trait returns the crate-wide [`crate::Error`]; a `SinkError` travels inside it
//! as the `io::Error` of [`crate::Error::Output`] (the crate error has no sink
//! variant yet), and [`SinkError::recover`] takes it out again.

use std::path::PathBuf;

/// Why a sink could not be opened or could not write.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    /// SQLite reported an error.
    #[error("sqlite")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL (or the connection to it) reported an error.
    #[error("postgresql")]
    Postgres(#[from] postgres::Error),
    /// The CSV/TSV writer failed.
    #[error("csv")]
    Csv(#[from] csv::Error),
    /// A file or directory could not be created or written.
    #[error("cannot write {path}")]
    File {
        /// The file or directory.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Output could not be written.
    #[error("cannot write output")]
    Write(#[source] std::io::Error),
    /// A record cannot be stored as it is, say an event naming an entity id
    /// the record does not have.
    #[error("document {id:?}: {message}")]
    InvalidRecord {
        /// The document.
        id: String,
        /// What is wrong with it.
        message: String,
    },
    /// A database statement failed on one document.
    #[error("document {id:?}")]
    Document {
        /// The document.
        id: String,
        /// The database error.
        source: Box<SinkError>,
    },
    /// A batch failed and was rolled back: nothing of it is in the database,
    /// the batches before it are. Loading the same input again completes it.
    #[error("batch of {count} documents ({first:?} … {last:?}) rolled back, none of them was written")]
    Batch {
        /// Documents in the batch.
        count: usize,
        /// Id of its first document.
        first: String,
        /// Id of its last document.
        last: String,
        /// Why it failed.
        source: Box<SinkError>,
    },
    /// A schema migration failed; the database was left at the version before it.
    #[error("schema migration {version} ({name}) failed")]
    Migration {
        /// Migration version.
        version: u32,
        /// Migration name.
        name: &'static str,
        /// Why it failed.
        source: Box<SinkError>,
    },
    /// The database was written by a newer accord, with migrations this one lacks.
    #[error("the database schema is at version {found}, newer than this accord knows ({known}); use a newer accord")]
    SchemaTooNew {
        /// Version found in `schema_migrations`.
        found: u32,
        /// Newest version this build has.
        known: u32,
    },
    /// A bad option, such as a batch size of 0 or a malformed URL.
    #[error("{0}")]
    Config(String),
    /// An earlier batch failed, so the sink takes no more records.
    #[error("the sink is closed after a failed batch")]
    Closed,
}

impl SinkError {
    /// Takes a `SinkError` back out of the crate error a [`Sink`](super::Sink)
    /// method returned, for a caller that wants the typed error (or its own
    /// message chain); other errors come back unchanged in `Err`.
    pub fn recover(error: crate::Error) -> Result<SinkError, crate::Error> {
        match error {
            crate::Error::Output(io) if io.get_ref().is_some_and(|e| e.is::<SinkError>()) => {
                match io.into_inner().map(|e| e.downcast::<SinkError>()) {
                    Some(Ok(sink)) => Ok(*sink),
                    // Unreachable after the `is` check; rebuild rather than panic.
                    Some(Err(other)) => Err(crate::Error::Output(std::io::Error::other(other))),
                    None => Err(crate::Error::Output(std::io::Error::other("sink error"))),
                }
            }
            other => Err(other),
        }
    }

    /// Wraps a database error with the document it happened on.
    pub(crate) fn on_document(self, id: &str) -> SinkError {
        SinkError::Document {
            id: id.to_owned(),
            source: Box::new(self),
        }
    }
}

impl From<SinkError> for crate::Error {
    fn from(error: SinkError) -> crate::Error {
        crate::Error::Output(std::io::Error::other(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sink_error_survives_the_trip_through_the_crate_error() {
        let crate_error: crate::Error = SinkError::Closed.into();
        assert!(matches!(SinkError::recover(crate_error), Ok(SinkError::Closed)));
        let other = crate::Error::Invalid("x".into());
        assert!(matches!(SinkError::recover(other), Err(crate::Error::Invalid(_))));
    }
}
