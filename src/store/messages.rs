//! Messages and their indexes, written together in one transaction so they never disagree.

use super::{Store, StoreError, codec, keys};
use crate::model::{Conversation, Message, MessageId, NewMessage, Sentiment, Status};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

/// What happened to a message handed to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Inserted {
    /// Stored for the first time; `answered` lists inbound messages this reply answered.
    New {
        message: Box<Message>,
        answered: Vec<Message>,
    },
    /// The same channel + external id was already stored: nothing written.
    Duplicate(MessageId),
}

pub(super) type TxResult<T> = Result<T, ConflictableTransactionError<String>>;

impl Store {
    /// Stores a message once per channel + external id, with its sentiment tag, links it into
    /// its thread and, for a brand reply, marks the thread's waiting inbound messages answered.
    pub fn insert(
        &self,
        new: NewMessage,
        sentiment: Option<Sentiment>,
    ) -> Result<Inserted, StoreError> {
        let mut results = self.insert_batch(vec![(new, sentiment)])?;
        Ok(results.remove(0))
    }

    pub fn get(&self, id: MessageId) -> Result<Option<Message>, StoreError> {
        match self.messages.get(keys::id(id)).map_err(|e| self.io(e))? {
            Some(raw) => self.decode_message(&raw).map(Some),
            None => Ok(None),
        }
    }

    pub fn find_external(
        &self,
        channel: crate::model::Channel,
        external_id: &str,
    ) -> Result<Option<Message>, StoreError> {
        self.stored_external(&keys::external(channel, external_id))
    }

    /// Every message in id order (arrival order).
    pub fn all_messages(&self) -> Result<Vec<Message>, StoreError> {
        self.messages
            .iter()
            .values()
            .map(|v| {
                v.map_err(|e| self.io(e))
                    .and_then(|raw| self.decode_message(&raw))
            })
            .collect()
    }

    /// The messages `ids`, and every message of the threads they are in, in id order.
    pub fn with_threads(&self, ids: &[MessageId]) -> Result<Vec<Message>, StoreError> {
        let mut found: std::collections::BTreeMap<MessageId, Message> = Default::default();
        let mut threads = std::collections::HashSet::new();
        for &id in ids {
            let Some(m) = self.get(id)? else { continue };
            if threads.insert(m.conversation) {
                for member in self.conversation_ids(m.conversation)? {
                    if !found.contains_key(&member)
                        && let Some(other) = self.get(member)?
                        && other.conversation == m.conversation
                    {
                        found.insert(member, other);
                    }
                }
            }
            found.insert(id, m);
        }
        Ok(found.into_values().collect())
    }

    /// A reader of every message that can run on a thread of its own while the store goes on
    /// (it sees what was stored before it passed).
    pub fn scan(&self) -> MessageScan {
        MessageScan {
            tree: self.messages.clone(),
            path: self.path.clone(),
            _closer: self.closer.clone(),
        }
    }

    /// Whether no message is stored (without reading them).
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// How many messages are stored (reads every key: seconds at a million).
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// The messages created at or after `since`, oldest first (a read of every message: for
    /// exports, not for the console).
    pub fn messages_since(&self, since: jiff::Timestamp) -> Result<Vec<Message>, StoreError> {
        self.scan().since(since)
    }

    /// The inbound messages created at or after `since`, oldest first, found from their
    /// summaries (only those are read).
    pub fn inbound_since(&self, since: jiff::Timestamp) -> Result<Vec<Message>, StoreError> {
        let since_ms = since.as_millisecond();
        let mut recent: Vec<_> = self
            .summaries()?
            .into_iter()
            .filter(|s| s.created_ms >= since_ms)
            .map(|s| (s.created_ms, s.id))
            .collect();
        recent.sort_unstable();
        let mut out = Vec::with_capacity(recent.len());
        for (_, id) in recent {
            out.extend(self.get(id)?);
        }
        Ok(out)
    }

    /// A thread, oldest message first.
    pub fn conversation(&self, id: MessageId) -> Result<Conversation, StoreError> {
        Ok(Conversation {
            id,
            messages: self.conversation_messages(id)?,
            notes: self.notes(id)?,
        })
    }

    fn conversation_messages(&self, conv: MessageId) -> Result<Vec<Message>, StoreError> {
        let mut out = Vec::new();
        for id in self.conversation_ids(conv)? {
            if let Some(m) = self.get(id)?.filter(|m| m.conversation == conv) {
                out.push(m);
            }
        }
        Ok(out)
    }

    /// Changes a message's status (its summary follows).
    pub fn set_status(&self, id: MessageId, status: Status) -> Result<Option<Message>, StoreError> {
        self.update(id, |m| {
            m.status = status;
            // Set by hand: no longer snoozed, nor marked as back from a snooze.
            m.snoozed_until = None;
        })
    }

