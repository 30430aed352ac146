//! Watching: the operating system's change events (`inotify`, `FSEvents`, ...) wake the watcher
//! at once; what changed is then found by a walk of the plan folder recording each file's size
//! and modification time, compared with the previous walk. The walk also runs on a timer, so
//! file systems without change events (network shares, some containers) are watched too.
//!
//! Hidden entries, editor temp and swap files, and output folders written by `jindu build` (they
//! hold the `.jindu-site` marker) are not watched.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// What a walk saw of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// The watched files of the plan folder at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    files: BTreeMap<PathBuf, Stamp>,
    /// Output folders found inside the plan folder (skipped when loading, too).
    pub(crate) outputs: Vec<PathBuf>,
}

/// Walks `root` and records every watched file.
pub(crate) fn scan(root: &Path) -> Snapshot {
    let mut snap = Snapshot::default();
    let mut outputs = Vec::new();
    let walker = walkdir::WalkDir::new(root).into_iter().filter_entry(|e| {
        if e.depth() == 0 {
            return true;
        }
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_dir() {
            if name.starts_with('.') {
                return false;
            }
            if e.path().join(crate::output::MARKER).is_file() {
                outputs.push(e.path().to_path_buf());
                return false;
            }
            return true;
        }
        !ignored(&name)
    });
    // A file that vanishes mid-walk, or a folder that cannot be read, is simply not seen; the
    // build that follows reports what matters.
    for entry in walker.filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        snap.files
            .insert(entry.into_path(), Stamp { len: meta.len(), modified: meta.modified().ok() });
    }
    snap.outputs = outputs;
    snap
}

/// Whether a file name is one that editors, not writers, create: hidden files (`.#note.md`,
/// `.note.md.swp`), backups (`note.md~`), Emacs autosaves (`#note.md#`), Vim's write test
/// (`4913`), and temp files (`*.tmp`, `*.swp`, and the `___jb_tmp___` files of `JetBrains` editors).
pub(crate) fn ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [".tmp", ".temp", ".swp", ".swo", ".swx", ".bak", ".crdownload", ".part"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// Scans again; when something changed since `last`, waits until the folder stays unchanged for
/// `quiet` (a burst of saves becomes one change, at most `max` long) and returns the new state.
pub(crate) fn settle(
    root: &Path,
    last: &Snapshot,
    quiet: Duration,
    max: Duration,
) -> Option<Snapshot> {
    let mut now = scan(root);
    if now == *last {
        return None;
    }
    let deadline = Instant::now() + max;
    loop {
        std::thread::sleep(quiet);
        let again = scan(root);
        if again == now || Instant::now() >= deadline {
            return Some(again);
        }
        now = again;
    }
}

/// Waits until no change event has come on `woken` for `quiet` (at most `max` in all): a burst
/// of events from one save, or from a tool writing many files, becomes one change.
pub(crate) fn quiet(woken: &std::sync::mpsc::Receiver<()>, quiet: Duration, max: Duration) {
    let deadline = Instant::now() + max;
    while Instant::now() < deadline && woken.recv_timeout(quiet).is_ok() {
        while woken.try_recv().is_ok() {}
    }
}

/// Sends a message on `wake` whenever something in `root` changes; `None` when the system
/// offers no change events here (the caller then relies on polling alone).
pub(crate) fn notifier(
    root: &Path,
    wake: std::sync::mpsc::Sender<()>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher as _;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Access events (a file read) are not changes; errors just wake a walk.
        if event.is_ok_and(|e| e.kind.is_access()) {
            return;
        }
        let _ = wake.send(());
    })
    .ok()?;
    watcher.watch(root, notify::RecursiveMode::Recursive).ok()?;
    Some(watcher)
}

/// Content hashes of the watched files, so that a save that changed nothing (or a `touch`)
/// triggers no rebuild and no reload.
#[derive(Debug, Default)]
pub(crate) struct Contents(HashMap<PathBuf, u64>);

impl Contents {
    /// Hashes every file of `snapshot`.
    pub(crate) fn of(snapshot: &Snapshot) -> Self {
        let mut c = Contents::default();
        for path in snapshot.files.keys() {
            c.update(path);
        }
        c
    }

    /// Hashes `path` again; whether its content differs from the last time (or cannot be read).
    fn update(&mut self, path: &Path) -> bool {
        let Ok(bytes) = std::fs::read(path) else {
            self.0.remove(path);
            return true;
        };
        let mut h = DefaultHasher::new();
        bytes.hash(&mut h);
        self.0.insert(path.to_path_buf(), h.finish()) != Some(h.finish())
    }
}

