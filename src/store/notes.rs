//! Internal notes on conversations, keyed by conversation then arrival.

use super::{Store, StoreError, codec, keys};
use crate::model::{MessageId, Note};

impl Store {
    pub fn add_note(&self, note: &Note) -> Result<(), StoreError> {
        let seq = self.db.generate_id().map_err(|e| self.io(e))?;
        let mut key = keys::id(note.conversation).to_vec();
        key.extend_from_slice(&seq.to_be_bytes());
        self.notes
            .insert(key, codec::encode(note))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    /// The notes of a conversation, oldest first.
    pub fn notes(&self, conversation: MessageId) -> Result<Vec<Note>, StoreError> {
        self.notes
            .scan_prefix(keys::id(conversation))
            .values()
            .map(|v| {
                let v = v.map_err(|e| self.io(e))?;
                codec::decode(&v).map_err(|e| self.corrupt(format!("a note cannot be read: {e}")))
            })
            .collect()
    }
}
