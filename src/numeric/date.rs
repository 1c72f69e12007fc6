//! DATE: absolute dates ("2025-08-30", "30 August 2025", "August 30, 2025",
//! "August 2025", "18–20 August"), years, decades, year ranges ("2022–2026",
//! "2025-27", "from 2022 to 2026") and bounds ("by 2030", "since 2014");
//! relative dates and durations come from [`super::relative`]. Byte offsets.
//!
//! Two passes: first *atoms* (one date expression each) are found and the
//! longest kept; then neighbouring atoms are joined into ranges, the words
//! before them are read ("by", "since", "until" bound the period; "early",
//! "the end of" qualify it), and bare years that look like part of a name
//! ("Summit 2025") and bare months with no context are dropped.
//!
//! Spans follow the gold corpus (`eval/GUIDELINES.md` §2.3 and the labels in
//! `eval/gold`): "by", "since" and a qualifier are part of the mention ("by
//! 2030", "since 2014", "early July", "the end of 2022"); other prepositions
//! are not ("until \[July\]", "before \[2025\]", "from \[2022\] to …").

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::calendar::{self, Ymd};
use super::{compile, relative, scan, select, tail, word_before, Candidate, NumericValue};
use crate::record::DateBound;

/// One date expression before bounds and ranges are applied.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Atom {
    /// First year or day, when known.
    pub(super) start: Option<DateBound>,
    /// Last year or day, when known.
    pub(super) end: Option<DateBound>,
    /// A bare year or month, which needs a look at its neighbours.
    pub(super) bare: Bare,
    /// Can be one end of "from A to B" (absolute dates, months, years,
    /// weekdays; not "two days ago").
    pub(super) mergeable: bool,
    /// Already a range ("2022–2026", "18–20 August"): "from" before it does
    /// not make it open-ended.
    pub(super) range: bool,
}

/// Bare years and months are dates only in the right neighbourhood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bare {
    /// Not bare: a date wherever it stands.
    No,
    /// "2025": not after a capitalised word inside a sentence ("Summit 2025",
    /// "Resolution 1973"), after "No." or before a time zone ("1900 GMT").
    Year,
    /// "March": only after a word such as "in", "until", "early". It may move
    /// back a year to start a range ("between November and February").
    Month,
    /// "May", which is also a name: "by May" and "to May" are not enough.
    May,
}

impl Atom {
    /// A mergeable atom from `start` to `end`.
    pub(super) fn new(start: Option<DateBound>, end: Option<DateBound>) -> Atom {
        Atom {
            start,
            end,
            bare: Bare::No,
            mergeable: true,
            range: false,
        }
    }

    /// One day, or unresolved.
    pub(super) fn day(day: Option<Ymd>) -> Atom {
        let bound = day.map(Ymd::bound);
        Atom::new(bound.clone(), bound)
    }

    /// Not mergeable, whatever its bounds ("last week", "two days ago").
    pub(super) fn relative(self) -> Atom {
        Atom {
            mergeable: false,
            ..self
        }
    }

    /// Unresolved and not mergeable ("a day after", "three hours").
    pub(super) fn unresolved() -> Atom {
        Atom::new(None, None).relative()
    }

    fn years(a: i32, b: i32) -> Atom {
        Atom::new(Some(DateBound::Year(a)), Some(DateBound::Year(b)))
    }
}

/// How a bound word before an atom changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// No bound word, "between", or "from" before a range: the atom as is.
    Whole,
    /// "since 2014", "from 2022", "after …": only the start.
    Start,
    /// "by 2030", "until …", "before …": only the end.
    End,
}

const MONTH_NAMES: [&str; 12] = [
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
];

/// A month name or abbreviation ("Aug.", "Sept"), capitalised; the dot is
/// part of an abbreviation only. Regex fragment.
const MON: &str = r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?-u:\b)))";

/// A day of the month with an optional ordinal suffix. Regex fragment.
const DAY: &str = r"[0-9]{1,2}(?:st|nd|rd|th)?(?-u:\b)";

/// An optional year after a day and month ("30 August, 2025"). Regex fragment.
const OPT_YEAR: &str = r"(?:,?\s+(?P<y>[0-9]{4})(?-u:\b))?";

/// Between the days of a range ("18–20 August", "18 to 20 August").
const TO: &str = r"[ \u{a0}]*(?:[-–—]|to)[ \u{a0}]*";

