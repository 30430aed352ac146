//! Scalar value types of the plan format (dates, durations, progress) with their own messages.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::digits::serialize_date(&self.0, s)
    }
}

/// A date with an optional time, for hourly metric data (`2026-11-27T14:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub NaiveDateTime);

/// A span of work in workdays, written `5d` or `2w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Workdays(pub u32);

/// How long an alert's condition must hold: a number of the metric's periods (`3`), or a
/// length of time (`6h`, `2d`, `2w`, in calendar time: metric data runs every day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct Sustain {
    /// The number written.
    pub n: u32,
    /// Its unit in hours, or `None` for periods.
    pub hours: Option<u32>,
}

impl Sustain {
    /// The number of consecutive periods of a metric of `granularity` it takes (at least 1).
    pub fn periods(self, granularity: crate::meta::Granularity) -> u32 {
        use crate::meta::Granularity as G;
        let Some(unit) = self.hours else { return self.n.max(1) };
        let period: u64 = match granularity {
            G::Hour => 1,
            G::Day => 24,
            G::Week => 24 * 7,
            // A month counts as 30 days here: `for: 8w` on a monthly metric is 2 periods.
            G::Month => 24 * 30,
        };
        let hours = u64::from(self.n) * u64::from(unit);
        u32::try_from(hours.div_ceil(period)).unwrap_or(u32::MAX).max(1)
    }
}

impl From<Sustain> for String {
    fn from(s: Sustain) -> String {
        match s.hours {
            None => s.n.to_string(),
            Some(1) => format!("{}h", s.n),
            Some(24) => format!("{}d", s.n),
            _ => format!("{}w", s.n),
        }
    }
}

/// Parses `3`, `6h`, `2d` or `2w` (at most 10,000 of them).
pub(crate) fn parse_sustain(s: &str) -> Result<Sustain, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "invalid length `{t}`: write a number of periods like `3`, or a time like `6h`, `2d` or `2w`"
        )
    };
    let (num, hours) = match t.char_indices().last() {
        Some((i, 'h')) => (&t[..i], Some(1)),
        Some((i, 'd')) => (&t[..i], Some(24)),
        Some((i, 'w')) => (&t[..i], Some(24 * 7)),
        _ => (t, None),
    };
    let n: u32 = num.trim().parse().map_err(|_| bad())?;
    if n > MAX_WORKDAYS {
        return Err(format!("length `{t}` is more than the {MAX_WORKDAYS} jindu accepts"));
    }
    Ok(Sustain { n, hours })
}

impl<'de> Deserialize<'de> for Sustain {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a number of periods like 3, or a time like 6h, 2d or 2w", parse_sustain)
    }
}

/// A holiday: one date or an inclusive range `2026-10-01..2026-10-07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRange {
    /// First day.
    pub from: Date,
    /// Last day (inclusive).
    pub to: Date,
}

/// Longest duration accepted, so a typo cannot make the scheduler walk for ages.
pub(crate) const MAX_WORKDAYS: u32 = 10_000;

