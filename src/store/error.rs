//! What can go wrong with a store, each said in one sentence with what to do.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "The store at {0} is already open in another tribune process; close that one (or pass --data-dir to use another store) and try again."
    )]
    Locked(PathBuf),
    #[error(
        "{0} holds files that are not a tribune store; nothing was changed there. Choose an empty directory with --data-dir."
    )]
    NotAStore(PathBuf),
    #[error("The store at {path} is damaged ({detail}); nothing was changed. {remedy}")]
    Corrupt {
        path: PathBuf,
        detail: String,
        /// What to do: the newest backup to restore, when there is one.
        remedy: String,
    },
    #[error(
        "No space left on the disk holding {path}: free some space and try again (nothing stored was lost)."
    )]
    NoSpace { path: PathBuf },
    #[error(
        "The store at {path} was not closed cleanly, so tribune checks it on a copy before opening it, and its disk lacks the room: free {megabytes} MB there and try again (nothing stored was lost)."
    )]
    NoRoomToCheck { path: PathBuf, megabytes: u64 },
    #[error(
        "The store at {path} was written by a newer tribune (schema {found}, this one knows {}); upgrade tribune.",
        super::SCHEMA_VERSION
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("Cannot use the store at {path}: {detail}.")]
    Io { path: PathBuf, detail: String },
}

impl StoreError {
    /// The store at `path` cannot be read as it is; names the newest backup to restore.
    pub fn damaged(path: &Path, detail: impl Into<String>) -> StoreError {
        let remedy = match super::backup::newest(path) {
            Some(backup) => format!(
                "Restore the newest backup with `tribune restore {}`, or move the store aside to start afresh.",
                backup.display()
            ),
            None => "No backup of it was found; move it aside to start afresh.".to_string(),
        };
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: detail.into(),
            remedy,
        }
    }

    /// The store's bytes are not those tribune wrote when it last closed it: something else
    /// wrote into them. It is not opened (sled would write into it too).
    pub fn altered(path: &Path) -> StoreError {
        let backup = match super::backup::newest(path) {
            Some(b) => format!(
                "restore the newest backup with `tribune restore {}`",
                b.display()
            ),
            None => "move it aside to start afresh".to_string(),
        };
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail:
                "its files were changed by something other than tribune since it last closed it"
                    .into(),
            remedy: format!(
                "To go on, {backup}; or, if you changed them on purpose, delete {} to have the store checked and opened.",
                path.join(super::seal::SEAL_FILE).display()
            ),
        }
    }

    /// A failure of the disk or of sled, told as what the user can do about it: a full disk
    /// is said as such (sled and the OS only give `os error 28` deep in their text).
    pub fn io(path: &Path, e: impl std::fmt::Display) -> StoreError {
        let detail = e.to_string();
        if detail.contains("(os error 28)") || detail.contains("No space left on device") {
            return StoreError::NoSpace {
                path: path.to_path_buf(),
            };
        }
        StoreError::Io {
            path: path.to_path_buf(),
            detail: plain(&detail),
        }
    }
}

/// sled's texts carry noise (`IO error: `, `(os error 13)`, `backtrace ()`): the cause alone
/// reads as a sentence.
fn plain(detail: &str) -> String {
    let mut detail = detail
        .trim_start_matches("IO error: ")
        .replace(" backtrace ()", "");
    if let Some(at) = detail.find(" (os error ") {
        detail.truncate(at);
    }
    detail.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_is_said_as_such_and_sled_noise_is_left_out() {
        let full = std::io::Error::from_raw_os_error(28);
        let e = StoreError::io(Path::new("/data/store"), sled::Error::Io(full));
        assert_eq!(
            e.to_string(),
            "No space left on the disk holding /data/store: free some space and try again (nothing stored was lost)."
        );
        let denied = std::io::Error::from_raw_os_error(13);
        let e = StoreError::io(Path::new("/data/store"), sled::Error::Io(denied));
        assert_eq!(
            e.to_string(),
            "Cannot use the store at /data/store: Permission denied."
        );
    }
}
