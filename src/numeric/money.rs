//! MONEY: an amount with a currency written before it ("JPY 10 trillion",
//! "$1.2 billion", "Rs 5,000 crore", "R500 million") or after it ("1.6 billion
//! yen", "150 million USD", "200 million Australian dollars"). Byte offsets.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Match, Regex};

use super::number::{self, NUM, SCALE, WORDS};
use super::{currency, scan, select, tail, Candidate, NumericValue};

/// Between the two numbers of a range: a dash, or "to".
const CONNECTOR: &str = r"(?P<conn>[ \u{a0}]?[-–—][ \u{a0}]?|[ \u{a0}]+to[ \u{a0}]+)";

/// Currency first: `(pre|letter) n1 s1? (conn pre? n2 s2?)?`. "R" for rand
/// and "N" for naira must touch the digits ("R500m", "N1.2 trillion").
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    let pre = currency::prefix_pattern();
    let pattern = format!(
        r"(?:(?P<pre>{pre})[ \u{{a0}}]?|(?P<letter>(?-u:\b)[RN]))(?P<n1>{NUM})(?P<s1>{SCALE})?(?:{CONNECTOR}(?:{pre}[ \u{{a0}}]?|[RN])?(?P<n2>{NUM})(?P<s2>{SCALE})?)?"
    );
    super::compile(&pattern)
});

/// Currency last: `n1 s1? (conn n2 s2?)? (name|code)`.
static SUFFIXED: LazyLock<Regex> = LazyLock::new(|| {
    let names = currency::name_pattern();
    let codes = currency::code_pattern();
    let pattern = format!(
        r"(?P<n1>(?-u:\b){NUM}|{WORDS})(?P<s1>{SCALE})?(?:{CONNECTOR}(?P<n2>{NUM}|{WORDS})(?P<s2>{SCALE})?)?[ \u{{a0}}-]?(?:{names}|(?P<code>{codes}))"
    );
    super::compile(&pattern)
});

/// "from" just before an amount: "from $5 to $7" is a change, not a range.
static FROM_BEFORE: LazyLock<Regex> = LazyLock::new(|| super::compile(r"(?i)(?-u:\b)from\s+$"));

/// MONEY candidates in `text`.
///
/// "Rs" and bare "rupees" are INR unless the text speaks more of Pakistan,
/// Sri Lanka or Nepal (`eval/GUIDELINES.md` §12).
pub(super) fn find(text: &str) -> Vec<Candidate> {
    let rupee = currency::rupee_of(text);
    let mut out = scan(&PREFIXED, text, |caps| prefixed(text, caps, rupee));
    out.extend(scan(&SUFFIXED, text, |caps| suffixed(text, caps, rupee)));
    out
}

/// Parses a whole string as one amount of money: "Rs 5,000 crore" is
/// `(5e10, "INR")`, "JPY 10 trillion" `(1e13, "JPY")`, "1.6 billion yen"
/// `(1.6e9, "JPY")`, "$1-2 billion" `(1e9, "USD")` (a range keeps its first
/// bound). Surrounding white space is ignored; `None` when the string is not
/// exactly one amount.
pub fn parse_amount(s: &str) -> Option<(f64, String)> {
    let s = s.trim();
    select(s, find(s), |_| 0)
        .into_iter()
        .find_map(|(range, value)| match value {
            NumericValue::Money { value, currency } if range == (0..s.len()) => Some((value, currency)),
            _ => None,
        })
}

/// The parts of an amount match shared by both word orders.
struct Parts<'t> {
    n1: Match<'t>,
    s1: Option<Match<'t>>,
    n2: Option<Match<'t>>,
    s2: Option<Match<'t>>,
    /// The range joined by "to" rather than a dash.
    to: bool,
}

