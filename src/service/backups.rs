//! Backups taken by the service, which owns the store: on a schedule, and when asked (by
//! `tribune backup` while a console runs). Taken on the service's thread between two commands,
//! so no write lands while the store is read and the copy is consistent.

use super::Event;
use super::worker::Worker;
use crate::store::BackupSummary;
use jiff::SignedDuration;

impl Worker {
    /// Takes a backup now and keeps the newest ones.
    pub(super) fn backup_now(&mut self) -> Result<BackupSummary, crate::store::StoreError> {
        let keep = self.backups.map_or(DEFAULT_KEEP, |p| p.keep);
        let started = std::time::Instant::now();
        let taken = self.store.take_backup(self.clock.now(), keep);
        match &taken {
            Ok(b) => tracing::info!(
                file = %b.path.display(),
                entries = b.entries,
                bytes = b.bytes,
                ms = started.elapsed().as_millis() as u64,
                "backup taken"
            ),
            Err(e) => {
                tracing::error!(error = %e, "backup failed");
                self.consoles
                    .broadcast(Event::Failed(format!("Backup failed: {e}")));
            }
        }
        taken
    }

    /// Takes the scheduled backup once the newest is older than the policy's interval.
    pub(super) fn backup_if_due(&mut self) {
        let Some(policy) = self.backups else { return };
        let now = self.clock.now();
        // With no backup yet, the first comes a little after the start, once the console's
        // first screens and the sources' first batches are in.
        let due = *self.next_backup.get_or_insert_with(|| {
            crate::store::backup::newest_time(self.store.path())
                .map_or(now + FIRST_BACKUP_AFTER.min(policy.every), |last| {
                    last + policy.every
                })
        });
        if now < due {
            return;
        }
        // A failure is tried again one interval later, not on every tick.
        let _ = self.backup_now();
        self.next_backup = Some(now + policy.every);
    }
}

const FIRST_BACKUP_AFTER: SignedDuration = SignedDuration::from_secs(60);

/// Backups kept when none is configured (a backup asked for by hand).
const DEFAULT_KEEP: usize = 7;
