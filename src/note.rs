//! Turns one source file into a typed note, reporting every problem with its file position.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::front_matter::{self, SplitError, YamlError};
use crate::meta::{
    GoalMeta, Kind, MetricMeta, PersonMeta, PlanMeta, ReviewMeta, RiskMeta, TaskMeta,
};
use crate::source::SourceFile;
use std::collections::HashMap;
use std::sync::Arc;

/// Typed front matter, one variant per kind.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub(crate) enum Meta {
    Plan(Box<PlanMeta>),
    Goal(Box<GoalMeta>),
    Task(Box<TaskMeta>),
    Metric(Box<MetricMeta>),
    Review(Box<ReviewMeta>),
    Risk(Box<RiskMeta>),
    Person(Box<PersonMeta>),
}

/// A parsed note.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    /// Unique id (file stem, folder name for `index.md`, or `id:`).
    pub id: String,
    /// Its kind.
    pub kind: Kind,
    /// The file it came from.
    pub file: SourceFile,
    /// Length in bytes of the front matter (from the opening fence), for locating keys.
    pub yaml_len: usize,
    /// Markdown body.
    pub body: String,
    /// Typed front matter.
    pub meta: Meta,
}

impl Note {
    /// The front matter text, starting at file line 1.
    pub(crate) fn yaml(&self) -> &str {
        &self.file.text[..self.yaml_len]
    }

    /// Folder of the note relative to the plan root (`""` at the root).
    pub(crate) fn dir(&self) -> &str {
        self.file.rel_path.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// A diagnostic at `key` (and `value` inside it) in this note's front matter.
    pub(crate) fn diag_at(
        &self,
        key: &str,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let pos = crate::locate::find(self.yaml(), key, value);
        Diagnostic::at(&self.file.rel_path, &self.file.text, pos, message)
    }
}

/// A note that could not be parsed: what is known of it, so that references to it are not
/// reported as unknown on top of its own error.
#[derive(Debug, Clone)]
pub(crate) struct Failed {
    /// The id its file name gives it.
    pub id: String,
    /// The kind it declares, when that much could be read.
    pub kind: Option<Kind>,
}

/// One parse: the note (or what is known of a note that failed) and its problems.
type Parsed = (Result<Arc<Note>, Failed>, Diagnostics);

/// Notes parsed by earlier builds, by path, for `serve`: a file whose text has not changed is
/// not parsed again (its note and problems are reused as they were; a note is shared with the
/// plan that reads it, not copied). `default()` keeps nothing; `keeping()` is the one `serve`
/// holds.
#[derive(Debug, Default)]
pub(crate) struct NoteCache {
    by_path: HashMap<String, Parsed>,
    keep: bool,
}

impl NoteCache {
    /// A cache that keeps each run's notes for the next.
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    pub(crate) fn keeping() -> Self {
        NoteCache { by_path: HashMap::new(), keep: true }
    }

