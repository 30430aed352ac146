//! Finds the plan's notes: a sorted walk that skips hidden entries, templates and the output.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::fsx;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Largest note read; a bigger file is reported instead (its text is repeated on several pages).
pub(crate) const MAX_NOTE_BYTES: u64 = 2_000_000;

/// One note file, read and decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the plan folder, with `/` separators.
    pub rel_path: String,
    /// Path on disk.
    pub abs_path: PathBuf,
    /// Text with BOM removed and CRLF line ends turned into LF.
    pub text: String,
}

/// Walks `root` in sorted order and reads every `.md` note, skipping hidden entries, the
/// root `templates/` folder and any folder in `skip` (such as the output folder).
pub fn discover(root: &Path, skip: &[PathBuf], diags: &mut Diagnostics) -> Result<Vec<SourceFile>> {
    Ok(discover_reusing(root, skip, diags, &|_| None))
}

/// The text of a note by its path relative to the plan folder, when it is known to be what the
/// file holds (so the file is not read again).
pub(crate) type Known<'k> = dyn Fn(&str) -> Option<String> + Sync + 'k;

/// As `discover`, taking a note's text from `known` instead of reading the file when it gives
/// one: `serve` knows which notes changed since it last read them.
pub(crate) fn discover_reusing(
    root: &Path,
    skip: &[PathBuf],
    diags: &mut Diagnostics,
    known: &Known<'_>,
) -> Vec<SourceFile> {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let templates = root.join("templates");
    let walker = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|e| {
        if e.depth() == 0 {
            return true;
        }
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        let is_templates = e.depth() == 1 && e.path() == templates;
        let skipped =
            e.file_type().is_dir() && e.path().canonicalize().is_ok_and(|c| skip.contains(&c));
        !hidden && !is_templates && !skipped
    });
    // Each note is read and decoded on any core as soon as the walk finds it, while the walk
    // goes on (the walk is one core's work); a note's size is known from the open file, so
    // the walk itself makes no call per file. Problems come out in walk order.
    let read = std::sync::Mutex::new(Vec::new());
    let mut found = 0;
    rayon::scope(|s| {
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().map_or_else(String::new, |p| rel(root, p));
                    diags.push(Diagnostic::file_error(&path, format!("cannot read: {err}")));
                    continue;
                }
            };
            let is_note = entry.path().extension().is_some_and(|x| x == "md");
            if entry.path_is_symlink() {
                // Links are never followed: a plan reads only what lies in its own folder, and a
                // link cannot loop the walk.
                let to_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
                if is_note || to_dir {
                    let what = if to_dir { "folder" } else { "note" };
                    diags.push(
                        Diagnostic::file_error(
                            &rel(root, entry.path()),
                            format!("symbolic link to a {what} is not followed"),
                        )
                        .hint("jindu reads only files inside the plan folder: move or copy the file here instead of linking to it")
                        .warning(),
                    );
                }
                continue;
            }
            if !entry.file_type().is_file() || !is_note {
                continue;
            }
            let (k, rel_path, abs_path) =
                (found, rel(root, entry.path()), entry.path().to_path_buf());
            found += 1;
            let read = &read;
            s.spawn(move |_| {
                let one = match known(&rel_path) {
                    Some(text) => {
                        (Some(SourceFile { rel_path, abs_path, text }), Diagnostics::default())
                    }
                    None => read_one(rel_path, abs_path),
                };
                read.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((k, one));
            });
        }
    });
    let mut read = read.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    read.sort_unstable_by_key(|(k, _)| *k);
    let mut files = Vec::with_capacity(read.len());
    for (_, (file, d)) in read {
        diags.append(d);
        files.extend(file);
    }
    template_links(root, diags);
    files
}

/// Reads and decodes the note at `abs_path`, with what went wrong.
fn read_one(rel_path: String, abs_path: PathBuf) -> (Option<SourceFile>, Diagnostics) {
    let mut d = Diagnostics::default();
    let file = match read_note(&abs_path) {
        Ok(Some(bytes)) => decode(rel_path, abs_path, bytes, &mut d),
        Ok(None) => {
            d.push(too_big(&rel_path, &abs_path));
            None
        }
        Err(e) => {
            d.push(Diagnostic::file_error(&rel_path, format!("cannot read: {e}")));
            None
        }
    };
    (file, d)
}

/// The bytes of the note at `path`, or `None` when it is bigger than `MAX_NOTE_BYTES` (then
/// nothing is read).
fn read_note(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let f = std::fs::File::open(path)?;
    let size = f.metadata()?.len();
    if size > MAX_NOTE_BYTES {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // Read to the end whatever the size said (the file may have grown), up to the limit.
    f.take(MAX_NOTE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_NOTE_BYTES).then_some(bytes))
}

/// The error for a note over `MAX_NOTE_BYTES`.
fn too_big(rel_path: &str, path: &Path) -> Diagnostic {
    let size = std::fs::metadata(path).map_or(MAX_NOTE_BYTES + 1, |m| m.len());
    Diagnostic::file_error(
        rel_path,
        format!(
            "note is {:.1} MB; jindu reads notes up to {} MB",
            size as f64 / 1e6,
            MAX_NOTE_BYTES / 1_000_000
        ),
    )
    .hint("split the text into several notes, or link to large documents instead of pasting them")
}

/// Warns about symbolic links among the template overrides: `templates::Templates::load` skips
/// them, as the walk above skips linked notes. Said here, so that `check` says it too.
fn template_links(root: &Path, diags: &mut Diagnostics) {
    let dir = root.join("templates");
    let Ok(meta) = std::fs::symlink_metadata(&dir) else { return };
    let folder_linked = meta.file_type().is_symlink();
    let mut links = Vec::new();
    if folder_linked {
        links.push(dir);
    } else if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(&dir) else { return };
        for e in entries.filter_map(std::result::Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            let template =
                !name.starts_with('.') && (name.ends_with(".html") || name.ends_with(".css"));
            if template && e.file_type().is_ok_and(|t| t.is_symlink()) {
                links.push(e.path());
            }
        }
        links.sort();
    }
    for link in links {
        let (what, hint) = if folder_linked {
            (
                "folder",
                "jindu reads only files inside the plan folder, so the built-in templates are used: make `templates` a real folder and copy the templates into it",
            )
        } else {
            (
                "template",
                "jindu reads only files inside the plan folder, so this template is not used: copy it here instead of linking to it",
            )
        };
        diags.push(
            Diagnostic::file_error(
                &rel(root, &link),
                format!("symbolic link to a {what} is not followed"),
            )
            .hint(hint)
            .warning(),
        );
    }
}

/// Decodes a note's bytes; invalid UTF-8 is reported at the first bad byte and gives `None`.
pub(crate) fn decode(
    rel_path: String,
    abs_path: PathBuf,
    bytes: Vec<u8>,
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    if let Err(e) = std::str::from_utf8(&bytes) {
        let offset = e.valid_up_to();
        let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
        let pos = Pos::of_offset(&valid, offset, 0);
        diags.push(
            Diagnostic::at(&rel_path, &valid, Pos { len: 1, ..pos }, "file is not valid UTF-8")
                .hint("save the note as UTF-8 (most editors have an \"encoding\" menu)"),
        );
        return None;
    }
    let text = fsx::decode_text(bytes).ok()?;
    Some(SourceFile { rel_path, abs_path, text })
}

/// The path of `path` relative to `root`, with `/` separators.
pub(crate) fn rel(root: &Path, path: &Path) -> String {
    let r = path.strip_prefix(root).unwrap_or(path);
    r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
