//! Splits a note into YAML front matter and Markdown body; the only module that uses `serde_yaml`.

use crate::diag::Pos;
use serde::de::DeserializeOwned;

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
    serde_yaml::from_str::<T>(yaml).map_err(|e| {
        let pos = e.location().map_or(Pos::new(1, 1, 3), |l| Pos::new(l.line(), l.column(), 1));
        let (message, inner) = strip_location(&e.to_string());
        // "..., while parsing a flow sequence at line 3 column 8": the opening bracket is the
        // place to fix, not the end of the block where the parser gave up.
        let pos = match inner.last() {
            Some(p) if message.contains("while parsing") => *p,
            _ => pos,
        };
        YamlError { pos, message }
    })
}

/// Reads only the `kind:` of a note, ignoring every other field.
pub(crate) fn kind(yaml: &str) -> Result<Option<String>, YamlError> {
    #[derive(serde::Deserialize)]
    struct KindOnly {
        kind: Option<serde_yaml::Value>,
    }
    match serde_yaml::from_str::<Option<KindOnly>>(yaml) {
        Ok(Some(k)) => Ok(k.kind.map(|v| match v {
            serde_yaml::Value::String(s) => s,
            other => serde_yaml::to_string(&other).unwrap_or_default().trim().to_string(),
        })),
        Ok(None) => Ok(None),
        Err(_) => parse::<serde_yaml::Value>(yaml).map(|_| None),
    }
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
    fn kind_is_read_alone() {
        assert_eq!(kind("---\nkind: goal\ntitle: x\n").unwrap(), Some("goal".into()));
        assert_eq!(kind("---\ntitle: x\n").unwrap(), None);
        assert!(kind("---\ntitle: [\n").is_err());
    }
}
