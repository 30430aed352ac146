//! `jindu serve`: the real binary on a free port, spoken to over plain TCP. Every wait is bounded
//! and every server is killed when its test ends (also when the test fails).

use crate::support::{build_ok, fixture_copy, jindu, path_str, repo, snapshot, stderr};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// How long a rebuild may take to be announced (debug build, busy CI machine).
const REBUILD: Duration = Duration::from_secs(30);
/// How long to watch for events that must not come.
const QUIET: Duration = Duration::from_millis(1500);

/// A running `jindu serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// Lines the server printed on stdout after the URL.
    lines: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `jindu serve PLAN --port 0` and waits for the URL it prints.
    fn start(plan: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jindu"))
            .args(["serve", path_str(plan), "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start jindu serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server { child, port: 0, lines };
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while server.port == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            match server.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                        let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                        server.port = port.parse().expect("port number");
                        assert!(rest[port.len()..].starts_with('/'), "{line}");
                    }
                    seen.push(line);
                }
                Err(e) => panic!("no URL printed ({e:?}); stdout so far: {seen:?}"),
            }
        }
        server
    }

    fn get(&self, path: &str) -> Reply {
        request(self.port, "GET", path, "127.0.0.1")
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }

    /// The next line the server prints, if one comes within `within`.
    fn next_line(&self, within: Duration) -> Option<String> {
        self.lines.recv_timeout(within).ok()
    }
}

/// One HTTP response.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends one request (raw `path`, not normalised) and reads the whole response.
fn request(port: u16, method: &str, path: &str, host: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let reply = Reply { status, headers, body: body.to_string() };
    if let Some(len) = reply.header("Content-Length") {
        if method != "HEAD" {
            assert_eq!(len.parse::<usize>().unwrap(), reply.body.len(), "{path}");
        }
    }
    reply
}

/// A subscription to the reload events.
struct Events {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(stream, "GET /__jindu/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut ev = Events { stream, buf: Vec::new() };
        let head = ev.next_block(Duration::from_secs(20)).expect("event stream head");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        let (name, _) = ev.next(Duration::from_secs(20)).expect("version event");
        assert_eq!(name, "version");
        ev
    }

    /// The next block of the stream (up to a blank line), if one comes within `within`.
    fn next_block(&mut self, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        loop {
            let text = String::from_utf8_lossy(&self.buf).into_owned();
            let sep = if text.starts_with("HTTP/") { "\r\n\r\n" } else { "\n\n" };
            if let Some(i) = text.find(sep) {
                self.buf.drain(..i + sep.len());
                return Some(text[..i].to_string());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.stream.set_read_timeout(Some(left.max(Duration::from_millis(1)))).unwrap();
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock
                            | std::io::ErrorKind::TimedOut
                            | std::io::ErrorKind::Interrupted
                    ) => {}
                Err(e) => panic!("event stream: {e}"),
            }
        }
    }

    /// The next named event `(name, data)`, skipping comments and `retry:`.
    fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        loop {
            let block = self.next_block(deadline.saturating_duration_since(Instant::now()))?;
            let mut name = None;
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event: ") {
                    name = Some(v.to_string());
                } else if let Some(v) = line.strip_prefix("data: ") {
                    data = v.to_string();
                }
            }
            if let Some(name) = name {
                return Some((name, data));
            }
        }
    }

    /// Waits for a `reload` event and returns the new version.
    fn reload(&mut self) -> String {
        let (name, data) = self.next(REBUILD).expect("a reload event");
        assert_eq!(name, "reload");
        data
    }

    /// Asserts that no event comes for a while.
    fn none_for(&mut self, quiet: Duration, why: &str) {
        if let Some(e) = self.next(quiet) {
            panic!("unexpected event {e:?} after {why}");
        }
    }
}

/// Writes `text` to `path`, replacing it (like an editor that writes in place).
fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

const BUILD_NOTE: &str = "---
kind: task
title: Build it
owner: ana
raci:
  accountable: ben
start: 2026-03-02
duration: 5d
status: doing
progress: 60
deliverable: A working build
acceptance: Ben signs it off
---
";

