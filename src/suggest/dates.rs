//! Date expressions: finding them in a text and normalising them to ISO 8601
//! against the article's date.
//!
//! Detected, with a normalised `value`:
//! - full dates: `2025-05-05`, `5 May 2025`, `5th of May, 2025`,
//!   `May 5, 2025` (month names in full or abbreviated, capitalised);
//! - day and month without a year (`August 15`, `15 August`): in the year
//!   that puts it closest to the article date, ties taking the earlier;
//! - `today`, `yesterday`, `tomorrow`, relative to the article date.
//!
//! Detected without a `value` (too vague to normalise to one day): month and
//! year (`January 2025`), weekday names (`Monday`, `last Friday`), relative
//! weeks, months and years (`next week`, `early this week`, `last
//! year`) and spans of days (`the next few days`, `over the next couple of
//! days`, `the coming weeks`). Bare years and bare month names are not
//! detected (`May` is also a verb, `2022` also a count). Invalid dates
//! (`February 30`) are detected but get no value, and so do relative and
//! month-day expressions when the article has no date.
//!
//! The parts of an expression are separated by horizontal white space only
//! (spaces, tabs, no-break spaces), so a date never spans a line break.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// Year (astronomical numbering).
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, from 1.
    pub day: u32,
}

impl CivilDate {
    /// The date, if it exists in the calendar (`February 30` does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, also at the start of a longer timestamp
    /// (`2025-09-08T10:00:00Z`).
    pub fn parse_iso(text: &str) -> Option<Self> {
        let head = text.trim().get(..10)?;
        let bytes = head.as_bytes();
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<u32>().ok())?
        };
        let year = i32::try_from(digits(&head[..4])?).ok()?;
        Self::new(year, digits(&head[5..7])?, digits(&head[8..10])?)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The date `delta` days later (earlier when negative).
    #[must_use]
    pub fn add_days(self, delta: i64) -> Self {
        Self::from_days(self.days() + delta)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What a detected expression is, which decides how it is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Iso,
    DayMonthYear,
    MonthDayYear,
    MonthYear,
    MonthDay,
    DayMonth,
    Relative,
    Vague,
}

struct Pattern {
    kind: Kind,
    scan: Regex,
    whole: Regex,
}

const MONTH: &str = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
/// Horizontal white space: never a line break.
const SP: &str = r"[\p{Zs}\t]+";
const DAY: &str = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?";
const YEAR: &str = r"(?P<year>\d{4})";

/// The patterns in priority order: an earlier pattern's match wins over an
/// overlapping later one.
static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let weekday = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    let sources = [
        (
            Kind::Iso,
            r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})".to_owned(),
        ),
        (
            Kind::DayMonthYear,
            format!(r"{DAY}{SP}(?:of{SP})?{MONTH},?{SP}{YEAR}"),
        ),
        (Kind::MonthDayYear, format!(r"{MONTH}{SP}{DAY},?{SP}{YEAR}")),
        (Kind::MonthYear, format!(r"{MONTH},?{SP}{YEAR}")),
        (Kind::MonthDay, format!(r"{MONTH}{SP}{DAY}")),
        (Kind::DayMonth, format!(r"{DAY}{SP}(?:of{SP})?{MONTH}")),
        (
            Kind::Relative,
            r"(?P<rel>[Tt]oday|[Yy]esterday|[Tt]omorrow)".to_owned(),
        ),
        (
            Kind::Vague,
            format!(
                r"(?i:(?:(?:the|over|in|during){SP}(?:the{SP})?)?(?:next|last|past|coming|previous|recent){SP}(?:(?:few|couple{SP}of|several){SP})?(?:days|weeks|months|years))"
            ),
        ),
        (
            Kind::Vague,
            format!(
                r"(?i:(?:(?:earlier|later|early|late){SP})?(?:next|last|this|past){SP}(?:week|month|year|weekend))"
            ),
        ),
        (
            Kind::Vague,
            format!(r"(?:(?:[Ll]ast|[Nn]ext|[Tt]his){SP})?{weekday}"),
        ),
    ];
    sources
        .into_iter()
        .map(|(kind, source)| Pattern {
            kind,
            // ASCII word boundaries: the regex crate's fast engines cannot
            // apply Unicode ones to non-ASCII text (ten times slower on a
            // 1 MB article); every pattern starts and ends on ASCII anyway.
            scan: Regex::new(&format!(r"(?-u:\b){source}(?-u:\b)")).expect("valid date regex"),
            whole: Regex::new(&format!(r"^{source}$")).expect("valid date regex"),
        })
        .collect()
});

