//! The Gantt chart through the library: well-formed SVG, escaping, data hooks that match the
//! plan, CJK label widths, the status line, and views; plus ignored helpers that write the
//! example chart for a look in Chromium and time a 10,000-task chart.

use crate::support::{build_example, fixture, repo};
use chrono::NaiveDate;
use jindu::svg::gantt::{GanttOptions, GanttView, PRINT_PAPERS, PrintFit, render, render_pages};
use jindu::{Analysis, Diagnostics};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Loads and analyses the plan in `dir` at `as_of` (default: the plan's own status date).
fn analyse(dir: &Path, as_of: Option<&str>) -> Analysis {
    let (plan, mut diags) = jindu::load(dir, &[]).expect("load");
    let plan = plan.unwrap_or_else(|| panic!("no plan in {}:\n{}", dir.display(), diags.render()));
    let as_of =
        as_of.map(d).or(plan.plan.meta.as_of.map(|x| x.0)).unwrap_or(plan.plan.meta.start.0);
    let a = jindu::analyse(plan, as_of, &mut diags);
    assert!(!diags.has_errors(), "{}", diags.render());
    a
}

/// Writes `files` (path, text) into a fresh folder and analyses it.
fn analyse_files(files: &[(&str, &str)], as_of: &str) -> (tempfile::TempDir, Analysis) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let a = analyse(dir.path(), Some(as_of));
    (dir, a)
}

fn example() -> Analysis {
    analyse(&repo().join("example-plan"), None)
}

fn opts(prefix: &str) -> GanttOptions {
    GanttOptions { id_prefix: prefix.into(), ..GanttOptions::default() }
}

fn has_class(n: &roxmltree::Node<'_, '_>, class: &str) -> bool {
    n.attribute("class").is_some_and(|c| c.split_whitespace().any(|w| w == class))
}

/// Elements with `class` in document order.
fn by_class<'a, 'i>(doc: &'a roxmltree::Document<'i>, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    doc.descendants().filter(|n| n.is_element() && has_class(n, class)).collect()
}

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"))
}

