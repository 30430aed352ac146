//! Writes a realistic, reproducible plan of any size, for benchmarks and scale tests:
//! `cargo run --release --example gen-plan -- --tasks 10000 --metrics 100 --days 365 OUT`.
//!
//! The plan has a goal tree (workstreams, each with sub-goals), tasks with owners, RACI,
//! deliverables, dependencies of every type with lags (only on earlier tasks, so no cycles),
//! milestones with due dates, a few pinned starts, metrics with daily CSV data and alerts,
//! weekly reviews with changes, and risks (more in bigger plans).
//! The same arguments always write the same files (a fixed-seed generator, no clock).

use chrono::{Days, NaiveDate};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (`SplitMix64`), so the output never depends on a crate version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A float in `0..1`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What to generate (also used by `benches/stages.rs`, which includes this file).
pub(crate) struct Args {
    /// Tasks and milestones.
    pub(crate) tasks: usize,
    /// Metrics, each with a CSV of daily values.
    pub(crate) metrics: usize,
    /// Days of data per metric (and the plan's horizon).
    pub(crate) days: usize,
    /// The plan folder to write.
    pub(crate) out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { tasks: 1000, metrics: 20, days: 120, out: PathBuf::new() };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut num = |name: &str| -> Result<usize, String> {
            it.next().and_then(|v| v.parse().ok()).ok_or(format!("{name} takes a number"))
        };
        match a.as_str() {
            "--tasks" => args.tasks = num("--tasks")?,
            "--metrics" => args.metrics = num("--metrics")?,
            "--days" => args.days = num("--days")?,
            "-h" | "--help" => return Err(String::new()),
            other if !other.starts_with('-') => args.out = PathBuf::from(other),
            other => return Err(format!("unknown option {other}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("give the output folder".into());
    }
    Ok(args)
}

const PEOPLE: &[(&str, &str, &str)] = &[
    ("ana-lima", "Ana Lima", "Marketing"),
    ("ben-okoro", "Ben Okoro", "Growth"),
    ("chen-yu", "Chen Yu", "Web"),
    ("dana-fox", "Dana Fox", "Supply chain"),
    ("eli-park", "Eli Park", "Analytics"),
    ("fatima-noor", "Fatima Noor", "Customer care"),
    ("gus-weber", "Gus Weber", "Finance"),
    ("hana-sato", "Hana Sato", "Web"),
    ("ivan-petrov", "Ivan Petrov", "Marketing"),
    ("jia-li", "Jia Li", "Growth"),
    ("kofi-mensah", "Kofi Mensah", "Supply chain"),
    ("lena-berg", "Lena Berg", "Analytics"),
];

const VERBS: &[&str] =
    &["Draft", "Review", "Build", "Test", "Launch", "Audit", "Plan", "Negotiate", "Design", "Ship"];
const THINGS: &[&str] = &[
    "landing page",
    "ad creatives",
    "supplier order",
    "email flow",
    "price test",
    "stock forecast",
    "influencer brief",
    "checkout change",
    "returns policy",
    "bundle offer",
    "search campaign",
    "tracking plan",
];

/// `d` plus `n` days (generated offsets stay small, so this never overflows).
fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_days(Days::new(n.unsigned_abs())).unwrap_or(d)
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("usage: gen-plan [--tasks N] [--metrics N] [--days N] OUT");
            std::process::exit(2);
        }
    };
    if let Err(e) = generate(&args) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    println!(
        "wrote a plan of {} tasks and {} metrics to {}",
        args.tasks,
        args.metrics,
        args.out.display()
    );
}

