//! The working calendar: workdays, holidays and makeup days, and arithmetic in workdays.
//!
//! Time is counted in workday *boundaries*: boundary `i` lies just before the `i`-th workday of
//! the calendar's window. A task of `d` workdays starting at boundary `s` occupies workdays
//! `s..s + d` and finishes at boundary `s + d`; its inclusive end date is workday `s + d - 1`.

use crate::meta::{CalendarMeta, Weekday};
use chrono::{Datelike, Days, NaiveDate};

/// Longest window the calendar covers, so hostile dates cannot make it allocate without bound.
const MAX_WINDOW_DAYS: u64 = 200 * 366;

/// Workdays of a plan within a window of dates.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Every workday of the window, in order.
    days: Vec<NaiveDate>,
    /// First day of the window.
    first: NaiveDate,
    /// Last day of the window.
    last: NaiveDate,
    weekdays: [bool; 7],
}

impl Calendar {
    /// Builds the calendar for dates from `from` to `to` (inclusive, widened by a margin).
    pub fn new(meta: &CalendarMeta, from: NaiveDate, to: NaiveDate) -> Self {
        let mut weekdays = [false; 7];
        for w in &meta.workdays {
            weekdays[weekday_index(*w)] = true;
        }
        let first = from.checked_sub_days(Days::new(31)).unwrap_or(from);
        let span = (to - first).num_days().max(0) as u64 + 31;
        let last = first.checked_add_days(Days::new(span.min(MAX_WINDOW_DAYS))).unwrap_or(to);
        let holidays = merged(meta.holidays.iter().map(|h| (h.from.0, h.to.0)).collect());
        let mut makeup: Vec<NaiveDate> = meta.makeup_days.iter().map(|d| d.0).collect();
        makeup.sort();
        let mut days = Vec::new();
        let mut d = first;
        while d <= last {
            let weekday_on = weekdays[d.weekday().num_days_from_monday() as usize];
            let holiday = {
                let i = holidays.partition_point(|(a, _)| *a <= d);
                i > 0 && d <= holidays[i - 1].1
            };
            let made_up = makeup.binary_search(&d).is_ok();
            if made_up || (weekday_on && !holiday) {
                days.push(d);
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        Calendar { days, first, last, weekdays }
    }

    /// Whether the window contains any workday at all.
    pub fn has_workdays(&self) -> bool {
        !self.days.is_empty()
    }

    /// The first and last day the calendar knows holidays for (outside it, only weekdays count).
    pub fn window(&self) -> (NaiveDate, NaiveDate) {
        (self.first, self.last)
    }

    /// Whether `d` is a workday.
    pub fn is_workday(&self, d: NaiveDate) -> bool {
        if d < self.first || d > self.last {
            return self.weekdays[d.weekday().num_days_from_monday() as usize];
        }
        self.days.binary_search(&d).is_ok()
    }

    /// The boundary at the start of `d` (or of the next workday when `d` is not one).
    pub fn start_of(&self, d: NaiveDate) -> i64 {
        self.days.partition_point(|x| *x < d) as i64 + self.outside_offset(d)
    }

    /// The boundary at the end of `d` (or of the previous workday when `d` is not one).
    pub fn end_of(&self, d: NaiveDate) -> i64 {
        self.days.partition_point(|x| *x <= d) as i64 + self.outside_offset(d)
    }

    /// Approximate workdays beyond the window (5 per 7 days), so far dates still order right.
    fn outside_offset(&self, d: NaiveDate) -> i64 {
        if d < self.first {
            -((self.first - d).num_days() * 5 / 7)
        } else if d > self.last {
            (d - self.last).num_days() * 5 / 7
        } else {
            0
        }
    }

    /// The workday at index `i` (the day after boundary `i`).
    pub fn day(&self, i: i64) -> NaiveDate {
        let n = self.days.len() as i64;
        if n == 0 {
            return self.first;
        }
        if i < 0 {
            let back = (-i) * 7 / 5;
            return self.days[0].checked_sub_days(Days::new(back as u64)).unwrap_or(NaiveDate::MIN);
        }
        if i >= n {
            let ahead = (i - n + 1) * 7 / 5;
            return self.days[(n - 1) as usize]
                .checked_add_days(Days::new(ahead as u64))
                .unwrap_or(NaiveDate::MAX);
        }
        self.days[i as usize]
    }

    /// The inclusive end date of work that finishes at boundary `b`.
    pub fn end_date(&self, b: i64) -> NaiveDate {
        self.day(b - 1)
    }

    /// The date after adding `n` workdays to workday `d` (negative `n` goes back).
    pub fn add_workdays(&self, d: NaiveDate, n: i64) -> NaiveDate {
        self.day(self.start_of(d) + n)
    }

    /// Workdays in the inclusive range `a..=b` (0 when `b < a`).
    pub fn workdays_in(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        (self.end_of(b) - self.start_of(a)).max(0)
    }
}

/// Sorted, non-overlapping ranges covering the same days as `ranges`.
fn merged(mut ranges: Vec<(NaiveDate, NaiveDate)>) -> Vec<(NaiveDate, NaiveDate)> {
    ranges.sort();
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1.succ_opt().unwrap_or(last.1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn weekday_index(w: Weekday) -> usize {
    match w {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed => 2,
        Weekday::Thu => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{Date, DateRange};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal(holidays: &[(&str, &str)], makeup: &[&str]) -> Calendar {
        let meta = CalendarMeta {
            holidays: holidays
                .iter()
                .map(|(a, b)| DateRange { from: Date(d(a)), to: Date(d(b)) })
                .collect(),
            makeup_days: makeup.iter().map(|m| Date(d(m))).collect(),
            ..CalendarMeta::default()
        };
        Calendar::new(&meta, d("2026-09-01"), d("2026-12-31"))
    }

    #[test]
    fn adding_workdays() {
        let c = cal(&[("2026-11-26", "2026-11-26")], &[]);
        // (from, workdays, expected): weekends skipped, Thanksgiving skipped, negative goes back.
        let table = [
            ("2026-11-23", 0, "2026-11-23"),
            ("2026-11-23", 1, "2026-11-24"),
            ("2026-11-20", 1, "2026-11-23"),
            ("2026-11-25", 1, "2026-11-27"),
            ("2026-11-24", 4, "2026-12-01"),
            ("2026-11-30", -1, "2026-11-27"),
            ("2026-11-27", -1, "2026-11-25"),
            ("2026-11-23", -5, "2026-11-16"),
        ];
        for (from, n, want) in table {
            assert_eq!(c.add_workdays(d(from), n), d(want), "{from} + {n}");
        }
    }

    #[test]
    fn boundaries_and_counts() {
        let c = cal(&[("2026-10-01", "2026-10-07")], &["2026-09-27"]);
        assert!(c.is_workday(d("2026-09-27")), "makeup Sunday works");
        assert!(!c.is_workday(d("2026-10-05")), "holiday week");
        assert!(!c.is_workday(d("2026-10-03")), "weekend inside holiday");
        // A weekend day's start is the next workday's; its end is the previous workday's.
        assert_eq!(c.start_of(d("2026-10-03")), c.start_of(d("2026-10-08")));
        assert_eq!(c.end_of(d("2026-10-03")), c.end_of(d("2026-09-30")));
        assert_eq!(c.workdays_in(d("2026-09-28"), d("2026-10-09")), 5);
        assert_eq!(c.workdays_in(d("2026-09-26"), d("2026-09-27")), 1);
        assert_eq!(c.workdays_in(d("2026-10-09"), d("2026-10-08")), 0);
        let b = c.start_of(d("2026-09-30"));
        assert_eq!(c.day(b), d("2026-09-30"));
        assert_eq!(c.end_date(b + 2), d("2026-10-08"), "two days from Sep 30 end on Oct 8");
    }

    #[test]
    fn far_dates_do_not_panic() {
        let c = cal(&[("0001-01-01", "9999-12-31")], &[]);
        assert!(!c.has_workdays());
        let _ = c.day(5);
        let _ = c.start_of(NaiveDate::MAX);
        let _ = c.end_of(NaiveDate::MIN);
    }
}
