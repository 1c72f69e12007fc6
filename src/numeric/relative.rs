//! Relative DATE atoms, resolved against the document date: weekdays ("on
//! Tuesday", "last Friday", "late on Monday"), day words ("yesterday",
//! "today"), periods ("last week", "next month", "earlier this year", "this
//! autumn"), "two days ago". Found but left unresolved: dates anchored to
//! another event ("a day after", "hours later"), spans of a period ("the
//! first nine months") and numeric durations ("eight years", "a 72-hour
//! truce"), which the gold guidelines count as DATE. Byte offsets;
//! [`super::date`] applies bounds to them.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::calendar::{self, Ymd};
use super::date::Atom;
use super::{compile, number, scan, tail};
use crate::record::DateBound;

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Small counts, in digits or words, for "two days ago". Regex fragment.
const COUNT: &str = r"[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";
const COUNT_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
];

/// A number of time units, as a duration. Regex fragment.
const AMOUNT: &str = r"[0-9]{1,3}(?:,[0-9]{3})?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";

const SEASONS: [(&str, u32, u32); 5] = [
    ("spring", 3, 5),
    ("summer", 6, 8),
    ("autumn", 9, 11),
    ("fall", 9, 11),
    ("winter", 12, 14),
];

static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?-u:\b)(?:(?P<q>(?i:last|next|this|late\s+on|early\s+on))\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)",
    )
});
static DAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?P<w>today|yesterday|tomorrow|tonight|overnight|last\s+night|this\s+(?:morning|afternoon|evening))(?-u:\b)",
    )
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?-u:\b)(?P<q>last|this|next|earlier\s+this|later\s+this|the\s+current)\s+(?P<u>week|month|year|spring|summer|autumn|fall|winter)(?-u:\b)",
    )
});
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?-u:\b)(?P<n>{COUNT})\s+(?P<u>day|week|month|year)s?\s+ago(?-u:\b)"
    ))
});
/// Anchored to another event, or a stretch of a period: unresolved.
static ANCHORED: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?-u:\b)(?:(?:(?:a\s+few|several|few|{COUNT})\s+(?:hour|day|week|month|year)s?|the\s+(?:day|week|month|year)|hours|days|weeks)\s+(?:after|before|earlier|later|prior)|within\s+hours|the\s+(?:next|following|previous|preceding)\s+(?:day|week|month|year)|earlier\s+in\s+the\s+(?:week|month|year)|the\s+(?:beginning|start|end|middle)\s+of\s+the\s+(?:new|next|current)\s+year|the\s+(?:first|last|past|next|coming|previous)\s+(?:(?:few|several|{AMOUNT})\s+)?(?:hours|days|weeks|months|years|decades|quarters|day|week|month|year|decade)(?:\s+of\s+(?:this|the|last|next)\s+year)?)(?-u:\b)"
    ))
});
/// "eight years", "over five years", "72-hour", "a two-year suspension".
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?-u:\b)(?:over\s+)?(?:{AMOUNT})(?:\s+|-)(?:hour|day|week|month|year|decade)s?(?-u:\b)"
    ))
});

/// A period ahead of the document date: "over five years", "over the next
/// three years", "the coming six months".
static FORWARD: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?-u:\b)(?:over\s+(?:the\s+(?:next|coming)\s+)?|the\s+(?:next|coming)\s+)(?P<n>{AMOUNT})\s+(?P<u>day|week|month|year)s?(?-u:\b)"
    ))
});

/// Words before a weekday in the same sentence that point to the future.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)(?:(?-u:\b)(?:will|shall|is\s+due|are\s+due|scheduled|is\s+set\s+to|are\s+set\s+to|(?:is|are)\s+expected\s+to|plans?\s+to|planning\s+to|to\s+be\s+held|upcoming)(?-u:\b)|['’]ll(?-u:\b))",
    )
});

/// A deadline word just before a weekday: "by Friday" is the coming one.
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| compile(r"(?i)(?-u:\b)(?:by|until|till)\s+$"));

