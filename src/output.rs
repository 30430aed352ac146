//! Writes a site atomically: into a staging folder beside the output, then swapped in, so a
//! failed build leaves the previous output exactly as it was. Builds into the same output are
//! serialised by a lock file beside it.
//!
//! Two environment variables exist for tests only: `JINDU_FAIL_WRITE_AFTER=N` makes the write
//! fail after N files (N past the last file fails the final swap), and `JINDU_LOCK_WAIT_SECS`
//! sets how long a build waits for another build's lock (default 30 s).

use crate::fsx;
use crate::site::Site;
use anyhow::{Context as _, Result, bail};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File that marks a folder as written by jindu (so it may be replaced).
pub const MARKER: &str = ".jindu-site";

/// Writes `site` to `out`, replacing a previous jindu output. Refuses to replace a non-empty
/// folder without the marker unless `force`.
pub fn commit(site: &Site, out: &Path, force: bool) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    fsx::create_dir_all(&parent)?;
    let _lock = Lock::acquire(&parent.join(format!(".{name}.jindu-lock")), out)?;
    let staging = parent.join(format!(".{name}.jindu-new"));
    let old = parent.join(format!(".{name}.jindu-old"));
    // A build killed between the two renames of the swap left the last site under `old`.
    if !out.exists() && old.join(MARKER).is_file() {
        fsx::rename(&old, out)?;
    }
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
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fsx::remove_dir_all(leftover)?;
        }
    }
    let mut faults = Faults::from_env();
    if let Err(e) = write_tree(site, &staging, &mut faults) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e.context(format!(
            "nothing changed: `{}` still holds the previous site",
            out.display()
        )));
    }
    let had_old = out.exists();
    if had_old {
        fsx::rename(out, &old)?;
    }
    if let Err(e) = faults.step().and_then(|()| fsx::rename(&staging, out)) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e.context(format!(
            "nothing changed: `{}` still holds the previous site",
            out.display()
        )));
    }
    if had_old {
        fsx::remove_dir_all(&old)?;
    }
    Ok(())
}

fn write_tree(site: &Site, dir: &Path, faults: &mut Faults) -> Result<()> {
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
        faults.step().with_context(|| format!("failed to write `{}`", path.display()))?;
        fsx::write(&path, bytes)?;
    }
    Ok(())
}

/// The test hook `JINDU_FAIL_WRITE_AFTER=N`: the step after N successful ones fails.
struct Faults {
    left: Option<u64>,
}

impl Faults {
    fn from_env() -> Self {
        let left = std::env::var("JINDU_FAIL_WRITE_AFTER").ok().and_then(|v| v.trim().parse().ok());
        Faults { left }
    }

    fn step(&mut self) -> Result<()> {
        match &mut self.left {
            Some(0) => bail!("injected write failure (JINDU_FAIL_WRITE_AFTER, a test hook)"),
            Some(n) => {
                *n -= 1;
                Ok(())
            }
            None => Ok(()),
        }
    }
}

/// A lock file beside the output, created exclusively and removed when dropped. It holds the
/// process id of the build that holds it, so a lock left by a killed build is recognised.
struct Lock {
    path: PathBuf,
}

/// A lock whose holder cannot be checked is taken as left behind after this long.
const STALE_AFTER: Duration = Duration::from_secs(600);

impl Lock {
    fn acquire(path: &Path, out: &Path) -> Result<Lock> {
        let wait = std::env::var("JINDU_LOCK_WAIT_SECS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .map_or(Duration::from_secs(30), Duration::from_secs_f64);
        let started = Instant::now();
        loop {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(mut f) => {
                    use std::io::Write as _;
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(Lock { path: path.to_path_buf() });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let holder = std::fs::read_to_string(path).unwrap_or_default();
                    if stale(path, holder.trim()) {
                        // Remove it only if it is still the same lock.
                        if std::fs::read_to_string(path).unwrap_or_default() == holder {
                            let _ = std::fs::remove_file(path);
                        }
                        continue;
                    }
                    if started.elapsed() >= wait {
                        bail!(
                            "another jindu build (process {}) is writing `{}`; waited {:.0} s for it. If no build is running, delete the lock file `{}`",
                            if holder.trim().is_empty() { "?" } else { holder.trim() },
                            out.display(),
                            wait.as_secs_f64(),
                            path.display()
                        );
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("failed to create lock file `{}`", path.display())
                    });
                }
            }
        }
    }
}

/// Whether the lock at `path`, holding `holder` (a process id), was left by a build that ended.
fn stale(path: &Path, holder: &str) -> bool {
    let proc = Path::new("/proc");
    if let Ok(pid) = holder.parse::<u32>() {
        if proc.join("self").exists() {
            return !proc.join(pid.to_string()).exists();
        }
    }
    let age =
        std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a > STALE_AFTER)
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
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

    #[test]
    fn an_interrupted_swap_is_undone_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        commit(&site("one"), &out, false).unwrap();
        // As if killed between `out -> old` and `new -> out`.
        std::fs::rename(&out, dir.path().join(".site.jindu-old")).unwrap();
        std::fs::create_dir(dir.path().join(".site.jindu-new")).unwrap();
        // The next build first puts the last site back; a foreign folder in its place would be
        // refused, so the old site is recognised as jindu's own and then replaced.
        commit(&site("two"), &out, false).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["site"]);
    }

    #[test]
    fn stale_locks_are_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let lock = dir.path().join(".site.jindu-lock");
        // No process has id 4294967295.
        std::fs::write(&lock, "4294967295\n").unwrap();
        commit(&site("one"), &out, false).unwrap();
        assert!(!lock.exists(), "the lock is removed after the build");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
    }
}
