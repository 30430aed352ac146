//! Raw note bytes: front-matter splitting, YAML parsing into every kind, assembling, analysis
//! and rendering. The input is cut at NUL bytes into `plan.md`, `a.md`, `g/index.md`,
//! `g/t.md`, then `n4.md`, ... (at most 8 files).
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["plan.md", "a.md", "g/index.md", "g/t.md"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, Vec<u8>)> = data
        .split(|b| *b == 0)
        .take(8)
        .enumerate()
        .map(|(i, part)| {
            let name = NAMES.get(i).map_or_else(|| format!("n{i}.md"), |n| (*n).to_string());
            (name, part.to_vec())
        })
        .collect();
    jindu_fuzz::run(std::path::Path::new("/nonexistent-jindu-fuzz-root"), &files);
});