/// The text of the `<title>` child of `n`.
fn title_of(n: &roxmltree::Node<'_, '_>) -> String {
    n.descendants()
        .find(|c| c.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or("")
        .to_string()
}

#[test]
fn example_chart_is_well_formed_with_hooks_that_match_the_plan() {
    let a = example();
    let svg = render(&a, &GanttView::Plan, &opts("g1"));
    let doc = parse(&svg);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("id"), Some("g1"));
    assert!(
        root.children().any(|c| c.has_tag_name("title"))
            && root.children().any(|c| c.has_tag_name("desc"))
    );
    assert!(!svg.contains("<script"), "no script");

    // One bar group per task that is not cancelled, each linking to its task page.
    let schedule = a.schedule.as_ref().unwrap();
    let want: BTreeSet<&str> = a
        .plan
        .tasks
        .values()
        .filter(|t| t.meta.status != jindu::meta::Status::Cancelled)
        .map(|t| t.id.as_str())
        .collect();
    let tasks = by_class(&doc, "task");
    // The hook classes mark real bars only (the legend uses `key-*` classes).
    assert!(tasks.iter().all(|n| n.attribute("data-id").is_some() && n.has_tag_name("g")));
    for hook in ["critical", "late", "done", "flex", "milestone"] {
        for n in by_class(&doc, hook) {
            assert!(
                has_class(&n, "task") || has_class(&n, "dep"),
                "{hook} on {:?}",
                n.attribute("class")
            );
        }
    }
    let got: BTreeSet<&str> = tasks.iter().filter_map(|n| n.attribute("data-id")).collect();
    assert_eq!(got, want);
    for n in &tasks {
        let id = n.attribute("data-id").unwrap();
        let t = &a.plan.tasks[id];
        let tt = &schedule.tasks[id];
        let link = n.descendants().find(|c| c.has_tag_name("a")).expect("link");
        assert_eq!(link.attribute("href"), Some(format!("tasks/{id}.html").as_str()));
        assert!(title_of(n).starts_with(&t.meta.title), "{id}: tooltip starts with the title");
        assert!(
            title_of(n).contains(&format!("{}", tt.total_float)),
            "{id}: tooltip has the float"
        );
        let status = format!("status-{}", t.meta.status.name());
        assert!(has_class(n, &status), "{id}: {status}");
        assert_eq!(has_class(n, "critical"), tt.critical, "{id}: critical");
        assert_eq!(has_class(n, "late"), tt.late, "{id}: late");
        assert_eq!(has_class(n, "flex"), t.meta.flex, "{id}: flex");
        assert_eq!(has_class(n, "done"), t.meta.status == jindu::meta::Status::Done, "{id}: done");
        let milestone = t.kind == jindu::meta::Kind::Milestone;
        assert_eq!(has_class(n, "milestone"), milestone, "{id}: milestone");
        let shape = if milestone { "ms" } else { "bar" };
        assert_eq!(n.descendants().filter(|c| has_class(c, shape)).count(), 1, "{id}: one {shape}");
    }

    // Each arrow joins a predecessor to its successor, one arrow per dependency.
    let mut deps: Vec<(String, String, String)> = Vec::new();
    for t in a.plan.tasks.values() {
        for dep in &t.depends {
            if want.contains(dep.task.as_str()) && want.contains(t.id.as_str()) {
                let kind = serde_json::to_value(dep.kind).unwrap().as_str().unwrap().to_string();
                deps.push((dep.task.clone(), t.id.clone(), kind));
            }
        }
    }
    deps.sort();
    let mut arrows: Vec<(String, String, String)> = by_class(&doc, "dep")
        .iter()
        .map(|n| {
            assert!(n.has_tag_name("path"));
            let attr = |k: &str| n.attribute(k).unwrap().to_string();
            (attr("data-from"), attr("data-to"), attr("data-type"))
        })
        .collect();
    arrows.sort();
    assert_eq!(arrows, deps);
    for n in by_class(&doc, "dep") {
        let (from, to) = (n.attribute("data-from").unwrap(), n.attribute("data-to").unwrap());
        let critical = schedule.tasks[from].critical && schedule.tasks[to].critical;
        assert_eq!(has_class(&n, "critical"), critical, "{from} -> {to}");
        // Orthogonal: only M, H and V commands.
        let path = n.attribute("d").unwrap();
        assert!(
            path.starts_with('M')
                && path[1..].chars().all(|c| !c.is_ascii_alphabetic() || "HV".contains(c)),
            "{path}"
        );
    }

    // Goal rows with summary bars, baselines where the plan has them, and milestones.
    let goals: BTreeSet<&str> =
        by_class(&doc, "goal").iter().filter_map(|n| n.attribute("data-id")).collect();
    assert_eq!(goals, a.plan.goals.keys().map(String::as_str).collect());
    assert_eq!(by_class(&doc, "summary").len(), a.plan.goals.len());
    let with_baseline = a
        .plan
        .tasks
        .values()
        .filter(|t| t.meta.baseline.as_ref().is_some_and(|b| b.end.is_some()))
        .count();
    assert!(with_baseline > 0);
    assert_eq!(by_class(&doc, "baseline").len(), with_baseline + 1, "+1 in the legend");
    assert!(!by_class(&doc, "slip").is_empty(), "a late task shows its forecast extension");

    // Ids are unique and carry the prefix.
    let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "unique ids");
    assert!(ids.iter().all(|i| i.starts_with("g1")), "{ids:?}");
}

