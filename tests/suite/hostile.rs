//! Hostile input and faults, through the real CLI: alias bombs, huge and deeply nested notes,
//! symbolic links, paths that climb out of the plan, control characters, invalid UTF-8, a 1 GB
//! CSV, dates at the edges, absurd durations, a task with 100,000 dependencies, failures while
//! writing, concurrent builds, and every input the fuzzers ever crashed on. Each must give a
//! clear diagnostic or a correct build within a time limit, and never a panic.
//!
//! The `#[ignore]`d tests measure time and peak memory of big plans (`cargo test --release --
//! --ignored hostile::`); they print their numbers.

use crate::support::{fixture, path_str, read, repo, snapshot, snapshot_diff, stderr, tags};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const PLAN: &str = "---\nkind: plan\ntitle: P\nstart: 2026-11-02\nas_of: 2026-11-02\n---\n";

/// Writes `files` (relative path, bytes) into a fresh plan folder; returns (tempdir, plan).
fn plan_of(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    write_files(&plan, files);
    (dir, plan)
}

fn write_files(plan: &Path, files: &[(&str, Vec<u8>)]) {
    for (rel, bytes) in files {
        let p = plan.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

fn task(title_yaml: &str, extra: &str) -> Vec<u8> {
    format!("---\nkind: task\ntitle: {title_yaml}\n{extra}---\n").into_bytes()
}

/// Runs `jindu args` with extra environment variables; fails the test if it takes longer than
/// `limit` (killing it) or panics.
fn run_env(args: &[&str], env: &[(&str, &str)], limit: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jindu"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(repo())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run jindu");
    // Drain the pipes on threads, so a chatty run cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut out_pipe, &mut b).unwrap();
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut err_pipe, &mut b).unwrap();
        b
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`jindu {}` took longer than {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let o = Output { status, stdout: out_t.join().unwrap(), stderr: err_t.join().unwrap() };
    let err = stderr(&o);
    assert!(
        !err.contains("panicked") && o.status.code().is_some_and(|c| c <= 2),
        "`jindu {}` crashed ({:?}):\n{}",
        args.join(" "),
        o.status,
        &err[..err.len().min(4000)]
    );
    (o, elapsed)
}

fn run(args: &[&str], limit: Duration) -> Output {
    run_env(args, &[], limit).0
}

/// Time limits are for the unoptimised test binary on a busy two-core machine; the release
/// binary is 10 to 30 times faster (see README "Robustness").
const QUICK: Duration = Duration::from_secs(30);

/// What a hostile plan must give.
struct Case {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// Exit code of `jindu check`: 0 (fine, maybe with warnings) or 1 (diagnostics).
    code: i32,
    /// Text that must appear in stderr (the diagnostic).
    says: Vec<&'static str>,
}

fn billion_laughs() -> Vec<u8> {
    let mut y = String::from(
        "---\nkind: task\ntitle: t\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        let _ = writeln!(y, "lol{i}: &a{i} [{refs}]");
    }
    y.push_str("tags: *a9\n---\n");
    y.into_bytes()
}

/// Few aliases of one large anchor: harmless-looking, but the work grows with the square of the
/// note's size (40 KB took 49 s and 6.5 GB before the walk in `front_matter::kind` bounded it).
fn quadratic_aliases() -> Vec<u8> {
    let n = 8000;
    format!("---\n- &a [{}]\n- [{}]\n---\n", vec!["x"; n].join(","), vec!["*a"; n].join(","))
        .into_bytes()
}

fn cases() -> Vec<Case> {
    let plan = || ("plan.md", PLAN.as_bytes().to_vec());
    let mut cases = vec![
        Case {
            name: "billion laughs",
            files: vec![plan(), ("t.md", billion_laughs())],
            code: 1,
            says: vec![
                "t.md:",
                "YAML aliases (`*name`) expand to too much data",
                "= hint: with aliases expanded, front matter may hold one value per byte of its text plus 100000",
            ],
        },
        Case {
            name: "quadratic aliases",
            files: vec![plan(), ("t.md", quadratic_aliases())],
            code: 1,
            says: vec!["t.md:", "YAML aliases (`*name`) expand to too much data"],
        },
        Case {
            name: "quadratic aliases in a typed field",
            files: vec![plan(), ("m.md", {
                let n = 8000;
                format!(
                    "---\nkind: metric\ntitle: M\ntags: &a [{}]\ntarget: [{}]\n---\n",
                    vec!["x"; n].join(","),
                    vec!["*a"; n].join(",")
                )
                .into_bytes()
            })],
            code: 1,
            says: vec!["m.md:", "YAML aliases (`*name`) expand to too much data"],
        },
        Case {
            name: "10 MB title",
            files: vec![plan(), ("t.md", task(&format!("\"{}\"", "x".repeat(10_000_000)), ""))],
            code: 1,
            says: vec!["t.md", "note is 10.0 MB; jindu reads notes up to 2 MB"],
        },
        Case {
            name: "1.9 MB title builds",
            files: vec![plan(), ("t.md", task(&format!("\"{}\"", "x".repeat(1_900_000)), ""))],
            code: 0,
            says: vec![],
        },
        Case {
            name: "flow nesting 10,000 deep",
            files: vec![
                plan(),
                ("t.md", task("t", &format!("tags: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)))),
            ],
            code: 1,
            says: vec![
                "t.md:4:71",
                "YAML is nested more than 64 levels deep",
                "= hint: front matter needs a few levels at most (a list of maps); jindu stops at 64 levels of `[` and `{` and 128 levels in all",
            ],
        },
        Case {
            name: "block mapping nesting 1,000 deep",
            files: vec![plan(), ("t.md", {
                let mut t = String::from("---\nkind: task\ntitle: t\nraci:\n");
                for i in 1..=1_000 {
                    let _ = writeln!(t, "{}a:", " ".repeat(i));
                }
                t.push_str("---\n");
                t.into_bytes()
            })],
            code: 1,
            says: vec!["t.md:132:", "YAML is nested more than 128 levels deep", "flatten the value"],
        },
        Case {
            name: "mapping nesting 10,000 deep",
            files: vec![
                plan(),
                ("t.md", task("t", &format!("raci: {}x{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)))),
            ],
            code: 1,
            says: vec!["t.md:4:", "nested more than 64 levels"],
        },
        Case {
            name: "block sequence nesting 10,000 deep",
            files: vec![plan(), ("t.md", task("t", &format!("tags: {}x\n", "- ".repeat(10_000))))],
            code: 1,
            says: vec!["t.md:4:"],
        },
        Case {
            name: "invalid UTF-8 in a title",
            files: vec![plan(), ("t.md", b"---\nkind: task\ntitle: caf\xe9 \xff\n---\n".to_vec())],
            code: 1,
            says: vec!["t.md:3:11", "file is not valid UTF-8"],
        },
        Case {
            name: "invalid UTF-8 in a CSV",
            files: vec![
                plan(),
                ("m.md", b"---\nkind: metric\ntitle: M\ndata: m.csv\n---\n".to_vec()),
                ("m.csv", b"date,value\n2026-11-02,1\n2026-11-03,\xff\xfe\n".to_vec()),
            ],
            code: 1,
            says: vec!["m.csv:3", "CSV row is not valid UTF-8"],
        },
        Case {
            name: "a duration of 10^9 days",
            files: vec![plan(), ("t.md", task("t", "duration: 1000000000d\n"))],
            code: 1,
            says: vec!["t.md:4:11", "duration `1000000000d` is longer than the 10000 workdays jindu accepts"],
        },
        Case {
            name: "a duration of 2^64 weeks",
            files: vec![plan(), ("t.md", task("t", "duration: 18446744073709551616w\n"))],
            code: 1,
            says: vec!["t.md:4:11", "duration"],
        },
        Case {
            name: "a lag of 10^9 days",
            files: vec![
                plan(),
                ("a.md", task("a", "duration: 1d\n")),
                ("b.md", task("b", "depends: [\"a +1000000000d\"]\n")),
            ],
            code: 1,
            says: vec!["b.md:4", "invalid lag"],
        },
        Case {
            name: "due before start",
            files: vec![
                "---\nkind: plan\ntitle: P\nstart: 2026-11-02\ndue: 2026-01-01\nas_of: 2026-11-02\n---\n"
                    .as_bytes()
                    .to_vec(),
            ]
            .into_iter()
            .map(|b| ("plan.md", b))
            .chain([("t.md", task("t", "duration: 3d\ndue: 2020-01-01\n"))])
            .collect(),
            code: 0,
            says: vec!["warning", "t.md"],
        },
        Case {
            name: "a task that ends before it starts",
            files: vec![plan(), ("t.md", task("t", "start: 2026-11-10\nend: 2026-11-02\n"))],
            code: 1,
            says: vec!["t.md:5", "task ends (2026-11-02) before it starts (2026-11-10)"],
        },
        Case {
            name: "year 0",
            files: vec![
                (
                    "plan.md",
                    b"---\nkind: plan\ntitle: P\nstart: 0000-01-01\nas_of: 0000-01-03\n---\n".to_vec(),
                ),
                ("t.md", task("t", "duration: 10000d\n")),
                ("m.md", task("m", "start: 0000-01-01\nend: 0000-01-01\n")),
            ],
            code: 0,
            says: vec![],
        },
        Case {
            name: "year 1 start, 9999 due and as-of",
            files: vec![
                (
                    "plan.md",
                    b"---\nkind: plan\ntitle: P\nstart: 0001-01-01\ndue: 9999-12-31\nas_of: 9999-12-31\n---\n"
                        .to_vec(),
                ),
                ("a.md", task("a", "duration: 10000d\n")),
                ("b.md", task("b", "duration: 10000d\ndepends: [\"a +10000d\"]\n")),
                ("c.md", task("c", "start: 9999-12-31\nduration: 10000d\nstatus: doing\nprogress: 10\n")),
            ],
            code: 0,
            says: vec![],
        },
        Case {
            name: "start 9999-12-31 with work past the end of the calendar",
            files: vec![
                (
                    "plan.md",
                    b"---\nkind: plan\ntitle: P\nstart: 9999-12-31\nas_of: 9999-12-31\n---\n".to_vec(),
                ),
                ("a.md", task("a", "duration: 10000d\n")),
                ("b.md", task("b", "duration: 10000d\ndepends: [\"a:ff +10000d\"]\n")),
                ("m.md", b"---\nkind: milestone\ntitle: M\ndepends: [b]\n---\n".to_vec()),
                (
                    "k.md",
                    b"---\nkind: metric\ntitle: K\nvalues: [{date: 9999-12-31T23:59, value: 1}, {date: 0001-01-01, value: 2}]\ntarget: [{date: 9999-12-31, value: 3}]\n---\n".to_vec(),
                ),
            ],
            code: 0,
            says: vec![],
        },
        Case {
            name: "dates past year 9999",
            files: vec![plan(), ("t.md", task("t", "start: 10000-01-01\n"))],
            code: 1,
            says: vec!["t.md:4", "invalid date `10000-01-01`"],
        },
        Case {
            name: "a calendar without workdays",
            files: vec![
                (
                    "plan.md",
                    b"---\nkind: plan\ntitle: P\nstart: 2026-11-02\nas_of: 2026-11-02\ncalendar:\n  workdays: []\n  holidays: [\"0001-01-01..9999-12-31\"]\n---\n"
                        .to_vec(),
                ),
                ("t.md", task("t", "duration: 10000d\n")),
            ],
            code: 0,
            says: vec![],
        },
        Case {
            name: "data path climbing out",
            files: vec![
                plan(),
                ("m.md", b"---\nkind: metric\ntitle: M\ndata: ../../etc/passwd\n---\n".to_vec()),
            ],
            code: 1,
            says: vec!["m.md:4", "data path `../../etc/passwd` leaves the plan folder"],
        },
        Case {
            name: "absolute data path",
            files: vec![plan(), ("m.md", b"---\nkind: metric\ntitle: M\ndata: /etc/passwd\n---\n".to_vec())],
            code: 1,
            says: vec!["m.md:4", "data path `/etc/passwd` leaves the plan folder"],
        },
        Case {
            name: "a CSV of nothing but bad rows",
            files: vec![
                plan(),
                ("m.md", b"---\nkind: metric\ntitle: M\ndata: m.csv\n---\n".to_vec()),
                ("m.csv", "junk,row\n".repeat(100_000).into_bytes()),
            ],
            code: 1,
            says: vec!["m.csv:21", "99980 more rows have problems (only the first 20 are shown)"],
        },
        Case {
            name: "ids that are not file names",
            files: vec![
                plan(),
                ("t.md", task("t", "id: ../../x\n")),
                ("u.md", task("u", &format!("id: {}\n", "u".repeat(200)))),
                ("v.md", task("v", "id: \".hidden\"\n")),
            ],
            code: 1,
            says: vec!["id `../../x` starts with `.`", "is longer than 120 characters", "id `.hidden` starts with `.`"],
        },
    ];
    // One task with 100,000 dependencies on 20 tasks (each named 5,000 times), and another
    // with 100,000 dependencies that do not exist.
    let mut many = vec![plan()];
    let names: Vec<&'static str> =
        (0..20).map(|i| &*Box::leak(format!("p{i}.md").into_boxed_str())).collect();
    for n in &names {
        many.push((n, task("p", "duration: 2d\n")));
    }
    let deps: Vec<String> = (0..100_000).map(|i| format!("p{}", i % 20)).collect();
    many.push(("t.md", task("t", &format!("depends: [{}]\n", deps.join(", ")))));
    cases.push(Case { name: "100,000 dependencies", files: many, code: 0, says: vec![] });
    let unknown: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    cases.push(Case {
        name: "100,000 unknown dependencies",
        files: vec![plan(), ("t.md", task("t", &format!("depends: [{}]\n", unknown.join(", "))))],
        code: 1,
        says: vec![
            "unknown task or milestone `x19`",
            "99980 more entries of `depends` are wrong (only the first 20 are shown)",
        ],
    });
    cases
}

#[test]
fn hostile_plans_give_a_diagnostic_or_a_build_never_a_panic_or_a_hang() {
    let mut failures = Vec::new();
    for case in cases() {
        let (tmp, plan) = plan_of(&case.files);
        let (o, took) = run_env(&["check", path_str(&plan)], &[], QUICK);
        let err = stderr(&o);
        let code = o.status.code().unwrap();
        if code != case.code {
            failures.push(format!(
                "{}: `check` exited {code}, expected {}:\n{}",
                case.name,
                case.code,
                &err[..err.len().min(2000)]
            ));
            continue;
        }
        for s in &case.says {
            if !err.contains(s) {
                failures.push(format!(
                    "{}: stderr lacks `{s}`:\n{}",
                    case.name,
                    &err[..err.len().min(2000)]
                ));
            }
        }
        if code == 0 {
            // What checks also builds.
            let out = tmp.path().join("site");
            let (b, _) = run_env(&["build", path_str(&plan), "-o", path_str(&out)], &[], QUICK);
            if !b.status.success() {
                failures.push(format!("{}: `build` failed:\n{}", case.name, stderr(&b)));
            }
        }
        eprintln!("{}: exit {code} in {took:?}", case.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn diagnostics_stay_short_for_huge_lines() {
    // A 10,000-bracket line is refused at its 65th bracket; the report is not a flood.
    let (_tmp, plan) = plan_of(&[
        ("plan.md", PLAN.as_bytes().to_vec()),
        ("t.md", task("t", &format!("tags: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)))),
    ]);
    let o = run(&["check", path_str(&plan)], QUICK);
    assert!(stderr(&o).len() < 30_000, "{} bytes of diagnostics", stderr(&o).len());
}

#[test]
fn control_characters_and_bidi_overrides_never_break_markup() {
    let nasty = "\"T \\u0001\\u001b[31m \\u202eevil\\u202c \\u2066iso\\u2069 \\u0000nul \\u007f \\uFFFE \\u0085 \\u2028 </title> ]]>\"";
    let (tmp, plan) = plan_of(&[
        (
            "plan.md",
            format!("---\nkind: plan\ntitle: {nasty}\nstart: 2026-11-02\nas_of: 2026-11-02\nowner: {nasty}\n---\nBody \u{1} \u{1b}[31m \u{202e}x\n").into_bytes(),
        ),
        ("t.md", task(nasty, &format!("duration: 3d\nowner: {nasty}\ndeliverable: {nasty}\n"))),
        ("m.md", format!("---\nkind: milestone\ntitle: {nasty}\ndepends: [t]\n---\n").into_bytes()),
        (
            "k.md",
            format!("---\nkind: metric\ntitle: {nasty}\nunit: {nasty}\nvalues: [{{date: 2026-11-02, value: 1, note: {nasty}}}]\n---\n").into_bytes(),
        ),
    ]);
    let out = tmp.path().join("site");
    let (o, _) = run_env(&["build", path_str(&plan), "-o", path_str(&out)], &[], QUICK);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut checked = 0;
    for f in crate::support::files(&out) {
        let text = read(&out, &f);
        if f.ends_with(".html") {
            tags(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
            assert!(text.contains("evil"), "{f}: the title's text is gone");
            checked += 1;
        }
        if f.ends_with(".svg") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{f}: not XML: {e}"));
            checked += 1;
        }
        if f.ends_with(".ics") {
            for line in text.split("\r\n") {
                assert!(
                    !line.chars().any(|c| c.is_control() && c != '\t'),
                    "{f}: control character in `{line:?}`"
                );
            }
        }
    }
    assert!(checked > 10, "only {checked} files checked");
    serde_json::from_str::<serde_json::Value>(&read(&out, "plan.json")).expect("plan.json is JSON");
}

#[test]
fn exports_carry_no_live_links_and_no_formulas() {
    let formula =
        ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"];
    let mut files = vec![(
        "plan.md",
        b"---\nkind: plan\ntitle: P\nstart: 2026-11-02\nas_of: 2026-11-02\nbase_url: \"javascript:alert(1)//\\r\\nATTACH:http://evil\"\n---\n".to_vec(),
    )];
    let names: Vec<&'static str> =
        (0..formula.len()).map(|i| &*Box::leak(format!("m{i}.md").into_boxed_str())).collect();
    for (i, f) in formula.iter().enumerate() {
        let q = serde_json::to_string(f).unwrap();
        files.push((
            names[i],
            format!(
                "---\nkind: milestone\ntitle: {q}\nowner: {q}\nstart: 2026-11-0{}\n---\n",
                i + 2
            )
            .into_bytes(),
        ));
    }
    let (tmp, plan) = plan_of(&files);
    let out = tmp.path().join("site");
    let (o, _) = run_env(&["build", path_str(&plan), "-o", path_str(&out)], &[], QUICK);
    assert!(o.status.success(), "{}", stderr(&o));
    let ics = read(&out, "milestones.ics");
    assert!(!ics.to_ascii_lowercase().contains("javascript"), "{ics}");
    assert!(!ics.contains("ATTACH:"), "a line break in base_url started a property:\n{ics}");
    let csv_text = read(&out, "tasks.csv");
    let mut rdr = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let mut rows = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        for cell in &rec {
            assert!(
                !(cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || cell.starts_with('-') && cell.parse::<f64>().is_err()),
                "formula cell `{cell}` in tasks.csv"
            );
        }
        rows += 1;
    }
    assert_eq!(rows, formula.len());
}

#[test]
fn a_template_cannot_include_files_outside_the_templates() {
    let (tmp, plan) = plan_of(&[
        ("plan.md", PLAN.as_bytes().to_vec()),
        ("templates/index.html", b"{% include \"../../../../etc/passwd\" %}".to_vec()),
    ]);
    let out = tmp.path().join("site");
    let o = run(&["build", path_str(&plan), "-o", path_str(&out)], QUICK);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("../../../../etc/passwd"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), task("\"SECRET NOTE\"", "")).unwrap();
    std::fs::write(outside.path().join("secret.csv"), "date,value\n2026-11-02,42\n").unwrap();
    let (tmp, plan) = plan_of(&[
        ("plan.md", PLAN.as_bytes().to_vec()),
        ("t.md", task("t", "duration: 1d\n")),
        ("m.md", b"---\nkind: metric\ntitle: M\ndata: data/s.csv\n---\n".to_vec()),
    ]);
    symlink(outside.path().join("secret.md"), plan.join("linked.md")).unwrap();
    symlink(outside.path(), plan.join("outside")).unwrap();
    symlink(&plan, plan.join("loop")).unwrap();
    symlink("dangling.md", plan.join("gone.md")).unwrap();
    std::fs::create_dir(plan.join("data")).unwrap();
    symlink(outside.path().join("secret.csv"), plan.join("data/s.csv")).unwrap();
    let out = tmp.path().join("site");
    let o = run(&["build", path_str(&plan), "-o", path_str(&out)], QUICK);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for want in [
        "warning: symbolic link to a note is not followed\n --> linked.md",
        "warning: symbolic link to a folder is not followed\n --> outside",
        "warning: symbolic link to a folder is not followed\n --> loop",
        "warning: symbolic link to a note is not followed\n --> gone.md",
        "error: data path `data/s.csv` is a symbolic link; jindu does not follow links",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    // Without the linked CSV the plan builds, and nothing from outside is in it.
    std::fs::remove_file(plan.join("data/s.csv")).unwrap();
    std::fs::write(plan.join("data/s.csv"), "date,value\n2026-11-02,1\n").unwrap();
    symlink(outside.path(), plan.join("data/more")).unwrap();
    let o = run(&["build", path_str(&plan), "-o", path_str(&out)], QUICK);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in crate::support::files(&out) {
        let bytes = std::fs::read(out.join(&f)).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"), "{f} has outside text");
    }
    // A linked folder on the way to the CSV is refused too.
    std::fs::write(
        plan.join("m.md"),
        b"---\nkind: metric\ntitle: M\ndata: data/more/secret.csv\n---\n",
    )
    .unwrap();
    let o = run(&["check", path_str(&plan)], QUICK);
    assert!(stderr(&o).contains("data path `data/more` is a symbolic link"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_templates_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("index.html"), "SECRET TEMPLATE").unwrap();
    std::fs::write(outside.path().join("style.css"), "/* SECRET STYLE */").unwrap();
    let (tmp, plan) = plan_of(&[
        ("plan.md", PLAN.as_bytes().to_vec()),
        ("t.md", task("t", "duration: 1d\n")),
        ("templates/task.html", b"own task page".to_vec()),
    ]);
    symlink(outside.path().join("index.html"), plan.join("templates/index.html")).unwrap();
    symlink(outside.path().join("style.css"), plan.join("templates/style.css")).unwrap();
    let out = tmp.path().join("site");
    let no_secrets = |out: &Path| {
        for f in crate::support::files(out) {
            let bytes = std::fs::read(out.join(&f)).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"), "{f} has outside text");
        }
    };
    let linked = |what: &str, path: &str| {
        format!("warning: symbolic link to a {what} is not followed\n --> {path}\n")
    };
    let check = ["check", path_str(&plan)];
    let build = ["build", path_str(&plan), "-o", path_str(&out)];
    for args in [&check[..], &build[..]] {
        let o = run(args, QUICK);
        let (cmd, err) = (args[0], stderr(&o));
        assert!(o.status.success(), "{cmd}: {err}");
        for want in
            [linked("template", "templates/index.html"), linked("template", "templates/style.css")]
        {
            assert!(err.contains(&want), "{cmd}: missing `{want}` in:\n{err}");
        }
    }
    no_secrets(&out);
    // The real override is used, the linked ones are not.
    assert_eq!(read(&out, "tasks/t.html"), "own task page");
    // A linked templates folder is not read at all.
    std::fs::remove_dir_all(plan.join("templates")).unwrap();
    symlink(outside.path(), plan.join("templates")).unwrap();
    let o = run(&["build", path_str(&plan), "-o", path_str(&out)], QUICK);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains(&linked("folder", "templates")), "{err}");
    no_secrets(&out);
}

#[cfg(unix)]
#[test]
fn a_1_gb_csv_is_refused_without_reading_it() {
    let (_tmp, plan) = plan_of(&[
        ("plan.md", PLAN.as_bytes().to_vec()),
        ("m.md", b"---\nkind: metric\ntitle: M\ndata: big.csv\n---\n".to_vec()),
    ]);
    // Sparse: 1 GiB long, no disk used.
    let f = std::fs::File::create(plan.join("big.csv")).unwrap();
    f.set_len(1 << 30).unwrap();
    let (o, took) = run_env(&["check", path_str(&plan)], &[], QUICK);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("big.csv"), "{err}");
    assert!(err.contains("data file is 1073.7 MB; jindu reads CSV files up to 64 MB"), "{err}");
    assert!(took < Duration::from_secs(10), "took {took:?}: was the file read?");
}

/// Builds `plan` into `out` with `env`; returns the process output.
fn build_env(plan: &Path, out: &Path, env: &[(&str, &str)]) -> Output {
    run_env(&["build", path_str(plan), "-o", path_str(out)], env, QUICK).0
}

#[test]
fn a_failure_while_writing_keeps_the_previous_site_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = fixture("build/minimal");
    let out = tmp.path().join("site");
    let o = build_env(&plan, &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = snapshot(&out);
    let pages_before = std::fs::read(tmp.path().join(".site.jindu-pages")).unwrap();
    let files = crate::support::files(&out).len();
    // Fail before the first file, in the middle, at the last file, and at the final swap.
    for n in [0, 1, files / 2, files - 2, files - 1] {
        let n = n.to_string();
        let o = build_env(&plan, &out, &[("JINDU_FAIL_WRITE_AFTER", &n), ("TZ", "UTC")]);
        assert_eq!(o.status.code(), Some(2), "fail after {n}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("injected write failure"), "{err}");
        assert!(err.contains("still holds the previous site"), "{err}");
        let diff = snapshot_diff(&before, &snapshot(&out));
        assert!(diff.is_empty(), "fail after {n}: output changed: {diff:?}");
        assert_eq!(crate::support::beside(tmp.path()), ["site"], "fail after {n}: leftovers");
        let manifest = std::fs::read(tmp.path().join(".site.jindu-pages")).unwrap();
        assert!(manifest == pages_before, "fail after {n}: the page manifest changed");
    }
    // Past the number of steps nothing fails.
    let o = build_env(&plan, &out, &[("JINDU_FAIL_WRITE_AFTER", "100000")]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_build_killed_mid_swap_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let plan = fixture("build/minimal");
    let out = tmp.path().join("site");
    assert!(build_env(&plan, &out, &[]).status.success());
    let before = snapshot(&out);
    // The state a build killed between its two renames leaves behind.
    std::fs::rename(&out, tmp.path().join(".site.jindu-old")).unwrap();
    std::fs::create_dir(tmp.path().join(".site.jindu-new")).unwrap();
    std::fs::write(tmp.path().join(".site.jindu-lock"), "4294967295\n").unwrap();
    // The next build fails too, yet the last good site is back in place.
    let o = build_env(&plan, &out, &[("JINDU_FAIL_WRITE_AFTER", "3")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(snapshot_diff(&before, &snapshot(&out)).is_empty());
    assert!(build_env(&plan, &out, &[]).status.success());
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("pub");
    let out = parent.join("site");
    let plan = fixture("build/minimal");
    assert!(build_env(&plan, &out, &[]).status.success());
    let before = snapshot(&out);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(parent.join("probe"), "x").is_ok() {
        // Root ignores permissions; the write-failure hook covers this case there.
        std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("running as root: read-only folders are writable, skipped");
        return;
    }
    let o = build_env(&plan, &out, &[]);
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("Permission denied") && err.contains(path_str(&parent)), "{err}");
    assert!(snapshot_diff(&before, &snapshot(&out)).is_empty());
}

#[test]
fn concurrent_builds_into_one_output_are_serialised() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let plans = ["build/minimal", "build/zh-cn", "build/hostile", "build/minimal"];
    let children: Vec<_> = plans
        .iter()
        .map(|p| {
            Command::new(env!("CARGO_BIN_EXE_jindu"))
                .args(["build", path_str(&fixture(p)), "-o", path_str(&out)])
                .current_dir(repo())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // The output is exactly one complete build, and nothing is left beside it.
    let got = snapshot(&out);
    let whole = plans.iter().any(|p| {
        let one = tempfile::tempdir().unwrap();
        let o = one.path().join("site");
        assert!(build_env(&fixture(p), &o, &[]).status.success());
        snapshot_diff(&snapshot(&o), &got).is_empty()
    });
    assert!(whole, "the output is not any one build's site");
    assert_eq!(crate::support::beside(tmp.path()), ["site"]);
}

#[test]
fn a_held_lock_makes_the_second_build_fail_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    // This test process is alive, so its lock is not stale.
    let lock = tmp.path().join(".site.jindu-lock");
    let mut f = std::fs::File::create(&lock).unwrap();
    writeln!(f, "{}", std::process::id()).unwrap();
    let o = build_env(&fixture("build/minimal"), &out, &[("JINDU_LOCK_WAIT_SECS", "0.5")]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("another jindu build (process {}) is writing", std::process::id()))
            && err.contains(".site.jindu-lock"),
        "{err}"
    );
    assert!(!out.exists());
    assert!(lock.exists(), "someone else's lock is left alone");
}

/// Every input a fuzzer ever crashed on, kept as a plan folder (written by the fuzz target with
/// `JINDU_FUZZ_DUMP`); each must check and build without a panic.
#[test]
fn fuzz_regressions_never_panic() {
    let dir = fixture("hostile/fuzz-regressions");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let tmp = tempfile::tempdir().unwrap();
        let plan = tmp.path().join("plan");
        crate::support::copy_tree(&case, &plan);
        let (o, took) = run_env(&["check", path_str(&plan)], &[], QUICK);
        if o.status.success() {
            let out = tmp.path().join("site");
            let (b, _) = run_env(&["build", path_str(&plan), "-o", path_str(&out)], &[], QUICK);
            assert!(b.status.success(), "{}: {}", case.display(), stderr(&b));
        }
        eprintln!("{}: exit {:?} in {took:?}", case.display(), o.status.code());
    }
}

/// A plan of `tasks` tasks in chains of 10 (each depending on the one before), 10 goals and
/// `metrics` metrics with a year of daily CSV data.
fn generate(plan: &Path, tasks: usize, metrics: usize) {
    std::fs::create_dir_all(plan).unwrap();
    std::fs::write(
        plan.join("plan.md"),
        "---\nkind: plan\ntitle: Big\nstart: 2026-01-05\nas_of: 2026-06-01\n---\n",
    )
    .unwrap();
    for g in 0..10 {
        let d = plan.join(format!("g{g}"));
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("index.md"), format!("---\nkind: goal\ntitle: Goal {g}\n---\n"))
            .unwrap();
    }
    for i in 0..tasks {
        let dep = if i % 10 == 0 { String::new() } else { format!("depends: [t{}]\n", i - 1) };
        std::fs::write(
            plan.join(format!("g{}/t{i}.md", i % 10)),
            format!("---\nkind: task\ntitle: Task {i}\nowner: p{}\nduration: {}d\n{dep}---\nBody of [[t{}]].\n", i % 50, 1 + i % 5, i / 2),
        )
        .unwrap();
    }
    std::fs::create_dir_all(plan.join("metrics")).unwrap();
    for m in 0..metrics {
        let mut csv = String::from("date,value\n");
        let start = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        for d in 0..365 {
            let _ =
                writeln!(csv, "{},{}", start + chrono::Duration::days(d), (d * 7 + m as i64) % 100);
        }
        std::fs::write(plan.join(format!("metrics/m{m}.csv")), csv).unwrap();
        std::fs::write(
            plan.join(format!("metrics/m{m}.md")),
            format!("---\nkind: metric\ntitle: M{m}\ndata: m{m}.csv\ntarget: 80\n---\n"),
        )
        .unwrap();
    }
}

/// Peak RSS of a child process, from `/usr/bin/time -v`.
fn measure(plan: &Path, out: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let o = Command::new("/usr/bin/time")
        .args(["-v", env!("CARGO_BIN_EXE_jindu"), "build", path_str(plan), "-o", path_str(out)])
        .output()
        .expect("/usr/bin/time (apt-get install time)");
    let took = started.elapsed();
    let err = stderr(&o);
    assert!(o.status.success(), "{}", &err[..err.len().min(3000)]);
    let kb = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.trim().parse().ok())
        .expect("peak RSS in /usr/bin/time output");
    (took, kb)
}

#[test]
#[ignore = "big: run with --release -- --ignored; prints time and peak RSS"]
fn time_and_memory_grow_linearly() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rows = Vec::new();
    for (tasks, metrics) in [(1_000, 10), (10_000, 100), (100_000, 100)] {
        let plan = tmp.path().join(format!("plan-{tasks}"));
        generate(&plan, tasks, metrics);
        let (took, kb) = measure(&plan, &tmp.path().join(format!("site-{tasks}")));
        eprintln!("{tasks} tasks, {metrics} metrics: {took:.2?}, peak RSS {} MB", kb / 1024);
        rows.push((tasks, took, kb));
        std::fs::remove_dir_all(&plan).unwrap();
    }
    // From 10,000 to 100,000 tasks: at most 15x the time and memory (10x is linear).
    let (_, t10, m10) = rows[1];
    let (_, t100, m100) = rows[2];
    assert!(t100.as_secs_f64() < 15.0 * t10.as_secs_f64().max(0.5), "{rows:?}");
    assert!(m100 < 15 * m10, "{rows:?}");
}

#[test]
#[ignore = "big: run with --release -- --ignored; prints time and peak RSS"]
fn a_60_mb_csv_streams() {
    let (tmp, plan) = plan_of(&[
        ("plan.md", PLAN.as_bytes().to_vec()),
        ("m.md", b"---\nkind: metric\ntitle: M\ngranularity: hour\ndata: m.csv\n---\n".to_vec()),
    ]);
    let mut f = std::io::BufWriter::new(std::fs::File::create(plan.join("m.csv")).unwrap());
    writeln!(f, "date,value,note").unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let mut t = start;
    let mut written = 0u64;
    while written < 60_000_000 {
        let line = format!("{},{}.5,\n", t.format("%Y-%m-%dT%H:%M"), written % 1000);
        written += line.len() as u64;
        f.write_all(line.as_bytes()).unwrap();
        t += chrono::Duration::hours(1);
    }
    drop(f);
    let (took, kb) = measure(&plan, &tmp.path().join("site"));
    eprintln!(
        "60 MB CSV ({} rows): {took:.2?}, peak RSS {} MB",
        (t - start).num_hours(),
        kb / 1024
    );
}
