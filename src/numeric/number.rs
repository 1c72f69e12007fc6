//! Numbers as written in news text: numerals ("5,000", Indian "1,00,000",
//! "1.5"), small number words ("twenty-five", "a" before a scale) and scale
//! words ("billion", "bn", "crore", "lakh crore", "m" attached to digits).
//!
//! Values are built as decimal digits times a power of ten and converted to
//! `f64` once, by the standard library's correctly rounded parser, so that
//! "1.2 billion" is exactly `1.2e9` and never `1199999999.9999998`.

use std::sync::LazyLock;

use regex::Regex;

/// A numeral: western grouping ("12,345,678"), Indian grouping ("12,34,56,789")
/// or plain digits, with an optional decimal part. Regex fragment.
///
/// Lengths are bounded (and patterns that start with a number put `\b` before
/// it) so that a rejected match costs a bounded amount of work: a run of
/// 20,000 digits must not make the scan quadratic.
pub(super) const NUM: &str =
    r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,6}|[0-9]{1,2}(?:,[0-9]{2}){1,6},[0-9]{3}|[0-9]{1,18})(?:\.[0-9]{1,12})?";

/// Small number words, 0 to 99, optionally times "hundred"; "a"/"an" count as
/// one but only in front of a scale (checked by [`value_of`]). Regex fragment.
pub(super) const WORDS: &str = r"(?i:(?-u:\b)(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)(?-u:\b))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|zero|one|two|three|four|five|six|seven|eight|nine|ten|an|a)(?:\s+hundred)?(?-u:\b))";

/// A scale after a number: a word, optionally after one space or hyphen
/// ("1.5 billion", "3bn", "$1.2-billion", "2 lakh crore"), or a single letter
/// attached to the digits ("300m", "$1.2B", "$500k"). Regex fragment.
pub(super) const SCALE: &str = r"(?:[ \u{a0}\u{202f}-]?(?i:(?:lakh|lac|thousand)[ -]crores?|trillion|billion|million|thousand|crores?|lakhs?|lacs?|bn|mn|mln|bln|tn|trn|cr)(?-u:\b)|(?i:[mbk])(?-u:\b))";

/// A whole string that is one number, for [`parse_number`].
static WHOLE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(r"^(?:(?P<num>{NUM})|(?P<words>{WORDS}))(?P<scale>(?:{SCALE}){{0,2}})$");
    super::compile(&pattern)
});

/// A non-negative decimal number, `digits × 10^exp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Decimal {
    /// ASCII digits, never empty.
    digits: String,
    /// Power of ten the digits are multiplied by.
    exp: i64,
}

impl Decimal {
    /// Reads a numeral such as "1,00,000" or "1.25"; `None` for anything else.
    pub(super) fn numeral(s: &str) -> Option<Decimal> {
        let (int, frac) = match s.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (s, ""),
        };
        let mut digits: String = int.chars().filter(|c| *c != ',').collect();
        digits.push_str(frac);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let exp = -i64::try_from(frac.len()).ok()?;
        Some(Decimal { digits, exp })
    }

    /// An integer.
    pub(super) fn integer(value: u64) -> Decimal {
        Decimal {
            digits: value.to_string(),
            exp: 0,
        }
    }

    /// The number times `10^by`.
    pub(super) fn scaled(mut self, by: i64) -> Decimal {
        self.exp = self.exp.saturating_add(by);
        self
    }

    /// The nearest `f64`, or `None` when it is not finite.
    pub(super) fn to_f64(&self) -> Option<f64> {
        let value: f64 = format!("{}e{}", self.digits, self.exp).parse().ok()?;
        value.is_finite().then_some(value)
    }
}

/// Parses a number with an optional scale: "1.5 billion", "10 trillion",
/// "5,000", "1,00,000", "2 lakh", "2 lakh crore", "3bn", "300m", "twenty",
/// "twenty-five", "a million". Surrounding white space is ignored; anything
/// else that is not part of the number makes the result `None`.
///
/// Single-letter scales ("m", "b", "k") count only when attached to the
/// digits, so "300m" is 3e8 but "300 m" is not a number.
pub fn parse_number(s: &str) -> Option<f64> {
    let caps = WHOLE_NUMBER.captures(s.trim())?;
    let num = caps.name("num").or_else(|| caps.name("words"))?.as_str();
    let scale = caps.name("scale").map(|m| m.as_str()).filter(|s| !s.is_empty());
    value_of(num, scale)
}

/// The value of a number (numeral or words) times its scale, if any. "a"/"an"
/// need a scale ("a billion" but not "a").
pub(super) fn value_of(num: &str, scale: Option<&str>) -> Option<f64> {
    let (decimal, article) = match Decimal::numeral(num) {
        Some(d) => (d, false),
        None => {
            let (value, article) = word_value(num)?;
            (Decimal::integer(value), article)
        }
    };
    let exp = match scale {
        Some(s) => scale_exponent(s)?,
        None if article => return None,
        None => 0,
    };
    decimal.scaled(exp).to_f64()
}

