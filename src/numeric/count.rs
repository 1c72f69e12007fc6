//! Counted QUANTITY: a cardinal number before what it counts ("5,000
//! troops", "28 Russian businessmen", "killing three people", "six million
//! Jews"). Following the gold guidelines the span is the number alone (with
//! its scale); the counted noun becomes the unit. Byte offsets.
//!
//! Small numbers in words count too ("killing three people", "expelled two
//! diplomats"), as annotators B and C label them throughout `eval/gold`
//! (`eval/GUIDELINES.md` §2.3 keeps annotator A's narrower rule, marked
//! \[A\]); on train + dev this is F 0.98 against 0.95 for the narrow rule.
//!
//! Left out: "one" and "a million", small numbers after a determiner ("the
//! two leaders"), numbers that name things ("Article 5", "Boeing 737",
//! "C-17", "COVID-19"), decimals, years, and numbers before a time unit
//! (numeric durations are DATE).

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::number::{self, NUM, SCALE, WORDS};
use super::{date, scan, word_before, Candidate, NumericValue};

/// Words after a number that make it something other than a count.
const STOP_AFTER: &[&str] = &[
    "to",
    "and",
    "or",
    "per",
    "percent",
    "pct",
    "pc",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "than",
    "a",
    "an",
    "the",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "times",
    "am",
    "pm",
    "gmt",
    "utc",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "minute",
    "minutes",
    "second",
    "seconds",
    "percentage",
    "point",
    "points",
    "cent",
    "which",
    "that",
    "who",
    "as",
    "against",
    "after",
    "before",
    "over",
    "under",
    "it",
    "they",
    "he",
    "she",
    "we",
    "you",
    "i",
    "votes",
    "goals",
];

/// Words before a number that make it a name or a reference ("Article 5").
const STOP_BEFORE: &[&str] = &[
    "no.",
    "no",
    "nos.",
    "number",
    "article",
    "articles",
    "part",
    "paragraph",
    "section",
    "chapter",
    "clause",
    "item",
    "point",
    "page",
    "pages",
    "magnitude",
    "version",
    "level",
    "grade",
    "category",
    "phase",
    "stage",
    "resolution",
    "route",
    "flight",
    "room",
    "gate",
    "model",
    "platform",
    "size",
    "aged",
    "age",
    "ages",
    "score",
    "law",
    "rule",
    "annex",
    "protocol",
    "table",
    "figure",
    "vol.",
    "volume",
    "p.",
    "pp.",
];

/// Determiners that make a small number in words a reference to known
/// things ("the two leaders", "our two countries").
const DETERMINERS: &[&str] = &[
    "the", "our", "their", "its", "these", "those", "both", "all", "his", "her", "my", "your", "any", "first", "last",
    "next", "other", "another", "every", "each", "only",
];

/// Words between a number and the counted noun that are not the noun.
const MODIFIERS: &[&str] = &[
    "more",
    "additional",
    "other",
    "new",
    "extra",
    "further",
    "of",
    "than",
    "about",
    "some",
];

/// Nouns that make even a year-like number a count ("about 2000 people").
const COUNT_NOUNS: &[&str] = &[
    "people",
    "persons",
    "troops",
    "soldiers",
    "personnel",
    "peacekeepers",
    "refugees",
    "migrants",
    "civilians",
    "protesters",
    "demonstrators",
    "students",
    "workers",
    "prisoners",
    "doses",
    "jobs",
    "vehicles",
    "tanks",
    "aircraft",
    "drones",
    "missiles",
    "vessels",
    "ships",
    "homes",
    "houses",
    "families",
    "children",
    "women",
    "men",
    "casualties",
    "deaths",
    "cases",
    "fighters",
    "militants",
    "police",
    "officers",
    "delegates",
    "members",
];

/// A number (maybe a range, maybe scaled) followed by a space or hyphen and
/// a letter.
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    let dash = r"[ \u{a0}]?[-–—][ \u{a0}]?";
    super::compile(&format!(
        r"(?P<n1>(?-u:\b){NUM}|{WORDS})(?P<s1>{SCALE})?(?:{dash}(?P<n2>(?-u:\b){NUM})(?P<s2>{SCALE})?)?(?:[ \u{{a0}}]+|-)\p{{L}}"
    ))
});

/// Counted QUANTITY candidates in `text`.
pub(super) fn find(text: &str) -> Vec<Candidate> {
    scan(&COUNT, text, |caps| count(text, caps))
}

fn count(text: &str, caps: &Captures) -> Option<Candidate> {
    let n1 = caps.name("n1")?;
    let (s1, n2, s2) = (caps.name("s1"), caps.name("n2"), caps.name("s2"));
    let end = s2.or(n2).or(s1).map_or(n1.end(), |m| m.end());
    let scale = s1.or(s2);
    let number = n1.as_str();
    let after = text.get(end..)?;
    let words: Vec<&str> = after
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .take(4)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let next = words.first()?.to_lowercase();
    if STOP_AFTER.contains(&next.as_str()) || is_calendar_word(&next) {
        return None;
    }
    let noun = counted_noun(&words);
    if !number_counts(text, n1.start(), number, scale.is_some(), after, &noun) {
        return None;
    }
    let value = number::value_of(number, scale.map(|m| m.as_str()))?;
    Some((n1.start()..end, NumericValue::Quantity { value, unit: noun }))
}