fn month_number(name: &str) -> Option<u32> {
    if let Ok(n) = name.parse::<u32>() {
        return Some(n);
    }
    let key: String = name.chars().take(3).collect::<String>().to_lowercase();
    let at = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| *m == key)?;
    Some(at as u32 + 1)
}

/// The day and month in the year that puts them closest to `article`
/// (ties take the earlier date).
fn closest_year(month: u32, day: u32, article: CivilDate) -> Option<CivilDate> {
    let mut best: Option<(i64, CivilDate)> = None;
    for year in [article.year - 1, article.year, article.year + 1] {
        let Some(date) = CivilDate::new(year, month, day) else {
            continue;
        };
        let distance = (date.days() - article.days()).abs();
        // Years are visited in increasing order, so a tie keeps the earlier.
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, date));
        }
    }
    best.map(|(_, date)| date)
}

fn value_of(kind: Kind, caps: &Captures<'_>, article: Option<CivilDate>) -> Option<String> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i64>().ok());
    let month = || caps.name("month").and_then(|m| month_number(m.as_str()));
    let date = match kind {
        Kind::Iso | Kind::DayMonthYear | Kind::MonthDayYear => CivilDate::new(
            i32::try_from(num("year")?).ok()?,
            month()?,
            u32::try_from(num("day")?).ok()?,
        ),
        Kind::MonthDay | Kind::DayMonth => {
            closest_year(month()?, u32::try_from(num("day")?).ok()?, article?)
        }
        Kind::Relative => {
            let delta = match caps.name("rel")?.as_str().to_lowercase().as_str() {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            Some(article?.add_days(delta))
        }
        Kind::MonthYear | Kind::Vague => None,
    };
    date.map(|d| d.to_string())
}

/// A date expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Start byte in the text.
    pub start: usize,
    /// End byte in the text (exclusive).
    pub end: usize,
    /// The normalised ISO 8601 date, when the expression names one day.
    pub value: Option<String>,
}

/// Every date expression in `text`, left to right and not overlapping, as
/// byte ranges with their normalised value against `article` (the
/// document's `meta.date`).
pub fn find_dates(text: &str, article: Option<CivilDate>) -> Vec<FoundDate> {
    // Accepted matches by start byte: (end byte, value).
    let mut found: BTreeMap<usize, (usize, Option<String>)> = BTreeMap::new();
    for pattern in PATTERNS.iter() {
        for whole in pattern.scan.find_iter(text) {
            let (start, end) = (whole.start(), whole.end());
            let overlaps_before = found
                .range(..end)
                .next_back()
                .is_some_and(|(_, (e, _))| *e > start);
            if overlaps_before {
                continue;
            }
            // Captures only on the match itself: far cheaper than
            // `captures_iter` over the whole text.
            let value = pattern
                .whole
                .captures(whole.as_str())
                .and_then(|caps| value_of(pattern.kind, &caps, article));
            found.insert(start, (end, value));
        }
    }
    found
        .into_iter()
        .map(|(start, (end, value))| FoundDate { start, end, value })
        .collect()
}

