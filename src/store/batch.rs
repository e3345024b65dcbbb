//! Storing messages a batch at a time: every message is placed as if stored alone (dedup,
//! thread, orphans adopted, waiting messages answered), reading what the batch already placed
//! from an overlay, and the whole batch is written in one transaction. One transaction per
//! batch rather than per message is what makes ingest fast; it is also all-or-nothing.

use super::messages::{Inserted, orphan_key, put};
use super::{Store, StoreError, keys};
use crate::model::{Direction, Message, MessageId, NewMessage, Sentiment};
use rustc_hash::FxHashMap;
use sled::Transactional;
use sled::transaction::ConflictableTransactionError;

/// What the batch has placed so far, over what the store holds.
#[derive(Default)]
struct Overlay {
    /// External key → id of the messages new in this batch.
    external: FxHashMap<Vec<u8>, MessageId>,
    /// The latest version of every message the batch wrote or changed.
    messages: FxHashMap<MessageId, Message>,
    /// The stored version of messages the batch changed, to rewrite their index entries.
    stored: FxHashMap<MessageId, Message>,
    /// New ids, in order.
    new: Vec<MessageId>,
    /// Conversation → messages the batch put in it.
    members: FxHashMap<MessageId, Vec<MessageId>>,
    /// Parent external key → (orphan key, child) waiting in this batch.
    orphans: FxHashMap<Vec<u8>, Vec<(Vec<u8>, MessageId)>>,
    orphans_cleared: Vec<Vec<u8>>,
}

impl Store {
    /// Stores each message once per channel + external id (a duplicate, in the store or
    /// earlier in the batch, is reported and skipped) with its sentiment tag, in order.
    pub fn insert_batch(
        &self,
        items: Vec<(NewMessage, Option<Sentiment>)>,
    ) -> Result<Vec<Inserted>, StoreError> {
        let mut overlay = Overlay::default();
        let mut results = Vec::with_capacity(items.len());
        for (new, sentiment) in items {
            results.push(self.place(&mut overlay, new, sentiment)?);
        }
        self.write(&overlay)?;
        // Report each message as the batch left it (a later reply may have answered it).
        for r in &mut results {
            if let Inserted::New { message, answered } = r {
                if let Some(latest) = overlay.messages.get(&message.id) {
                    **message = latest.clone();
                }
                for a in answered.iter_mut() {
                    if let Some(latest) = overlay.messages.get(&a.id) {
                        *a = latest.clone();
                    }
                }
            }
        }
        Ok(results)
    }

    fn place(
        &self,
        overlay: &mut Overlay,
        new: NewMessage,
        sentiment: Option<Sentiment>,
    ) -> Result<Inserted, StoreError> {
        let ext_key = keys::external(new.channel, &new.external_id);
        if let Some(id) = overlay.external.get(&ext_key) {
            return Ok(Inserted::Duplicate(*id));
        }
        if let Some(existing) = self.stored_external(&ext_key)? {
            return Ok(Inserted::Duplicate(existing.id));
        }
        let id = MessageId(self.db.generate_id().map_err(|e| self.io(e))? + 1);
        let parent = match &new.in_reply_to {
            Some(ext) => {
                let key = keys::external(new.channel, ext);
                match overlay.external.get(&key) {
                    Some(pid) => overlay.messages.get(pid).cloned(),
                    // As the batch has it: an earlier message in it may have changed it.
                    None => self
                        .stored_external(&key)?
                        .map(|p| overlay.messages.get(&p.id).cloned().unwrap_or(p)),
                }
            }
            None => None,
        };
        let conversation = parent.as_ref().map(|p| p.conversation).unwrap_or(id);
        let mut message = Message::from_new(id, conversation, new);
        message.sentiment = sentiment;
        // A reply to a message not stored yet waits, as an orphan, for its parent.
        if let (Some(parent_ext), None) = (&message.in_reply_to, &parent) {
            let parent_key = keys::external(message.channel, parent_ext);
            let key = orphan_key(message.channel, parent_ext, id);
            overlay
                .orphans
                .entry(parent_key)
                .or_default()
                .push((key, id));
        }
        // Replies that arrived before this message join its conversation now.
        let adopted = self.adopt(overlay, &ext_key)?;
        if message.is_inbound() {
            message.answered_at = adopted
                .iter()
                .filter(|m| {
                    m.direction == Direction::Outbound
                        && m.in_reply_to.as_deref() == Some(message.external_id.as_str())
                        && m.created_at >= message.created_at
                })
                .map(|m| m.created_at)
                .min();
        }
        for mut m in adopted {
            m.conversation = conversation;
            self.keep(overlay, m)?;
        }
        let mut answered = Vec::new();
        if message.direction == Direction::Outbound {
            for mut w in self.members(overlay, conversation)? {
                if w.is_inbound() && w.answered_at.is_none() && w.created_at <= message.created_at {
                    w.answered_at = Some(message.created_at);
                    answered.push(w.clone());
                    self.keep(overlay, w)?;
                }
            }
        }
        overlay.external.insert(ext_key, id);
        overlay.new.push(id);
        overlay.members.entry(conversation).or_default().push(id);
        overlay.messages.insert(id, message.clone());
        Ok(Inserted::New {
            message: Box::new(message),
            answered,
        })
    }

