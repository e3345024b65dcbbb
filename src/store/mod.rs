//! The embedded sled store: the single source of truth. One process owns it at a time.
//!
//! Trees: `meta` (format marker, schema version), `messages` (id → message), `dedup_log`
//! (channel + external id → id: a hash and the id of each message, appended a batch at a time
//! and held sorted in memory once read), `threads` (each conversation's members, once it has
//! two), `summaries` (each inbound message's summary, packed by blocks of ids: the inbox's
//! order, views and countdowns come from these), `drafts`, `samples` (metric time series),
//! `cursors` (per connector), `audit` (who did what), `outbox` (replies on their way to a
//! network), `notes` (agents' internal notes on conversations), `orphans` (replies waiting for
//! their parent), `sessions` (network sessions kept between runs), `people` (VIP marks, notes
//! and links of customer profiles), `assigned` (message id → the agent its conversation is
//! assigned to; read whole when a console opens), `snoozes` (wake instant + id of each snoozed
//! message), `tagged` (each tagged message's tags; read whole when a console opens). Every
//! index entry costs sled memory and time at open, so there is no index the console does not
//! read.

mod assigned;
mod audit;
pub mod backup;
mod batch;
mod check;
mod codec;
mod cursors;
mod dedup;
mod drafts;
mod error;
mod incidents;
mod integrity;
mod keys;
mod messages;
mod notes;
mod open;
mod outbox;
mod people;
mod samples;
mod seal;
mod sessions;
mod snoozes;
mod summaries;
mod tagged;
mod threads;

pub use audit::AuditEntry;
pub use backup::{BackupError, BackupPolicy, BackupSummary};
pub use drafts::Draft;
pub use error::StoreError;
pub use messages::{Inserted, MessageReader, MessageScan};
pub use outbox::{OutboxEntry, OutboxId, OutboxState};
pub use samples::SampleCompactor;
pub use sessions::SessionCache;

use std::path::{Path, PathBuf};

/// Bumped whenever the stored layout changes; older stores are migrated on open. 2: summaries,
/// `threads` and `dedup` replaced the per-message time, status, thread and external indexes
/// (a tribune knowing only 1 must not open such a store and miss its dedup index). 3: messages
/// are written in a second format (with their snooze), beside the `snoozes` and `tagged`
/// trees (a tribune knowing only 2 would call such messages damaged); a store of 2 reads as
/// it is, nothing to convert. 4: the dedup index is the append-only `dedup_log` (a tribune
/// knowing only 3 would find no buckets and store every message again).
pub const SCHEMA_VERSION: u32 = 4;
/// The last schema whose stores are converted on open (said before it starts: it takes time).
const LAST_CONVERSION: u32 = 2;
const FORMAT_MARKER: &[u8] = b"tribune-store";

pub struct Store {
    path: PathBuf,
    db: sled::Db,
    meta: sled::Tree,
    messages: sled::Tree,
    /// The dedup index on disk (`dedup_log`), and in memory once read.
    dedup_log: sled::Tree,
    dedup: std::sync::Arc<std::sync::Mutex<Option<dedup::DedupTable>>>,
    threads: sled::Tree,
    drafts: sled::Tree,
    samples: sled::Tree,
    cursors: sled::Tree,
    audit: sled::Tree,
    outbox: sled::Tree,
    notes: sled::Tree,
    orphans: sled::Tree,
    people: sled::Tree,
    summaries: sled::Tree,
    assigned: sled::Tree,
    /// `wake instant (ms) ++ id` of each snoozed message, so those due are found in order.
    snoozes: sled::Tree,
    /// Each tagged message's tags (read whole when a console opens).
    tagged: sled::Tree,
    /// Incidents by name.
    incidents: sled::Tree,
    /// Seals the store when the last handle on it goes (kept last: dropped after the trees).
    closer: std::sync::Arc<open::Closer>,
}

