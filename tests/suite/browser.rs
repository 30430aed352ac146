//! The built site, checked the way a reader meets it.
//!
//! Two checkers, each proven on a small hand-made site before it is trusted on the example:
//!
//! - [`static_check`] reads every `.html` and `.css` file of a site and resolves each `href`,
//!   `src`, `xlink:href` and CSS `url()` against the file that holds it: the target file
//!   must exist inside the site, `#fragment`s must name an `id` in the target page, and no
//!   link may be root-absolute, `file:` or `javascript:`. It needs no browser, so it always
//!   runs.
//! - [`Browser`] drives headless Chromium over its remote debugging protocol (CDP) on a pipe
//!   (`--remote-debugging-pipe`: `NUL`-separated JSON on file descriptors 3 and 4, wired up by
//!   `sh`), so one browser process opens every page from `file://` in turn. Per page it
//!   reports a navigation that fails or never finishes loading, every resource load that
//!   fails (`Network.loadingFailed`: stylesheets, images, fonts, CSS `url()`s), console
//!   errors and warnings (`Runtime.consoleAPICalled`), uncaught exceptions
//!   (`Runtime.exceptionThrown`) and browser log entries of level error or warning
//!   (`Log.entryAdded`: failed loads, blocked content, deprecations).
//!
//! Chromium is found as `$JINDU_CHROMIUM`, else `chromium` or `chromium-browser` on `PATH`.
//! Without it the browser tests print a loud SKIPPED line and pass, unless `CI=true`, where
//! they fail.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support;

/// How long Chromium may take to start and answer its first command.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one page may take to open and finish loading.
const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------------------------
// Tests on the example plan
// ---------------------------------------------------------------------------------------------

#[test]
fn example_site_has_no_broken_links_or_assets() {
    let (_dir, site) = support::build_example();
    let pages = html_pages(&site);
    assert!(pages.len() >= 20, "expected a full site, found {} pages", pages.len());
    let problems = static_check(&site);
    assert!(problems.is_empty(), "broken references in the example site:\n{}", problems.join("\n"));
}

#[test]
fn example_site_opens_cleanly_in_chromium() {
    let Some(chromium) = chromium_or_skip("example_site_opens_cleanly_in_chromium") else {
        return;
    };
    let (_dir, site) = support::build_example();
    let pages = html_pages(&site);
    assert!(pages.len() >= 20, "expected a full site, found {} pages", pages.len());
    let started = Instant::now();
    let mut browser = Browser::launch(&chromium);
    let mut problems = Vec::new();
    for page in &pages {
        let rel = page.strip_prefix(&site).unwrap().display().to_string();
        for p in browser.check_page(page) {
            problems.push(format!("{rel}: {p}"));
        }
    }
    drop(browser);
    eprintln!("chromium opened {} pages in {:.1?}", pages.len(), started.elapsed());
    assert!(problems.is_empty(), "problems in Chromium:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Proof that each detector catches its fault
// ---------------------------------------------------------------------------------------------

/// A page shell with a stylesheet link, like jindu's own pages.
fn page(css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>t</title>\n<link rel=\"stylesheet\" href=\"{css}\">\n</head>\n\
         <body>\n<main id=\"main\">\n{body}\n</main>\n</body>\n</html>\n"
    )
}

/// A small site with one clean page and one page per fault.
fn faulty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "assets/style.css",
        "body { font: 16px sans-serif; }\n.logo { background: url(logo.svg); }\n",
    );
    write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><rect width=\"4\" height=\"4\"/></svg>\n",
    );
    write(
        "clean.html",
        &page(
            "assets/style.css",
            "<a href=\"#main\">top</a> <a href=\"sub/%E8%BF%9B%E5%BA%A6.html#part\">sub</a>\n\
             <a href=\"https://example.com/\">out</a> <a href=\"mailto:a@example.com\">mail</a>\n\
             <img src=\"assets/logo.svg\" alt=\"\"> <p class=\"logo\">x</p>",
        ),
    );
    write(
        "sub/进度.html",
        &page("../assets/style.css", "<h2 id=\"part\">p</h2><a href=\"../clean.html\">back</a>"),
    );
    write("missing-css.html", &page("assets/missing.css", "<p>no style</p>"));
    write("missing-img.html", &page("assets/style.css", "<img src=\"assets/gone.png\" alt=\"\">"));
    write(
        "console.html",
        &page("assets/style.css", "<script>console.error('boom from script')</script>"),
    );
    write(
        "warning.html",
        &page("assets/style.css", "<script>console.warn('careful from script')</script>"),
    );
    write("exception.html", &page("assets/style.css", "<script>undefinedFunction()</script>"));
    write(
        "broken-link.html",
        &page("assets/style.css", "<a href=\"nowhere.html\">missing page</a>"),
    );
    write(
        "broken-anchor.html",
        &page("assets/style.css", "<a href=\"clean.html#no-such-id\">missing anchor</a>"),
    );
    write("absolute.html", &page("/assets/style.css", "<a href=\"/clean.html\">root</a>"));
    write(
        "escape.html",
        &page("assets/style.css", "<a href=\"../../outside.html\">out of the site</a>"),
    );
    write("css-url/style.css", ".x { background: url('missing-bg.png'); }\n");
    write("css-url/page.html", &page("style.css", "<p class=\"x\">bg</p>"));
    dir
}

