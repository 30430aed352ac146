//! Shared code of the fuzz targets: run a set of note files through load, analyse, lint and
//! render, and build whole plans from structured fuzz input.
//!
//! Set `JINDU_FUZZ_DUMP=DIR` when replaying one input (`cargo fuzz run TARGET FILE`) to write
//! the plan it stands for into DIR, as a fixture for `tests/fixtures/hostile/fuzz-regressions/`.

use arbitrary::Arbitrary;
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

/// The status date used when the plan gives none.
pub fn default_as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

fn templates() -> &'static jindu::templates::Templates {
    static T: OnceLock<jindu::templates::Templates> = OnceLock::new();
    T.get_or_init(|| jindu::templates::Templates::load(None).expect("built-in templates load"))
}

/// Loads `files` under `root`, analyses and lints like `jindu check`, and renders the site
/// into memory like `jindu build` when there are no errors. Panics are the findings.
pub fn run(root: &Path, files: &[(String, Vec<u8>)]) {
    dump(files);
    let as_of = files
        .iter()
        .find(|(p, _)| p == "plan.md")
        .and_then(|(_, b)| std::str::from_utf8(b).ok())
        .and_then(|t| t.lines().find_map(|l| l.strip_prefix("as_of: ")))
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(default_as_of);
    let (analysis, diags) = jindu::fuzz_load(root, files, as_of);
    if let Some(a) = analysis.filter(|_| !diags.has_errors()) {
        let _ = jindu::site::render(&a, templates());
    }
}

/// Writes the files into `$JINDU_FUZZ_DUMP` when it is set.
fn dump(files: &[(String, Vec<u8>)]) {
    let Some(dir) = std::env::var_os("JINDU_FUZZ_DUMP") else { return };
    let dir = Path::new(&dir);
    for (rel, bytes) in files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().expect("has a parent")).expect("create dump folder");
        std::fs::write(&p, bytes).expect("write dump file");
    }
}

/// A folder for CSV data, one per process.
pub fn scratch() -> &'static Path {
    static D: OnceLock<std::path::PathBuf> = OnceLock::new();
    D.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("jindu-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("create scratch folder");
        d
    })
}

/// Text put into titles, names and other free-text fields.
const TEXTS: &[&str] = &[
    "Plain title",
    "<script>alert(1)</script>",
    "\"quotes' </title> ]]> </text> {{ x }} {% if %}",
    "javascript:alert(1)",
    "\u{202e}evil\u{202c} \u{2066}bidi\u{2069}",
    "ctl \u{0}\u{1}\u{1b}[31m\u{7f}\u{85} end",
    "投放广告 上线",
    "",
    " ",
    "=SUM(A1:A9)",
    "+1-2@x",
    "line\nbreak\r\nand\ttab",
    "a,b;\"c\"\\d",
    "🚀🏳️‍🌈 e\u{301}",
];

/// Markdown bodies.
const BODIES: &[&str] = &[
    "",
    "# Head\n\nText with [[t0]] and [[g0|goal]] and [[missing]].\n",
    "<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![i](data:text/html,x)\n",
    "| a | b |\n| - | - |\n| [[t1]] | <b> |\n\n[^n]\n\n[^n]: note\n",
    "[[",
    "```\n[[t0]]\n```\n> [[]] [[|]] [[t0|]]\n",
];

/// A date: near the plan's dates, or at the edges of what dates can be.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Day {
    /// Days from 2026-11-02.
    Near(i16),
    /// One of `EDGES`.
    Edge(u8),
}

const EDGES: &[&str] = &[
    "0000-01-01",
    "0001-01-01",
    "1969-12-31",
    "9999-12-31",
    "9999-12-30",
    "2262-04-11",
    "2026-02-29",
    "2024-02-29",
    "2026-13-01",
    "262143-12-31",
    "-0001-01-01",
];

impl Day {
    fn text(self) -> String {
        match self {
            Day::Near(n) => {
                let base = NaiveDate::from_ymd_opt(2026, 11, 2).expect("valid");
                let d = base + chrono::Duration::days(i64::from(n));
                d.format("%Y-%m-%d").to_string()
            }
            Day::Edge(i) => EDGES[usize::from(i) % EDGES.len()].to_string(),
        }
    }
}

/// A duration or lag in workdays.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Span {
    /// `Nd`.
    Days(u16),
    /// `Nw`.
    Weeks(u16),
    /// Past every limit.
    Huge,
}

impl Span {
    fn text(self) -> String {
        match self {
            Span::Days(n) => format!("{n}d"),
            Span::Weeks(n) => format!("{n}w"),
            Span::Huge => "1000000000d".into(),
        }
    }
}

