//! Offset conversion between UTF-8 byte offsets (what Rust strings and the
//! `tokenizers` crate use) and Unicode scalar (char) offsets (what records use).
//!
//! [`CharIndex`] is built once per text and answers both directions in
//! O(log n), so the pipeline never rescans a text per token.

use crate::record::CharSpan;

/// Byte offset of every char boundary of one text.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// `starts[i]` is the byte offset of char `i`; the last entry is `text.len()`.
    starts: Vec<usize>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        starts.push(text.len());
        CharIndex { starts }
    }

    /// Number of chars in the text.
    pub fn char_len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Byte length of the text.
    pub fn byte_len(&self) -> usize {
        self.starts[self.starts.len() - 1]
    }

    /// The char offset of a byte offset. A byte inside a multi-byte char maps
    /// to that char (so a span never loses its first char); offsets past the
    /// end clamp to the end.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1).min(self.char_len()),
        }
    }

    /// The char offset one past a byte end offset: a byte inside a multi-byte
    /// char rounds up, so the span keeps the whole char.
    pub fn char_end_of_byte(&self, byte: usize) -> usize {
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.min(self.char_len()),
        }
    }

    /// The byte offset of a char offset (clamped to the text's end).
    pub fn byte_of_char(&self, char_offset: usize) -> usize {
        self.starts[char_offset.min(self.char_len())]
    }

    /// Converts a byte range to the smallest char span that covers it.
    pub fn char_span(&self, bytes: std::ops::Range<usize>) -> CharSpan {
        let start = self.char_of_byte(bytes.start);
        let end = self.char_end_of_byte(bytes.end).max(start);
        CharSpan { start, end }
    }

    /// Converts a char span to a byte range, valid for slicing the text.
    pub fn byte_range(&self, span: CharSpan) -> std::ops::Range<usize> {
        let start = self.byte_of_char(span.start);
        start..self.byte_of_char(span.end).max(start)
    }
}

/// The substring of `text` at a char span, or `None` when the span is out of
/// range or reversed.
pub fn char_slice(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut iter = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
    let from = iter.nth(start)?;
    let to = if end == start { from } else { iter.nth(end - start - 1)? };
    text.get(from..to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Asserts that the char span `start..end` of `text` reads `expected`.
    macro_rules! check_span {
        ($text:expr, $span:expr, $expected:expr) => {
            assert_eq!(char_slice($text, $span.start, $span.end), Some($expected));
        };
    }

    #[test]
    fn non_ascii_text_maps_both_ways() {
        for (text, needle) in [
            ("India–Japan ties", "Japan"),
            ("Talks in Zürich ended", "ended"),
            ("Leaders 🤝 agreed", "agreed"),
            ("Москва и Пекин", "Пекин"),
            ("ASCII only", "only"),
        ] {
            let index = CharIndex::new(text);
            let byte_start = text.find(needle).unwrap();
            let span = index.char_span(byte_start..byte_start + needle.len());
            check_span!(text, span, needle);
            assert_eq!(&text[index.byte_range(span)], needle);
        }
    }

    #[test]
    fn bytes_inside_a_char_widen_to_the_whole_char() {
        let text = "a–b";
        let index = CharIndex::new(text);
        // The en dash is bytes 1..4; a range starting or ending inside it keeps it.
        assert_eq!(index.char_span(2..3), CharSpan { start: 1, end: 2 });
        assert_eq!(index.char_span(0..2), CharSpan { start: 0, end: 2 });
        assert_eq!(index.char_span(99..120), CharSpan { start: 3, end: 3 });
    }

    #[test]
    fn char_slice_rejects_bad_spans() {
        assert_eq!(char_slice("abc", 2, 1), None);
        assert_eq!(char_slice("abc", 1, 4), None);
        assert_eq!(char_slice("abc", 3, 3), Some(""));
    }

    proptest! {
        #[test]
        fn any_byte_range_gives_a_valid_char_span(text in "\\PC{0,40}", a in 0usize..200, b in 0usize..200) {
            let index = CharIndex::new(&text);
            let (lo, hi) = (a.min(b), a.max(b));
            let span = index.char_span(lo..hi);
            prop_assert!(span.start <= span.end && span.end <= index.char_len());
            let bytes = index.byte_range(span);
            prop_assert!(text.is_char_boundary(bytes.start) && text.is_char_boundary(bytes.end));
            prop_assert_eq!(char_slice(&text, span.start, span.end), Some(&text[bytes]));
        }

        /// Any chars (controls, NUL, RTL, astral) and any offsets, in range or
        /// not: spans stay inside the text, byte ranges on char boundaries,
        /// and both directions agree.
        #[test]
        fn any_text_and_offsets_stay_inside_and_on_boundaries(
            chars in prop::collection::vec(any::<char>(), 0..120),
            a in 0usize..600,
            b in 0usize..600,
        ) {
            let text: String = chars.iter().collect();
            let index = CharIndex::new(&text);
            prop_assert_eq!((index.char_len(), index.byte_len()), (chars.len(), text.len()));
            for byte in [a, b] {
                let (start, end) = (index.char_of_byte(byte), index.char_end_of_byte(byte));
                prop_assert!(start <= end && end <= index.char_len());
                let back = index.byte_of_char(byte);
                prop_assert!(back <= text.len() && text.is_char_boundary(back));
            }
            let span = index.char_span(a.min(b)..a.max(b));
            prop_assert!(span.start <= span.end && span.end <= index.char_len());
            let bytes = index.byte_range(CharSpan { start: a.min(b), end: a.max(b) });
            prop_assert!(bytes.start <= bytes.end && bytes.end <= text.len());
            prop_assert!(text.is_char_boundary(bytes.start) && text.is_char_boundary(bytes.end));
            let slice = char_slice(&text, a.min(b), a.max(b));
            prop_assert_eq!(slice.is_some(), a.max(b) <= chars.len());
            if let Some(slice) = slice {
                prop_assert_eq!(slice, &text[bytes]);
            }
            prop_assert_eq!(char_slice(&text, a.max(b) + 1, a.min(b)), None);
        }
    }
}