impl<'t> Parts<'t> {
    fn of(caps: &Captures<'t>) -> Option<Parts<'t>> {
        Some(Parts {
            n1: caps.name("n1")?,
            s1: caps.name("s1"),
            n2: caps.name("n2"),
            s2: caps.name("s2"),
            to: caps.name("conn").is_some_and(|c| c.as_str().contains("to")),
        })
    }

    /// Whether the second number really continues a range: a dash always
    /// does; "to" only as in "$1 to 2 billion" (one scale, at the end) and
    /// not after "from".
    fn is_range(&self, text: &str, start: usize) -> bool {
        self.n2.is_some()
            && (!self.to
                || (self.s1.is_none()
                    && self.s2.is_some()
                    && !FROM_BEFORE.is_match(tail(text.get(..start).unwrap_or(""), 12))))
    }

    /// The first bound, with the range's scale when it has none of its own.
    fn value(&self, range: bool) -> Option<f64> {
        let scale = if range { self.s1.or(self.s2) } else { self.s1 };
        number::value_of(self.n1.as_str(), scale.map(|m| m.as_str()))
    }
}

fn prefixed(text: &str, caps: &Captures, rupee: &'static str) -> Option<Candidate> {
    let whole = caps.get(0)?;
    let letter = caps.name("letter").map(|l| l.as_str());
    let currency = match (caps.name("pre"), letter) {
        (Some(pre), _) if pre.as_str().starts_with("Rs") => rupee,
        (Some(pre), _) => currency::prefix_code(pre.as_str())?,
        (None, Some("N")) => "NGN",
        _ => "ZAR",
    };
    let parts = Parts::of(caps)?;
    let range = parts.is_range(text, whole.start());
    let end = if range || parts.n2.is_none() {
        whole.end()
    } else {
        parts.s1.map_or(parts.n1.end(), |s| s.end())
    };
    let scaled = parts.s1.is_some() || (range && parts.s2.is_some());
    let digits = parts.n1.as_str().chars().filter(char::is_ascii_digit).count();
    let grouped = parts.n1.as_str().contains(',');
    // A code glued to a small number is a name ("COP26", "R2-D2", "N95"):
    // it needs a scale, digit grouping, or (rand) at least three digits.
    let glued = caps.name("pre").is_some_and(|p| {
        p.as_str().starts_with(|c: char| c.is_ascii_uppercase())
            && !p.as_str().starts_with("Rs")
            && p.end() == parts.n1.start()
    });
    let bare_ok = match letter {
        Some("N") => false,
        Some(_) => digits >= 3 || grouped,
        None => !glued || grouped,
    };
    if !scaled && !bare_ok {
        return None;
    }
    money(whole.start()..end, parts.value(range)?, currency)
}

fn suffixed(text: &str, caps: &Captures, rupee: &'static str) -> Option<Candidate> {
    let whole = caps.get(0)?;
    let (currency, needs_scale) = match caps.name("code") {
        Some(code) => (currency::prefix_code(code.as_str())?, false),
        None => match currency::name_code(caps)? {
            ("INR", scale) if caps.name("INR").is_some_and(|m| m.as_str().starts_with(['r', 'R'])) => (rupee, scale),
            found => found,
        },
    };
    let parts = Parts::of(caps)?;
    // The currency is at the end, so a range that is not one leaves no amount.
    if parts.n2.is_some() && !parts.is_range(text, whole.start()) {
        return None;
    }
    if needs_scale && parts.s1.is_none() && parts.s2.is_none() {
        return None;
    }
    money(whole.range(), parts.value(parts.n2.is_some())?, currency)
}

fn money(range: Range<usize>, value: f64, currency: &str) -> Option<Candidate> {
    Some((
        range,
        NumericValue::Money {
            value,
            currency: currency.to_string(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse() {
        let table: &[(&str, f64, &str)] = &[
            ("JPY 10 trillion", 1e13, "JPY"),
            ("JPY 5 trillion", 5e12, "JPY"),
            ("$1.2 billion", 1.2e9, "USD"),
            ("A$200 million", 2e8, "AUD"),
            ("€300m", 3e8, "EUR"),
            ("Rs 5,000 crore", 5e10, "INR"),
            ("Rs. 500 crore", 5e9, "INR"),
            ("Rs5,000", 5e3, "INR"),
            ("1.6 billion yen", 1.6e9, "JPY"),
            ("£1bn", 1e9, "GBP"),
            ("USD 150 million", 1.5e8, "USD"),
            ("150 million USD", 1.5e8, "USD"),
            ("10 trillion yen", 1e13, "JPY"),
            ("CNY 3.5bn", 3.5e9, "CNY"),
            ("Rmb3bn", 3e9, "CNY"),
            ("US$5 billion", 5e9, "USD"),
            ("C$2.5 billion", 2.5e9, "CAD"),
            ("HK$10 million", 1e7, "HKD"),
            ("S$1.5bn", 1.5e9, "SGD"),
            ("NZ$300 million", 3e8, "NZD"),
            ("€1.5 billion", 1.5e9, "EUR"),
            ("¥500 billion", 5e11, "JPY"),
            ("₹2 lakh crore", 2e12, "INR"),
            ("₹1,00,000", 1e5, "INR"),
            ("₩1 trillion", 1e12, "KRW"),
            ("R$40 billion", 4e10, "BRL"),
            ("R500 million", 5e8, "ZAR"),
            ("R350", 350.0, "ZAR"),
            ("N1.2 trillion", 1.2e12, "NGN"),
            ("₦95,000", 95e3, "NGN"),
            ("KES 177 billion", 1.77e11, "KES"),
            ("10,000-ruble", 1e4, "RUB"),
            ("₽100 billion", 1e11, "RUB"),
            ("$1.2-billion", 1.2e9, "USD"),
            ("$500K", 5e5, "USD"),
            ("5 billion euros", 5e9, "EUR"),
            ("500 rupees", 500.0, "INR"),
            ("10 billion roubles", 1e10, "RUB"),
            ("3 billion rubles", 3e9, "RUB"),
            ("20 billion yuan", 2e10, "CNY"),
            ("1 trillion renminbi", 1e12, "CNY"),
            ("2 billion dollars", 2e9, "USD"),
            ("200 million Australian dollars", 2e8, "AUD"),
            ("5 billion Canadian dollars", 5e9, "CAD"),
            ("50 million pounds sterling", 5e7, "GBP"),
            ("50 million pounds", 5e7, "GBP"),
            ("3 trillion won", 3e12, "KRW"),
            ("10 billion rand", 1e10, "ZAR"),
            ("40 billion reais", 4e10, "BRL"),
            ("5 billion riyals", 5e9, "SAR"),
            ("2 billion Qatari riyals", 2e9, "QAR"),
            ("100 million dirhams", 1e8, "AED"),
            ("300 million Swiss francs", 3e8, "CHF"),
            ("10 million francs", 1e7, "CHF"),
            ("5 billion lira", 5e9, "TRY"),
            ("a billion dollars", 1e9, "USD"),
            ("two billion dollars", 2e9, "USD"),
            ("$1-2 billion", 1e9, "USD"),
            ("$1bn–$2bn", 1e9, "USD"),
            ("$1 to 2 billion", 1e9, "USD"),
            ("1-2 billion dollars", 1e9, "USD"),
            ("5 to 10 million euros", 5e6, "EUR"),
        ];
        for (text, value, currency) in table {
            let got = parse_amount(text);
            assert_eq!(got, Some((*value, currency.to_string())), "{text}");
        }
    }

    #[test]
    fn rupees_follow_the_country_of_the_story() {
        let found = |text: &str| -> Vec<String> {
            find(text)
                .into_iter()
                .filter_map(|(_, v)| match v {
                    NumericValue::Money { currency, .. } => Some(currency),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(found("Islamabad approved Rs 5 billion for Pakistani farmers."), ["PKR"]);
        assert_eq!(found("Colombo, Sri Lanka: 500 million rupees"), ["LKR"]);
        assert_eq!(
            found("Pakistan asked Nepal for ₹5 crore and 10 crore Indian rupees"),
            ["INR", "INR"]
        );
        assert_eq!(found("New Delhi gave Rs 500 crore; Pakistan objected."), ["INR"]);
    }

    #[test]
    fn non_amounts_are_rejected() {
        for text in [
            "",
            "$",
            "a dollar",
            "500 pounds",
            "300 won",
            "R2",
            "2,000 troops",
            "5 billion",
            "USDA 5",
            "the $5 fee",
            "from $5 to $7",
            "$5 billion to $7 billion",
            "XY$5",
            "COP26",
            "N95",
            "USD5",
        ] {
            assert_eq!(parse_amount(text), None, "{text:?}");
        }
    }

    #[test]
    fn changes_are_two_amounts_and_ranges_one() {
        let found: Vec<String> = select(
            "rose from $5 to $7 and 1-2 billion yen",
            find("rose from $5 to $7 and 1-2 billion yen"),
            |_| 0,
        )
        .into_iter()
        .map(|(r, _)| "rose from $5 to $7 and 1-2 billion yen"[r].to_string())
        .collect();
        assert_eq!(found, ["$5", "$7", "1-2 billion yen"]);
    }
}
