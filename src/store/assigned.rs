//! Assignment: each inbound message of a conversation carries its assignee, and the
//! `assigned` tree lists the assigned messages so a console learns them without reading every
//! message. Both change in one transaction.

use super::{Store, StoreError, codec, keys};
use crate::model::{Message, MessageId};
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

impl Store {
    /// Assigns the inbound messages of `conversation` to `agent` (or to no one); returns those
    /// that changed.
    pub fn assign(
        &self,
        conversation: MessageId,
        agent: Option<&str>,
    ) -> Result<Vec<Message>, StoreError> {
        let members = self.conversation(conversation)?.messages;
        let mut changed = Vec::new();
        for m in members.iter().filter(|m| m.is_inbound()) {
            if m.assignee.as_deref() == agent {
                continue;
            }
            let trees = (&self.messages, &self.summaries, &self.assigned);
            let result = trees.transaction(|(messages, summaries, assigned)| {
                let Some(raw) = messages.get(keys::id(m.id))? else {
                    return Ok(None);
                };
                let mut stored = codec::decode_message(&raw)
                    .map_err(|e| ConflictableTransactionError::Abort(e.to_string()))?;
                stored.assignee = agent.map(str::to_string);
                super::messages::put(messages, &stored)?;
                super::summaries::write(summaries, &[stored.summary()])?;
                match agent {
                    Some(a) => assigned.insert(&keys::id(m.id), a.as_bytes())?,
                    None => assigned.remove(&keys::id(m.id))?,
                };
                Ok(Some(stored))
            });
            match result {
                Ok(Some(stored)) => changed.push(stored),
                Ok(None) => {}
                Err(sled::transaction::TransactionError::Abort(detail)) => {
                    return Err(self.corrupt(detail));
                }
                Err(sled::transaction::TransactionError::Storage(e)) => return Err(self.io(e)),
            }
        }
        Ok(changed)
    }

    /// Every assigned message and its agent.
    pub fn assignments(&self) -> Result<Vec<(MessageId, String)>, StoreError> {
        let mut all = Vec::new();
        for entry in self.assigned.iter() {
            let (k, v) = entry.map_err(|e| self.io(e))?;
            let id =
                keys::id_from(&k).ok_or_else(|| self.corrupt("an assignment key is truncated"))?;
            all.push((id, String::from_utf8_lossy(&v).into_owned()));
        }
        Ok(all)
    }
}
