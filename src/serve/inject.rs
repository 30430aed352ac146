//! What `serve` adds to pages as it serves them: the reload script and, after a failed build,
//! a panel listing the errors. Pages in the `Site` (and so `jindu build` output) never carry it.

use super::build::Failure;
use crate::diag::Severity;
use crate::markdown::escape_all as escape;
use std::fmt::Write as _;

/// Path of the Server-Sent Events stream that announces rebuilds.
pub(super) const EVENTS: &str = "/__jindu/events";

/// The id of the error panel (tests and scripts find it by this).
pub(super) const OVERLAY_ID: &str = "jindu-overlay";

/// A script that reloads the page when a build newer than `version` is announced (also when it
/// was announced between loading the page and connecting: the stream first says its version).
/// Hidden tabs close their stream, since browsers allow only six connections to one host, and
/// catch up when shown again.
pub(super) fn script(version: &str) -> String {
    format!(
        "<script>(function(){{var v=\"{v}\",s=null;\
function f(e){{if(e.data!==v){{c();location.reload();}}}}\
function o(){{if(s)return;s=new EventSource(\"{EVENTS}\");\
s.addEventListener(\"version\",f);s.addEventListener(\"reload\",f);}}\
function c(){{if(s){{s.close();s=null;}}}}\
document.addEventListener(\"visibilitychange\",function(){{if(document.hidden)c();else o();}});\
if(!document.hidden)o();}})();</script>",
        v = escape(version)
    )
}

/// `html` with `extra` added before its last `</body>` (or at the end when there is none).
pub(super) fn into_page(html: &[u8], extra: &str) -> Vec<u8> {
    let at = rfind_ascii_ci(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The error panel for a failed build: every diagnostic with its `file:line:col`, message,
/// source line and hint, all escaped. `keeping` says what is shown underneath.
pub(super) fn overlay(failure: &Failure, keeping: &str) -> String {
    let mut items = String::new();
    let title = match failure {
        Failure::Plan(diags) => {
            for d in diags {
                let (colour, label) = match d.severity {
                    Severity::Error => ("#b71c1c", "error"),
                    Severity::Warning => ("#8a6d00", "warning"),
                };
                let location = match (d.line, d.col) {
                    (0, _) => d.path.clone(),
                    (l, 0) => format!("{}:{l}", d.path),
                    (l, c) => format!("{}:{l}:{c}", d.path),
                };
                let _ = write!(
                    items,
                    "<li style=\"margin:.6em 0;padding-left:.6em;border-left:4px solid {colour}\">\
<b style=\"color:{colour}\">{label}</b> <code class=\"jindu-loc\">{}</code><br>{}",
                    escape(&location),
                    escape(&d.message)
                );
                if let Some(src) = &d.source_line {
                    let _ = write!(
                        items,
                        "<pre style=\"margin:.3em 0;white-space:pre-wrap;background:#f5f5f5;padding:.3em .5em\">{:>5} | {}</pre>",
                        d.line,
                        escape(src)
                    );
                }
                if let Some(hint) = &d.hint {
                    let _ = write!(items, "<div><i>hint: {}</i></div>", escape(hint));
                }
                items.push_str("</li>");
            }
            failure.summary()
        }
        Failure::Other(msg) => {
            let _ = write!(
                items,
                "<li style=\"margin:.6em 0;padding-left:.6em;border-left:4px solid #b71c1c\">\
<pre style=\"margin:0;white-space:pre-wrap\">{}</pre></li>",
                escape(msg)
            );
            failure.summary()
        }
    };
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"position:fixed;left:1rem;right:1rem;bottom:1rem;\
max-height:70vh;overflow:auto;z-index:2147483647;background:#fff;color:#111;border:2px solid #b71c1c;\
border-radius:6px;box-shadow:0 4px 24px rgba(0,0,0,.35);padding:.8rem 1rem;\
font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;text-align:left\">\
<button type=\"button\" onclick=\"this.parentNode.remove()\" aria-label=\"close\" \
style=\"float:right;font:inherit;border:0;background:none;cursor:pointer\">\u{2715}</button>\
<strong>jindu: the build failed with {} ({}). Fix it and save; this panel goes away.</strong>\
<ul style=\"list-style:none;margin:0;padding:0\">{items}</ul></div>",
        escape(&title),
        escape(keeping)
    )
}

/// A small page of our own (an error page, or the stand-in while nothing has built yet).
pub(super) fn page(title: &str, message: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n</head>\n\
<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\">\n<h1>{t}</h1>\n<p>{m}</p>\n</body>\n</html>\n",
        t = escape(title),
        m = escape(message)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Pos};

    #[test]
    fn injects_before_the_last_body_end() {
        let page = b"<html><body>a</BODY></html>";
        assert_eq!(into_page(page, "X"), b"<html><body>aX</BODY></html>");
        assert_eq!(into_page(b"no body", "X"), b"no bodyX");
        assert!(script("1-2").contains(EVENTS));
    }

    #[test]
    fn overlay_escapes_everything() {
        let d = Diagnostic::at(
            "a<b>.md",
            "title: <script>alert(1)</script>\n",
            Pos::new(1, 8, 3),
            "bad <tag> & \"quote\"",
        )
        .hint("use '&lt;'");
        let html = overlay(&Failure::Plan(vec![d]), "still serving the last good site");
        assert!(html.contains("a&lt;b&gt;.md:1:8"), "{html}");
        assert!(html.contains("bad &lt;tag&gt; &amp; &quot;quote&quot;"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("use &#39;&amp;lt;&#39;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        let other = overlay(&Failure::Other("</pre><img src=x>".into()), "x");
        assert!(other.contains("&lt;/pre&gt;&lt;img src=x&gt;"), "{other}");
    }
}
