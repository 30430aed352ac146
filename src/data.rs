//! Metric data from CSV files (`date,value[,note]`), streamed, with `file:row:col` errors.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::model::Sample;
use crate::values::{Stamp, parse_stamp};
use std::path::Path;

/// Largest CSV file read (about two million rows); larger files are refused before reading.
pub(crate) const MAX_CSV_BYTES: u64 = 64_000_000;

/// The first part of `rel` (the path of `path` inside the plan folder) that is a symbolic link.
fn linked_part(path: &Path, rel: &str) -> Option<String> {
    let depth = rel.split('/').filter(|p| !p.is_empty()).count();
    let mut parts: Vec<&Path> = path.ancestors().take(depth).collect();
    parts.reverse();
    let names: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    parts.iter().zip(1..).find_map(|(p, n)| {
        std::fs::symlink_metadata(p)
            .is_ok_and(|m| m.file_type().is_symlink())
            .then(|| names[..n.min(names.len())].join("/"))
    })
}

/// Reads `path` (shown as `rel`) into samples sorted by time; problems go to `diags`.
pub(crate) fn load_csv(path: &Path, rel: &str, diags: &mut Diagnostics) -> Vec<Sample> {
    if let Some(link) = linked_part(path, rel) {
        diags.push(
            Diagnostic::file_error(rel, format!("data path `{link}` is a symbolic link; jindu does not follow links"))
                .hint("keep the CSV file itself inside the plan folder (copy it there instead of linking to it)"),
        );
        return Vec::new();
    }
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > MAX_CSV_BYTES {
        diags.push(
            Diagnostic::file_error(
                rel,
                format!(
                    "data file is {:.1} MB; jindu reads CSV files up to {} MB",
                    size as f64 / 1e6,
                    MAX_CSV_BYTES / 1_000_000
                ),
            )
            .hint("aggregate the data first (one row per hour or per day is plenty for a plan), or split it by year"),
        );
        return Vec::new();
    }
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            diags.push(Diagnostic::file_error(rel, format!("cannot read CSV: {e}")));
            return Vec::new();
        }
    };
    // The size was checked, but a file can grow while it is read: never read past the limit.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Read::take(file, MAX_CSV_BYTES + 1));
    let mut samples: Vec<(usize, Sample)> = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    // A file of nothing but bad rows reports the first few, then how many more there are.
    let mut problems = Problems { rel, shown: 0, more: 0, first_more: 0 };
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
                problems.push(diags, line, || {
                    fix_line(at(1, date.chars().count(), msg))
                        .hint("the first column is the date: 2026-11-27 or 2026-11-27T14:00")
                });
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
                Ok(v) if v.is_finite() && v.abs() <= crate::values::MAX_NUMBER => Some(v),
                Ok(v) if v.is_finite() => {
                    problems.push(diags, line, || {
                        fix_line(at(value_col, raw.chars().count(), format!("value `{raw}` is larger than 10^15")))
                            .hint("write the number in a bigger unit (thousands, millions) so it stays below 10^15")
                    });
                    continue;
                }
                _ => {
                    problems.push(diags, line, || {
                        fix_line(at(value_col, raw.chars().count(), format!("value `{raw}` is not a number")))
                            .hint("write a plain number such as 3.25 (no units or thousands separators); leave it empty for a gap")
                    });
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
            problems.push(diags, *line, || {
                Diagnostic {
                    line: *line,
                    col: 1,
                    len: date.chars().count(),
                    ..Diagnostic::file_error(
                        rel,
                        format!("duplicate date `{date}` (also on line {})", pair[0].0),
                    )
                }
                .hint("keep one row per date; merge or delete the other")
            });
        }
    }
    problems.finish(diags);
    samples.into_iter().map(|(_, s)| s).collect()
}

/// Most problems reported for one CSV file.
const MAX_ROW_PROBLEMS: usize = 20;

/// Counts a CSV file's row problems, reporting only the first `MAX_ROW_PROBLEMS`.
struct Problems<'a> {
    rel: &'a str,
    shown: usize,
    more: usize,
    first_more: usize,
}

impl Problems<'_> {
    fn push(&mut self, diags: &mut Diagnostics, line: usize, d: impl FnOnce() -> Diagnostic) {
        if self.shown < MAX_ROW_PROBLEMS {
            self.shown += 1;
            diags.push(d());
        } else {
            if self.more == 0 {
                self.first_more = line;
            }
            self.more += 1;
        }
    }

    fn finish(self, diags: &mut Diagnostics) {
        if self.more > 0 {
            diags.push(
                Diagnostic {
                    line: self.first_more,
                    ..Diagnostic::file_error(
                        self.rel,
                        format!("{} more rows have problems (only the first {MAX_ROW_PROBLEMS} are shown)", self.more),
                    )
                }
                .hint("is this the right file? check that it has a `date,value` column pair"),
            );
        }
    }
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
    fn huge_and_infinite_values_are_refused() {
        let (s, e) = load("2026-11-01,1e300\n2026-11-02,inf\n2026-11-03,NaN\n2026-11-04,-1e15\n");
        assert_eq!(
            e,
            [
                "1:12: value `1e300` is larger than 10^15",
                "2:12: value `inf` is not a number",
                "3:12: value `NaN` is not a number",
            ]
        );
        assert_eq!(s.len(), 1);
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
