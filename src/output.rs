//! Writes a site atomically: into a staging folder beside the output, then swapped in, so a
//! failed build leaves the previous output exactly as it was.

use crate::fsx;
use crate::site::Site;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// File that marks a folder as written by jindu (so it may be replaced).
pub const MARKER: &str = ".jindu-site";

/// Writes `site` to `out`, replacing a previous jindu output. Refuses to replace a non-empty
/// folder without the marker unless `force`.
pub fn commit(site: &Site, out: &Path, force: bool) -> Result<()> {
    if out.exists() {
        if !out.is_dir() {
            bail!(
                "output `{}` exists and is not a folder; choose another path with -o",
                out.display()
            );
        }
        let empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
        if !empty && !out.join(MARKER).is_file() && !force {
            bail!(
                "output folder `{}` is not empty and was not written by jindu; refusing to replace it (use --force to replace it anyway, or choose another folder with -o)",
                out.display()
            );
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fsx::create_dir_all(&parent)?;
    let name = out.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.jindu-new"));
    let old = parent.join(format!(".{name}.jindu-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fsx::remove_dir_all(leftover)?;
        }
    }
    if let Err(e) = write_tree(site, &staging) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        fsx::rename(out, &old)?;
    }
    if let Err(e) = fsx::rename(&staging, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if had_old {
        fsx::remove_dir_all(&old)?;
    }
    Ok(())
}

fn write_tree(site: &Site, dir: &Path) -> Result<()> {
    fsx::create_dir_all(dir)?;
    fsx::write(
        &dir.join(MARKER),
        b"This folder is written by jindu and replaced on every build.\n",
    )?;
    for (rel, bytes) in &site.files {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            fsx::create_dir_all(p)?;
        }
        fsx::write(&path, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(body: &str) -> Site {
        let mut s = Site::default();
        s.files.insert("index.html".into(), body.as_bytes().to_vec());
        s.files.insert("tasks/a.html".into(), b"a".to_vec());
        s
    }

    #[test]
    fn replaces_own_output_and_refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        commit(&site("one"), &out, false).unwrap();
        commit(&site("two"), &out, false).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["site"]);

        let foreign = dir.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let err = commit(&site("x"), &foreign, false).unwrap_err().to_string();
        assert!(err.contains("was not written by jindu"), "{err}");
        assert_eq!(std::fs::read_to_string(foreign.join("keep.txt")).unwrap(), "mine");
        commit(&site("x"), &foreign, true).unwrap();
        assert!(!foreign.join("keep.txt").exists());
    }
}
