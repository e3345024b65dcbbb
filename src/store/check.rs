//! A store with no seal (not closed cleanly, or closed by a tribune from before seals) is
//! opened and read in full on a copy before tribune opens it in place: whatever sled would repair or cut, it does
//! to the copy, and a store found damaged is left byte for byte as it was.

use super::seal;
use super::{StoreError, open};
use std::path::{Path, PathBuf};

/// Copies the store beside itself, opens the copy, reads every entry of every tree, and
/// refuses what is not ours; the copy is removed either way.
pub(super) fn on_copy(dir: &Path) -> Result<(), StoreError> {
    let copy = scratch(dir);
    announce(dir);
    let _ = std::fs::remove_dir_all(&copy);
    let result = copy_store(dir, &copy)
        .map_err(|e| match e {
            StoreError::NoSpace { .. } => StoreError::NoRoomToCheck {
                path: dir.to_path_buf(),
                megabytes: size(dir).div_ceil(1_000_000),
            },
            e => e,
        })
        .and_then(|()| verify(dir, &copy));
    let _ = std::fs::remove_dir_all(&copy);
    result
}

/// Beside the store, hidden, named for this process.
fn scratch(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "store".to_string(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!(".{name}.check-{}", std::process::id()))
}

fn announce(dir: &Path) {
    use std::io::{IsTerminal, Write};
    let why = "it was not closed cleanly last time, or by a tribune from before seals";
    tracing::info!(store = %dir.display(), why, "checking the store on a copy before opening it");
    if std::io::stderr().is_terminal() {
        let _ = writeln!(
            std::io::stderr(),
            "Checking the store at {} on a copy before opening it ({why})…",
            dir.display()
        );
    }
}

/// The bytes a copy of the store takes.
fn size(dir: &Path) -> u64 {
    seal::files(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

fn copy_store(dir: &Path, copy: &Path) -> Result<(), StoreError> {
    let files = seal::files(dir).map_err(|e| StoreError::io(dir, e))?;
    for file in files {
        let name = file.file_name().unwrap_or_default();
        if open::is_unfinished_snapshot(name) || name.to_string_lossy().ends_with(".partial") {
            continue;
        }
        let relative = file.strip_prefix(dir).unwrap_or(&file);
        let target = copy.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::io(dir, e))?;
        }
        std::fs::copy(&file, &target).map_err(|e| StoreError::io(dir, e))?;
    }
    // sled keeps an empty blobs/ folder; the copy needs it as the original has it.
    std::fs::create_dir_all(copy.join("blobs")).map_err(|e| StoreError::io(dir, e))?;
    Ok(())
}

fn verify(dir: &Path, copy: &Path) -> Result<(), StoreError> {
    let damaged = |detail: String| StoreError::damaged(dir, detail);
    let db = match open::open_sled(copy) {
        Ok(db) => db,
        Err(StoreError::NoSpace { .. }) => return Err(StoreError::NoSpace { path: dir.into() }),
        Err(StoreError::Corrupt { detail, .. }) => return Err(damaged(detail)),
        Err(e) => return Err(damaged(format!("sled cannot open it: {e}"))),
    };
    let read_all = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for name in db.tree_names() {
            let tree = db.open_tree(&name).map_err(|e| {
                format!(
                    "tree {} cannot be opened: {e}",
                    String::from_utf8_lossy(&name)
                )
            })?;
            for entry in tree.iter() {
                entry.map_err(|_| {
                    format!(
                        "an entry of {} cannot be read",
                        String::from_utf8_lossy(&name)
                    )
                })?;
            }
        }
        Ok::<(), String>(())
    }));
    match read_all {
        Ok(Ok(())) => {}
        Ok(Err(detail)) => return Err(damaged(detail)),
        Err(_) => return Err(damaged("its files could not be read".into())),
    }
    refuse_what_is_not_ours(dir, &db)
}

/// A sled database someone else wrote, or a store of a newer tribune, is refused here, on the
/// copy, before its own files are opened.
fn refuse_what_is_not_ours(dir: &Path, db: &sled::Db) -> Result<(), StoreError> {
    let meta = db.open_tree("meta").ok();
    let format = meta.as_ref().and_then(|m| m.get("format").ok().flatten());
    match format {
        Some(marker) if marker.as_ref() == super::FORMAT_MARKER => {}
        Some(_) => return Err(StoreError::NotAStore(dir.to_path_buf())),
        None => {
            let holds_data = db
                .tree_names()
                .iter()
                .any(|name| db.open_tree(name).is_ok_and(|t| !t.is_empty()));
            if holds_data {
                return Err(StoreError::NotAStore(dir.to_path_buf()));
            }
        }
    }
    let version = meta
        .and_then(|m| m.get("schema_version").ok().flatten())
        .filter(|v| v.len() == 4)
        .map(|v| u32::from_be_bytes([v[0], v[1], v[2], v[3]]));
    match version {
        Some(found) if found > super::SCHEMA_VERSION => Err(StoreError::TooNew {
            path: dir.to_path_buf(),
            found,
        }),
        _ => Ok(()),
    }
}
