//! Whole builds through the real CLI: the example plan, the Chinese fixture, hostile text, the
//! scaffold, template overrides, command-line options and exit codes.

use crate::support::{
    self, build, build_example, build_ok, copy_tree, dangerous_url, files, fixture, fixture_copy,
    front_matter, hrefs, is_external, jindu, path_str, read, repo, resolve_link, snapshot,
    snapshot_diff, stderr, stdout, tags, text,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The pages every site has, whatever the plan.
const LIST_PAGES: &[&str] = &[
    "index.html",
    "goals.html",
    "tasks.html",
    "gantt.html",
    "metrics.html",
    "reviews.html",
    "risks.html",
    "people.html",
    "raci.html",
    "board.html",
    "board-owners.html",
    "handout.html",
];

fn plan_json(site: &Path) -> Value {
    serde_json::from_str(&read(site, "plan.json")).expect("plan.json is valid JSON")
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The display name of a person written as `written` (an id or a name) in the plan.
fn person_name(plan: &Value, written: &str) -> String {
    let people = plan["people"].as_object().unwrap();
    if let Some(p) = people.get(written) {
        return p["name"].as_str().unwrap().to_string();
    }
    people
        .values()
        .filter_map(|p| p["name"].as_str())
        .find(|n| n.eq_ignore_ascii_case(written.trim()))
        .unwrap_or(written.trim())
        .to_string()
}

/// The site file of a note page (ids are file names as they are).
fn page(kind_dir: &str, id: &str) -> String {
    format!("{kind_dir}/{id}.html")
}

fn assert_contains(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: `{needle}` not found in:\n{haystack}");
}

#[test]
fn example_plan_builds_every_kind_of_page() {
    let (_tmp, site) = build_example();
    let all = files(&site);
    let exports = ["assets/style.css", "plan.json", "tasks.csv", "milestones.ics", ".jindu-site"];
    let charts = ["charts/gantt.svg", "charts/gantt-critical.svg", "charts/gantt-lookahead.svg"];
    for p in LIST_PAGES.iter().chain(&exports).chain(&charts) {
        assert!(all.iter().any(|f| f == p), "{p} missing; site has {all:?}");
    }
    for dir in ["goals", "tasks", "metrics", "reviews", "risks", "people"] {
        let n = all
            .iter()
            .filter(|f| f.starts_with(&format!("{dir}/")) && f.ends_with(".html"))
            .count();
        assert!(n > 0, "no {dir}/*.html pages");
    }
    // One page per note, exactly, and nothing else beside them.
    let plan = plan_json(&site);
    let mut expected: BTreeSet<String> = LIST_PAGES.iter().map(|s| (*s).to_string()).collect();
    for (key, dir) in [
        ("goals", "goals"),
        ("tasks", "tasks"),
        ("metrics", "metrics"),
        ("reviews", "reviews"),
        ("risks", "risks"),
        ("people", "people"),
    ] {
        for id in plan[key].as_object().unwrap().keys() {
            expected.insert(page(dir, id));
        }
    }
    let pages: BTreeSet<String> = all.iter().filter(|f| f.ends_with(".html")).cloned().collect();
    assert_eq!(pages, expected);
    assert!(plan["tasks"].as_object().unwrap().len() >= 25);
    assert!(plan["metrics"].as_object().unwrap().len() >= 6);
    // Every page is a complete HTML document in English with the site's stylesheet.
    for p in &pages {
        let html = read(&site, p);
        assert!(html.starts_with("<!DOCTYPE html>"), "{p}");
        assert!(html.contains("<html lang=\"en\">"), "{p}");
        assert!(html.trim_end().ends_with("</html>"), "{p}");
        let css = if p.contains('/') { "../assets/style.css" } else { "assets/style.css" };
        assert!(hrefs_all(&html).contains(css), "{p} does not link {css}");
    }
}

/// `href` and `src` values of every tag of a page.
fn hrefs_all(html: &str) -> BTreeSet<String> {
    tags(html)
        .unwrap()
        .into_iter()
        .flat_map(|t| [t.attr("href"), t.attr("src")])
        .flatten()
        .collect()
}

#[test]
fn example_pages_show_the_fields_of_their_notes() {
    let (_tmp, site) = build_example();
    let plan = plan_json(&site);
    let name = |w: &str| person_name(&plan, w);

    for (id, t) in plan["tasks"].as_object().unwrap() {
        let p = page("tasks", id);
        let html = read(&site, &p);
        let txt = text(&html);
        let links = hrefs(&html);
        let meta = &t["meta"];
        assert_contains(&txt, meta["title"].as_str().unwrap(), &p);
        for field in ["deliverable", "acceptance"] {
            if let Some(v) = str_of(meta, field) {
                assert_contains(&txt, v, &format!("{p} {field}"));
            }
        }
        for who in [str_of(t, "responsible"), str_of(t, "accountable"), str_of(meta, "owner")]
            .into_iter()
            .flatten()
        {
            assert_contains(&txt, &name(who), &format!("{p} RACI"));
        }
        for key in ["consulted", "informed"] {
            for who in meta["raci"][key].as_array().unwrap() {
                assert_contains(&txt, &name(who.as_str().unwrap()), &format!("{p} {key}"));
            }
        }
        for dep in t["depends"].as_array().unwrap() {
            let href = format!("../tasks/{}.html", dep["task"].as_str().unwrap());
            assert!(links.contains(&href), "{p} does not link its predecessor {href}");
        }
        if let Some(goal) = str_of(t, "goal") {
            assert!(
                links.contains(&format!("../goals/{goal}.html")),
                "{p} does not link its goal {goal}"
            );
        }
    }

    for (id, m) in plan["metrics"].as_object().unwrap() {
        let p = page("metrics", id);
        let txt = text(&read(&site, &p));
        let meta = &m["meta"];
        assert_contains(&txt, meta["title"].as_str().unwrap(), &p);
        assert_contains(&txt, meta["definition"].as_str().unwrap(), &format!("{p} definition"));
        let data = plan["data"][id.as_str()].as_array().unwrap();
        assert!(data.len() >= 20, "{id} has only {} samples", data.len());
        for s in data {
            let at = s["at"].as_str().unwrap();
            let html = read(&site, &p);
            assert!(html.contains(&format!("datetime=\"{at}\"")), "{p}: no data row dated {at}");
            if let Some(note) = str_of(s, "note") {
                assert_contains(&txt, note, &format!("{p} data note"));
            }
        }
    }

    for (id, g) in plan["goals"].as_object().unwrap() {
        let p = page("goals", id);
        let html = read(&site, &p);
        let txt = text(&html);
        assert_contains(&txt, g["meta"]["title"].as_str().unwrap(), &p);
        if let Some(o) = str_of(&g["meta"], "owner") {
            assert_contains(&txt, &name(o), &format!("{p} owner"));
        }
        if let Some(parent) = str_of(g, "parent") {
            assert!(
                hrefs(&html).contains(&format!("../goals/{parent}.html")),
                "{p} does not link its parent"
            );
        }
        if let Some(metric) = str_of(&g["meta"], "metric") {
            assert!(
                hrefs(&html).contains(&format!("../metrics/{metric}.html")),
                "{p} does not link its metric"
            );
        }
    }

    for (id, r) in plan["reviews"].as_object().unwrap() {
        let p = page("reviews", id);
        let txt = text(&read(&site, &p));
        let meta = &r["meta"];
        for d in meta["decisions"].as_array().unwrap() {
            assert_contains(&txt, d.as_str().unwrap(), &format!("{p} decision"));
        }
        for a in meta["attendees"].as_array().unwrap() {
            assert_contains(&txt, &name(a.as_str().unwrap()), &format!("{p} attendee"));
        }
        for c in meta["changes"].as_array().unwrap() {
            if let Some(why) = str_of(c, "why") {
                assert_contains(&txt, why, &format!("{p} change"));
            }
        }
    }

    for (id, r) in plan["risks"].as_object().unwrap() {
        let p = page("risks", id);
        let html = read(&site, &p);
        let txt = text(&html);
        let meta = &r["meta"];
        for field in ["title", "trigger", "response"] {
            if let Some(v) = str_of(meta, field) {
                assert_contains(&txt, v, &format!("{p} {field}"));
            }
        }
        for t in meta["tasks"].as_array().unwrap() {
            assert!(
                hrefs(&html).contains(&format!("../tasks/{}.html", t.as_str().unwrap())),
                "{p} task link"
            );
        }
    }

    for (id, person) in plan["people"].as_object().unwrap() {
        let txt = text(&read(&site, &page("people", id)));
        assert_contains(&txt, person["name"].as_str().unwrap(), id);
    }

    // A task page spelled out, so the RACI block is shown as roles, not just names somewhere.
    let txt = text(&read(&site, "tasks/ad-budget-plan.html"));
    for want in [
        "Set the channel budget split",
        "Responsible Li Wei",
        "Accountable Maya Chen",
        "Consulted Hana Kim , Tomás Novák",
        "Informed Sofia Ramos , Jonas Weber",
        "Budget sheet by channel and week, with a 15% reserve held back for plan B",
        "Total ≤ $310k; each channel has a weekly cap and a floor ROI; Maya approves in writing",
    ] {
        assert_contains(&txt, want, "tasks/ad-budget-plan.html");
    }
}

#[test]
fn example_dashboard_shows_objective_counts_milestones_and_latest_decisions() {
    let (_tmp, site) = build_example();
    let plan = plan_json(&site);
    let html = read(&site, "index.html");
    let txt = text(&html);
    let meta = &plan["plan"];
    assert_contains(&txt, meta["title"].as_str().unwrap(), "title");
    assert_contains(&txt, meta["objective"].as_str().unwrap(), "objective");
    assert_contains(&txt, &person_name(&plan, meta["owner"].as_str().unwrap()), "owner");
    assert_contains(&html, "datetime=\"2026-11-24\"", "status date");
    assert_contains(&txt, "Nov 24, 2026", "status date");

    // Counts of tasks (not milestones) by status, as computed from plan.json.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in plan["tasks"].as_object().unwrap().values().filter(|t| t["kind"] == "task") {
        *counts.entry(t["meta"]["status"].as_str().unwrap()).or_default() += 1;
    }
    for (status, label) in
        [("todo", "To do"), ("doing", "Doing"), ("blocked", "Blocked"), ("done", "Done")]
    {
        let n = counts.get(status).copied().unwrap_or(0);
        assert_contains(&txt, &format!("{n} {label}"), "status counts");
    }

    // Next milestones: the sale days still ahead of the status date, linked.
    let links = hrefs(&html);
    for m in ["tasks/black-friday.html", "tasks/cyber-monday.html"] {
        assert!(links.contains(m), "index does not list milestone {m}");
    }
    assert!(!links.contains("tasks/kickoff.html"), "a past milestone is listed as next");

    // Latest review: every decision of the review with the latest date.
    let latest = plan["reviews"]
        .as_object()
        .unwrap()
        .values()
        .max_by_key(|r| r["meta"]["date"].as_str().unwrap().to_string())
        .unwrap();
    for d in latest["meta"]["decisions"].as_array().unwrap() {
        assert_contains(&txt, d.as_str().unwrap(), "latest decisions");
    }
    assert!(links.contains(&format!("reviews/{}.html", latest["id"].as_str().unwrap())));
    // Goal tree: every goal is linked from the dashboard.
    for id in plan["goals"].as_object().unwrap().keys() {
        assert!(links.contains(&format!("goals/{id}.html")), "goal {id} not on the dashboard");
    }
}

/// Checks that every relative `href`/`src` of every HTML page (and `url(...)` of every CSS
/// file) names an existing file of the site, and that its `#fragment` names an element there.
fn assert_links_resolve(site: &Path) {
    let all: BTreeSet<String> = files(site).into_iter().collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let mut twice = Vec::new();
    for f in all.iter().filter(|f| f.ends_with(".html")) {
        let html = read(site, f);
        let tags = tags(&html).unwrap_or_else(|e| panic!("{f}: {e}"));
        let mut here = BTreeSet::new();
        for t in &tags {
            if let Some(id) = t.attr("id") {
                // Two elements with one id break anchors, and inline SVGs' clip paths.
                if !here.insert(id.clone()) {
                    twice.push(format!("{f}: id `{id}`"));
                }
            } else if let Some(name) = t.attr("name").filter(|_| t.name == "a") {
                here.insert(name);
            }
            for attr in ["href", "src"] {
                if let Some(v) = t.attr(attr) {
                    links.push((f.clone(), v));
                }
            }
        }
        ids.insert(f.clone(), here);
    }
    for f in all.iter().filter(|f| f.ends_with(".css")) {
        let css = read(site, f);
        for part in css.split("url(").skip(1) {
            let v = part.split(')').next().unwrap().trim().trim_matches(['"', '\'']);
            if !v.starts_with("data:") {
                links.push((f.clone(), v.to_string()));
            }
        }
    }
    let mut broken = Vec::new();
    for (from, href) in &links {
        if is_external(href) {
            continue;
        }
        match resolve_link(from, href) {
            Err(e) => broken.push(format!("{from}: {e}")),
            Ok((target, fragment)) => {
                if !all.contains(&target) {
                    broken.push(format!("{from}: `{href}` -> missing {target}"));
                } else if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                    if target.ends_with(".html")
                        && !ids.get(&target).is_some_and(|s| s.contains(&frag))
                    {
                        broken.push(format!("{from}: `{href}` -> no id `{frag}` in {target}"));
                    }
                }
            }
        }
    }
    assert!(twice.is_empty(), "ids used twice in {}:\n{}", site.display(), twice.join("\n"));
    assert!(links.len() > 10, "only {} links found in {}", links.len(), site.display());
    assert!(
        broken.is_empty(),
        "{} broken links in {}:\n{}",
        broken.len(),
        site.display(),
        broken.join("\n")
    );
}

