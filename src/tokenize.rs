//! Tokenization: sentences → word pieces with byte offsets, and encoder
//! windows of at most `max_pieces` pieces with overlap, so a long sentence is
//! never truncated.
//!
//! Uses the base model's `tokenizer.json` through the `tokenizers` crate, with
//! its padding and truncation switched off (they are set to 128 in the file).
//! Piece offsets are byte offsets into the *document* text.

use std::ops::Range;
use std::path::Path;

use tokenizers::Tokenizer;

use crate::error::{Error, Result};

/// One word piece.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Vocabulary id.
    pub id: u32,
    /// Byte range in the document text.
    pub bytes: Range<usize>,
    /// Index of the word (in `TokenizedSentence::words`) the piece belongs to.
    pub word: u32,
    /// Shape class of the word this piece belongs to ([`word_shape`]).
    pub shape: u8,
}

/// The pieces of one sentence.
#[derive(Debug, Clone, Default)]
pub struct TokenizedSentence {
    /// Byte range of the sentence in the document.
    pub bytes: Range<usize>,
    /// Words (CoNLL-style tokens) as byte ranges in the document.
    pub words: Vec<Range<usize>>,
    /// Word pieces in order, without special tokens.
    pub pieces: Vec<Piece>,
}

impl TokenizedSentence {
    /// Index of the first piece of each word (`None` for a word with no piece).
    pub fn first_pieces(&self) -> Vec<Option<usize>> {
        let mut first = vec![None; self.words.len()];
        for (i, piece) in self.pieces.iter().enumerate() {
            if let Some(slot) = first.get_mut(piece.word as usize) {
                slot.get_or_insert(i);
            }
        }
        first
    }
}

/// Abbreviations whose final period belongs to the word, as CoNLL-2003 tokenizes them.
const ABBREVIATIONS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.", "Adm.", "Sgt.", "Gov.", "Sen.",
    "Rep.", "St.", "Jr.", "Sr.", "Inc.", "Corp.", "Ltd.", "Co.", "No.", "vs.", "Jan.", "Feb.", "Mar.", "Apr.", "Aug.",
    "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Mt.", "Ft.", "Bros.",
];

const LEADING: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '«', '`'];
const TRAILING: &[char] = &[
    '"', '\'', '”', '’', ')', ']', '}', '»', ',', ';', ':', '!', '?', '.', '…',
];

/// Splits the sentence at `range` of `text` into CoNLL-style words (byte
/// ranges into `text`): white space separates words; leading quotes and
/// brackets, trailing punctuation and the possessive `'s` are words of their
/// own, and so are round brackets inside a word ("Action(JCPOA)", a space
/// lost in the source); abbreviations ("Mr.", "U.S.", "S.") keep their
/// period; hyphenated compounds ("India-Japan") stay whole, as in CoNLL-2003.
pub fn split_words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let sentence = &text[range.clone()];
    let mut offset = range.start;
    for chunk in sentence.split_inclusive(char::is_whitespace) {
        let word = chunk.trim_end();
        split_at_brackets(word, offset, &mut words);
        offset += chunk.len();
    }
    words
}

/// Splits a white-space-free `word` at its round brackets, each a word of
/// its own, and the parts between them as [`split_chunk`] does.
fn split_at_brackets(word: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    for (i, c) in word.char_indices() {
        if c == '(' || c == ')' {
            if i > start {
                split_chunk(&word[start..i], offset + start, out);
            }
            out.push(offset + i..offset + i + 1);
            start = i + 1;
        }
    }
    if start < word.len() {
        split_chunk(&word[start..], offset + start, out);
    }
}