    /// The text of the note at `rel_path` as last read, if it was parsed into a note.
    pub(crate) fn text(&self, rel_path: &str) -> Option<&str> {
        match &self.by_path.get(rel_path)?.0 {
            Ok(note) => Some(&note.file.text),
            Err(_) => None,
        }
    }
}

/// Whether `earlier` was parsed from exactly the file `f`.
fn unchanged(earlier: &Parsed, f: &SourceFile) -> bool {
    matches!(&earlier.0, Ok(n) if n.file.text == f.text && n.file.abs_path == f.abs_path)
}

/// Parses every file on all cores, reusing from `cache` what was parsed from the same text
/// before; problems go to `diags` in file order, as one by one. A keeping cache is left
/// holding this run's files only.
pub(crate) fn parse_all_cached(
    files: Vec<SourceFile>,
    diags: &mut Diagnostics,
    cache: &mut NoteCache,
) -> (Vec<Arc<Note>>, Vec<Failed>) {
    use rayon::prelude::*;
    let mut earlier = std::mem::take(&mut cache.by_path);
    let work: Vec<Result<(String, Parsed), SourceFile>> = files
        .into_iter()
        .map(|f| match earlier.remove(&f.rel_path) {
            Some(p) if unchanged(&p, &f) => Ok((f.rel_path, p)),
            _ => Err(f),
        })
        .collect();
    let parsed: Vec<(String, Parsed)> = work
        .into_par_iter()
        .map(|w| {
            w.unwrap_or_else(|f| {
                let path = f.rel_path.clone();
                let mut d = Diagnostics::default();
                (path, (parse(f, &mut d).map(Arc::new), d))
            })
        })
        .collect();
    let mut notes = Vec::with_capacity(parsed.len());
    let mut failed = Vec::new();
    for (path, (result, d)) in parsed {
        if cache.keep {
            diags.append(d.clone());
            match &result {
                Ok(n) => notes.push(Arc::clone(n)),
                Err(f) => failed.push(f.clone()),
            }
            cache.by_path.insert(path, (result, d));
        } else {
            diags.append(d);
            match result {
                Ok(n) => notes.push(n),
                Err(f) => failed.push(f),
            }
        }
    }
    (notes, failed)
}

/// Parses `file` into a note; problems go to `diags` and give `Err`.
pub(crate) fn parse(file: SourceFile, diags: &mut Diagnostics) -> Result<Note, Failed> {
    let id = default_id(&file.rel_path);
    let mut kind = None;
    parse_declared(file, diags, &mut kind).ok_or(Failed { id, kind })
}

fn parse_declared(
    file: SourceFile,
    diags: &mut Diagnostics,
    declared: &mut Option<Kind>,
) -> Option<Note> {
    let path = file.rel_path.clone();
    let split = match front_matter::split(&file.text) {
        Ok(s) => s,
        Err(e) => {
            let first = file.text.lines().next().unwrap_or("").chars().count().max(1);
            let (pos, msg, hint) = match e {
                SplitError::Empty => (
                    Pos::new(1, 1, 1),
                    "note is empty",
                    "start it with front matter: a `---` line, `kind: task` (or goal, metric, ...), `title: ...`, and a closing `---`",
                ),
                SplitError::NoFrontMatter => (
                    Pos::new(1, 1, first),
                    "note has no front matter",
                    "the first line of a note must be `---`, followed by YAML with `kind:` and a closing `---` line",
                ),
                SplitError::Unclosed => (
                    Pos::new(1, 1, 3),
                    "front matter is never closed",
                    "add a line with just `---` after the last YAML line",
                ),
            };
            diags.push(Diagnostic::at(&path, &file.text, pos, msg).hint(hint));
            return None;
        }
    };
    let yaml_len = split.yaml.len();
    let body = split.body.to_string();
    // Most notes say `kind: task` plainly and parse cleanly: one typed parse then gives the
    // same note as the careful path below, which parses the YAML twice (kind first, so that a
    // note of unknown kind gets the right error). Anything else takes the careful path.
    let quick = front_matter::plain_kind(split.yaml).and_then(Kind::parse).and_then(|kind| {
        let meta = meta_of(kind, split.yaml).ok()?;
        (meta.kind_name() == kind.name()).then_some((kind, meta))
    });
    if let Some((kind, meta)) = quick {
        *declared = Some(kind);
        return finish(file, kind, meta, yaml_len, body, diags);
    }
    let kind_name = match front_matter::kind(split.yaml) {
        Ok(k) => k,
        Err(e) => {
            diags.push(yaml_diag(&file, split.yaml, &e));
            // Broken YAML: still say whether this was meant as the plan note.
            if split.yaml.lines().any(|l| l.trim_end() == "kind: plan") {
                *declared = Some(Kind::Plan);
            }
            return None;
        }
    };
    let Some(kind_name) = kind_name else {
        diags.push(
            Diagnostic::at(&path, &file.text, Pos::new(1, 1, 3), "note has no `kind:`")
                .hint(format!("add `kind:` with one of: {}", Kind::ALL.map(Kind::name).join(", "))),
        );
        return None;
    };
    let Some(kind) = Kind::parse(&kind_name) else {
        let pos = crate::locate::find(split.yaml, "kind", Some(&kind_name));
        let names = Kind::ALL.map(Kind::name);
        diags.push(
            Diagnostic::at(&path, &file.text, pos, format!("unknown kind `{kind_name}`"))
                .hint(suggest_hint(&kind_name, names.iter().copied(), "kinds")),
        );
        return None;
    };
    *declared = Some(kind);
    let yaml = split.yaml;
    let meta = meta_of(kind, yaml).map_err(|e| diags.push(yaml_diag(&file, yaml, &e))).ok()?;
    finish(file, kind, meta, yaml_len, body, diags)
}

/// The front matter parsed as the fields of `kind`.
fn meta_of(kind: Kind, yaml: &str) -> Result<Meta, YamlError> {
    use front_matter::parse;
    Ok(match kind {
        Kind::Plan => Meta::Plan(Box::new(parse(yaml)?)),
        Kind::Goal => Meta::Goal(Box::new(parse(yaml)?)),
        Kind::Task | Kind::Milestone => Meta::Task(Box::new(parse(yaml)?)),
        Kind::Metric => Meta::Metric(Box::new(parse(yaml)?)),
        Kind::Review => Meta::Review(Box::new(parse(yaml)?)),
        Kind::Risk => Meta::Risk(Box::new(parse(yaml)?)),
        Kind::Person => Meta::Person(Box::new(parse(yaml)?)),
    })
}

/// The note from its parsed front matter: its id, checked.
fn finish(
    file: SourceFile,
    kind: Kind,
    meta: Meta,
    yaml_len: usize,
    body: String,
    diags: &mut Diagnostics,
) -> Option<Note> {
    let path = &file.rel_path;
    let explicit = match &meta {
        Meta::Plan(m) => m.id.clone(),
        Meta::Goal(m) => m.id.clone(),
        Meta::Task(m) => m.id.clone(),
        Meta::Metric(m) => m.id.clone(),
        Meta::Review(m) => m.id.clone(),
        Meta::Risk(m) => m.id.clone(),
        Meta::Person(m) => m.id.clone(),
    };
    let id = explicit.unwrap_or_else(|| default_id(path));
    let note = Note { id, kind, file, yaml_len, body, meta };
    if let Some(problem) = id_problem(&note.id) {
        diags.push(
            note.diag_at("id", None, format!("id `{}` {problem}", note.id))
                .hint("ids become file names and links: use letters, digits, `-` and `_` (CJK is fine); rename the file or set `id:`"),
        );
        return None;
    }
    Some(note)
}

impl Meta {
    /// The `kind:` as written.
    fn kind_name(&self) -> &str {
        match self {
            Meta::Plan(m) => &m.kind,
            Meta::Goal(m) => &m.kind,
            Meta::Task(m) => &m.kind,
            Meta::Metric(m) => &m.kind,
            Meta::Review(m) => &m.kind,
            Meta::Risk(m) => &m.kind,
            Meta::Person(m) => &m.kind,
        }
    }
}

/// Turns a `serde_yaml` error into a diagnostic with a useful position and hint.
fn yaml_diag(file: &SourceFile, yaml: &str, e: &YamlError) -> Diagnostic {
    let text = file.text.as_str();
    let mut pos = e.pos;
    let mut hint = None;
    let mut msg = e.message.clone();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let valid: Vec<&str> = rest.split("expected one of ").nth(1).map_or_else(Vec::new, |l| {
            l.split(", ").map(|s| s.trim_matches(|c| c == '`' || c == ' ')).collect()
        });
        let valid = if valid.is_empty() {
            rest.split("expected `").nth(1).map_or_else(Vec::new, |v| vec![v.trim_end_matches('`')])
        } else {
            valid
        };
        pos.len = field.chars().count().max(1);
        hint = Some(suggest_hint(field, valid.iter().copied().filter(|v| *v != "kind"), "keys"));
        return Diagnostic::at(&file.rel_path, text, pos, format!("unknown field `{field}`"))
            .hint(hint.unwrap_or_default());
    }
    if let Some(h) = front_matter::limit_hint(&msg) {
        hint = Some(h);
    } else if msg.starts_with("duplicate entry with key")
        || msg.contains("duplicate key")
        || msg.contains("duplicate field")
    {
        let key = msg.split(['"', '`']).nth(1).unwrap_or("").to_string();
        if let Some(p) = second_key(yaml, &key, pos.line) {
            pos = p;
        }
        hint = Some(format!("remove one of the `{key}:` lines"));
    } else if let Some(field) = msg.strip_prefix("missing field `") {
        let field = field.trim_end_matches('`');
        pos = Pos::new(1, 1, 3);
        hint = Some(format!("add `{field}:` to the front matter"));
    } else if msg.contains("unknown variant") {
        let valid = msg.split("expected one of ").nth(1).or_else(|| msg.split("expected ").nth(1));
        if let Some(v) = valid {
            hint = Some(format!("valid values: {v}"));
        }
        let bad = msg.split('`').nth(1).unwrap_or("");
        pos.len = bad.chars().count().max(1);
    } else if msg.contains("invalid type") {
        hint =
            Some("check the value's type: quote text that YAML reads as a number or list".into());
    } else if msg.contains("flow sequence") || msg.contains("flow mapping") {
        hint = Some(
            "a `[...]` list or `{...}` map is not closed: check the brackets, and quote text that contains `,`, `[`, `]`, `{` or `}`".into(),
        );
    } else if let Some(kind) = value_error(&msg) {
        // Our own value errors (dates, durations, progress) are raised at the scalar, so the
        // position is right; if not, find the quoted value after the reported line.
        let on_line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
        if let Some(token) = msg.split('`').nth(1).filter(|t| !on_line.contains(*t)) {
            if let Some(p) = crate::locate::find_value(yaml, token, pos.line) {
                pos = p;
            }
        }
        pos.len = scalar_len(text, pos);
        // "start: invalid date `x`: write ..." -> message "start: invalid date `x`", hint the rest.
        if let Some(i) = msg.find("`: ") {
            hint = Some(msg[i + 3..].to_string());
            msg.truncate(i + 1);
        } else {
            hint = Some(kind.to_string());
        }
    } else {
        hint = Some("fix the YAML syntax: check indentation, colons and quotes".into());
    }
    let d = Diagnostic::at(&file.rel_path, text, pos, msg);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// For a value error raised by our own deserializers (after `serde_yaml`'s `field: ` prefix), the
/// hint to give when the message carries none.
fn value_error(msg: &str) -> Option<&'static str> {
    let rest = msg.split_once(": ").map_or(msg, |(_, r)| r);
    if rest.starts_with("invalid date") {
        Some("write a real calendar date as YYYY-MM-DD")
    } else if rest.starts_with("invalid duration") {
        Some("write workdays like `5d` or weeks like `2w`")
    } else if rest.starts_with("duration `") {
        Some("split the work into several tasks, or check the number for a typo")
    } else if rest.starts_with("holiday range") {
        Some("write the earlier date first, like `2026-10-01..2026-10-07`")
    } else if rest.starts_with("must be between 0 and 100") {
        Some("progress is the percent of the work done: a number from 0 to 100, without `%`")
    } else if rest.starts_with("number must be finite and at most") {
        Some(
            "jindu keeps numbers within ±10^15 so that sums and charts stay exact: check for a typo, or count in a larger unit (thousands, millions)",
        )
    } else if rest.starts_with("number must be finite") {
        Some("`.inf` and `.nan` cannot be charted or compared: write a plain number such as 3.5")
    } else {
        None
    }
}

