//! Writes a site atomically: into a staging folder beside the output, then swapped in, so a
//! failed build leaves the previous output exactly as it was. Builds into the same output are
//! serialised by a lock file beside it.
//!
//! Two environment variables exist for tests only: `JINDU_FAIL_WRITE_AFTER=N` makes the write
//! fail after N files (N past the last file fails the final swap), and `JINDU_LOCK_WAIT_SECS`
//! sets how long a build waits for another build's lock (default 30 s).

use crate::fsx;
use crate::site::{Sink, Site};
use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, UNIX_EPOCH};

/// File that marks a folder as written by jindu (so it may be replaced).
pub const MARKER: &str = ".jindu-site";

/// Writes `site` (already in memory) to `out`, replacing a previous jindu output. Refuses to
/// replace a non-empty folder without the marker unless `force`.
pub fn commit(site: &Site, out: &Path, force: bool) -> Result<()> {
    commit_with(out, force, |staging| {
        site.files.par_iter().try_for_each(|(rel, bytes)| staging.put(rel.clone(), bytes.clone()))
    })
}

/// Replaces the output `out` with what `fill` writes into a fresh staging folder (through the
/// `Staging` sink, from any number of threads), then swaps it in. When `fill` or the swap
/// fails, the previous output is left as it was. Refuses to replace a non-empty folder without
/// the marker unless `force`.
pub fn commit_with<T>(
    out: &Path,
    force: bool,
    fill: impl FnOnce(&Staging) -> Result<T>,
) -> Result<T> {
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
    let nothing_changed =
        || format!("nothing changed: `{}` still holds the previous site", out.display());
    // Files of the previous output are reused (hard-linked) only when it is jindu's own.
    let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
    // What the last build made each page from; kept beside the output, like the lock, so the
    // site itself stays the same bytes build after build.
    let pages = parent.join(format!(".{name}.jindu-pages"));
    let known = previous.as_ref().map(|_| Manifest::read(&pages)).unwrap_or_default();
    let sink = Staging::new(&staging, previous, Faults::from_env(), known);
    let filled = sink.start().and_then(|()| fill(&sink));
    let value = match filled {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e.context(nothing_changed()));
        }
    };
    let had_old = out.exists();
    if had_old {
        fsx::rename(out, &old)?;
    }
    if let Err(e) = sink.faults.step().and_then(|()| fsx::rename(&staging, out)) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e.context(nothing_changed()));
    }
    // Only now does the manifest describe the output (a stale one is harmless: every entry is
    // checked against the file it names before it is trusted).
    let made = sink.made.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    // The manifest is written while the old site is removed (unlinking is one core's work).
    let ((), removed) = rayon::join(
        || {
            if !made.0.is_empty() {
                let _ = made.write(&pages);
            }
        },
        || if had_old { fsx::remove_dir_all(&old) } else { Ok(()) },
    );
    removed?;
    Ok(value)
}

/// The staging folder of a build, written file by file as pages are rendered. A file whose
/// bytes equal the previous output's is hard-linked to it rather than written again: no new
/// inode, no data written, and its modification time (which web servers use for caching)
/// stays that of the build that last changed it.
pub struct Staging {
    dir: PathBuf,
    previous: Option<PathBuf>,
    faults: Faults,
    /// Folders already made, so each file costs one `create` and no `stat` of its parents.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Pages of the previous build: what each was made from, and the file it left.
    known: Manifest,
    /// Pages of this build, for the next one.
    made: Mutex<Manifest>,
}

impl Staging {
    fn new(dir: &Path, previous: Option<PathBuf>, faults: Faults, known: Manifest) -> Self {
        Staging {
            dir: dir.to_path_buf(),
            previous,
            faults,
            dirs: Mutex::new(HashSet::new()),
            known,
            made: Mutex::new(Manifest::default()),
        }
    }

    fn start(&self) -> Result<()> {
        fsx::create_dir_all(&self.dir)?;
        fsx::write(
            &self.dir.join(MARKER),
            b"This folder is written by jindu and replaced on every build.\n",
        )
    }

