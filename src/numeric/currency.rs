//! Currency tables: symbols and codes written before an amount, ISO codes and
//! names written after it, each mapped to an ISO 4217 code.
//!
//! Defaults where the text alone is ambiguous: "$" and bare "dollars" are USD,
//! "¥" is JPY, "Rs" and bare "rupees" are INR (or the rupee of the country
//! the story names most, [`rupee_of`]), bare "francs" are CHF, bare
//! "riyals" SAR, bare "dirhams" AED, "lira" TRY. Bare "pounds" and "won" are
//! money only with a scale ("5 million pounds"), since "a 500-pound bomb" and
//! "the party 300 won" are not.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Symbols and abbreviations written before an amount, with their ISO code.
const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("U.S.$", "USD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("Can$", "CAD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("SG$", "SGD"),
    ("NZ$", "NZD"),
    ("NT$", "TWD"),
    ("R$", "BRL"),
    ("MX$", "MXN"),
    ("Mex$", "MXN"),
    ("CN¥", "CNY"),
    ("Rs.", "INR"),
    ("Rs", "INR"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₺", "TRY"),
    ("₦", "NGN"),
    ("₱", "PHP"),
    ("₪", "ILS"),
    ("₫", "VND"),
    ("₴", "UAH"),
];

/// ISO 4217 codes read before or after an amount ("USD 150 million",
/// "150 million USD"), plus the common non-ISO "RMB". Codes that are also
/// English words or names in capitals ("ALL", "PHP") are left out.
const CODES: &[(&str, &str)] = &[
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("Rmb", "CNY"),
    ("INR", "INR"),
    ("AUD", "AUD"),
    ("CAD", "CAD"),
    ("HKD", "HKD"),
    ("SGD", "SGD"),
    ("NZD", "NZD"),
    ("CHF", "CHF"),
    ("KRW", "KRW"),
    ("RUB", "RUB"),
    ("BRL", "BRL"),
    ("ZAR", "ZAR"),
    ("TRY", "TRY"),
    ("SAR", "SAR"),
    ("AED", "AED"),
    ("QAR", "QAR"),
    ("KWD", "KWD"),
    ("BHD", "BHD"),
    ("OMR", "OMR"),
    ("ILS", "ILS"),
    ("EGP", "EGP"),
    ("PKR", "PKR"),
    ("BDT", "BDT"),
    ("LKR", "LKR"),
    ("NPR", "NPR"),
    ("IDR", "IDR"),
    ("MYR", "MYR"),
    ("THB", "THB"),
    ("VND", "VND"),
    ("TWD", "TWD"),
    ("MXN", "MXN"),
    ("ARS", "ARS"),
    ("CLP", "CLP"),
    ("COP", "COP"),
    ("NGN", "NGN"),
    ("KES", "KES"),
    ("ETB", "ETB"),
    ("GHS", "GHS"),
    ("UAH", "UAH"),
    ("PLN", "PLN"),
    ("CZK", "CZK"),
    ("HUF", "HUF"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("IRR", "IRR"),
    ("IQD", "IQD"),
    ("JOD", "JOD"),
    ("MAD", "MAD"),
    ("XOF", "XOF"),
    ("XDR", "XDR"),
];

/// Currency names read after an amount: ISO code, whether the name needs a
/// scale to count as money, and the names as a case-insensitive regex
/// fragment. Where two alternatives can match at the same place, the longer
/// comes first ("pounds sterling" before "pounds").
const NAMES: &[(&str, bool, &str)] = &[
    ("AUD", false, r"australian\s+dollars?"),
    ("CAD", false, r"canadian\s+dollars?"),
    ("HKD", false, r"hong\s+kong\s+dollars?"),
    ("SGD", false, r"singapore\s+dollars?"),
    ("NZD", false, r"new\s+zealand\s+dollars?"),
    ("TWD", false, r"(?:new\s+)?taiwan(?:ese)?\s+dollars?"),
    ("NAD", false, r"namibian\s+dollars?"),
    (
        "USD",
        false,
        r"(?:us|u\.s\.|american|united\s+states)\s+dollars?|dollars?",
    ),
    ("JPY", false, r"(?:japanese\s+)?yen"),
    ("EUR", false, r"euros?"),
    ("PKR", false, r"pakistani\s+rupees?"),
    ("LKR", false, r"sri\s+lankan\s+rupees?"),
    ("NPR", false, r"nepal(?:ese|i)\s+rupees?"),
    ("INR", false, r"(?:indian\s+)?rupees?"),
    ("RUB", false, r"(?:russian\s+)?(?:roubles?|rubles?)"),
    ("CNY", false, r"(?:chinese\s+)?(?:yuan|renminbi)"),
    ("EGP", false, r"egyptian\s+pounds?"),
    ("LBP", false, r"lebanese\s+pounds?"),
    ("GBP", false, r"pounds?\s+sterling|british\s+pounds?|sterling"),
    ("GBP_s", true, r"pounds?"),
    ("KPW", false, r"north\s+korean\s+won"),
    ("KRW", false, r"(?:south\s+)?korean\s+won"),
    ("KRW_s", true, r"won"),
    ("ZAR", false, r"(?:south\s+african\s+)?rand"),
    ("BRL", false, r"brazilian\s+(?:reais|real)|reais"),
    ("QAR", false, r"qatari?\s+riyals?"),
    ("OMR", false, r"omani\s+ri(?:y)?als?"),
    ("YER", false, r"yemeni\s+ri(?:y)?als?"),
    ("IRR", false, r"(?:iranian\s+)?rials?"),
    ("SAR", false, r"(?:saudi\s+)?riyals?"),
    ("MAD", false, r"moroccan\s+dirhams?"),
    ("AED", false, r"(?:uae\s+|emirati\s+)?dirhams?"),
    ("XOF", false, r"cfa\s+francs?"),
    ("CHF", false, r"(?:swiss\s+)?francs?"),
    ("TRY", false, r"(?:turkish\s+)?(?:liras?|lire)"),
    ("ILS", false, r"(?:new\s+|israeli\s+)?shekels?"),
    ("NGN", false, r"naira"),
    ("IDR", false, r"rupiah"),
    ("MYR", false, r"ringgit"),
    ("THB", false, r"baht"),
    ("VND", false, r"(?:vietnamese\s+)?dong"),
    ("UAH", false, r"hryvnias?|hryvnia"),
    ("PLN", false, r"zlotys?|zloty"),
    ("SEK", false, r"(?:swedish\s+)?kronor"),
    ("NOK", false, r"norwegian\s+kron(?:er|e)"),
    ("DKK", false, r"danish\s+kron(?:er|e)"),
    ("BDT", false, r"taka"),
    ("KWD", false, r"kuwaiti\s+dinars?"),
    ("IQD", false, r"iraqi\s+dinars?"),
    ("BHD", false, r"bahraini\s+dinars?"),
    ("JOD", false, r"jordanian\s+dinars?"),
    ("MXN", false, r"mexican\s+pesos?"),
    ("PHP", false, r"philippine\s+pesos?"),
    ("ARS", false, r"argentine\s+pesos?"),
    ("CLP", false, r"chilean\s+pesos?"),
    ("COP", false, r"colombian\s+pesos?"),
    ("KES", false, r"kenyan\s+shillings?"),
    ("UGX", false, r"ugandan\s+shillings?"),
    ("TZS", false, r"tanzanian\s+shillings?"),
    ("ETB", false, r"(?:ethiopian\s+)?birr"),
    ("GHS", false, r"(?:ghanaian\s+)?cedis?"),
];

/// Country cues for "Rs" and bare "rupees": INR, PKR, LKR, NPR.
static RUPEE_CUES: LazyLock<Regex> = LazyLock::new(|| {
    super::compile(
        r"(?i)(?-u:\b)(?:(?P<INR>india|indian|new\s+delhi|delhi|mumbai)|(?P<PKR>pakistan|pakistani|islamabad|karachi|lahore)|(?P<LKR>sri\s+lanka|sri\s+lankan|colombo)|(?P<NPR>nepal|nepalese|nepali|kathmandu))(?-u:\b)",
    )
});

/// The rupee a text most likely means: the country it names most often,
/// INR on a tie or when it names none.
pub(super) fn rupee_of(text: &str) -> &'static str {
    let mut counts = [("INR", 0usize), ("PKR", 0), ("LKR", 0), ("NPR", 0)];
    for caps in RUPEE_CUES.captures_iter(text) {
        if let Some(entry) = counts.iter_mut().find(|(code, _)| caps.name(code).is_some()) {
            entry.1 += 1;
        }
    }
    counts
        .iter()
        .fold(("INR", 0), |best, c| if c.1 > best.1 { *c } else { best })
        .0
}

/// Regex fragment for a currency written before the amount (symbols and
/// codes). A symbol that starts with a letter must start a word.
pub(super) fn prefix_pattern() -> String {
    let mut items: Vec<&str> = SYMBOLS.iter().chain(CODES).map(|(s, _)| *s).collect();
    items.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let alternatives: Vec<String> = items
        .iter()
        .map(|s| {
            let escaped = regex::escape(s);
            if s.starts_with(|c: char| c.is_alphabetic()) {
                format!(r"(?-u:\b){escaped}")
            } else {
                escaped
            }
        })
        .collect();
    format!("(?:{})", alternatives.join("|"))
}

/// Regex fragment for an ISO code written after the amount.
pub(super) fn code_pattern() -> String {
    let codes: Vec<String> = CODES.iter().map(|(c, _)| regex::escape(c)).collect();
    format!(r"(?:{})(?-u:\b)", codes.join("|"))
}

/// Regex fragment for currency names, one named group per entry of `NAMES`.
pub(super) fn name_pattern() -> String {
    let groups: Vec<String> = NAMES
        .iter()
        .map(|(group, _, re)| format!("(?P<{group}>{re})"))
        .collect();
    format!(r"(?i:{})(?-u:\b)", groups.join("|"))
}

/// The ISO code of a symbol or code written before an amount.
pub(super) fn prefix_code(text: &str) -> Option<&'static str> {
    SYMBOLS
        .iter()
        .chain(CODES)
        .find(|(s, _)| *s == text)
        .map(|(_, code)| *code)
}

/// The ISO code of a currency name matched by [`name_pattern`], and whether
/// the name needs a scale.
pub(super) fn name_code(caps: &Captures) -> Option<(&'static str, bool)> {
    NAMES
        .iter()
        .find(|(group, _, _)| caps.name(group).is_some())
        .map(|(group, needs_scale, _)| (group.trim_end_matches("_s"), *needs_scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_map_to_iso_codes() {
        for (text, code) in [
            ("$", "USD"),
            ("A$", "AUD"),
            ("Rs.", "INR"),
            ("RMB", "CNY"),
            ("€", "EUR"),
        ] {
            assert_eq!(prefix_code(text), Some(code), "{text}");
        }
        assert_eq!(prefix_code("XYZ"), None);
    }

    #[test]
    fn every_code_is_three_capitals() {
        let codes = SYMBOLS.iter().chain(CODES).map(|(_, c)| *c);
        let names = NAMES.iter().map(|(g, _, _)| g.trim_end_matches("_s"));
        for code in codes.chain(names) {
            assert!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{code}"
            );
        }
    }
}
