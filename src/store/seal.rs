//! The seal a store gets when tribune closes it cleanly: the size, time, inode and CRC32 of
//! each of its files, taken once sled has let go of them. sled
//! writes into its files as it opens them (it cuts the log at the first unreadable entry and
//! writes a new snapshot), so a damaged store must never be opened in place:
//! - files exactly as sealed (size, time, inode): opened directly;
//! - files moved or copied but with the bytes tribune wrote (the CRCs match): opened directly;
//! - bytes changed since tribune closed it: refused, whatever the change (a failing disk, a
//!   stray write), and left as they are;
//! - no seal (a crash, or a tribune from before seals): first opened and read in full on a
//!   copy (`check`), and only then in place.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The seal's file, inside the store directory (sled ignores it).
pub(super) const SEAL_FILE: &str = "tribune.seal";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FileStamp {
    pub name: String,
    pub len: u64,
    pub modified_ns: i128,
    pub inode: u64,
    /// The CRC32 of the file's bytes (zero in a stamp taken without reading them). Required:
    /// a seal without CRCs does not read, and the store is then checked as if unsealed.
    pub crc: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Seal {
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
            crc: 0,
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

/// Whether the store's files are exactly as the seal found them (no byte read).
pub(super) fn holds(seal: &Seal, dir: &Path) -> bool {
    stamps(dir).is_ok_and(|now| {
        now.len() == seal.files.len()
            && now.iter().zip(&seal.files).all(|(a, b)| {
                (&a.name, a.len, a.modified_ns, a.inode) == (&b.name, b.len, b.modified_ns, b.inode)
            })
    })
}

/// Whether the store's files hold the bytes the seal found (moved or copied since, say).
pub(super) fn same_bytes(seal: &Seal, dir: &Path) -> std::io::Result<bool> {
    let now = stamps_with_crc(dir)?;
    Ok(now.len() == seal.files.len()
        && now
            .iter()
            .zip(&seal.files)
            .all(|(a, b)| (&a.name, a.len, a.crc) == (&b.name, b.len, b.crc)))
}

/// The stamps with each file's CRC32, read through once.
fn stamps_with_crc(dir: &Path) -> std::io::Result<Vec<FileStamp>> {
    let mut out = stamps(dir)?;
    for stamp in &mut out {
        stamp.crc = crc_of(&dir.join(&stamp.name))?;
    }
    Ok(out)
}

fn crc_of(path: &Path) -> std::io::Result<u32> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(hasher.finalize());
        }
        hasher.update(&buf[..n]);
    }
}

/// Removed as the store opens, so that a crash leaves no seal behind.
pub(super) fn break_seal(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(dir.join(SEAL_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Seals the store after it closed; best effort (without a seal the next open checks a copy).
pub(super) fn write(dir: &Path) {
    let result = stamps_with_crc(dir).and_then(|files| {
        let seal = Seal { files };
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
