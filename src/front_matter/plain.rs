//! Reads plain front matter without the YAML parser: `key: value` lines, short lists, a few
//! levels of nesting, plain and simply quoted text, whole numbers, `true` and `false`. That is
//! nearly every task note, and the YAML parser spent about 100,000 instructions on each (a
//! sixth of a build). Anything beyond the subset, or any doubt about how YAML would read a
//! scalar, leaves the note to `serde_yaml`, which reads everything accepted here to the same
//! value.

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{Deserializer, IntoDeserializer, Visitor};

/// A YAML value as read here, borrowing its text from the note.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value<'a> {
    Null,
    Bool(bool),
    Int(u64),
    Text(&'a str),
    List(Vec<Value<'a>>),
    Map(Vec<(&'a str, Value<'a>)>),
}

/// Deepest block nesting read here (a task's `raci:` is 2).
const MAX_DEPTH: usize = 4;

/// Words YAML may read as something other than text (null, booleans, infinities), in any case.
const SPECIAL: [&str; 14] = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "nan", "infinity",
    ".inf",
];

/// The YAML value of front matter `yaml` (which starts with its `---` line), or `None` when it
/// is not plain enough to be sure of it.
pub(super) fn value(yaml: &str) -> Option<Value<'_>> {
    let body = yaml.strip_prefix("---\n")?;
    if !clean(body) {
        return None;
    }
    let lines: Vec<Line<'_>> = body
        .lines()
        .filter_map(|l| {
            let text = l.trim_end_matches(' ');
            let indent = text.len() - text.trim_start_matches(' ').len();
            let text = &text[indent..];
            (!text.is_empty() && !text.starts_with('#')).then_some(Line { indent, text })
        })
        .collect();
    if lines.is_empty() || lines[0].indent != 0 {
        return None;
    }
    let mut at = 0;
    let map = mapping(&lines, &mut at, 0, 0)?;
    (at == lines.len()).then_some(map)
}

/// A line with something on it: its indentation and the rest.
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

/// No tabs, carriage returns, or characters YAML refuses or reads as line breaks.
fn clean(text: &str) -> bool {
    if text.is_ascii() {
        return text.bytes().all(|b| b == b'\n' || (b' '..0x7f).contains(&b));
    }
    text.chars().all(|c| {
        c == '\n'
            || (' '..='~').contains(&c)
            || (c > '\u{a0}'
                && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
    })
}

/// The block mapping whose keys sit at `indent`, from line `at` on.
fn mapping<'a>(
    lines: &[Line<'a>],
    at: &mut usize,
    indent: usize,
    depth: usize,
) -> Option<Value<'a>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut map: Vec<(&str, Value<'_>)> = Vec::new();
    while let Some(line) = lines.get(*at).filter(|l| l.indent == indent) {
        let (key, rest) = key_of(line.text)?;
        *at += 1;
        let value = if rest.is_empty() {
            match lines.get(*at) {
                Some(next) if next.indent > indent => block(lines, at, next.indent, depth + 1)?,
                Some(next) if next.indent == indent && is_item(next.text) => {
                    sequence(lines, at, indent)?
                }
                _ => Value::Null,
            }
        } else {
            let v = inline(rest)?;
            // A scalar continued on more indented lines.
            if lines.get(*at).is_some_and(|next| next.indent > indent) {
                return None;
            }
            v
        };
        if duplicate(&map, key) {
            return None;
        }
        map.push((key, value));
    }
    Some(Value::Map(map))
}

/// Most keys a map read here may have: keys are checked for repeats one by one, and no note
/// has this many (a note that does goes to the YAML parser, which checks them by hash).
const MAX_KEYS: usize = 64;

/// Whether `key` is already in `map`, or the map has too many keys to check this way.
fn duplicate(map: &[(&str, Value<'_>)], key: &str) -> bool {
    map.len() >= MAX_KEYS || map.iter().any(|(k, _)| *k == key)
}

/// The block (a mapping or a list) at `indent`, from line `at` on.
fn block<'a>(lines: &[Line<'a>], at: &mut usize, indent: usize, depth: usize) -> Option<Value<'a>> {
    if is_item(lines[*at].text) {
        sequence(lines, at, indent)
    } else {
        mapping(lines, at, indent, depth)
    }
}

fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// A block list of scalars and one-line lists at `indent`.
fn sequence<'a>(lines: &[Line<'a>], at: &mut usize, indent: usize) -> Option<Value<'a>> {
    let mut items = Vec::new();
    while let Some(line) = lines.get(*at).filter(|l| l.indent == indent && is_item(l.text)) {
        let item = line.text[1..].trim_start_matches(' ');
        if item.is_empty() {
            return None;
        }
        items.push(inline(item)?);
        *at += 1;
        if lines.get(*at).is_some_and(|next| next.indent > indent) {
            return None;
        }
    }
    Some(Value::List(items))
}

