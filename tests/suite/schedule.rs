//! Scheduled dates cross-checked against `TaskJuggler`: each folder under `tests/fixtures/tj3/`
//! holds a jindu plan (`plan.md` and its notes), the same plan for `tj3` (`plan.tjp`) and the
//! dates `tj3` gives, converted to jindu's inclusive convention (`expected.csv`, written by
//! `regen.sh`; conventions in that folder's README.md).

use crate::support::{self, build_ok, fixture, front_matter, read};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Case folders: every folder under `tests/fixtures/tj3/` with a `plan.md`, sorted.
fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixture("tj3"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("plan.md").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

/// `id -> (start, end)` from an `id,start,end` CSV with a header line.
fn expected(dir: &Path) -> BTreeMap<String, (String, String)> {
    let text = std::fs::read_to_string(dir.join("expected.csv")).unwrap_or_else(|e| {
        panic!("{}/expected.csv: {e} (run tests/fixtures/tj3/regen.sh)", name(dir))
    });
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,start,end"), "{}/expected.csv header", name(dir));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            assert_eq!(f.len(), 3, "{}/expected.csv: bad row {l:?}", name(dir));
            (f[0].to_string(), (f[1].to_string(), f[2].to_string()))
        })
        .collect()
}

/// jindu's `id -> (start, end)` for the case, built with `--as-of` = the plan start so no
/// status forecast applies.
fn scheduled(dir: &Path, out: &Path) -> BTreeMap<String, (String, String)> {
    let start = front_matter(&dir.join("plan.md"))["start"]
        .as_str()
        .map_or_else(|| panic!("{}/plan.md has no start", name(dir)), str::to_string);
    let site = out.join(name(dir));
    build_ok(dir, &site, &["--as-of", &start]);
    let plan: Value = serde_json::from_str(&read(&site, "plan.json")).expect("plan.json");
    let tasks = plan["schedule"]["tasks"].as_object().expect("schedule.tasks");
    tasks
        .iter()
        .map(|(id, t)| {
            let date = |k: &str| t[k].as_str().unwrap_or_else(|| panic!("{id}.{k}")).to_string();
            (id.clone(), (date("start"), date("end")))
        })
        .collect()
}

#[test]
fn schedule_matches_taskjuggler() {
    let cases = cases();
    assert!(cases.len() >= 3, "expected at least three TaskJuggler cases, found {}", cases.len());
    let tmp = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    let mut checked = 0;
    for dir in &cases {
        let case = name(dir);
        let want = expected(dir);
        let got = scheduled(dir, tmp.path());
        for (id, (ws, we)) in &want {
            match got.get(id) {
                None => {
                    problems.push(format!("{case}: `{id}` is in expected.csv but not in the plan"));
                }
                Some((gs, ge)) if (gs, ge) != (ws, we) => problems
                    .push(format!("{case}: `{id}` jindu {gs}..{ge}, TaskJuggler {ws}..{we}")),
                Some(_) => checked += 1,
            }
        }
        for id in got.keys().filter(|id| !want.contains_key(*id)) {
            problems.push(format!("{case}: `{id}` is scheduled by jindu but not in expected.csv"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreement(s) with TaskJuggler ({checked} tasks agree):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// Each case has the files the comparison needs, and its plan keeps every task `todo` (status
/// forecasts would move dates away from what `tj3` computes).
#[test]
fn cases_are_complete_and_unstarted() {
    for dir in cases() {
        for f in ["plan.tjp", "expected.csv"] {
            assert!(dir.join(f).is_file(), "{}/{f} is missing", name(&dir));
        }
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let fm = front_matter(&path);
                let status = fm.get("status").and_then(|s| s.as_str()).unwrap_or("todo");
                assert_eq!(status, "todo", "{}: keep every task `todo`", path.display());
                assert!(fm.get("actual").is_none(), "{}: no actual dates", path.display());
            }
        }
    }
}

/// `expected.csv` is what `regen.sh` makes of `plan.tjp` today. Runs only where `tj3` is
/// installed (Debian package tj3); elsewhere it says so and passes.
#[test]
fn expected_values_are_fresh_from_tj3() {
    let have_tj3 = Command::new("tj3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !have_tj3 {
        eprintln!("tj3 is not installed: expected.csv not regenerated");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("tj3");
    support::copy_tree(&fixture("tj3"), &copy);
    let o = Command::new("bash").arg(copy.join("regen.sh")).output().expect("run regen.sh");
    assert!(o.status.success(), "regen.sh failed:\n{}", support::stderr(&o));
    let mut stale = Vec::new();
    for dir in cases() {
        let case = name(&dir);
        let rel = format!("{case}/expected.csv");
        let (old, new) = (read(&fixture("tj3"), &rel), read(&copy, &rel));
        if old != new {
            stale.push(format!("{rel}:\n--- committed\n{old}--- from tj3\n{new}"));
        }
    }
    assert!(
        stale.is_empty(),
        "expected.csv differs from tj3's dates; run tests/fixtures/tj3/regen.sh:\n{}",
        stale.join("\n")
    );
}
