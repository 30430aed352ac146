//! The board, people and RACI, risks, reviews and the handout, built from a plan made for them
//! (`tests/fixtures/build/views`, status date 18 Mar 2026) and from the example; `jindu check`'s
//! RACI and capacity warnings; and the handout printed to PDF by headless Chromium.
//!
//! The PDF test needs `chromium` (or `$JINDU_CHROMIUM`) and poppler's `pdfinfo`, `pdftotext` and
//! `pdftoppm` (Debian: `poppler-utils`). Without them it prints a loud SKIPPED line and passes,
//! unless `CI=true`, where it fails.

use crate::support::{
    build_example, build_ok, fixture_copy, hrefs, jindu, path_str, read, stderr, tags, text,
};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the views fixture; returns (tempdir, site).
fn build_views() -> (tempfile::TempDir, PathBuf) {
    let (tmp, plan) = fixture_copy("build/views");
    let site = tmp.path().join("site");
    build_ok(&plan, &site, &[]);
    (tmp, site)
}

#[track_caller]
fn has(haystack: &str, needle: &str, what: &str) {
    assert!(haystack.contains(needle), "{what}: `{needle}` not found in:\n{haystack}");
}

#[track_caller]
fn lacks(haystack: &str, needle: &str, what: &str) {
    assert!(!haystack.contains(needle), "{what}: `{needle}` should not be in:\n{haystack}");
}

