//! Test harness: run the real `jindu` binary on fixture plans copied into temporary folders,
//! and read what it wrote (file trees, page text, tags and links).

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// Copies a folder tree (files and folders only) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    copy_tree_except(from, to, &[]);
}

/// Copies a folder tree into `to`, leaving out entries whose file name is in `skip`.
pub fn copy_tree_except(from: &Path, to: &Path, skip: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(from).unwrap().map(Result::unwrap).collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        if skip.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree_except(&entry.path(), &target, skip);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies fixture `rel` into a fresh temporary folder; returns (tempdir, plan path).
pub fn fixture_copy(rel: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    copy_tree(&fixture(rel), &plan);
    (dir, plan)
}

/// Runs `jindu` with `args` in `cwd`.
pub fn jindu(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run jindu")
}

/// Runs `jindu build PLAN -o OUT [extra...]` from the repository root.
pub fn build(plan: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", path_str(plan), "-o", path_str(out)];
    args.extend_from_slice(extra);
    jindu(&repo(), &args)
}

/// Builds `plan` into `out` and fails the test with jindu's stderr if that fails.
pub fn build_ok(plan: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = build(plan, out, extra);
    assert!(
        o.status.success(),
        "building {} failed ({:?}):\n{}",
        plan.display(),
        o.status.code(),
        stderr(&o)
    );
    o
}

/// Builds the example plan into a fresh temporary folder and returns (tempdir, site path).
pub fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = jindu(&repo(), &["build", "example-plan", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}

/// A path as UTF-8 text (temporary folders always are in these tests).
pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The process's stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The process's stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every entry under `dir`, hidden ones included: relative path (with `/`) to the file's bytes,
/// or `None` for a folder. Two equal snapshots mean byte-identical trees.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    snapshot_into(dir, dir, &mut out);
    out
}

fn snapshot_into(root: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let rel = rel_path(root, &entry.path());
        if entry.file_type().unwrap().is_dir() {
            out.insert(rel, None);
            snapshot_into(root, &entry.path(), out);
        } else {
            out.insert(rel, Some(std::fs::read(entry.path()).unwrap()));
        }
    }
}

/// Describes how two snapshots differ (empty when they are equal).
pub fn snapshot_diff(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let mut diffs = Vec::new();
    for (k, v) in before {
        match after.get(k) {
            None => diffs.push(format!("{k} disappeared")),
            Some(w) if w != v => diffs.push(format!("{k} changed")),
            Some(_) => {}
        }
    }
    for k in after.keys().filter(|k| !before.contains_key(*k)) {
        diffs.push(format!("{k} appeared"));
    }
    diffs
}

/// Relative paths (with `/`) of every file under `dir`, hidden ones included, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    snapshot(dir).into_iter().filter(|(_, v)| v.is_some()).map(|(k, _)| k).collect()
}