#[test]
fn status_line_sits_at_the_as_of_date() {
    let a = example();
    let svg = render(&a, &GanttView::Plan, &opts("s"));
    let doc = parse(&svg);
    let status = by_class(&doc, "status-date");
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].attribute("data-date"), Some("2026-11-24"));
    assert!(status[0].descendants().any(|n| n.text() == Some("Status Nov 24")));
    // The line is where a task starting on the status date starts.
    let line_x = x_of_path(
        status[0]
            .descendants()
            .find(|n| has_class(n, "status-line"))
            .unwrap()
            .attribute("d")
            .unwrap(),
    );
    let starts_today: Vec<_> = by_class(&doc, "task")
        .into_iter()
        .filter(|n| {
            n.attribute("data-id")
                .is_some_and(|id| a.schedule.as_ref().unwrap().tasks[id].start == a.as_of)
        })
        .filter(|n| !has_class(n, "milestone"))
        .collect();
    assert!(!starts_today.is_empty());
    for n in starts_today {
        let bar = n.descendants().find(|c| has_class(c, "bar")).unwrap();
        let x: f64 = bar.attribute("x").unwrap().parse().unwrap();
        assert!(
            (x - line_x).abs() < 0.02,
            "{:?}: bar at {x}, line at {line_x}",
            n.attribute("data-id")
        );
    }
    // Another date moves it.
    let later = analyse(&repo().join("example-plan"), Some("2026-11-27"));
    let svg = render(&later, &GanttView::Plan, &opts("s"));
    assert!(svg.contains("data-date=\"2026-11-27\""));
}

fn x_of_path(d: &str) -> f64 {
    let rest = d.strip_prefix('M').unwrap();
    rest.split([' ', 'V', 'H']).next().unwrap().parse().unwrap()
}

const HOSTILE: &str = "<script>alert(1)</script> \" ' & </text> ]]> <![CDATA[x]]>";

#[test]
fn hostile_titles_come_out_escaped() {
    let title = HOSTILE.replace('\\', "\\\\").replace('"', "\\\"");
    let task = format!(
        "---\nkind: task\ntitle: \"{title}\"\nowner: \"{title}\"\nduration: 2d\ndepends: [m]\n---\n"
    );
    let (_dir, a) = analyse_files(
        &[
            ("plan.md", &format!("---\nkind: plan\ntitle: \"{title}\"\nstart: 2026-11-02\n---\n")),
            ("g/index.md", &format!("---\nkind: goal\ntitle: \"{title}\"\n---\n")),
            ("g/a.md", &task),
            (
                "g/m.md",
                &format!("---\nkind: milestone\ntitle: \"{title}\"\nstart: 2026-11-02\n---\n"),
            ),
        ],
        "2026-11-03",
    );
    let prefix = "p\"><script>";
    let svg = render(
        &a,
        &GanttView::Plan,
        &GanttOptions {
            id_prefix: prefix.into(),
            href_root: "../".into(),
            ..GanttOptions::default()
        },
    );
    let doc = parse(&svg);
    assert!(
        !svg.contains("<script") && !svg.contains("</text> ]]>") && !svg.contains("<![CDATA["),
        "{svg}"
    );
    assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
    // Text survives the round trip: the label column may shorten it, the tooltip has it whole.
    let task = doc.descendants().find(|n| n.attribute("data-id") == Some("a")).expect("task by id");
    assert!(title_of(&task).starts_with(HOSTILE), "{}", title_of(&task));
    assert!(title_of(&task).contains(&format!("Owner: {HOSTILE}")));
    assert_eq!(doc.root_element().attribute("id"), Some("p_22__3e__3c_script_3e_"));
    let link = task.descendants().find(|n| n.has_tag_name("a")).unwrap();
    assert_eq!(link.attribute("href"), Some("../tasks/a.html"));
    let arrow = by_class(&doc, "dep");
    assert_eq!(arrow.len(), 1);
    assert_eq!(
        (arrow[0].attribute("data-from"), arrow[0].attribute("data-to")),
        (Some("m"), Some("a"))
    );
    let title = doc.root_element().children().find(|c| c.has_tag_name("title")).unwrap();
    assert!(title.text().unwrap().starts_with(HOSTILE));
}

