//! The seal a store gets when tribune closes it cleanly: the size, time and inode of each of
//! its files, and a random word written as the very last entry before closing. sled writes
//! into its files as it opens them (it cuts the log at the first unreadable entry and writes a
//! new snapshot), so a damaged store must never be opened in place: a store whose files are
//! exactly as sealed is opened directly; any other (after a crash, or files changed since) is
//! first opened and read in full on a copy (`check`), and only then in place.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The seal's file, inside the store directory (sled ignores it).
pub(super) const SEAL_FILE: &str = "tribune.seal";
/// Where in the `meta` tree the closing word is written.
pub(super) const CLOSE_KEY: &str = "closed";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileStamp {
    pub name: String,
    pub len: u64,
    pub modified_ns: i128,
    pub inode: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Seal {
    /// The word last written into the store: found again only if no write was lost.
    pub word: u64,
    pub files: Vec<FileStamp>,
}

/// The stamps of the store's files as they are now (the seal itself left out).
pub(super) fn stamps(dir: &Path) -> std::io::Result<Vec<FileStamp>> {
    let mut out = Vec::new();
    for path in files(dir)? {
        let meta = std::fs::metadata(&path)?;
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        out.push(FileStamp {
            name,
            len: meta.len(),
            modified_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128),
            inode: inode(&meta),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Every file of the store, in its sub-directories too (sled's `blobs/`), but the seal.
pub(super) fn files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if entry.file_name() != SEAL_FILE {
                out.push(entry.path());
            }
        }
    }
    Ok(out)
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// The seal left by the last clean close, if any (one that cannot be read counts as none).
pub(super) fn read(dir: &Path) -> Option<Seal> {
    let raw = std::fs::read(dir.join(SEAL_FILE)).ok()?;
    serde_json::from_slice(&raw).ok()
}

/// Whether the store's files are exactly as the seal found them.
pub(super) fn holds(seal: &Seal, dir: &Path) -> bool {
    stamps(dir).is_ok_and(|now| now == seal.files)
}

/// Removed as the store opens, so that a crash leaves no seal behind.
pub(super) fn break_seal(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(SEAL_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Seals the store after it closed; best effort (without a seal the next open checks a copy).
pub(super) fn write(dir: &Path, word: u64) {
    let result = stamps(dir).and_then(|files| {
        let seal = Seal { word, files };
        let body = serde_json::to_vec(&seal).map_err(std::io::Error::other)?;
        let partial = dir.join(format!("{SEAL_FILE}.partial"));
        std::fs::write(&partial, body)?;
        std::fs::rename(&partial, dir.join(SEAL_FILE))
    });
    if let Err(e) = result {
        tracing::warn!(store = %dir.display(), error = %e, "could not seal the store; the next start checks it on a copy");
        let _ = std::fs::remove_file(dir.join(format!("{SEAL_FILE}.partial")));
    }
}
