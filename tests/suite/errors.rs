//! Bad input: every folder under `tests/fixtures/errors/` is a small plan with one kind of
//! problem (or, in `several-problems`, several in different files) and an `expected.stderr`
//! holding exactly what `jindu build <plan> -o <out>` prints. Each case is built over the output
//! of a good build; the run must exit 1, print exactly the expected diagnostics, and leave that
//! output folder byte-for-byte as it was. `jindu check` must report the same errors.
//!
//! `JINDU_BLESS=1` rewrites every case's `expected.stderr` from the current output. To add a
//! case, create its folder with the plan files only, then run
//! `JINDU_BLESS=1 cargo test --test suite errors::bad_plans_print` and read the new file:
//! every diagnostic must name `path:line:col`, show the source line with the caret under the
//! right spot, and give a useful hint (`expected_diagnostics_are_well_formed` checks the shape).
//! If it does not, fix jindu rather than bless the message.

use crate::support::{
    self, build, build_ok, copy_tree, copy_tree_except, fixture, jindu, path_str, snapshot,
    snapshot_diff, stderr,
};
use std::path::{Path, PathBuf};

const EXPECTED: &str = "expected.stderr";

/// Every case folder, sorted by name.
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixture("errors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The `error:` blocks of a diagnostics report (blocks are separated by blank lines).
fn error_blocks(report: &str) -> Vec<String> {
    report
        .split("\n\n")
        .filter(|b| b.starts_with("error:"))
        .map(|b| b.trim_end().to_string())
        .collect()
}

/// Copies case `case` (without `expected.stderr`) to `<tmp>/plan` and builds the minimal good
/// plan into `<tmp>/out`, which it returns.
fn prepare(case: &Path, tmp: &Path) -> PathBuf {
    copy_tree_except(case, &tmp.join("plan"), &[EXPECTED]);
    let out = tmp.join("out");
    build_ok(&fixture("build/minimal"), &out, &[]);
    out
}

#[test]
fn bad_plans_print_exact_diagnostics_and_keep_the_previous_output() {
    let bless = std::env::var("JINDU_BLESS").is_ok_and(|v| v == "1");
    let cases = cases();
    assert!(cases.len() >= 18, "expected at least 18 error cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = tempfile::tempdir().unwrap();
        let out = prepare(case, tmp.path());
        let before = snapshot(&out);
        assert!(before.contains_key("index.html"), "{name}: the good build wrote no index.html");

        // Relative paths from the temporary folder, as a user would type them.
        let o = jindu(tmp.path(), &["build", "plan", "-o", "out"]);
        let got = stderr(&o);
        let mut problems = Vec::new();
        if o.status.code() != Some(1) {
            problems.push(format!("exit code {:?}, expected 1", o.status.code()));
        }
        if !o.stdout.is_empty() {
            problems.push(format!("printed to stdout: {}", support::stdout(&o)));
        }
        let expected_path = case.join(EXPECTED);
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == got => {}
            Ok(expected) => {
                problems.push(format!("stderr differs.\n--- expected\n{expected}--- got\n{got}"));
            }
            Err(_) => problems.push(format!("no {EXPECTED}; got:\n{got}")),
        }
        let changed = snapshot_diff(&before, &snapshot(&out));
        if !changed.is_empty() {
            problems.push(format!("previous output changed: {}", changed.join(", ")));
        }
        let left = support::beside(tmp.path());
        if left != ["out", "plan"] {
            problems.push(format!("left files beside the output: {left:?}"));
        }

        // `check` reports the same errors (it may add lint warnings) and exits 1.
        let c = jindu(tmp.path(), &["check", "plan"]);
        if c.status.code() != Some(1) {
            problems.push(format!("`check` exit code {:?}, expected 1", c.status.code()));
        }
        if error_blocks(&stderr(&c)) != error_blocks(&got) {
            problems.push(format!("`check` reports other errors than `build`:\n{}", stderr(&c)));
        }
        if !problems.is_empty() {
            failures.push(format!("== {name}\n{}", problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} error cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Every diagnostic of every case names `path:line:col`, shows a snippet with a caret and gives
/// a hint; the summary counts the errors. Guards the expected files against blessed nonsense.
#[test]
fn expected_diagnostics_are_well_formed() {
    // Whole-file problems have no line to show.
    const WHOLE_FILE: &[&str] = &["no plan note found", "note is empty"];
    let mut failures = Vec::new();
    for case in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let Ok(expected) = std::fs::read_to_string(case.join(EXPECTED)) else {
            failures.push(format!("{name}: no {EXPECTED}"));
            continue;
        };
        let blocks = error_blocks(&expected);
        if blocks.is_empty() {
            failures.push(format!("{name}: no errors expected"));
        }
        let n = blocks.len();
        let summary = if n == 1 { "1 error".to_string() } else { format!("{n} errors") };
        if !expected.ends_with(&format!(
            "\n{summary}\nnothing written: fix the errors above and build again\n"
        )) {
            failures.push(format!("{name}: summary is not `{summary}` + `nothing written`"));
        }
        let mut last: Option<(String, usize)> = None;
        for block in &blocks {
            let lines: Vec<&str> = block.lines().collect();
            let message = lines[0].trim_start_matches("error: ");
            let Some(location) = lines.get(1).and_then(|l| l.trim_start().strip_prefix("--> "))
            else {
                failures.push(format!("{name}: no `-->` line in\n{block}"));
                continue;
            };
            if !lines.iter().any(|l| l.trim_start().starts_with("= hint: ")) {
                failures.push(format!("{name}: no hint in\n{block}"));
            }
            let whole_file = WHOLE_FILE.contains(&message);
            let (path, line) = match parse_location(location) {
                Some(p) => p,
                None if whole_file => (location.to_string(), 0),
                None => {
                    failures.push(format!("{name}: location `{location}` is not path:line:col"));
                    continue;
                }
            };
            if last.as_ref().is_some_and(|prev| *prev > (path.clone(), line)) {
                failures
                    .push(format!("{name}: diagnostics not sorted by file and line at {location}"));
            }
            last = Some((path.clone(), line));
            if whole_file {
                continue;
            }
            // The snippet: `N | source` then `  | ^^^`, with the caret inside the line.
            let src_prefix = format!("{line} | ");
            let Some(src_idx) = lines.iter().position(|l| l.starts_with(&src_prefix)) else {
                failures.push(format!("{name}: no source line in\n{block}"));
                continue;
            };
            let source = &lines[src_idx][src_prefix.len()..];
            let caret_line = lines.get(src_idx + 1).copied().unwrap_or("");
            let gutter = " ".repeat(line.to_string().len());
            let Some(carets) = caret_line.strip_prefix(&format!("{gutter} | ")) else {
                failures.push(format!("{name}: no caret line in\n{block}"));
                continue;
            };
            let start = carets.len() - carets.trim_start().len();
            let width = carets.trim_start().len();
            if width == 0 || carets.trim_start().chars().any(|c| c != '^') {
                failures.push(format!("{name}: bad caret line `{carets}`"));
            } else if source.is_ascii() && start + width > source.len() + 1 {
                failures.push(format!("{name}: caret runs past the source line in\n{block}"));
            }
            // The file in the case folder has that line (CSV and note files alike).
            let file = case.join(&path);
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
                    let text = text.trim_start_matches('\u{feff}');
                    let want = text.lines().nth(line - 1).unwrap_or("");
                    if !want.starts_with(source) {
                        failures.push(format!(
                            "{name}: line {line} of {path} is `{want}`, snippet shows `{source}`"
                        ));
                    }
                }
                Err(e) => failures.push(format!("{name}: {path}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `path:line:col` as (path, line).
fn parse_location(location: &str) -> Option<(String, usize)> {
    let mut parts = location.rsplitn(3, ':');
    let col = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    let path = parts.next()?;
    col.parse::<usize>().ok()?;
    Some((path.to_string(), line))
}

#[test]
fn check_on_a_bad_plan_exits_1_with_the_build_diagnostics() {
    let case = fixture("errors/several-problems");
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    copy_tree_except(&case, &plan, &[EXPECTED]);
    let c = jindu(tmp.path(), &["check", "plan"]);
    assert_eq!(c.status.code(), Some(1), "{}", stderr(&c));
    assert!(c.stdout.is_empty(), "check printed `plan OK` for a bad plan: {}", support::stdout(&c));
    let expected = std::fs::read_to_string(case.join(EXPECTED)).unwrap();
    let printed = stderr(&c);
    assert_eq!(error_blocks(&printed), error_blocks(&expected));
    assert!(error_blocks(&printed).len() >= 5, "{printed}");
    // `check` writes nothing.
    let names: Vec<_> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["plan"]);
}

#[test]
fn build_refuses_a_folder_it_did_not_write_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("docs");
    std::fs::create_dir_all(out.join("sub")).unwrap();
    std::fs::write(out.join("notes.txt"), "mine, not jindu's").unwrap();
    std::fs::write(out.join("sub/index.html"), "<p>my own page</p>").unwrap();
    let before = snapshot(&out);

    let o = build(&fixture("build/minimal"), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("not written by jindu") && err.contains("--force"), "{err}");
    assert_eq!(snapshot_diff(&before, &snapshot(&out)), Vec::<String>::new());
    assert_eq!(support::beside(tmp.path()), ["docs"], "left staging folders behind");

    let o = build_ok(&fixture("build/minimal"), &out, &["--force"]);
    assert!(support::stdout(&o).starts_with("wrote "));
    assert!(!out.join("notes.txt").exists() && !out.join("sub").exists());
    assert!(out.join("index.html").is_file() && out.join(".jindu-site").is_file());
    // Now it is jindu's: a second build replaces it without --force.
    build_ok(&fixture("build/minimal"), &out, &[]);
}

#[test]
fn an_empty_folder_and_a_missing_folder_are_fine_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_ok(&fixture("build/minimal"), &empty, &[]);
    assert!(empty.join("index.html").is_file());
    let deep = tmp.path().join("a/b/site");
    build_ok(&fixture("build/minimal"), &deep, &[]);
    assert!(deep.join("index.html").is_file());
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    std::fs::write(&out, "a file").unwrap();
    let o = build(&fixture("build/minimal"), &out, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is not a folder"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a file");
}

#[test]
fn bad_plans_never_panic() {
    // Mutations of a good plan that have bitten parsers before: each must give exit code 1 (or
    // 0), never a panic (101) or an I/O failure (2).
    let cases: &[&[(&str, &[u8])]] = &[
        &[("t.md", b"---\n---\n")],
        &[("t.md", b"---\nkind: task\n---")],
        &[("t.md", b"---\n- a\n- b\n---\n")],
        &[("t.md", b"---\nkind: [task]\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: x\ndepends: nope\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: x\ndepends: [':ss', ' +2d', 'a:zz', 'b +x']\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: x\nprogress: .nan\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: x\nduration: 99999999999999999999d\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: x\nstart: 2026-03-05T10:00\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: &a x\nowner: *a\nraci: *a\n---\n")],
        &[("t.md", b"---\nkind: task\ntitle: x\n---\n[[\n[[|]] [[ ]] [[a|]] [^x]\n")],
        &[(
            "t.md",
            "---\nkind: task\ntitle: \u{6d41}\nowner: \u{202e}evil\u{202d}\nowenr: \t x\n---\n"
                .as_bytes(),
        )],
        &[("t.md", b"\xef\xbb\xbf\xef\xbb\xbf---\nkind: task\n---\n")],
        &[("t.md", b"\r\n\r\n")],
        &[("t.md", b"---\r\nkind: task\r\ntitle: x\r\nstatus: \r\n---\r\n")],
        &[("t.md", b"---\nkind: metric\ntitle: m\ndata: .\n---\n")],
        &[("t.md", b"---\nkind: metric\ntitle: m\ndata: /etc/passwd\n---\n")],
        &[("t.md", b"---\nkind: metric\ntitle: m\ntarget: [1, 2]\nalerts: [{}]\n---\n")],
        &[("t.md", b"---\nkind: review\ndate: 2026-02-29\nchanges: [{task: t}]\n---\n")],
        &[("t.md", b"---\nkind: goal\ntitle: g\nparent: t\n---\n")],
        &[("sub/index.md", b"---\nkind: plan\ntitle: p\nstart: 2026-01-01\n---\n")],
        &[("m.md", b"---\nkind: metric\ntitle: m\ndata: m.csv\n---\n"), ("m.csv", b"\xff\xfe,\n")],
        &[
            ("m.md", b"---\nkind: metric\ntitle: m\ndata: m.csv\n---\n"),
            ("m.csv", b"date,value\n\"2026-01-01,1\n"),
        ],
        &[
            ("m.md", b"---\nkind: metric\ntitle: m\ndata: m.csv\n---\n"),
            ("m.csv", b"2026-01-01,inf\n2026-01-01,NaN,x,y,z\n,\n"),
        ],
    ];
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for (i, files) in cases.iter().enumerate() {
        let plan = tmp.path().join(format!("p{i}"));
        copy_tree(&fixture("build/minimal"), &plan);
        for (name, bytes) in *files {
            let path = plan.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        let shown = || {
            files
                .iter()
                .map(|(n, b)| format!("{n} = {:?}", String::from_utf8_lossy(b)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for cmd in ["build", "check"] {
            let out = tmp.path().join(format!("out{i}"));
            let o = if cmd == "build" {
                build(&plan, &out, &[])
            } else {
                jindu(tmp.path(), &["check", path_str(&plan)])
            };
            let err = stderr(&o);
            if !matches!(o.status.code(), Some(0 | 1)) || err.contains("panicked") {
                failures.push(format!("{cmd} with {}: exit {:?}\n{err}", shown(), o.status.code()));
            }
            if o.status.code() == Some(1) && !err.contains("error: ") {
                failures.push(format!("{cmd} with {}: exit 1 without an error:\n{err}", shown()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn build_never_replaces_the_folder_that_holds_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = tmp.path().join("plan");
    copy_tree(&fixture("build/minimal"), &plan);
    let before = snapshot(tmp.path());
    for (cwd, args) in [
        (tmp.path(), &["build", "plan", "-o", "plan", "--force"][..]),
        (plan.as_path(), &["build", ".", "-o", ".", "--force"]),
        (plan.as_path(), &["build", ".", "-o", "..", "--force"]),
        (plan.as_path(), &["build", "-o", "../plan/", "--force"]),
    ] {
        let o = jindu(cwd, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("holds the plan itself"), "{args:?}: {}", stderr(&o));
        assert_eq!(snapshot_diff(&before, &snapshot(tmp.path())), Vec::<String>::new(), "{args:?}");
    }
}
