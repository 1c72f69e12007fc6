//! Proleptic Gregorian calendar arithmetic for resolving relative dates:
//! day numbers, weekdays, month lengths. No time zones: a document date is a
//! calendar day.

use crate::record::DateBound;

/// A valid calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Ymd {
    /// Year, 1000–9999 for days built from text, so that ISO output has four
    /// digits.
    pub(super) y: i32,
    /// Month, 1–12.
    pub(super) m: u32,
    /// Day of the month, 1–31.
    pub(super) d: u32,
}

impl Ymd {
    /// The day, if it exists and its year is 1000–9999.
    pub(super) fn new(y: i32, m: u32, d: u32) -> Option<Ymd> {
        ((1000..=9999).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some(Ymd {
            y,
            m,
            d,
        })
    }

    /// Reads a document date: `YYYY-MM-DD`, alone or at the start of a
    /// timestamp (`2025-08-30T10:00:00Z`, `2025-08-30 10:00`).
    pub(super) fn parse_doc_date(s: &str) -> Option<Ymd> {
        let s = s.trim();
        let head = s.get(..10)?;
        let rest = s.get(10..)?;
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return None;
        }
        let bytes = head.as_bytes();
        if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let field = |r: std::ops::Range<usize>| -> Option<u32> {
            let f = head.get(r)?;
            f.bytes().all(|b| b.is_ascii_digit()).then(|| f.parse().ok()).flatten()
        };
        Ymd::new(i32::try_from(field(0..4)?).ok()?, field(5..7)?, field(8..10)?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub(super) fn to_days(self) -> i64 {
        let (m, d) = (i64::from(self.m), i64::from(self.d));
        let y = i64::from(self.y) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01, if its year is 1000–9999.
    pub(super) fn from_days(days: i64) -> Option<Ymd> {
        days.checked_add(719_468)?;
        let (y, m, d) = civil_from_days(days);
        Ymd::new(i32::try_from(y).ok()?, m, d)
    }

    /// The day `n` days later (earlier when negative).
    pub(super) fn add_days(self, n: i64) -> Option<Ymd> {
        Ymd::from_days(self.to_days().checked_add(n)?)
    }

    /// Day of the week, Monday = 0 … Sunday = 6.
    pub(super) fn weekday(self) -> i64 {
        // 1970-01-01 was a Thursday.
        (self.to_days() + 3).rem_euclid(7)
    }

    /// `YYYY-MM-DD`.
    pub(super) fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }

    /// As a record date bound.
    pub(super) fn bound(self) -> DateBound {
        DateBound::Date(self.iso())
    }
}

/// Whether `y` is a leap year.
pub(super) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in month `m` of year `y` (0 for a month that does not exist).
pub(super) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The month `delta` months after (`y`, `m`).
pub(super) fn add_months(y: i32, m: u32, delta: i64) -> Option<(i32, u32)> {
    let index = i64::from(y)
        .checked_mul(12)?
        .checked_add(i64::from(m) - 1)?
        .checked_add(delta)?;
    Some((
        i32::try_from(index.div_euclid(12)).ok()?,
        u32::try_from(index.rem_euclid(12) + 1).ok()?,
    ))
}

/// A whole month as date bounds: `YYYY-MM` for both, the reduced ISO 8601
/// form the gold corpus uses ("by July" ends at `"2025-07"`).
pub(super) fn month_bounds(y: i32, m: u32) -> Option<(DateBound, DateBound)> {
    let month = Ymd::new(y, m, 1).map(|d| DateBound::Date(d.iso().get(..7).unwrap_or_default().to_string()))?;
    Some((month.clone(), month))
}

/// Reads a date bound string, `YYYY-MM-DD` or `YYYY-MM`; a month is its first
/// day, or its last when `end`.
pub(super) fn parse_bound(iso: &str, end: bool) -> Option<Ymd> {
    if iso.len() != 7 {
        return Ymd::parse_doc_date(iso);
    }
    let first = Ymd::parse_doc_date(&format!("{iso}-01"))?;
    if end {
        Ymd::new(first.y, first.m, days_in_month(first.y, first.m))
    } else {
        Some(first)
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (H. Hinnant's `civil_from_days`). `days` must be at most
/// `i64::MAX - 719_468`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, u32::try_from(month).unwrap_or(1), u32::try_from(day).unwrap_or(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekdays() {
        let day = Ymd::new(2025, 8, 30).unwrap_or_else(|| unreachable!());
        assert_eq!(day.weekday(), 5, "2025-08-30 was a Saturday");
        assert_eq!(Ymd::new(1970, 1, 1).map(Ymd::to_days), Some(0));
        assert_eq!(day.add_days(2).map(Ymd::iso), Some("2025-09-01".to_string()));
        assert_eq!(
            Ymd::new(2024, 3, 1).and_then(|d| d.add_days(-1)).map(Ymd::iso),
            Some("2024-02-29".into())
        );
        for days in (-200_000..200_000).step_by(997) {
            if let Some(ymd) = Ymd::from_days(days) {
                assert_eq!(ymd.to_days(), days);
            }
        }
    }

    #[test]
    fn doc_dates_parse() {
        for (text, want) in [
            ("2025-08-30", Some("2025-08-30")),
            ("2025-08-30T10:00:00Z", Some("2025-08-30")),
            (" 2025-08-30 10:00", Some("2025-08-30")),
            ("2025-02-30", None),
            ("2025-8-30", None),
            ("30/08/2025", None),
            ("2025-08-30x", None),
            ("+025-08-30", None),
            ("", None),
        ] {
            assert_eq!(Ymd::parse_doc_date(text).map(Ymd::iso).as_deref(), want, "{text:?}");
        }
    }

    #[test]
    fn month_bounds_are_reduced_iso() {
        let month = Some((DateBound::Date("2024-02".into()), DateBound::Date("2024-02".into())));
        assert_eq!(month_bounds(2024, 2), month);
        assert_eq!(
            parse_bound("2024-02", true).map(Ymd::iso).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            parse_bound("2024-02", false).map(Ymd::iso).as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(parse_bound("2024-13", false), None);
    }

    #[test]
    fn months_add_across_years() {
        assert_eq!(add_months(2025, 1, -1), Some((2024, 12)));
        assert_eq!(add_months(2025, 12, 1), Some((2026, 1)));
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }
}
