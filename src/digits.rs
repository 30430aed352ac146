//! Decimal digits written by hand: a build writes hundreds of thousands of dates and numbers,
//! and `core`'s and chrono's formatters cost many times the digits they write.

use chrono::{Datelike, NaiveDate};

/// Writes `n` in decimal.
pub(crate) fn push_uint(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// Writes `n` (below 10^width) with leading zeros to `width` digits.
pub(crate) fn push_padded(out: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width.saturating_sub(1));
    while div > 0 {
        out.push(char::from(b'0' + (n / div % 10) as u8));
        div /= 10;
    }
}

/// The year, month and day of `d` when the year has four digits (0 to 9999), the years whose
/// dates are written here; others go through chrono.
pub(crate) fn four_digit_year(d: NaiveDate) -> Option<(u32, u32, u32)> {
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    Some((year, d.month(), d.day()))
}

/// Writes `d` as `YYYY-MM-DD`, as chrono's `Display` does.
pub(crate) fn push_iso_date(out: &mut String, d: NaiveDate) {
    let Some((year, month, day)) = four_digit_year(d) else {
        use std::fmt::Write as _;
        let _ = write!(out, "{d}");
        return;
    };
    push_padded(out, year, 4);
    out.push('-');
    push_padded(out, month, 2);
    out.push('-');
    push_padded(out, day, 2);
}

/// `d` as `YYYY-MM-DD`.
pub(crate) fn iso_date(d: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_iso_date(&mut out, d);
    out
}

/// Serialises a date as `YYYY-MM-DD` (for `#[serde(serialize_with)]`), as chrono's own
/// `Serialize` does.
///
/// # Errors
/// When the serialiser fails.
#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde hands a reference")]
pub(crate) fn serialize_date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&iso_date(*d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_written_as_the_formatter_writes_them() {
        for n in [0u64, 7, 10, 99, 1234, u64::MAX] {
            let mut s = String::new();
            push_uint(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        for (n, width, want) in [(0, 2, "00"), (7, 2, "07"), (42, 2, "42"), (5, 4, "0005")] {
            let mut s = String::new();
            push_padded(&mut s, n, width);
            assert_eq!(s, want);
        }
    }

    #[derive(serde::Serialize)]
    struct Wrapped(#[serde(serialize_with = "serialize_date")] NaiveDate);

    proptest::proptest! {
        /// Every date reads as chrono writes it, four-digit years or not.
        #[test]
        fn dates_are_written_as_chrono_would(days in -4_000_000i32..4_000_000) {
            let d = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            proptest::prop_assert_eq!(iso_date(d), d.to_string());
            let (ours, theirs) = (serde_json::to_string(&Wrapped(d)), serde_json::to_string(&d));
            proptest::prop_assert_eq!(ours.unwrap(), theirs.unwrap());
        }
    }
}