fn split_chunk(word: &str, offset: usize, out: &mut Vec<Range<usize>>) {
    let mut start = 0;
    let mut end = word.len();
    while let Some(c) = word[start..end].chars().next() {
        if !LEADING.contains(&c) || end - start == c.len_utf8() {
            break;
        }
        out.push(offset + start..offset + start + c.len_utf8());
        start += c.len_utf8();
    }
    let mut tail = Vec::new();
    while let Some(c) = word[start..end].chars().next_back() {
        let core = &word[start..end];
        if core.len() == c.len_utf8() {
            break;
        }
        if c == '.' && keeps_period(core) {
            break;
        }
        if !TRAILING.contains(&c) {
            break;
        }
        tail.push(offset + end - c.len_utf8()..offset + end);
        end -= c.len_utf8();
    }
    let core = &word[start..end];
    let possessive = ["'s", "’s", "'S"]
        .iter()
        .find(|p| core.len() > p.len() && core.ends_with(*p));
    match possessive {
        Some(p) => {
            out.push(offset + start..offset + end - p.len());
            out.push(offset + end - p.len()..offset + end);
        }
        None if start < end => out.push(offset + start..offset + end),
        None => {}
    }
    out.extend(tail.into_iter().rev());
}

/// Whether a word ending in `.` keeps the period: known abbreviations,
/// initials ("S."), dotted acronyms ("U.S.", "U.N.").
fn keeps_period(word: &str) -> bool {
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    let body = &word[..word.len() - 1];
    let parts: Vec<&str> = body.split('.').collect();
    parts
        .iter()
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
        && body.chars().next().is_some_and(char::is_uppercase)
}

/// A span of a sentence's pieces that fits the encoder, with the part of it
/// whose outputs count (the rest is overlap context shared with a neighbour).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// Pieces fed to the encoder (indices into `TokenizedSentence::pieces`).
    pub pieces: Range<usize>,
    /// Pieces this window is responsible for; windows' `owned` ranges tile the sentence.
    pub owned: Range<usize>,
}

/// Number of word-shape classes, including the padding class 0.
pub const SHAPE_CLASSES: usize = 8;

/// The shape class of a word: 1 all digits, 2 ALLCAPS, 3 Capitalised,
/// 4 lower case, 5 mixed with digits, 6 punctuation, 7 other. An uncased
/// encoder cannot see case; this feature gives it back to the NER head.
pub fn word_shape(word: &str) -> u8 {
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return 7 };
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let digits = word.chars().filter(|c| c.is_numeric()).count();
    if digits > 0 && letters == 0 && word.chars().all(|c| c.is_numeric() || ",.".contains(c)) {
        1
    } else if digits > 0 {
        5
    } else if letters == 0 {
        if word
            .chars()
            .all(|c| c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace()))
        {
            6
        } else {
            7
        }
    } else if word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && letters > 1 {
        2
    } else if first.is_uppercase() {
        3
    } else if word.chars().filter(|c| c.is_alphabetic()).all(char::is_lowercase) {
        4
    } else {
        7
    }
}

/// A word-piece tokenizer with the window policy of the encoder.
#[derive(Clone)]
pub struct SentenceTokenizer {
    tokenizer: Tokenizer,
    /// The `[CLS]` id.
    pub cls: u32,
    /// The `[SEP]` id.
    pub sep: u32,
    /// The `[PAD]` id.
    pub pad: u32,
    /// Most pieces per window, special tokens excluded.
    pub max_pieces: usize,
    /// Pieces of context kept on each side where a sentence is split.
    pub overlap: usize,
}

impl SentenceTokenizer {
    /// Loads `tokenizer.json`, switching its padding and truncation off.
    ///
    /// # Errors
    /// The file is missing or not a tokenizer, or lacks `[CLS]`/`[SEP]`/`[PAD]`.
    pub fn from_file(path: &Path) -> Result<SentenceTokenizer> {
        let mut tokenizer =
            Tokenizer::from_file(path).map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let id = |token: &str| {
            tokenizer
                .token_to_id(token)
                .ok_or_else(|| Error::Tokenizer(format!("{}: no {token} token", path.display())))
        };
        Ok(SentenceTokenizer {
            cls: id("[CLS]")?,
            sep: id("[SEP]")?,
            pad: id("[PAD]")?,
            tokenizer,
            max_pieces: 510,
            overlap: 64,
        })
    }