/// `key:` and what follows it on the line (trimmed), for a key of letters, digits, `_` and `-`.
fn key_of(text: &str) -> Option<(&str, &str)> {
    let end = text.find(':')?;
    let (key, rest) = (&text[..end], &text[end + 1..]);
    let word = key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let starts = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_');
    if !word || !starts || special(key) || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// A value written on its key's line: a one-line list or map of scalars, or a scalar.
fn inline(text: &str) -> Option<Value<'_>> {
    let within = |open: char, close: char| {
        let inner = text.strip_prefix(open)?.strip_suffix(close)?;
        let nested = inner.contains(['[', ']', '{', '}']);
        let items = (!inner.trim_matches(' ').is_empty()).then(|| inner.split(','));
        (!nested).then(|| items.into_iter().flatten().map(|item| item.trim_matches(' ')))
    };
    match text.as_bytes().first() {
        Some(b'[') => {
            within('[', ']')?.map(|item| scalar(item, true)).collect::<Option<_>>().map(Value::List)
        }
        Some(b'{') => {
            let mut map: Vec<(&str, Value<'_>)> = Vec::new();
            for entry in within('{', '}')? {
                let (key, value) = key_of(entry)?;
                if duplicate(&map, key) {
                    return None;
                }
                map.push((key, scalar(value, true)?));
            }
            Some(Value::Map(map))
        }
        _ => scalar(text, false),
    }
}

/// A scalar: simply quoted text (no escapes), or a plain scalar YAML is sure to read as text,
/// a whole number, `true` or `false`. `in_list` for an item of a one-line list.
fn scalar(text: &str, in_list: bool) -> Option<Value<'_>> {
    let quoted = |q: char| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        let escapes = inner.contains(q) || (q == '"' && inner.contains('\\'));
        (!escapes).then_some(Value::Text(inner))
    };
    let first = text.chars().next()?;
    match first {
        '\'' | '"' => return quoted(first),
        c if !(c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '(') || !c.is_ascii()) => {
            return None;
        }
        _ => {}
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return None;
    }
    if in_list && text.contains([':', ',', '[', ']', '{', '}']) {
        return None;
    }
    match text {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ if special(text) => return None,
        _ => {}
    }
    if first.is_ascii_digit() {
        if text.bytes().all(|b| b.is_ascii_digit()) {
            // Whole numbers as YAML reads them; a leading zero (`007`) YAML reads as text.
            let whole = text == "0" || (!text.starts_with('0') && text.len() <= 18);
            return whole.then(|| text.parse::<u64>().ok()).flatten().map(Value::Int);
        }
        // Anything Rust or YAML might read as a number (`1.5`, `1e3`, `0x1F`) is left to
        // YAML; the rest (`5d`, `60%`, `2026-11-27`) is text.
        let prefixed =
            matches!(text.as_bytes(), [b'0', b'x' | b'o' | b'b' | b'X' | b'O' | b'B', ..]);
        if prefixed || text.parse::<f64>().is_ok() {
            return None;
        }
    }
    Some(Value::Text(text))
}

