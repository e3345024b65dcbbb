//! The outbox: replies on their way to a network. Each entry is written (and flushed by the
//! service) before the state it records is acted on, so after a crash the sender knows
//! exactly what it may have sent.

use super::{Store, StoreError, codec, keys};
use crate::model::MessageId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub type OutboxId = u64;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum OutboxState {
    /// Waiting for the undo window to close (or for a retry).
    Queued {
        #[serde(with = "crate::time_serde")]
        send_after: Timestamp,
    },
    /// Handed to the network; the answer has not been recorded. After a crash the same
    /// request is sent again under the same idempotency key.
    Sending,
    Sent {
        external_id: String,
        #[serde(with = "crate::time_serde")]
        at: Timestamp,
    },
    /// The network refused it for good (or it was given up on); the reason is shown.
    Failed { reason: String },
    /// Undone by the agent within the undo window.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: OutboxId,
    /// The message this answers.
    pub message: MessageId,
    pub text: String,
    /// Sent with every attempt, so a network that honours it posts once whatever happens.
    pub idempotency_key: String,
    pub agent: String,
    #[serde(with = "crate::time_serde")]
    pub created_at: Timestamp,
    pub state: OutboxState,
    pub attempts: u32,
    /// The last failure, while retries go on.
    pub last_error: Option<String>,
}

impl OutboxEntry {
    /// Still on its way: queued or sending.
    pub fn is_pending(&self) -> bool {
        matches!(
            self.state,
            OutboxState::Queued { .. } | OutboxState::Sending
        )
    }
}

impl Store {
    pub fn next_outbox_id(&self) -> Result<OutboxId, StoreError> {
        self.db.generate_id().map_err(|e| self.io(e))
    }

    pub fn put_outbox(&self, entry: &OutboxEntry) -> Result<(), StoreError> {
        self.outbox
            .insert(keys::id(entry.id), codec::encode(entry))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    pub fn outbox_entry(&self, id: OutboxId) -> Result<Option<OutboxEntry>, StoreError> {
        match self.outbox.get(keys::id(id)).map_err(|e| self.io(e))? {
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