#[test]
fn every_relative_link_resolves() {
    let (_tmp, site) = build_example();
    assert_links_resolve(&site);
    for fx in ["build/zh-cn", "build/minimal", "build/hostile"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        build_ok(&fixture(fx), &out, &[]);
        assert_links_resolve(&out);
    }
}

#[test]
fn builds_are_byte_identical() {
    let (_a, first) = build_example();
    let (_b, second) = build_example();
    let (x, y) = (snapshot(&first), snapshot(&second));
    assert_eq!(snapshot_diff(&x, &y), Vec::<String>::new());
    assert_eq!(x, y);
    // The plan's location on disk does not leak into the site either.
    let (_c, plan) = {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("elsewhere/example");
        copy_tree(&repo().join("example-plan"), &plan);
        (tmp, plan)
    };
    let out = plan.parent().unwrap().join("out");
    build_ok(&plan, &out, &[]);
    assert_eq!(snapshot_diff(&x, &snapshot(&out)), Vec::<String>::new());
    // Nor the way the output folder was named.
    let rebuilt = plan.parent().unwrap().join("out2/");
    build_ok(&plan, &rebuilt, &[]);
    assert_eq!(snapshot_diff(&x, &snapshot(&rebuilt)), Vec::<String>::new());
}

#[test]
fn chinese_plan_builds_with_chinese_ui_and_file_names() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build_ok(&fixture("build/zh-cn"), &out, &[]);
    assert!(stderr(&o).is_empty(), "warnings or errors: {}", stderr(&o));
    let all = files(&out);
    for f in [
        "goals/销售额.html",
        "goals/流量.html",
        "tasks/投放广告.html",
        "tasks/上线活动页.html",
        "tasks/达人种草.html",
        "metrics/广告投产比.html",
        "risks/库存不足.html",
        "people/张伟.html",
        "reviews/2026-10-16.html",
    ] {
        assert!(all.iter().any(|x| x == f), "{f} missing; site has {all:?}");
    }
    for f in all.iter().filter(|f| f.ends_with(".html")) {
        let html = read(&out, f);
        assert!(html.contains("<html lang=\"zh-CN\">"), "{f} is not lang=zh-CN");
        assert!(!html.contains('\r'), "{f} has a carriage return");
        assert!(!html.contains('\u{feff}'), "{f} has a BOM");
    }
    let index = text(&read(&out, "index.html"));
    for want in [
        "双十一大促运营计划",
        "双十一预售及正式期 GMV 同比增长 30%",
        "目标分解",
        "2026年10月",
        "2026年10月16日",
    ] {
        assert_contains(&index, want, "index.html");
    }
    assert!(!index.contains("Oct 16"), "English date on a zh-CN page");
    assert_contains(&text(&read(&out, "goals.html")), "目标分解", "goals.html");
    // Links to CJK pages are relative and resolve (percent-encoded or not).
    assert!(
        hrefs(&read(&out, "index.html")).iter().any(|h| percent_decode_eq(h, "goals/销售额.html"))
    );

    // The BOM + CRLF note renders like any other.
    let note = fixture("build/zh-cn/任务/上线活动页.md");
    let raw = std::fs::read(&note).unwrap();
    assert!(
        raw.starts_with(b"\xef\xbb\xbf") && raw.windows(2).any(|w| w == b"\r\n"),
        "fixture lost its BOM/CRLF"
    );
    let fm = front_matter(&note);
    let html = read(&out, "tasks/上线活动页.html");
    let txt = text(&html);
    for field in ["title", "deliverable", "acceptance"] {
        assert_contains(&txt, fm[field].as_str().unwrap(), field);
    }
    assert_contains(&txt, "王芳", "owner");
    assert!(
        hrefs(&html).iter().any(|h| percent_decode_eq(h, "../tasks/活动页设计.html")),
        "depends link"
    );
    let body = String::from_utf8(raw).unwrap();
    let first_body_line = body
        .split("---\r\n")
        .nth(2)
        .unwrap()
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap()
        .trim();
    let words: String = first_body_line.chars().take(8).collect();
    assert_contains(&txt, &words, "body");
}