    /// Writes the tokenizer as `tokenizer.json`, with padding and truncation
    /// off as loaded, so that another runtime splits text into the same pieces.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.tokenizer
            .save(path, false)
            .map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))
    }

    /// The vocabulary entry of an id (`None` out of range).
    pub fn token(&self, id: u32) -> Option<String> {
        self.tokenizer.id_to_token(id)
    }

    /// Sets the window size (pieces, special tokens excluded) and the overlap.
    pub fn with_windows(mut self, max_pieces: usize, overlap: usize) -> SentenceTokenizer {
        self.max_pieces = max_pieces.max(2);
        self.overlap = overlap.min(self.max_pieces / 4);
        self
    }

    /// Tokenizes the sentence at `bytes` of `text`, splitting it into words
    /// with [`split_words`].
    ///
    /// # Errors
    /// The tokenizer failed (it does not on valid UTF-8 text).
    pub fn tokenize(&self, text: &str, bytes: Range<usize>) -> Result<TokenizedSentence> {
        let words = split_words(text, bytes.clone());
        self.tokenize_words(text, bytes, words)
    }

    /// Tokenizes a sentence whose words are given (byte ranges in `text`,
    /// in order, inside `bytes`): each piece belongs to the word its first
    /// byte falls in.
    ///
    /// # Errors
    /// The tokenizer failed.
    pub fn tokenize_words(
        &self,
        text: &str,
        bytes: Range<usize>,
        words: Vec<Range<usize>>,
    ) -> Result<TokenizedSentence> {
        let sentence = &text[bytes.clone()];
        let encoding = self
            .tokenizer
            .encode(sentence, false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let shapes: Vec<u8> = words.iter().map(|w| word_shape(&text[w.clone()])).collect();
        let mut pieces = Vec::with_capacity(encoding.len());
        let mut word = 0usize;
        for (&id, &(start, end)) in encoding.get_ids().iter().zip(encoding.get_offsets()) {
            let (start, end) = (bytes.start + start, bytes.start + end);
            while word + 1 < words.len() && words[word].end <= start {
                word += 1;
            }
            pieces.push(Piece {
                id,
                bytes: start..end,
                word: word as u32,
                shape: shapes.get(word).copied().unwrap_or(7),
            });
        }
        Ok(TokenizedSentence { bytes, words, pieces })
    }

    /// Splits `n` pieces into windows of at most `max_pieces`, overlapping by
    /// `overlap` on each inner side; the `owned` parts tile `0..n` exactly.
    pub fn windows(&self, n: usize) -> Vec<Window> {
        windows(n, self.max_pieces, self.overlap)
    }

    /// Word pieces of a text, for counting and tests.
    ///
    /// # Errors
    /// The tokenizer failed.
    pub fn count_pieces(&self, text: &str) -> Result<usize> {
        Ok(self.tokenize(text, 0..text.len())?.pieces.len())
    }
}

fn windows(n: usize, max: usize, overlap: usize) -> Vec<Window> {
    if n <= max {
        return vec![Window {
            pieces: 0..n,
            owned: 0..n,
        }];
    }
    let step = max - 2 * overlap;
    let mut out = Vec::new();
    let mut owned_start = 0;
    while owned_start < n {
        let start = owned_start.saturating_sub(overlap);
        let end = (start + max).min(n);
        let owned_end = if end == n { n } else { end - overlap };
        out.push(Window {
            pieces: start..end,
            owned: owned_start..owned_end,
        });
        owned_start = owned_end;
        debug_assert!(step > 0);
    }
    out
}

