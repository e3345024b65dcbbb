//! Reply drafts, one per message and agent, saved as the agent types so that nothing is ever
//! lost — and two agents writing to one message never overwrite each other.
//!
//! Keys are the message id then the agent's name. A key of the id alone is a draft saved
//! before drafts had agents: it is offered to whoever opens the message, and goes when they
//! save or send theirs.

use super::{Store, StoreError, codec, keys};
use crate::model::MessageId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    #[serde(with = "crate::time_serde")]
    pub updated_at: jiff::Timestamp,
}

fn key(message: MessageId, agent: &str) -> Vec<u8> {
    let mut k = keys::id(message).to_vec();
    k.extend_from_slice(agent.as_bytes());
    k
}

impl Store {
    pub fn save_draft(
        &self,
        message: MessageId,
        agent: &str,
        draft: &Draft,
    ) -> Result<(), StoreError> {
        self.drafts
            .insert(key(message, agent), codec::encode(draft))
            .map_err(|e| self.io(e))?;
        self.forget_unowned_draft(message)
    }

    /// `agent`'s draft for `message` (or one saved before drafts had agents).
    pub fn draft(&self, message: MessageId, agent: &str) -> Result<Option<Draft>, StoreError> {
        for k in [key(message, agent), keys::id(message).to_vec()] {
            if let Some(raw) = self.drafts.get(k).map_err(|e| self.io(e))? {
                return codec::decode(&raw)
                    .map(Some)
                    .map_err(|e| self.corrupt(format!("a draft cannot be read: {e}")));
            }
        }
        Ok(None)
    }

    pub fn delete_draft(&self, message: MessageId, agent: &str) -> Result<(), StoreError> {
        self.drafts
            .remove(key(message, agent))
            .map_err(|e| self.io(e))?;
        self.forget_unowned_draft(message)
    }

    fn forget_unowned_draft(&self, message: MessageId) -> Result<(), StoreError> {
        self.drafts
            .remove(keys::id(message))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    /// Ids of every message `agent` has a draft for, for the inbox marker.
    pub fn drafted_messages(&self, agent: &str) -> Result<Vec<MessageId>, StoreError> {
        let mut ids = Vec::new();
        for k in self.drafts.iter().keys() {
            let k = k.map_err(|e| self.io(e))?;
            let id = keys::id_from(&k).ok_or_else(|| self.corrupt("a draft key is truncated"))?;
            let owner = k.get(8..).unwrap_or_default();
            if (owner.is_empty() || owner == agent.as_bytes()) && ids.last() != Some(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}