/// Words that bound a period, for [`LEAD`]. Regex fragment.
const BOUND_WORDS: &str = r"by|until|till|through|up\s+to|no\s+later\s+than|not\s+later\s+than|before|since|from|starting(?:\s+(?:in|from|on))?|beginning(?:\s+(?:in|on))?|after|between";

/// Words that qualify a period and belong to its span. Regex fragment.
const QUALIFIERS: &str = r"(?:the\s+)?(?:end|start|beginning|middle|first\s+half|second\s+half)\s+of\s+(?:the\s+year\s+)?|(?:the\s+)?end-|early[ -]|late\s+|mid[ -]";

static ISO: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?-u:\b)(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?-u:\b)"));
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"(?-u:\b)(?P<d>{DAY})(?:\s+of)?\s+{MON}{OPT_YEAR}")));
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"(?-u:\b){MON}\s+(?P<d>{DAY}){OPT_YEAR}")));
static DAY_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?-u:\b)(?P<d1>{DAY}){TO}(?P<d>{DAY})(?:\s+of)?\s+{MON}{OPT_YEAR}"
    ))
});
static MONTH_DAY_RANGE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"(?-u:\b){MON}\s+(?P<d1>{DAY}){TO}(?P<d>{DAY}){OPT_YEAR}")));
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"(?-u:\b){MON},?\s+(?P<y>[0-9]{{4}})(?-u:\b)")));
static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?-u:\b)(?P<a>[0-9]{4})[ \u{a0}]?[-–—/][ \u{a0}]?(?P<b>[0-9]{4}|[0-9]{2})(?-u:\b)"));
static DECADE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?-u:\b)(?P<y>[0-9]{3}0)s(?-u:\b)"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"(?-u:\b)(?P<y>[0-9]{4})(?-u:\b)"));
/// Full month names only: "in Mar" is too likely something else.
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?-u:\b)(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)",
    )
});

/// What stands just before an atom: a bound word, a qualifier, both or none
/// (then the match is empty).
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?:(?-u:\b)(?P<b>{BOUND_WORDS})\s+)?(?:(?P<q>{QUALIFIERS})|the\s+)?$"
    ))
});

/// A word that makes a bare month a date ("in March", "backdated to January").
static MONTH_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?:in|on|since|until|till|by|from|to|through|during|before|after|early|late|mid|last|next|this|of|between|and|or)[ \u{a0}-]+$",
    )
});

/// The same for "May", leaving out words that often come before the name.
static MAY_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?i)(?-u:\b)(?:in|since|until|till|through|during|early|late|mid|last|next|this)[ \u{a0}-]+$")
});

/// A word that makes a number a year rather than a count ("in 2025 people").
static YEAR_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?:(?-u:\b)(?:in|during|around|circa|year|fiscal|spring|summer|autumn|fall|winter|{BOUND_WORDS})\s+|{QUALIFIERS})$"
    ))
});

/// Between two atoms that form one range.
static RANGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)^[ \u{{a0}}]*(?P<c>to|through|until|till|and|[-–—])[ \u{{a0}}]*(?:{QUALIFIERS})?$"
    ))
});

/// Between two dates of a list ("in 2024 and 2025").
static LIST_GAP: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i)^(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)$"));

/// DATE candidates in `text`; relative dates resolve against `doc`.
pub(super) fn find(text: &str, doc: Option<Ymd>) -> Vec<Candidate> {
    let mut atoms = absolute(text, doc);
    atoms.extend(relative::atoms(text, doc));
    combine(text, &select(text, atoms, |_| 0))
}

/// Whether the 4-digit number at `start` is a year after a context or bound
/// word ("in 2025 people voted").
pub(super) fn is_year_in_context(text: &str, start: usize, number: &str) -> bool {
    let is_year = number.len() == 4 && number.parse::<i32>().is_ok_and(|y| (1900..=2100).contains(&y));
    is_year && YEAR_CONTEXT.is_match(tail(text.get(..start).unwrap_or(""), 40))
}