#[test]
fn cjk_labels_are_measured_double_width() {
    // Two titles of 40 and 20 characters; the CJK one is as wide as the Latin one in columns.
    let latin = "a".repeat(60);
    let cjk = "黑".repeat(30);
    let files = [
        (
            "plan.md",
            "---\nkind: plan\ntitle: P\nstart: 2026-11-02\nlocale: zh-CN\n---\n".to_string(),
        ),
        ("a.md", format!("---\nkind: task\ntitle: {latin}\nduration: 2d\n---\n")),
        ("b.md", format!("---\nkind: task\ntitle: {cjk}\nduration: 2d\n---\n")),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let (_dir, a) = analyse_files(&files, "2026-11-03");
    let svg = render(
        &a,
        &GanttView::Plan,
        &GanttOptions { locale: jindu::meta::Locale::ZhCn, ..opts("z") },
    );
    let doc = parse(&svg);
    let label = |id: &str| {
        let g = doc.descendants().find(|n| n.attribute("data-id") == Some(id)).unwrap();
        g.descendants().find(|n| has_class(n, "label")).unwrap().text().unwrap().to_string()
    };
    let (la, lb) = (label("a"), label("b"));
    assert!(la.ends_with('…') && lb.ends_with('…'), "{la} / {lb}");
    let cols_a = la.chars().count();
    let chars_b = lb.chars().count();
    // Same column budget: the CJK label keeps about half as many characters.
    assert!(
        (cols_a as i64 - 2 * chars_b as i64).abs() <= 2,
        "{cols_a} columns vs {chars_b} CJK characters"
    );
    // Chinese header and status flag.
    assert!(svg.contains("2026年11月") || svg.contains(">11月<"), "{svg}");
    assert!(svg.contains("状态日期 11月3日"));
}

#[test]
fn small_plan_structure() {
    let plan = "---\nkind: plan\ntitle: Launch\nstart: 2026-11-02\ncalendar:\n  holidays: [2026-11-05]\n---\n";
    let (_dir, a) = analyse_files(
        &[
            ("plan.md", plan),
            ("web/index.md", "---\nkind: goal\ntitle: Website\n---\n"),
            (
                "web/design.md",
                "---\nkind: task\ntitle: Design\nowner: Ann\nduration: 2d\nstatus: done\n---\n",
            ),
            (
                "web/build.md",
                "---\nkind: task\ntitle: Build\nowner: Bo\nduration: 3d\ndepends: [design]\nstatus: doing\nprogress: 50\nflex: true\n---\n",
            ),
            (
                "web/copy.md",
                "---\nkind: task\ntitle: Copy\nduration: 2d\ndepends: [\"design:ss\"]\nstatus: blocked\nbaseline: {start: 2026-11-02, end: 2026-11-03}\n---\n",
            ),
            (
                "web/live.md",
                "---\nkind: milestone\ntitle: Live\ndepends: [build, \"copy:ff\"]\n---\n",
            ),
        ],
        "2026-11-04",
    );
    let svg = render(&a, &GanttView::Plan, &opts("small"));
    let doc = parse(&svg);
    let tasks: Vec<_> =
        by_class(&doc, "task").into_iter().filter(|n| n.attribute("data-id").is_some()).collect();
    let ids: Vec<&str> = tasks.iter().map(|n| n.attribute("data-id").unwrap()).collect();
    assert_eq!(ids, ["design", "build", "copy", "live"], "rows by start date, then end, then id");
    let classes: BTreeMap<&str, &str> = tasks
        .iter()
        .map(|n| (n.attribute("data-id").unwrap(), n.attribute("class").unwrap()))
        .collect();
    assert_eq!(classes["design"], "task status-done done");
    assert!(classes["build"].contains("status-doing") && classes["build"].contains("flex"));
    assert!(classes["copy"].contains("status-blocked") && classes["copy"].contains("late"));
    assert!(classes["live"].contains("milestone"));
    assert_eq!(by_class(&doc, "dep").len(), 4);
    assert_eq!(by_class(&doc, "progress").len(), 1 + 1, "build, plus the legend");
    assert_eq!(by_class(&doc, "hatch").len(), 1 + 1, "flex build, plus the legend");
    assert_eq!(by_class(&doc, "goal").len(), 1);
    // Short span: day scale, with the weekend and the holiday shaded.
    let shaded =
        |class: &str| by_class(&doc, class).into_iter().filter(|n| n.has_tag_name("rect")).count();
    assert_eq!(shaded("weekend"), 1, "one week shown, Monday 2 Nov to Sunday 8 Nov");
    assert_eq!(shaded("holiday"), 1);
    let header_days: Vec<_> =
        by_class(&doc, "hdr-bottom").iter().filter_map(roxmltree::Node::text).collect();
    assert_eq!(header_days, ["2", "3", "4", "5", "6", "7", "8"]);
    assert_eq!(
        by_class(&doc, "holiday")
            .iter()
            .find(|n| n.has_tag_name("text"))
            .and_then(roxmltree::Node::text),
        Some("5")
    );
    assert!(title_of(&tasks[1]).contains("Bo · ") || title_of(&tasks[1]).contains("Owner: Bo"));
    let owner = tasks[1].descendants().find(|n| has_class(n, "owner")).unwrap();
    assert_eq!(owner.text(), Some("Bo · 50%"));

    // The look-ahead leaves out finished work; the critical view only critical tasks.
    let ahead = render(&a, &GanttView::LookAhead(2), &opts("ahead"));
    assert!(!ahead.contains("data-id=\"design\"") && ahead.contains("data-id=\"build\""));
    let critical = render(&a, &GanttView::Critical, &opts("crit"));
    let doc = parse(&critical);
    for n in by_class(&doc, "task").into_iter().filter(|n| n.attribute("data-id").is_some()) {
        assert!(has_class(&n, "critical"), "{:?}", n.attribute("data-id"));
    }
    // A goal view shows that goal only.
    let goal = render(&a, &GanttView::Goal("web".into()), &opts("goal"));
    assert!(goal.contains("data-id=\"design\""));
}

#[test]
fn chinese_fixture_renders() {
    let a = analyse(&fixture("build/zh-cn"), None);
    let svg = render(
        &a,
        &GanttView::Plan,
        &GanttOptions { locale: jindu::meta::Locale::ZhCn, ..opts("zh") },
    );
    parse(&svg);
    assert!(svg.contains("甘特图"));
}

/// The rows drawn in a chart: goal headers, tasks and folded done work, top to bottom.
fn chart_rows<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<roxmltree::Node<'a, 'i>> {
    let rows = doc.descendants().find(|n| has_class(n, "rows")).expect("rows group");
    rows.children().filter(roxmltree::Node::is_element).collect()
}

/// The header's texts with their x, to compare axes.
fn header(doc: &roxmltree::Document<'_>) -> Vec<(String, String)> {
    let axis = doc.descendants().find(|n| has_class(n, "axis")).expect("axis");
    axis.descendants()
        .filter(|n| has_class(n, "hdr-top") || has_class(n, "hdr-bottom"))
        .map(|n| (n.attribute("x").unwrap().to_string(), n.text().unwrap_or("").to_string()))
        .collect()
}

/// x of each task's bar or diamond, by id.
fn bar_xs(doc: &roxmltree::Document<'_>) -> BTreeMap<String, String> {
    by_class(doc, "task")
        .iter()
        .map(|n| {
            let shape =
                n.descendants().find(|c| has_class(c, "bar") || has_class(c, "ms")).unwrap();
            let x = shape.attribute("x").or(shape.attribute("d")).unwrap().to_string();
            (n.attribute("data-id").unwrap().to_string(), x)
        })
        .collect()
}

#[test]
fn print_pages_repeat_the_header_and_hold_every_task_once() {
    let a = example();
    let screen = render(&a, &GanttView::Plan, &opts("pr"));
    let screen = parse(&screen);
    let limit = 9;
    let fit = PrintFit { max_rows: Some(limit), ..PrintFit::default() };
    let pages = render_pages(&a, &GanttView::Plan, &opts("pr"), &fit);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut all_ids = BTreeSet::new();
    let mut continued = 0;
    for (k, svg) in pages.iter().enumerate() {
        let doc = parse(svg);
        let root = doc.root_element();
        assert_eq!(root.attribute("id"), Some(format!("pr-p{}", k + 1).as_str()));
        // Every page has the time axis, the same as the screen chart's, and the status line.
        assert_eq!(header(&doc), header(&screen), "page {}", k + 1);
        assert_eq!(by_class(&doc, "status-date").len(), 1);
        assert_eq!(by_class(&doc, "legend").len(), 1);
        let caption = by_class(&doc, "caption")[0].text().unwrap();
        assert!(caption.ends_with(&format!("page {} of {}", k + 1, pages.len())), "{caption}");
        let rows = chart_rows(&doc);
        assert!(!rows.is_empty() && rows.len() <= limit, "page {}: {} rows", k + 1, rows.len());
        // The last row is never a goal header left alone at the bottom.
        assert!(pages.len() == k + 1 || !has_class(rows.last().unwrap(), "goal"), "page {}", k + 1);
        for r in &rows {
            if has_class(r, "task") {
                *seen.entry(r.attribute("data-id").unwrap().to_string()).or_default() += 1;
            }
            if has_class(r, "cont") {
                assert!(has_class(r, "goal") && title_of(r).len() > 1);
                continued += 1;
            }
        }
        // Bars sit where the screen chart has them: one x-scale for all pages.
        for (id, x) in bar_xs(&doc) {
            assert_eq!(bar_xs(&screen)[&id].split(' ').next(), x.split(' ').next(), "{id}");
        }
        // Arrows carry the hooks of the tasks they join.
        for n in by_class(&doc, "dep") {
            assert!(a.plan.tasks.contains_key(n.attribute("data-from").unwrap()));
            assert!(a.plan.tasks.contains_key(n.attribute("data-to").unwrap()));
        }
        // Pages go on one HTML page: ids stay unique across them.
        for id in doc.descendants().filter_map(|n| n.attribute("id")) {
            assert!(all_ids.insert(id.to_string()), "duplicate id {id}");
        }
    }
    let want: BTreeSet<String> =
        by_class(&screen, "task").iter().map(|n| n.attribute("data-id").unwrap().into()).collect();
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), want);
    assert!(seen.values().all(|n| *n == 1), "each task on exactly one page: {seen:?}");
    assert!(continued > 0, "a page that starts inside a goal repeats its header");
}

