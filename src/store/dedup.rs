//! The `dedup` tree: channel + external id → message id, the index that stores each network
//! message once. Entries are grouped in 65,536 buckets by a hash of the external key, so a
//! million messages are some 65,000 sled entries of a few hundred bytes rather than a million:
//! sled pays for every entry when a store opens.

use super::messages::TxResult;
use super::{Store, StoreError, keys};
use crate::model::MessageId;
use sled::transaction::TransactionalTree;
use std::collections::BTreeMap;

/// A bucket's name and its entries.
pub(super) type Bucket = ([u8; 2], Vec<u8>);

/// The bucket of an external key (a stable hash: buckets are stored).
fn bucket(ext_key: &[u8]) -> [u8; 2] {
    ((crc32fast::hash(ext_key) >> 16) as u16).to_be_bytes()
}

/// The id recorded for `ext_key` in a bucket: entries are a 4-byte length, the key, the id.
fn find(bucket: &[u8], ext_key: &[u8]) -> Option<MessageId> {
    let mut rest = bucket;
    while rest.len() >= 4 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let entry = rest.get(4..4 + len + 8)?;
        if &entry[..len] == ext_key {
            return keys::id_from(&entry[len..]);
        }
        rest = &rest[4 + len + 8..];
    }
    None
}

fn append(bucket: &mut Vec<u8>, ext_key: &[u8], id: MessageId) {
    bucket.extend_from_slice(&(ext_key.len() as u32).to_be_bytes());
    bucket.extend_from_slice(ext_key);
    bucket.extend_from_slice(&keys::id(id));
}

/// The buckets a batch's new messages go into, read before its transaction (the service is
/// the store's only writer, and `place` has already found none of the keys stored) and
/// written in it.
#[derive(Default)]
pub(super) struct NewKeys {
    buckets: BTreeMap<[u8; 2], Vec<(Vec<u8>, MessageId)>>,
}

impl NewKeys {
    pub(super) fn add(&mut self, ext_key: Vec<u8>, id: MessageId) {
        self.buckets
            .entry(bucket(&ext_key))
            .or_default()
            .push((ext_key, id));
    }

    /// Each touched bucket with the new keys appended.
    pub(super) fn buckets(&self, store: &Store) -> Result<Vec<Bucket>, StoreError> {
        let mut out = Vec::with_capacity(self.buckets.len());
        for (name, new) in &self.buckets {
            let stored = store.dedup.get(name).map_err(|e| store.io(e))?;
            let mut value = stored.map(|v| v.to_vec()).unwrap_or_default();
            for (ext_key, id) in new {
                append(&mut value, ext_key, *id);
            }
            out.push((*name, value));
        }
        Ok(out)
    }
}

/// Writes buckets made by `NewKeys::buckets` in a batch's transaction.
pub(super) fn write(tree: &TransactionalTree, buckets: &[Bucket]) -> TxResult<()> {
    for (name, value) in buckets {
        tree.insert(name, value.as_slice())?;
    }
    Ok(())
}

impl Store {
    /// The id of the message stored under this channel + external key, if any.
    pub(super) fn stored_id(&self, ext_key: &[u8]) -> Result<Option<MessageId>, StoreError> {
        let value = self.dedup.get(bucket(ext_key)).map_err(|e| self.io(e))?;
        Ok(value.and_then(|v| find(&v, ext_key)))
    }

    /// Moves the dedup index of an older store (`external`: an entry per message) into
    /// buckets, then drops it. Once, on first open.
    pub(super) fn migrate_dedup_index(&self) -> Result<(), StoreError> {
        const OLD: &str = "external";
        let Some(old) = self.retired_tree(OLD)? else {
            return Ok(());
        };
        let mut buckets: BTreeMap<[u8; 2], Vec<u8>> = BTreeMap::new();
        for entry in old.iter() {
            let (ext_key, raw) = entry.map_err(|e| self.io(e))?;
            let id = keys::id_from(&raw)
                .ok_or_else(|| self.corrupt("an external-id index entry is truncated"))?;
            append(buckets.entry(bucket(&ext_key)).or_default(), &ext_key, id);
        }
        for (name, value) in buckets {
            self.dedup.insert(name, value).map_err(|e| self.io(e))?;
        }
        self.retire(OLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_finds_each_key_it_holds_and_no_other() {
        let mut b = Vec::new();
        append(&mut b, b"mastodon\x00111", MessageId(1));
        append(&mut b, b"bluesky\x00at://x/post/2", MessageId(2));
        append(&mut b, b"", MessageId(3));
        assert_eq!(find(&b, b"mastodon\x00111"), Some(MessageId(1)));
        assert_eq!(find(&b, b"bluesky\x00at://x/post/2"), Some(MessageId(2)));
        assert_eq!(find(&b, b""), Some(MessageId(3)));
        assert_eq!(find(&b, b"mastodon\x0011"), None);
        assert_eq!(
            find(&b[..b.len() - 1], b""),
            None,
            "a truncated bucket ends the search"
        );
    }
}
