//! Runs `jindu build` stage by stage and prints how long each stage takes, to find where a
//! build's time goes: `cargo run --release --example build-stages -- PLAN OUT [--runs N]`.
//!
//! The stages are those of `jindu build`: load (read, parse and assemble the notes), analyse
//! (schedule, metrics and rollups; schedule and metrics are also timed on their own), templates,
//! render (every page into memory) and write (the atomic swap of the output folder). With
//! `--runs N` each stage runs N times and the median is printed, which steadies the numbers on
//! a busy machine. Times go to stderr, one line per stage, in milliseconds.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut paths = Vec::new();
    let mut runs = 1usize;
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(1).max(1);
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    let [root, out] = paths.as_slice() else {
        eprintln!("usage: build-stages PLAN OUT [--runs N]");
        std::process::exit(2);
    };
    let mut times: Vec<(&str, Vec<f64>)> =
        ["load", "schedule", "metrics", "analyse", "templates", "render", "write", "total"]
            .iter()
            .map(|s| (*s, Vec::new()))
            .collect();
    let mut record = |stage: &str, d: Duration| {
        let ms = d.as_secs_f64() * 1000.0;
        times.iter_mut().find(|(s, _)| *s == stage).expect("known stage").1.push(ms);
    };
    let mut files = 0;
    for _ in 0..runs {
        let all = Instant::now();
        let t = Instant::now();
        let (plan, mut diags) = jindu::load(root, std::slice::from_ref(out)).expect("load");
        let plan = plan.filter(|_| !diags.has_errors()).unwrap_or_else(|| {
            eprintln!("{}", diags.render());
            std::process::exit(1)
        });
        record("load", t.elapsed());
        let as_of = plan.plan.meta.as_of.map_or(plan.plan.meta.start.0, |d| d.0);
        // Schedule and metrics are part of analyse; timed on their own here (not in the total).
        let t = Instant::now();
        let schedule = jindu::schedule::compute(&plan, as_of, &mut jindu::Diagnostics::default());
        let schedule_ms = t.elapsed();
        let t = Instant::now();
        let metrics = jindu::metrics::evaluate(&plan, as_of);
        let metrics_ms = t.elapsed();
        drop((schedule, metrics));
        let t = Instant::now();
        let analysis = jindu::analyse(plan, as_of, &mut diags);
        record("analyse", t.elapsed());
        let t = Instant::now();
        let templates =
            jindu::templates::Templates::load(Some(&root.join("templates"))).expect("templates");
        record("templates", t.elapsed());
        let t = Instant::now();
        let site = jindu::site::render(&analysis, &templates).expect("render");
        record("render", t.elapsed());
        let t = Instant::now();
        jindu::output::commit(&site, out, true).expect("write");
        record("write", t.elapsed());
        record("total", all.elapsed());
        record("schedule", schedule_ms);
        record("metrics", metrics_ms);
        files = site.files.len();
    }
    eprintln!("{files} files, median of {runs} run(s):");
    for (stage, mut ms) in times {
        ms.sort_by(f64::total_cmp);
        let indent = if matches!(stage, "schedule" | "metrics") { "  of which " } else { "" };
        eprintln!("{indent}{stage:>10} {:>9.1} ms", ms[ms.len() / 2]);
    }
}