/// The text of the part of `page` from the element with `id` to the end of its section.
fn section(html: &str, id: &str) -> String {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no id {id}"));
    let rest = &html[start..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    let end = rest.find("</section>").unwrap_or(rest.len());
    text(&rest[..end])
}

/// The `<article class="card ...">` elements of a board page as text, in order.
fn cards(html: &str) -> Vec<String> {
    html.split("<article class=\"card")
        .skip(1)
        .map(|c| {
            let body = &c[c.find('>').unwrap() + 1..c.find("</article>").unwrap()];
            text(body)
        })
        .collect()
}

#[test]
fn board_has_four_columns_lanes_by_goal_and_owner_and_hides_cancelled_work() {
    let (_tmp, site) = build_views();
    for page in ["board.html", "board-owners.html"] {
        let html = read(&site, page);
        let txt = text(&html);
        // Column heads with counts over the board: 2 to do (docs, qa, prep: 3), 1 doing,
        // 1 blocked, 1 done; the cancelled task is counted aside, not shown.
        for (status, label, n) in [
            ("todo", "To do", 3),
            ("doing", "Doing", 1),
            ("blocked", "Blocked", 1),
            ("done", "Done", 1),
        ] {
            assert!(
                html.contains(&format!("status-col-{status}\">"))
                    && txt.contains(&format!("{label} {n}")),
                "{page}: column {label} with {n}"
            );
        }
        has(&txt, "6 tasks · 1 cancelled not shown", page);
        lacks(&txt, "Port the legacy importer", page);
        lacks(&txt, "Go live", page); // milestones are on the Gantt, not the board
        assert_eq!(cards(&html).len(), 6, "{page}: one card per task");
        assert!(hrefs(&html).contains("tasks/api.html"), "{page} links its cards");
        has(&html, "aria-current=\"page\"", page);
        assert!(hrefs(&html).contains("board.html") && hrefs(&html).contains("board-owners.html"));
    }
    // By goal: a lane per goal with tasks, in goal-tree order; cards name owner and due/end.
    let html = read(&site, "board.html");
    let txt = text(&html);
    let (launch, backend) =
        (txt.find("Launch the app 5").unwrap(), txt.find("Backend ready 1").unwrap());
    assert!(launch < backend, "lanes follow the goal tree");
    let docs = cards(&html).into_iter().find(|c| c.contains("Write the help pages")).unwrap();
    for want in ["Late", "Owner Ana Lima", "Due Mar 20, 2026"] {
        has(&docs, want, "docs card");
    }
    let build = cards(&html).into_iter().find(|c| c.contains("Build the client")).unwrap();
    for want in ["Critical", "Owner Ben Ode", "End ", "25%"] {
        has(&build, want, "build card");
    }
    let qa = cards(&html).into_iter().find(|c| c.contains("Test the release")).unwrap();
    has(&qa, "Owner —", "a card without an owner says so");
    // By owner: a lane per Responsible, by name, then the unassigned; cards name the goal.
    let html = read(&site, "board-owners.html");
    let txt = text(&html);
    let order: Vec<usize> = ["Ana Lima 2 Product", "Ben Ode 3 Engineering", "Unassigned 1"]
        .iter()
        .map(|l| txt.find(l).unwrap_or_else(|| panic!("lane {l} in {txt}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "owner lanes by name, unassigned last");
    let api = cards(&html).into_iter().find(|c| c.contains("Wire the payments API")).unwrap();
    has(&api, "Goal Backend ready", "owner board cards name their goal");
    // The board is in the navigation of every page.
    has(&read(&site, "index.html"), "<a href=\"board.html\"", "nav");
    has(&read(&site, "tasks/api.html"), "<a href=\"../board.html\"", "nav");
}

#[test]
fn raci_matrix_shows_every_role_and_flags_incomplete_ones() {
    let (_tmp, site) = build_views();
    let html = read(&site, "raci.html");
    let txt = text(&html);
    // People as columns (everyone with a role on a task, by name), tasks as rows by goal.
    let cols = ["Ana Lima", "Ben Ode", "carl"];
    let thead = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
    let at: Vec<usize> =
        cols.iter().map(|c| thead.find(c).unwrap_or_else(|| panic!("{c}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "columns by name: {thead}");
    has(&txt, "Launch the app Design the screens", "goal group heading then its tasks");
    // Row of `build`: R Ben, A Ana, C carl (cells in column order).
    let row = |task: &str| {
        let i = html.find(&format!("tasks/{task}.html")).unwrap();
        let rest = &html[i..];
        let row = &rest[..rest.find("</tr>").unwrap()];
        row.split("<td").skip(1).map(|c| text(&format!("<td{c}"))).collect::<Vec<_>>()
    };
    assert_eq!(row("build"), ["A", "R", "C"]);
    assert_eq!(row("design"), ["R", "A", "I"]);
    assert_eq!(row("prep"), ["AI", "R", ""]);
    // Two Accountable people from "ana, carl"; no A; no R: flagged on the row.
    assert_eq!(row("api"), ["A", "R", "A"]);
    // Each cell is classed by its letters; the footer counts each person's R and A over the
    // matrix's tasks (an A shared by two people counts for both).
    has(&html, "<td class=\"has raci-A raci-I\"><span class=\"raci-letters\">AI</span>", "AI cell");
    has(&html, "<td class=\"has raci-C\"><span class=\"raci-letters\">C</span>", "C cell");
    let foot = &html[html.find("<tfoot>").unwrap()..html.find("</tfoot>").unwrap()];
    has(foot, "<td>2 · 3</td><td>3 · 2</td><td>0 · 1</td>", "R · A per person");
    let flag = |task: &str| {
        let i = html.find(&format!("tasks/{task}.html")).unwrap();
        text(&html[i..i + html[i..].find("</th>").unwrap()])
    };
    has(&flag("api"), "2 A", "api");
    has(&flag("docs"), "no A", "docs");
    has(&flag("qa"), "no R", "qa");
    has(&txt, "3 / 6 tasks lack a Responsible", "summary of RACI problems");
    lacks(&txt, "Port the legacy importer", "cancelled tasks are not in the matrix");
    // The header row and task column stay put: the matrix is in a scroll box with sticky cells.
    has(&html, "class=\"matrix-scroll\"", "scroll box");
    let css = read(&site, "assets/style.css");
    has(&css, "table.raci-matrix thead th { position: sticky; top: 0;", "sticky header");
    has(
        &css,
        "table.raci-matrix .corner, table.raci-matrix th.task, table.raci-matrix tfoot th { position: sticky; left: 0;",
        "sticky task column",
    );
    // People list links the matrix, and shows the roles and this week's load.
    let people = text(&read(&site, "people.html"));
    has(&people, "Ana Lima Product 3 3 0 · 1 3 / 2 workdays Overloaded ×1", "people row of Ana");
    // "ana, carl" is two people, not a third one.
    lacks(&people, "ana, carl", "people list");
}

#[test]
fn person_pages_show_tasks_by_status_deadlines_and_load_against_capacity() {
    let (_tmp, site) = build_views();
    let html = read(&site, "people/ben.html");
    let txt = text(&html);
    for want in [
        "Ben Ode Overloaded",
        "Capacity 5 workdays a week",
        // Cancelled work is listed but not counted.
        "R 3 · A 2 · C 0 · I 0",
        "Responsible · Doing (1) Task",
        "Responsible · Blocked (1)",
        "Responsible · To do (1)",
        "Responsible · Cancelled (1)",
    ] {
        has(&txt, want, "people/ben.html");
    }
    // Deadlines: unfinished work Ben is R or A for, soonest first, with how far off.
    let deadlines = section(&html, "deadlines");
    let build = deadlines.find("Build the client").unwrap();
    let qa = deadlines.find("Test the release").unwrap();
    assert!(build < qa, "{deadlines}");
    has(&deadlines, "in 5 workdays", "build ends 25 Mar, five workdays after 18 Mar");
    // Load per week: 18 Mar is in W12; Ben has build (3 days) and api (3 days) there... and
    // the calendar caps nothing (no holidays), so capacity 5 is what he can give.
    let load = section(&html, "load");
    has(&load, "W12 · Mar 16 · this week 8 / 5 Overloaded", "current week over capacity");
    has(&load, "Wire the payments API , Build the client", "the tasks making the load");
    has(&html, "class=\"current over\"", "row marked over");
    // Ana: done work in past weeks is history, not a warning.
    let ana = read(&site, "people/ana.html");
    let load = section(&ana, "load");
    has(&load, "W11 · Mar 9 5 / 2", "past week counted");
    assert!(
        !load.contains("W11 · Mar 9 5 / 2 Overloaded"),
        "no warning tag on a past week: {load}"
    );
    // Someone named in a RACI list without a note still gets a page with their roles.
    let carl = text(&read(&site, "people/carl.html"));
    has(&carl, "R 0 · A 1 · C 1 · I 1", "carl");
    // "ana, carl" as the Accountable is two people: two links, and no person "ana, carl".
    let api = read(&site, "tasks/api.html");
    has(
        &api,
        r#"<a href="../people/ana.html">Ana Lima</a>, <a href="../people/carl.html">carl</a>"#,
        "api",
    );
    let all = crate::support::files(&site);
    assert!(!all.iter().any(|f| f.starts_with("people/ana-carl")), "{all:?}");
}

#[test]
fn check_warns_about_raci_gaps_conflicts_and_overload() {
    let (tmp, plan) = fixture_copy("build/views");
    let o = jindu(tmp.path(), &["check", path_str(&plan)]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "warnings do not fail check:\n{err}");
    for want in [
        "warning: task `api` has 2 Accountable people (`ana`, `carl`); a task has exactly one\n --> launch/backend/api.md:6:16",
        "hint: keep the one person who answers for the result in `raci.accountable` and move the others to `raci.consulted`",
        "warning: task `docs` has no Accountable\n --> launch/docs.md",
        "warning: task `qa` has no owner (Responsible)\n --> launch/qa.md",
        "warning: task `prep` lists Ana Lima as both Accountable and Informed\n --> launch/prep.md:7:14\n  |\n7 |   informed: [ana]\n  |              ^^^",
        "warning: Ana Lima is overloaded in 1 week(s): 2026-W12 has 3 workdays of tasks for 2 available (`docs`)\n --> people/ana.md:5:1",
        "warning: Ben Ode is overloaded in 1 week(s): 2026-W12 has 8 workdays of tasks for 5 available (`api`, `build`)",
    ] {
        has(&err, want, "check");
    }
    // Cancelled work carries no load and no RACI warning; past weeks are not overload.
    lacks(&err, "legacy", "check");
    lacks(&err, "2026-W11", "check");
    // A value that is one person's name, with a note, is one Accountable even with "and" in it.
    std::fs::write(plan.join("people/ops.md"), "---\nkind: person\nname: Sales and Ops\n---\n")
        .unwrap();
    let api = std::fs::read_to_string(plan.join("launch/backend/api.md")).unwrap();
    std::fs::write(plan.join("launch/backend/api.md"), api.replace("ana, carl", "Sales and Ops"))
        .unwrap();
    let err = stderr(&jindu(tmp.path(), &["check", path_str(&plan)]));
    lacks(&err, "`api` has 2 Accountable", "a person's own name is not split");
}

#[test]
fn risks_page_has_a_register_and_a_heat_map_and_alerts_trigger_risks() {
    let (_tmp, site) = build_views();
    let html = read(&site, "risks.html");
    let txt = text(&html[html.find("id=\"register\"").unwrap()..]);
    // Register: triggered first, then by score; every field of the note.
    let order: Vec<usize> = [
        "1 Signups stall after launch",
        "2 Ad account suspended",
        "3 Payments vendor is late",
        "4 Office move clashes",
    ]
    .iter()
    .map(|r| txt.find(r).unwrap_or_else(|| panic!("{r} in {txt}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "register order");
    for want in [
        "Signups stall after launch Triggered triggered by Signups alert Medium High Ana Lima Signups below 100 for two days Move the ad budget to search and email the waiting list Metrics Signups",
        "Payments vendor is late Mitigated High High Ben Ode No sandbox keys by 20 Mar Launch with card payments only Tasks Wire the payments API",
        "Office move clashes with launch Closed Low Low",
    ] {
        has(&txt, want, "register");
    }
    // The alert's plan B names a risk: that risk is triggered too.
    has(&txt, "Ad account suspended Triggered triggered by Signups alert", "plan B risk");
    // Heat map: one SVG, 9 cells, a linked chip with a tooltip per risk in its cell.
    let start = html.find("<svg").unwrap();
    let svg = &html[start..html[start..].find("</svg>").unwrap() + start + 6];
    let svg_tags = tags(svg).expect("heat map is well-formed");
    assert_eq!(svg.matches("class=\"cell ").count(), 9);
    let hrefs: Vec<String> =
        svg_tags.iter().filter(|t| t.name == "a").filter_map(|t| t.attr("href")).collect();
    // Cell by cell from low impact up, low probability across.
    assert_eq!(
        hrefs,
        [
            "risks/old.html",
            "risks/fallback-ads.html",
            "risks/slow-signups.html",
            "risks/vendor.html"
        ]
    );
    has(
        svg,
        "<a href=\"risks/slow-signups.html\" class=\"risk triggered\"><title>1. Signups stall after launch\nProbability: Medium · Impact: High · Triggered (triggered by Signups alert)\nOwner: Ana Lima</title>",
        "tooltip",
    );
    has(svg, "class=\"risk mitigated\"", "status class");
    // Cells: high × high is top right (x 556, y 10); medium × high top middle.
    has(
        svg,
        "<a href=\"risks/vendor.html\" class=\"risk mitigated\"><title>3. Payments vendor is late",
        "vendor chip",
    );
    let vendor = &svg[svg.find("risks/vendor.html").unwrap()..];
    has(
        &vendor[..300],
        "<rect class=\"chip\" x=\"562\" y=\"16\"",
        "vendor in the high × high cell",
    );
    let slow = &svg[svg.find("risks/slow-signups.html").unwrap()..];
    has(
        &slow[..400],
        "<rect class=\"chip\" x=\"326\" y=\"16\"",
        "slow signups in the medium × high cell",
    );
    // The risk page says what triggered it and what its note says.
    let page = text(&read(&site, "risks/slow-signups.html"));
    has(&page, "Triggered triggered by Signups alert: Signups (the note says Open)", "risk page");
    has(&page, "Score 6 / 9", "risk page score");
}

#[test]
fn reviews_show_a_change_log_with_shifts_in_workdays_and_the_dashboard_what_changed() {
    let (_tmp, site) = build_views();
    // Review page: date, cadence, attendees, decisions, changes with reasons and shifts.
    let txt = text(&read(&site, "reviews/2026-03-13.html"));
    for want in [
        "Date Mar 13, 2026 Cadence Weekly Attendees Ana Lima , Ben Ode , carl",
        "Decisions Build starts Monday Ask the vendor for sandbox keys",
        "Build the client end 2026-03-20 2026-03-25 +3 workdays Waiting on the payments API",
        "Write the help pages duration 3d 1w +2 workdays Two more help pages",
        "Open action items Ben: chase the vendor for sandbox keys",
    ] {
        has(&txt, want, "review page");
    }
    lacks(&txt, "Open action items Ana: book", "ticked items are not open");
    // Change log on reviews.html: every change, newest review first, with the review's date.
    let html = read(&site, "reviews.html");
    let log = section(&html, "change-log");
    let a = log.find("Mar 13 Build the client").unwrap();
    let b = log.find("Mar 13 Write the help pages").unwrap();
    let c = log.find("Mar 6 Design the screens end 2026-03-11 2026-03-13 +2 workdays One more round of feedback").unwrap();
    assert!(a < b && b < c, "{log}");
    // Dashboard: since the last weekly review (13 Mar; the 16 Mar stand-up does not start a
    // period) to the status date.
    let since = section(&read(&site, "index.html"), "since");
    for want in [
        "Since the last review Weekly review 13 Mar · Mar 13, 2026 – Mar 18, 2026",
        "Finished 1 Design the screens Mar 13, 2026",
        "Started 1 Build the client Mar 16, 2026",
        "Slipped 3 Build the client +3 workdays end 2026-03-20 → 2026-03-25 — Waiting on the payments API",
        "Write the help pages Late End Mar 24, 2026 · Due Mar 20, 2026",
        "Metrics moved 1 Signups 131 → 92 ▼ -29.8%",
        "Alerts fired 1 Signups Active Mar 17, 2026 – Mar 18, 2026 · below 100 for 2 days in a row · Plan B: Ad account suspended",
    ] {
        has(&since, want, "since the last review");
    }
    lacks(&since, "Wire the payments API", "a blocked task without an actual start did not start");
}

#[test]
fn handout_has_the_summary_the_look_ahead_and_the_lists() {
    let (_tmp, site) = build_views();
    let html = read(&site, "handout.html");
    let txt = text(&html);
    for want in [
        "Review handout · Status as of Mar 18, 2026",
        "Objective Launch the new app by April",
        // The late task is on the critical path: off track.
        "Off track 1 task late (1 on the critical path) · 2 tasks at risk · 1 alert active · 1 metric off track · 2 risks triggered",
        "Key metrics Metric Latest Target now Gap to target Change Trend Health Signups 92 100 -8",
        "Critical path Build the client → Prepare the launch mail → Go live",
        "Top risks 1 Signups stall after launch triggered by Signups alert",
        "Decisions needed Blocked Wire the payments API (Ben Ode) — unblock it",
        "Alert Signups (Ana Lima) — Switch the ad budget to search",
        "Triggered Signups stall after launch (Ana Lima) — Move the ad budget to search",
        "Open action Weekly review 13 Mar — Ben: chase the vendor for sandbox keys",
        "Next four weeks",
        "Late and at-risk tasks",
        "Write the help pages Late Critical Ana Lima To do Mar 24, 2026 Mar 20, 2026 -2",
        "Alerts that fired since Mar 13, 2026 Metric When Trigger Value Response / Plan B Signups Active",
        "Decisions since the last review Mar 13, 2026 – Mar 18, 2026 Weekly review 13 Mar",
        "Stand-up 16 Mar Mar 16, 2026 · Daily Pause the ads until the account is back",
    ] {
        has(&txt, want, "handout.html");
    }
    // The look-ahead Gantt is inline, with its bars linked to task pages.
    has(&html, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"handout-gantt\"", "Gantt");
    assert!(hrefs(&html).contains("tasks/build.html"));
    // It is built for the status date: another --as-of gives another handout.
    let (tmp, plan) = fixture_copy("build/views");
    let later = tmp.path().join("later");
    build_ok(&plan, &later, &["--as-of", "2026-03-25"]);
    let txt = text(&read(&later, "handout.html"));
    has(&txt, "Status as of Mar 25, 2026", "later handout");
    has(&txt, "Stand-up 16 Mar", "the stand-up is the last review before 25 Mar");
}

#[test]
fn the_example_builds_the_new_pages_with_their_content() {
    let (_tmp, site) = build_example();
    let board = text(&read(&site, "board.html"));
    has(&board, "\"Complete the set\" bundle widget", "example board");
    let raci = text(&read(&site, "raci.html"));
    has(&raci, "Set the channel budget split", "example RACI");
    let handout = text(&read(&site, "handout.html"));
    for want in [
        "Review handout",
        "Key metrics",
        "Ad ROI (blended)",
        "Critical path",
        "Top risks",
        "Decisions needed",
        "Next four weeks",
    ] {
        has(&handout, want, "example handout");
    }
    let reviews = text(&read(&site, "reviews.html"));
    has(
        &reviews,
        "Brief influencers and hand over affiliate codes end 2026-10-26 2026-10-29 +3 workdays",
        "example change log",
    );
}

#[test]
fn the_new_pages_speak_chinese() {
    let (tmp, plan) = fixture_copy("build/zh-cn");
    let site = tmp.path().join("site");
    build_ok(&plan, &site, &[]);
    for (page, want) in [
        ("board.html", "看板"),
        ("board-owners.html", "按负责人"),
        ("raci.html", "RACI 矩阵"),
        ("risks.html", "风险登记表"),
        ("handout.html", "复盘会议材料"),
        ("index.html", "上次复盘以来"),
    ] {
        has(&text(&read(&site, page)), want, page);
    }
}

// ---------------------------------------------------------------------------------------------
// The handout on paper
// ---------------------------------------------------------------------------------------------

/// A program from `PATH` (or `$env`), or `None` after a loud notice; fails when `CI=true`.
fn tool_or_skip(test: &str, env: &str, names: &[&str], package: &str) -> Option<PathBuf> {
    let found = std::env::var_os(env).filter(|p| !p.is_empty()).map(PathBuf::from).or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
            .find(|c| c.is_file())
    });
    if found.is_some() {
        return found;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test}: {} not found on PATH (nor ${env}) and CI=true; install Debian's `{package}`",
        names[0]
    );
    let _ = writeln!(
        std::io::stderr(),
        "\n**************************************************************************\n\
         SKIPPED {test}: {} not found on PATH (nor ${env}).\n\
         Install Debian's `{package}` to print the handout; with CI=true this fails.\n\
         **************************************************************************\n",
        names[0]
    );
    None
}

/// Prints `page` to `pdf` with headless Chromium.
fn print_pdf(chromium: &Path, page: &Path, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(chromium)
        .args(crate::support::CHROMIUM_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        pdf.is_file(),
        "chromium wrote no PDF ({:?}):\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}

/// (width, height) in points of every page of `pdf`.
fn page_sizes(pdfinfo: &Path, pdf: &Path) -> Vec<(f64, f64)> {
    let o = Command::new(pdfinfo).args(["-f", "1", "-l", "999"]).arg(pdf).output().unwrap();
    let info = String::from_utf8_lossy(&o.stdout);
    info.lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| {
            let v: Vec<f64> = l.split_whitespace().filter_map(|w| w.parse().ok()).collect();
            (v[1], v[2])
        })
        .collect()
}

/// The text of page `n` (from 1) of `pdf`.
fn page_text(pdftotext: &Path, pdf: &Path, n: usize) -> String {
    let o = Command::new(pdftotext)
        .args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The handout of `site` with the page size forced to `size` (`A4`, `letter`), as a reader
/// whose printer holds that paper would get it.
fn handout_on(site: &Path, paper: &str) -> PathBuf {
    let html = read(site, "handout.html");
    let forced = html.replacen(
        "</head>",
        &format!("<style>@page {{ size: {paper}; }} @page handout-wide {{ size: {paper} landscape; }}</style>\n</head>"),
        1,
    );
    let path = site.join(format!("handout-{paper}.html"));
    std::fs::write(&path, forced).unwrap();
    path
}

#[test]
fn handout_prints_on_a4_and_letter_with_the_gantt_on_a_landscape_page() {
    let test = "handout_prints_on_a4_and_letter_with_the_gantt_on_a_landscape_page";
    let Some(chromium) =
        tool_or_skip(test, "JINDU_CHROMIUM", &["chromium", "chromium-browser"], "chromium")
    else {
        return;
    };
    let Some(pdfinfo) = tool_or_skip(test, "JINDU_PDFINFO", &["pdfinfo"], "poppler-utils") else {
        return;
    };
    let Some(pdftotext) = tool_or_skip(test, "JINDU_PDFTOTEXT", &["pdftotext"], "poppler-utils")
    else {
        return;
    };
    let (_tmp, site) = build_example();
    let work = tempfile::tempdir().unwrap();
    for (size, portrait) in [("A4", (595.0, 842.0)), ("letter", (612.0, 792.0))] {
        let pdf = work.path().join(format!("handout-{size}.pdf"));
        print_pdf(&chromium, &handout_on(&site, size), &pdf);
        let sizes = page_sizes(&pdfinfo, &pdf);
        // Summary, Gantt, lists: three pages, four at most if the lists run over.
        assert!((3..=4).contains(&sizes.len()), "{size}: {} pages", sizes.len());
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 2.0 && (a.1 - b.1).abs() < 2.0;
        assert!(close(sizes[0], portrait), "{size}: page 1 is {:?}", sizes[0]);
        assert!(
            close(sizes[1], (portrait.1, portrait.0)),
            "{size}: the Gantt page is landscape: {:?}",
            sizes[1]
        );
        for s in &sizes[2..] {
            assert!(close(*s, portrait), "{size}: later pages are portrait: {s:?}");
        }
        let pages: Vec<String> =
            (1..=sizes.len()).map(|n| page_text(&pdftotext, &pdf, n)).collect();
        // Page one is the whole summary, and only the summary.
        for want in [
            "Review handout",
            "Northwind Goods — Black Friday 2026",
            "At risk",
            "Key metrics",
            "Ad ROI (blended)",
            "Sessions",
            "Critical path",
            "Top risks",
            "Decisions needed",
            "bundle widget",
        ] {
            assert!(pages[0].contains(want), "{size}: page 1 lacks `{want}`:\n{}", pages[0]);
        }
        assert!(!pages[0].contains("Next four weeks"), "{size}: the Gantt starts on page 2");
        // Page two is the Gantt and nothing else: the chart is not cut across pages.
        assert!(pages[1].contains("Next four weeks"), "{size}: page 2:\n{}", pages[1]);
        for want in ["Sale war room", "Retargeting audiences", "Status Nov 24"] {
            assert!(pages[1].contains(want), "{size}: Gantt page lacks `{want}`:\n{}", pages[1]);
        }
        for other in &pages[2..] {
            assert!(
                !other.contains("Status Nov 24"),
                "{size}: the Gantt runs over onto a later page"
            );
        }
        let rest = pages[2..].join(" ");
        for want in [
            "Late and at-risk tasks",
            "Alerts that fired",
            "Decisions since the last review",
            "Keep the 20% budget shift",
        ] {
            assert!(rest.contains(want), "{size}: pages 3+ lack `{want}`:\n{rest}");
        }
    }
    // Pictures of the Letter pages, for a person to look at (kept when JINDU_KEEP_PDF is set).
    if let Some(dir) = std::env::var_os("JINDU_KEEP_PDF") {
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in std::fs::read_dir(work.path()).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, dir.join(f.file_name().unwrap())).unwrap();
        }
        if let Some(pdftoppm) = tool_or_skip(test, "JINDU_PDFTOPPM", &["pdftoppm"], "poppler-utils")
        {
            for size in ["A4", "letter"] {
                let _ = Command::new(&pdftoppm)
                    .args(["-png", "-r", "50"])
                    .arg(dir.join(format!("handout-{size}.pdf")))
                    .arg(dir.join(format!("handout-{size}")))
                    .status();
            }
        }
    }
}

#[test]
fn each_risk_page_carries_its_number_in_the_register() {
    let (_dir, site) = build_example();
    let register = read(&site, "risks.html");
    let mut seen = 0;
    // Each register row: `<span class="risk-no ...">N</span><span><a href="risks/ID.html">`.
    for row in register.split("<span class=\"risk-no ").skip(1) {
        let number = &row[row.find('>').unwrap() + 1..row.find("</span>").unwrap()];
        let href_at = row.find("href=\"").unwrap() + "href=\"".len();
        let href = &row[href_at..href_at + row[href_at..].find('"').unwrap()];
        let page = read(&site, href);
        assert!(page.contains(&format!(" · #{number}</p>")), "{href} is not #{number} as listed");
        seen += 1;
    }
    assert_eq!(seen, 6, "the example has six risks in its register");
}
