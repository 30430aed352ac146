//! Test harness: run the real `jindu` binary on fixture plans copied into temporary folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// Copies a folder tree (files and folders only) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `jindu` with `args` in `cwd`.
pub fn jindu(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jindu")).args(args).current_dir(cwd).output().expect("run jindu")
}

/// Builds the example plan into a fresh temporary folder and returns (tempdir, site path).
pub fn build_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = jindu(&repo(), &["build", "example-plan", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed:\n{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}
