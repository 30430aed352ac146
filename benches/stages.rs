//! Criterion benchmarks of each build stage (load, schedule, metrics, analyse, render, write)
//! and of a whole build, on a plan written by the generator in `examples/gen-plan.rs`.
//!
//! `cargo bench --bench stages` uses 1,000 tasks and 100 metrics of 365 daily values; set
//! `JINDU_BENCH_TASKS=10000` (and `JINDU_BENCH_METRICS`, `JINDU_BENCH_DAYS`) for other sizes.
//! The plan is generated into a temporary folder once, before the first benchmark.

// criterion_group!/criterion_main! generate undocumented functions.
#![allow(missing_docs)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

#[path = "../examples/gen-plan.rs"]
#[allow(dead_code)]
mod gen_plan;

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn load(root: &Path) -> jindu::Plan {
    let (plan, diags) = jindu::load(root, &[]).expect("plan loads");
    assert!(!diags.has_errors(), "{}", diags.render());
    plan.expect("plan note")
}

fn as_of(plan: &jindu::Plan) -> chrono::NaiveDate {
    plan.plan.meta.as_of.map_or(plan.plan.meta.start.0, |d| d.0)
}

fn stages(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp folder");
    let root = tmp.path().join("plan");
    let args = gen_plan::Args {
        tasks: size("JINDU_BENCH_TASKS", 1000),
        metrics: size("JINDU_BENCH_METRICS", 100),
        days: size("JINDU_BENCH_DAYS", 365),
        out: root.clone(),
    };
    gen_plan::generate(&args).expect("plan generated");
    let out: PathBuf = tmp.path().join("site");
    let plan = load(&root);
    let date = as_of(&plan);
    let templates = jindu::templates::Templates::load(None).expect("templates");
    let analysis = jindu::analyse(plan.clone(), date, &mut jindu::Diagnostics::default());
    let site = jindu::site::render(&analysis, &templates).expect("render");

    let mut g = c.benchmark_group(format!("{}-tasks", args.tasks));
    g.sample_size(10);
    g.bench_function("load", |b| b.iter(|| load(black_box(&root))));
    g.bench_function("schedule", |b| {
        b.iter(|| jindu::schedule::compute(&plan, date, &mut jindu::Diagnostics::default()));
    });
    g.bench_function("metrics", |b| b.iter(|| jindu::metrics::evaluate(&plan, date)));
    g.bench_function("analyse", |b| {
        b.iter_batched(
            || plan.clone(),
            |p| jindu::analyse(p, date, &mut jindu::Diagnostics::default()),
            BatchSize::LargeInput,
        );
    });
    // Rendering into memory (what `serve` and the tests use); `build` below streams to disk.
    g.bench_function("render", |b| {
        b.iter(|| jindu::site::render(&analysis, &templates).expect("render"));
    });
    g.bench_function("write", |b| {
        b.iter(|| jindu::output::commit(&site, &out, false).expect("write"));
    });
    g.bench_function("build", |b| {
        b.iter(|| {
            let plan = load(&root);
            let a = jindu::analyse(plan, date, &mut jindu::Diagnostics::default());
            let t = jindu::templates::Templates::load(Some(&root.join("templates"))).expect("t");
            // As `jindu build` does it: pages streamed into the staging folder.
            jindu::output::commit_with(&out, false, |staging| {
                jindu::site::render_into(&a, &t, staging)
            })
            .expect("build");
        });
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