/// The problems reported for `page` (lines start with the page's path relative to the site).
fn for_page<'a>(problems: &'a [String], page: &str) -> Vec<&'a str> {
    let prefix = format!("{page}: ");
    problems.iter().filter(|p| p.starts_with(&prefix)).map(String::as_str).collect()
}

#[track_caller]
fn assert_reported(problems: &[String], page: &str, needles: &[&str]) {
    let found = for_page(problems, page);
    assert!(
        found.iter().any(|p| needles.iter().all(|n| p.contains(n))),
        "expected a problem on {page} mentioning {needles:?}, got:\n{}",
        problems.join("\n")
    );
}

#[test]
fn static_check_catches_each_broken_reference() {
    let site = faulty_site();
    let problems = static_check(site.path());
    assert_reported(&problems, "broken-link.html", &["nowhere.html", "no such file"]);
    assert_reported(&problems, "missing-css.html", &["assets/missing.css", "no such file"]);
    assert_reported(&problems, "missing-img.html", &["assets/gone.png", "no such file"]);
    assert_reported(&problems, "broken-anchor.html", &["clean.html#no-such-id", "no id"]);
    assert_reported(&problems, "absolute.html", &["/assets/style.css", "root-absolute"]);
    assert_reported(&problems, "absolute.html", &["/clean.html", "root-absolute"]);
    assert_reported(&problems, "escape.html", &["../../outside.html", "outside the site"]);
    assert_reported(&problems, "css-url/style.css", &["missing-bg.png", "no such file"]);
    // Nothing else: the clean pages (percent-encoded CJK file name, anchors, external
    // links, CSS url()) and the script pages have no broken references.
    for clean in
        ["clean.html", "sub/进度.html", "assets/style.css", "console.html", "exception.html"]
    {
        assert!(for_page(&problems, clean).is_empty(), "false positive:\n{}", problems.join("\n"));
    }
    assert_eq!(problems.len(), 8, "unexpected problems:\n{}", problems.join("\n"));
}

