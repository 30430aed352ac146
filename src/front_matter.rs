//! Splits a note into YAML front matter and Markdown body; the only module that uses `serde_yaml`.

use crate::diag::Pos;
use serde::de::DeserializeOwned;

mod plain;

/// A note split at its fences. `yaml` starts with the opening `---` line so that the YAML
/// parser's line numbers equal the file's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split<'a> {
    /// The front matter including the opening fence line.
    pub yaml: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

/// Why a note could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The file is empty or only whitespace.
    Empty,
    /// The first line is not `---`.
    NoFrontMatter,
    /// The opening fence has no closing fence.
    Unclosed,
}

/// Splits `text` (already BOM-free and LF) at the `---` fences.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::NoFrontMatter);
    }
    let mut offset = (first_end + 1).min(text.len());
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split { yaml: &text[..offset], body: &text[body_start..] });
        }
        offset = end + 1;
    }
    Err(SplitError::Unclosed)
}

/// A YAML problem at a file position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    /// Where `serde_yaml` saw it (file line, since the fence is included).
    pub pos: Pos,
    /// `serde_yaml`'s message without its location suffix.
    pub message: String,
}

/// Deserialises the front matter into `T`.
pub(crate) fn parse<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    // Plain front matter is read without the YAML parser; when that value does not make a
    // `T`, the YAML parser reads the text again for its own message and position.
    if let Some(v) = plain::value(yaml).and_then(|v| T::deserialize(v).ok()) {
        return Ok(v);
    }
    too_deep(yaml)?;
    if yaml.contains('*') {
        // It may use aliases: bound what they expand to before a typed parse expands them.
        walk(yaml)?;
    }
    serde_yaml::from_str::<T>(yaml).map_err(|e| yaml_error(&e))
}

/// Our form of a `serde_yaml` error: the position that helps most, the message without it.
fn yaml_error(e: &serde_yaml::Error) -> YamlError {
    let pos = e.location().map_or(Pos::new(1, 1, 3), |l| Pos::new(l.line(), l.column(), 1));
    let (message, inner) = strip_location(&e.to_string());
    // An alias bomb ("billion laughs"), stopped by serde_yaml or by `kind`'s walk (whose
    // message serde_yaml prefixes with the path of the value it was expanding).
    let message = if message == "repetition limit exceeded" || message.ends_with(ALIAS_BOMB) {
        ALIAS_BOMB.to_string()
    } else if message.ends_with("recursion limit exceeded") {
        format!("YAML is nested more than {MAX_DEPTH} levels deep")
    } else {
        message
    };
    // "..., while parsing a flow sequence at line 3 column 8": the opening bracket is the
    // place to fix, not the end of the block where the parser gave up.
    let pos = match inner.last() {
        Some(p) if message.contains("while parsing") => *p,
        _ => pos,
    };
    YamlError { pos, message }
}

const ALIAS_BOMB: &str = "YAML aliases (`*name`) expand to too much data";

/// The hint for an error that is one of our limits on YAML (alias expansion, nesting): which
/// limit, why it is there, and what to write instead; `None` for other errors.
pub(crate) fn limit_hint(message: &str) -> Option<String> {
    if message == ALIAS_BOMB {
        Some(format!(
            "with aliases expanded, front matter may hold one value per byte of its text plus {EXTRA_VALUES}, so that a small note cannot take minutes and gigabytes to read (an \"alias bomb\"): write the values out, or alias only small anchors"
        ))
    } else if message.starts_with("YAML is nested more than") {
        Some(format!(
            "front matter needs a few levels at most (a list of maps); jindu stops at {MAX_FLOW_DEPTH} levels of `[` and `{{` and {MAX_DEPTH} levels in all, as deeper nesting stalls the YAML parser: flatten the value, or close the brackets left open"
        ))
    } else {
        None
    }
}

/// Values a note may hold once aliases are expanded, beyond one per byte of its text.
const EXTRA_VALUES: usize = 100_000;

/// The value of a top-level `kind: word` line (lowercase letters only, the line written
/// once), read without a YAML parse; `None` for anything less plain.
pub(crate) fn plain_kind(yaml: &str) -> Option<&str> {
    let mut found = None;
    for line in yaml.lines() {
        if let Some(rest) = line.strip_prefix("kind:") {
            let word = rest.trim();
            if found.is_some() || word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
                return None;
            }
            found = Some(word);
        }
    }
    found
}

/// Reads only the `kind:` of a note. It also walks the whole document once, counting values
/// with aliases expanded, so that a note whose aliases expand to far more than its text (an
/// "alias bomb", whose cost grows with the square of its size) is refused before any typed
/// parse expands it.
pub(crate) fn kind(yaml: &str) -> Result<Option<String>, YamlError> {
    too_deep(yaml)?;
    walk(yaml)
}

