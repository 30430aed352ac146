//! Metric CSV data: the input is `metrics/m.csv` of a plan whose metric reads it; the metric's
//! granularity and aggregate come from the input's length. Loaded, evaluated and rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = jindu_fuzz::scratch();
    let dir = root.join("metrics");
    std::fs::create_dir_all(&dir).expect("metrics folder");
    std::fs::write(dir.join("m.csv"), data).expect("write CSV");
    let gran = ["hour", "day", "week", "month"][data.len() % 4];
    let agg = ["sum", "mean", "last"][data.len() / 4 % 3];
    let metric = format!(
        "---\nkind: metric\ntitle: M\ngranularity: {gran}\naggregate: {agg}\nbetter: {}\ndata: m.csv\nbaseline: 10\ntarget:\n  - {{date: 2026-11-01, value: 20}}\n  - {{date: 2026-12-01, value: 40}}\nalerts:\n  - {{below: 5, for: 2d, plan_b: t}}\n  - {{drop: 0.3}}\n---\n",
        if data.len() % 2 == 0 { "higher" } else { "lower" }
    );
    let files = vec![
        (
            "plan.md".to_string(),
            b"---\nkind: plan\ntitle: P\nstart: 2026-09-01\ndue: 2026-12-31\n---\n".to_vec(),
        ),
        (
            "t.md".to_string(),
            b"---\nkind: task\ntitle: T\nduration: 3d\ncontributes: [m]\n---\n".to_vec(),
        ),
        ("g.md".to_string(), b"---\nkind: goal\ntitle: G\nmetric: m\ntarget: 30\n---\n".to_vec()),
        ("metrics/m.md".to_string(), metric.into_bytes()),
    ];
    jindu_fuzz::run(root, &files);
});
