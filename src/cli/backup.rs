//! `tribune backup` and `tribune restore`. A backup is taken by whoever holds the store: this
//! process when nothing else does, otherwise the running console, asked over its socket.

use super::Paths;
use crate::service::control;
use crate::store::{BackupSummary, Store, StoreError, backup};
use std::path::Path;

pub(super) fn take(paths: &Paths, demo: bool, keep: usize) -> anyhow::Result<()> {
    let dir = store_dir(paths, demo);
    if !dir.join("db").exists() {
        anyhow::bail!("There is no store at {} to back up.", dir.display());
    }
    let summary = match Store::open(&dir) {
        Ok(store) => store.take_backup(jiff::Timestamp::now(), keep)?,
        Err(StoreError::Locked(_)) => control::request_backup(&dir)?,
        Err(e) => return Err(e.into()),
    };
    say(&summary, "Backed up");
    Ok(())
}

pub(super) fn restore(paths: &Paths, demo: bool, file: &Path) -> anyhow::Result<()> {
    let dir = store_dir(paths, demo);
    let (summary, aside) = backup::restore(file, &dir).map_err(|e| {
        anyhow::anyhow!(
            "{}; the store at {} was not changed.",
            capital(e.to_string().trim_end_matches('.')),
            dir.display()
        )
    })?;
    println!(
        "Restored {} entries from {} into {}.",
        summary.entries,
        file.display(),
        dir.display()
    );
    if let Some(aside) = aside {
        println!(
            "The store it replaced was moved to {} (delete it once you no longer need it).",
            aside.display()
        );
    }
    Ok(())
}

fn store_dir(paths: &Paths, demo: bool) -> std::path::PathBuf {
    if demo {
        paths.demo_store()
    } else {
        paths.store()
    }
}

fn say(summary: &BackupSummary, what: &str) {
    println!(
        "{what} {} entries ({:.1} MB) to {}.",
        summary.entries,
        summary.bytes as f64 / 1e6,
        summary.path.display()
    );
}

fn capital(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