/// Width in characters of the YAML scalar starting at `pos` (quoted, or plain up to the next
/// flow indicator or comment).
fn scalar_len(text: &str, pos: Pos) -> usize {
    let line = text.lines().nth(pos.line.saturating_sub(1)).unwrap_or("");
    let rest: Vec<char> = line.chars().skip(pos.col.saturating_sub(1)).collect();
    let n = if let Some(q @ ('"' | '\'')) = rest.first() {
        rest.iter().skip(1).position(|c| c == q).map_or(rest.len(), |i| i + 2)
    } else {
        let mut n = 0;
        while n < rest.len()
            && !",]}".contains(rest[n])
            && !(rest[n] == '#' && n > 0 && rest[n - 1] == ' ')
        {
            n += 1;
        }
        rest[..n].iter().rev().skip_while(|c| c.is_whitespace()).count()
    };
    n.max(1)
}

/// The second `key:` line at the same indentation after the mapping starting at `from_line`.
fn second_key(text: &str, key: &str, from_line: usize) -> Option<Pos> {
    let mut seen = 0;
    for (i, line) in text.lines().enumerate().skip(from_line.saturating_sub(1)) {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')) {
            seen += 1;
            if seen == 2 {
                let col = line.chars().count() - trimmed.chars().count() + 1;
                return Some(Pos::new(i + 1, col, key.chars().count()));
            }
        }
    }
    None
}