    fn make_parent(&self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else { return Ok(()) };
        let mut made = self.dirs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !made.contains(parent) {
            fsx::create_dir_all(parent)?;
            made.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// The staging path of `rel`, its folder made and the write counted (the fault hook).
    fn slot(&self, rel: &str) -> Result<PathBuf> {
        let path = self.dir.join(rel);
        self.make_parent(&path)?;
        self.faults.step().with_context(|| format!("failed to write `{}`", path.display()))?;
        Ok(path)
    }

    fn remember(&self, rel: String, key: u128, file: FileId) {
        let mut made = self.made.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        made.0.insert(rel, (key, file));
    }

    /// Hard-links `path` to the previous output's `rel` when that holds exactly `bytes`, and
    /// returns what the file is. The old file is opened without following a link and known by
    /// its open handle (a page costs no look-up of its path beyond the open and the link).
    fn link_if_same(&self, rel: &str, bytes: &[u8], path: &Path) -> Option<FileId> {
        let old = self.previous.as_ref()?.join(rel);
        let mut file = open_no_follow(&old).ok()?;
        let m = file.metadata().ok()?;
        // Only a plain file of the same length is read and compared.
        if !m.is_file() || m.len() != bytes.len() as u64 {
            return None;
        }
        (holds(&mut file, bytes) && std::fs::hard_link(&old, path).is_ok()).then(|| FileId::of(&m))
    }

    /// Puts `bytes` at `path` (a link to the previous output's same file, else a new file) and
    /// returns what the file is, for the manifest.
    fn store(&self, rel: &str, bytes: &[u8], path: &Path) -> Result<Option<FileId>> {
        if let Some(id) = self.link_if_same(rel, bytes, path) {
            return Ok(Some(id));
        }
        let file = fsx::write_open(path, bytes)?;
        Ok(file.metadata().ok().as_ref().map(FileId::of))
    }
}

/// Whether the rest of `file` starts with exactly `bytes`, read a piece at a time into a
/// buffer each thread keeps: a page of tens of megabytes costs no buffer of its size (fresh
/// memory the kernel has to clear), and the first difference ends the reading.
fn holds(file: &mut std::fs::File, bytes: &[u8]) -> bool {
    use std::io::Read as _;
    thread_local! {
        static PIECE: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 64 * 1024]);
    }
    PIECE.with_borrow_mut(|piece| {
        bytes.chunks(piece.len()).all(|want| {
            let got = &mut piece[..want.len()];
            file.read_exact(got).is_ok() && *got == *want
        })
    })
}

/// Opens `path` for reading; a symbolic link there is an error rather than followed, and a
/// named pipe does not wait for a writer (it is then found not to be a plain file).
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    options.open(path)
}

impl Sink for Staging {
    fn put(&self, rel: String, bytes: Vec<u8>) -> Result<()> {
        self.put_keyed(rel, bytes, None)
    }

    fn put_keyed(&self, rel: String, bytes: Vec<u8>, key: Option<u128>) -> Result<()> {
        let path = self.slot(&rel)?;
        let file = self.store(&rel, &bytes, &path)?;
        if let (Some(key), Some(file)) = (key, file) {
            self.remember(rel, key, file);
        }
        Ok(())
    }

    fn reuse(&self, rel: &str, key: u128) -> Result<bool> {
        let (Some(prev), Some((known, file))) = (&self.previous, self.known.0.get(rel)) else {
            return Ok(false);
        };
        let old = prev.join(rel);
        // The file must still be the one the manifest describes (same inode, size and time).
        let same = *known == key
            && std::fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file() && FileId::of(&m) == *file);
        if !same {
            return Ok(false);
        }
        let path = self.slot(rel)?;
        if std::fs::hard_link(&old, &path).is_err() {
            return Ok(false);
        }
        self.remember(rel.to_string(), key, *file);
        Ok(true)
    }
}

/// A file as the file system knows it: inode, size and modification time. A file replaced or
/// edited since has another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    inode: u64,
    len: u64,
    modified_ns: i128,
}

impl FileId {
    fn of(m: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(m);
        #[cfg(not(unix))]
        let inode = 0;
        let modified_ns = m.modified().ok().map_or(0, |t| match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        });
        FileId { inode, len: m.len(), modified_ns }
    }
}