/// Relative date atoms in `text`; unresolved (both bounds `None`) without
/// `doc`.
pub(super) fn atoms(text: &str, doc: Option<Ymd>) -> Vec<(Range<usize>, Atom)> {
    let whole = |caps: &Captures| caps.get(0).map(|m| m.range());
    let mut out = scan(&WEEKDAY, text, |c| Some((whole(c)?, weekday(text, c, doc)?)));
    out.extend(scan(&DAY_WORD, text, |c| {
        let word = c.name("w")?.as_str().to_lowercase();
        let shift = match word.as_str() {
            "overnight" => return Some((whole(c)?, Atom::unresolved())),
            "yesterday" => -1,
            "tomorrow" => 1,
            w if w.starts_with("last") => -1,
            _ => 0,
        };
        Some((whole(c)?, Atom::day(doc.and_then(|d| d.add_days(shift))).relative()))
    }));
    out.extend(scan(&PERIOD, text, |c| {
        let range = whole(c).filter(|r| !title_case(text, r))?;
        Some((
            range,
            doc.and_then(|doc| period(c, doc)).unwrap_or_else(Atom::unresolved),
        ))
    }));
    out.extend(scan(&AGO, text, |c| {
        Some((
            whole(c)?,
            doc.and_then(|doc| ago(c, doc)).unwrap_or_else(Atom::unresolved),
        ))
    }));
    // Before ANCHORED, which finds "the next six months" too: the first of
    // two equal candidates wins.
    out.extend(scan(&FORWARD, text, |c| {
        let range = whole(c).filter(|r| !title_case(text, r))?;
        Some((
            range,
            doc.and_then(|doc| forward(c, doc)).unwrap_or_else(Atom::unresolved),
        ))
    }));
    out.extend(scan(&ANCHORED, text, |c| {
        Some((whole(c).filter(|r| !title_case(text, r))?, Atom::unresolved()))
    }));
    out.extend(scan(&DURATION, text, |c| {
        let range = whole(c).filter(|r| !title_case(text, r))?;
        // "a 30-year-old" is an age.
        let after = text.get(range.end..)?;
        (!after.starts_with("-old")).then(|| (range, Atom::unresolved()))
    }));
    out
}

/// Whether a word after the first is capitalised, as in a title ("Joint
/// Vision for the Next Decade", "Two Years of Partnership").
fn title_case(text: &str, range: &Range<usize>) -> bool {
    text.get(range.clone())
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == '-')
        .skip(1)
        .any(|w| w.starts_with(char::is_uppercase))
}

/// "Tuesday", "last Tuesday", "next Tuesday", "late on Monday". A bare
/// weekday is the nearest such day on or before the document date, or on or
/// after it after "by" or when the sentence speaks of the future.
fn weekday(text: &str, caps: &Captures, doc: Option<Ymd>) -> Option<Atom> {
    let name = caps.name("wd")?.as_str().to_lowercase();
    let wd = i64::try_from(WEEKDAYS.iter().position(|w| *w == name)?).ok()?;
    let Some(doc) = doc else {
        return Some(Atom::new(None, None));
    };
    let back = (doc.weekday() - wd).rem_euclid(7);
    let ahead = (wd - doc.weekday()).rem_euclid(7);
    let shift = match caps.name("q").map(|q| q.as_str().to_lowercase()).as_deref() {
        Some("last") if back == 0 => -7,
        Some("last") => -back,
        Some("next") if ahead == 0 => 7,
        Some("next") => ahead,
        _ if looks_ahead(text, caps.get(0)?.start()) => ahead,
        _ => -back,
    };
    Some(Atom::day(doc.add_days(shift)))
}

/// Whether a weekday at `at` is a deadline ("by Friday") or its sentence has
/// a future marker before it ("will meet on").
fn looks_ahead(text: &str, at: usize) -> bool {
    let before = tail(text.get(..at).unwrap_or(""), 150);
    let sentence = before.rsplit(['.', '!', '?', '\n']).next().unwrap_or(before);
    DEADLINE.is_match(sentence) || FUTURE.is_match(sentence)
}