/// One dependency: predecessor index, type, signed lag.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenDep {
    task: u8,
    kind: u8,
    lag: i16,
}

/// A task or milestone.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenTask {
    milestone: bool,
    title: u8,
    folder: Option<u8>,
    goal: Option<u8>,
    owner: Option<u8>,
    start: Option<Day>,
    end: Option<Day>,
    due: Option<Day>,
    duration: Option<Span>,
    status: u8,
    progress: Option<u8>,
    actual: Option<(Option<Day>, Option<Day>)>,
    baseline: Option<(Option<Day>, Option<Day>)>,
    depends: Vec<GenDep>,
    flex: bool,
    contributes: Option<u8>,
    body: u8,
}

/// A goal.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenGoal {
    title: u8,
    folder: bool,
    parent: Option<u8>,
    due: Option<Day>,
    metric: Option<u8>,
    target: Option<f64>,
    owner: Option<u8>,
}

/// A metric with inline values.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenMetric {
    title: u8,
    granularity: u8,
    better: bool,
    aggregate: u8,
    values: Vec<(Day, Option<u8>, f64)>,
    baseline: Option<f64>,
    target: Option<f64>,
    checkpoints: Vec<(Day, f64)>,
    alerts: Vec<(u8, f64, Option<u8>, Option<u8>)>,
    annotations: Vec<(Day, u8)>,
}

/// A review.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenReview {
    date: Day,
    cadence: u8,
    changes: Vec<(u8, Option<Day>, Option<Day>)>,
    attendees: Vec<u8>,
}

/// A risk.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenRisk {
    title: u8,
    tasks: Vec<u8>,
    metrics: Vec<u8>,
    level: u8,
    status: u8,
}

/// A whole plan.
#[derive(Arbitrary, Debug, Clone)]
pub struct GenPlan {
    title: u8,
    start: Day,
    due: Option<Day>,
    as_of: Option<Day>,
    zh: bool,
    workdays: u8,
    holidays: Vec<(Day, Option<Day>)>,
    makeup: Vec<Day>,
    goals: Vec<GenGoal>,
    tasks: Vec<GenTask>,
    metrics: Vec<GenMetric>,
    reviews: Vec<GenReview>,
    risks: Vec<GenRisk>,
    people: Vec<u8>,
    body: u8,
}

/// A YAML double-quoted string with every control character escaped.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn text(i: u8) -> &'static str {
    TEXTS[usize::from(i) % TEXTS.len()]
}

fn num(v: f64) -> String {
    if v.is_nan() {
        ".nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { ".inf".into() } else { "-.inf".into() }
    } else {
        format!("{v:?}")
    }
}

fn pick<T>(items: &[T], i: u8) -> Option<&T> {
    if items.is_empty() { None } else { Some(&items[usize::from(i) % items.len()]) }
}

const MAX: usize = 48;

impl GenPlan {
    /// The plan as note files (relative path, bytes).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let goals = &self.goals[..self.goals.len().min(MAX)];
        let tasks = &self.tasks[..self.tasks.len().min(MAX)];
        let metrics = &self.metrics[..self.metrics.len().min(8)];
        let people = ["maya", "Li Wei", "张伟", "<b>eve</b>"];
        let goal_path = |i: usize| {
            if goals[i].folder { format!("g{i}/index.md") } else { format!("g{i}.md") }
        };
        let task_ids: Vec<String> = (0..tasks.len()).map(|i| format!("t{i}")).collect();
        let mut files = Vec::new();

        let mut p = format!(
            "---\nkind: plan\ntitle: {}\nstart: {}\n",
            q(text(self.title)),
            self.start.text()
        );
        if let Some(d) = self.due {
            let _ = writeln!(p, "due: {}", d.text());
        }
        if let Some(d) = self.as_of {
            let _ = writeln!(p, "as_of: {}", d.text());
        }
        let _ = writeln!(p, "locale: {}", if self.zh { "zh-CN" } else { "en" });
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let wd: Vec<&str> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| self.workdays & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        let hol: Vec<String> = self
            .holidays
            .iter()
            .take(MAX)
            .map(|(a, b)| match b {
                Some(b) => q(&format!("{}..{}", a.text(), b.text())),
                None => a.text(),
            })
            .collect();
        let mk: Vec<String> = self.makeup.iter().take(MAX).map(|d| d.text()).collect();
        let _ = writeln!(
            p,
            "calendar:\n  workdays: [{}]\n  holidays: [{}]\n  makeup_days: [{}]",
            wd.join(", "),
            hol.join(", "),
            mk.join(", ")
        );
        let _ = write!(p, "---\n{}", BODIES[usize::from(self.body) % BODIES.len()]);
        files.push(("plan.md".to_string(), p.into_bytes()));

