//! PERCENT ("3.5%", "15 percent", "15 per cent", "5-10%", "17-odd percent")
//! and measured QUANTITY: a number and a unit of measure from a short list
//! ("2 million tonnes", "300 km", "1.5 million barrels per day"), unit
//! included in the span as the gold guidelines ask. Counts ("5,000 troops")
//! are in [`super::count`]. Byte offsets.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::number::{self, NUM, SCALE, WORDS};
use super::{date, scan, Candidate, NumericValue};

/// Units of measure, as written (lower case; white space matches any run of
/// it), with their normalised form.
const UNITS: &[(&str, &str)] = &[
    ("metric tonnes", "t"),
    ("metric tonne", "t"),
    ("metric tons", "t"),
    ("metric ton", "t"),
    ("tonnes", "t"),
    ("tonne", "t"),
    ("tons", "t"),
    ("ton", "t"),
    ("barrels per day", "bbl/d"),
    ("barrels a day", "bbl/d"),
    ("bpd", "bbl/d"),
    ("b/d", "bbl/d"),
    ("barrels", "bbl"),
    ("barrel", "bbl"),
    ("cubic metres", "m3"),
    ("cubic meters", "m3"),
    ("cubic metre", "m3"),
    ("cubic meter", "m3"),
    ("bcm", "bcm"),
    ("square kilometres", "km2"),
    ("square kilometers", "km2"),
    ("sq km", "km2"),
    ("km2", "km2"),
    ("km²", "km2"),
    ("kilometres", "km"),
    ("kilometers", "km"),
    ("kilometre", "km"),
    ("kilometer", "km"),
    ("kms", "km"),
    ("km", "km"),
    ("metres", "m"),
    ("meters", "m"),
    ("metre", "m"),
    ("meter", "m"),
    ("nautical miles", "nmi"),
    ("nautical mile", "nmi"),
    ("miles", "mi"),
    ("mile", "mi"),
    ("hectares", "ha"),
    ("hectare", "ha"),
    ("acres", "acre"),
    ("acre", "acre"),
    ("megawatts", "MW"),
    ("megawatt", "MW"),
    ("mw", "MW"),
    ("gigawatts", "GW"),
    ("gigawatt", "GW"),
    ("gw", "GW"),
    ("gwh", "GWh"),
    ("twh", "TWh"),
    ("kilograms", "kg"),
    ("kilogram", "kg"),
    ("kgs", "kg"),
    ("kg", "kg"),
    ("litres", "l"),
    ("liters", "l"),
    ("gallons", "gal"),
];

/// Between the two numbers of a range: a dash only ("5-10%"; "from 5 to 10
/// percent" is a change).
const DASH: &str = r"[ \u{a0}]?[-–—][ \u{a0}]?";

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?P<n1>(?-u:\b){NUM}|{WORDS})(?:-odd)?(?:%?{DASH}(?P<n2>{NUM}|{WORDS}))?[ \u{{a0}}]?(?:%|％|(?i:per[ \u{{a0}}]?cent|percent|pct|pc|percentage[ \u{{a0}}]+points?)(?-u:\b))"
    );
    super::compile(&pattern)
});

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    let mut units: Vec<&str> = UNITS.iter().map(|(u, _)| *u).collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.len()));
    let units: Vec<String> = units
        .iter()
        .map(|u| {
            let re = regex::escape(u).replace(' ', r"\s+");
            if u.ends_with(|c: char| c.is_ascii_alphanumeric()) {
                format!(r"{re}(?-u:\b)")
            } else {
                re
            }
        })
        .collect();
    let units = units.join("|");
    let pattern = format!(
        r"(?P<n1>(?-u:\b){NUM}|{WORDS})(?P<s1>{SCALE})?(?:{DASH}(?P<n2>{NUM})(?P<s2>{SCALE})?)?[ \u{{a0}}-]?(?P<unit>(?i:{units}))"
    );
    super::compile(&pattern)
});