    /// Applies `change` to a stored message and rewrites its summary.
    pub fn update(
        &self,
        id: MessageId,
        change: impl Fn(&mut Message),
    ) -> Result<Option<Message>, StoreError> {
        let trees = (&self.messages, &self.summaries, &self.snoozes, &self.tagged);
        let result = trees.transaction(|(messages, summaries, snoozes, tagged)| {
            let Some(raw) = messages.get(keys::id(id))? else {
                return Ok(None);
            };
            let mut m = codec::decode_message(&raw)
                .map_err(|e| ConflictableTransactionError::Abort(e.to_string()))?;
            let was = super::snoozes::key(&m);
            let tags_before = m.tags.clone();
            change(&mut m);
            put(messages, &m)?;
            if m.is_inbound() {
                super::summaries::write(summaries, &[m.summary()])?;
            }
            super::snoozes::rewrite(snoozes, was, super::snoozes::key(&m))?;
            super::tagged::rewrite(tagged, &tags_before, &m)?;
            Ok(Some(m))
        });
        result.map_err(|e| match e {
            sled::transaction::TransactionError::Abort(detail) => self.corrupt(detail),
            sled::transaction::TransactionError::Storage(e) => self.io(e),
        })
    }

    /// The replies stored as waiting for the message whose external key is `ext_key`: each
    /// orphan key with its child's id.
    pub(super) fn orphans_of(
        &self,
        ext_key: &[u8],
    ) -> Result<Vec<(Vec<u8>, MessageId)>, StoreError> {
        let mut prefix = ext_key.to_vec();
        prefix.push(0);
        self.orphans
            .scan_prefix(&prefix)
            .keys()
            .map(|k| {
                let k = k.map_err(|e| self.io(e))?;
                let child = keys::id_from(&k[prefix.len()..])
                    .ok_or_else(|| self.corrupt("an orphan key is truncated"))?;
                Ok((k.to_vec(), child))
            })
            .collect()
    }

    fn decode_message(&self, raw: &[u8]) -> Result<Message, StoreError> {
        codec::decode_message(raw)
            .map_err(|e| self.corrupt(format!("a message cannot be read: {e}")))
    }
}

/// Every stored message, read apart from the store (see `Store::scan`).
/// Reads messages on a thread apart from the store's owner (the search index catching up).
pub struct MessageReader(Store);

impl MessageReader {
    pub fn get(&self, id: MessageId) -> Result<Option<Message>, StoreError> {
        self.0.get(id)
    }

    pub fn scan(&self) -> MessageScan {
        self.0.scan()
    }

    pub fn path(&self) -> &std::path::Path {
        self.0.path()
    }
}

impl Store {
    pub fn message_reader(&self) -> MessageReader {
        MessageReader(self.handle())
    }
}

pub struct MessageScan {
    tree: sled::Tree,
    path: std::path::PathBuf,
    _closer: std::sync::Arc<super::open::Closer>,
}

impl MessageScan {
    /// Hands each message to `f`, in id order.
    pub fn for_each(&self, f: impl FnMut(&Message)) -> Result<(), StoreError> {
        self.for_each_after(None, f)
    }

    /// Hands each message stored after `after` (every one for None) to `f`, in id order.
    pub fn for_each_after(
        &self,
        after: Option<MessageId>,
        mut f: impl FnMut(&Message),
    ) -> Result<(), StoreError> {
        let from = after.map_or([0; 8], |id| keys::id(id.next()));
        for raw in self.tree.range(from..).values() {
            let raw = raw.map_err(|e| StoreError::io(&self.path, e))?;
            let m = codec::decode_message(&raw).map_err(|e| {
                StoreError::damaged(&self.path, format!("a message cannot be read: {e}"))
            })?;
            f(&m);
        }
        Ok(())
    }

    /// The messages created at or after `since`, oldest first; only those are kept.
    pub fn since(&self, since: jiff::Timestamp) -> Result<Vec<Message>, StoreError> {
        let mut out = Vec::new();
        self.for_each(|m| {
            if m.created_at >= since {
                out.push(m.clone());
            }
        })?;
        out.sort_by_key(|m| (m.created_at, m.id));
        Ok(out)
    }
}

pub(super) fn put(tree: &TransactionalTree, m: &Message) -> TxResult<()> {
    tree.insert(&keys::id(m.id), codec::encode_message(m))?;
    Ok(())
}

/// `channel \0 parent-external-id \0 child-id`: the replies waiting for a parent.
pub(super) fn orphan_key(
    channel: crate::model::Channel,
    parent: &str,
    child: MessageId,
) -> Vec<u8> {
    let mut k = keys::external(channel, parent);
    k.push(0);
    k.extend_from_slice(&keys::id(child));
    k
}
