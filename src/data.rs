//! Metric data from CSV files (`date,value[,note]`), streamed, with `file:row:col` errors.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Sample;
use crate::values::{Stamp, parse_stamp};
use std::path::Path;

/// Reads `path` (shown as `rel`) into samples sorted by time; problems go to `diags`.
pub(crate) fn load_csv(path: &Path, rel: &str, diags: &mut Diagnostics) -> Vec<Sample> {
    let mut reader =
        match csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path) {
            Ok(r) => r,
            Err(e) => {
                diags.push(Diagnostic::file_error(rel, format!("cannot read CSV: {e}")));
                return Vec::new();
            }
        };
    let mut samples: Vec<(usize, Sample)> = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "CSV row is not valid UTF-8".to_string(),
                    _ => format!("cannot read CSV: {e}"),
                };
                diags.push(Diagnostic { line, col: 0, ..Diagnostic::file_error(rel, msg) });
                break;
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        // The row as written, for the snippet; only built when there is something to report.
        let at = |col: usize, len: usize, msg: String| {
            let text = record.iter().collect::<Vec<_>>().join(",");
            Diagnostic::at(rel, &text, Pos::new(1, col, len), msg)
        };
        let fix_line = |mut d: Diagnostic| {
            d.line = line;
            d
        };
        let date = record.get(0).unwrap_or("").trim();
        if first {
            first = false;
            if date.eq_ignore_ascii_case("date") {
                continue;
            }
        }
        if record.len() == 1 && date.is_empty() {
            continue;
        }
        let stamp = match fast_stamp(date).map_or_else(|| parse_stamp(date), Ok) {
            Ok(s) => s,
            Err(msg) => {
                diags.push(
                    fix_line(at(1, date.chars().count(), msg))
                        .hint("the first column is the date: 2026-11-27 or 2026-11-27T14:00"),
                );
                continue;
            }
        };
        let raw = record.get(1).unwrap_or("").trim();
        let value_col = record.get(0).unwrap_or("").chars().count() + 2;
        let value = if raw.is_empty() {
            None
        } else {
            let parsed: Result<f64, _> =
                if raw.contains('_') { raw.replace('_', "").parse() } else { raw.parse() };
            match parsed {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    diags.push(
                        fix_line(at(value_col, raw.chars().count(), format!("value `{raw}` is not a number")))
                            .hint("write a plain number such as 3.25 (no units or thousands separators); leave it empty for a gap"),
                    );
                    continue;
                }
            }
        };
        let note = record.get(2).map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
        samples.push((line, Sample { at: Stamp(stamp), value, note }));
    }
    samples.sort_by(|a, b| a.1.at.cmp(&b.1.at).then(a.0.cmp(&b.0)));
    for pair in samples.windows(2) {
        if pair[0].1.at == pair[1].1.at {
            let (line, s) = &pair[1];
            let date = crate::values::format_stamp(s.at.0);
            diags.push(
                Diagnostic {
                    line: *line,
                    col: 1,
                    len: date.chars().count(),
                    ..Diagnostic::file_error(
                        rel,
                        format!("duplicate date `{date}` (also on line {})", pair[0].0),
                    )
                }
                .hint("keep one row per date; merge or delete the other"),
            );
        }
    }
    samples.into_iter().map(|(_, s)| s).collect()
}

/// Parses the common shapes `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM[:SS]` without chrono's format
/// machinery (a 1M-row file spends most of its time here); `None` sends the text to the full
/// parser, which also words the error.
fn fast_stamp(s: &str) -> Option<chrono::NaiveDateTime> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?
            .iter()
            .try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let (h, m, sec) = match b.len() {
        10 => (0, 0, 0),
        16 if matches!(b[10], b'T' | b' ') && b[13] == b':' => (num(11..13)?, num(14..16)?, 0),
        19 if matches!(b[10], b'T' | b' ') && b[13] == b':' && b[16] == b':' => {
            (num(11..13)?, num(14..16)?, num(17..19)?)
        }
        _ => return None,
    };
    date.and_hms_opt(h, m, sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Vec<Sample>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.csv");
        std::fs::write(&p, text).unwrap();
        let mut d = Diagnostics::default();
        let s = load_csv(&p, "m.csv", &mut d);
        (s, d.sorted().iter().map(|d| format!("{}:{}: {}", d.line, d.col, d.message)).collect())
    }

    #[test]
    fn reads_rows_gaps_and_notes() {
        let (s, e) = load("date,value,note\n2026-11-02,2,\n2026-11-01,1.5,launch\n2026-11-03,,\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].value, Some(1.5));
        assert_eq!(s[0].note.as_deref(), Some("launch"));
        assert_eq!(s[2].value, None);
    }

    #[test]
    fn fast_stamps_agree_with_the_full_parser() {
        for s in [
            "2026-11-27",
            "2026-11-27T14:00",
            "2026-11-27 14:00",
            "2026-11-27T14:00:30",
            "2026-02-29",
            "2024-02-29T23:59:59",
            "2026-13-01",
            "2026-11-27T24:00",
            "2026-1-5",
            "2026-11-27T14",
            "2026-11-27X14:00",
            "20261127",
            "２026-11-27",
        ] {
            let full = parse_stamp(s).ok();
            let fast = fast_stamp(s);
            assert!(fast.is_none() || fast == full, "{s}: {fast:?} vs {full:?}");
            if s.len() == 10 || s.len() == 16 {
                assert_eq!(fast.is_some(), full.is_some(), "{s}");
            }
        }
    }

    #[test]
    fn reports_rows_and_columns() {
        let (_, e) = load("date,value\n2026-11-01,1\n2026-13-01,2\n2026-11-02,abc\n2026-11-01,3\n");
        assert_eq!(
            e,
            [
                "3:1: invalid date `2026-13-01`: write a real calendar date as YYYY-MM-DD",
                "4:12: value `abc` is not a number",
                "5:1: duplicate date `2026-11-01` (also on line 2)",
            ]
        );
    }
}
