//! What big plans change in the site: dashboard lists cut to a readable length with counts,
//! goal charts that outline their sub-goals, whole-plan charts too big for a page kept in their
//! own file, and rebuilds that reuse (hard-link) the files that did not change; plus how `check`
//! reports overdue work (once, however many tasks).

use crate::support::*;
use std::fmt::Write as _;
use std::path::Path;

/// Writes a plan note with a status date, under `root`.
fn plan_note(root: &Path) {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(
        root.join("plan.md"),
        "---\nkind: plan\ntitle: Big\nstart: 2026-01-05\nas_of: 2026-03-02\n---\n",
    )
    .unwrap();
}

/// Writes goal `id` in folder `dir` (its tasks go in the same folder).
fn goal(dir: &Path, id: &str, parent: Option<&str>) {
    std::fs::create_dir_all(dir).unwrap();
    let parent = parent.map(|p| format!("parent: {p}\n")).unwrap_or_default();
    std::fs::write(
        dir.join("index.md"),
        format!("---\nkind: goal\nid: {id}\ntitle: Goal {id}\n{parent}---\n"),
    )
    .unwrap();
}

/// Writes task `id` in `dir` with extra front matter lines.
fn task(dir: &Path, id: &str, extra: &str) {
    std::fs::write(
        dir.join(format!("{id}.md")),
        format!("---\nkind: task\ntitle: Task {id}\nowner: Ann\nduration: 2d\n{extra}---\n"),
    )
    .unwrap();
}

/// Rows of a table body in `html` after the heading `h3` with text `heading`.
fn rows_after(html: &str, heading: &str) -> usize {
    let start = html.find(&format!(">{heading}</h3>")).unwrap_or_else(|| panic!("no `{heading}`"));
    let table = &html[start..];
    let end = table.find("</table>").unwrap();
    table[..end].matches("<tr").count() - 1
}

#[test]
fn dashboard_lists_are_cut_with_counts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    plan_note(&root);
    // 40 tasks due long before the status date and not done: all late.
    for i in 0..40 {
        task(&root, &format!("late{i:02}"), "due: 2026-01-09\nstatus: todo\n");
    }
    let out = dir.path().join("site");
    build_ok(&root, &out, &[]);
    let index = read(&out, "index.html");
    assert_eq!(rows_after(&index, "Late tasks"), 25, "the dashboard shows 25 late tasks");
    assert!(index.contains(r#"<dd class="bad">40</dd>"#), "the count counts all 40");
    assert!(text(&index).contains("+15 more in the task list"), "{}", text(&index));
    // Ann's load table names 10 of the week's 40 tasks and counts the rest.
    let ann = read(&out, "people/ann.html");
    let week = &ann[ann.find("class=\"load-tasks\"").unwrap()..];
    let week = &week[..week.find("</td>").unwrap()];
    assert_eq!(week.matches("<a ").count(), 10, "{week}");
    assert!(text(week).contains("+30 more"), "{week}");
    // The task list still has every one of them.
    let tasks = read(&out, "tasks.html");
    assert_eq!((0..40).filter(|i| tasks.contains(&format!("tasks/late{i:02}.html"))).count(), 40);
}

/// The table rows of the person page's section headed `id="{group}"`.
fn group_rows(html: &str, group: &str) -> String {
    let start = html.find(&format!("<h2 id=\"{group}\">")).unwrap_or_else(|| panic!("no {group}"));
    let section = &html[start..];
    section[..section.find("</section>").unwrap()].to_string()
}

#[test]
fn person_pages_cut_long_groups_and_count_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    plan_note(&root);
    // A chain of 205 open tasks run in the opposite order of their ids (t204 first).
    for i in 0..205 {
        let dep = if i < 204 { format!("depends: [t{:03}]\n", i + 1) } else { String::new() };
        task(&root, &format!("t{i:03}"), &format!("status: todo\n{dep}"));
    }
    for i in 0..23 {
        task(
            &root,
            &format!("done{i:02}"),
            &format!("status: done\nstart: 2026-01-{:02}\n", i + 5),
        );
    }
    let out = dir.path().join("site");
    build_ok(&root, &out, &[]);
    let ann = read(&out, "people/ann.html");
    // Open work: the 200 soonest, in schedule order, and a count of the rest.
    let todo = group_rows(&ann, "todo");
    assert!(text(&todo).contains("(205)"), "the heading counts all 205");
    assert_eq!(todo.matches("<tr").count() - 1, 200, "200 rows of open work");
    assert!(todo.contains("tasks/t204.html") && todo.contains("tasks/t005.html"));
    assert!(!todo.contains("tasks/t004.html"), "the latest open tasks are the ones cut");
    assert!(todo.find("tasks/t204.html") < todo.find("tasks/t005.html"), "schedule order");
    assert!(text(&todo).contains("+5 more in the task list"), "{}", text(&todo));
    // Finished work: the 20 latest and a count.
    let done = group_rows(&ann, "done");
    assert_eq!(done.matches("<tr").count() - 1, 20);
    assert!(done.contains("tasks/done22.html") && !done.contains("tasks/done02.html"));
    assert!(text(&done).contains("+3 more in the task list"), "{}", text(&done));
    // The task list still has every one of them.
    let tasks = read(&out, "tasks.html");
    assert_eq!((0..205).filter(|i| tasks.contains(&format!("tasks/t{i:03}.html"))).count(), 205);
}