        for (i, g) in goals.iter().enumerate() {
            let mut s = format!("---\nkind: goal\ntitle: {}\n", q(text(g.title)));
            if let Some(pi) = g.parent {
                let _ = writeln!(s, "parent: g{}", usize::from(pi) % goals.len());
            }
            if let Some(d) = g.due {
                let _ = writeln!(s, "due: {}", d.text());
            }
            if let Some(m) = g.metric.filter(|_| !metrics.is_empty()) {
                let _ = writeln!(s, "metric: m{}", usize::from(m) % metrics.len());
            }
            if let Some(t) = g.target {
                let _ = writeln!(s, "target: {}", num(t));
            }
            if let Some(o) = g.owner.and_then(|o| pick(&people, o)) {
                let _ = writeln!(s, "owner: {}", q(o));
            }
            s.push_str("---\n");
            files.push((goal_path(i), s.into_bytes()));
        }

        for (i, t) in tasks.iter().enumerate() {
            let kind = if t.milestone { "milestone" } else { "task" };
            let mut s = format!("---\nkind: {kind}\ntitle: {}\n", q(text(t.title)));
            if let Some(g) = t.goal.filter(|_| !goals.is_empty()) {
                let _ = writeln!(s, "goal: g{}", usize::from(g) % goals.len());
            }
            if let Some(o) = t.owner.and_then(|o| pick(&people, o)) {
                let _ = writeln!(s, "owner: {}", q(o));
            }
            for (k, d) in [("start", t.start), ("end", t.end), ("due", t.due)] {
                if let Some(d) = d {
                    let _ = writeln!(s, "{k}: {}", d.text());
                }
            }
            if let Some(d) = t.duration {
                let _ = writeln!(s, "duration: {}", d.text());
            }
            let statuses = ["todo", "doing", "blocked", "done", "cancelled"];
            let _ = writeln!(s, "status: {}", statuses[usize::from(t.status) % statuses.len()]);
            if let Some(pr) = t.progress {
                let _ = writeln!(s, "progress: {pr}");
            }
            for (k, span) in [("actual", t.actual), ("baseline", t.baseline)] {
                if let Some((a, b)) = span {
                    let mut parts = Vec::new();
                    if let Some(a) = a {
                        parts.push(format!("start: {}", a.text()));
                    }
                    if let Some(b) = b {
                        parts.push(format!("end: {}", b.text()));
                    }
                    let _ = writeln!(s, "{k}: {{{}}}", parts.join(", "));
                }
            }
            let deps: Vec<String> = t
                .depends
                .iter()
                .take(MAX)
                .map(|d| {
                    let kinds = ["", ":ss", ":ff", ":sf", ":SS"];
                    let lag = match d.lag {
                        0 => String::new(),
                        l if l > 0 => format!(" +{l}d"),
                        l => format!(" {l}d"),
                    };
                    let id = task_ids
                        .get(usize::from(d.task) % (task_ids.len() + 1))
                        .map_or("nope", String::as_str);
                    q(&format!("{id}{}{lag}", kinds[usize::from(d.kind) % kinds.len()]))
                })
                .collect();
            if !deps.is_empty() {
                let _ = writeln!(s, "depends: [{}]", deps.join(", "));
            }
            if t.flex {
                s.push_str("flex: true\n");
            }
            if let Some(c) = t.contributes.filter(|_| !metrics.is_empty()) {
                let _ = writeln!(s, "contributes: [m{}]", usize::from(c) % metrics.len());
            }
            let _ = write!(s, "---\n{}", BODIES[usize::from(t.body) % BODIES.len()]);
            let path = match t.folder.filter(|_| !goals.is_empty()) {
                Some(f) => {
                    let g = usize::from(f) % goals.len();
                    let dir = if goals[g].folder { format!("g{g}") } else { "loose".into() };
                    format!("{dir}/t{i}.md")
                }
                None => format!("t{i}.md"),
            };
            files.push((path, s.into_bytes()));
        }

