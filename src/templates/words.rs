//! Writes the interface strings into the templates' text before they are compiled: a
//! `{{ t.key }}` costs Tera a name look-up, an attribute look-up and a write on every page (a
//! task page prints fifty), while the text it prints is the same for the whole build.
//!
//! Only the plain form `{{ t.key }}` (or `{{t.key}}`) of a known key is replaced, by the same
//! escaped text it prints. Nothing is replaced when any template could give `t` another value
//! (a `set`, a `for` loop variable, a component argument other than `t={t}`, a component's
//! default for `t`) or holds a `raw` block, so a template that does so renders exactly as it
//! would have.

use std::collections::BTreeMap;

/// `sources` with each plain `{{ t.key }}` replaced by the escaped text of `words[key]`, or
/// `None` when some template may bind `t` to something else (then nothing is replaced).
pub(super) fn inline(
    sources: &[(String, String)],
    words: &BTreeMap<&'static str, &'static str>,
) -> Option<Vec<(String, String)>> {
    if sources.iter().any(|(_, text)| rebinds_t(text)) {
        return None;
    }
    let escaped: BTreeMap<&str, String> = (words.iter())
        .map(|(k, v)| (*k, crate::markdown::escape_all(v)))
        // Text that Tera would read as a tag stays a look-up.
        .filter(|(_, v)| !["{{", "}}", "{%", "%}", "{#", "#}"].iter().any(|d| v.contains(d)))
        .collect();
    Some(sources.iter().map(|(name, text)| (name.clone(), replace(text, &escaped))).collect())
}

/// `text` with each `{{ t.key }}` of a key in `words` replaced by its text.
fn replace(text: &str, words: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let tag = &rest[at..];
        if let Some((word, len)) = word_tag(tag).and_then(|(k, len)| Some((words.get(k)?, len))) {
            out.push_str(word);
            rest = &tag[len..];
        } else {
            out.push_str("{{");
            rest = &tag[2..];
        }
    }
    out.push_str(rest);
    out
}

/// When `tag` starts with `{{ t.key }}` (spaces optional, no whitespace control): the key
/// and the tag's length.
fn word_tag(tag: &str) -> Option<(&str, usize)> {
    let inner = tag.strip_prefix("{{")?;
    let body = inner.trim_start_matches(' ').strip_prefix("t.")?;
    let key_len = body.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    let (key, after) = body.split_at(key_len);
    let close = after.trim_start_matches(' ').strip_prefix("}}")?;
    (!key.is_empty()).then_some((key, tag.len() - close.len()))
}

/// Whether `text` may give `t` a value other than the interface strings, or holds a block
/// whose text is not template code.
fn rebinds_t(text: &str) -> bool {
    if text.contains("raw %}") || text.contains("raw -%}") {
        return true;
    }
    let bytes = text.as_bytes();
    let word_at = |i: usize| {
        bytes[i] == b't'
            && (i == 0 || !is_name_byte(bytes[i - 1]) && bytes[i - 1] != b'.')
            && bytes.get(i + 1).is_none_or(|b| !is_name_byte(*b))
    };
    (0..bytes.len()).filter(|i| word_at(*i)).any(|i| {
        let after = text[i + 1..].trim_start();
        let before = text[..i].trim_end();
        // `t = …` (a `set`, or a component argument) other than `t={t}`; `t: type = …` (a
        // component's default); `for t in`, `for t, x in`, `for k, t in`.
        let assigned = after.strip_prefix('=').is_some_and(|v| {
            !v.starts_with('=')
                && v.trim_start().strip_prefix('{').is_none_or(|v| {
                    v.trim_start()
                        .strip_prefix('t')
                        .is_none_or(|v| !v.trim_start().starts_with('}'))
                })
        });
        let defaulted = after.strip_prefix(':').is_some_and(|v| {
            let v = v.trim_start().trim_start_matches(|c: char| c.is_ascii_alphanumeric());
            v.trim_start().starts_with('=') && !v.trim_start().starts_with("==")
        });
        let looped = (before.ends_with("for") || before.ends_with(','))
            && (after.starts_with("in ") || after.starts_with(','));
        assigned || defaulted || looped
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> BTreeMap<&'static str, &'static str> {
        BTreeMap::from([("late", "Late"), ("plan_b", "Plan <B> & 'C'"), ("odd", "a {{ b")])
    }

    fn one(text: &str) -> Option<String> {
        let sources = [("a.html".to_string(), text.to_string())];
        inline(&sources, &words()).map(|mut v| v.remove(0).1)
    }

    #[test]
    fn plain_word_tags_become_their_escaped_text() {
        assert_eq!(
            one("<b>{{ t.late }}</b>{{t.plan_b}} {{ t.late | upper }} {{- t.late }}").unwrap(),
            "<b>Late</b>Plan &lt;B&gt; &amp; &#39;C&#39; {{ t.late | upper }} {{- t.late }}"
        );
        // Unknown keys, other names and text that would read as a tag stay look-ups.
        assert_eq!(
            one("{{ t.nope }}{{ tt.late }}{{ x.t.late }}{{ t.odd }}{{ t.").unwrap(),
            "{{ t.nope }}{{ tt.late }}{{ x.t.late }}{{ t.odd }}{{ t."
        );
    }

    #[test]
    fn the_built_in_templates_take_their_words() {
        let sources: Vec<(String, String)> = super::super::BUILTIN
            .iter()
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .collect();
        let words = crate::i18n::strings(crate::meta::Locale::En);
        let inlined = inline(&sources, &words).expect("no built-in template binds `t`");
        let left: usize = inlined.iter().map(|(_, t)| t.matches("{{ t.").count()).sum();
        let before: usize = sources.iter().map(|(_, t)| t.matches("{{ t.").count()).sum();
        assert!(left * 20 < before, "{left} of {before} word look-ups left");
    }

    #[test]
    fn nothing_is_replaced_where_t_may_be_bound_to_something_else() {
        for bound in [
            "{% set t = 1 %}",
            "{% set_global t=site %}",
            "{% for t in tasks %}{% endfor %}",
            "{% for t, v in m %}{% endfor %}",
            "{% for k, t in m %}{% endfor %}",
            "{{ <links items={x} t={site} /> }}",
            "{% component c(t: map = {}) %}{% endcomponent c %}",
            "{% raw %}{{ t.late }}{% endraw %}",
        ] {
            assert_eq!(one(&format!("{bound}{{{{ t.late }}}}")), None, "{bound}");
        }
        for free in [
            "{{ <task_table rows={r} root={root} t={t} /> }}",
            "{{ <task_table rows={r} root={root} t={ t } /> }}",
            "{% component c(rows: array, t: map) %}{% endcomponent c %}",
            "{% if t == 1 %}{% endif %}{% set at = 1 %}{% for x in t.list %}{% endfor %}",
            "{% set root = t %}",
        ] {
            assert_eq!(one(&format!("{free}{{{{ t.late }}}}")).unwrap(), format!("{free}Late"));
        }
    }
}
