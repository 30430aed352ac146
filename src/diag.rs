//! Diagnostics: every problem of a run, collected, sorted and printed with a caret snippet.

use std::fmt::Write as _;

/// How bad a diagnostic is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan cannot be built.
    Error,
    /// Worth fixing, but the site is still built.
    Warning,
}

/// One problem found in one file, at a 1-based line and column of that file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path relative to the plan folder, with `/` separators.
    pub path: String,
    /// 1-based line in the file; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// Width of the caret underline in characters (at least 1 when shown).
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The source line the caret points into (cut around the caret when it is very long).
    pub source_line: Option<String>,
    /// 1-based column of the caret in `source_line` in characters: `col`, unless the start of
    /// the line was cut off.
    #[serde(skip)]
    pub caret_col: usize,
}

impl Diagnostic {
    /// An error about a whole file (no line).
    pub fn file_error(path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_string(),
            line: 0,
            col: 0,
            len: 0,
            message: message.into(),
            hint: None,
            source_line: None,
            caret_col: 0,
        }
    }

    /// An error at a position of `text`, the file's content, taking the source line from it.
    pub fn at(path: &str, text: &str, pos: Pos, message: impl Into<String>) -> Self {
        let line = text.lines().nth(pos.line.saturating_sub(1));
        let (source_line, caret_col, len) = match line {
            Some(l) => {
                let (shown, caret, len) = clip(l, pos.col, pos.len.max(1));
                (Some(shown), caret, len)
            }
            None => (None, pos.col, pos.len.max(1)),
        };
        Diagnostic {
            severity: Severity::Error,
            path: path.to_string(),
            line: pos.line,
            col: pos.col,
            caret_col,
            len,
            message: message.into(),
            hint: None,
            source_line: if pos.line == 0 { None } else { source_line },
        }
    }

    /// Adds a hint saying what to do.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Turns the diagnostic into a warning.
    #[must_use]
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Renders the diagnostic the way a compiler does: message, arrow, snippet, caret, hint.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        let location = match (self.line, self.col) {
            (0, _) => self.path.clone(),
            (l, 0) => format!("{}:{l}", self.path),
            (l, c) => format!("{}:{l}:{c}", self.path),
        };
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}--> {location}");
        if let Some(src) = &self.source_line {
            let shown = printable(src);
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{} | {shown}", self.line);
            // Diagnostics built by hand (not by `at`) have no separate caret column.
            let caret = if self.caret_col > 0 { self.caret_col } else { self.col };
            if caret > 0 {
                let prefix: String = shown.chars().take(caret - 1).collect();
                let indent: String =
                    prefix.chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                let width: usize = shown
                    .chars()
                    .skip(caret - 1)
                    .take(self.len.max(1))
                    .map(char_width)
                    .sum::<usize>()
                    .max(1);
                let pre_width: usize = prefix.chars().map(char_width).sum();
                let indent = if indent.contains('\t') { indent } else { " ".repeat(pre_width) };
                let _ = writeln!(out, "{pad} | {indent}{}", "^".repeat(width));
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "{pad} = hint: {hint}");
        }
        out
    }
}

/// Longest source line kept whole in a diagnostic; longer ones are cut around the caret, so a
/// megabyte-long line neither floods the terminal nor is copied into every diagnostic about it.
const MAX_SNIPPET: usize = 160;

/// `line` cut to at most `MAX_SNIPPET` characters around the 1-based column `col` (with `…`
/// where text was cut), and the column and width moved to match.
fn clip(line: &str, col: usize, len: usize) -> (String, usize, usize) {
    let n = line.chars().count();
    if n <= MAX_SNIPPET {
        return (line.to_string(), col, len);
    }
    let at = col.saturating_sub(1).min(n);
    let start = at.saturating_sub(MAX_SNIPPET / 4);
    let end = (start + MAX_SNIPPET).min(n);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(line.chars().skip(start).take(end - start));
    if end < n {
        out.push('…');
    }
    let col = if col == 0 { 0 } else { at - start + 1 + usize::from(start > 0) };
    (out, col, len.min((end - at).max(1)))
}

/// A position in a file: 1-based line and column, and the width of the thing there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub col: usize,
    /// Width in characters.
    pub len: usize,
}