/// The files of `new` that `old` did not have or had with another size or time, each with
/// whether `old` had it.
fn restamped<'s>(old: &'s Snapshot, new: &'s Snapshot) -> impl Iterator<Item = (&'s Path, bool)> {
    new.files.iter().filter_map(|(path, stamp)| match old.files.get(path) {
        Some(s) if s == stamp => None,
        had => Some((path.as_path(), had.is_some())),
    })
}

/// The files (relative to `root`, with `/`) added or whose size or time differ between two
/// snapshots, whatever their content.
pub(crate) fn touched(root: &Path, old: &Snapshot, new: &Snapshot) -> Vec<String> {
    restamped(old, new).map(|(path, _)| crate::source::rel(root, path)).collect()
}

/// The files (relative to `root`, with `/`) added, removed or changed in content between two
/// snapshots; `contents` is brought up to date.
pub(crate) fn changes(
    root: &Path,
    old: &Snapshot,
    new: &Snapshot,
    contents: &mut Contents,
) -> Vec<String> {
    let mut out = Vec::new();
    for (path, had) in restamped(old, new) {
        // Hashed either way, so that `contents` knows the file's text from now on.
        let differs = contents.update(path);
        if differs || !had {
            out.push(crate::source::rel(root, path));
        }
    }
    for path in old.files.keys() {
        if !new.files.contains_key(path) {
            contents.0.remove(path);
            out.push(crate::source::rel(root, path));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in
            [".#note.md", "note.md~", ".note.md.swp", "note.md.swp", "4913", "x.tmp", "#a.md#"]
        {
            assert!(ignored(name), "{name}");
        }
        for name in ["note.md", "data.csv", "style.css", "4914", "base.html", "tmp.md"] {
            assert!(!ignored(name), "{name}");
        }
    }

    #[test]
    fn quiet_takes_a_burst_of_events_and_stops_at_max() {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..5 {
            tx.send(()).unwrap();
        }
        drop(tx);
        quiet(&rx, Duration::from_millis(20), Duration::from_secs(5));
        assert!(rx.try_recv().is_err(), "every event of the burst is taken");
        // Events that never stop: it returns at `max`.
        let (tx, rx) = std::sync::mpsc::channel();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let sender = {
            let stop = std::sync::Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let _ = tx.send(());
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        };
        let started = Instant::now();
        quiet(&rx, Duration::from_secs(2), Duration::from_millis(100));
        let took = started.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        sender.join().unwrap();
        assert!(took >= Duration::from_millis(100), "{took:?}");
        assert!(took < Duration::from_secs(10), "{took:?}");
    }

    #[test]
    fn sees_added_changed_and_removed_files_but_not_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.md"), "a").unwrap();
        std::fs::create_dir(root.join("site")).unwrap();
        std::fs::write(root.join("site").join(crate::output::MARKER), "").unwrap();
        std::fs::write(root.join("site/index.html"), "x").unwrap();
        let first = scan(root);
        let mut contents = Contents::of(&first);
        assert_eq!(first.outputs, [root.join("site")]);
        std::fs::write(root.join("a.md"), "aa").unwrap();
        std::fs::write(root.join("b.md"), "b").unwrap();
        std::fs::write(root.join("b.md~"), "b").unwrap();
        std::fs::write(root.join("site/index.html"), "yy").unwrap();
        let second = scan(root);
        assert_eq!(changes(root, &first, &second, &mut contents), ["a.md", "b.md"]);
        assert_eq!(touched(root, &first, &second), ["a.md", "b.md"].map(String::from));
        std::fs::remove_file(root.join("a.md")).unwrap();
        let third = scan(root);
        assert_eq!(changes(root, &second, &third, &mut contents), ["a.md"]);
        // Same content, new modification time: not a change.
        std::fs::write(root.join("b.md"), "b").unwrap();
        let mut fourth = scan(root);
        fourth.files.values_mut().for_each(|s| s.modified = None);
        assert!(changes(root, &third, &fourth, &mut contents).is_empty());
        // Its time changed, though: a note read before must be read again.
        assert_eq!(touched(root, &third, &fourth), ["b.md"].map(String::from));
        let now = scan(root);
        assert!(settle(root, &now, Duration::from_millis(1), Duration::from_secs(1)).is_none());
    }
}
