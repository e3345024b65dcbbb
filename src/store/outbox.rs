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
            Some(raw) => self.decode_entry(&raw).map(Some),
            None => Ok(None),
        }
    }

    /// An entry as written now, or as written before private replies (one field fewer).
    fn decode_entry(&self, raw: &[u8]) -> Result<OutboxEntry, StoreError> {
        codec::decode::<OutboxEntry>(raw)
            .or_else(|e| {
                codec::decode::<crate::model::outbox::OutboxEntryV1>(raw)
                    .map(OutboxEntry::from)
                    .map_err(|_| e)
            })
            .map_err(|e| self.corrupt(format!("an outbox entry cannot be read: {e}")))
    }

    /// Every entry, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.outbox
            .iter()
            .values()
            .map(|v| {
                let v = v.map_err(|e| self.io(e))?;
                self.decode_entry(&v)
            })
            .collect()
    }
}
