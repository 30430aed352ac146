//! The Gantt chart's time axis: the scale picked from the span, date-to-x mapping, the two
//! header rows' units and their names in each locale.

use crate::meta::Locale;
use chrono::{Datelike, Days, Months, NaiveDate};

/// What one column of the lower header row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Days under months.
    Day,
    /// Weeks (from Monday) under months.
    Week,
    /// Months under years.
    Month,
    /// Quarters under years.
    Quarter,
    /// Years (or runs of years) under decades.
    Year,
}

/// A calendar unit the header is divided into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// One day.
    Day,
    /// Monday to Sunday.
    Week,
    /// `n` calendar months, aligned to multiples of `n` from year 0.
    Months(u32),
}

/// The time axis: which dates the chart covers and where they are drawn.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    /// First day drawn.
    pub d0: NaiveDate,
    /// Last day drawn (inclusive).
    pub d1: NaiveDate,
    /// Scale of the header.
    pub scale: Scale,
    /// Pixels per day.
    pub ppd: f64,
    /// x of the start of `d0`.
    pub x0: f64,
}

/// Widest timeline drawn, so absurd date ranges stay a bounded picture.
const MAX_TIMELINE_PX: f64 = 16_000.0;
/// Width the timeline aims for when the scale allows.
const TARGET_PX: f64 = 860.0;

impl Axis {
    /// An axis covering at least `lo..=hi`, widened to whole units of the chosen scale.
    pub(crate) fn new(lo: NaiveDate, hi: NaiveDate, x0: f64) -> Axis {
        let (lo, hi) = if hi < lo { (hi, lo) } else { (lo, hi) };
        let span = days_between(lo, hi) + 1;
        let scale = match span {
            ..=42 => Scale::Day,
            43..=190 => Scale::Week,
            191..=900 => Scale::Month,
            901..=3700 => Scale::Quarter,
            _ => Scale::Year,
        };
        let unit = match scale {
            Scale::Day | Scale::Week => Unit::Week,
            Scale::Month => Unit::Months(1),
            Scale::Quarter => Unit::Months(3),
            Scale::Year => Unit::Months(12),
        };
        let d0 = unit.floor(lo);
        let d1 = unit.next(unit.floor(hi)).and_then(|n| n.pred_opt()).unwrap_or(hi);
        let days = (days_between(d0, d1) + 1) as f64;
        let (min, max) = match scale {
            Scale::Day => (22.0, 40.0),
            Scale::Week => (6.0, 22.0),
            Scale::Month => (1.6, 6.0),
            Scale::Quarter => (0.4, 1.6),
            Scale::Year => (0.0, 0.4),
        };
        let ppd = (TARGET_PX / days).clamp(min, max).min(MAX_TIMELINE_PX / days);
        Axis { d0, d1, scale, ppd, x0 }
    }

    /// x of the start of day `d` (dates outside the axis map outside it).
    pub(crate) fn x(&self, d: NaiveDate) -> f64 {
        self.x0 + days_between(self.d0, d) as f64 * self.ppd
    }

    /// x of the end of day `d`.
    pub(crate) fn x_end(&self, d: NaiveDate) -> f64 {
        self.x(d) + self.ppd
    }

    /// x of the end of the axis.
    pub(crate) fn x1(&self) -> f64 {
        self.x_end(self.d1)
    }

    /// Whether `d` is on the axis.
    pub(crate) fn contains(&self, d: NaiveDate) -> bool {
        self.d0 <= d && d <= self.d1
    }

    /// (upper, lower) header units.
    pub(crate) fn units(&self) -> (Unit, Unit) {
        match self.scale {
            Scale::Day => (Unit::Months(1), Unit::Day),
            Scale::Week => (Unit::Months(1), Unit::Week),
            Scale::Month => (Unit::Months(12), Unit::Months(1)),
            Scale::Quarter => (Unit::Months(12), Unit::Months(3)),
            Scale::Year => {
                // Runs of years wide enough for a label, under decades (or centuries).
                let year_px = 365.25 * self.ppd;
                let step = [1u32, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
                    .into_iter()
                    .find(|s| f64::from(*s) * year_px >= 40.0)
                    .unwrap_or(1000);
                let upper = if step >= 10 { step * 10 } else { 10 };
                (Unit::Months(upper * 12), Unit::Months(step * 12))
            }
        }
    }

    /// Cells of `unit` that overlap the axis: (first day, first day of the next cell), at most
    /// a few thousand.
    pub(crate) fn cells(&self, unit: Unit) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut d = unit.floor(self.d0);
        while d <= self.d1 && out.len() < 4000 {
            let Some(n) = unit.next(d) else {
                out.push((d, self.d1));
                break;
            };
            out.push((d, n));
            d = n;
        }
        out
    }
}

