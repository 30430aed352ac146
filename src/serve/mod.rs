//! `jindu serve`: reads and analyses the plan, serves the latest good site on 127.0.0.1
//! (rendering each page when it is asked for), watches the plan folder for changes, rebuilds,
//! and tells open pages to reload (Server-Sent Events).
//!
//! Nothing is written to disk. The reload script and the error overlay are added to HTML only as
//! it is served, so `jindu build` output never carries them.

mod build;
mod http;
mod inject;
mod watch;

use crate::cli::ServeArgs;
use anyhow::{Context as _, Result, bail};
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// How often the plan folder is scanned for changes where the system gives no change events
/// (at the least: see `poll_every`).
const POLL: Duration = Duration::from_millis(300);
/// The same where it does: events bring local saves at once, so polling only backs them up
/// (changes made elsewhere on a network share, events lost).
const POLL_WITH_EVENTS: Duration = Duration::from_secs(2);
/// After a change found by polling, the folder must stay unchanged this long before a rebuild
/// (debounce).
const SETTLE: Duration = Duration::from_millis(60);
/// After a change event, no other event must come for this long before the folder is scanned:
/// the events come as the editor writes, and the writes of one save take a few milliseconds.
const SETTLE_AFTER_EVENT: Duration = Duration::from_millis(20);
/// A folder that keeps changing is rebuilt anyway after this long.
const MAX_SETTLE: Duration = Duration::from_secs(2);
/// How often open event streams get a comment, so closed ones are noticed and dropped.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// Threads answering HTTP requests (event streams do not hold one).
const WORKERS: usize = 4;

/// What the server shows: the last good site and, when the latest build failed, why.
struct Current {
    /// The last site that built without errors (none until the first one does).
    site: Option<Arc<crate::site::Pages>>,
    /// The overlay panel (HTML) listing the latest build's errors; none when it succeeded.
    overlay: Option<Arc<str>>,
    /// Changes on every build, so a page can tell whether it is out of date.
    version: String,
}

/// State shared by the request threads and the watcher.
struct Shared {
    current: RwLock<Current>,
    /// Open event streams.
    clients: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Shared {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        self.current.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Installs the outcome of a build and tells every open page to reload.
    fn publish(&self, site: Option<crate::site::Pages>, overlay: Option<String>, build_no: u64) {
        let version = format!("{}-{build_no}", std::process::id());
        let replaced = {
            let mut cur = self.current.write().unwrap_or_else(PoisonError::into_inner);
            let replaced = site.and_then(|site| cur.site.replace(Arc::new(site)));
            cur.overlay = overlay.map(Arc::from);
            cur.version.clone_from(&version);
            replaced
        };
        self.broadcast(&format!("event: reload\ndata: {version}\n\n"));
        // Freeing the last site (a 10,000-task plan's analysis and pages take 30 ms) neither
        // holds the lock nor delays the reload nor the next save.
        if let Some(old) = replaced {
            std::thread::spawn(move || drop(old));
        }
    }

    /// Sends one event to every open stream, dropping the streams that are gone.
    fn broadcast(&self, event: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        clients.retain_mut(|w| w.write_all(event.as_bytes()).and_then(|()| w.flush()).is_ok());
    }
}

/// Runs `jindu serve` until the process is interrupted.
pub(crate) fn run(args: &ServeArgs) -> Result<()> {
    let root = args.plan.plan.clone();
    crate::cli::ensure_plan_dir(&root)?;
    let listener = bind(args.port)?;
    let addr = listener.local_addr().context("cannot read the address the server listens on")?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| anyhow::anyhow!("cannot start the server on {addr}: {e}"))?;
    let server = Arc::new(server);

    let mut builder = build::Builder::new(root.clone(), args.plan.as_of);
    let mut snapshot = watch::scan(&root);
    let mut contents = watch::Contents::of(&snapshot);
    let shared = Arc::new(Shared {
        current: RwLock::new(Current { site: None, overlay: None, version: String::new() }),
        clients: Mutex::new(Vec::new()),
    });
    let mut build_no = 1;
    rebuild(&mut builder, &shared, &snapshot, &[], &[], build_no);
    // Files whose size or time changed since the last build read them, whatever their content
    // (a file changed and changed back between two scans must still be read again).
    let mut unread: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();

    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::handle(request, &shared);
            }
        });
    }

    let url = format!("http://{addr}/");
    say(format_args!("serving {} at {url} (press Ctrl-C to stop)", root.display()));
    if args.open {
        open_browser(&url);
    }

    let (wake, woken) = std::sync::mpsc::channel();
    let notifier = watch::notifier(&root, wake);
    let mut last_heartbeat = Instant::now();
    let mut scan_took = Duration::ZERO;
    loop {
        // Woken by a change event at once, else by the poll timer.
        let event = woken.recv_timeout(poll_every(notifier.is_some(), scan_took)).is_ok();
        if last_heartbeat.elapsed() >= HEARTBEAT {
            shared.broadcast(": ping\n\n");
            last_heartbeat = Instant::now();
        }
        let next = if event {
            // The editor is still saving for a few milliseconds at most: once its events stop,
            // one scan finds what it changed.
            watch::quiet(&woken, SETTLE_AFTER_EVENT, MAX_SETTLE);
            let started = Instant::now();
            let now = watch::scan(&root);
            scan_took = started.elapsed();
            if now == snapshot {
                continue;
            }
            now
        } else {
            let started = Instant::now();
            let Some(next) = watch::settle(&root, &snapshot, SETTLE, MAX_SETTLE) else {
                // Nothing changed: that was one scan.
                scan_took = started.elapsed();
                continue;
            };
            next
        };
        let changed = watch::changes(&root, &snapshot, &next, &mut contents);
        unread.extend(watch::touched(&root, &snapshot, &next));
        snapshot = next;
        if changed.is_empty() {
            continue;
        }
        build_no += 1;
        let reread: Vec<String> = std::mem::take(&mut unread).into_iter().collect();
        rebuild(&mut builder, &shared, &snapshot, &changed, &reread, build_no);
    }
}

