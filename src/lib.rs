//! jindu compiles a folder of Markdown plan notes into a static site: load, analyse, render to
//! a staging folder page by page, swap it in whole.

mod assemble;
mod calendar;
pub mod cli;
mod data;
pub mod diag;
mod digits;
mod export;
mod fingerprint;
mod front_matter;
mod fsx;
mod i18n;
mod init;
mod lint;
mod locate;
mod markdown;
pub mod meta;
pub mod metrics;
pub mod model;
mod note;
pub mod output;
pub mod rollup;
pub mod schedule;
#[cfg(feature = "serve")]
mod serve;
pub mod site;
pub mod source;
pub mod svg;
pub mod templates;
mod values;
mod view;

use anyhow::Result;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics, Severity};
pub use model::Plan;
pub use rollup::Analysis;
pub use site::Site;

/// Reads and checks the plan in `root`, skipping the folders in `skip` (such as the output).
/// Returns the plan when a plan note was found, and every diagnostic.
pub fn load(root: &Path, skip: &[PathBuf]) -> Result<(Option<Plan>, Diagnostics)> {
    load_cached(root, skip, &mut note::NoteCache::default(), None)
}

/// As `load`, reusing the notes in `cache` whose text is unchanged (for `serve`). `reread`
/// names (relative to `root`) the files that may differ from what `cache` last read: any other
/// note's text is taken from the cache, not read again. `None`: every note is read.
pub(crate) fn load_cached(
    root: &Path,
    skip: &[PathBuf],
    cache: &mut note::NoteCache,
    reread: Option<&[String]>,
) -> Result<(Option<Plan>, Diagnostics)> {
    let mut diags = Diagnostics::default();
    let files = match reread {
        None => source::discover(root, skip, &mut diags)?,
        Some(reread) => {
            let reread: std::collections::HashSet<&str> =
                reread.iter().map(String::as_str).collect();
            let cached = &*cache;
            let known = |rel: &str| {
                (!reread.contains(rel)).then(|| cached.text(rel)).flatten().map(str::to_string)
            };
            source::discover_reusing(root, skip, &mut diags, &known)
        }
    };
    let plan = load_files_cached(root, files, &mut diags, cache);
    Ok((plan, diags))
}