impl Store {
    /// Opens (or creates) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        refuse_foreign_directory(dir)?;
        match integrity::log_is_readable(dir) {
            Ok(true) => {}
            Ok(false) => {
                return Err(StoreError::damaged(dir, "its log has no readable segment"));
            }
            Err(e) => return Err(StoreError::io(dir, e)),
        }
        let db = open::open_checked(dir)?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| StoreError::io(dir, e));
        let store = Store {
            path: dir.to_path_buf(),
            meta: tree("meta")?,
            messages: tree("messages")?,
            dedup_log: tree(dedup::LOG_TREE)?,
            dedup: Default::default(),
            threads: tree("threads")?,
            drafts: tree("drafts")?,
            samples: tree("samples")?,
            cursors: tree("cursors")?,
            audit: tree("audit")?,
            outbox: tree("outbox")?,
            notes: tree("notes")?,
            orphans: tree("orphans")?,
            people: tree("people")?,
            summaries: tree("summaries")?,
            assigned: tree("assigned")?,
            snoozes: tree("snoozes")?,
            tagged: tree("tagged")?,
            incidents: tree("incidents")?,
            closer: std::sync::Arc::new(open::Closer::new(dir, &db)),
            db,
        };
        store.check_or_init_schema()?;
        if store.schema_version()? < LAST_CONVERSION {
            announce_upgrade(dir);
        }
        store.drop_retired_indexes()?;
        store.migrate_thread_index()?;
        store.migrate_dedup_index()?;
        store.record_schema_version()?;
        store.closer.arm();
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version written in the store.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        let raw = self.meta.get("schema_version").map_err(|e| self.io(e))?;
        match raw {
            Some(v) if v.len() == 4 => Ok(u32::from_be_bytes([v[0], v[1], v[2], v[3]])),
            _ => Err(self.corrupt("the schema version is missing")),
        }
    }

    /// Writes this version's schema once an older store has been migrated.
    fn record_schema_version(&self) -> Result<(), StoreError> {
        if self.schema_version()? < SCHEMA_VERSION {
            self.meta
                .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())
                .map_err(|e| self.io(e))?;
            self.flush()?;
        }
        Ok(())
    }

    /// Makes every acknowledged write durable.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(|e| self.io(e))
    }

    fn check_or_init_schema(&self) -> Result<(), StoreError> {
        match self.meta.get("format").map_err(|e| self.io(e))? {
            Some(marker) if marker.as_ref() == FORMAT_MARKER => {
                let found = self.schema_version()?;
                if found > SCHEMA_VERSION {
                    return Err(StoreError::TooNew {
                        path: self.path.clone(),
                        found,
                    });
                }
                Ok(())
            }
            Some(_) => Err(StoreError::NotAStore(self.path.clone())),
            None => {
                // A sled database someone else wrote: never adopt it.
                let foreign = !self.db.is_empty()
                    || self
                        .db
                        .tree_names()
                        .iter()
                        .filter_map(|n| self.db.open_tree(n).ok())
                        .any(|t| !t.is_empty());
                if foreign {
                    return Err(StoreError::NotAStore(self.path.clone()));
                }
                self.meta
                    .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())
                    .map_err(|e| self.io(e))?;
                self.meta
                    .insert("format", FORMAT_MARKER)
                    .map_err(|e| self.io(e))?;
                // An empty store: every message it will hold gets its summary as it is stored.
                self.mark_summaries_complete()
            }
        }
    }

    /// Indexes older versions kept (time and status): the summaries replaced them. Dropped
    /// once, on the first open by this version.
    fn drop_retired_indexes(&self) -> Result<(), StoreError> {
        for name in ["by_time", "by_status"] {
            if self.retired_tree(name)?.is_some() {
                self.db.drop_tree(name).map_err(|e| self.io(e))?;
            }
        }
        Ok(())
    }

    /// A tree an older version kept, if this store still has it (never created here).
    fn retired_tree(&self, name: &str) -> Result<Option<sled::Tree>, StoreError> {
        let names = self.db.tree_names();
        if !names.iter().any(|n| n.as_ref() == name.as_bytes()) {
            return Ok(None);
        }
        self.db.open_tree(name).map(Some).map_err(|e| self.io(e))
    }

    /// Ends moving a retired tree's entries: they are on disk, then it is dropped.
    fn retire(&self, name: &str) -> Result<(), StoreError> {
        self.flush()?;
        self.db.drop_tree(name).map(|_| ()).map_err(|e| self.io(e))
    }

    /// Another handle on the same open store, for work done apart from its owner (sled's
    /// trees are shared handles). Kept private: one owner writes, helpers have narrow types.
    fn handle(&self) -> Store {
        Store {
            path: self.path.clone(),
            db: self.db.clone(),
            meta: self.meta.clone(),
            messages: self.messages.clone(),
            dedup_log: self.dedup_log.clone(),
            dedup: self.dedup.clone(),
            threads: self.threads.clone(),
            drafts: self.drafts.clone(),
            samples: self.samples.clone(),
            cursors: self.cursors.clone(),
            audit: self.audit.clone(),
            outbox: self.outbox.clone(),
            notes: self.notes.clone(),
            orphans: self.orphans.clone(),
            people: self.people.clone(),
            summaries: self.summaries.clone(),
            assigned: self.assigned.clone(),
            snoozes: self.snoozes.clone(),
            tagged: self.tagged.clone(),
            incidents: self.incidents.clone(),
            closer: self.closer.clone(),
        }
    }

    fn io(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::io(&self.path, e)
    }

    fn corrupt(&self, detail: impl Into<String>) -> StoreError {
        StoreError::damaged(&self.path, detail)
    }
}

/// Says, before it starts, that an older store is being converted: at a million messages it
/// takes seconds with nothing else on the screen. Only to a terminal (not into pipes or logs
/// of scripts); the log has it either way.
fn announce_upgrade(dir: &Path) {
    use std::io::{IsTerminal, Write};
    tracing::info!(store = %dir.display(), "converting an older store to schema {SCHEMA_VERSION}");
    if std::io::stderr().is_terminal() {
        let _ = writeln!(
            std::io::stderr(),
            "Updating the store at {} to this version's layout. This happens once; a store of a million messages takes about half a minute.",
            dir.display()
        );
    }
}

/// A directory with files but no sled database in it belongs to someone else.
fn refuse_foreign_directory(dir: &Path) -> Result<(), StoreError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(()); // absent: sled creates it
    };
    let names: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    if !names.is_empty() && !names.iter().any(|n| n == "db") {
        return Err(StoreError::NotAStore(dir.to_path_buf()));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod thread_tests;
#[cfg(test)]
mod upgrade_tests;