#[test]
fn browser_check_catches_each_fault() {
    let Some(chromium) = chromium_or_skip("browser_check_catches_each_fault") else {
        return;
    };
    let site = faulty_site();
    let root = site.path();
    let mut browser = Browser::launch(&chromium);
    let mut check = |rel: &str| -> Vec<String> {
        browser.check_page(&root.join(rel)).into_iter().map(|p| format!("{rel}: {p}")).collect()
    };

    // The clean pages really are clean (no false positives), CJK file name included.
    for clean in ["clean.html", "sub/进度.html", "broken-link.html"] {
        let problems = check(clean);
        assert!(problems.is_empty(), "false positive on {clean}:\n{}", problems.join("\n"));
    }

    let problems = check("missing-css.html");
    assert_reported(
        &problems,
        "missing-css.html",
        &["Stylesheet", "missing.css", "ERR_FILE_NOT_FOUND"],
    );
    let problems = check("missing-img.html");
    assert_reported(&problems, "missing-img.html", &["Image", "gone.png", "ERR_FILE_NOT_FOUND"]);
    let problems = check("css-url/page.html");
    assert_reported(&problems, "css-url/page.html", &["missing-bg.png", "ERR_FILE_NOT_FOUND"]);
    let problems = check("console.html");
    assert_reported(&problems, "console.html", &["console.error", "boom from script"]);
    let problems = check("warning.html");
    assert_reported(&problems, "warning.html", &["console.warning", "careful from script"]);
    let problems = check("exception.html");
    assert_reported(&problems, "exception.html", &["uncaught exception", "undefinedFunction"]);
    let problems = check("nowhere.html");
    assert_reported(&problems, "nowhere.html", &["did not open", "ERR_FILE_NOT_FOUND"]);

    // A failed page leaves nothing behind for the next one.
    let problems = check("clean.html");
    assert!(problems.is_empty(), "leftover problems:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Finding Chromium
// ---------------------------------------------------------------------------------------------

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("JINDU_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium, or `None` after a loud notice when it is missing outside CI; fails in CI.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(path) = find_chromium() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: chromium not found on PATH (nor $JINDU_CHROMIUM) and CI=true: \
         the browser check must run in CI; install Debian's `chromium` package"
    );
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing
    // tests, and a skip must be seen without `--nocapture`.
    let _ = writeln!(
        std::io::stderr(),
        "\n**************************************************************************\n\
         SKIPPED {test}: chromium not found on PATH (nor $JINDU_CHROMIUM).\n\
         Install it (Debian: apt-get install chromium) to run the browser check;\n\
         with CI=true this is a failure, not a skip.\n\
         **************************************************************************\n"
    );
    None
}

// ---------------------------------------------------------------------------------------------
// Headless Chromium over the DevTools protocol (pipe transport)
// ---------------------------------------------------------------------------------------------

/// One headless Chromium with one page (tab) attached.
struct Browser {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Events that arrived while waiting for a reply, in order.
    events: Vec<Value>,
    next_id: u64,
    session: String,
    work: tempfile::TempDir,
}

impl Browser {
    fn launch(chromium: &Path) -> Browser {
        let work = tempfile::tempdir().unwrap();
        let profile = work.path().join("profile");
        fs::create_dir(&profile).unwrap();
        let log = fs::File::create(work.path().join("chromium.log")).unwrap();
        // `sh` hands our stdin to Chromium as fd 3 (commands) and our stdout as fd 4 (replies
        // and events), then points Chromium's own stdin/stdout away from them.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#)
            .arg(chromium)
            .args(crate::support::CHROMIUM_FLAGS)
            .args([
                "--no-default-browser-check",
                "--disable-extensions",
                "--mute-audio",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
        let stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 16 * 1024];
            loop {
                let n = match stdout.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                buf.extend_from_slice(&chunk[..n]);
                while let Some(end) = buf.iter().position(|&b| b == 0) {
                    let message: Vec<u8> = buf.drain(..=end).collect();
                    let value = serde_json::from_slice(&message[..end]).unwrap_or_else(
                        |e| json!({ "readerError": format!("bad DevTools message: {e}") }),
                    );
                    if tx.send(value).is_err() {
                        return;
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            stdin,
            messages,
            events: Vec::new(),
            next_id: 0,
            session: String::new(),
            work,
        };
        let target = browser.call(
            None,
            "Target.createTarget",
            json!({ "url": "about:blank" }),
            START_TIMEOUT,
        );
        let target_id = target["targetId"].as_str().expect("targetId").to_owned();
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
            START_TIMEOUT,
        );
        attached["sessionId"].as_str().expect("sessionId").clone_into(&mut browser.session);
        for domain in ["Page", "Runtime", "Log", "Network"] {
            browser.page_call(&format!("{domain}.enable"), json!({}));
        }
        browser.events.clear();
        browser
    }

    /// Chromium's own log so far, for failure messages.
    fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.work.path().join("chromium.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn recv(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let timeout = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(timeout) {
            Ok(message) => {
                if let Some(e) = message.get("readerError") {
                    panic!("{e}");
                }
                message
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "Chromium: timed out waiting for {waiting_for}; its log:\n{}",
                    self.log_tail()
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                panic!(
                    "Chromium exited ({status}) while we waited for {waiting_for}; its log:\n{}",
                    self.log_tail()
                )
            }
        }
    }

    /// Sends one command and returns its result; events that arrive meanwhile are kept.
    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method });
        command["params"] = params;
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&command).unwrap();
        bytes.push(0);
        if let Err(e) = self.stdin.write_all(&bytes).and_then(|()| self.stdin.flush()) {
            panic!("cannot send {method} to Chromium: {e}; its log:\n{}", self.log_tail());
        }
        let deadline = Instant::now() + timeout;
        loop {
            let message = self.recv(deadline, method);
            if message.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(error) = message.get("error") {
                    panic!("Chromium refused {method}: {error}");
                }
                return message["result"].clone();
            }
            if message.get("method").is_some() {
                self.events.push(message);
            }
        }
    }

    fn page_call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params, PAGE_TIMEOUT)
    }

    /// Waits until the page's `load` event (kept or still to come), up to `timeout`.
    fn wait_for_load(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let is_load = |m: &Value| m["method"] == "Page.loadEventFired";
        if self.events.iter().any(is_load) {
            return true;
        }
        while Instant::now() < deadline {
            match self.messages.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(message) => {
                    let done = is_load(&message);
                    self.events.push(message);
                    if done {
                        return true;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("Chromium exited while loading a page; its log:\n{}", self.log_tail())
                }
            }
        }
        false
    }

    /// Opens `path` from `file://` and returns every problem seen while it loads.
    fn check_page(&mut self, path: &Path) -> Vec<String> {
        self.events.clear();
        let url = file_url(path);
        let mut problems = Vec::new();
        let navigated = self.page_call("Page.navigate", json!({ "url": url }));
        if let Some(error) = navigated["errorText"].as_str() {
            problems.push(format!("page did not open: {error}"));
            // Let the error page finish so none of its events leak into the next page.
            self.wait_for_load(Duration::from_secs(5));
        } else if !self.wait_for_load(PAGE_TIMEOUT) {
            problems.push(format!("page did not finish loading within {PAGE_TIMEOUT:?}"));
        }
        // A round trip after `load`: everything the page logged up to now has arrived.
        let ready = self.page_call(
            "Runtime.evaluate",
            json!({ "expression": "document.readyState", "returnByValue": true }),
        );
        if problems.is_empty() && ready["result"]["value"] != "complete" {
            problems.push(format!("document.readyState is {}", ready["result"]["value"]));
        }

        let mut urls: HashMap<String, String> = HashMap::new();
        for event in std::mem::take(&mut self.events) {
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Network.requestWillBeSent" => {
                    let id = params["requestId"].as_str().unwrap_or_default().to_owned();
                    urls.insert(
                        id,
                        params["request"]["url"].as_str().unwrap_or_default().to_owned(),
                    );
                }
                "Network.loadingFailed" => {
                    let id = params["requestId"].as_str().unwrap_or_default();
                    let url = urls.get(id).map_or("?", String::as_str);
                    problems.push(format!(
                        "failed to load {} {url}: {}",
                        params["type"].as_str().unwrap_or("resource"),
                        params["errorText"].as_str().unwrap_or_default()
                    ));
                }
                "Runtime.consoleAPICalled" => {
                    let kind = params["type"].as_str().unwrap_or_default();
                    if matches!(kind, "error" | "warning" | "assert") {
                        let text: Vec<String> = params["args"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|a| match &a["value"] {
                                Value::String(s) => s.clone(),
                                Value::Null => a["description"].as_str().unwrap_or("?").to_owned(),
                                v => v.to_string(),
                            })
                            .collect();
                        problems.push(format!("console.{kind}: {}", text.join(" ")));
                    }
                }
                "Runtime.exceptionThrown" => {
                    let details = &params["exceptionDetails"];
                    let description = details["exception"]["description"]
                        .as_str()
                        .or(details["text"].as_str())
                        .unwrap_or_default();
                    problems.push(format!("uncaught exception: {description}"));
                }
                "Log.entryAdded" => {
                    let entry = &params["entry"];
                    let level = entry["level"].as_str().unwrap_or_default();
                    if matches!(level, "error" | "warning") {
                        problems.push(format!(
                            "browser log {level} ({}): {} {}",
                            entry["source"].as_str().unwrap_or_default(),
                            entry["text"].as_str().unwrap_or_default(),
                            entry["url"].as_str().unwrap_or_default()
                        ));
                    }
                }
                "Inspector.targetCrashed" => problems.push("the page crashed".to_owned()),
                _ => {}
            }
        }
        problems
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.next_id += 1;
        let close = json!({ "id": self.next_id, "method": "Browser.close", "params": {} });
        let mut bytes = serde_json::to_vec(&close).unwrap();
        bytes.push(0);
        let _ = self.stdin.write_all(&bytes).and_then(|()| self.stdin.flush());
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Only the process we started, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `file://` URL of an absolute path, percent-encoding everything but unreserved bytes and `/`.
fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for &b in path.to_string_lossy().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            write!(url, "%{b:02X}").unwrap();
        }
    }
    url
}

