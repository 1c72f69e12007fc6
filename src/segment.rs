//! Sentence segmentation for news text: text → sentence byte ranges.
//!
//! Rules, not a model: a line break always ends a sentence (news paragraphs
//! and bullet lists); inside a line, `.`, `!`, `?` and `…` end one when
//! followed by white space and a capital, digit or opening quote, unless the
//! word before the period is an abbreviation ("Mr.", "Gen.", "No. 10"), an
//! initial ("S. Jaishankar") or a dotted acronym ("U.S.") followed by a name.
//! Ranges are byte offsets into the text, trimmed of surrounding white space;
//! [`crate::offsets::CharIndex`] turns them into record offsets.

use std::ops::Range;

/// Titles and abbreviations that a period does not end (compared case-insensitively).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "brig", "gov", "sen",
    "rep", "pres", "amb", "hon", "rev", "st", "jr", "sr", "messrs", "mt", "ft", "vs", "etc", "e.g", "i.e", "cf",
    "approx", "est", "dept", "univ", "corp", "inc", "ltd", "co", "bros", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "art", "fig", "vol", "p", "pp", "para", "sec", "no", "nos",
];

/// Abbreviations that take a number after them ("No. 10", "Art. 5").
const NUMBERED: &[&str] = &["no", "nos", "art", "vol", "p", "pp", "para", "sec", "fig"];

/// Words that, after a dotted acronym ("the U.S."), show a new sentence starts.
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "In", "On", "But", "And", "This", "That", "These", "Those",
    "There", "His", "Her", "Its", "Their", "Our", "At", "After", "As",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»'];
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '«'];

/// Splits `text` into sentences, returned as trimmed byte ranges in order.
pub fn segment(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut sentences);
        line_start += line.len();
    }
    sentences
}

fn split_line(text: &str, from: usize, to: usize, out: &mut Vec<Range<usize>>) {
    let line = &text[from..to];
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Swallow runs of terminators and closing quotes: `?!`, `..."`, `.)`.
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if matches!(next, '.' | '!' | '?' | '…') || CLOSERS.contains(&next) {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let rest = &line[end..];
        if !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let next_word = rest.trim_start();
        if !starts_sentence(next_word) {
            continue;
        }
        if c == '.' && end == i + 1 && period_is_not_final(&line[start..i], next_word) {
            continue;
        }
        push_trimmed(text, from + start, from + end, out);
        start = end;
    }
    push_trimmed(text, from + start, to, out);
}

/// Whether the text after a terminator can open a sentence.
fn starts_sentence(next: &str) -> bool {
    next.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || OPENERS.contains(&c) || (c.is_alphabetic() && !c.is_lowercase())
    })
}

/// Whether a period after the last word of `before` is part of that word.
fn period_is_not_final(before: &str, next_word: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || OPENERS.contains(&c))
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let next_token: &str = next_word
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    if NUMBERED.contains(&lower.as_str()) {
        return next_word.starts_with(|c: char| c.is_ascii_digit());
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let mut letters = word.chars();
    if let (Some(first), None) = (letters.next(), letters.next()) {
        // An initial: "S. Jaishankar", "George W. Bush".
        return first.is_uppercase();
    }
    if is_dotted_acronym(word) {
        return !SENTENCE_STARTERS.contains(&next_token);
    }
    false
}

/// "U.S", "U.K", "e.g" (the final period is the one being judged).
fn is_dotted_acronym(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(start + lead..start + lead + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn news_text_splits_where_a_reader_would() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Mr. Modi met U.S. officials. They agreed.",
                &["Mr. Modi met U.S. officials.", "They agreed."],
            ),
            (
                "Gen. Gerasimov spoke. No. 10 said nothing.",
                &["Gen. Gerasimov spoke.", "No. 10 said nothing."],
            ),
            (
                "External Affairs Minister S. Jaishankar met him.",
                &["External Affairs Minister S. Jaishankar met him."],
            ),
            (
                "Japan pledged 1.5 billion dollars. India welcomed it.",
                &["Japan pledged 1.5 billion dollars.", "India welcomed it."],
            ),
            (
                "\"We agree,\" he said. \"Good.\" Then they left.",
                &["\"We agree,\" he said.", "\"Good.\"", "Then they left."],
            ),
            (
                "He said: “Taking strides.” The talks went on.",
                &["He said: “Taking strides.”", "The talks went on."],
            ),
            (
                "Talks with the U.S. The sides met again.",
                &["Talks with the U.S.", "The sides met again."],
            ),
            ("Why? Because! Fine.", &["Why?", "Because!", "Fine."]),
            ("See e.g. the annex. Done.", &["See e.g. the annex.", "Done."]),
            (
                "Heading\n- item one\n- item two",
                &["Heading", "- item one", "- item two"],
            ),
            (
                "Putin met Lukashenko on Jan. 5 in Minsk.",
                &["Putin met Lukashenko on Jan. 5 in Minsk."],
            ),
            (
                "Prices rose 3.5%. In 2025 they fell.",
                &["Prices rose 3.5%.", "In 2025 they fell."],
            ),
            ("Москва. Пекин.", &["Москва.", "Пекин."]),
            ("   ", &[]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(sentences(text), *expected, "{text}");
        }
    }

    #[test]
    fn the_seed_article_splits_into_its_sentences() {
        let line = include_str!("../tests/data/seed.jsonl").lines().next().unwrap();
        let record: crate::record::Record = serde_json::from_str(line).unwrap();
        let got = sentences(&record.text);
        assert_eq!(got.len(), 18, "{got:#?}");
        assert!(got[2].ends_with("India-Japan ties.") && got[3].starts_with("PM Modi met"));
        assert!(got[0].starts_with("Prime Minister Narendra Modi") && got[0].ends_with("multiple sectors."));
        assert!(got.iter().any(|s| s.starts_with("As part of the economic partnership")));
    }

    fn check_ranges(text: &str) -> Result<(), TestCaseError> {
        let mut last = 0;
        for range in segment(text) {
            prop_assert!(range.start >= last && range.start < range.end && range.end <= text.len());
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            prop_assert_eq!(text[range.clone()].trim(), &text[range.clone()]);
            last = range.end;
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn ranges_are_ordered_non_empty_and_on_char_boundaries(text in "\\PC{0,80}") {
            check_ranges(&text)?;
        }

        /// Any chars at all: NUL and other controls, right-to-left marks and
        /// scripts, lone combining marks, as dirty corpora have them.
        #[test]
        fn any_chars_give_valid_ranges(chars in prop::collection::vec(any::<char>(), 0..300)) {
            check_ranges(&chars.into_iter().collect::<String>())?;
        }

        /// Arbitrary bytes, decoded as a reader that replaces bad UTF-8 would.
        #[test]
        fn any_bytes_give_valid_ranges(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            check_ranges(&String::from_utf8_lossy(&bytes))?;
        }

        /// Sentence-like pieces (abbreviations, quotes, RTL text) in any order.
        #[test]
        fn news_like_pieces_give_valid_ranges(pieces in prop::collection::vec(prop::sample::select(vec![
            "Mr.", "U.S.", "No. 10", " ", "\n", "\n\n", ".", "?!", "\"", "“", "”", "…", "\u{202e}", "\u{200f}",
            "قال الرئيس.", "השיחות נמשכו.", "\0", "e.g.", "3.5%", "Jan.", "- item", "Putin met Xi", "\t",
        ]), 0..40)) {
            check_ranges(&pieces.concat())?;
        }
    }
}