        for (i, m) in metrics.iter().enumerate() {
            let grans = ["hour", "day", "week", "month"];
            let aggs = ["sum", "mean", "last"];
            let mut s = format!(
                "---\nkind: metric\ntitle: {}\ngranularity: {}\nbetter: {}\naggregate: {}\nunit: {}\n",
                q(text(m.title)),
                grans[usize::from(m.granularity) % 4],
                if m.better { "higher" } else { "lower" },
                aggs[usize::from(m.aggregate) % 3],
                q(text(m.title.wrapping_add(1))),
            );
            if let Some(b) = m.baseline {
                let _ = writeln!(s, "baseline: {}", num(b));
            }
            if m.checkpoints.is_empty() {
                if let Some(t) = m.target {
                    let _ = writeln!(s, "target: {}", num(t));
                }
            } else {
                s.push_str("target:\n");
                for (d, v) in m.checkpoints.iter().take(MAX) {
                    let _ = writeln!(s, "  - {{date: {}, value: {}}}", d.text(), num(*v));
                }
            }
            if !m.values.is_empty() {
                s.push_str("values:\n");
                for (d, h, v) in m.values.iter().take(200) {
                    let date = match h {
                        Some(h) => format!("{}T{:02}:{:02}", d.text(), h % 24, h / 24 * 7 % 60),
                        None => d.text(),
                    };
                    let _ = writeln!(s, "  - {{date: {}, value: {}}}", q(&date), num(*v));
                }
            }
            if !m.alerts.is_empty() {
                s.push_str("alerts:\n");
                for (rule, v, f, pb) in m.alerts.iter().take(8) {
                    let rules = ["below", "above", "drop", "rise"];
                    let _ = write!(s, "  - {{{}: {}", rules[usize::from(*rule) % 4], num(*v));
                    if let Some(f) = f {
                        let _ = write!(s, ", for: {}d", f % 20);
                    }
                    if let Some(pb) = pb.filter(|_| !task_ids.is_empty()) {
                        let _ =
                            write!(s, ", plan_b: {}", task_ids[usize::from(pb) % task_ids.len()]);
                    }
                    s.push_str("}\n");
                }
            }
            if !m.annotations.is_empty() {
                s.push_str("annotations:\n");
                for (d, t) in m.annotations.iter().take(8) {
                    let _ = writeln!(s, "  - {{date: {}, note: {}}}", d.text(), q(text(*t)));
                }
            }
            s.push_str("---\n");
            files.push((format!("metrics/m{i}.md"), s.into_bytes()));
        }

        for (i, r) in self.reviews.iter().take(8).enumerate() {
            let cad = ["daily", "weekly", "monthly"];
            let mut s = format!(
                "---\nkind: review\ndate: {}\ncadence: {}\n",
                r.date.text(),
                cad[usize::from(r.cadence) % 3]
            );
            let att: Vec<String> = r
                .attendees
                .iter()
                .take(8)
                .filter_map(|a| pick(&people, *a))
                .map(|p| q(p))
                .collect();
            let _ = writeln!(s, "attendees: [{}]", att.join(", "));
            if !r.changes.is_empty() && !task_ids.is_empty() {
                s.push_str("changes:\n");
                for (t, from, to) in r.changes.iter().take(8) {
                    let _ = write!(
                        s,
                        "  - {{task: {}, field: due",
                        task_ids[usize::from(*t) % task_ids.len()]
                    );
                    if let Some(f) = from {
                        let _ = write!(s, ", from: {}", f.text());
                    }
                    if let Some(t) = to {
                        let _ = write!(s, ", to: {}", t.text());
                    }
                    s.push_str(", why: \"x\"}\n");
                }
            }
            s.push_str("decisions: [\"<b>go</b>\"]\n---\n");
            files.push((format!("reviews/r{i}.md"), s.into_bytes()));
        }

        for (i, r) in self.risks.iter().take(8).enumerate() {
            let lv = ["low", "medium", "high"];
            let st = ["open", "triggered", "mitigated", "closed"];
            let mut s = format!(
                "---\nkind: risk\ntitle: {}\nprobability: {}\nimpact: {}\nstatus: {}\n",
                q(text(r.title)),
                lv[usize::from(r.level) % 3],
                lv[usize::from(r.level / 3) % 3],
                st[usize::from(r.status) % 4]
            );
            if !task_ids.is_empty() {
                let ts: Vec<&str> = r
                    .tasks
                    .iter()
                    .take(8)
                    .map(|t| task_ids[usize::from(*t) % task_ids.len()].as_str())
                    .collect();
                let _ = writeln!(s, "tasks: [{}]", ts.join(", "));
            }
            if !metrics.is_empty() {
                let ms: Vec<String> = r
                    .metrics
                    .iter()
                    .take(8)
                    .map(|m| format!("m{}", usize::from(*m) % metrics.len()))
                    .collect();
                let _ = writeln!(s, "metrics: [{}]", ms.join(", "));
            }
            s.push_str("---\n");
            files.push((format!("risks/k{i}.md"), s.into_bytes()));
        }

        for (i, p) in self.people.iter().take(6).enumerate() {
            let name = pick(&people, *p).copied().unwrap_or("x");
            let s = format!("---\nkind: person\nname: {}\ncapacity: {}\n---\n", q(name), i);
            files.push((format!("people/p{i}.md"), s.into_bytes()));
        }
        files
    }
}