/// "last week" (Monday to Sunday), "this month", "next year", "the current
/// year", "earlier this year" (1 January to the document date), "later this
/// month", "this autumn" (September to November; northern seasons).
fn period(caps: &Captures, doc: Ymd) -> Option<Atom> {
    let q = caps.name("q")?.as_str().to_lowercase();
    let q = q.split_whitespace().collect::<Vec<_>>().join(" ");
    let shift = match q.as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };
    let unit = caps.name("u")?.as_str().to_lowercase();
    let (first, last) = match unit.as_str() {
        "week" => {
            let monday = doc.add_days(-doc.weekday() + 7 * shift)?;
            (monday.bound(), monday.add_days(6)?.bound())
        }
        "month" if q == "earlier this" || q == "later this" => {
            let last = Ymd::new(doc.y, doc.m, calendar::days_in_month(doc.y, doc.m))?;
            (Ymd::new(doc.y, doc.m, 1)?.bound(), last.bound())
        }
        "month" => {
            let (y, m) = calendar::add_months(doc.y, doc.m, shift)?;
            calendar::month_bounds(y, m)?
        }
        "year" if q == "earlier this" || q == "later this" => {
            (Ymd::new(doc.y, 1, 1)?.bound(), Ymd::new(doc.y, 12, 31)?.bound())
        }
        "year" => {
            let y = doc.y + i32::try_from(shift).ok()?;
            (DateBound::Year(y), DateBound::Year(y))
        }
        season => season_of(season, shift, doc)?,
    };
    let atom = match q.as_str() {
        "earlier this" => Atom::new(Some(first), Some(doc.bound())),
        "later this" => Atom::new(Some(doc.bound()), Some(last)),
        _ => Atom::new(Some(first), Some(last)),
    };
    Some(atom.relative())
}

/// A season relative to `doc`: the one holding it or starting in its year
/// (`shift` 0), the next to start after it (1), the last to end before it
/// (-1). Northern seasons; winter runs from December to February.
fn season_of(name: &str, shift: i64, doc: Ymd) -> Option<(DateBound, DateBound)> {
    let (_, from, to) = SEASONS.iter().find(|(season, _, _)| *season == name)?;
    let occurrence = |y: i32| -> Option<(Ymd, Ymd)> {
        let first = Ymd::new(y, *from, 1)?;
        let (end_y, end_m) = calendar::add_months(y, 1, i64::from(*to) - 1)?;
        Some((first, Ymd::new(end_y, end_m, calendar::days_in_month(end_y, end_m))?))
    };
    let mut years = (doc.y - 2..=doc.y + 1).filter_map(occurrence);
    let (first, last) = match shift {
        0 => years.find(|(a, b)| (*a <= doc && doc <= *b) || a.y == doc.y)?,
        1 => years.find(|(a, _)| *a > doc)?,
        _ => years.rfind(|(_, b)| *b < doc)?,
    };
    Some((
        calendar::month_bounds(first.y, first.m)?.0,
        calendar::month_bounds(last.y, last.m)?.1,
    ))
}

/// "over five years" from 2025-08-30 is 2025–2030 (years stay years),
/// "the next six months" 2025-08 to 2026-02, "the next ten days" day to day.
fn forward(caps: &Captures, doc: Ymd) -> Option<Atom> {
    let n = number::value_of(caps.name("n")?.as_str(), None).filter(|n| *n >= 1.0 && *n < 1000.0)?;
    // A whole number below 1000, so the cast is exact.
    let n = n as i64;
    let (start, end) = match caps.name("u")?.as_str().to_lowercase().as_str() {
        "year" => (DateBound::Year(doc.y), DateBound::Year(doc.y + i32::try_from(n).ok()?)),
        "month" => {
            let (y, m) = calendar::add_months(doc.y, doc.m, n)?;
            (calendar::month_bounds(doc.y, doc.m)?.0, calendar::month_bounds(y, m)?.1)
        }
        "week" => (doc.bound(), doc.add_days(7 * n)?.bound()),
        _ => (doc.bound(), doc.add_days(n)?.bound()),
    };
    Some(Atom::new(Some(start), Some(end)).relative())
}

/// "two days ago", "a week ago" (a day), "three months ago" (a month), "a
/// year ago" (a year).
fn ago(caps: &Captures, doc: Ymd) -> Option<Atom> {
    let n = caps.name("n")?.as_str().to_lowercase();
    let n: i64 = match n.as_str() {
        "a" | "an" => 1,
        other => match other.parse() {
            Ok(n) => n,
            Err(_) => i64::try_from(COUNT_WORDS.iter().position(|w| *w == other)? + 1).ok()?,
        },
    };
    let atom = match caps.name("u")?.as_str().to_lowercase().as_str() {
        "day" => Atom::day(Some(doc.add_days(-n)?)),
        "week" => Atom::day(Some(doc.add_days(-7 * n)?)),
        "month" => {
            let (y, m) = calendar::add_months(doc.y, doc.m, -n)?;
            let (first, last) = calendar::month_bounds(y, m)?;
            Atom::new(Some(first), Some(last))
        }
        _ => {
            let y = doc.y - i32::try_from(n).ok()?;
            Atom::new(Some(DateBound::Year(y)), Some(DateBound::Year(y)))
        }
    };
    Some(atom.relative())
}