/// `path` relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap();
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Reads a text file of a site.
pub fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The visible text of an HTML page: tags become spaces, entities are decoded, whitespace is
/// collapsed to single spaces.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for c in html.chars() {
        match (in_tag, quote, c) {
            (false, _, '<') => {
                in_tag = true;
                out.push(' ');
            }
            (false, _, c) => out.push(c),
            (true, None, '>') => in_tag = false,
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), c) if c == q => quote = None,
            (true, _, _) => {}
        }
    }
    decode_entities(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the HTML character references that templates and Markdown produce.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        if let Some((c, e)) = decoded {
            out.push(c);
            rest = &rest[e + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes of a URL path.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("percent-decoded URL is UTF-8")
}

/// One start or end tag of an HTML document.
#[derive(Debug, Clone)]
pub struct Tag {
    /// Lowercase tag name; end tags start with `/`.
    pub name: String,
    /// Attributes in order: lowercase name and raw (still entity-encoded) value.
    pub attrs: Vec<(String, Option<String>)>,
}

impl Tag {
    /// The entity-decoded value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
            .map(decode_entities)
    }
}

/// Every tag of `html`, read strictly: a `<` that starts no tag, comment or doctype, an
/// unterminated tag or quote, or an attribute name with odd characters is an error. Text that
/// was escaped properly never trips these rules; markup that broke out of a value does.
pub fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    let context = |at: usize| {
        let floor = |mut k: usize| {
            while !html.is_char_boundary(k) {
                k -= 1;
            }
            k
        };
        let (start, end) = (floor(at.saturating_sub(40)), floor((at + 60).min(html.len())));
        format!("at byte {at}: …{}…", &html[start..end])
    };
    // Raw-text elements whose content is not markup.
    let mut raw_until: Option<&str> = None;
    while i < bytes.len() {
        if let Some(end) = raw_until {
            match html[i..].to_ascii_lowercase().find(end) {
                Some(j) => {
                    i += j;
                    raw_until = None;
                }
                None => return Err(format!("unclosed raw-text element {}", context(i))),
            }
        }
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let at = i;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            let end =
                rest.find("-->").ok_or_else(|| format!("unclosed comment {}", context(at)))?;
            i += end + 3;
            continue;
        }
        if rest.starts_with("<!") {
            let end = rest.find('>').ok_or_else(|| format!("unclosed doctype {}", context(at)))?;
            i += end + 1;
            continue;
        }
        let closing = rest.starts_with("</");
        i += if closing { 2 } else { 1 };
        let name_len =
            html[i..].bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'-').count();
        if name_len == 0 || !bytes[i].is_ascii_alphabetic() {
            return Err(format!("stray `<` {}", context(at)));
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() {
                return Err(format!("unterminated tag {}", context(at)));
            }
            if bytes[i] == b'>' {
                i += 1;
                break;
            }
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                i += 2;
                break;
            }
            let n = html[i..]
                .bytes()
                .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
                .count();
            let attr = &html[i..i + n];
            let valid = attr
                .bytes()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_' || c == b':')
                && attr
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'));
            if !valid {
                return Err(format!("odd attribute name `{attr}` in <{name}> {}", context(at)));
            }
            i += n;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(q @ (b'"' | b'\'')) => {
                        let q = char::from(*q);
                        let end = html[i + 1..]
                            .find(q)
                            .ok_or_else(|| format!("unterminated quote {}", context(at)))?;
                        let v = html[i + 1..i + 1 + end].to_string();
                        i += end + 2;
                        Some(v)
                    }
                    Some(_) => {
                        let n = html[i..]
                            .bytes()
                            .take_while(|c| !c.is_ascii_whitespace() && *c != b'>')
                            .count();
                        let v = html[i..i + n].to_string();
                        i += n;
                        Some(v)
                    }
                    None => return Err(format!("unterminated tag {}", context(at))),
                }
            } else {
                None
            };
            attrs.push((attr.to_ascii_lowercase(), value));
        }
        if !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            raw_until = Some(match name.as_str() {
                "script" => "</script",
                "style" => "</style",
                "textarea" => "</textarea",
                _ => "</title",
            });
        }
        tags.push(Tag { name: if closing { format!("/{name}") } else { name }, attrs });
    }
    Ok(tags)
}

/// Whether a URL would run script or smuggle content when followed.
pub fn dangerous_url(url: &str) -> bool {
    let cleaned: String = decode_entities(url)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| cleaned.starts_with(s))
}

/// Resolves a relative link `href` found in the site file `from` (a relative path) to a
/// relative path in the site, or says why it cannot: the `#fragment` and `?query` are dropped
/// and the path percent-decoded. Returns `(path, fragment)`.
pub fn resolve_link(from: &str, href: &str) -> Result<(String, Option<String>), String> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() {
        return Ok((from.to_string(), fragment));
    }
    if path.starts_with('/') {
        return Err(format!("root-absolute link `{href}` breaks under a sub-path and file://"));
    }
    let base = Path::new(from).parent().unwrap_or(Path::new(""));
    let mut out: Vec<String> = Vec::new();
    for c in base.join(percent_decode(path)).components() {
        match c {
            Component::Normal(x) => out.push(x.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if out.pop().is_none() {
                    return Err(format!("link `{href}` leaves the site"));
                }
            }
            _ => return Err(format!("odd link `{href}`")),
        }
    }
    let mut resolved = out.join("/");
    if path.ends_with('/') || resolved.is_empty() {
        resolved = if resolved.is_empty() {
            "index.html".into()
        } else {
            format!("{resolved}/index.html")
        };
    }
    Ok((resolved, fragment))
}

/// Whether a link leaves the site (and is not checked).
pub fn is_external(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    ["http:", "https:", "mailto:", "tel:"].iter().any(|s| lower.starts_with(s))
        || lower.starts_with("//")
}

/// The front matter of a note as YAML, with BOM and CRLF tolerated.
pub fn front_matter(path: &Path) -> serde_yaml::Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("note starts with ---");
    let end = rest.find("\n---").expect("front matter is closed");
    serde_yaml::from_str(&rest[..end]).unwrap()
}

/// `href` values of `<a>` tags in a page.
pub fn hrefs(html: &str) -> BTreeSet<String> {
    tags(html)
        .unwrap()
        .into_iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href"))
        .collect()
}

/// The flags every headless Chromium run of the suite starts with (the project's standard set,
/// plus no first-run dialogs).
pub const CHROMIUM_FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

/// The names in `dir`, sorted, leaving out the page manifest a successful build keeps beside
/// its output (`.OUT.jindu-pages`): what else is there is left over.
pub fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".jindu-pages"))
        .collect();
    names.sort();
    names
}