fn percent_decode_eq(href: &str, want: &str) -> bool {
    support::percent_decode(href) == want
}

/// Text put in every text field of every kind of note in `tests/fixtures/build/hostile/`.
const PAYLOAD: &str =
    "<script>alert(1)</script> \"quotes' </title> javascript:alert(1) <img src=x onerror=alert(1)>";

/// Asserts that no markup from note text made it into the site's HTML as markup.
fn assert_no_injection(site: &Path) {
    let mut problems = Vec::new();
    let mut pages = 0;
    for f in files(site) {
        let is_markup = f.ends_with(".html") || f.ends_with(".svg");
        if !is_markup && !f.ends_with(".css") {
            continue;
        }
        let content = read(site, &f);
        if content.to_ascii_lowercase().contains("<script") {
            problems.push(format!("{f}: contains `<script`"));
        }
        if !is_markup {
            continue;
        }
        pages += 1;
        if !content.contains("&lt;script&gt;alert(1)") {
            problems.push(format!(
                "{f}: the escaped payload is not shown (is the plan title missing?)"
            ));
        }
        let tags = match tags(&content) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{f}: {e}"));
                continue;
            }
        };
        // Charts carry their own <title> tooltips inside <svg>; the page has exactly one.
        let mut svg_depth = 0usize;
        let mut page_tags = Vec::new();
        for t in &tags {
            match t.name.as_str() {
                "svg" => svg_depth += 1,
                "/svg" => svg_depth = svg_depth.saturating_sub(1),
                _ if svg_depth == 0 => page_tags.push(t),
                _ => {}
            }
        }
        let count = |n: &str| page_tags.iter().filter(|t| t.name == n).count();
        let all = |n: &str| tags.iter().filter(|t| t.name == n).count();
        if all("title") != all("/title") {
            problems.push(format!("{f}: unbalanced <title> tags"));
        }
        if f.ends_with(".html") && (count("title") != 1 || count("/title") != 1) {
            problems.push(format!(
                "{f}: {} <title> and {} </title> tags",
                count("title"),
                count("/title")
            ));
        }
        for t in &tags {
            let name = t.name.trim_start_matches('/');
            if matches!(name, "script" | "iframe" | "object" | "embed" | "frame" | "base" | "form")
            {
                problems.push(format!("{f}: <{}> tag", t.name));
            }
            for (attr, value) in &t.attrs {
                if attr.starts_with("on") {
                    problems.push(format!("{f}: event handler attribute `{attr}` on <{}>", t.name));
                }
                let url_attr = matches!(
                    attr.as_str(),
                    "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset" | "poster"
                );
                if url_attr && value.as_deref().is_some_and(dangerous_url) {
                    problems.push(format!(
                        "{f}: <{} {attr}=\"{}\">",
                        t.name,
                        value.as_deref().unwrap_or("")
                    ));
                }
            }
            if t.name == "img" && t.attr("src").is_some_and(|s| s == "x") {
                problems.push(format!("{f}: the payload's <img> became a tag"));
            }
        }
        let lower = content.to_ascii_lowercase();
        for bad in ["href=\"javascript:", "src=\"javascript:", "href='javascript:"] {
            if lower.contains(bad) {
                problems.push(format!("{f}: contains `{bad}`"));
            }
        }
    }
    assert!(pages >= 15, "only {pages} pages checked");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn hostile_text_in_every_field_comes_out_escaped() {
    // The fixture really carries the payload in every text field.
    let hostile = fixture("build/hostile");
    let plan_fm = front_matter(&hostile.join("plan.md"));
    assert_eq!(plan_fm["title"].as_str(), Some(PAYLOAD));
    assert_eq!(plan_fm["trust_html"].as_bool(), Some(false));
    let task_fm = front_matter(&hostile.join("goal/task-a.md"));
    for field in ["title", "owner", "deliverable", "acceptance"] {
        assert_eq!(task_fm[field].as_str(), Some(PAYLOAD), "task {field}");
    }

    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_ok(&hostile, &out, &[]);
    assert_no_injection(&out);

    // The text is shown, escaped, not dropped: in the page title and in the fields.
    let task = read(&out, "tasks/task-a.html");
    let title_start = task.find("<title>").unwrap();
    let title = &task[title_start..task[title_start..].find("</title>").unwrap() + title_start];
    assert!(title.contains("&lt;&#x2F;title&gt;") || title.contains("&lt;/title&gt;"), "{title}");
    let txt = text(&task);
    assert!(
        txt.matches(PAYLOAD).count() >= 4,
        "payload shown {} times on the task page",
        txt.matches(PAYLOAD).count()
    );
    let body_txt = text(&read(&out, "index.html"));
    assert_contains(&body_txt, "<script>alert(1)</script>", "escaped raw HTML block in the body");
    assert_contains(&body_txt, "<img src=x onerror=alert(1)>", "escaped inline HTML in the body");
    for (page, wanted) in [
        ("metrics/m.html", vec![PAYLOAD]),
        ("reviews/r1.html", vec![PAYLOAD]),
        ("risks/risk-a.html", vec![PAYLOAD]),
        ("people/eve.html", vec!["Eve <img src=x onerror=alert(2)>"]),
    ] {
        let t = text(&read(&out, page));
        for w in wanted {
            assert_contains(&t, w, page);
        }
    }
    // Dangerous link targets are dropped, their text kept.
    assert_contains(&body_txt, "click", "text of a dropped javascript: link");

    // plan.json is valid JSON and keeps the text exactly (JSON is not HTML: `<` may stay).
    let json = plan_json(&out);
    assert_eq!(json["plan"]["title"].as_str(), Some(PAYLOAD));
    assert_eq!(json["tasks"]["task-a"]["meta"]["deliverable"].as_str(), Some(PAYLOAD));
}

