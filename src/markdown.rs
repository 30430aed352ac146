//! Note bodies to HTML: the only module that uses pulldown-cmark, and where bodies are made safe.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// How to render one body.
pub(crate) struct RenderOptions<'a> {
    /// Let raw HTML through instead of showing it as text.
    pub trust_html: bool,
    /// Relative path from the page to the site root (`""` or `"../"`).
    pub root: &'a str,
}

/// A wiki link whose target is no note of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenLink {
    /// Byte offset of the link in the body.
    pub offset: usize,
    /// Byte length of the link.
    pub len: usize,
    /// The target as written.
    pub target: String,
}

/// Rendered HTML and the wiki links that did not resolve.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// Safe HTML.
    pub html: String,
    /// Unknown wiki-link targets.
    pub broken: Vec<BrokenLink>,
}

/// The Markdown extensions a plan may use, listed in one place.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_WIKILINKS
}

/// Renders `body`. `resolve` maps a note id to its (href from the root, title).
pub(crate) fn render(
    body: &str,
    opts: &RenderOptions,
    resolve: &dyn Fn(&str) -> Option<(String, String)>,
) -> Rendered {
    let mut broken = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    // For each open link or image: what happened to its start, so its end matches.
    let mut open: Vec<Open> = Vec::new();
    let mut replace_label: Option<String> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            // Untrusted raw HTML is shown as text, with quotes escaped too so that no
            // attribute-looking text (`href="javascript:…"`) survives even as text.
            Event::Html(s) if !opts.trust_html => events.push(Event::Html(escape_all(&s).into())),
            Event::InlineHtml(s) if !opts.trust_html => {
                events.push(Event::InlineHtml(escape_all(&s).into()));
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => {
                let target = dest_url.trim().to_string();
                if let Some((href, note_title)) = resolve(&target) {
                    if !has_pothole {
                        replace_label = Some(note_title.clone());
                    }
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: format!("{}{}", opts.root, href).into(),
                        title: if title.is_empty() { note_title.into() } else { title },
                        id,
                    }));
                    open.push(Open::Kept);
                } else {
                    broken.push(BrokenLink { offset: range.start, len: range.len(), target });
                    events.push(Event::InlineHtml("<span class=\"broken-link\">".into()));
                    open.push(Open::Broken);
                }
            }
            Event::Text(_) if replace_label.is_some() => {
                events.push(Event::Text(replace_label.take().unwrap_or_default().into()));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                if is_dangerous(&dest_url) {
                    open.push(Open::Dropped);
                } else {
                    open.push(Open::Kept);
                    events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if is_dangerous(&dest_url) {
                    open.push(Open::Dropped);
                } else {
                    open.push(Open::Kept);
                    events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                replace_label = None;
                match open.pop() {
                    Some(Open::Broken) => events.push(Event::InlineHtml("</span>".into())),
                    Some(Open::Dropped) => {}
                    _ => events.push(Event::End(end)),
                }
            }
            Event::FootnoteReference(label) => {
                events.push(Event::FootnoteReference(footnote(&label)));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                events.push(Event::Start(Tag::FootnoteDefinition(footnote(&label))));
            }
            other => events.push(other),
        }
    }
    add_heading_ids(&mut events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, broken }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attributes alike.
pub(crate) fn escape_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_runs(s, |piece| out.push_str(piece));
    out
}

/// Writes `s` escaped as `escape_all` does; Tera's escaper for every `{{ value }}` of a page.
pub(crate) fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    escape_runs(s, |piece| {
        if result.is_ok() {
            result = out.write_all(piece.as_bytes());
        }
    });
    result
}

/// The bytes `escape_runs` replaces, looked up in one step (most text has none).
const ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Hands `s` on in pieces, runs of text that need no escaping copied whole and an entity for
/// each of `& < > " '` (every one is ASCII, so the pieces are whole characters).
fn escape_runs(s: &str, mut put: impl FnMut(&str)) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if !ESCAPED[usize::from(b)] {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        put(&s[start..i]);
        put(entity);
        start = i + 1;
    }
    put(&s[start..]);
}

/// What became of a link or image start.
enum Open {
    Kept,
    Dropped,
    Broken,
}

fn footnote(label: &str) -> CowStr<'static> {
    format!("fn-{}", slug(label)).into()
}