/// Atoms that need no document date, except to place a day or month written
/// without its year.
fn absolute(text: &str, doc: Option<Ymd>) -> Vec<(Range<usize>, Atom)> {
    let whole = |caps: &Captures| caps.get(0).map(|m| m.range());
    let mut out = Vec::new();
    out.extend(scan(&ISO, text, |c| {
        let day = Ymd::new(int(c, "y")?, uint(c, "m")?, uint(c, "d")?)?;
        Some((whole(c)?, Atom::day(Some(day))))
    }));
    for re in [&DAY_MONTH, &MONTH_DAY] {
        out.extend(scan(re, text, |c| Some((whole(c)?, day_of_month(c, doc)?))));
    }
    for re in [&DAY_RANGE, &MONTH_DAY_RANGE] {
        out.extend(scan(re, text, |c| Some((whole(c)?, day_range(c, doc)?))));
    }
    out.extend(scan(&MONTH_YEAR, text, |c| {
        let y = int(c, "y").filter(|y| (1000..=2999).contains(y))?;
        let (first, last) = calendar::month_bounds(y, month(c)?)?;
        Some((whole(c)?, Atom::new(Some(first), Some(last))))
    }));
    out.extend(scan(&YEAR_RANGE, text, |c| Some((whole(c)?, year_range(text, c)?))));
    out.extend(scan(&DECADE, text, |c| {
        let y = int(c, "y").filter(|y| (1900..=2090).contains(y))?;
        Some((whole(c)?, Atom::years(y, y + 9)))
    }));
    out.extend(scan(&YEAR, text, |c| {
        let y = int(c, "y").filter(|y| (1900..=2100).contains(y))?;
        Some((
            whole(c)?,
            Atom {
                bare: Bare::Year,
                ..Atom::years(y, y)
            },
        ))
    }));
    out.extend(scan(&MONTH, text, |c| {
        let m = month(c)?;
        let (start, end) = doc
            .and_then(|doc| nearest_month(doc, m))
            .map_or((None, None), |(a, b)| (Some(a), Some(b)));
        let bare = if m == 5 { Bare::May } else { Bare::Month };
        Some((
            whole(c)?,
            Atom {
                bare,
                ..Atom::new(start, end)
            },
        ))
    }));
    out
}

/// Joins ranges, reads bound words and qualifiers, and drops bare years and
/// months whose neighbours say they are not dates.
fn combine(text: &str, atoms: &[(Range<usize>, Atom)]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut i = 0;
    while let Some((range, atom)) = atoms.get(i) {
        i += 1;
        let before = tail(text.get(..range.start).unwrap_or(""), 40);
        let offset = range.start - before.len();
        let lead = LEAD.captures(before);
        let group = |name: &str| lead.as_ref().and_then(|l| l.name(name));
        let word = group("b").map(|w| {
            w.as_str()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        });
        // Only "by", "since" and a qualifier join the span.
        let from = match (word.as_deref(), group("b"), group("q")) {
            (Some("by" | "since"), Some(b), _) => offset + b.start(),
            (_, _, Some(q)) => offset + q.start(),
            _ => range.start,
        };
        if let Some((next_range, next)) = atoms.get(i) {
            let gap = text.get(range.end..next_range.start).unwrap_or("");
            if let Some(value) = join(atom, next, gap, word.as_deref()) {
                out.push((from..next_range.end, value));
                i += 1;
                continue;
            }
        }
        let listed = out
            .last()
            .and_then(|(prev, _)| text.get(prev.end..range.start))
            .is_some_and(|gap| LIST_GAP.is_match(gap));
        let qualified = group("q").is_some();
        let keep = match atom.bare {
            Bare::No => true,
            Bare::Year => word.is_some() || qualified || listed || !year_blocked(text, range),
            Bare::Month => word.is_some() || qualified || listed || MONTH_CONTEXT.is_match(before),
            Bare::May => qualified || listed || MAY_CONTEXT.is_match(before),
        };
        if !keep {
            continue;
        }
        let (start, end) = (atom.start.clone(), atom.end.clone());
        let value = match side(word.as_deref(), atom) {
            Side::Whole => NumericValue::Date { start, end },
            Side::Start => NumericValue::Date { start, end: None },
            Side::End => NumericValue::Date { start: None, end },
        };
        out.push((from..range.end, value));
    }
    out
}

/// "A to B", "A–B", "between A and B": the range from `a` to `b`, when the
/// gap joins them and `a` does not come after `b`.
fn join(a: &Atom, b: &Atom, gap: &str, word: Option<&str>) -> Option<NumericValue> {
    let connector = RANGE_GAP.captures(gap)?.name("c")?.as_str().to_lowercase();
    if !a.mergeable || !b.mergeable || (connector == "and" && word != Some("between")) {
        return None;
    }
    let start = match a.start.clone() {
        Some(first) if a.bare == Bare::Month && !ordered(Some(&first), b.end.as_ref()) => year_earlier(&first),
        start => start,
    };
    ordered(start.as_ref(), b.end.as_ref()).then(|| NumericValue::Date {
        start,
        end: b.end.clone(),
    })
}

