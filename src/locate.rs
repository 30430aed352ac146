//! Finds where a key or a value sits in a note's front matter, for diagnostics after parsing.

use crate::diag::Pos;

/// The position of top-level `key:` in `yaml` (which starts at file line 1), and of `value`
/// inside it when given and found (on the key's line or in its indented block).
pub(crate) fn find(yaml: &str, key: &str, value: Option<&str>) -> Pos {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(start) = lines.iter().position(|l| is_key_line(l, key)) else {
        return Pos::new(1, 1, 3);
    };
    let key_pos = Pos::new(start + 1, 1, key.chars().count());
    let Some(value) = value.filter(|v| !v.is_empty()) else { return key_pos };
    let first = &lines[start][key.len() + 1..];
    if let Some(col) = find_token(first, value) {
        return Pos::new(start + 1, key.len() + 2 + col, value.chars().count());
    }
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        if !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
            break;
        }
        if let Some(col) = find_token(line, value) {
            return Pos::new(i + 1, col + 1, value.chars().count());
        }
    }
    key_pos
}

/// The first place at or after `from_line` where `value` stands as a whole word.
pub(crate) fn find_value(yaml: &str, value: &str, from_line: usize) -> Option<Pos> {
    yaml.lines().enumerate().skip(from_line.saturating_sub(1)).find_map(|(i, line)| {
        find_token(line, value).map(|col| Pos::new(i + 1, col + 1, value.chars().count()))
    })
}

fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
        || line.strip_prefix(&format!("\"{key}\"")).is_some_and(|r| r.starts_with(':'))
}

/// Character column (0-based) of `value` in `line`, not inside a longer word.
fn find_token(line: &str, value: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = line[from..].find(value) {
        let at = from + i;
        let before = line[..at].chars().next_back();
        let after = line[at + value.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !word(before) && !word(after) {
            return Some(line[..at].chars().count());
        }
        from = at + value.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "---\nkind: task\ntitle: Brief influencers\ndepends: [brief, ads-setup +2d]\nraci:\n  consulted:\n    - li-wei\n";

    #[test]
    fn finds_keys_and_values() {
        assert_eq!(find(YAML, "title", None), Pos::new(3, 1, 5));
        assert_eq!(find(YAML, "depends", Some("ads-setup")), Pos::new(4, 18, 9));
        assert_eq!(find(YAML, "depends", Some("brief")), Pos::new(4, 11, 5));
        assert_eq!(find(YAML, "raci", Some("li-wei")), Pos::new(7, 7, 6));
        assert_eq!(find(YAML, "missing", None), Pos::new(1, 1, 3));
    }
}
