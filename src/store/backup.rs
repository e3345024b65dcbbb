//! Backups: one file holding every entry of every tree (messages, drafts, notes, outbox, audit,
//! people, cursors, samples…), taken by the process that owns the store so that nothing is
//! written while it is read. Network sessions are left out: they hold tokens, and the
//! connector logs in again after a restore. The file ends with the count of its entries and a
//! CRC32 of everything before it, and is written under a `.partial` name until it is whole.
//!
//! Backups live in `backups/` beside the store, named `<store>-<UTC time>.tribune-backup`;
//! the newest few are kept.

use super::{Store, StoreError};
use jiff::Timestamp;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"tribune-backup\n";
const VERSION: u32 = 1;
const ENTRY: u8 = 1;
const END: u8 = 0;
const EXTENSION: &str = "tribune-backup";
/// A backup's time in its name (UTC), so that names sort by time.
const STAMP: &str = "%Y%m%dT%H%M%SZ";
/// Trees never written to a backup.
const LEFT_OUT: &[&str] = &["sessions"];

/// Why a backup could not be read or restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a tribune backup", path.display())]
    NotABackup { path: PathBuf },
    #[error("{} is not a whole tribune backup (it ends early)", path.display())]
    Truncated { path: PathBuf },
    #[error("{} was written by another version of tribune (backup format {version})", path.display())]
    OtherVersion { path: PathBuf, version: u64 },
    #[error("{} is damaged ({what})", path.display())]
    Damaged { path: PathBuf, what: &'static str },
    #[error("cannot move {} into place: {source}", path.display())]
    Move {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// How often automatic backups are taken and how many are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupPolicy {
    pub every: jiff::SignedDuration,
    pub keep: usize,
}

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub entries: u64,
    pub bytes: u64,
}

/// The folder of a store's backups: `backups/` beside it.
pub fn folder(store_dir: &Path) -> PathBuf {
    store_dir.with_file_name("backups")
}

fn store_name(store_dir: &Path) -> String {
    store_dir
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().into_owned())
}

/// The store's backups, oldest first (their names sort by time).
pub fn list(store_dir: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}-", store_name(store_dir));
    let suffix = format!(".{EXTENSION}");
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder(store_dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&prefix) && n.ends_with(&suffix)
            })
        })
        .collect();
    found.sort();
    found
}

/// The newest backup of the store, if any.
pub fn newest(store_dir: &Path) -> Option<PathBuf> {
    list(store_dir).pop()
}