#[test]
fn pages_and_assets_are_served_with_their_content_type() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let server = Server::start(&plan);
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/tasks/build.html", "text/html; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/plan.json", "application/json"),
        ("/tasks.csv", "text/csv; charset=utf-8"),
        ("/milestones.ics", "text/calendar; charset=utf-8"),
        ("/charts/gantt.svg", "image/svg+xml"),
        ("/tasks/build.html?x=1", "text/html; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}: {r:?}");
        assert_eq!(r.header("Content-Type"), Some(ty), "{path}");
        assert_eq!(r.header("Cache-Control"), Some("no-store"), "{path}");
    }
    let index = server.get("/");
    assert!(index.body.contains("Minimal plan"), "{}", index.body);
    assert!(index.body.contains("/__jindu/events"), "reload script missing");
    assert!(!index.body.contains("jindu-overlay"), "no overlay while the build is good");
    let script = index.body.find("/__jindu/events").unwrap();
    assert!(script < index.body.rfind("</body>").unwrap(), "script goes inside <body>");
    assert!(!server.get("/plan.json").body.contains("__jindu"), "only HTML gets the script");
    serde_json::from_str::<serde_json::Value>(&server.get("/plan.json").body).unwrap();

    let missing = server.get("/tasks/nope.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__jindu/events"), "a 404 page reloads too");
    assert_eq!(request(server.port, "POST", "/", "127.0.0.1").status, 405);
    let head = request(server.port, "HEAD", "/", "127.0.0.1");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    // A page that rebinds its DNS name to 127.0.0.1 must not read the plan.
    assert_eq!(request(server.port, "GET", "/", "evil.example:80").status, 403);
    assert_eq!(request(server.port, "GET", "/", "localhost:9999").status, 200);
}

#[test]
fn requests_outside_the_site_are_refused() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let server = Server::start(&plan);
    for path in [
        "/../plan.md",
        "/tasks/../../plan.md",
        "/%2e%2e/plan.md",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..\\..\\etc\\passwd",
        "/tasks%5C..%5C..%5Cplan.md",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/index.html%00.css",
        "/./index.html",
        "/%zz",
        "/plan.md",
        "/ship/build.md",
        "/etc/passwd",
    ] {
        let r = server.get(path);
        assert!(matches!(r.status, 400 | 403 | 404), "{path}: {} {}", r.status, r.body);
        assert!(!r.body.contains("root:"), "{path}");
        assert!(!r.body.contains("kind: plan"), "{path}");
    }
    assert_eq!(server.get("/../plan.md").status, 403);
    assert_eq!(server.get("/%2e%2e/plan.md").status, 403);
    assert_eq!(server.get("/plan.md").status, 404);
    // The request target must be a path.
    assert_eq!(server.get("http://evil.example/index.html").status, 400);
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let server = Server::start(&plan);
    let mut events = server.events();
    let before = server.get("/tasks/build.html");
    assert!(before.body.contains("Build it"));

    write(
        &plan.join("ship/build.md"),
        &BUILD_NOTE.replace("title: Build it", "title: Build it twice"),
    );
    let version = events.reload();
    let after = server.get("/tasks/build.html");
    assert!(after.body.contains("Build it twice"), "{}", after.body);
    assert!(after.body.contains(&format!("\"{version}\"")), "the page knows its build");
    let line = server.next_line(REBUILD).expect("a rebuild line");
    assert!(line.starts_with("rebuilt ") && line.contains(" ms"), "{line}");
    assert!(line.contains("ship/build.md"), "{line}");

    // A second subscriber joining later gets the current version first.
    let mut late = Events::open(server.port);
    late.none_for(Duration::from_millis(200), "subscribing");
    drop(late);

    // A burst of saves is one rebuild: the server waits for the folder to stay unchanged for
    // 20 ms after an event. Only a burst that took less than that is sure to be one (on a
    // loaded machine the writes themselves can stall longer, and then two rebuilds are right).
    let started = std::time::Instant::now();
    for i in 0..5 {
        write(&plan.join("ship/build.md"), &BUILD_NOTE.replace("Build it", &format!("Build {i}")));
    }
    let burst = started.elapsed();
    events.reload();
    if burst < Duration::from_millis(20) {
        events.none_for(QUIET, "one burst of saves");
    }
    assert!(server.get("/tasks/build.html").body.contains("Build 4"));
}

#[test]
fn a_broken_edit_shows_the_errors_over_the_last_good_site_until_fixed() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let server = Server::start(&plan);
    let mut events = server.events();

    let broken = BUILD_NOTE.replace("status: doing", "depends: [<script>alert(1)</script>, x");
    write(&plan.join("ship/build.md"), &broken);
    events.reload();
    let page = server.get("/tasks/build.html");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.body.contains("Build it"), "{}", page.body);
    assert!(page.body.contains("id=\"jindu-overlay\""), "{}", page.body);
    assert!(page.body.contains("ship/build.md:9:"), "overlay names file:line:col: {}", page.body);
    assert!(page.body.contains("did not find expected"), "{}", page.body);
    assert!(!page.body.contains("<script>alert(1)"), "source text is escaped");
    assert!(page.body.contains("&lt;script&gt;alert(1)"), "{}", page.body);
    assert!(server.get("/").body.contains("jindu-overlay"), "every page shows it");
    assert!(!server.get("/plan.json").body.contains("jindu-overlay"));
    let line = server.next_line(REBUILD).expect("a failure line");
    assert!(line.contains("failed") && line.contains("1 error"), "{line}");

    write(&plan.join("ship/build.md"), &BUILD_NOTE.replace("Build it", "Build it right"));
    events.reload();
    let page = server.get("/tasks/build.html");
    assert!(page.body.contains("Build it right"));
    assert!(!page.body.contains("jindu-overlay"), "fixing the note clears the overlay");
}