/// Parses and assembles already-read files (CSV data is still read relative to `root`).
pub(crate) fn load_files(
    root: &Path,
    files: Vec<source::SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Plan> {
    load_files_cached(root, files, diags, &mut note::NoteCache::default())
}

fn load_files_cached(
    root: &Path,
    files: Vec<source::SourceFile>,
    diags: &mut Diagnostics,
    cache: &mut note::NoteCache,
) -> Option<Plan> {
    let inputs = digest_of(&files);
    let (notes, failed) = note::parse_all_cached(files, diags, cache);
    let mut plan = assemble::assemble(root, notes, &failed, diags)?;
    plan.inputs = inputs;
    Some(plan)
}

/// The digest of the notes' paths and texts, in walk order (each text hashed on any core). A
/// task's body is left out: only its own page shows it, and that page is keyed by its view, so
/// a note written in a task's body does not make every page of the whole plan again.
fn digest_of(files: &[source::SourceFile]) -> u128 {
    use rayon::prelude::*;
    let each: Vec<u128> = files
        .par_iter()
        .map(|f| xxhash_rust::xxh3::xxh3_128(without_task_body(&f.text).as_bytes()))
        .collect();
    let mut key = fingerprint::Key::default();
    for (f, text) in files.iter().zip(each) {
        key.bytes(f.rel_path.as_bytes()).bytes(&text.to_le_bytes());
    }
    key.finish()
}

/// `text` without its body when it is a note that says plainly `kind: task` (or milestone);
/// anything else whole.
fn without_task_body(text: &str) -> &str {
    let Ok(split) = front_matter::split(text) else { return text };
    match front_matter::plain_kind(split.yaml) {
        Some("task" | "milestone") => &text[..text.len() - split.body.len()],
        _ => text,
    }
}

/// Computes everything the site shows for the status date `as_of`.
pub fn analyse(plan: Plan, as_of: chrono::NaiveDate, diags: &mut Diagnostics) -> Analysis {
    rollup::analyse(plan, as_of, diags)
}

/// Renders the site into memory with the built-in templates and `overrides` (a templates folder).
pub fn render(analysis: &Analysis, overrides: Option<&Path>) -> Result<Site> {
    let templates = templates::Templates::load_for(overrides, analysis.plan.plan.meta.locale)?;
    site::render(analysis, &templates)
}

/// Test-only entry point for the fuzzers in `fuzz/` (not a stable API): loads `files` (path
/// relative to `root`, raw bytes) as if found on disk under `root`, then does what `jindu check`
/// does with the plan (analyse and lint) and renders every diagnostic.
#[doc(hidden)]
pub fn fuzz_load(
    root: &Path,
    files: &[(String, Vec<u8>)],
    as_of: chrono::NaiveDate,
) -> (Option<Analysis>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let sources = files
        .iter()
        .filter_map(|(rel, bytes)| {
            source::decode(rel.clone(), root.join(rel), bytes.clone(), &mut diags)
        })
        .collect();
    let analysis = load_files(root, sources, &mut diags).map(|plan| {
        let a = analyse(plan, as_of, &mut diags);
        lint::lint(&a, &mut diags);
        for d in metrics::lints(&a.plan, &a.metrics, a.as_of) {
            diags.push(d);
        }
        a
    });
    let _ = diags.render();
    (analysis, diags)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cached_load_reads_again_only_the_notes_named_to_reread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let plan = "---\nkind: plan\ntitle: P\nstart: 2026-03-02\n---\n";
        std::fs::write(root.join("plan.md"), plan).unwrap();
        let task = |title: &str| format!("---\nkind: task\ntitle: {title}\nduration: 2d\n---\n");
        std::fs::write(root.join("t.md"), task("Before")).unwrap();
        let mut cache = super::note::NoteCache::keeping();
        let title = |cache: &mut super::note::NoteCache, reread: Option<&[String]>| {
            let (plan, diags) = super::load_cached(root, &[], cache, reread).unwrap();
            assert!(!diags.has_errors(), "{}", diags.render());
            plan.unwrap().tasks["t"].meta.title.clone()
        };
        assert_eq!(
            title(&mut cache, Some(&[])),
            "Before",
            "nothing cached yet: every note is read"
        );
        std::fs::write(root.join("t.md"), task("After")).unwrap();
        assert_eq!(title(&mut cache, Some(&["plan.md".into()])), "Before", "t.md was not named");
        assert_eq!(title(&mut cache, Some(&["t.md".into()])), "After");
        std::fs::write(root.join("t.md"), task("Again")).unwrap();
        assert_eq!(title(&mut cache, None), "Again", "None reads every note");
    }

    #[test]
    fn only_a_task_body_is_left_out_of_the_digest() {
        let cut = super::without_task_body;
        assert_eq!(
            cut("---\nkind: task\ntitle: A\n---\nNotes.\n"),
            "---\nkind: task\ntitle: A\n---\n"
        );
        assert_eq!(cut("---\nkind: milestone\n---\nNotes.\n"), "---\nkind: milestone\n---\n");
        // Other notes' bodies show on pages of the whole plan (the plan's on the dashboard, a
        // review's decisions in the handout); a kind that is not plain, or no front matter,
        // keeps the whole text.
        for text in [
            "---\nkind: plan\n---\nBody.\n",
            "---\nkind: review\n---\nBody.\n",
            "---\nkind: \"task\"\n---\nBody.\n",
            "no front matter\n",
        ] {
            assert_eq!(cut(text), text);
        }
    }
}