/// Whether the number at `start` can be a count, judging by its form and
/// the word before it.
fn number_counts(text: &str, start: usize, number: &str, scaled: bool, after: &str, noun: &str) -> bool {
    let before = text.get(..start).unwrap_or("");
    if before.ends_with(['-', '/', '#', ':', '$', '€', '£', '¥', '₹']) {
        return false;
    }
    if let Some((word, sentence_start)) = word_before(text, start) {
        let lower = word.to_lowercase();
        if STOP_BEFORE.contains(&lower.as_str()) || (!sentence_start && word.starts_with(char::is_uppercase)) {
            return false;
        }
    }
    if !number.starts_with(|c: char| c.is_ascii_digit()) {
        // "a million refugees" is vaguer than "one million"; "one" is too
        // common to count; "the two leaders" refers rather than counts.
        let lower = number.to_lowercase();
        let determiner =
            word_before(text, start).is_some_and(|(w, _)| DETERMINERS.contains(&w.to_lowercase().as_str()));
        // "Eight Directions to Steer": a capitalised number before a
        // capitalised word is part of a title.
        let title = number.starts_with(char::is_uppercase) && after.trim_start().starts_with(char::is_uppercase);
        return !matches!(lower.as_str(), "a" | "an" | "one" | "zero") && (scaled || !(determiner || title));
    }
    let year_like = number.len() == 4 && number.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y));
    let year = year_like && (!COUNT_NOUNS.contains(&noun) || date::is_year_in_context(text, start, number));
    scaled || (!number.contains('.') && !year)
}

/// The counted noun among the words after a number: of the lower-case words
/// that are not modifiers or participles ("1,500 more troops", "12 captured
/// soldiers"), the first plural or known count noun, else the first ("28
/// Russian businessmen", "20,000 municipal workers"); empty when there is
/// none.
fn counted_noun(words: &[&str]) -> String {
    let candidates: Vec<String> = words
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .map(|w| w.to_lowercase())
        .filter(|w| !MODIFIERS.contains(&w.as_str()) && !w.ends_with("ed"))
        .collect();
    let noun = candidates
        .iter()
        .find(|w| w.ends_with('s') || COUNT_NOUNS.contains(&w.as_str()))
        .or(candidates.first());
    match noun {
        Some(w) if !matches!(w.as_str(), "them" | "us" | "those" | "these" | "whom") => w.clone(),
        _ => String::new(),
    }
}

/// Month and weekday names, which make a number part of a date.
fn is_calendar_word(word: &str) -> bool {
    const NAMES: [&str; 19] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    NAMES.contains(&word) || (word.len() >= 3 && NAMES[..12].iter().any(|m| m.starts_with(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> Vec<(String, f64, String)> {
        super::super::select(text, find(text), |_| 0)
            .into_iter()
            .filter_map(|(range, value)| match value {
                NumericValue::Quantity { value, unit } => Some((text.get(range)?.to_string(), value, unit)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn counts_span_the_number_and_name_the_noun() {
        let rows: &[(&str, &str, f64, &str)] = &[
            ("sent 5,000 troops", "5,000", 5000.0, "troops"),
            ("more than 8,100 troops of", "8,100", 8100.0, "troops"),
            (
                "freezing the assets of 28 Russian businessmen",
                "28",
                28.0,
                "businessmen",
            ),
            ("released 12 captured soldiers", "12", 12.0, "soldiers"),
            ("dispatched 1,500 more troops", "1,500", 1500.0, "troops"),
            ("of the six million Jews", "six million", 6e6, ""),
            ("1.5 million people", "1.5 million", 1.5e6, "people"),
            ("shot down 51 of them", "51", 51.0, ""),
            ("a 60-member medical team", "60", 60.0, "member"),
            ("3,000-4,000 refugees", "3,000-4,000", 3000.0, "refugees"),
            ("About 20,000 municipal workers", "20,000", 20000.0, "workers"),
            ("dispatched 12 C-17 transport aircraft", "12", 12.0, "aircraft"),
            ("dispatched two C-17 transport aircraft", "two", 2.0, "aircraft"),
            ("killing three people", "three", 3.0, "people"),
            ("about 2000 people", "2000", 2000.0, "people"),
        ];
        for (text, span, value, unit) in rows {
            assert_eq!(
                counts(text),
                vec![(span.to_string(), *value, unit.to_string())],
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_that_are_not_counts() {
        for text in [
            "the two leaders met",
            "more than a million refugees",
            "Decade: Eight Directions to Steer",
            "one of the farmers",
            "a five-day exercise",
            "rose 15 percent",
            "for 48 hours",
            "on 15 March",
            "Article 5 of the treaty",
            "the C-17 transport aircraft",
            "the COVID-19 pandemic",
            "a magnitude 7.1 earthquake",
            "the 2015 Minsk agreements",
            "In 2025 people voted",
            "the Boeing 737 jets",
            "won 3-1 at home",
            "Federal Law No. 281 On",
        ] {
            assert_eq!(counts(text), vec![], "{text}");
        }
    }
}