/// When the newest backup was taken (from its name).
pub fn newest_time(store_dir: &Path) -> Option<Timestamp> {
    let newest = newest(store_dir)?;
    let name = newest.file_name()?.to_string_lossy().into_owned();
    let stamp = name
        .strip_prefix(&format!("{}-", store_name(store_dir)))?
        .strip_suffix(&format!(".{EXTENSION}"))?
        .to_string();
    let civil = jiff::civil::DateTime::strptime(STAMP, &stamp).ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

impl Store {
    /// Takes a backup into the store's backup folder and keeps only the newest `keep`.
    pub fn take_backup(&self, now: Timestamp, keep: usize) -> Result<BackupSummary, StoreError> {
        let dir = folder(self.path());
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
        let stamp = now.strftime(STAMP).to_string();
        let path = dir.join(format!("{}-{stamp}.{EXTENSION}", store_name(self.path())));
        let summary = self.backup_to(&path)?;
        let all = list(self.path());
        for old in all.iter().take(all.len().saturating_sub(keep.max(1))) {
            if let Err(e) = std::fs::remove_file(old) {
                tracing::warn!(file = %old.display(), error = %e, "could not remove an old backup");
            }
        }
        Ok(summary)
    }

    /// Writes every tree but the left-out ones to `path` (under `.partial` until whole).
    pub fn backup_to(&self, path: &Path) -> Result<BackupSummary, StoreError> {
        let partial = path.with_extension(format!("{EXTENSION}.partial"));
        let result = self.write_backup(&partial);
        let result = result.and_then(|(entries, bytes)| {
            std::fs::rename(&partial, path).map_err(|e| StoreError::io(path, e))?;
            Ok(BackupSummary {
                path: path.to_path_buf(),
                entries,
                bytes,
            })
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        result
    }

    fn write_backup(&self, partial: &Path) -> Result<(u64, u64), StoreError> {
        let io = |e: std::io::Error| StoreError::io(partial, e);
        let file = private_file(partial).map_err(io)?;
        let mut out = Checked::new(BufWriter::new(file));
        out.write_all(MAGIC).map_err(io)?;
        out.write_all(&VERSION.to_be_bytes()).map_err(io)?;
        let mut entries = 0u64;
        for name in self.db.tree_names() {
            if LEFT_OUT.iter().any(|l| l.as_bytes() == name.as_ref()) {
                continue;
            }
            let tree = self.db.open_tree(&name).map_err(|e| self.io(e))?;
            for entry in tree.iter() {
                let (key, value) = entry.map_err(|e| self.io(e))?;
                out.write_all(&[ENTRY]).map_err(io)?;
                write_field(&mut out, &name).map_err(io)?;
                write_field(&mut out, &key).map_err(io)?;
                write_field(&mut out, &value).map_err(io)?;
                entries += 1;
            }
        }
        out.write_all(&[END]).map_err(io)?;
        out.write_all(&entries.to_be_bytes()).map_err(io)?;
        let crc = out.crc.clone().finalize();
        let bytes = out.written + 4;
        let mut inner = out.inner;
        inner.write_all(&crc.to_be_bytes()).map_err(io)?;
        let file = inner.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        Ok((entries, bytes))
    }
}

/// A backup holds customers' messages: readable by its owner only.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn write_field(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    out.write_all(&(bytes.len() as u32).to_be_bytes())?;
    out.write_all(bytes)
}

/// A writer that keeps the CRC and the count of what passes through it.
struct Checked<W> {
    inner: W,
    crc: crc32fast::Hasher,
    written: u64,
}

impl<W: Write> Checked<W> {
    fn new(inner: W) -> Self {
        Checked {
            inner,
            crc: crc32fast::Hasher::new(),
            written: 0,
        }
    }
}

impl<W: Write> Write for Checked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Reads a backup from end to end, handing each entry (tree, key, value) to `each`, and
/// checks its form, count and CRC; returns the count. Memory holds one entry at a time, so a
/// restore first reads the file through once to check it, then again to write it.
pub fn visit(
    path: &Path,
    mut each: impl FnMut(&[u8], &[u8], &[u8]) -> Result<(), BackupError>,
) -> Result<u64, BackupError> {
    let path_buf = || path.to_path_buf();
    let file = std::fs::File::open(path).map_err(|source| BackupError::Read {
        path: path_buf(),
        source,
    })?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut input = Reader {
        inner: BufReader::new(file),
        crc: crc32fast::Hasher::new(),
        len,
    };
    let short = || BackupError::Truncated { path: path_buf() };
    let damaged = |what| BackupError::Damaged {
        path: path_buf(),
        what,
    };
    if input.take(MAGIC.len()).ok_or_else(short)? != MAGIC {
        return Err(BackupError::NotABackup { path: path_buf() });
    }
    let version = input.number::<4>().ok_or_else(short)?;
    if version != u64::from(VERSION) {
        return Err(BackupError::OtherVersion {
            path: path_buf(),
            version,
        });
    }
    let mut count = 0u64;
    loop {
        match input.take(1).ok_or_else(short)?[0] {
            ENTRY => {
                let tree = input.field().ok_or_else(short)?;
                let key = input.field().ok_or_else(short)?;
                let value = input.field().ok_or_else(short)?;
                each(&tree, &key, &value)?;
                count += 1;
            }
            END => break,
            _ => return Err(damaged("an unknown record")),
        }
    }
    let stated = input.number::<8>().ok_or_else(short)?;
    let expected = input.crc.clone().finalize();
    let mut stored = [0u8; 4];
    input.inner.read_exact(&mut stored).map_err(|_| short())?;
    if stated != count || u32::from_be_bytes(stored) != expected {
        return Err(damaged("its checksum does not match"));
    }
    Ok(count)
}

/// Reads a backup's fields, keeping the CRC of what it read.
struct Reader<R> {
    inner: R,
    crc: crc32fast::Hasher,
    /// The file's length: no field can be longer (a damaged length must not allocate gigabytes).
    len: u64,
}

impl<R: Read> Reader<R> {
    fn take(&mut self, n: usize) -> Option<Vec<u8>> {
        if n as u64 > self.len {
            return None;
        }
        let mut buf = vec![0; n];
        self.inner.read_exact(&mut buf).ok()?;
        self.crc.update(&buf);
        Some(buf)
    }

    fn number<const N: usize>(&mut self) -> Option<u64> {
        let bytes = self.take(N)?;
        Some(bytes.iter().fold(0u64, |n, b| (n << 8) | u64::from(*b)))
    }

    fn field(&mut self) -> Option<Vec<u8>> {
        let n = self.number::<4>()?;
        self.take(n as usize)
    }
}

/// Replaces the store at `store_dir` with the backup's content. The backup is checked whole
/// first; it is written into a new store beside the old one; the old one, if any, is moved
/// aside (never deleted) and its new name returned.
pub fn restore(
    backup: &Path,
    store_dir: &Path,
) -> Result<(BackupSummary, Option<PathBuf>), BackupError> {
    visit(backup, |_, _, _| Ok(()))?;
    let stamp = Timestamp::now().strftime(STAMP).to_string();
    let name = store_name(store_dir);
    let building = store_dir.with_file_name(format!(".{name}.restoring-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    let entries = write_store(backup, &building).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&building);
    })?;
    let aside = if store_dir.exists() {
        // Opened (and so locked) while it is moved: never under a running tribune's feet. A
        // damaged store is what a restore is for: it is moved aside as it is.
        match Store::open(store_dir) {
            Err(locked @ StoreError::Locked(_)) => {
                let _ = std::fs::remove_dir_all(&building);
                return Err(locked.into());
            }
            current => drop(current),
        }
        let aside = store_dir.with_file_name(format!("{name}.before-restore-{stamp}"));
        std::fs::rename(store_dir, &aside).map_err(|source| BackupError::Move {
            path: store_dir.to_path_buf(),
            source,
        })?;
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&building, store_dir).map_err(|source| BackupError::Move {
        path: store_dir.to_path_buf(),
        source,
    })?;
    let bytes = std::fs::metadata(backup).map(|m| m.len()).unwrap_or(0);
    Ok((
        BackupSummary {
            path: backup.to_path_buf(),
            entries,
            bytes,
        },
        aside,
    ))
}

/// Writes the backup's entries into a new store at `dir`, then opens it as tribune does
/// (schema checked, sealed on close).
fn write_store(backup: &Path, dir: &Path) -> Result<u64, BackupError> {
    let db = super::open::open_sled(dir)?;
    let io = |e: sled::Error| BackupError::Store(StoreError::io(dir, e));
    let mut trees: std::collections::HashMap<Vec<u8>, sled::Tree> = Default::default();
    let count = visit(backup, |tree, key, value| {
        let handle = match trees.get(tree) {
            Some(t) => t.clone(),
            None => {
                let t = db.open_tree(tree).map_err(io)?;
                trees.insert(tree.to_vec(), t.clone());
                t
            }
        };
        handle.insert(key, value).map(|_| ()).map_err(io)
    })?;
    db.flush().map_err(io)?;
    drop(trees);
    drop(db);
    Store::open(dir)?;
    Ok(count)
}
