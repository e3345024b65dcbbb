//! Reply drafts, one per message, saved as the agent types so that nothing is ever lost.

use super::{Store, StoreError, codec, keys};
use crate::model::MessageId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    #[serde(with = "crate::time_serde")]
    pub updated_at: jiff::Timestamp,
}

impl Store {
    pub fn save_draft(&self, message: MessageId, draft: &Draft) -> Result<(), StoreError> {
        self.drafts
            .insert(keys::id(message), codec::encode(draft))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    pub fn draft(&self, message: MessageId) -> Result<Option<Draft>, StoreError> {
        match self.drafts.get(keys::id(message)).map_err(|e| self.io(e))? {
            Some(raw) => codec::decode(&raw)
                .map(Some)
                .map_err(|e| self.corrupt(format!("a draft cannot be read: {e}"))),
            None => Ok(None),
        }
    }

    pub fn delete_draft(&self, message: MessageId) -> Result<(), StoreError> {
        self.drafts
            .remove(keys::id(message))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    /// Ids of every message that has a draft, for the inbox marker.
    pub fn drafted_messages(&self) -> Result<Vec<MessageId>, StoreError> {
        self.drafts
            .iter()
            .keys()
            .map(|k| {
                let k = k.map_err(|e| self.io(e))?;
                keys::id_from(&k).ok_or_else(|| self.corrupt("a draft key is truncated"))
            })
            .collect()
    }
}