#[test]
fn trusted_html_lets_raw_html_through() {
    let (_tmp, plan) = fixture_copy("build/hostile");
    let out = plan.parent().unwrap().join("site");
    build_ok(&plan, &out, &[]);
    let escaped = read(&out, "index.html");
    assert!(
        !escaped.contains("<mark class=\"raw-html\">trusted</mark>"),
        "raw HTML shown without trust_html"
    );
    assert!(escaped.contains("&lt;mark class="), "raw HTML not shown as text");

    let md = std::fs::read_to_string(plan.join("plan.md")).unwrap();
    std::fs::write(plan.join("plan.md"), md.replace("trust_html: false", "trust_html: true"))
        .unwrap();
    build_ok(&plan, &out, &[]);
    let trusted = read(&out, "index.html");
    assert!(
        trusted.contains("<mark class=\"raw-html\">trusted</mark>"),
        "raw HTML escaped with trust_html"
    );
    // Only bodies are trusted: fields are still escaped, and Markdown links still lose
    // `javascript:` targets.
    let title_start = trusted.find("<title>").unwrap();
    assert!(
        trusted[title_start..].starts_with("<title>&lt;script&gt;"),
        "{}",
        &trusted[title_start..title_start + 80]
    );
    assert!(!trusted.contains("<a href=\"javascript:alert(1)\">click</a>"));
    let task = read(&out, "tasks/task-a.html");
    assert!(task.contains("<h1>&lt;script&gt;") || text(&task).contains(PAYLOAD));
    // The injection check bites: the trusted body's raw <script> is caught.
    let caught = std::panic::catch_unwind(|| assert_no_injection(&out));
    assert!(caught.is_err(), "the injection check passed a site with raw <script> in it");
}