/// Whether `word` is one YAML may read as null, a boolean or an infinity, in any case.
fn special(word: &str) -> bool {
    word.len() <= 8 && SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// Values are handed to a type as `serde_yaml::Value` would hand them: text as a string, whole
/// numbers as `u64`, an empty value as unit (or `None`), text naming a unit variant as an enum.
impl<'de> Deserializer<'de> for Value<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(n) => visitor.visit_u64(n),
            Value::Text(s) => visitor.visit_borrowed_str(s),
            Value::List(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Value::Map(entries) => visitor.visit_map(MapDeserializer::new(entries.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::Text(s) => visitor.visit_enum(s.into_deserializer()),
            _ => Err(serde::de::Error::custom("not a unit variant")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for Value<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The `serde_yaml` value of `v`.
    fn yaml_value(v: Value<'_>) -> serde_yaml::Value {
        use serde_yaml::Value as Y;
        match v {
            Value::Null => Y::Null,
            Value::Bool(b) => Y::Bool(b),
            Value::Int(n) => Y::Number(n.into()),
            Value::Text(s) => Y::String(s.to_string()),
            Value::List(items) => Y::Sequence(items.into_iter().map(yaml_value).collect()),
            Value::Map(entries) => Y::Mapping(
                entries
                    .into_iter()
                    .map(|(k, v)| (Y::String(k.to_string()), yaml_value(v)))
                    .collect(),
            ),
        }
    }

    /// `value` read `yaml` as `serde_yaml` does, or left it to `serde_yaml`.
    fn agrees(yaml: &str) -> Result<bool, String> {
        let Some(fast) = value(yaml).map(yaml_value) else { return Ok(false) };
        let slow =
            serde_yaml::from_str::<serde_yaml::Value>(yaml).map_err(|e| format!("{yaml}\n{e}"))?;
        if fast == slow { Ok(true) } else { Err(format!("{yaml}\nfast {fast:?}\nslow {slow:?}")) }
    }

    #[test]
    fn reads_plain_front_matter_as_yaml_does() {
        let read = [
            "---\nkind: task\ntitle: Ship the returns policy, v2 (draft)\nduration: 6d\n",
            "---\nkind: task\nraci:\n  accountable: kofi\n  consulted: [ben, 'dana fox']\n  informed:\n    - eve\n    - \"fay\"\nprogress: 60%\n",
            "---\ntitle: 标题：第一\nstart: 2026-01-05\ndue: 2026-11-27T14:00\nflex: true\nweight: 3\nzero: 0\n",
            "---\n# a comment\nkind: goal\n\ntags: []\nowner:\nlist:\n- a\n- b\nnext: x\n",
            "---\nbaseline: {start: 2026-08-15, end: 2026-08-17}\nempty: {}\nspaced: { a: 1 , b: c }\n",
            "---\nkind: metric\nalerts_done: false\nnote: a/b (c) d'e \"f\"\nsource: http://x.example/a#b\n",
        ];
        for yaml in read {
            assert_eq!(agrees(yaml), Ok(true), "{yaml}");
        }
    }

    #[test]
    fn leaves_anything_less_plain_to_yaml() {
        let left = [
            "---\na: 1.5\n",
            "---\na: 007\n",
            "---\na: 0x1F\n",
            "---\na: 1e3\n",
            "---\na: yes\n",
            "---\na: True\n",
            "---\na: ~\n",
            "---\na: null\n",
            "---\na: inf\n",
            "---\na: -5\n",
            "---\na: &x b\nc: *x\n",
            "---\na: !tag b\n",
            "---\na: |\n  text\n",
            "---\na: b # comment\n",
            "---\na: b\n  continued\n",
            "---\na: b\na: c\n",
            "---\na: {b: {c: d}}\n",
            "---\na: {b: c, b: d}\n",
            "---\na: {b: , c: d}\n",
            "---\na: [b, [c]]\n",
            "---\na: 'it''s'\n",
            "---\na: \"tab\\t\"\n",
            "---\na:\n  - b: c\n",
            "---\n\"a\": b\n",
            "---\na:b\n",
            "---\na: b\tc\n",
            "---\n  a: b\n",
            "---\na:\n    b: c\n  d: e\n",
            "---\na: [b,]\n",
            "---\na: x\u{2028}y\n",
            &(0..100).fold("---\n".to_string(), |y, k| y + &format!("k{k}: v\n")),
        ];
        for yaml in left {
            assert_eq!(agrees(yaml), Ok(false), "{yaml}");
        }
    }

    /// Every scalar of up to three characters from the characters that decide how YAML reads
    /// a scalar, as a value, a list item and a value in a one-line map.
    #[test]
    fn short_scalars_agree_with_yaml() {
        let alphabet: Vec<char> = "01a9exbfnT.-+:#'\" ,[]%_~/标".chars().collect();
        let mut texts: Vec<String> = alphabet.iter().map(char::to_string).collect();
        for _ in 0..2 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() == texts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        let mut read = 0;
        for t in &texts {
            let forms = [
                format!("---\nk: {t}\n"),
                format!("---\nk: [{t}, x]\n"),
                format!("---\nk: {{a: {t}}}\n"),
            ];
            for yaml in forms {
                read += usize::from(agrees(&yaml).unwrap_or_else(|e| panic!("{e}")));
            }
        }
        // The subset is not empty: plenty of these are read without the YAML parser.
        assert!(read > 2_000, "{read}");
    }

    /// Scalars from an alphabet of what makes YAML read text otherwise: digits, signs, dots,
    /// colons, hashes, quotes, brackets, spaces, letters of number words, CJK.
    fn scalar_text() -> impl Strategy<Value = String> {
        proptest::string::string_regex(
            "[0-9a-fxeEinfatrulsyoTNF.+\\-_:#'\" ,\\[\\]{}()%/~!&*|>@`\\\\标题]{1,12}",
        )
        .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Whatever `value` reads, serde_yaml reads the same.
        #[test]
        fn never_disagrees_with_yaml(
            a in scalar_text(),
            b in scalar_text(),
            items in proptest::collection::vec(scalar_text(), 0..4),
            layout in 0..5u8,
        ) {
            let yaml = match layout {
                0 => format!("---\nkey: {a}\nother: {b}\n"),
                1 => format!("---\nkey: [{}]\n", items.join(", ")),
                2 => format!("---\nouter:\n  key: {a}\n  list:\n    - {b}\n"),
                3 => format!("---\nkey: {{a: {a}, b: {b}}}\n"),
                _ => items.iter().fold("---\nkey:\n".to_string(), |y, i| y + "- " + i + "\n"),
            };
            prop_assert!(agrees(&yaml).is_ok(), "{}", agrees(&yaml).unwrap_err());
        }
    }
}