#[test]
fn big_goal_charts_outline_their_sub_goals() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    plan_note(&root);
    goal(&root.join("top"), "top", None);
    task(&root.join("top"), "own", "");
    for g in ["a", "b", "c", "d"] {
        let gd = root.join("top").join(g);
        goal(&gd, g, Some("top"));
        for i in 0..35 {
            task(&gd, &format!("{g}{i}"), "");
        }
    }
    // A goal whose work is all in a sub-goal still charts it.
    goal(&root.join("wrap"), "wrap", None);
    goal(&root.join("wrap/inner"), "inner", Some("wrap"));
    task(&root.join("wrap/inner"), "deep", "");
    let out = dir.path().join("site");
    build_ok(&root, &out, &[]);
    assert!(read(&out, "goals/wrap.html").contains(r#"data-id="deep""#));
    let top = read(&out, "goals/top.html");
    // 141 tasks below `top`: its chart shows its own task and one summary row per sub-goal.
    assert!(top.contains(r#"data-id="own""#));
    for g in ["a", "b", "c", "d"] {
        assert!(top.contains(&format!(r#"href="../goals/{g}.html""#)), "summary row of {g}");
        assert!(!top.contains(&format!(r#"data-id="{g}0""#)), "no task rows of {g}");
    }
    // A sub-goal's own page still charts all of its tasks.
    let a = read(&out, "goals/a.html");
    assert_eq!((0..35).filter(|i| a.contains(&format!(r#"data-id="a{i}""#))).count(), 35);
}

#[test]
fn charts_too_big_for_a_page_stay_in_their_own_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    plan_note(&root);
    let mut deps = String::new();
    for i in 0..1600 {
        // One long chain, so the critical-path chart is as big as the plan's.
        deps.clear();
        if i > 0 {
            let _ = writeln!(deps, "depends: [t{}]", i - 1);
        }
        task(&root, &format!("t{i}"), &deps);
    }
    let out = dir.path().join("site");
    build_ok(&root, &out, &[]);
    let page = read(&out, "gantt.html");
    assert!(page.len() < 200_000, "gantt.html is {} bytes", page.len());
    assert!(text(&page).contains("This chart has 1600 rows, too many to show on this page"));
    assert!(page.contains(r#"href="charts/gantt.svg""#));
    let svg = read(&out, "charts/gantt.svg");
    assert_eq!(
        svg.matches(r#"class="task "#).count() + svg.matches(r#"class="task""#).count(),
        1600
    );
    // The look-ahead is small enough to stay on the page.
    assert!(page.contains(r#"id="gantt-ahead""#));
}

/// The ids of the task bars in the SVG with id `svg_id` in `html`.
fn bars_in(html: &str, svg_id: &str) -> Vec<String> {
    let start = html.find(&format!(r#"id="{svg_id}""#)).unwrap_or_else(|| panic!("no {svg_id}"));
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    svg.split(r#"class="task"#)
        .skip(1)
        .filter_map(|s| s.split(r#"data-id=""#).nth(1)?.split('"').next().map(String::from))
        .collect()
}

#[test]
fn the_handout_look_ahead_keeps_the_most_pressing_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    plan_note(&root);
    // 130 tasks in the four weeks from the status date (Monday 2 March), none of them late or
    // critical but the last four, and a milestone; one task is due before it can finish.
    let note = |id: &str, front: &str| {
        std::fs::write(root.join(format!("{id}.md")), format!("---\ntitle: {id}\n{front}---\n"))
            .unwrap();
    };
    for i in 0..130 {
        let start =
            format!("kind: task\nstart: 2026-03-0{}\nduration: {}d\n", 2 + i % 5, 2 + i % 4);
        note(&format!("w{i:03}"), &start);
    }
    note("late", "kind: task\nstart: 2026-03-02\nduration: 10d\ndue: 2026-03-06\n");
    note("tail", "kind: task\ndepends: [late]\nduration: 3d\n");
    note("m", "kind: milestone\ndepends: [w000]\n");
    let out = dir.path().join("site");
    build_ok(&root, &out, &[]);
    let handout = read(&out, "handout.html");
    let shown = bars_in(&handout, "handout-gantt");
    assert_eq!(shown.len(), 100, "the handout's look-ahead shows 100 of 133 tasks");
    for want in ["late", "tail", "m"] {
        assert!(shown.iter().any(|id| id == want), "the look-ahead keeps `{want}`");
    }
    assert!(
        text(&handout).contains("+33 more tasks in these weeks on the Gantt page"),
        "the handout says how many more there are"
    );
    assert!(handout.contains(r#"href="gantt.html#gantt-ahead-section""#));
    // Its print pages show the same tasks; the Gantt page shows them all.
    let printed: usize = (1..=9)
        .filter(|p| handout.contains(&format!(r#"id="handout-gantt-print-p{p}""#)))
        .map(|p| bars_in(&handout, &format!("handout-gantt-print-p{p}")).len())
        .sum();
    assert_eq!(printed, 100);
    assert_eq!(bars_in(&read(&out, "gantt.html"), "gantt-ahead").len(), 133);
}

#[cfg(unix)]
#[test]
fn rebuilds_reuse_unchanged_files() {
    use std::os::unix::fs::MetadataExt as _;
    let (_dir, plan) = fixture_copy("build/minimal");
    let out = plan.parent().unwrap().join("site");
    build_ok(&plan, &out, &[]);
    let ino = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    // Every file but the marker, which each build writes anew.
    let files: Vec<String> = files(&out).into_iter().filter(|f| f != ".jindu-site").collect();
    let before: Vec<(String, u64)> = files.iter().map(|f| (f.clone(), ino(f))).collect();
    build_ok(&plan, &out, &[]);
    for (f, i) in &before {
        assert_eq!(ino(f), *i, "{f} is the same file after a build that changed nothing");
    }
    // Change one note's title: its page changes (a new file); the stylesheet does not.
    let note = files_with_kind(&plan, "task");
    let text = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, text.replacen("title:", "title: Renamed", 1)).unwrap();
    build_ok(&plan, &out, &[]);
    let changed: Vec<&String> =
        before.iter().filter(|(f, i)| ino(f) != *i).map(|(f, _)| f).collect();
    assert!(!changed.is_empty());
    assert!(changed.iter().any(|f| f.starts_with("tasks/")), "{changed:?}");
    assert!(!changed.iter().any(|f| f.starts_with("assets/")), "{changed:?}");
}

/// The first note under `plan` whose front matter says `kind: <kind>`.
fn files_with_kind(plan: &Path, kind: &str) -> std::path::PathBuf {
    let mut found: Vec<_> = files(plan)
        .into_iter()
        .map(|f| plan.join(f))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                && std::fs::read_to_string(p)
                    .is_ok_and(|t| t.lines().any(|l| l.trim() == format!("kind: {kind}")))
        })
        .collect();
    found.sort();
    found.into_iter().next().unwrap_or_else(|| panic!("no {kind} note in {}", plan.display()))
}

#[test]
fn an_overdue_task_is_reported_once_at_its_due_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("plan");
    plan_note(&root);
    task(&root, "late", "due: 2026-01-09\nstatus: doing\n");
    let o = jindu(dir.path(), &["check", "plan"]);
    let err = stderr(&o);
    assert_eq!(err.matches("`late` was due 2026-01-09 and is not done").count(), 1, "{err}");
    assert!(err.contains("late.md:6:"), "pointed at the `due:` line: {err}");
    assert!(!err.contains("past its due date"), "{err}");
}