/// Writes the plan `args` describes.
pub(crate) fn generate(args: &Args) -> std::io::Result<()> {
    let mut rng = Rng(0x006A_696E_6475); // "jindu"
    let out = &args.out;
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("valid date");
    let horizon = args.days.max(30);
    let due = plus(start, horizon as i64 + 60);
    write(
        &out.join("plan.md"),
        &format!(
            "---\nkind: plan\ntitle: Generated plan ({} tasks)\nobjective: Grow revenue 30% in {} days\nowner: ana-lima\nstart: {}\ndue: {}\nas_of: {}\ncalendar:\n  holidays: [{}, \"{}..{}\"]\n---\n\nA generated plan for benchmarks.\n",
            args.tasks,
            horizon,
            start,
            due,
            plus(start, horizon as i64 * 2 / 3),
            plus(start, 45),
            plus(start, 90),
            plus(start, 94),
        ),
    )?;
    for (id, name, team) in PEOPLE {
        write(
            &out.join(format!("people/{id}.md")),
            &format!("---\nkind: person\nname: {name}\nteam: {team}\ncapacity: 5\n---\n"),
        )?;
    }
    // Goal tree: workstreams of about 200 tasks, each with sub-goals of about 25.
    let streams = args.tasks.div_ceil(200).max(1);
    let subs_per_stream = 8;
    write(
        &out.join("top/index.md"),
        &format!(
            "---\nkind: goal\ntitle: Revenue +30%\nowner: ana-lima\nmetric: m0\ntarget: 130\ndue: {due}\n---\n"
        ),
    )?;
    let mut goals = Vec::new();
    for s in 0..streams {
        let owner = PEOPLE[s % PEOPLE.len()].0;
        write(
            &out.join(format!("top/ws{s}/index.md")),
            &format!(
                "---\nkind: goal\ntitle: Workstream {s}\nowner: {owner}\nmetric: m{}\ntarget: 100\ndue: {due}\n---\n\nWorkstream {s} of the generated plan.\n",
                s % args.metrics.max(1)
            ),
        )?;
        for g in 0..subs_per_stream {
            let dir = format!("top/ws{s}/g{s}-{g}");
            write(
                &out.join(format!("{dir}/index.md")),
                &format!(
                    "---\nkind: goal\ntitle: Sub-goal {s}.{g}\nowner: {owner}\ndue: {due}\n---\n"
                ),
            )?;
            goals.push(dir);
        }
    }
    // Tasks, dealt out to the workstreams in turn (task i goes to stream i mod streams), so
    // the streams run side by side over the horizon as in a real plan; each task may depend on
    // up to three earlier tasks of its stream near it.
    let as_of_index = horizon * 2 / 3;
    let per_stream = args.tasks.div_ceil(streams).max(1);
    let mut starts = Vec::with_capacity(args.tasks);
    for i in 0..args.tasks {
        let (stream, j) = (i % streams, i / streams);
        let sub = (j * subs_per_stream / per_stream).min(subs_per_stream - 1);
        let dir = &goals[stream * subs_per_stream + sub];
        let person = PEOPLE[rng.below(PEOPLE.len() as u64) as usize];
        let boss = PEOPLE[stream % PEOPLE.len()];
        let milestone = j % 25 == 24;
        let dur = 1 + rng.below(8);
        let offset = (j * horizon / per_stream) as i64;
        starts.push(offset);
        let mut fm = String::new();
        let title = format!(
            "{} {} {}",
            VERBS[rng.below(VERBS.len() as u64) as usize],
            THINGS[rng.below(THINGS.len() as u64) as usize],
            i
        );
        let kind = if milestone { "milestone" } else { "task" };
        let _ = write!(fm, "---\nkind: {kind}\ntitle: {title}\nowner: {}\n", person.0);
        if !milestone {
            let _ = write!(
                fm,
                "raci:\n  accountable: {}\n  consulted: [{}]\n  informed: [{}]\nduration: {dur}d\n",
                boss.0,
                PEOPLE[(i + 3) % PEOPLE.len()].0,
                PEOPLE[(i + 5) % PEOPLE.len()].0
            );
            let _ = write!(fm, "deliverable: {title} done\nacceptance: Reviewed by {}\n", boss.1);
        }
        let mut deps = Vec::new();
        if j > 0 {
            for _ in 0..=rng.below(3) {
                let back = 1 + rng.below(40.min(j as u64));
                let p = i - back as usize * streams;
                let kind = match rng.below(10) {
                    0 => ":ss",
                    1 => ":ff",
                    2 if !milestone => ":sf",
                    _ => "",
                };
                let lag = match rng.below(6) {
                    0 => " +2d",
                    1 => " -1d",
                    _ => "",
                };
                deps.push(format!("\"t{p}{kind}{lag}\""));
            }
            deps.sort();
            deps.dedup_by(|a, b| a.split(':').next() == b.split(':').next());
            let _ = writeln!(fm, "depends: [{}]", deps.join(", "));
        } else {
            let _ = writeln!(fm, "start: {start}");
        }
        let position = offset as usize;
        let status = if position + 10 < as_of_index {
            "done"
        } else if position < as_of_index {
            if rng.below(12) == 0 { "blocked" } else { "doing" }
        } else {
            "todo"
        };
        let _ = writeln!(fm, "status: {status}");
        if status == "doing" || status == "blocked" {
            let _ = writeln!(fm, "progress: {}", 10 + rng.below(80));
        }
        if milestone {
            // Milestones carry the dates people promised: a deadline a little after the plan.
            let _ = writeln!(fm, "due: {}", plus(start, offset * 7 / 5 + 14));
        } else if i % 97 == 50 && j > 0 {
            // A few tasks are pinned to a date (a supplier slot, an event).
            let _ = writeln!(fm, "start: {}", plus(start, offset * 7 / 5 + 3));
        }
        if rng.below(9) == 0 && !milestone {
            let _ = writeln!(fm, "flex: true");
        }
        if rng.below(6) == 0 {
            let b = plus(start, offset);
            let _ = writeln!(fm, "baseline: {{start: {b}, end: {}}}", plus(b, dur as i64 + 1));
        }
        if args.metrics > 0 && rng.below(4) == 0 {
            let _ = writeln!(fm, "contributes: [m{}]", rng.below(args.metrics as u64));
        }
        fm.push_str(
            "tags: [generated]\n---\n\nWork notes for this task, with a link to [[top]].\n",
        );
        write(&out.join(format!("{dir}/t{i}.md")), &fm)?;
    }
    // Metrics with daily data and an alert each.
    for m in 0..args.metrics {
        let base = 50.0 + rng.unit() * 100.0;
        let mut csv = String::from("date,value,note\n");
        for d in 0..args.days {
            let week = ((d % 7) as f64 - 3.0).abs() * 1.5;
            let trend = d as f64 * 0.05;
            let v = base + trend - week + rng.unit() * 6.0;
            let note = if d % 30 == 29 { "month end" } else { "" };
            let _ = writeln!(csv, "{},{v:.2},{note}", plus(start, d as i64));
        }
        write(&out.join(format!("metrics/m{m}.csv")), &csv)?;
        write(
            &out.join(format!("metrics/m{m}.md")),
            &format!(
                "---\nkind: metric\ntitle: Metric {m}\ndefinition: Generated daily number {m}, summed per US/Eastern day\nunit: count\ngranularity: day\nbetter: higher\naggregate: sum\nowner: eli-park\nsource: generator\ndata: m{m}.csv\nbaseline: {base:.0}\ntarget: {:.0}\nalerts:\n  - below: {:.0}\n    for: 2d\n    then: Look at the funnel at the next stand-up\n    plan_b: r{}\n---\n",
                base * 1.3,
                base * 0.8,
                m % 20
            ),
        )?;
    }
    // Weekly reviews with a decision and a change each, and twenty risks.
    for w in 0..(horizon / 7).min(52) {
        let date = plus(start, w as i64 * 7 + 4);
        let t = (w * 37) % args.tasks.max(1);
        write(
            &out.join(format!("reviews/{date}.md")),
            &format!(
                "---\nkind: review\ndate: {date}\ncadence: weekly\nattendees: [ana-lima, ben-okoro, eli-park]\ndecisions:\n  - Keep the plan for week {w}\nchanges:\n  - task: t{t}\n    field: duration\n    from: 3d\n    to: 4d\n    why: More review rounds than planned\n---\n"
            ),
        )?;
    }
    // Risks: twenty, or one per hundred tasks in bigger plans.
    for r in 0..20.max(args.tasks / 100) {
        let metrics = if args.metrics > 0 {
            format!("metrics: [m{}]\n", r % args.metrics)
        } else {
            String::new()
        };
        write(
            &out.join(format!("risks/r{r}.md")),
            &format!(
                "---\nkind: risk\ntitle: Risk {r}\nprobability: {}\nimpact: {}\nowner: {}\ntrigger: Number falls for two days\nresponse: Shift budget to the best channel\ntasks: [t{}]\n{metrics}status: open\n---\n",
                ["low", "medium", "high"][r % 3],
                ["medium", "high", "low"][r % 3],
                PEOPLE[r % PEOPLE.len()].0,
                (r * 13) % args.tasks.max(1)
            ),
        )?;
    }
    Ok(())
}