#[test]
fn a_plan_that_never_built_shows_its_errors_and_recovers() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let good = std::fs::read_to_string(plan.join("plan.md")).unwrap();
    write(&plan.join("plan.md"), &good.replace("start: 2026-03-02", "start: 2026-02-30"));
    let server = Server::start(&plan);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("jindu-overlay") && page.body.contains("plan.md:"), "{}", page.body);
    let mut events = server.events();
    write(&plan.join("plan.md"), &good);
    events.reload();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("jindu-overlay"));
}

#[test]
fn a_broken_template_override_shows_in_the_overlay_until_removed() {
    let (_dir, plan) = fixture_copy("build/minimal");
    std::fs::create_dir(plan.join("templates")).unwrap();
    let server = Server::start(&plan);
    let mut events = server.events();
    write(
        &plan.join("templates/index.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ 1 + }}</p>\n{% endblock main %}\n",
    );
    events.reload();
    let page = server.get("/");
    assert!(page.body.contains("jindu-overlay"), "{}", page.body);
    assert!(page.body.contains("index.html:3:"), "the template's line: {}", page.body);
    assert!(page.body.contains("Minimal plan"), "the last good site underneath");
    std::fs::remove_file(plan.join("templates/index.html")).unwrap();
    events.reload();
    assert!(!server.get("/").body.contains("jindu-overlay"));
}

#[test]
fn notes_created_renamed_and_deleted_while_serving_are_picked_up() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let server = Server::start(&plan);
    let mut events = server.events();
    let note = BUILD_NOTE.replace("title: Build it", "title: Extra work").replace("ana", "cy");

    write(&plan.join("ship/extra.md"), &note);
    events.reload();
    assert!(server.get("/tasks/extra.html").body.contains("Extra work"));

    std::fs::rename(plan.join("ship/extra.md"), plan.join("ship/renamed.md")).unwrap();
    events.reload();
    assert_eq!(server.get("/tasks/extra.html").status, 404);
    assert!(server.get("/tasks/renamed.html").body.contains("Extra work"));

    // A new folder with a note in it.
    std::fs::create_dir(plan.join("later")).unwrap();
    std::fs::rename(plan.join("ship/renamed.md"), plan.join("later/moved.md")).unwrap();
    events.reload();
    assert_eq!(server.get("/tasks/renamed.html").status, 404);
    assert_eq!(server.get("/tasks/moved.html").status, 200);

    std::fs::remove_file(plan.join("later/moved.md")).unwrap();
    events.reload();
    assert_eq!(server.get("/tasks/moved.html").status, 404);

    // Editor temp, swap and backup files, and hidden files, are not changes.
    for name in ["ship/.build.md.swp", "ship/build.md~", "ship/4913", "ship/.#build.md", "x.tmp"] {
        write(&plan.join(name), "kind: junk");
    }
    events.none_for(QUIET, "editor temp files");
    // Saving a note unchanged is not a change either.
    let same = std::fs::read_to_string(plan.join("ship/build.md")).unwrap();
    write(&plan.join("ship/build.md"), &same);
    events.none_for(QUIET, "a save that changed nothing");

    // Template overrides are watched too.
    std::fs::create_dir(plan.join("templates")).unwrap();
    write(&plan.join("templates/style.css"), "body { color: rebeccapurple }\n");
    events.reload();
    assert_eq!(server.get("/assets/style.css").body, "body { color: rebeccapurple }\n");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let (_dir, plan) = fixture_copy("build/minimal");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(["serve", path_str(&plan), "--port", &port])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let status = status.expect("jindu serve exits when the port is taken");
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("port {port}")) && err.contains("already in use"), "{err}");
    assert!(err.contains("--port 0"), "{err}");
    drop(taken);
}

#[test]
fn a_missing_plan_folder_is_an_error_not_a_server() {
    let o = jindu(&repo(), &["serve", "/nonexistent/jindu-plan", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
}

#[test]
fn build_output_never_carries_the_reload_snippet() {
    let (dir, plan) = fixture_copy("build/minimal");
    let out = dir.path().join("site");
    build_ok(&plan, &out, &[]);
    for (path, bytes) in snapshot(&out) {
        let Some(bytes) = bytes else { continue };
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["__jindu", "EventSource", "jindu-overlay"] {
            assert!(!text.contains(needle), "{path} contains {needle}");
        }
    }
}