/// "did you mean `x`?" plus the list of valid names.
pub(crate) fn suggest_hint<'a>(
    got: &str,
    valid: impl Iterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    let list: Vec<String> = valid.clone().map(|v| format!("`{v}`")).collect();
    match closest(got, valid) {
        Some(best) => format!("did you mean `{best}`? valid {what}: {}", list.join(", ")),
        None => format!("valid {what}: {}", list.join(", ")),
    }
}

/// The candidate closest to `got`, if any is close enough to be a likely typo.
pub(crate) fn closest<'a>(got: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(got, c);
        if score > 0.8 && best.is_none_or(|(s, b)| score > s || (score >= s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// The id a file gets when it sets none: its stem, or its folder's name for `index.md`.
fn default_id(rel_path: &str) -> String {
    let mut parts: Vec<&str> = rel_path.split('/').collect();
    let file = parts.pop().unwrap_or("");
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if stem == "index" {
        if let Some(dir) = parts.pop() {
            return dir.to_string();
        }
    }
    stem.to_string()
}

/// Why an id cannot be a file name and link, if it cannot.
fn id_problem(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        Some("is empty")
    } else if id.chars().count() > 120 {
        Some("is longer than 120 characters")
    } else if id.starts_with('.') {
        Some("starts with `.`")
    } else if id
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "/\\?#%:*\"<>|[]{}".contains(c))
    {
        Some("contains spaces or characters that cannot appear in a file name or link")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    #[test]
    fn default_ids() {
        assert_eq!(default_id("traffic/index.md"), "traffic");
        assert_eq!(default_id("traffic/ads.md"), "ads");
        assert_eq!(default_id("index.md"), "index");
        assert_eq!(default_id("目标/流量/index.md"), "流量");
    }

    #[test]
    fn the_cache_reuses_unchanged_notes_and_parses_changed_ones() {
        let file = |name: &str, text: &str| SourceFile {
            rel_path: format!("{name}.md"),
            abs_path: std::path::PathBuf::from(format!("/plan/{name}.md")),
            text: text.to_string(),
        };
        let a = "---\nkind: task\ntitle: A\n---\n";
        let b = "---\nkind: task\ntitle: B\n---\n";
        let broken = "---\nkind: task\ntitel: B\n---\n";
        let titles = |notes: &[Arc<Note>]| -> Vec<String> {
            notes
                .iter()
                .map(|n| match &n.meta {
                    Meta::Task(m) => m.title.clone(),
                    _ => String::new(),
                })
                .collect()
        };
        let mut cache = NoteCache::keeping();
        let mut d = Diagnostics::default();
        let (notes, _) = parse_all_cached(vec![file("a", a), file("b", b)], &mut d, &mut cache);
        assert_eq!(titles(&notes), ["A", "B"]);
        // `b` breaks: reparsed, with its error; `a` comes from the cache.
        let mut d = Diagnostics::default();
        let (notes, failed) =
            parse_all_cached(vec![file("a", a), file("b", broken)], &mut d, &mut cache);
        assert_eq!(titles(&notes), ["A"]);
        assert_eq!(failed.len(), 1);
        assert!(d.render().contains("titel"), "{}", d.render());
        // Fixed again, and a file gone: the same as parsing from scratch.
        let mut d = Diagnostics::default();
        let (notes, failed) = parse_all_cached(vec![file("b", b)], &mut d, &mut cache);
        assert_eq!((titles(&notes), failed.len()), (vec!["B".to_string()], 0));
        assert!(d.is_empty());
        assert_eq!(cache.by_path.len(), 1, "the cache holds only the files of the last run");
    }

    #[test]
    fn closest_names() {
        let c = ["influencers", "ads", "landing-page"];
        assert_eq!(closest("influencer", c.iter().copied()), Some("influencers"));
        assert_eq!(closest("zzz", c.iter().copied()), None);
    }

    /// Our limits on YAML (alias expansion, nesting) name the limit in their hint, instead of
    /// the generic advice about syntax.
    #[test]
    fn yaml_limits_get_their_own_hint() {
        let mut bomb =
            String::from("---\nkind: task\ntitle: t\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            let _ = writeln!(bomb, "a{i}: &a{i} [{refs}]");
        }
        bomb.push_str("tags: *a9\n---\n");
        let mut block = String::from("---\nkind: task\ntitle: t\nraci:\n");
        for i in 1..=200 {
            let _ = writeln!(block, "{}a:", "  ".repeat(i));
        }
        let _ = write!(block, "{}x\n---\n", "  ".repeat(201));
        let flow =
            format!("---\nkind: task\ntitle: t\ntags: {}{}\n---\n", "[".repeat(70), "]".repeat(70));
        for (text, message, hint) in [
            (
                bomb,
                "YAML aliases (`*name`) expand to too much data",
                "write the values out, or alias only small anchors",
            ),
            (block, "YAML is nested more than 128 levels deep", "flatten the value"),
            (flow, "YAML is nested more than 64 levels deep", "flatten the value"),
        ] {
            let file = SourceFile { rel_path: "t.md".into(), abs_path: "t.md".into(), text };
            let mut diags = Diagnostics::default();
            assert!(parse(file, &mut diags).is_err());
            let report = diags.render();
            assert!(report.starts_with(&format!("error: {message}\n")), "{report}");
            assert!(report.contains("--> t.md:"), "{report}");
            assert!(report.contains(hint), "{report}");
            assert!(!report.contains("fix the YAML syntax"), "{report}");
        }
    }

    #[test]
    fn ids_must_be_path_safe() {
        assert!(id_problem("ad-roi").is_none());
        assert!(id_problem("投放广告").is_none());
        for bad in ["", "a b", "a/b", ".x", "a#b", "a%b"] {
            assert!(id_problem(bad).is_some(), "{bad}");
        }
    }
}