/// What the bound word before `atom` does to it.
fn side(word: Option<&str>, atom: &Atom) -> Side {
    match word {
        None | Some("between") => Side::Whole,
        Some("by" | "until" | "till" | "through" | "up to" | "no later than" | "not later than" | "before") => {
            Side::End
        }
        Some("from") if atom.range => Side::Whole,
        Some(_) => Side::Start,
    }
}

/// Whether the bare year at `range` looks like part of a name, a code or a
/// time: after a capitalised word inside a sentence ("Summit 2025"), after
/// "No." or "#", before "-08", or before a time zone ("1900 GMT").
fn year_blocked(text: &str, range: &Range<usize>) -> bool {
    let before = text.get(..range.start).unwrap_or("");
    let after = text.get(range.end..).unwrap_or("");
    let next: String = after.trim_start().chars().take_while(|c| c.is_alphabetic()).collect();
    if matches!(
        next.to_lowercase().as_str(),
        "gmt" | "utc" | "hours" | "hrs" | "bst" | "cet" | "est" | "pst"
    ) {
        return true;
    }
    // "#2025", "2025-08", "2025/3": a code or a number, not a year.
    let mut rest = after.chars();
    if before.ends_with('#')
        || (matches!(rest.next(), Some('-' | '/' | '–')) && rest.next().is_some_and(|c| c.is_ascii_digit()))
    {
        return true;
    }
    match word_before(text, range.start) {
        Some((word, _)) if matches!(word.to_lowercase().as_str(), "no." | "no" | "nos." | "number") => true,
        Some((word, sentence_start)) => !sentence_start && word.starts_with(char::is_uppercase),
        None => false,
    }
}

/// Whether a range's start does not come after its end (unknown bounds
/// pass).
fn ordered(start: Option<&DateBound>, end: Option<&DateBound>) -> bool {
    match (
        start.and_then(|s| day_key(s, false)),
        end.and_then(|e| day_key(e, true)),
    ) {
        (Some(a), Some(b)) => a <= b,
        _ => true,
    }
}

/// A bound as a comparable day; a year is its first or last day.
fn day_key(bound: &DateBound, end: bool) -> Option<Ymd> {
    match bound {
        DateBound::Year(y) if end => Ymd::new(*y, 12, 31),
        DateBound::Year(y) => Ymd::new(*y, 1, 1),
        DateBound::Date(iso) => calendar::parse_bound(iso, end),
    }
}

/// The same day or month a year earlier (1 March for 29 February).
fn year_earlier(bound: &DateBound) -> Option<DateBound> {
    match bound {
        DateBound::Year(y) => Some(DateBound::Year(y - 1)),
        DateBound::Date(iso) if iso.len() == 7 => {
            let y: i32 = iso.get(..4)?.parse().ok()?;
            Some(DateBound::Date(format!("{:04}{}", y - 1, iso.get(4..)?)))
        }
        DateBound::Date(iso) => {
            let day = Ymd::parse_doc_date(iso)?;
            let earlier = Ymd::new(day.y - 1, day.m, day.d).or_else(|| Ymd::new(day.y - 1, day.m + 1, 1))?;
            Some(earlier.bound())
        }
    }
}

fn int(caps: &Captures, name: &str) -> Option<i32> {
    caps.name(name)?.as_str().parse().ok()
}

/// A day or month number, ordinal suffix dropped ("30th" is 30).
fn uint(caps: &Captures, name: &str) -> Option<u32> {
    caps.name(name)?
        .as_str()
        .trim_end_matches(char::is_alphabetic)
        .parse()
        .ok()
}

/// The month number of the `mon` group.
fn month(caps: &Captures) -> Option<u32> {
    let name = caps.name("mon")?.as_str().trim_end_matches('.').to_lowercase();
    let index = MONTH_NAMES
        .iter()
        .position(|m| name.len() >= 3 && m.starts_with(name.as_str()))?;
    u32::try_from(index + 1).ok()
}