/// Each page of a build: the content key of what it was made from, and the file it left. A
/// line per page: `key inode size mtime path`, hex key, decimal numbers, path to the end.
#[derive(Debug, Default)]
struct Manifest(HashMap<String, (u128, FileId)>);

impl Manifest {
    /// The manifest at `path`; empty when it is missing or unreadable, and lines that do not
    /// parse are skipped (a page without an entry is simply made again).
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let entry = |line: &str| {
            let mut parts = line.splitn(5, ' ');
            let key = u128::from_str_radix(parts.next()?, 16).ok()?;
            let inode = parts.next()?.parse().ok()?;
            let len = parts.next()?.parse().ok()?;
            let modified_ns = parts.next()?.parse().ok()?;
            let rel = parts.next()?.to_string();
            Some((rel, (key, FileId { inode, len, modified_ns })))
        };
        Manifest(text.lines().filter_map(entry).collect())
    }

    /// Writes the manifest to `path` (by a rename, so a reader never sees half of it).
    fn write(&self, path: &Path) -> Result<()> {
        let mut rows: Vec<_> = self.0.iter().collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut text = String::with_capacity(rows.len() * 80);
        for (rel, (key, f)) in rows {
            let _ = writeln!(text, "{key:032x} {} {} {} {rel}", f.inode, f.len, f.modified_ns);
        }
        let tmp = path.with_extension("jindu-pages-new");
        fsx::write(&tmp, text.as_bytes())?;
        fsx::rename(&tmp, path)
    }
}

/// The test hook `JINDU_FAIL_WRITE_AFTER=N`: the step after N successful ones fails.
struct Faults {
    left: Option<AtomicU64>,
}

impl Faults {
    fn from_env() -> Self {
        let left = std::env::var("JINDU_FAIL_WRITE_AFTER").ok().and_then(|v| v.trim().parse().ok());
        Faults { left: left.map(AtomicU64::new) }
    }

    fn step(&self) -> Result<()> {
        let Some(left) = &self.left else { return Ok(()) };
        let was = left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if was.is_err() {
            bail!("injected write failure (JINDU_FAIL_WRITE_AFTER, a test hook)");
        }
        Ok(())
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
    fn holds_compares_a_file_piece_by_piece() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        // Longer than two pieces, so the last comparison is of a short piece.
        let bytes: Vec<u8> = (0..140_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let open = || std::fs::File::open(&path).unwrap();
        assert!(holds(&mut open(), &bytes));
        assert!(holds(&mut open(), &[]));
        for at in [0, 70_000, bytes.len() - 1] {
            let mut other = bytes.clone();
            other[at] ^= 1;
            assert!(!holds(&mut open(), &other), "a difference at {at}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(!holds(&mut open(), &longer), "the file ends first");
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

    #[cfg(unix)]
    #[test]
    fn only_the_previous_outputs_own_files_are_linked() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        commit(&site("one"), &out, false).unwrap();
        let kept = std::fs::metadata(out.join("tasks/a.html")).unwrap().ino();
        // A page of the old output swapped for a link to a file outside with the same bytes.
        let outside = dir.path().join("outside.html");
        std::fs::write(&outside, "one").unwrap();
        std::fs::remove_file(out.join("index.html")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("index.html")).unwrap();
        commit(&site("one"), &out, false).unwrap();
        let index = std::fs::symlink_metadata(out.join("index.html")).unwrap();
        assert!(index.is_file(), "the link was carried into the new site");
        assert_ne!(index.ino(), std::fs::metadata(&outside).unwrap().ino());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        // An unchanged page of jindu's own is the same file, not a copy.
        assert_eq!(std::fs::metadata(out.join("tasks/a.html")).unwrap().ino(), kept);
        // A named pipe in its place is not waited on (opening it for reading would wait for a
        // writer): the build goes on and writes the page.
        std::fs::remove_file(out.join("index.html")).unwrap();
        let made = std::process::Command::new("mkfifo").arg(out.join("index.html")).status();
        if made.is_ok_and(|s| s.success()) {
            commit(&site("one"), &out, false).unwrap();
            assert!(std::fs::symlink_metadata(out.join("index.html")).unwrap().is_file());
        }
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