    /// A message as the batch has it, else as stored.
    fn current(&self, overlay: &Overlay, id: MessageId) -> Result<Option<Message>, StoreError> {
        match overlay.messages.get(&id) {
            Some(m) => Ok(Some(m.clone())),
            None => self.get(id),
        }
    }

    /// Records a stored message's new version, remembering the stored one the first time
    /// (a message not in the overlay yet is a stored one: new ones enter it when placed).
    fn keep(&self, overlay: &mut Overlay, m: Message) -> Result<(), StoreError> {
        if !overlay.messages.contains_key(&m.id)
            && let Some(stored) = self.get(m.id)?
        {
            overlay.stored.insert(m.id, stored);
        }
        overlay
            .members
            .entry(m.conversation)
            .or_default()
            .push(m.id);
        overlay.messages.insert(m.id, m);
        Ok(())
    }

    /// The messages of a conversation, stored or placed by the batch, as the batch has them.
    fn members(&self, overlay: &Overlay, conv: MessageId) -> Result<Vec<Message>, StoreError> {
        let mut ids = self.conversation_ids(conv)?;
        ids.extend(overlay.members.get(&conv).into_iter().flatten());
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(m) = self
                .current(overlay, id)?
                .filter(|m| m.conversation == conv)
            {
                out.push(m);
            }
        }
        out.sort_by_key(|m| (m.created_at, m.id));
        Ok(out)
    }

    /// The messages waiting for the message whose external key is `ext_key` (the orphans
    /// replying to it and their own threads); their orphan entries are cleared.
    fn adopt(&self, overlay: &mut Overlay, ext_key: &[u8]) -> Result<Vec<Message>, StoreError> {
        let mut children = Vec::new();
        for (key, child) in self.orphans_of(ext_key)? {
            overlay.orphans_cleared.push(key);
            children.push(child);
        }
        for (_, child) in overlay.orphans.remove(ext_key).unwrap_or_default() {
            children.push(child);
        }
        let mut adopted = Vec::new();
        for child in children {
            if let Some(child) = self.current(overlay, child)? {
                adopted.extend(self.members(overlay, child.conversation)?);
            }
        }
        Ok(adopted)
    }

    /// Writes what the batch placed, with every index entry it changes, in one transaction.
    fn write(&self, overlay: &Overlay) -> Result<(), StoreError> {
        if overlay.messages.is_empty() {
            return Ok(());
        }
        let trees = [
            &self.messages,
            &self.dedup_log,
            &self.threads,
            &self.orphans,
            &self.summaries,
        ];
        let new: Vec<&Message> = overlay.new.iter().map(|id| &overlay.messages[id]).collect();
        let dedup_entry = super::dedup::log_entry(&new);
        let result = trees.transaction(|t| {
            let [messages, dedup, threads, orphans, summaries] = t.as_slice() else {
                unreachable!("five trees were given");
            };
            super::dedup::write(dedup, &dedup_entry)?;
            let mut moved = super::threads::ThreadChanges::default();
            for (id, m) in &overlay.messages {
                let before = overlay.stored.get(id);
                // A new message starting its own conversation is alone in it: no entry.
                let new_alone = before.is_none() && m.conversation == *id;
                if !new_alone && before.is_none_or(|b| b.conversation != m.conversation) {
                    if let Some(b) = before {
                        moved.leave(b.conversation, *id);
                    }
                    moved.join(m.conversation, m.created_at, *id);
                }
                put(messages, m)?;
            }
            moved.write(threads, |conv| {
                if let Some(m) = overlay.messages.get(&conv) {
                    return Ok(Some(m.created_at));
                }
                match messages.get(keys::id(conv))? {
                    Some(raw) => super::codec::decode_message(&raw)
                        .map(|m| Some(m.created_at))
                        .map_err(|e| {
                            ConflictableTransactionError::Abort(format!(
                                "a message cannot be read: {e}"
                            ))
                        }),
                    None => Ok(None),
                }
            })?;
            let inbound: Vec<_> = overlay
                .messages
                .values()
                .filter(|m| m.is_inbound())
                .map(Message::summary)
                .collect();
            super::summaries::write(summaries, &inbound)?;
            for waiting in overlay.orphans.values().flatten() {
                orphans.insert(waiting.0.as_slice(), &[])?;
            }
            for key in &overlay.orphans_cleared {
                orphans.remove(key.as_slice())?;
            }
            Ok(())
        });
        result.map_err(|e| match e {
            sled::transaction::TransactionError::Abort(detail) => self.corrupt(detail),
            sled::transaction::TransactionError::Storage(e) => self.io(e),
        })?;
        self.dedup_added(&dedup_entry);
        Ok(())
    }
}