/// "30 August 2025", "August 30": with a year as written, else the nearest
/// such day to the document date, else unresolved.
fn day_of_month(caps: &Captures, doc: Option<Ymd>) -> Option<Atom> {
    let (m, d) = (month(caps)?, uint(caps, "d")?);
    if let Some(y) = caps.name("y") {
        let y: i32 = y.as_str().parse().ok().filter(|y| (1000..=2999).contains(y))?;
        return Some(Atom::day(Some(Ymd::new(y, m, d)?)));
    }
    // The day must exist in some year; 2000 is a leap year, so "29 February" does.
    Ymd::new(2000, m, d)?;
    let Some(doc) = doc else {
        return Some(Atom::new(None, None));
    };
    let nearest = [doc.y - 1, doc.y, doc.y + 1]
        .into_iter()
        .filter_map(|y| Ymd::new(y, m, d))
        .min_by_key(|day| (day.to_days() - doc.to_days()).abs());
    Some(Atom::day(nearest))
}

/// "18–20 August 2025", "August 18-20": the year as written, else the one
/// that puts the last day nearest the document date.
fn day_range(caps: &Captures, doc: Option<Ymd>) -> Option<Atom> {
    let (d1, m) = (uint(caps, "d1")?, month(caps)?);
    if d1 >= uint(caps, "d")? {
        return None;
    }
    let last = day_of_month(caps, doc)?;
    let first = match &last.end {
        Some(DateBound::Date(iso)) => Some(Ymd::new(Ymd::parse_doc_date(iso)?.y, m, d1)?.bound()),
        _ => None,
    };
    Some(Atom {
        range: true,
        ..Atom::new(first, last.end)
    })
}

/// The occurrence of month `m` nearest to the document's month (the earlier
/// one on a tie).
fn nearest_month(doc: Ymd, m: u32) -> Option<(DateBound, DateBound)> {
    let here = i64::from(doc.y) * 12 + i64::from(doc.m);
    let y = [doc.y - 1, doc.y, doc.y + 1]
        .into_iter()
        .min_by_key(|y| ((i64::from(*y) * 12 + i64::from(m) - here).abs(), *y))?;
    calendar::month_bounds(y, m)
}

