//! The `threads` tree: each conversation's members in one value (created time and id, 16
//! bytes each, in thread order), keyed by the conversation's id. One entry per conversation
//! rather than one per message: every sled entry costs memory and time when the store opens.
//! A conversation of its first message alone has no entry: most messages are never replied
//! to, and each entry written is a page rewritten at random (writing none, ingest ran twice
//! as fast). Stores of schema 3 and before have such entries; they read the same.

use super::messages::TxResult;
use super::{Store, StoreError, keys};
use crate::model::MessageId;
use sled::transaction::TransactionalTree;
use std::collections::BTreeMap;

const MEMBER_LEN: usize = 16;

/// A member of a thread: when it was written (ms) and its id, the thread's order.
type Member = (i64, MessageId);

fn decode(value: &[u8]) -> Vec<Member> {
    value
        .chunks_exact(MEMBER_LEN)
        .map(|c| {
            let word = |at: usize| c[at..at + 8].try_into().map(u64::from_be_bytes);
            (word(0).unwrap_or(0) as i64, MessageId(word(8).unwrap_or(0)))
        })
        .collect()
}

fn encode(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::with_capacity(members.len() * MEMBER_LEN);
    for (at, id) in members {
        out.extend_from_slice(&at.to_be_bytes());
        out.extend_from_slice(&id.to_be_bytes());
    }
    out
}

/// Changes to threads: members that leave one (adopted into another) and members that join.
#[derive(Default)]
pub(super) struct ThreadChanges {
    changes: BTreeMap<MessageId, (Vec<MessageId>, Vec<Member>)>,
}

impl ThreadChanges {
    pub(super) fn leave(&mut self, conversation: MessageId, id: MessageId) {
        self.changes.entry(conversation).or_default().0.push(id);
    }

    pub(super) fn join(&mut self, conversation: MessageId, at: jiff::Timestamp, id: MessageId) {
        self.changes
            .entry(conversation)
            .or_default()
            .1
            .push((at.as_millisecond(), id));
    }

    /// Rewrites each changed thread once. `root_at` gives the time of a conversation's first
    /// message (its id is the conversation's), which has no entry while it is alone.
    pub(super) fn write(
        &self,
        tree: &TransactionalTree,
        root_at: impl Fn(MessageId) -> TxResult<Option<jiff::Timestamp>>,
    ) -> TxResult<()> {
        for (conversation, (leaving, joining)) in &self.changes {
            let key = keys::id(*conversation);
            let stored = tree.get(key)?;
            let mut members = match &stored {
                Some(v) => decode(v),
                None => root_at(*conversation)?
                    .map(|at| vec![(at.as_millisecond(), *conversation)])
                    .unwrap_or_default(),
            };
            members.retain(|(_, id)| !leaving.contains(id) && !joining.iter().any(|j| j.1 == *id));
            members.extend(joining);
            members.sort_unstable();
            let alone = matches!(members.as_slice(), [(_, id)] if id == conversation);
            if members.is_empty() || alone {
                if stored.is_some() {
                    tree.remove(&key)?;
                }
            } else {
                tree.insert(&key, encode(&members))?;
            }
        }
        Ok(())
    }
}

impl Store {
    /// The ids in a conversation, oldest first (the thread index). With no entry, the
    /// conversation's first message alone: callers read each message and keep those still in
    /// `conv` (a first message adopted into another thread has left it).
    pub(super) fn conversation_ids(&self, conv: MessageId) -> Result<Vec<MessageId>, StoreError> {
        let value = self.threads.get(keys::id(conv)).map_err(|e| self.io(e))?;
        Ok(value
            .map(|v| decode(&v).into_iter().map(|(_, id)| id).collect())
            .unwrap_or_else(|| vec![conv]))
    }

    /// Moves the thread index of an older store (`by_conversation`: an entry per message,
    /// keyed conversation, time, id) into `threads`, then drops it. Once, on first open.
    pub(super) fn migrate_thread_index(&self) -> Result<(), StoreError> {
        const OLD: &str = "by_conversation";
        let Some(old) = self.retired_tree(OLD)? else {
            return Ok(());
        };
        let mut current: Option<(MessageId, Vec<Member>)> = None;
        let write = |(conv, members): (MessageId, Vec<Member>)| {
            self.threads
                .insert(keys::id(conv), encode(&members))
                .map(|_| ())
                .map_err(|e| self.io(e))
        };
        // Keys are in conversation order: each thread's members arrive together.
        for key in old.iter().keys() {
            let key = key.map_err(|e| self.io(e))?;
            let (Some(conv), Some(id)) = (keys::id_from(&key), keys::id_from(&key[16..])) else {
                return Err(self.corrupt("a thread index key is truncated"));
            };
            let at = keys::time_from(&key[8..16]);
            match &mut current {
                Some((c, members)) if *c == conv => members.push((at, id)),
                _ => {
                    if let Some(done) = current.replace((conv, vec![(at, id)])) {
                        write(done)?;
                    }
                }
            }
        }
        if let Some(done) = current {
            write(done)?;
        }
        self.retire(OLD)
    }
}