/// Walks the whole document with a budget of values (see `kind`); returns the top-level `kind`.
fn walk(yaml: &str) -> Result<Option<String>, YamlError> {
    let budget = std::cell::Cell::new(yaml.len() + EXTRA_VALUES);
    let top = Walk { budget: &budget, capture: Capture::TopKind };
    match serde::de::DeserializeSeed::deserialize(top, serde_yaml::Deserializer::from_str(yaml)) {
        Ok(kind) => Ok(kind),
        Err(e) => Err(yaml_error(&e)),
    }
}

/// What a `Walk` keeps of the value it walks.
#[derive(Clone, Copy)]
enum Capture {
    /// Nothing.
    Nothing,
    /// The scalar as text (a mapping key, or the value of `kind`).
    Text,
    /// The value of the top-level mapping's `kind` key.
    TopKind,
}

/// Visits every value of a YAML document (aliases replayed), spending one unit of `budget`
/// per value.
#[derive(Clone, Copy)]
struct Walk<'b> {
    budget: &'b std::cell::Cell<usize>,
    capture: Capture,
}

impl Walk<'_> {
    fn spend<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(ALIAS_BOMB)),
        }
    }

    fn with(self, capture: Capture) -> Self {
        Walk { capture, ..self }
    }

    fn text<E: serde::de::Error>(&self, t: impl FnOnce() -> String) -> Result<Option<String>, E> {
        self.spend()?;
        Ok(match self.capture {
            Capture::Text => Some(t()),
            Capture::Nothing | Capture::TopKind => None,
        })
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_> {
    type Value = Option<String>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Walk<'_> {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.text(|| v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.text(|| v.to_string())
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.text(|| v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.text(|| v.to_string())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.text(|| v.to_string())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.spend()?;
        Ok(None)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        // A tagged value (`!tag x`): walk the tag and its content.
        use serde::de::VariantAccess as _;
        self.spend()?;
        let (_, variant) = data.variant_seed(self.with(Capture::Nothing))?;
        variant.newtype_variant_seed(self.with(Capture::Nothing))?;
        Ok(self.capture.is_text().then(|| "!tagged".to_string()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        self.spend()?;
        while seq.next_element_seed(self.with(Capture::Nothing))?.is_some() {}
        Ok(self.capture.is_text().then(|| "[...]".to_string()))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        self.spend()?;
        let mut kind = None;
        let top = matches!(self.capture, Capture::TopKind);
        while let Some(key) = map.next_key_seed(self.with(Capture::Text))? {
            let is_kind = top && kind.is_none() && key.as_deref() == Some("kind");
            let value = map.next_value_seed(self.with(if is_kind {
                Capture::Text
            } else {
                Capture::Nothing
            }))?;
            if is_kind {
                kind = Some(value);
            }
        }
        Ok(match self.capture {
            Capture::TopKind => kind.flatten(),
            Capture::Text => Some("{...}".to_string()),
            Capture::Nothing => None,
        })
    }
}

impl Capture {
    fn is_text(self) -> bool {
        matches!(self, Capture::Text)
    }
}

/// Deepest nesting of any kind: `serde_yaml`'s recursion limit, which it reports as "recursion
/// limit exceeded".
const MAX_DEPTH: usize = 128;

/// Deepest nesting of `[` and `{` accepted. The YAML scanner slows down with the square of the
/// depth (10,000 levels take seconds) and deserialising stops at 128 levels anyway.
const MAX_FLOW_DEPTH: usize = 64;

/// Refuses front matter whose flow collections nest deeper than `MAX_FLOW_DEPTH`, before the
/// YAML parser sees it. Brackets in quoted text and comments do not count.
fn too_deep(yaml: &str) -> Result<(), YamlError> {
    // Nesting deeper than the limit needs more opening brackets than it: most front matter
    // has a handful, and counting bytes is cheaper than following quotes and comments.
    if yaml.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= MAX_FLOW_DEPTH {
        return Ok(());
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    let mut chars = yaml.char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') if matches!(prev, ' ' | ':' | '\n' | '-' | ',' | '[' | '{') => {
                quote = Some(c);
            }
            (None, '#') if prev.is_whitespace() => {
                let rest = &yaml[i..];
                let skip = rest.find('\n').unwrap_or(rest.len());
                for _ in rest[..skip].chars().skip(1) {
                    chars.next();
                }
            }
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(YamlError {
                        pos: Pos::of_offset(yaml, i, 1),
                        message: format!("YAML is nested more than {MAX_FLOW_DEPTH} levels deep"),
                    });
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    Ok(())
}

/// Removes every ` at line N column M` of a `serde_yaml` message (we show positions ourselves)
/// and returns the positions found, in order.
fn strip_location(msg: &str) -> (String, Vec<Pos>) {
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let mut out = String::new();
    let mut found = Vec::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        let after_line = &rest[i + " at line ".len()..];
        let n = digits(after_line);
        let parsed = after_line[n..].strip_prefix(" column ").map(|after_col| {
            let m = digits(after_col);
            (
                after_line[..n].parse().unwrap_or(1),
                after_col[..m].parse().unwrap_or(1),
                &after_col[m..],
            )
        });
        if let Some((line, col, tail)) = parsed {
            out.push_str(&rest[..i]);
            found.push(Pos::new(line, col, 1));
            rest = tail;
        } else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// `T` from the plain reading of `yaml`, when there is one, equals `T` read by `serde_yaml`.
    fn same_either_way<T: DeserializeOwned + std::fmt::Debug>(yaml: &str, path: &str) -> bool {
        let Some(fast) = plain::value(yaml).and_then(|v| T::deserialize(v).ok()) else {
            return false;
        };
        let slow = serde_yaml::from_str::<T>(yaml).map(|t| format!("{t:?}"));
        assert_eq!(Ok(format!("{fast:?}")), slow.map_err(|e| e.to_string()), "{path}");
        true
    }

    /// Every note of the example plan and the test fixtures reads the same with and without
    /// the YAML parser (or is left to it), and most are read without it.
    #[test]
    fn notes_read_the_same_without_the_yaml_parser() {
        use crate::meta::{
            GoalMeta, MetricMeta, PersonMeta, PlanMeta, ReviewMeta, RiskMeta, TaskMeta,
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut notes, mut plain_notes) = (0, 0);
        for dir in ["example-plan", "tests/fixtures"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let entry = entry.unwrap();
                let path = entry.path().display().to_string();
                if !path.ends_with(".md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
                let Ok(split) = split(&text) else { continue };
                let yaml = split.yaml;
                notes += 1;
                let plain = match plain_kind(yaml) {
                    Some("plan") => same_either_way::<PlanMeta>(yaml, &path),
                    Some("goal") => same_either_way::<GoalMeta>(yaml, &path),
                    Some("task" | "milestone") => same_either_way::<TaskMeta>(yaml, &path),
                    Some("metric") => same_either_way::<MetricMeta>(yaml, &path),
                    Some("review") => same_either_way::<ReviewMeta>(yaml, &path),
                    Some("risk") => same_either_way::<RiskMeta>(yaml, &path),
                    Some("person") => same_either_way::<PersonMeta>(yaml, &path),
                    _ => false,
                };
                plain_notes += usize::from(plain);
            }
        }
        assert!(plain_notes * 2 > notes, "{plain_notes} of {notes} notes read plainly");
    }

    #[test]
    fn splits_at_fences_and_counts_body_line() {
        let s = split("---\nkind: task\n---\n# Hi\n").unwrap();
        assert_eq!(s.yaml, "---\nkind: task\n");
        assert_eq!(s.body, "# Hi\n");
    }

    #[test]
    fn split_errors() {
        assert_eq!(split("").unwrap_err(), SplitError::Empty);
        assert_eq!(split("  \n").unwrap_err(), SplitError::Empty);
        assert_eq!(split("# title\n").unwrap_err(), SplitError::NoFrontMatter);
        assert_eq!(split("---\nkind: task\n").unwrap_err(), SplitError::Unclosed);
    }

    #[test]
    fn split_without_trailing_newline() {
        let s = split("---\nkind: plan\n---").unwrap();
        assert_eq!(s.body, "");
    }

    #[test]
    fn yaml_errors_carry_file_lines() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            kind: String,
            owner: Option<String>,
        }
        let e = parse::<T>("---\nkind: task\nowenr: x\n").unwrap_err();
        assert_eq!(e.pos.line, 3);
        assert_eq!(e.pos.col, 1);
        assert!(e.message.starts_with("unknown field `owenr`"), "{}", e.message);
        let e = parse::<T>("---\nkind: task\nowner: [x\n").unwrap_err();
        assert!(e.pos.line >= 3, "{e:?}");
    }

    #[test]
    fn locations_are_stripped_anywhere() {
        let s = |m: &str| strip_location(m).0;
        assert_eq!(
            s("bad at line 4 column 1, while parsing x at line 3 column 8"),
            "bad, while parsing x"
        );
        assert_eq!(s("bad at line 4 column 12"), "bad");
        assert_eq!(s("at line of fire"), "at line of fire");
        assert_eq!(
            strip_location("a at line 4 column 1, b at line 3 column 8").1[1],
            Pos::new(3, 8, 1)
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("---\ntags: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let started = std::time::Instant::now();
        let e = parse::<serde_yaml::Value>(&deep).unwrap_err();
        assert!(started.elapsed().as_millis() < 500, "took {:?}", started.elapsed());
        assert_eq!((e.pos.line, e.pos.col), (2, 71), "{e:?}");
        assert!(e.message.contains("nested more than 64 levels"), "{}", e.message);
        assert!(kind(&deep).is_err());
        // Brackets in quotes and comments are text.
        let quoted =
            format!("---\ntitle: '{0}'\nx: \"{0}\\\"\" # {0}\ny: [a, \"]\"]\n", "[".repeat(100));
        assert!(parse::<serde_yaml::Value>(&quoted).is_ok(), "{quoted}");
        let nested = |n: usize| format!("---\nx: {}{}\n", "[".repeat(n), "]".repeat(n));
        assert!(parse::<serde_yaml::Value>(&nested(60)).is_ok());
        assert!(parse::<serde_yaml::Value>(&nested(64)).is_ok());
        assert!(parse::<serde_yaml::Value>(&nested(65)).is_err());
    }

    #[test]
    fn nesting_limits_are_named_with_a_hint() {
        let flow = format!("---\ntags: {}{}\n", "[".repeat(100), "]".repeat(100));
        let e = parse::<serde_yaml::Value>(&flow).unwrap_err();
        assert_eq!(e.message, "YAML is nested more than 64 levels deep");
        // Block nesting is not counted by `too_deep`; serde_yaml stops it at 128 levels.
        let mut block = String::from("---\nraci:\n");
        for i in 1..=200 {
            let _ = writeln!(block, "{}a:", "  ".repeat(i));
        }
        let _ = writeln!(block, "{}x", "  ".repeat(201));
        for e in [parse::<serde_yaml::Value>(&block).unwrap_err(), kind(&block).unwrap_err()] {
            assert_eq!(e.message, "YAML is nested more than 128 levels deep", "{e:?}");
            assert!(e.pos.line > 100, "{e:?}");
        }
        let hint = limit_hint("YAML is nested more than 128 levels deep").unwrap();
        assert!(hint.contains("64 levels of `[` and `{` and 128 levels in all"), "{hint}");
        assert_eq!(limit_hint("did not find expected key"), None);
    }

    #[test]
    fn alias_bombs_stop_with_a_clear_message() {
        let mut y =
            String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            y = format!("{y}a{i}: &a{i} [{refs}]\n");
        }
        let e = kind(&y).unwrap_err();
        assert!(e.message.contains("aliases"), "{}", e.message);
        // Few aliases of one large anchor: the cost grows with the square of the note's size.
        let n = 20_000;
        let quadratic =
            format!("---\n- &a [{}]\n- [{}]\n", vec!["x"; n].join(","), vec!["*a"; n].join(","));
        let started = std::time::Instant::now();
        let e = kind(&quadratic).unwrap_err();
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
        assert_eq!(e.message, ALIAS_BOMB);
        assert!(e.pos.line == 2 || e.pos.line == 3, "{e:?}");
        // A typed parse is guarded too (an untagged enum buffers every alias it meets).
        let typed = format!(
            "---\nkind: metric\nx: &a [{}]\ntarget: [{}]\n",
            vec!["1"; n].join(","),
            vec!["*a"; n].join(",")
        );
        let started = std::time::Instant::now();
        let e = parse::<serde_yaml::Value>(&typed).unwrap_err();
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
        assert_eq!(e.message, ALIAS_BOMB);
        assert!(limit_hint(&e.message).is_some_and(|h| h.contains("alias only small anchors")));
        // Aliases that stay small are fine.
        let ok = "---\nkind: task\nowner: &o maya\nraci: {accountable: *o}\n";
        assert_eq!(kind(ok).unwrap(), Some("task".into()));
    }

    #[test]
    fn kind_is_read_alone() {
        assert_eq!(kind("---\nkind: goal\ntitle: x\n").unwrap(), Some("goal".into()));
        assert_eq!(kind("---\ntitle: x\n").unwrap(), None);
        assert!(kind("---\ntitle: [\n").is_err());
        assert_eq!(kind("---\nkind: 5\n").unwrap(), Some("5".into()));
        assert_eq!(kind("---\nkind: [a]\n").unwrap(), Some("[...]".into()));
        assert_eq!(kind("---\nkind: ~\n").unwrap(), None);
        assert_eq!(kind("---\n").unwrap(), None);
        assert_eq!(kind("---\n- a\n").unwrap(), None);
        assert_eq!(kind("---\nx: {kind: task}\n").unwrap(), None);
        assert_eq!(kind("---\nkind: task\nkind: goal\n").unwrap(), Some("task".into()));
    }
}