/// "2022–2026", "2025-27", "2024/25": the second year after the first, at
/// most 20 years on when written with two digits.
fn year_range(text: &str, caps: &Captures) -> Option<Atom> {
    let whole = caps.get(0)?;
    let a = int(caps, "a").filter(|a| (1900..=2100).contains(a))?;
    let b_text = caps.name("b")?.as_str();
    let b = int(caps, "b")?;
    let b = if b_text.len() == 2 {
        let b = a - a % 100 + b;
        let b = if b <= a { b + 100 } else { b };
        Some(b).filter(|b| b - a <= 20)?
    } else {
        Some(b).filter(|b| *b > a && *b <= 2100)?
    };
    // "2025-08-30" and "1-2-3" style numbers are not ranges.
    let mut after = text.get(whole.end()..).unwrap_or("").chars();
    if matches!(after.next(), Some('-' | '–' | '/')) && after.next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(Atom {
        range: true,
        ..Atom::years(a, b)
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A bound from a table cell: "" is none, four digits a year, else an ISO date.
    pub(in super::super) fn bound(cell: &str) -> Option<DateBound> {
        match cell.parse::<i32>() {
            _ if cell.is_empty() => None,
            Ok(y) if cell.len() == 4 => Some(DateBound::Year(y)),
            _ => Some(DateBound::Date(cell.to_string())),
        }
    }

    /// Checks `(text, span, start, end)` rows: each text holds exactly one date.
    pub(in super::super) fn check(rows: &[(&str, &str, &str, &str)], doc: Option<&str>) {
        let doc = doc.and_then(Ymd::parse_doc_date);
        for (text, span, start, end) in rows {
            let found: Vec<(String, NumericValue)> = find(text, doc)
                .into_iter()
                .filter_map(|(r, v)| Some((text.get(r)?.to_string(), v)))
                .collect();
            let want = NumericValue::Date {
                start: bound(start),
                end: bound(end),
            };
            assert_eq!(found, vec![(span.to_string(), want)], "{text}");
        }
    }

    #[test]
    fn absolute_dates() {
        check(
            &[
                ("on 2025-08-30.", "2025-08-30", "2025-08-30", "2025-08-30"),
                ("on 30 August 2025 in", "30 August 2025", "2025-08-30", "2025-08-30"),
                (
                    "on 30th of August, 2025",
                    "30th of August, 2025",
                    "2025-08-30",
                    "2025-08-30",
                ),
                ("on August 30, 2025,", "August 30, 2025", "2025-08-30", "2025-08-30"),
                ("on Aug. 30 2025", "Aug. 30 2025", "2025-08-30", "2025-08-30"),
                ("on Sept. 1, 2025.", "Sept. 1, 2025", "2025-09-01", "2025-09-01"),
                ("on 1 September 2025.", "1 September 2025", "2025-09-01", "2025-09-01"),
                ("on 18–20 August 2025", "18–20 August 2025", "2025-08-18", "2025-08-20"),
                (
                    "on August 18-20, 2025",
                    "August 18-20, 2025",
                    "2025-08-18",
                    "2025-08-20",
                ),
                ("in August 2025", "August 2025", "2025-08", "2025-08"),
                ("in February 2024", "February 2024", "2024-02", "2024-02"),
                ("in 2025", "2025", "2025", "2025"),
                ("In 2024, the", "2024", "2024", "2024"),
                ("the 2015 Minsk agreements", "2015", "2015", "2015"),
                ("back to 2019 levels", "2019", "2019", "2019"),
                ("at the end of 2025", "the end of 2025", "2025", "2025"),
                ("in mid-2025", "mid-2025", "2025", "2025"),
                ("in the 1990s", "1990s", "1990", "1999"),
            ],
            None,
        );
    }

    #[test]
    fn bounds_and_ranges() {
        check(
            &[
                ("by 2030", "by 2030", "", "2030"),
                ("by the end of 2025", "by the end of 2025", "", "2025"),
                ("by mid-2026", "by mid-2026", "", "2026"),
                ("before the end of 2022", "the end of 2022", "", "2022"),
                ("since 2014", "since 2014", "2014", ""),
                ("since the 1990s", "since the 1990s", "1990", ""),
                ("after 2030", "2030", "2030", ""),
                ("until March 2026", "March 2026", "", "2026-03"),
                ("until July", "July", "", ""),
                ("the 2022–2026 goal", "2022–2026", "2022", "2026"),
                ("the 2022-2026 goal", "2022-2026", "2022", "2026"),
                ("for 2025-27", "2025-27", "2025", "2027"),
                ("from 2025-27", "2025-27", "2025", "2027"),
                ("FY 2024/25 budget", "2024/25", "2024", "2025"),
                ("from 2022 to 2026", "2022 to 2026", "2022", "2026"),
                ("between 2022 and 2026", "2022 and 2026", "2022", "2026"),
                ("from 1999 until 2004", "1999 until 2004", "1999", "2004"),
                (
                    "from March 2022 to June 2023",
                    "March 2022 to June 2023",
                    "2022-03",
                    "2023-06",
                ),
            ],
            None,
        );
    }

    #[test]
    fn bare_years_and_months_need_the_right_neighbours() {
        let doc = Ymd::parse_doc_date("2025-08-30");
        for text in [
            "2,000 troops",
            "the Annual Summit 2025, hosted",
            "UN Resolution 1973 was",
            "Federal Law No. 2020",
            "at 1900 GMT",
            "2025-08",
            "Theresa May said",
            "criticised by May",
            "a letter to May",
            "the March on Washington",
        ] {
            assert_eq!(find(text, doc), vec![], "{text}");
        }
        let listed: Vec<Range<usize>> = find("in 2024, 2025 and 2026", None)
            .into_iter()
            .map(|(r, _)| r)
            .collect();
        assert_eq!(listed, [3..7, 9..13, 18..22]);
    }

    #[test]
    fn months_and_days_without_a_year_take_the_nearest() {
        check(
            &[
                ("on August 15", "August 15", "2025-08-15", "2025-08-15"),
                ("on 18 December", "18 December", "2025-12-18", "2025-12-18"),
                ("in January", "January", "2026-01", "2026-01"),
                ("backdated to March", "March", "2025-03", "2025-03"),
                ("in May", "May", "2025-05", "2025-05"),
                ("in early July", "early July", "2025-07", "2025-07"),
                ("between January and March", "January and March", "2025-01", "2025-03"),
                (
                    "from November to February",
                    "November to February",
                    "2024-11",
                    "2025-02",
                ),
                ("from 18 to 20 August", "18 to 20 August", "2025-08-18", "2025-08-20"),
            ],
            Some("2025-08-30"),
        );
        check(&[("on August 15", "August 15", "", "")], None);
    }
}