/// PERCENT and measured QUANTITY candidates in `text`.
pub(super) fn find(text: &str) -> Vec<Candidate> {
    let mut out = scan(&PERCENT, text, |caps| {
        let whole = caps.get(0)?;
        let value = number::value_of(caps.name("n1")?.as_str(), None)?;
        Some((whole.range(), NumericValue::Percent { value }))
    });
    out.extend(scan(&QUANTITY, text, |caps| quantity(text, caps)));
    out
}

fn quantity(text: &str, caps: &Captures) -> Option<Candidate> {
    let whole = caps.get(0)?;
    let n1 = caps.name("n1")?;
    let scale = caps.name("s1").or(caps.name("s2"));
    let digits = n1.as_str().starts_with(|c: char| c.is_ascii_digit());
    // Small measures in words ("two tonnes") are rare and often idioms.
    if !digits && scale.is_none() {
        return None;
    }
    // "In 2025 people voted": a year after "in" is a date, not a count.
    if scale.is_none() && date::is_year_in_context(text, n1.start(), n1.as_str()) {
        return None;
    }
    let value = number::value_of(n1.as_str(), scale.map(|m| m.as_str()))?;
    let written = caps.name("unit")?.as_str().to_lowercase();
    let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
    let unit = UNITS.iter().find(|(u, _)| *u == written)?.1;
    Some((
        whole.range(),
        NumericValue::Quantity {
            value,
            unit: unit.to_string(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<(String, NumericValue)> {
        match super::super::select(text, find(text), |_| 0).as_slice() {
            [(range, value)] => Some((text.get(range.clone())?.to_string(), value.clone())),
            _ => None,
        }
    }

    #[test]
    fn percentages() {
        for (text, span, value) in [
            ("rose 15 percent", "15 percent", 15.0),
            ("rose 15 per cent", "15 per cent", 15.0),
            ("rose 3.5%", "3.5%", 3.5),
            ("a 5-10% rise", "5-10%", 5.0),
            ("5%-10% rise", "5%-10%", 5.0),
            ("five percent", "five percent", 5.0),
            ("up 2 percentage points", "2 percentage points", 2.0),
            ("up 0.25pct", "0.25pct", 0.25),
            ("up 5pc", "5pc", 5.0),
            ("by 17-odd percent", "17-odd percent", 17.0),
        ] {
            assert_eq!(
                one(text),
                Some((span.to_string(), NumericValue::Percent { value })),
                "{text}"
            );
        }
        assert_eq!(one("a percent"), None);
    }

    #[test]
    fn measures() {
        let rows: &[(&str, &str, f64, &str)] = &[
            ("2 million tonnes of rice", "2 million tonnes", 2e6, "t"),
            ("2.5m tonnes", "2.5m tonnes", 2.5e6, "t"),
            (
                "1.5 million barrels per day",
                "1.5 million barrels per day",
                1.5e6,
                "bbl/d",
            ),
            ("a 300 km border", "300 km", 300.0, "km"),
            ("within 500 metres of", "500 metres", 500.0, "m"),
            ("a 10-tonne truck", "10-tonne", 10.0, "t"),
            ("500MW plant", "500MW", 500.0, "MW"),
            ("two million tonnes", "two million tonnes", 2e6, "t"),
            ("3,000-4,000 hectares", "3,000-4,000 hectares", 3000.0, "ha"),
            ("40 bcm of gas", "40 bcm", 40.0, "bcm"),
            ("20 km²", "20 km²", 20.0, "km2"),
        ];
        for (text, span, value, unit) in rows {
            let want = NumericValue::Quantity {
                value: *value,
                unit: unit.to_string(),
            };
            assert_eq!(one(text), Some((span.to_string(), want)), "{text}");
        }
        for text in ["two tonnes", "In 2025 tonnes", "the A320 km", "5 kmh", "5,000 troops"] {
            assert_eq!(one(text), None, "{text}");
        }
    }
}
