//! File-system helpers that name the path in every error, so no I/O failure is anonymous.

use anyhow::{Context, Result};
use std::path::Path;

/// Reads a whole file as bytes.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))
}

/// Writes bytes to a file, creating or truncating it.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    write_open(path, bytes).map(drop)
}

/// As `write`, handing back the open file (to ask it what it is without looking up its path).
pub(crate) fn write_open(path: &Path, bytes: &[u8]) -> Result<std::fs::File> {
    use std::io::Write as _;
    let failed = || format!("failed to write `{}`", path.display());
    let mut file = std::fs::File::create(path).with_context(failed)?;
    file.write_all(bytes).with_context(failed)?;
    Ok(file)
}

/// Creates a directory and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("failed to create folder `{}`", path.display()))
}

/// Removes a directory tree.
pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path)
        .with_context(|| format!("failed to remove folder `{}`", path.display()))
}

/// Renames a file or directory.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("failed to rename `{}` to `{}`", from.display(), to.display()))
}

/// Decodes note text: UTF-8 required, a leading BOM dropped and CRLF turned into LF.
/// On invalid UTF-8, returns the byte offset of the first bad byte.
pub(crate) fn decode_text(bytes: Vec<u8>) -> Result<String, usize> {
    let text = String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to())?;
    let text = text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n") } else { text })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa\r\nb\r\n".to_vec()).unwrap(), "a\nb\n");
        assert_eq!(decode_text(b"ok\n\xFF".to_vec()), Err(3));
    }
}