impl Unit {
    /// The first day of the unit containing `d`.
    pub(crate) fn floor(self, d: NaiveDate) -> NaiveDate {
        match self {
            Unit::Day => d,
            Unit::Week => {
                let back = u64::from(d.weekday().num_days_from_monday());
                d.checked_sub_days(Days::new(back)).unwrap_or(d)
            }
            Unit::Months(n) => {
                let n = i64::from(n.max(1));
                let index = i64::from(d.year()) * 12 + i64::from(d.month0());
                let floored = index.div_euclid(n) * n;
                let (y, m) = (floored.div_euclid(12), floored.rem_euclid(12));
                i32::try_from(y)
                    .ok()
                    .and_then(|y| NaiveDate::from_ymd_opt(y, m as u32 + 1, 1))
                    .unwrap_or(d)
            }
        }
    }

    /// The first day of the next unit after the one starting at `d`, if representable.
    pub(crate) fn next(self, d: NaiveDate) -> Option<NaiveDate> {
        match self {
            Unit::Day => d.succ_opt(),
            Unit::Week => d.checked_add_days(Days::new(7)),
            Unit::Months(n) => d.checked_add_months(Months::new(n.max(1))),
        }
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    i64::from(b.num_days_from_ce()) - i64::from(a.num_days_from_ce())
}

/// `d` moved by `n` days, saturating at the ends of the calendar.
pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    r.unwrap_or(if n >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Header labels of a cell starting on `d`, longest first; the caller picks the first that fits.
pub(crate) fn cell_labels(locale: Locale, unit: Unit, d: NaiveDate) -> Vec<String> {
    let (y, m) = (d.year(), d.month());
    let en_month = MONTHS_EN[d.month0() as usize];
    match (unit, locale) {
        (Unit::Day | Unit::Week, _) => vec![d.day().to_string()],
        (Unit::Months(1), Locale::En) => {
            vec![
                format!("{en_month} {y}"),
                format!("{} {y}", &en_month[..3]),
                en_month[..3].to_string(),
            ]
        }
        (Unit::Months(1), Locale::ZhCn) => vec![format!("{y}年{m}月"), format!("{m}月")],
        (Unit::Months(3), _) => vec![format!("Q{}", d.month0() / 3 + 1)],
        (Unit::Months(12), Locale::En) => vec![y.to_string()],
        (Unit::Months(12), Locale::ZhCn) => vec![format!("{y}年"), y.to_string()],
        (Unit::Months(n), _) => {
            let last = y + (n / 12) as i32 - 1;
            vec![format!("{y}–{last}"), y.to_string()]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn scale_follows_the_span() {
        // (first, last, scale, padded first, padded last)
        let table = [
            ("2026-11-18", "2026-11-30", Scale::Day, "2026-11-16", "2026-12-06"),
            ("2026-09-14", "2026-12-04", Scale::Week, "2026-09-14", "2026-12-06"),
            ("2026-03-10", "2027-01-20", Scale::Month, "2026-03-01", "2027-01-31"),
            ("2026-02-10", "2029-01-20", Scale::Quarter, "2026-01-01", "2029-03-31"),
            ("2020-02-10", "2039-01-20", Scale::Year, "2020-01-01", "2039-12-31"),
        ];
        for (lo, hi, scale, d0, d1) in table {
            let a = Axis::new(d(lo), d(hi), 0.0);
            assert_eq!((a.scale, a.d0, a.d1), (scale, d(d0), d(d1)), "{lo}..{hi}");
            assert!(a.x1() <= MAX_TIMELINE_PX + 1.0);
        }
    }

    #[test]
    fn cells_tile_the_axis() {
        let a = Axis::new(d("2026-09-14"), d("2026-12-04"), 100.0);
        let (upper, lower) = a.units();
        assert_eq!(upper, Unit::Months(1));
        let weeks = a.cells(lower);
        assert_eq!(weeks.len(), 12);
        assert_eq!(weeks[0], (d("2026-09-14"), d("2026-09-21")));
        let months = a.cells(upper);
        assert_eq!(months.iter().map(|c| c.0.month()).collect::<Vec<_>>(), [9, 10, 11, 12]);
        assert!((a.x(d("2026-09-14")) - 100.0).abs() < 1e-9);
        assert!((a.x_end(d("2026-09-14")) - a.x(d("2026-09-15"))).abs() < 1e-9);
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let a = Axis::new(NaiveDate::MIN, NaiveDate::MAX, 0.0);
        assert!(a.x1().is_finite() && a.x1() <= MAX_TIMELINE_PX + 1.0);
        let (upper, lower) = a.units();
        assert!(a.cells(upper).len() <= 4000 && a.cells(lower).len() <= 4000);
        assert_eq!(add_days(NaiveDate::MAX, 5), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MIN, -5), NaiveDate::MIN);
    }

    #[test]
    fn names_in_both_locales() {
        let day = d("2026-11-24");
        assert_eq!(crate::i18n::short_date(Locale::En, day), "Nov 24");
        assert_eq!(crate::i18n::date(Locale::ZhCn, day), "2026年11月24日");
        assert_eq!(cell_labels(Locale::En, Unit::Months(1), day)[1], "Nov 2026");
        assert_eq!(cell_labels(Locale::ZhCn, Unit::Months(1), day)[1], "11月");
        assert_eq!(cell_labels(Locale::En, Unit::Months(3), day), ["Q4"]);
    }
}