/// How long to wait for a change event before scanning the folder anyway, after a scan that
/// took `scan`: the base interval, or longer for a folder whose scan takes long, so that polling
/// costs at most a tenth of a core (a fiftieth where change events come: a scan of 10,000 notes
/// takes about 40 ms, of 100,000 about 0.4 s), and never longer than the heartbeat.
fn poll_every(events: bool, scan: Duration) -> Duration {
    let (base, times) = if events { (POLL_WITH_EVENTS, 50) } else { (POLL, 10) };
    base.max(scan * times).min(HEARTBEAT)
}

/// Builds once, prints how it went, and publishes the result. `changed` is what the scans
/// found changed in content; `reread`, every file whose size or time changed since the last
/// build (only those notes are read again).
fn rebuild(
    builder: &mut build::Builder,
    shared: &Shared,
    snapshot: &watch::Snapshot,
    changed: &[String],
    reread: &[String],
    build_no: u64,
) {
    let started = Instant::now();
    let templates_changed = changed.iter().any(|p| p == "templates" || p.starts_with("templates/"));
    // A bug that panics in one build must not end the preview: report it like an error.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.build(&snapshot.outputs, reread, templates_changed)
    }))
    .unwrap_or_else(|_| {
        builder.forget_templates();
        Err(build::Failure::Other(
            "jindu crashed while building (a bug; the message is in the terminal): please report it".into(),
        ))
    });
    let ms = started.elapsed().as_millis();
    let (what, verb) = if build_no == 1 { ("built", "build") } else { ("rebuilt", "rebuild") };
    let trigger = describe_changes(changed);
    match outcome {
        Ok(built) => {
            report(&built.diags, &mut builder.last_warnings);
            let tasks = built.pages.analysis().plan.tasks.len();
            say(format_args!(
                "{what} a plan of {} in {ms} ms ({}; pages render when opened){trigger}",
                crate::i18n::count(crate::meta::Locale::En, tasks, "tasks_lc"),
                built.timings
            ));
            shared.publish(Some(built.pages), None, build_no);
        }
        Err(failure) => {
            builder.last_warnings.clear();
            let _ = std::io::stderr().write_all(failure.text().as_bytes());
            let keeping = if shared.read().site.is_some() {
                "still serving the last good site"
            } else {
                "nothing to serve yet"
            };
            say(format_args!(
                "{verb} failed in {ms} ms with {}; {keeping}{trigger}",
                failure.summary()
            ));
            shared.publish(None, Some(inject::overlay(&failure, keeping)), build_no);
        }
    }
}

/// ` after changes to a.md, b.md` (at most a few names).
fn describe_changes(changed: &[String]) -> String {
    const SHOWN: usize = 3;
    if changed.is_empty() {
        return String::new();
    }
    let mut names = changed.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if changed.len() > SHOWN {
        names = format!("{names} and {} more", changed.len() - SHOWN);
    }
    format!(" after changes to {names}")
}

/// Prints a line on stdout; a closed stdout is not a reason to stop serving.
fn say(line: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(line).and_then(|()| out.write_all(b"\n")).and_then(|()| out.flush());
}

/// Prints the warnings of a good build, unless they are the ones printed last time.
fn report(diags: &crate::Diagnostics, last: &mut String) {
    let text = diags.render();
    if text != *last && !text.is_empty() {
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    *last = text;
}

/// Listens on 127.0.0.1:`port`, saying clearly when the port is taken.
fn bind(port: u16) -> Result<TcpListener> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    match TcpListener::bind(addr) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => bail!(
            "port {port} on 127.0.0.1 is already in use (is another `jindu serve` running?); choose another with --port, or --port 0 for any free port"
        ),
        Err(e) => Err(e).with_context(|| format!("cannot listen on {addr}")),
    }
}

/// Opens `url` in the default browser; failing to is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match cmd.spawn() {
        // Reap the opener when it exits.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "warning: could not open a browser ({e}); open {url} yourself"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_slows_down_for_folders_that_take_long_to_scan() {
        let ms = Duration::from_millis;
        assert_eq!(poll_every(false, ms(5)), POLL);
        assert_eq!(poll_every(true, ms(5)), POLL_WITH_EVENTS);
        // 100,000 notes: without events a tenth of a core, with them a fiftieth, capped.
        assert_eq!(poll_every(false, ms(400)), ms(4000));
        assert_eq!(poll_every(true, ms(200)), ms(10_000));
        assert_eq!(poll_every(true, ms(400)), HEARTBEAT);
    }
}