/// The power of ten of a scale ("bn" → 9, "lakh crore" → 12); `None` if any
/// word is not a scale.
pub(super) fn scale_exponent(s: &str) -> Option<i64> {
    let mut total = 0;
    let mut words = 0;
    for word in s
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        total += word_scale(&word.to_lowercase())?;
        words += 1;
    }
    (words > 0).then_some(total)
}

fn word_scale(word: &str) -> Option<i64> {
    Some(match word {
        "hundred" => 2,
        "k" | "thousand" => 3,
        "lakh" | "lakhs" | "lac" | "lacs" => 5,
        "m" | "mn" | "mln" | "million" => 6,
        "cr" | "crore" | "crores" => 7,
        "b" | "bn" | "bln" | "billion" => 9,
        "tn" | "trn" | "trillion" => 12,
        _ => return None,
    })
}

/// The value of small number words ("twenty-five", "two hundred", "a"), and
/// whether the words were only an article ("a", "an").
fn word_value(s: &str) -> Option<(u64, bool)> {
    let mut value: u64 = 0;
    let mut words = 0;
    let mut article = false;
    for word in s
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        words += 1;
        match word.as_str() {
            "a" | "an" if words == 1 => {
                value = 1;
                article = true;
            }
            "hundred" => {
                value = value.max(1) * 100;
                article = false;
            }
            _ => {
                value += small_word(&word)?;
                article = false;
            }
        }
    }
    (words > 0).then_some((value, article))
}

fn small_word(word: &str) -> Option<u64> {
    const UNITS: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return u64::try_from(i).ok();
    }
    let i = TENS.iter().position(|w| *w == word)?;
    u64::try_from(i).ok().map(|i| (i + 2) * 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_parse() {
        let table: &[(&str, f64)] = &[
            ("1.5 billion", 1.5e9),
            ("10 trillion", 1e13),
            ("5,000", 5000.0),
            ("1,00,000", 1e5),
            ("12,34,56,789", 123456789.0),
            ("12,345,678.5", 12345678.5),
            ("2 lakh", 2e5),
            ("2 lakh crore", 2e12),
            ("5,000 crore", 5e10),
            ("3bn", 3e9),
            ("300m", 3e8),
            ("1.2B", 1.2e9),
            ("500k", 5e5),
            ("1.2-billion", 1.2e9),
            ("twenty", 20.0),
            ("twenty-five", 25.0),
            ("Seventeen", 17.0),
            ("two hundred", 200.0),
            ("a million", 1e6),
            ("an estimated", f64::NAN),
            ("  42 ", 42.0),
            ("1 thousand million", 1e9),
            ("0.5", 0.5),
        ];
        for (text, want) in table {
            let got = parse_number(text);
            if want.is_nan() {
                assert_eq!(got, None, "{text}");
            } else {
                assert_eq!(got, Some(*want), "{text}");
            }
        }
    }

    #[test]
    fn non_numbers_are_rejected() {
        for text in [
            "",
            "a",
            "million",
            "300 m",
            "1,2345",
            "5 billion dollars",
            "1.2.3",
            "abc",
            "-5",
            "1,0",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(Decimal::numeral("1.2").and_then(|d| d.scaled(9).to_f64()), Some(1.2e9));
        assert_eq!(Decimal::numeral("").and_then(|d| d.to_f64()), None);
        assert_eq!(
            Decimal::numeral("9".repeat(400).as_str()).and_then(|d| d.to_f64()),
            None
        );
    }

    proptest! {
        #[test]
        fn parse_number_never_panics(s in "\\PC{0,40}") {
            let _ = parse_number(&s);
        }

        #[test]
        fn parse_number_never_panics_on_number_like_text(s in "[0-9,. a-zA-Z-]{0,30}") {
            let _ = parse_number(&s);
        }

        #[test]
        fn integers_round_trip(n in 0u64..1_000_000_000_000, scale in prop::sample::select(vec![
            ("", 0), (" thousand", 3), (" lakh", 5), (" million", 6), ("m", 6), (" crore", 7),
            (" billion", 9), ("bn", 9), (" trillion", 12), (" lakh crore", 12),
        ])) {
            let text = format!("{n}{}", scale.0);
            let want = n as f64 * 10f64.powi(scale.1);
            let got = parse_number(&text);
            prop_assert!(got.is_some(), "{}", text);
            let got = got.unwrap_or_default();
            prop_assert!((got - want).abs() <= want.abs() * 1e-9, "{} -> {} != {}", text, got, want);
        }
    }
}
