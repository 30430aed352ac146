//! Answers one HTTP request from the in-memory site: the event stream, a file, a redirect from
//! `/dir` to `/dir/`, or an error. Paths are percent-decoded and must stay inside the site.

use super::{Shared, inject};
use std::io::Write as _;
use tiny_http::{Header, Method, Request, Response};

/// Answers `request`. Write errors (a client that went away) are ignored.
pub(super) fn handle(request: Request, shared: &Shared) {
    let answer = answer(&request, shared);
    let _ = match answer {
        Answer::Events => return events(request, shared),
        Answer::Reply { status, content_type, body, extra } => {
            let mut response = Response::from_data(body)
                .with_status_code(status)
                .with_chunked_threshold(usize::MAX)
                .with_header(header("Content-Type", content_type))
                .with_header(header("Cache-Control", "no-store"))
                .with_header(header("X-Content-Type-Options", "nosniff"));
            for (name, value) in extra {
                response.add_header(header(name, &value));
            }
            request.respond(response)
        }
    };
}

/// What to send back.
#[derive(Debug)]
enum Answer {
    /// Switch to the event stream.
    Events,
    /// A complete response.
    Reply {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
        extra: Vec<(&'static str, String)>,
    },
}

fn answer(request: &Request, shared: &Shared) -> Answer {
    let cur = shared.read();
    let script = inject::script(&cur.version);
    let error = |status: u16, title: &str, message: &str| Answer::Reply {
        status,
        content_type: HTML,
        body: inject::into_page(&inject::page(title, message), &script),
        extra: Vec::new(),
    };
    if !matches!(request.method(), Method::Get | Method::Head) {
        return Answer::Reply {
            status: 405,
            content_type: TEXT,
            body: b"method not allowed\n".to_vec(),
            extra: vec![("Allow", "GET, HEAD".into())],
        };
    }
    if !local_host(request) {
        return error(403, "403 Forbidden", "This preview answers only to localhost.");
    }
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == inject::EVENTS {
        return Answer::Events;
    }
    let key = match site_path(path) {
        Ok(k) => k,
        Err(Refused::BadRequest) => return error(400, "400 Bad Request", "The path is not valid."),
        Err(Refused::Forbidden) => {
            return error(403, "403 Forbidden", "The path leaves the site.");
        }
    };
    let extra = cur.overlay.as_deref().map_or_else(|| script.clone(), |o| format!("{o}{script}"));
    let Some(site) = cur.site.clone() else {
        // Nothing has built yet: every page is the error panel.
        let stand_in = inject::page("jindu serve", "The plan has not built yet.");
        return Answer::Reply {
            status: 503,
            content_type: HTML,
            body: inject::into_page(&stand_in, &extra),
            extra: Vec::new(),
        };
    };
    drop(cur);
    match site.get(&key) {
        Ok(Some(bytes)) => {
            let content_type = content_type(&key);
            let body = if content_type == HTML {
                inject::into_page(&bytes, &extra)
            } else {
                bytes.to_vec()
            };
            return Answer::Reply { status: 200, content_type, body, extra: Vec::new() };
        }
        Ok(None) => {}
        Err(e) => {
            let message = format!("The page /{key} failed to render: {e:#}");
            return error(500, "500 Internal Server Error", &message);
        }
    }
    if !key.ends_with("index.html") && site.has(&format!("{key}/index.html")) {
        // `/dir` → `/dir/`, so relative links inside the index resolve.
        let location = match url.split_once('?') {
            Some((p, q)) => format!("{p}/?{q}"),
            None => format!("{path}/"),
        };
        return Answer::Reply {
            status: 301,
            content_type: TEXT,
            body: b"moved\n".to_vec(),
            extra: vec![("Location", location)],
        };
    }
    error(404, "404 Not Found", &format!("There is no /{key} in the site."))
}

/// Why a path is refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    /// Malformed: not starting with `/`, a bad `%` escape, or not UTF-8 once decoded.
    BadRequest,
    /// Leaves the site: `..`, `.`, empty segments (`//x`), backslashes or NUL.
    Forbidden,
}

/// The site file a request path names (`/` and `/dir/` mean their `index.html`).
pub(super) fn site_path(path: &str) -> Result<String, Refused> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refused::BadRequest);
    };
    let decoded = percent_decode(rest).ok_or(Refused::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused::Forbidden);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let (last, dirs) = segments.split_last().ok_or(Refused::BadRequest)?;
    if dirs.iter().any(|s| matches!(*s, "" | "." | "..")) || matches!(*last, "." | "..") {
        return Err(Refused::Forbidden);
    }
    if last.is_empty() {
        return Ok(if dirs.is_empty() {
            "index.html".into()
        } else {
            format!("{decoded}index.html")
        });
    }
    Ok(decoded)
}

/// Decodes `%XX` escapes; `None` for a broken escape or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// The Content-Type of a site file, by extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "txt" | "md" => TEXT,
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

/// Whether the Host header names this machine (any port: SSH tunnels change it). Refusing other
/// names keeps a web page that rebinds its own DNS name to 127.0.0.1 from reading the plan.
fn local_host(request: &Request) -> bool {
    let Some(host) = request.headers().iter().find(|h| h.field.equiv("Host")) else {
        return true; // HTTP/1.0 clients may send none.
    };
    let host = host.value.as_str().trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("valid header")
    })
}

/// Starts an event stream: the head, the current version, then one event per build.
fn events(request: Request, shared: &Shared) {
    let mut w = request.into_writer();
    // Hold the client list while reading the version, so no build is announced in between.
    let mut clients = shared.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let version = shared.read().version.clone();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\nConnection: keep-alive\r\nX-Content-Type-Options: nosniff\r\n\r\n\
retry: 1000\n\nevent: version\ndata: {version}\n\n"
    );
    if w.write_all(head.as_bytes()).and_then(|()| w.flush()).is_ok() {
        clients.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_paths_to_site_files() {
        assert_eq!(site_path("/"), Ok("index.html".into()));
        assert_eq!(site_path("/tasks/a.html"), Ok("tasks/a.html".into()));
        assert_eq!(site_path("/docs/"), Ok("docs/index.html".into()));
        assert_eq!(site_path("/tasks/%E6%8A%95.html"), Ok("tasks/投.html".into()));
        assert_eq!(site_path("/tasks/a%2Bb.html"), Ok("tasks/a+b.html".into()));
        assert_eq!(site_path("/tasks/a%3Ab.html"), Ok("tasks/a:b.html".into()));
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for p in [
            "/../etc/passwd",
            "/tasks/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2f..%2fetc",
            "/..",
            "/./index.html",
            "//etc/passwd",
            "/%2Fetc/passwd",
            "/tasks%5C..%5C..%5Cx",
            "/a\\b",
            "/index.html%00.css",
        ] {
            assert_eq!(site_path(p), Err(Refused::Forbidden), "{p}");
        }
        for p in ["etc/passwd", "http://x/", "/%zz", "/%e6", "/%", "/%4"] {
            assert_eq!(site_path(p), Err(Refused::BadRequest), "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.html"), HTML);
        assert_eq!(content_type("plan.json"), "application/json");
        assert_eq!(content_type("tasks.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("milestones.ics"), "text/calendar; charset=utf-8");
        assert_eq!(content_type("charts/g.svg"), "image/svg+xml");
        assert_eq!(content_type("x.PNG"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
