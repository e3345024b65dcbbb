//! The outbox as the domain knows it: a reply on its way to a network, and where it is on
//! that way. The store keeps entries (`store::outbox`); the service sends them.

use super::MessageId;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// An outbox entry's number: its own sequence, never a message's id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct OutboxId(pub u64);

impl OutboxId {
    pub fn to_be_bytes(self) -> [u8; 8] {
        self.0.to_be_bytes()
    }
}

impl std::fmt::Display for OutboxId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

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
    /// Sent privately to the author of the comment answered (Facebook's private reply).
    /// Kept last: entries stored before it existed are read without it (`store::outbox`).
    pub private: bool,
}

/// An entry as stored before private replies: read as a public reply.
#[derive(Debug, Clone, Deserialize)]
pub struct OutboxEntryV1 {
    pub id: OutboxId,
    pub message: MessageId,
    pub text: String,
    pub idempotency_key: String,
    pub agent: String,
    #[serde(with = "crate::time_serde")]
    pub created_at: Timestamp,
    pub state: OutboxState,
    pub attempts: u32,
    pub last_error: Option<String>,
}

impl From<OutboxEntryV1> for OutboxEntry {
    fn from(v1: OutboxEntryV1) -> OutboxEntry {
        OutboxEntry {
            id: v1.id,
            message: v1.message,
            text: v1.text,
            idempotency_key: v1.idempotency_key,
            agent: v1.agent,
            created_at: v1.created_at,
            state: v1.state,
            attempts: v1.attempts,
            last_error: v1.last_error,
            private: false,
        }
    }
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
