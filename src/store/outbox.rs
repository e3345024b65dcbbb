//! The outbox: replies on their way to a network. Each entry is written (and flushed by the
//! service) before the state it records is acted on, so after a crash the sender knows
//! exactly what it may have sent.

use super::{Store, StoreError, codec};
pub use crate::model::{OutboxEntry, OutboxId, OutboxState};

impl Store {
    pub fn next_outbox_id(&self) -> Result<OutboxId, StoreError> {
        self.db.generate_id().map(OutboxId).map_err(|e| self.io(e))
    }

    pub fn put_outbox(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        self.outbox
            .insert(entry.id.to_be_bytes(), codec::encode(entry))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    pub fn outbox_entry(&self, id: OutboxId) -> Result<Option<OutboxEntry>, StoreError> {
        match self.outbox.get(id.to_be_bytes()).map_err(|e| self.io(e))? {
            Some(raw) => codec::decode(&raw)
                .map(Some)
                .map_err(|e| self.corrupt(format!("an outbox entry cannot be read: {e}"))),
            None => Ok(None),
        }
    }

    /// Every entry, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox
            .iter()
            .values()
            .map(|v| {
                let v = v.map_err(|e| self.io(e))?;
                codec::decode(&v)
                    .map_err(|e| self.corrupt(format!("an outbox entry cannot be read: {e}")))
            })
            .collect()
    }
}