#[test]
fn the_link_check_catches_broken_links() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    let page = |rel: &str, body: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("<!DOCTYPE html><html><head><title>t</title></head><body id=\"top\">{body}</body></html>")).unwrap();
    };
    let links: String = (0..12).map(|_| "<a href=\"tasks/%E6%B5%81.html#top\">ok</a>").collect();
    page("index.html", &links);
    page(
        "tasks/流.html",
        "<a href=\"../index.html\">up</a> <a href=\"https://example.com/x\">out</a>",
    );
    assert_links_resolve(site);
    for bad in [
        "<a href=\"tasks/missing.html\">x</a>",
        "<a href=\"index.html#nowhere\">x</a>",
        "<a href=\"../index.html\">x</a>",
        "<img src=\"/abs.png\">",
    ] {
        page("index.html", &format!("{links}{bad}"));
        let caught = std::panic::catch_unwind(|| assert_links_resolve(site));
        assert!(caught.is_err(), "the link check passed {bad}");
    }
}

#[test]
fn init_scaffolds_a_plan_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let o = jindu(tmp.path(), &["init", "myplan"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("myplan"), "{}", stdout(&o));
    let plan = tmp.path().join("myplan");
    assert!(plan.join("plan.md").is_file());
    let o = jindu(tmp.path(), &["check", "myplan"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = jindu(tmp.path(), &["build", "myplan", "-o", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let site = tmp.path().join("site");
    let all = files(&site);
    for kind in ["goals/", "tasks/", "metrics/", "reviews/", "risks/"] {
        assert!(all.iter().any(|f| f.starts_with(kind)), "scaffold has no {kind} page: {all:?}");
    }
    assert_links_resolve(&site);
    // A second init into the same folder refuses to overwrite, and changes nothing.
    let before = snapshot(&plan);
    let o = jindu(tmp.path(), &["init", "myplan"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(snapshot_diff(&before, &snapshot(&plan)), Vec::<String>::new());
}

#[test]
fn init_templates_writes_overridable_templates() {
    let (_tmp, plan) = fixture_copy("build/minimal");
    let templates = plan.join("templates");
    let o = jindu(&repo(), &["init", "--templates", path_str(&templates)]);
    assert!(o.status.success(), "{}", stderr(&o));
    for name in ["base.html", "index.html", "task.html", "metric.html", "style.css"] {
        assert!(templates.join(name).is_file(), "init --templates did not write {name}");
    }
    // Unchanged copies of the built-ins give the same site as no copies.
    let out = plan.parent().unwrap().join("site");
    build_ok(&plan, &out, &[]);
    let plain_out = plan.parent().unwrap().join("plain");
    build_ok(&fixture("build/minimal"), &plain_out, &[]);
    assert_eq!(snapshot_diff(&snapshot(&plain_out), &snapshot(&out)), Vec::<String>::new());

    // An edited base.html shows on every page; templates are not notes and not output.
    let base = std::fs::read_to_string(templates.join("base.html")).unwrap();
    let marked = base.replacen("<head>", "<head>\n<!-- jindu-test-marker: custom base -->", 1);
    assert_ne!(base, marked, "base.html has no <head>");
    std::fs::write(templates.join("base.html"), marked).unwrap();
    std::fs::write(templates.join("notes.md"), "not a note: templates/ is skipped\n").unwrap();
    build_ok(&plan, &out, &[]);
    let pages: Vec<String> = files(&out).into_iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() >= 10);
    for p in &pages {
        assert!(
            read(&out, p).contains("<!-- jindu-test-marker: custom base -->"),
            "{p} lacks the marker"
        );
    }
    assert!(!files(&out).iter().any(|f| f.contains("base.html") || f.contains("notes")));
    // The masthead and footer are made once per section and depth, and each page gets its own.
    std::fs::write(templates.join("masthead.html"), "<p>head {{ section }} at '{{ root }}'</p>\n")
        .unwrap();
    std::fs::write(templates.join("footer.html"), "<p>foot of {{ site.title }}</p>\n").unwrap();
    build_ok(&plan, &out, &[]);
    let title = plan_json(&out)["plan"]["title"].as_str().unwrap().to_string();
    for (page, section, root) in [
        ("index.html", "dashboard", ""),
        ("tasks.html", "tasks", ""),
        ("board.html", "board", ""),
        ("people.html", "people", ""),
        ("raci.html", "people", ""),
        ("tasks/build.html", "tasks", "../"),
        ("goals/ship.html", "goals", "../"),
        ("metrics/signups.html", "metrics", "../"),
    ] {
        let html = read(&out, page);
        let (head, foot) = (
            format!("\n<p>head {section} at '{root}'</p>\n<main"),
            format!("</main>\n<p>foot of {title}</p>\n</body>"),
        );
        assert!(html.contains(&head) && html.contains(&foot), "{page}: no {head} or {foot}");
    }
    // An edited stylesheet is the site's stylesheet.
    std::fs::write(templates.join("style.css"), "/* custom css */\nbody { color: black; }\n")
        .unwrap();
    build_ok(&plan, &out, &[]);
    assert!(read(&out, "assets/style.css").starts_with("/* custom css */"));
}

#[test]
fn as_of_sets_the_status_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_ok(
        &repo().join("example-plan"),
        &out,
        &["--as-of", "2026-11-02", "--base-url", "https://example.com/plans/bf/"],
    );
    let index = read(&out, "index.html");
    assert!(index.contains("datetime=\"2026-11-02\""), "status date not shown");
    assert_contains(&text(&index), "Nov 2, 2026", "status date");
    assert!(!index.contains("datetime=\"2026-11-24\""), "the plan's as_of is still shown");
    assert_eq!(plan_json(&out)["as_of"].as_str(), Some("2026-11-02"));
    // The status date changes what is next.
    assert!(
        hrefs(&index).contains("tasks/page-live.html"),
        "a milestone after 2 Nov is not listed as next"
    );
}

#[test]
fn build_prints_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build_ok(&fixture("build/minimal"), &out, &[]);
    let line = stdout(&o);
    assert_eq!(line.lines().count(), 1, "{line}");
    let all = files(&out);
    let written = all.iter().filter(|f| *f != ".jindu-site").count();
    let pages = all.iter().filter(|f| f.ends_with(".html")).count();
    let prefix = format!("wrote {written} files ({pages} pages) to {} in ", path_str(&out));
    let rest = line
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("`{line}` does not start with `{prefix}`"));
    let secs =
        rest.strip_suffix(" s\n").unwrap_or_else(|| panic!("`{line}` does not end with ` s`"));
    assert!(secs.parse::<f64>().is_ok_and(|s| s >= 0.0), "`{secs}` is not a duration");
    assert!(stderr(&o).is_empty(), "a good build printed to stderr: {}", stderr(&o));
}

#[test]
fn timings_name_every_stage_and_count_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = build_ok(&repo().join("example-plan"), &out, &["--timings"]);
    assert_eq!(stdout(&o).lines().count(), 1, "the summary stays one line on stdout");
    let err = stderr(&o);
    for stage in [
        "read, parse and assemble the notes",
        "schedule, metrics and rollups",
        "render and write every file",
        "swap in the new site",
    ] {
        let line = err.lines().find(|l| l.starts_with(stage)).unwrap_or_else(|| panic!("{err}"));
        let ms = line[stage.len()..].trim();
        assert!(ms.parse::<f64>().is_ok_and(|v| v >= 0.0), "`{line}`");
    }
    // Every file written is counted under its kind, and the counts add up.
    let all = files(&out);
    let counted: usize = err
        .lines()
        .skip_while(|l| !l.starts_with("files"))
        .skip(1)
        // Columns from the right: count, cpu ms, share, in templates, unchanged (a kind may hold
        // a space).
        .map(|l| l.split_whitespace().rev().nth(4).and_then(|n| n.parse::<usize>().ok()).unwrap())
        .sum();
    assert_eq!(counted, all.iter().filter(|f| *f != ".jindu-site").count(), "{err}");
    let tasks = all.iter().filter(|f| f.starts_with("tasks/")).count();
    let row =
        err.lines().find(|l| l.starts_with("tasks/*.html")).unwrap_or_else(|| panic!("{err}"));
    assert_eq!(row.split_whitespace().nth(1), Some(tasks.to_string().as_str()), "{row}");
    // Without the flag a build says nothing on stderr (see build_prints_one_summary_line).
}

/// `(made, unchanged)` task pages, from the `tasks/*.html` row of `--timings`.
fn task_pages(stderr: &str) -> (usize, usize) {
    pages_of("tasks/*.html", stderr)
}

/// How many files of `kind` a `--timings` report counts, and how many of them were unchanged.
fn pages_of(kind: &str, stderr: &str) -> (usize, usize) {
    let row = stderr.lines().find(|l| l.starts_with(kind)).expect(stderr);
    let cols: Vec<usize> = row.split_whitespace().filter_map(|c| c.parse().ok()).collect();
    (cols[0], *cols.last().unwrap())
}

#[test]
fn a_rebuild_takes_unchanged_pages_from_the_last_build_and_stays_exact() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    copy_tree(&repo().join("example-plan"), &plan);
    let out = tmp.path().join("site");
    let timed = |out: &Path| stderr(&build_ok(&plan, out, &["--timings"]));
    let fresh = |name: &str| {
        let o = tmp.path().join(name);
        build_ok(&plan, &o, &[]);
        snapshot(&o)
    };
    let (made, unchanged) = task_pages(&timed(&out));
    assert_eq!(unchanged, 0, "a first build has nothing to take");
    assert!(tmp.path().join(".site.jindu-pages").is_file(), "no page manifest beside the output");
    let first = snapshot(&out);
    // Nothing changed: every page is taken, and the site is the same bytes.
    assert_eq!(task_pages(&timed(&out)), (made, made));
    assert_eq!(snapshot_diff(&first, &snapshot(&out)), Vec::<String>::new());
    // One task renamed: its page, and the pages that show its title, are made again; the site
    // is exactly what a build into an empty folder makes.
    let note = plan.join("conversion/cart-recovery.md");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replacen("title: ", "title: Renamed ", 1)).unwrap();
    let report = timed(&out);
    let (_, unchanged) = task_pages(&report);
    assert!(unchanged > 0 && unchanged < made, "{unchanged} of {made} task pages taken");
    // Metric pages are keyed by what they show, charts included: of them, only the page of
    // the one metric the task moves (it lists the task by title) is made again.
    let (metrics, taken) = pages_of("metrics/*.html", &report);
    assert_eq!(taken, metrics - 1, "a task's new title made other metric pages again");
    // Goal pages too (their Gantt charts are keyed by what they draw): goals whose page and
    // chart do not show the task are taken.
    let (goals, taken) = pages_of("goals/*.html", &report);
    assert!(taken > 0 && taken < goals, "{taken} of {goals} goal pages taken");
    assert_eq!(snapshot_diff(&fresh("fresh-1"), &snapshot(&out)), Vec::<String>::new());
    assert!(read(&out, "tasks/cart-recovery.html").contains("Renamed "));
    // A change only a chart shows (a dependency: an arrow on the goal's Gantt, not in its task
    // table) still reaches the goal page, whose chart is drawn only when the page is made.
    let text = std::fs::read_to_string(&note).unwrap();
    let before_goal = read(&out, "goals/conversion.html");
    std::fs::write(&note, text.replacen("depends: [", "depends: [deal-feed, ", 1)).unwrap();
    timed(&out);
    assert_eq!(snapshot_diff(&fresh("fresh-dep"), &snapshot(&out)), Vec::<String>::new());
    assert_ne!(read(&out, "goals/conversion.html"), before_goal, "the goal's chart did not change");
    // A task the handout shows only on its look-ahead chart: renamed, the handout changes.
    let war_room = plan.join("bf-gmv/war-room.md");
    let before_handout = read(&out, "handout.html");
    let text = std::fs::read_to_string(&war_room).unwrap();
    std::fs::write(&war_room, text.replacen("title: ", "title: Renamed ", 1)).unwrap();
    timed(&out);
    assert_eq!(snapshot_diff(&fresh("fresh-chart"), &snapshot(&out)), Vec::<String>::new());
    assert_ne!(read(&out, "handout.html"), before_handout, "the handout's chart did not change");
    // Pages of the whole plan are keyed by the plan, bodies included: a word changed in the
    // plan note's body (which only the dashboard shows) reaches the dashboard.
    let plan_note = plan.join("plan.md");
    let text = std::fs::read_to_string(&plan_note).unwrap();
    std::fs::write(&plan_note, format!("{text}\nA sentence added to the plan's body.\n")).unwrap();
    timed(&out);
    assert_eq!(snapshot_diff(&fresh("fresh-body"), &snapshot(&out)), Vec::<String>::new());
    assert!(read(&out, "index.html").contains("A sentence added to the plan"));
    // A metric's oldest value, which only its data table and charts show (drawn and listed only
    // when the page is made), reaches the metric page.
    let csv = plan.join("metrics/aov.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replacen("2026-09-14,61.76", "2026-09-14,61.99", 1)).unwrap();
    timed(&out);
    assert_eq!(snapshot_diff(&fresh("fresh-data"), &snapshot(&out)), Vec::<String>::new());
    assert!(read(&out, "metrics/aov.html").contains("$61.99"), "the data table did not change");
    // Words written in a task's body show only on its page: that page alone is made again.
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("{text}\nCalled the vendor on Tuesday.\n")).unwrap();
    let report = timed(&out);
    assert_eq!(snapshot_diff(&fresh("fresh-task-body"), &snapshot(&out)), Vec::<String>::new());
    assert!(read(&out, "tasks/cart-recovery.html").contains("Called the vendor"));
    assert_eq!(task_pages(&report), (made, made - 1), "{report}");
    for whole in ["index.html", "tasks.html", "board.html", "handout.html", "plan.json"] {
        assert_eq!(pages_of(whole, &report), (1, 1), "{whole} made again: {report}");
    }
    // A page edited in the output is not trusted: the next build makes it again.
    std::fs::write(out.join("tasks/cart-recovery.html"), "edited by hand").unwrap();
    std::fs::remove_file(out.join("tasks/kickoff.html")).unwrap();
    let (_, unchanged) = task_pages(&timed(&out));
    assert_eq!(unchanged, made - 2, "the edited and the deleted page are made again");
    assert_eq!(snapshot_diff(&fresh("fresh-2"), &snapshot(&out)), Vec::<String>::new());
}

