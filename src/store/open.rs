//! Opening a store without ever writing into a damaged one. sled repairs as it opens (it cuts
//! the log at the first entry it cannot read, zeroes the rest of that segment, writes a new
//! snapshot), so an existing store is opened in place only when its files hold the bytes the
//! last clean close sealed (`seal`), or, with no seal, once a copy of it has been opened and
//! read in full (`check`); a sealed store whose bytes changed is refused. The lock is tried
//! first, so a second tribune is told at once. On close the store gets a new seal (`Closer`).

use super::seal;
use super::{StoreError, check};
use std::path::Path;

/// The page cache sled may keep in memory.
const CACHE_BYTES: u64 = 32 * 1024 * 1024;

/// A store closed a moment ago may hold its lock a little longer (sled's flusher finishing
/// on its own thread): the lock is tried this many times, this far apart, before saying so.
const LOCK_TRIES: u32 = 20;
const LOCK_PAUSE: std::time::Duration = std::time::Duration::from_millis(25);

/// Opens the sled database in `dir`, checking it on a copy first unless its seal holds.
pub(super) fn open_checked(dir: &Path) -> Result<sled::Db, StoreError> {
    let mut sealed = false;
    if has_log(dir) {
        wait_for_lock(dir)?;
        match seal::read(dir) {
            Some(seal) if seal::holds(&seal, dir) => sealed = true,
            Some(seal) => match seal::same_bytes(&seal, dir) {
                Ok(true) => sealed = true,
                Ok(false) => return Err(StoreError::altered(dir)),
                Err(e) => return Err(StoreError::io(dir, e)),
            },
            None => check::on_copy(dir)?,
        }
        remove_unfinished_snapshots(dir)?;
        seal::break_seal(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    match open_sled_retrying(dir) {
        // A full disk stopped sled in its recovery: it had written nothing but what it writes
        // at every open (the end of its last segment, a snapshot it could not finish). The
        // store is as sealed, so it keeps its seal and opens directly once there is room.
        Err(StoreError::NoSpace { path }) => {
            if sealed && remove_unfinished_snapshots(dir).is_ok() {
                seal::write(dir);
            }
            Err(StoreError::NoSpace { path })
        }
        result => result,
    }
}

fn open_sled_retrying(dir: &Path) -> Result<sled::Db, StoreError> {
    let mut tries = 1;
    loop {
        match open_sled(dir) {
            Err(StoreError::Locked(_)) if tries < LOCK_TRIES => {
                tries += 1;
                std::thread::sleep(LOCK_PAUSE);
            }
            result => return result,
        }
    }
}

/// A store with data in it (a new or empty one has nothing sled could damage).
fn has_log(dir: &Path) -> bool {
    std::fs::metadata(dir.join("db")).is_ok_and(|m| m.len() > 0)
}

/// Waits while another process holds the store (sled locks its `db` file with `flock`; a
/// lock taken here on another descriptor conflicts with it, and is let go at once).
fn wait_for_lock(dir: &Path) -> Result<(), StoreError> {
    let file = std::fs::File::open(dir.join("db")).map_err(|e| StoreError::io(dir, e))?;
    for _ in 0..LOCK_TRIES {
        match file.try_lock() {
            Ok(()) => {
                let _ = file.unlock();
                return Ok(());
            }
            Err(std::fs::TryLockError::WouldBlock) => std::thread::sleep(LOCK_PAUSE),
            Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(dir, e)),
        }
    }
    Err(StoreError::Locked(dir.to_path_buf()))
}

/// A snapshot sled began but never finished (a full disk, a crash): sled writes it under a
/// `.generating` name and renames it only once it is whole, but at open it takes the file for
/// its newest snapshot and calls the store corrupt. Such a file never holds anything needed.
pub(super) fn is_unfinished_snapshot(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with("snap.") && name.ends_with(".generating")
}

fn remove_unfinished_snapshots(dir: &Path) -> Result<(), StoreError> {
    let entries = std::fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))?;
    for entry in entries.flatten() {
        if is_unfinished_snapshot(&entry.file_name()) {
            tracing::info!(file = %entry.path().display(), "removing a snapshot sled never finished");
            std::fs::remove_file(entry.path()).map_err(|e| StoreError::io(dir, e))?;
        }
    }
    Ok(())
}

/// sled's own open, with its errors and panics told as tribune's.
pub(super) fn open_sled(dir: &Path) -> Result<sled::Db, StoreError> {
    // sled caches up to 1 GB by default; the console must stay small.
    let config = sled::Config::new().path(dir).cache_capacity(CACHE_BYTES);
    // sled may panic on some damaged files instead of returning an error.
    let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    match opened {
        Ok(Ok(db)) => {
            keep_private(dir);
            Ok(db)
        }
        Ok(Err(sled::Error::Io(e))) if is_lock_error(&e) => {
            Err(StoreError::Locked(dir.to_path_buf()))
        }
        Ok(Err(sled::Error::Corruption { .. })) => {
            Err(StoreError::damaged(dir, "sled reports corruption"))
        }
        Ok(Err(e)) => Err(StoreError::io(dir, e)),
        Err(_) => Err(StoreError::damaged(dir, "its files could not be read")),
    }
}

/// The store holds customers' messages and session tokens: readable by its owner only.
fn keep_private(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
}

fn is_lock_error(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock || e.to_string().contains("lock")
}

/// Shared by every handle on an open store; when the last one goes, flushes, lets sled
/// finish, and seals the files as they are then.
pub(super) struct Closer {
    dir: std::path::PathBuf,
    db: Option<sled::Db>,
    /// Set once the store is known to be tribune's and usable: a store refused at open (not
    /// ours, too new) gets no seal.
    armed: std::sync::atomic::AtomicBool,
}

impl Closer {
    pub(super) fn new(dir: &Path, db: &sled::Db) -> Closer {
        Closer {
            dir: dir.to_path_buf(),
            db: Some(db.clone()),
            armed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub(super) fn arm(&self) {
        self.armed.store(true, std::sync::atomic::Ordering::Release);
    }
}

/// How long closing waits for sled's last writes before leaving the store unsealed.
const CLOSE_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

impl Drop for Closer {
    fn drop(&mut self) {
        let Some(db) = self.db.take() else { return };
        if !self.armed.load(std::sync::atomic::Ordering::Acquire) {
            return;
        }
        // On a full or failing disk sled can wait forever for writes that cannot land: the
        // flush gets a while, then the store is left unsealed (checked on a copy at the next
        // open) rather than the process hanging.
        let (done, flushed) = std::sync::mpsc::channel();
        let flusher = db.clone();
        let started = std::thread::Builder::new()
            .name("tribune-close".into())
            .spawn(move || {
                let flushed = flusher.flush();
                // Let go of this handle before saying so: the seal must be taken after sled's
                // last handle went and it finished its own writes.
                drop(flusher);
                let _ = done.send(flushed);
            });
        match started
            .ok()
            .and_then(|_| flushed.recv_timeout(CLOSE_WAIT).ok())
        {
            Some(Ok(_)) => {
                // sled finishes its own writes when its last handle goes; only then are the
                // files final.
                drop(db);
                seal::write(&self.dir);
            }
            Some(Err(e)) => {
                tracing::warn!(store = %self.dir.display(), error = %e, "the store closed without its seal");
                // sled's own close would wait on the same writes.
                std::mem::forget(db);
            }
            None => {
                tracing::warn!(store = %self.dir.display(), "the disk did not take the last writes; the store closed without its seal");
                std::mem::forget(db);
            }
        }
    }
}
