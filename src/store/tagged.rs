//! The tagged messages: tags are few and set by agents, so the `tagged` tree lists each
//! tagged message with its tags, and a console reads it whole at start (a query's `tag:`
//! and the tags offered for completion then need no message read). It changes in the
//! transaction that changes the message (`Store::update`).

use super::messages::TxResult;
use super::{Store, StoreError, keys};
use crate::model::{Message, MessageId};
use sled::transaction::TransactionalTree;

/// Tags are kept one per line (a tag is a word: it holds no line break).
pub(super) fn rewrite(tree: &TransactionalTree, before: &[String], m: &Message) -> TxResult<()> {
    if before == m.tags.as_slice() {
        return Ok(());
    }
    match m.tags.is_empty() {
        true => tree.remove(&keys::id(m.id))?,
        false => tree.insert(&keys::id(m.id), m.tags.join("\n").as_bytes())?,
    };
    Ok(())
}

impl Store {
    /// Every tagged message with its tags.
    pub fn tagged(&self) -> Result<Vec<(MessageId, Vec<String>)>, StoreError> {
        let mut all = Vec::new();
        for entry in self.tagged.iter() {
            let (k, v) = entry.map_err(|e| self.io(e))?;
            let id = keys::id_from(&k).ok_or_else(|| self.corrupt("a tag key is truncated"))?;
            let tags = String::from_utf8_lossy(&v)
                .lines()
                .map(str::to_string)
                .collect();
            all.push((id, tags));
        }
        Ok(all)
    }
}