// ---------------------------------------------------------------------------------------------
// Static reference check
// ---------------------------------------------------------------------------------------------

/// Every `.html` page of a site, sorted.
fn html_pages(site: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    pages.sort();
    pages
}

/// Every broken reference in the site's HTML and CSS files, as `file: problem` lines.
fn static_check(site: &Path) -> Vec<String> {
    let site = site.canonicalize().unwrap();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "html" || x == "css"))
        .collect();
    files.sort();
    let mut ids: BTreeMap<PathBuf, HashSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let rel = file.strip_prefix(&site).unwrap().display().to_string();
        let refs = if file.extension().is_some_and(|x| x == "css") {
            css_urls(&text)
        } else {
            attribute_values(&text, &["href", "src", "xlink:href"])
        };
        for value in refs {
            if let Err(problem) = check_reference(&site, file, &value, &mut ids) {
                problems.push(format!("{rel}: {problem}"));
            }
        }
    }
    problems
}

/// Resolves one reference found in `from`; `Err` says why it is broken.
fn check_reference(
    site: &Path,
    from: &Path,
    value: &str,
    ids: &mut BTreeMap<PathBuf, HashSet<String>>,
) -> Result<(), String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("empty link target".to_owned());
    }
    if let Some(scheme) = scheme(value) {
        return match scheme.as_str() {
            "javascript" | "vbscript" => Err(format!("script link `{value}`")),
            "file" => Err(format!("absolute file: link `{value}`")),
            // External (not fetched here) or inline.
            _ => Ok(()),
        };
    }
    if value.starts_with('/') || value.starts_with('\\') {
        return Err(format!(
            "root-absolute link `{value}` breaks from file:// and under a sub-path"
        ));
    }
    let (rest, fragment) = value.split_once('#').map_or((value, None), |(r, f)| (r, Some(f)));
    let path_part = rest.split_once('?').map_or(rest, |(p, _)| p);
    let target = if path_part.is_empty() {
        from.to_path_buf()
    } else {
        let decoded = percent_decode(path_part);
        let mut target = from.parent().unwrap().to_path_buf();
        for component in Path::new(&decoded).components() {
            match component {
                Component::ParentDir if !target.pop() || !target.starts_with(site) => {
                    return Err(format!("link `{value}` points outside the site"));
                }
                Component::Normal(part) => target.push(part),
                _ => {}
            }
        }
        if !target.starts_with(site) {
            return Err(format!("link `{value}` points outside the site"));
        }
        if target.is_dir() {
            target.push("index.html");
        }
        target
    };
    if !target.is_file() {
        let rel = target.strip_prefix(site).unwrap_or(&target);
        return Err(format!("broken link `{value}`: no such file {}", rel.display()));
    }
    let fragment = fragment.filter(|f| !f.is_empty());
    if let Some(fragment) = fragment.filter(|_| target.extension().is_some_and(|x| x == "html")) {
        let known = ids.entry(target.clone()).or_insert_with(|| {
            let text = fs::read_to_string(&target).unwrap_or_default();
            attribute_values(&text, &["id", "name"]).into_iter().collect()
        });
        let fragment = percent_decode(fragment);
        if !known.contains(&fragment) {
            let rel = target.strip_prefix(site).unwrap_or(&target);
            return Err(format!(
                "broken anchor `{value}`: no id `{fragment}` in {}",
                rel.display()
            ));
        }
    }
    Ok(())
}

/// The URL scheme of `value` (lowercased), if it has one.
fn scheme(value: &str) -> Option<String> {
    let (head, _) = value.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| head.to_ascii_lowercase())
}

/// Values of the named attributes in HTML, quoted with `"` or `'`, entities decoded.
///
/// Text content cannot produce a false match: escaped text has no raw quotes.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!("{name}=");
        for (at, _) in html.match_indices(&needle) {
            let before = html[..at].chars().next_back();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = &html[at + needle.len()..];
            let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if let Some(end) = rest[1..].find(quote) {
                values.push(decode_entities(&rest[1..=end]));
            }
        }
    }
    values
}

/// Targets of `url(...)` in CSS.
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (at, _) in css.match_indices("url(") {
        let rest = &css[at + 4..];
        let Some(end) = rest.find(')') else { continue };
        let value = rest[..end].trim().trim_matches(|c| c == '"' || c == '\'');
        if !value.starts_with("data:") {
            urls.push(value.to_owned());
        }
    }
    urls
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        if let Some(c) = decoded {
            out.push(c);
            rest = &rest[semi + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()))
            .flatten();
        if let Some(byte) = escaped {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