#[test]
fn print_pages_fit_a4_and_letter_landscape() {
    // A long plan: every page, shrunk to the paper's width when wider, fits the paper's height.
    let mut files = vec![(
        "plan.md".to_string(),
        "---\nkind: plan\ntitle: Long\nstart: 2026-11-02\n---\n".to_string(),
    )];
    for g in 0..6 {
        files.push((format!("g{g}/index.md"), format!("---\nkind: goal\ntitle: Goal {g}\n---\n")));
        for i in 0..25 {
            let dep = if i == 0 { String::new() } else { format!("depends: [t{g}x{}]\n", i - 1) };
            files.push((
                format!("g{g}/t{g}x{i}.md"),
                format!("---\nkind: task\ntitle: Task {g}.{i}\nduration: 2d\n{dep}---\n"),
            ));
        }
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (_dir, a) = analyse_files(&files, "2026-11-20");
    let first_used_mm = 30.0;
    let fit = PrintFit { first_used_mm, ..PrintFit::default() };
    let pages = render_pages(&a, &GanttView::Plan, &opts("long"), &fit);
    assert!(pages.len() >= 6, "{} pages", pages.len());
    let mut tasks = 0;
    for (k, svg) in pages.iter().enumerate() {
        let doc = parse(svg);
        let svg_root = doc.root_element();
        let num = |k: &str| svg_root.attribute(k).unwrap().parse::<f64>().unwrap();
        let (width, height) = (num("width"), num("height"));
        for (paper_w, paper_h) in PRINT_PAPERS {
            let mm = height * (25.4 / 96.0_f64).min(paper_w / width);
            let room = paper_h - if k == 0 { first_used_mm } else { 0.0 };
            assert!(mm <= room, "page {}: {mm:.1} mm on {paper_w}x{paper_h}", k + 1);
            // Pages before the last use the paper (they may stop early to start a goal afresh).
            if k + 1 < pages.len() {
                assert!(mm > 0.6 * room, "page {}: {mm:.1} mm", k + 1);
            }
        }
        tasks += by_class(&doc, "task").len();
    }
    assert_eq!(tasks, 150);
    // A short chart is one page.
    let pages = render_pages(&a, &GanttView::LookAhead(1), &opts("one"), &PrintFit::default());
    assert_eq!(pages.len(), 1);
}

#[test]
fn gantt_page_carries_print_pages_and_a_landscape_page_rule() {
    let (_dir, site) = build_example();
    let html = std::fs::read_to_string(site.join("gantt.html")).unwrap();
    for chart in ["gantt-plan", "gantt-critical", "gantt-ahead"] {
        assert!(
            html.contains(&format!("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{chart}\""))
        );
        assert!(html.contains(&format!("id=\"{chart}-print-p1\"")), "{chart}: print pages");
    }
    assert_eq!(html.matches("class=\"gantt-print\"").count(), 3);
    let css = std::fs::read_to_string(site.join("assets/style.css")).unwrap();
    assert!(css.contains("@page gantt { size: landscape; margin: 10mm; }"));
    assert!(css.contains("body.page-gantt { page: gantt; }"));
}

/// The plan drawn side by side with Mermaid and `TaskJuggler` (`tests/fixtures/build/compare/`,
/// with `compare.mmd` and `compare.tjp`): the chart shows what those two could not.
#[test]
fn compare_plan_shows_status_forecast_critical_path_and_days_off() {
    let a = analyse(&fixture("build/compare"), None);
    let svg = render(&a, &GanttView::Plan, &opts("cmp"));
    let doc = parse(&svg);
    // Goals in the order their work starts, each with its summary bar.
    let goals: Vec<_> =
        by_class(&doc, "goal").iter().filter_map(|n| n.attribute("data-id")).collect();
    assert_eq!(goals, ["site", "promo"]);
    // Day scale: weekends and the holiday (Wed 11 Nov) shaded apart; the status date you set.
    let holiday: Vec<_> =
        by_class(&doc, "holiday").iter().filter_map(roxmltree::Node::text).collect();
    assert_eq!(holiday, ["11"]);
    assert!(by_class(&doc, "weekend").iter().filter(|n| n.has_tag_name("rect")).count() >= 3);
    assert_eq!(by_class(&doc, "status-date")[0].attribute("data-date"), Some("2026-11-12"));
    // The late task carries its forecast past the due date; its successors follow the forecast.
    let task = |id: &str| {
        by_class(&doc, "task").into_iter().find(|n| n.attribute("data-id") == Some(id)).unwrap()
    };
    let copy = task("copy");
    assert!(has_class(&copy, "late") && has_class(&copy, "critical"));
    assert_eq!(copy.descendants().filter(|n| has_class(n, "slip")).count(), 1);
    assert!(title_of(&copy).contains("Due: Nov 10 · late by 2 workdays"), "{}", title_of(&copy));
    // The critical chain, arrow by arrow.
    let critical: BTreeSet<(&str, &str)> = by_class(&doc, "dep")
        .iter()
        .filter(|n| has_class(n, "critical"))
        .map(|n| (n.attribute("data-from").unwrap(), n.attribute("data-to").unwrap()))
        .collect();
    let want = [("copy", "review"), ("review", "qa"), ("qa", "launch"), ("launch", "announce")];
    assert_eq!(critical, want.into_iter().collect());
    // Owners and progress beside the bars; the baseline beneath the one that has it; flex hatched.
    let owner = |id: &str| task(id).descendants().find(|n| has_class(n, "owner")).unwrap();
    assert_eq!(owner("build").text(), Some("Cy · 40%"));
    assert_eq!(owner("launch").text(), Some("Nov 20 · Ann"));
    assert_eq!(task("build").descendants().filter(|n| has_class(n, "baseline")).count(), 1);
    assert!(has_class(&task("press"), "flex"));
}

/// Writes the example plan's charts to /tmp/gantt*.svg and an HTML page around them, for a
/// look in Chromium: `cargo test gantt_look -- --ignored`.
#[test]
#[ignore = "writes files to /tmp for a visual check"]
fn gantt_look() {
    let a = example();
    let views = [
        ("gantt", GanttView::Plan, false),
        ("gantt-critical", GanttView::Critical, false),
        ("gantt-ahead", GanttView::LookAhead(2), false),
        ("gantt-goal", GanttView::Goal("conversion".into()), false),
        ("gantt-collapsed", GanttView::Plan, true),
    ];
    let mut html = String::from(
        "<!doctype html><meta charset=utf-8><title>gantt</title><body style=\"margin:16px;font-family:system-ui\">",
    );
    for (name, view, collapse) in views {
        let svg = render(
            &a,
            &view,
            &GanttOptions {
                id_prefix: name.into(),
                collapse_done: collapse,
                ..GanttOptions::default()
            },
        );
        std::fs::write(format!("/tmp/{name}.svg"), &svg).unwrap();
        let _ = write!(html, "<h2>{name}</h2>{svg}");
    }
    let zh = analyse(&fixture("build/zh-cn"), None);
    let svg = render(
        &zh,
        &GanttView::Plan,
        &GanttOptions {
            id_prefix: "zh".into(),
            locale: jindu::meta::Locale::ZhCn,
            ..GanttOptions::default()
        },
    );
    std::fs::write("/tmp/gantt-zh.svg", &svg).unwrap();
    let _ = write!(html, "<h2>zh</h2>{svg}");
    std::fs::write("/tmp/g.html", html).unwrap();
}

/// Renders a generated 10,000-task plan and prints the time (a measurement, not an assertion):
/// `cargo test --release gantt_10k -- --ignored --nocapture`.
#[test]
#[ignore = "measurement"]
fn gantt_10k() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("plan.md"), "---\nkind: plan\ntitle: Big\nstart: 2026-01-05\n---\n")
        .unwrap();
    for g in 0..50_usize {
        let gd = root.join(format!("g{g}"));
        std::fs::create_dir_all(&gd).unwrap();
        std::fs::write(gd.join("index.md"), format!("---\nkind: goal\ntitle: Goal {g}\n---\n"))
            .unwrap();
        for i in 0..200 {
            let n = g * 200 + i;
            let dep = if i == 0 {
                String::new()
            } else {
                format!("depends: [t{}]\n", (n - 1).saturating_sub(n % 3).max(g * 200))
            };
            let status = ["done", "doing", "todo"][n % 3];
            std::fs::write(
                gd.join(format!("t{n}.md")),
                format!("---\nkind: task\ntitle: Task {n} with a longer title\nowner: p{}\nduration: {}d\nstatus: {status}\n{dep}---\n", n % 40, 1 + n % 4),
            )
            .unwrap();
        }
    }
    let t0 = std::time::Instant::now();
    let a = analyse(root, Some("2026-03-02"));
    let loaded = t0.elapsed();
    let t1 = std::time::Instant::now();
    let svg = render(&a, &GanttView::Plan, &GanttOptions::default());
    let rendered = t1.elapsed();
    let t2 = std::time::Instant::now();
    let collapsed = render(
        &a,
        &GanttView::Plan,
        &GanttOptions { collapse_done: true, ..GanttOptions::default() },
    );
    let rendered_c = t2.elapsed();
    let t3 = std::time::Instant::now();
    let pages = render_pages(&a, &GanttView::Plan, &GanttOptions::default(), &PrintFit::default());
    let printed = t3.elapsed();
    parse(&svg);
    println!(
        "10k tasks: load+analyse {loaded:?}; render {rendered:?} ({} KB); collapsed {rendered_c:?} ({} KB); print pages {printed:?} ({} pages)",
        svg.len() / 1024,
        collapsed.len() / 1024,
        pages.len()
    );
    let _ = Diagnostics::default();
}
