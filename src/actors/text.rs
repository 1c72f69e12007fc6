//! Text normalisation shared by the dictionaries and the look-ups: words are
//! folded to upper-case ASCII keys ("Türkiye" → `TURKIYE`, "U.S." → `US`,
//! "Japan's" → `JAPAN`), and punctuation that ends a phrase (commas, sentence
//! ends, brackets, quotes) is kept as a [`Piece::Break`] so that a title chain
//! never runs across it. Offsets are not tracked here: callers pass the
//! mention and its context as separate strings.

/// How a word was written, for the case rules ("US" is a country, "us" is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Every letter upper-case: "US", "U.S.", "NATO".
    Upper,
    /// First letter upper-case: "Japan", "Türkiye"; also scripts without case.
    Capitalized,
    /// First letter lower-case: "troops", "us".
    Lower,
    /// Digits only: "16".
    Number,
}

/// One word: its look-up key and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// Folded, upper-case, without periods or apostrophes.
    pub key: String,
    /// Case shape of the original.
    pub shape: Shape,
    /// Written with a possessive: "Putin's", "Governors'".
    pub possessive: bool,
}

/// A word or a phrase break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A word.
    Word(Word),
    /// Punctuation that ends a phrase.
    Break,
}

/// Abbreviations whose period does not end a sentence ("Mr. Modi", "St. Petersburg").
const ABBREVIATIONS: &[&str] = &[
    "MR", "MRS", "MS", "DR", "ST", "JR", "SR", "GEN", "LT", "COL", "SEN", "REP", "GOV", "PRES", "PROF", "SGT", "CAPT",
    "MAJ", "ADM", "REV", "HON", "NO", "VS", "CO", "CORP", "INC", "LTD",
];

/// What the scanner finds.
enum Event<'r> {
    /// A word as written, quotes and possessive `'s` removed, and whether
    /// it was possessive.
    Word(&'r str, bool),
    /// An ampersand, read as "and".
    And,
    /// Punctuation that ends a phrase.
    Break,
}

/// The tokenizer behind [`pieces`] and [`key`]: calls `emit` for each word,
/// "&" and phrase break, reusing one buffer so that building keys for the
/// dictionaries allocates little.
fn scan(text: &str, mut emit: impl FnMut(Event<'_>)) {
    let mut raw = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || is_apostrophe(c) {
            raw.push(c);
            continue;
        }
        match c {
            '.' => {
                let next_is_alnum = chars.peek().is_some_and(|n| n.is_alphanumeric());
                if next_is_alnum && !raw.is_empty() {
                    // "U.S", "1.5": the period is inside the word.
                    raw.push('.');
                    continue;
                }
                let abbreviation = is_initialism(&raw) || {
                    let key = fold_key(&raw);
                    ABBREVIATIONS.contains(&key.as_str())
                };
                flush(&mut raw, &mut emit);
                if !abbreviation {
                    emit(Event::Break);
                }
            }
            '-' | '_' | '/' | '\u{2010}' | '\u{2011}' => flush(&mut raw, &mut emit),
            '&' => {
                flush(&mut raw, &mut emit);
                emit(Event::And);
            }
            c if c.is_whitespace() || c.is_control() => flush(&mut raw, &mut emit),
            _ => {
                flush(&mut raw, &mut emit);
                emit(Event::Break);
            }
        }
    }
    flush(&mut raw, &mut emit);
}

/// Splits `text` into words and breaks.
pub(crate) fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    scan(text, |event| match event {
        Event::Word(raw, possessive) => {
            let key = fold_key(raw);
            if !key.is_empty() {
                out.push(Piece::Word(Word {
                    key,
                    shape: shape_of(raw),
                    possessive,
                }));
            }
        }
        Event::And => out.push(Piece::Word(Word {
            key: "AND".into(),
            shape: Shape::Lower,
            possessive: false,
        })),
        Event::Break => {
            if out.last() != Some(&Piece::Break) {
                out.push(Piece::Break);
            }
        }
    });
    out
}

/// The words of `text`, ignoring breaks (for dictionary names and names
/// the caller has already cut out).
pub(crate) fn words(text: &str) -> Vec<Word> {
    pieces(text)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Word(w) => Some(w),
            Piece::Break => None,
        })
        .collect()
}

