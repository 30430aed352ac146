//! Finds the plan's notes: a sorted walk that skips hidden entries, templates and the output.

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::fsx;
use anyhow::Result;
use std::path::{Path, PathBuf};

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
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let templates = root.join("templates");
    let mut files = Vec::new();
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
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().map_or_else(String::new, |p| rel(root, p));
                diags.push(Diagnostic::file_error(&path, format!("cannot read: {err}")));
                continue;
            }
        };
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel_path = rel(root, entry.path());
        let bytes = fsx::read(entry.path())?;
        match fsx::decode_text(bytes.clone()) {
            Ok(text) => {
                files.push(SourceFile { rel_path, abs_path: entry.path().to_path_buf(), text });
            }
            Err(offset) => {
                let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
                let pos = Pos::of_offset(&valid, offset, 0);
                diags.push(
                    Diagnostic::at(
                        &rel_path,
                        &valid,
                        Pos { len: 1, ..pos },
                        "file is not valid UTF-8",
                    )
                    .hint("save the note as UTF-8 (most editors have an \"encoding\" menu)"),
                );
            }
        }
    }
    Ok(files)
}

/// The path of `path` relative to `root`, with `/` separators.
pub(crate) fn rel(root: &Path, path: &Path) -> String {
    let r = path.strip_prefix(root).unwrap_or(path);
    r.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