/// Tables of words and sentences with accord's answers, shared by the tests
/// here and those that hold the Python port (`models/accord_shapes.py`) to them.
#[cfg(test)]
pub(crate) mod examples {
    /// Words and their [`super::word_shape`] classes: each class, non-ASCII
    /// letters, digits and punctuation, and characters whose Unicode
    /// properties Python and Rust see differently.
    pub(crate) const WORD_SHAPES: &[(&str, u8)] = &[
        ("2025", 1),
        ("1,500", 1),
        ("3.", 1),
        ("١٢٣", 1),
        ("NATO", 2),
        ("U.S.", 2),
        ("ÉTATS", 2),
        ("Tokyo", 3),
        ("Zürich", 3),
        ("İstanbul", 3),
        ("McDonald", 3),
        ("A", 3),
        ("Ⓐ", 3),
        ("met", 4),
        ("naïve", 4),
        ("ß", 4),
        ("'s", 4),
        ("G20", 5),
        ("COVID-19", 5),
        ("x²", 5),
        ("£5", 5),
        ("Ⅻ", 5),
        ("13-0", 5),
        (",", 6),
        ("“", 6),
        ("—", 6),
        ("€", 6),
        ("...", 6),
        ("iPhone", 7),
        ("日本", 7),
        ("ǅ", 7),
        ("ʕ", 7),
        ("AͅB", 3),
        ("", 7),
    ];

    /// Sentences and their [`super::split_words`] words.
    pub(crate) const WORD_SPLITS: &[(&str, &[&str])] = &[
        (
            "Mr. Modi met U.S. officials.",
            &["Mr.", "Modi", "met", "U.S.", "officials", "."],
        ),
        (
            "Russia's \"special\" (military) op, Jaishankar said:",
            &[
                "Russia",
                "'s",
                "\"",
                "special",
                "\"",
                "(",
                "military",
                ")",
                "op",
                ",",
                "Jaishankar",
                "said",
                ":",
            ],
        ),
        (
            "India-Japan ties, S. Jaishankar…",
            &["India-Japan", "ties", ",", "S.", "Jaishankar", "…"],
        ),
        ("“Zürich”  talks", &["“", "Zürich", "”", "talks"]),
        ("$1.5 billion.", &["$1.5", "billion", "."]),
        (
            "(“'Quoted'”) Toyota’s Jan. sales, \u{a0}Inc.!",
            &[
                "(", "“", "'", "Quoted", "'", "”", ")", "Toyota", "’s", "Jan.", "sales", ",", "Inc.", "!",
            ],
        ),
        ("’s 's . ) x", &["’s", "'", "s", ".", ")", "x"]),
        (
            "Plan of Action(JCPOA), word(s).",
            &[
                "Plan", "of", "Action", "(", "JCPOA", ")", ",", "word", "(", "s", ")", ".",
            ],
        ),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shapes_cover_the_classes() {
        for &(word, shape) in examples::WORD_SHAPES {
            assert_eq!(word_shape(word), shape, "{word}");
        }
    }

    #[test]
    fn words_split_like_conll() {
        for (text, expected) in examples::WORD_SPLITS {
            let words: Vec<&str> = split_words(text, 0..text.len()).into_iter().map(|r| &text[r]).collect();
            assert_eq!(words, *expected, "{text}");
        }
    }

    #[test]
    fn short_sentences_are_one_window() {
        assert_eq!(
            windows(5, 510, 64),
            [Window {
                pieces: 0..5,
                owned: 0..5
            }]
        );
    }

    proptest! {
        #[test]
        fn words_are_ordered_non_empty_and_on_char_boundaries(text in "\\PC{0,60}") {
            let mut last = 0;
            for word in split_words(&text, 0..text.len()) {
                prop_assert!(word.start >= last && word.start < word.end);
                prop_assert!(text.is_char_boundary(word.start) && text.is_char_boundary(word.end));
                prop_assert!(!text[word.clone()].contains(char::is_whitespace));
                last = word.end;
            }
        }

        #[test]
        fn windows_fit_and_owned_parts_tile(n in 0usize..3000, max in 8usize..600, overlap in 0usize..100) {
            let overlap = overlap.min(max / 4);
            let ws = windows(n, max, overlap);
            let mut next = 0;
            for w in &ws {
                prop_assert!(w.pieces.len() <= max);
                prop_assert!(w.pieces.start <= w.owned.start && w.owned.end <= w.pieces.end);
                prop_assert_eq!(w.owned.start, next);
                next = w.owned.end;
            }
            prop_assert_eq!(next, n);
        }
    }
}
