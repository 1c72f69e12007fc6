//! Plain-text files: one document per file, the id is the file stem.

use std::io::Read;

use super::{decode_text, read_all};
use crate::error::{Error, Result};
use crate::record::Record;

/// Reads one plain-text document. Invalid UTF-8 gives an error record; an
/// unreadable file is an `Err`.
pub fn read_txt(reader: impl Read, name: &str, id: String) -> Result<Record> {
    let bytes = read_all(reader).map_err(|source| Error::Input {
        path: name.into(),
        source,
    })?;
    Ok(match decode_text(bytes, name) {
        Ok(text) => Record {
            id,
            text,
            ..Record::default()
        },
        Err((kind, message)) => Record::failed(id, String::new(), kind, message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::DocErrorKind;

    #[test]
    fn text_file_becomes_one_document_named_by_stem() {
        let doc = read_txt("Putin met Xi.\n".as_bytes(), "a/b.txt", "b".into()).unwrap();
        assert_eq!((doc.id.as_str(), doc.text.as_str()), ("b", "Putin met Xi.\n"));
        assert!(doc.error.is_none());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_one_record_with_the_text_or_invalid_utf8(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let doc = read_txt(&bytes[..], "x.txt", "x".into()).unwrap();
            match std::str::from_utf8(&bytes) {
                Ok(text) => proptest::prop_assert_eq!((doc.text.as_str(), doc.error.is_none()), (text, true)),
                Err(_) => proptest::prop_assert_eq!(doc.error.map(|e| e.kind), Some(DocErrorKind::InvalidUtf8)),
            }
        }
    }

    #[test]
    fn invalid_utf8_is_an_error_record_naming_the_file() {
        let doc = read_txt(&b"caf\xe9"[..], "corpus/x.txt", "x".into()).unwrap();
        let error = doc.error.unwrap();
        assert_eq!(error.kind, DocErrorKind::InvalidUtf8);
        assert!(error.message.contains("corpus/x.txt"), "{}", error.message);
    }
}