/// The normalised ISO 8601 value of the date expression `text` (all of it,
/// surrounding white space aside) against the article date, or `None` when
/// it is not a date expression or too vague to name one day.
pub fn normalise_date(text: &str, article: Option<CivilDate>) -> Option<String> {
    let text = text.trim();
    PATTERNS.iter().find_map(|pattern| {
        let caps = pattern.whole.captures(text)?;
        Some(value_of(pattern.kind, &caps, article))
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(iso: &str) -> Option<CivilDate> {
        CivilDate::parse_iso(iso)
    }

    fn norm(text: &str, article: &str) -> Option<String> {
        normalise_date(text, on(article))
    }

    #[test]
    fn full_dates_in_every_form_normalise_without_the_article_date() {
        for text in [
            "2025-05-05",
            "5 May 2025",
            "5th May 2025",
            "5 May, 2025",
            "5th of May 2025",
            "May 5, 2025",
            "May 5th, 2025",
            "May 5 2025",
            "May\u{a0}5,\u{a0}2025",
        ] {
            assert_eq!(
                normalise_date(text, None).as_deref(),
                Some("2025-05-05"),
                "{text}"
            );
        }
        assert_eq!(
            norm("Sept. 1, 2024", "2026-01-01").as_deref(),
            Some("2024-09-01")
        );
        assert_eq!(
            norm("29 February 2024", "2025-01-01").as_deref(),
            Some("2024-02-29")
        );
    }

    #[test]
    fn month_day_takes_the_year_closest_to_the_article() {
        assert_eq!(
            norm("September 20", "2025-09-08").as_deref(),
            Some("2025-09-20")
        );
        assert_eq!(
            norm("August 15", "2025-09-08").as_deref(),
            Some("2025-08-15")
        );
        assert_eq!(
            norm("15 August", "2025-09-08").as_deref(),
            Some("2025-08-15")
        );
        assert_eq!(
            norm("December 30", "2026-01-02").as_deref(),
            Some("2025-12-30")
        );
        assert_eq!(
            norm("January 3", "2025-12-30").as_deref(),
            Some("2026-01-03")
        );
        assert_eq!(
            norm("2nd of January", "2025-12-30").as_deref(),
            Some("2026-01-02")
        );
        assert_eq!(normalise_date("August 15", None), None, "no article date");
    }

    #[test]
    fn month_day_ties_take_the_earlier_date() {
        // 2025-01-01 + 182.5 days: July 2 is 182 days after 2025-01-01 and
        // 183 before 2026-01-01; in a leap span the two can tie.
        let article = CivilDate::new(2024, 1, 1).expect("valid");
        // July 2 2023 is 183 days before, July 2 2024 is 183 days after.
        assert_eq!(
            (CivilDate::new(2024, 7, 2).expect("valid").days() - article.days()),
            183
        );
        assert_eq!(
            article.days() - CivilDate::new(2023, 7, 2).expect("valid").days(),
            183
        );
        assert_eq!(norm("July 2", "2024-01-01").as_deref(), Some("2023-07-02"));
    }

    #[test]
    fn relative_days_count_from_the_article_date() {
        assert_eq!(norm("today", "2025-12-31").as_deref(), Some("2025-12-31"));
        assert_eq!(
            norm("Yesterday", "2025-03-01").as_deref(),
            Some("2025-02-28")
        );
        assert_eq!(
            norm("yesterday", "2024-03-01").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            norm("tomorrow", "2025-12-31").as_deref(),
            Some("2026-01-01")
        );
        assert_eq!(normalise_date("today", None), None);
    }

    #[test]
    fn vague_and_invalid_expressions_have_no_value() {
        for text in [
            "next few days",
            "the next couple of days",
            "next week",
            "earlier this week",
            "last Friday",
            "Monday",
            "January 2025",
            "February 30",
            "30 February 2025",
            "2025-02-30",
            "2025-13-01",
            "Putin",
        ] {
            assert_eq!(norm(text, "2025-09-08"), None, "{text}");
        }
    }

    #[test]
    fn dates_are_found_as_byte_ranges_not_across_line_breaks() {
        let text = "On August 15, talks; \u{1F600} 5 May 2025 and the next few days.\r\nAugust\r\n16 Mayor 12";
        let found = find_dates(text, on("2025-09-08"));
        let got: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|f| (&text[f.start..f.end], f.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("August 15", Some("2025-08-15")),
                ("5 May 2025", Some("2025-05-05")),
                ("the next few days", None),
            ]
        );
    }

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000, -1, 0, 59, 365, 11_016, 20_000, 2_000_000] {
            assert_eq!(CivilDate::from_days(days).days(), days);
        }
        assert_eq!(CivilDate::from_days(0).to_string(), "1970-01-01");
        assert_eq!(
            CivilDate::parse_iso("2025-09-08T10:00Z").map(|d| d.day),
            Some(8)
        );
        assert_eq!(CivilDate::parse_iso("2025-9-8"), None);
    }
}