#[cfg(test)]
mod tests {
    use super::super::date::tests::check;

    #[test]
    fn relative_dates_resolve_against_the_document_date() {
        // 2025-08-30 is a Saturday.
        check(
            &[
                ("met on Tuesday", "Tuesday", "2025-08-26", "2025-08-26"),
                ("said on Saturday", "Saturday", "2025-08-30", "2025-08-30"),
                ("will meet on Tuesday", "Tuesday", "2025-09-02", "2025-09-02"),
                ("They'll meet on Saturday", "Saturday", "2025-08-30", "2025-08-30"),
                ("last Saturday", "last Saturday", "2025-08-23", "2025-08-23"),
                ("next Monday", "next Monday", "2025-09-01", "2025-09-01"),
                ("Late on Monday, the", "Late on Monday", "2025-08-25", "2025-08-25"),
                ("by Friday", "by Friday", "", "2025-09-05"),
                ("attacked by rebels on Friday", "Friday", "2025-08-29", "2025-08-29"),
                ("said yesterday", "yesterday", "2025-08-29", "2025-08-29"),
                ("said today", "today", "2025-08-30", "2025-08-30"),
                ("arrives tomorrow", "tomorrow", "2025-08-31", "2025-08-31"),
                ("spoke last night", "last night", "2025-08-29", "2025-08-29"),
                ("last week", "last week", "2025-08-18", "2025-08-24"),
                ("this week", "this week", "2025-08-25", "2025-08-31"),
                ("next month", "next month", "2025-09", "2025-09"),
                ("last month", "last month", "2025-07", "2025-07"),
                ("last year", "last year", "2024", "2024"),
                ("The current year", "The current year", "2025", "2025"),
                ("until next year", "next year", "", "2026"),
                ("earlier this year", "earlier this year", "2025-01-01", "2025-08-30"),
                ("later this month", "later this month", "2025-08-30", "2025-08-31"),
                ("this autumn", "this autumn", "2025-09", "2025-11"),
                ("next winter", "next winter", "2025-12", "2026-02"),
                ("last winter", "last winter", "2024-12", "2025-02"),
                ("next spring", "next spring", "2026-03", "2026-05"),
                ("two days ago", "two days ago", "2025-08-28", "2025-08-28"),
                ("a week ago", "a week ago", "2025-08-23", "2025-08-23"),
                ("three months ago", "three months ago", "2025-05", "2025-05"),
            ],
            Some("2025-08-30"),
        );
    }

    #[test]
    fn anchored_dates_and_durations_are_unresolved() {
        check(
            &[
                ("came a day after India", "a day after", "", ""),
                ("two weeks later", "two weeks later", "", ""),
                ("the following day", "the following day", "", ""),
                ("freed him hours later", "hours later", "", ""),
                ("Within hours, the", "Within hours", "", ""),
                ("in the first nine months", "the first nine months", "", ""),
                ("over the last year", "the last year", "", ""),
                (
                    "in the first months of this year",
                    "the first months of this year",
                    "",
                    "",
                ),
                ("for eight years", "eight years", "", ""),
                ("a 72-hour truce", "72-hour", "", ""),
                ("a two-year suspension", "two-year", "", ""),
                ("for 48 hours", "48 hours", "", ""),
                ("struck overnight", "overnight", "", ""),
            ],
            Some("2025-08-30"),
        );
        for text in ["a 30-year-old man", "Vision for the Next Decade", "The Two Years Ahead"] {
            assert_eq!(super::super::date::find(text, None), vec![], "{text}");
        }
    }

    #[test]
    fn periods_ahead_start_at_the_document_date() {
        check(
            &[
                ("invest over five years", "over five years", "2025", "2030"),
                ("over the next three years", "over the next three years", "2025", "2028"),
                ("in the next six months", "the next six months", "2025-08", "2026-02"),
                (
                    "over the coming 10 days",
                    "over the coming 10 days",
                    "2025-08-30",
                    "2025-09-09",
                ),
            ],
            Some("2025-08-30"),
        );
        check(&[("invest over five years", "over five years", "", "")], None);
    }

    #[test]
    fn relative_dates_without_a_document_date_are_unresolved() {
        check(
            &[
                ("met on Tuesday", "Tuesday", "", ""),
                ("said yesterday", "yesterday", "", ""),
                ("last week", "last week", "", ""),
                ("two days ago", "two days ago", "", ""),
            ],
            None,
        );
    }
}