/// The look-up key of a phrase: word keys joined by single spaces, without a
/// leading "the" ("the United States" and "United States" are one key).
pub(crate) fn key_of(words: &[Word]) -> String {
    let start = usize::from(words.first().is_some_and(|w| w.key == "THE") && words.len() > 1);
    join(words[start..].iter().map(|w| w.key.as_str()))
}

/// The key of a whole phrase given as text (dictionary entries, API
/// input); the same as `key_of(&words(text))`, built without the words.
pub(crate) fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    scan(text, |event| {
        let before = out.len();
        if count > 0 {
            out.push(' ');
        }
        let start = out.len();
        match event {
            Event::Word(raw, _) => fold_into(raw, &mut out),
            Event::And => out.push_str("AND"),
            Event::Break => {}
        }
        if out.len() == start {
            out.truncate(before);
        } else {
            count += 1;
        }
    });
    if count > 1 && out.starts_with("THE ") {
        out.drain(..4);
    }
    out
}

/// Joins word keys with single spaces.
pub(crate) fn join<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for k in keys {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(k);
    }
    out
}

/// The singular of an upper-case English noun key, when it looks plural:
/// `GOVERNORS` → `GOVERNOR`, `ARMIES` → `ARMY`, `SPOKESMEN` → `SPOKESMAN`,
/// `AMERICANS` → `AMERICAN`.
pub(crate) fn singular(word: &str) -> Option<String> {
    let w = word;
    if w.len() < 3 {
        return None;
    }
    if let Some(stem) = w.strip_suffix("IES") {
        return Some(format!("{stem}Y"));
    }
    if let Some(stem) = w.strip_suffix("MEN") {
        return Some(format!("{stem}MAN"));
    }
    for suffix in ["SSES", "CHES", "SHES", "XES", "ZES"] {
        if w.ends_with(suffix) {
            return Some(w[..w.len() - 2].to_string());
        }
    }
    if w.ends_with('S') && !w.ends_with("SS") && !w.ends_with("US") && !w.ends_with("IS") {
        return Some(w[..w.len() - 1].to_string());
    }
    None
}

/// Whether a word written `raw` is made of single letters and periods ("U.S", "U").
fn is_initialism(raw: &str) -> bool {
    !raw.is_empty() && raw.split('.').all(|part| part.chars().count() == 1)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Ends the current word, if any, and emits it.
fn flush(raw: &mut String, emit: &mut impl FnMut(Event<'_>)) {
    if raw.is_empty() {
        return;
    }
    // Quotes around a word, possessives: "'Japan'", "Japan's", "Governors'",
    // and a possessive cut off from its word ("Japan" + "'s Prime Minister").
    let mut text: &str = raw.trim_start_matches(is_apostrophe);
    let detached_possessive = text.len() < raw.len() && (text == "s" || text == "S");
    if !detached_possessive {
        let mut possessive = false;
        for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
            if let Some(stem) = text.strip_suffix(suffix) {
                text = stem;
                possessive = true;
                break;
            }
        }
        let trimmed = text.trim_end_matches(is_apostrophe);
        possessive |= trimmed.len() < text.len();
        if !trimmed.is_empty() {
            emit(Event::Word(trimmed, possessive));
        }
    }
    raw.clear();
}

fn shape_of(text: &str) -> Shape {
    let mut letters = text.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Shape::Number;
    };
    if first.is_lowercase() {
        return Shape::Lower;
    }
    if first.is_uppercase() && text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        return Shape::Upper;
    }
    Shape::Capitalized
}