#[test]
fn exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    // 0: built.
    assert_eq!(build(&fixture("build/minimal"), &out, &[]).status.code(), Some(0));
    // 1: the plan has errors.
    let bad = build(&fixture("errors/unknown-field"), &tmp.path().join("bad"), &[]);
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    // 2: usage or I/O failure.
    let missing = tmp.path().join("no-such-plan");
    let o = build(&missing, &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no-such-plan"), "{}", stderr(&o));
    let o = jindu(tmp.path(), &["check", path_str(&missing)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let a_file = tmp.path().join("file.md");
    std::fs::write(&a_file, "---\nkind: plan\n---\n").unwrap();
    assert_eq!(build(&a_file, &out, &[]).status.code(), Some(2));
    for args in [
        &["build", "--as-of", "2026-02-30"][..],
        &["build", "--as-of", "tomorrow"],
        &["frobnicate"],
        &["build", "--no-such-flag"],
        &[],
    ] {
        let o = jindu(tmp.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    // The good output survived all of that.
    assert!(out.join("index.html").is_file());
}

#[test]
fn output_inside_the_plan_folder_is_not_read_as_notes() {
    let (_tmp, plan) = fixture_copy("build/minimal");
    let o = jindu(&plan, &["build", ".", "-o", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let first = snapshot(&plan.join("site"));
    // A note-like file left in the output would be a broken note if it were read.
    std::fs::write(plan.join("site/stray.md"), "not a note\n").unwrap();
    std::fs::write(plan.join("site/tasks/stray-task.md"), "---\nkind: task\ntitle: Stray\n---\n")
        .unwrap();
    for out in ["site", "./site", "site/"] {
        let o = jindu(&plan, &["build", ".", "-o", out]);
        assert!(o.status.success(), "-o {out}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "-o {out}: {}", stderr(&o));
        assert_eq!(
            snapshot_diff(&first, &snapshot(&plan.join("site"))),
            Vec::<String>::new(),
            "-o {out}"
        );
        std::fs::write(plan.join("site/stray.md"), "not a note\n").unwrap();
    }
    // Also from outside, with the output given by a path through the plan folder.
    let parent = plan.parent().unwrap();
    let o = jindu(parent, &["build", "plan", "-o", "plan/site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot_diff(&first, &snapshot(&plan.join("site"))), Vec::<String>::new());
    let o = jindu(&plan, &["check", "."]);
    assert!(o.status.success(), "check reads the output folder: {}", stderr(&o));
}

#[test]
fn exports_carry_the_schedule() {
    let (_tmp, site) = build_example();
    let plan = plan_json(&site);
    let sched = &plan["schedule"]["tasks"];
    // tasks.csv: one row a task, with the computed dates of plan.json.
    let mut rdr = csv::Reader::from_path(site.join("tasks.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut rows = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let id = &rec[col("id")];
        assert_eq!(&rec[col("start")], sched[id]["start"].as_str().unwrap(), "{id} start");
        assert_eq!(&rec[col("end")], sched[id]["end"].as_str().unwrap(), "{id} end");
        assert_eq!(&rec[col("total_float")], sched[id]["total_float"].to_string(), "{id} float");
        rows += 1;
    }
    assert_eq!(rows, plan["tasks"].as_object().unwrap().len());
    // milestones.ics: CRLF lines of at most 75 octets, one all-day event a milestone.
    let ics = read(&site, "milestones.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), "{ics}");
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    let milestones =
        plan["tasks"].as_object().unwrap().values().filter(|t| t["kind"] == "milestone").count();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), milestones);
    assert_eq!(ics.matches("END:VEVENT").count(), milestones);
    assert_eq!(ics.matches("DTSTAMP:20261124T000000Z").count(), milestones);
    let uids: BTreeSet<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    assert_eq!(uids.len(), milestones, "UIDs are unique");
    let bf = sched["black-friday"]["end"].as_str().unwrap().replace('-', "");
    assert!(ics.contains(&format!(
        "UID:black-friday@plan.jindu\r\nDTSTAMP:20261124T000000Z\r\nDTSTART;VALUE=DATE:{bf}"
    )));
}

/// Interface strings written into the templates when they load (`Templates::load_for`) make
/// the same site as Tera looking each one up, in both languages; a template override that
/// gives `t` a value of its own keeps it.
#[test]
fn inlined_interface_strings_make_the_same_site() {
    use jindu::templates::Templates;
    for (plan, as_of) in
        [(repo().join("example-plan"), "2026-11-20"), (fixture("build/zh-cn"), "2026-03-01")]
    {
        let (plan, mut diags) = jindu::load(&plan, &[]).unwrap();
        let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let a = jindu::analyse(plan.unwrap(), as_of, &mut diags);
        let looked_up = jindu::site::render(&a, &Templates::load(None).unwrap()).unwrap();
        let locale = a.plan.plan.meta.locale;
        let inlined = jindu::site::render(&a, &Templates::load_for(None, locale).unwrap()).unwrap();
        assert_eq!(looked_up.files.len(), inlined.files.len());
        for (path, bytes) in &looked_up.files {
            assert!(inlined.files.get(path) == Some(bytes), "{path} differs");
        }
    }
    let (_tmp, plan) = fixture_copy("build/minimal");
    std::fs::create_dir_all(plan.join("templates")).unwrap();
    std::fs::write(
        plan.join("templates/footer.html"),
        "{% set t = {\"owner\": \"Own words\"} %}<footer>{{ t.owner }}</footer>\n",
    )
    .unwrap();
    let out = plan.parent().unwrap().join("site");
    build_ok(&plan, &out, &[]);
    assert!(read(&out, "index.html").contains("<footer>Own words</footer>"));
}