/// Whether a link target would run script or smuggle content (`javascript:`, `data:`, ...).
pub(crate) fn is_dangerous(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"].iter().any(|s| cleaned.starts_with(s))
}

/// Gives every heading an id made from its text, unique within the body.
fn add_heading_ids(events: &mut [Event]) {
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = match slug(&text) {
                s if s.is_empty() => "section".to_string(),
                s => s,
            };
            let n = used.entry(base.clone()).or_insert(0);
            let id = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
            *n += 1;
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(id.into());
            }
            i = j;
        }
        i += 1;
    }
}

/// Lowercase words joined by `-`; letters of every script are kept.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(body: &str, trust: bool) -> Rendered {
        let resolve =
            |id: &str| (id == "ads").then(|| ("tasks/ads.html".to_string(), "Run ads".to_string()));
        render(body, &RenderOptions { trust_html: trust, root: "../" }, &resolve)
    }

    #[test]
    fn raw_html_is_text_unless_trusted() {
        assert_eq!(r("<script>x</script>\n", false).html, "&lt;script&gt;x&lt;/script&gt;\n");
        assert_eq!(
            r("a <b onclick=x>b</b>", false).html,
            "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>\n"
        );
        assert_eq!(r("a <b>b</b>", true).html, "<p>a <b>b</b></p>\n");
        assert_eq!(
            r("<a href=\"javascript:x\">y</a>", false).html,
            "<p>&lt;a href=&quot;javascript:x&quot;&gt;y&lt;/a&gt;</p>\n"
        );
    }

    #[test]
    fn dangerous_links_are_dropped() {
        assert_eq!(r("[x](javascript:alert(1))", false).html, "<p>x</p>\n");
        assert_eq!(r("[x]( JavaScript:alert(1))", false).html, "<p>x</p>\n");
        assert_eq!(r("![i](data:image/png;base64,AA)", false).html, "<p>i</p>\n");
        assert_eq!(r("[x](https://e.com)", false).html, "<p><a href=\"https://e.com\">x</a></p>\n");
    }

    #[test]
    fn wiki_links_resolve_or_report() {
        assert_eq!(
            r("see [[ads]]", false).html,
            "<p>see <a href=\"../tasks/ads.html\" title=\"Run ads\">Run ads</a></p>\n"
        );
        assert_eq!(
            r("see [[ads|the ads]]", false).html,
            "<p>see <a href=\"../tasks/ads.html\" title=\"Run ads\">the ads</a></p>\n"
        );
        let out = r("x\n\nsee [[adz]]", false);
        assert_eq!(out.html, "<p>x</p>\n<p>see <span class=\"broken-link\">adz</span></p>\n");
        assert_eq!(out.broken, vec![BrokenLink { offset: 7, len: 7, target: "adz".into() }]);
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = r("# Plan B\n\n## Plan B\n\n## 风险 应对\n", false).html;
        assert_eq!(
            html,
            "<h1 id=\"plan-b\">Plan B</h1>\n<h2 id=\"plan-b-1\">Plan B</h2>\n<h2 id=\"风险-应对\">风险 应对</h2>\n"
        );
    }

    #[test]
    fn extensions_are_on() {
        let html =
            r("|a|\n|-|\n|1|\n\n~~x~~\n\n- [x] done\n\nnote[^1]\n\n[^1]: foot\n", false).html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>x</del>"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
        assert!(html.contains("fn-1"), "{html}");
    }

    proptest::proptest! {
        /// Escaping in runs gives what escaping each character on its own would, through both
        /// ways out (a string, and Tera's writer).
        #[test]
        fn text_is_escaped_as_character_by_character(s in "[a-zé中<>&\"' ;#]{0,40}") {
            let mut want = String::new();
            for c in s.chars() {
                match c {
                    '&' => want.push_str("&amp;"),
                    '<' => want.push_str("&lt;"),
                    '>' => want.push_str("&gt;"),
                    '"' => want.push_str("&quot;"),
                    '\'' => want.push_str("&#39;"),
                    c => want.push(c),
                }
            }
            let mut written = Vec::new();
            escape_to(&s, &mut written).unwrap();
            proptest::prop_assert_eq!(String::from_utf8(written).unwrap(), want.clone());
            proptest::prop_assert_eq!(escape_all(&s), want);
        }
    }
}