/// Folds a word to its key: Latin diacritics removed, upper-case, periods and
/// apostrophes dropped.
pub(crate) fn fold_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold_key`], appending to `out`.
fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if c == '.' || is_apostrophe(c) {
            continue;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_uppercase());
        } else if let Some(folded) = fold_char(c) {
            out.push_str(folded);
        } else {
            out.extend(c.to_uppercase());
        }
    }
}

/// ASCII for the Latin letters with diacritics found in names ("Erdoğan",
/// "Türkiye", "Côte d'Ivoire", "Wörner"); a character fold, not a name list.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'à'..='å' | 'Ā'..='ą' | 'Ǎ' | 'ǎ' => "A",
        'Æ' | 'æ' => "AE",
        'Ç' | 'ç' | 'Ć'..='č' => "C",
        'Ð' | 'ð' | 'Ď'..='đ' => "D",
        'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' | 'Ə' | 'ə' => "E",
        'Ĝ'..='ģ' => "G",
        'Ĥ'..='ħ' => "H",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' => "I",
        'Ĵ' | 'ĵ' => "J",
        'Ķ' | 'ķ' => "K",
        'Ĺ'..='ł' => "L",
        'Ñ' | 'ñ' | 'Ń'..='ň' => "N",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' | 'Ǒ' | 'ǒ' | 'Ơ' | 'ơ' => "O",
        'Œ' | 'œ' => "OE",
        'Ŕ'..='ř' => "R",
        'Ś'..='š' | 'Ș' | 'ș' => "S",
        'ß' => "SS",
        'Ţ'..='ŧ' | 'Ț' | 'ț' => "T",
        'Þ' | 'þ' => "TH",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' | 'Ư' | 'ư' | 'Ǔ' | 'ǔ' => "U",
        'Ŵ' | 'ŵ' => "W",
        'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "Y",
        'Ź'..='ž' => "Z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_diacritics_and_punctuation() {
        for (text, expected) in [
            ("Türkiye", "TURKIYE"),
            ("U.S.", "US"),
            ("US", "US"),
            ("the United States", "UNITED STATES"),
            ("Japan's", "JAPAN"),
            ("Governors'", "GOVERNORS"),
            ("Kassym-Jomart Tokayev", "KASSYM JOMART TOKAYEV"),
            ("Côte d’Ivoire", "COTE DIVOIRE"),
            ("COTE_D'IVOIRE_", "COTE DIVOIRE"),
            ("People's Republic of China", "PEOPLE REPUBLIC OF CHINA"),
            ("Erdoğan", "ERDOGAN"),
            ("Wörner", "WORNER"),
            ("Bosnia & Herzegovina", "BOSNIA AND HERZEGOVINA"),
            ("The", "THE"),
        ] {
            assert_eq!(key(text), expected, "{text}");
        }
    }

    #[test]
    fn shapes_follow_the_original_case() {
        for (text, shape) in [
            ("US", Shape::Upper),
            ("U.S.", Shape::Upper),
            ("us", Shape::Lower),
            ("Japan", Shape::Capitalized),
            ("Türkiye", Shape::Capitalized),
            ("16", Shape::Number),
            ("G20", Shape::Upper),
        ] {
            assert_eq!(words(text)[0].shape, shape, "{text}");
        }
    }

    #[test]
    fn breaks_mark_phrase_ends_but_not_abbreviations() {
        let ps = pieces("Mr. Modi met U.S. officials, then left. Tokyo");
        let shown: Vec<String> = ps
            .iter()
            .map(|p| match p {
                Piece::Word(w) => w.key.clone(),
                Piece::Break => "|".into(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "MR",
                "MODI",
                "MET",
                "US",
                "OFFICIALS",
                "|",
                "THEN",
                "LEFT",
                "|",
                "TOKYO"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn streamed_keys_equal_word_keys(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(key(&text), key_of(&words(&text)));
        }

        #[test]
        fn streamed_keys_equal_word_keys_on_name_like_text(text in "[A-Za-z_ .'&,-]{0,30}") {
            proptest::prop_assert_eq!(key(&text), key_of(&words(&text)));
        }
    }

    #[test]
    fn possessives_are_marked() {
        let ws = words("Putin's spokesman, the Governors' meeting, O'Brien");
        let marked: Vec<(&str, bool)> = ws.iter().map(|w| (w.key.as_str(), w.possessive)).collect();
        assert_eq!(
            marked,
            [
                ("PUTIN", true),
                ("SPOKESMAN", false),
                ("THE", false),
                ("GOVERNORS", true),
                ("MEETING", false),
                ("OBRIEN", false)
            ]
        );
    }

    #[test]
    fn plurals_become_singular() {
        for (plural, single) in [
            ("GOVERNORS", Some("GOVERNOR")),
            ("ARMIES", Some("ARMY")),
            ("SPOKESMEN", Some("SPOKESMAN")),
            ("TROOPS", Some("TROOP")),
            ("FORCES", Some("FORCE")),
            ("AMERICANS", Some("AMERICAN")),
            ("SWISS", None),
            ("US", None),
        ] {
            assert_eq!(singular(plural).as_deref(), single, "{plural}");
        }
    }
}