/// Parses `YYYY-MM-DD`, with a message that says what was wrong.
pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| s.len() == 10)
        .ok_or_else(|| format!("invalid date `{s}`: write a real calendar date as YYYY-MM-DD"))
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` (a space may replace the `T`).
pub(crate) fn parse_stamp(s: &str) -> Result<NaiveDateTime, String> {
    let s = s.trim();
    if s.len() == 10 {
        return parse_date(s).map(|d| d.and_time(NaiveTime::MIN));
    }
    for fmt in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(t);
        }
    }
    Err(format!("invalid date `{s}`: write YYYY-MM-DD or YYYY-MM-DDTHH:MM"))
}

/// Parses `5d`, `2w` or a bare number of workdays.
pub(crate) fn parse_workdays(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let bad = || format!("invalid duration `{t}`: write workdays like `5d` or weeks like `2w`");
    let (num, mult) = if let Some(n) = t.strip_suffix('d') {
        (n, 1)
    } else if let Some(n) = t.strip_suffix('w') {
        (n, 5)
    } else {
        (t, 1)
    };
    let n: u64 = num.trim().parse().map_err(|_| bad())?;
    let days = n.checked_mul(mult).filter(|d| *d <= u64::from(MAX_WORKDAYS)).ok_or_else(|| {
        format!("duration `{t}` is longer than the {MAX_WORKDAYS} workdays jindu accepts")
    })?;
    Ok(days as u32)
}

/// Accepts any YAML scalar as text and converts it with `convert` inside the visitor, so that
/// a conversion error carries the scalar's own line, column and field path (`serde_yaml` fills
/// them in only for errors raised while the deserializer is still at the value).
struct Scalar<F> {
    what: &'static str,
    convert: F,
}

impl<T, F: FnOnce(&str) -> Result<T, String>> Visitor<'_> for Scalar<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.what)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.convert)(v).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        self.visit_str(&v.to_string())
    }
}

fn scalar<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &'static str,
    convert: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    d.deserialize_any(Scalar { what, convert })
}

/// Accepts a YAML number and checks it with `check` inside the visitor (see `Scalar`).
struct Number<F> {
    what: &'static str,
    check: F,
}

impl<F: FnOnce(f64) -> Result<f64, String>> Visitor<'_> for Number<F> {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.what)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        (self.check)(v).map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }
    // YAML integers beyond 64 bits arrive as 128-bit ones: refuse them as too big, not as text.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<f64, E> {
        self.visit_f64(v as f64)
    }
}

fn number<'de, D: Deserializer<'de>>(
    d: D,
    what: &'static str,
    check: impl FnOnce(f64) -> Result<f64, String>,
) -> Result<f64, D::Error> {
    d.deserialize_any(Number { what, check })
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a date like 2026-11-27", |s| parse_date(s).map(Date))
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a date like 2026-11-27 or 2026-11-27T14:00", |s| parse_stamp(s).map(Stamp))
    }
}

impl Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&format_stamp(self.0))
        } else {
            // Content keys take the instant as a number: a year of hourly data is thousands.
            s.serialize_i64(self.0.and_utc().timestamp())
        }
    }
}

/// Formats a stamp as a date when it is midnight, else as `YYYY-MM-DDTHH:MM` (`:SS` when the
/// seconds are not zero).
pub(crate) fn format_stamp(t: NaiveDateTime) -> String {
    // Written by hand for four-digit years (chrono's formatter is slow, and `plan.json` and the
    // metric pages write every data point); other years keep chrono's signed form.
    if crate::digits::four_digit_year(t.date()).is_none() {
        return chrono_stamp(t);
    }
    let mut out = String::with_capacity(19);
    crate::digits::push_iso_date(&mut out, t.date());
    if t.time() != NaiveTime::MIN {
        out.push('T');
        crate::digits::push_padded(&mut out, t.hour(), 2);
        out.push(':');
        crate::digits::push_padded(&mut out, t.minute(), 2);
        if t.second() != 0 {
            out.push(':');
            crate::digits::push_padded(&mut out, t.second(), 2);
        }
    }
    out
}

/// `format_stamp` through chrono's formatter (slow, but right for any year).
fn chrono_stamp(t: NaiveDateTime) -> String {
    match (t.time() == NaiveTime::MIN, t.second() != 0) {
        (true, _) => t.date().format("%Y-%m-%d").to_string(),
        (false, true) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
        (false, false) => t.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

impl<'de> Deserialize<'de> for Workdays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a duration like 5d or 2w", |s| parse_workdays(s).map(Workdays))
    }
}

impl<'de> Deserialize<'de> for DateRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a date or a range like 2026-10-01..2026-10-07", |s| {
            let (a, b) = s.split_once("..").unwrap_or((s, s));
            let from = parse_date(a)?;
            let to = parse_date(b)?;
            if to < from {
                return Err(format!("holiday range `{s}` ends before it starts"));
            }
            Ok(DateRange { from: Date(from), to: Date(to) })
        })
    }
}

/// Deserialises a percentage in 0..=100.
pub(crate) fn percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    number(d, "a percentage from 0 to 100", |v| {
        if (0.0..=100.0).contains(&v) {
            Ok(v)
        } else {
            Err(format!("must be between 0 and 100, got {v}"))
        }
    })
    .map(Some)
}

/// Deserialises any scalar (text, number, date, bool) as text, for review change values.
pub(crate) fn any_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar(d, "a text, number or date", |s| Ok(Some(s.to_string())))
}

/// Deserialises a finite number.
pub(crate) fn finite<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    number(d, "a number", check_number).map(Some)
}

/// Accepts a plan number: finite and at most `MAX_NUMBER` in size.
pub(crate) fn check_number(v: f64) -> Result<f64, String> {
    if !v.is_finite() {
        Err("number must be finite".into())
    } else if v.abs() > MAX_NUMBER {
        Err(format!("number must be finite and at most 10^15 in size, got {v:e}"))
    } else {
        Ok(v)
    }
}

/// Largest size of a number in the plan (a metric value, target or threshold). Beyond it an
/// `f64` no longer holds whole numbers exactly, and sums, differences and squares of such
/// numbers overflow to infinity (a chart of -1.2e308 and 0 once asked for 2^63 axis labels).
pub(crate) const MAX_NUMBER: f64 = 1e15;

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The hand-written formatter writes what chrono's would.
        #[test]
        fn stamps_are_formatted_as_chrono_would(secs in -70_000_000_000i64..260_000_000_000, cut in 0u8..3) {
            // Whole days, whole minutes and any second, each often.
            let secs = match cut { 0 => secs - secs.rem_euclid(86_400), 1 => secs - secs.rem_euclid(60), _ => secs };
            let t = chrono::DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
            proptest::prop_assert_eq!(format_stamp(t), chrono_stamp(t));
        }
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-11-27").is_ok());
        assert_eq!(
            parse_date("2026-02-30").unwrap_err(),
            "invalid date `2026-02-30`: write a real calendar date as YYYY-MM-DD"
        );
        assert!(parse_date("2026-1-5").is_err());
        assert!(parse_stamp("2026-11-27T14:00").is_ok());
        assert!(parse_stamp("2026-11-27 25:00").is_err());
    }

    #[test]
    fn numbers_are_finite_and_not_huge() {
        #[derive(serde::Deserialize, Debug)]
        struct N {
            #[serde(deserialize_with = "finite")]
            n: Option<f64>,
        }
        let n = |y: &str| serde_yaml::from_str::<N>(y).map(|n| n.n).map_err(|e| e.to_string());
        assert_eq!(n("n: 3.5"), Ok(Some(3.5)));
        assert_eq!(n("n: -1e15"), Ok(Some(-1e15)));
        assert!(n("n: .inf").unwrap_err().contains("number must be finite"));
        let e = n("n: -1.1762250003623957e308").unwrap_err();
        assert!(e.contains("number must be finite and at most 10^15 in size"), "{e}");
        let e = n("n: 18446744073709551616").unwrap_err();
        assert!(e.contains("at most 10^15 in size, got 1.8446744073709552e19"), "{e}");
    }

    #[test]
    fn alert_lengths_count_periods_of_the_metric() {
        use crate::meta::Granularity as G;
        let p = |s: &str, g| parse_sustain(s).map(|x| x.periods(g));
        assert_eq!(p("3", G::Day), Ok(3));
        assert_eq!(p("3", G::Hour), Ok(3));
        assert_eq!(p("2d", G::Day), Ok(2));
        assert_eq!(p("2w", G::Day), Ok(14), "two weeks of daily data, not 10 workdays");
        assert_eq!(p("2w", G::Week), Ok(2));
        assert_eq!(p("2d", G::Hour), Ok(48));
        assert_eq!(p("6h", G::Day), Ok(1));
        assert_eq!(p("8w", G::Month), Ok(2));
        assert_eq!(p("0", G::Day), Ok(1));
        for bad in ["2x", "w", "-1d", "1.5d", "10001", "2 weeks"] {
            assert!(parse_sustain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations() {
        for (s, n) in [("5d", 5), ("2w", 10), ("3", 3), ("0d", 0), (" 4d ", 4)] {
            assert_eq!(parse_workdays(s), Ok(n), "{s}");
        }
        for s in ["5x", "d", "-1d", "1.5d", "999999999999d", "10001d"] {
            assert!(parse_workdays(s).is_err(), "{s}");
        }
    }
}