impl Pos {
    /// A position at line and column with a width.
    pub fn new(line: usize, col: usize, len: usize) -> Self {
        Pos { line, col, len }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize, len_bytes: usize) -> Self {
        let offset = floor_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = text[line_start..offset].chars().count() + 1;
        let end = floor_boundary(text, (offset + len_bytes).min(text.len()));
        let len = text[offset..end].chars().count();
        Pos { line, col, len }
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Display width of a character: CJK and other wide characters take two columns.
fn char_width(c: char) -> usize {
    let cp = c as u32;
    let wide = matches!(cp,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Replaces control and bidi-override characters so a snippet cannot rearrange the terminal.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| {
            if c == '\t' {
                c
            } else if c.is_control() || matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// All diagnostics of a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Moves every diagnostic of `other` to the end of this list, in order.
    pub fn append(&mut self, mut other: Diagnostics) {
        self.items.append(&mut other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors and warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.items.iter().filter(|d| d.severity == Severity::Error).count();
        (errors, self.items.len() - errors)
    }

    /// The diagnostics sorted by path, line, column and message, without duplicates.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        use rayon::slice::ParallelSliceMut as _;
        let mut v = self.items.clone();
        v.par_sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        v.dedup();
        v
    }

    /// Renders every diagnostic, sorted, followed by a summary line.
    pub fn render(&self) -> String {
        use rayon::prelude::*;
        // A big plan can have thousands: each is rendered on any core, then joined in order.
        let parts: Vec<String> = self.sorted().par_iter().map(Diagnostic::render).collect();
        let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + 64);
        for part in parts {
            out.push_str(&part);
            out.push('\n');
        }
        let (errors, warnings) = self.counts();
        if errors + warnings > 0 {
            let _ = writeln!(out, "{}", summary(errors, warnings));
        }
        out
    }

    /// Whether there are no diagnostics at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_the_spot() {
        let text = "---\nkind: task\nowenr: li\n---\n";
        let d = Diagnostic::at("a/b.md", text, Pos::new(3, 1, 5), "unknown field `owenr`")
            .hint("did you mean `owner`?");
        assert_eq!(
            d.render(),
            "error: unknown field `owenr`\n --> a/b.md:3:1\n  |\n3 | owenr: li\n  | ^^^^^\n  = hint: did you mean `owner`?\n"
        );
    }

    #[test]
    fn caret_counts_wide_characters_twice() {
        let text = "title: 流量 x\n";
        let d = Diagnostic::at("p.md", text, Pos::new(1, 11, 1), "m");
        assert!(
            d.render().contains(&format!("1 | title: 流量 x\n  | {}^\n", " ".repeat(12))),
            "{}",
            d.render()
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("tags: [{}bad{}]", "a, ".repeat(5_000), ", b".repeat(5_000));
        let col = line.find("bad").unwrap() + 1;
        let d = Diagnostic::at("p.md", &line, Pos::new(1, col, 3), "m");
        assert_eq!(d.col, col, "the location keeps the real column");
        let out = d.render();
        assert!(out.contains(&format!("--> p.md:1:{col}")), "{out}");
        assert!(out.len() < 600, "{out}");
        let snippet = out.lines().nth(3).unwrap();
        let caret = out.lines().nth(4).unwrap();
        let at = caret.find('^').unwrap();
        let under: String = snippet.chars().skip(at).take(3).collect();
        assert_eq!(under, "bad", "{out}");
        assert!(snippet.starts_with("1 | …") && snippet.ends_with('…'), "{snippet}");
        // Near the start nothing is cut before.
        let d = Diagnostic::at("p.md", &line, Pos::new(1, 1, 4), "m");
        assert!(d.render().contains("1 | tags: [a, a,"), "{}", d.render());
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\ncdé\nfg";
        assert_eq!(Pos::of_offset(text, 0, 1), Pos::new(1, 1, 1));
        assert_eq!(Pos::of_offset(text, 5, 2), Pos::new(2, 3, 1));
        assert_eq!(Pos::of_offset(text, 8, 1), Pos::new(3, 1, 1));
    }

    #[test]
    fn sorted_by_path_then_line() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::at("b.md", "x\ny", Pos::new(2, 1, 1), "two"));
        ds.push(Diagnostic::at("a.md", "x", Pos::new(1, 1, 1), "one"));
        ds.push(Diagnostic::at("b.md", "x\ny", Pos::new(1, 1, 1), "three"));
        let order: Vec<_> = ds.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["one", "three", "two"]);
    }
}
