//! The `summaries` tree: every inbound message's 32-byte summary, packed by blocks of ids
//! (ids are monotonic, so the newest block is the one that grows). Reading a million
//! summaries is a few thousand reads of packed blocks rather than a million decodes; each
//! write rewrites the blocks of the messages it touches, in the messages' own transaction.

use super::messages::TxResult;
use super::{Store, StoreError, keys};
use crate::model::MessageId;
use crate::summary::{ENCODED_LEN, Summary};
use sled::transaction::TransactionalTree;
use std::collections::BTreeMap;

/// Ids per block: 256 summaries are 8 KB, small enough to rewrite on each change.
const BLOCK_BITS: u32 = 8;
/// Set in `meta` once every stored message has its summary, as this version writes them (2:
/// with the status and the answered mark; a store marked by an older tribune is summarised
/// again at open).
const COMPLETE: &str = "summaries_complete_2";

fn block_key(id: MessageId) -> [u8; 8] {
    (id.0 >> BLOCK_BITS).to_be_bytes()
}

/// Puts each summary in its block, replacing the message's previous one.
pub(super) fn write(tree: &TransactionalTree, summaries: &[Summary]) -> TxResult<()> {
    let mut blocks: BTreeMap<[u8; 8], Vec<&Summary>> = BTreeMap::new();
    for s in summaries {
        blocks.entry(block_key(s.id)).or_default().push(s);
    }
    for (key, changed) in blocks {
        let mut block = tree.get(key)?.map(|v| v.to_vec()).unwrap_or_default();
        for s in changed {
            put_in_block(&mut block, s);
        }
        tree.insert(&key, block)?;
    }
    Ok(())
}

/// Keeps the block in id order: replaces the summary with the same id, or inserts it.
fn put_in_block(block: &mut Vec<u8>, s: &Summary) {
    let id = s.id.to_be_bytes();
    let records = block.len() / ENCODED_LEN;
    let (mut lo, mut hi) = (0, records);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if block[mid * ENCODED_LEN..mid * ENCODED_LEN + 8] < id[..] {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let at = lo * ENCODED_LEN;
    let encoded = s.encode();
    if lo < records && block[at..at + 8] == id {
        block[at..at + ENCODED_LEN].copy_from_slice(&encoded);
    } else {
        block.splice(at..at, encoded);
    }
}

impl Store {
    /// Every inbound message's summary, in id order.
    pub fn summaries(&self) -> Result<Vec<Summary>, StoreError> {
        // Room for every id up to the last block's: reserved, not touched, so the memory
        // held is what is filled, and half a million summaries are never copied as it grows.
        let last = self.summaries.last().map_err(|e| self.io(e))?;
        // A block's key is its number (ids shifted right), not an id.
        let blocks = last
            .and_then(|(key, _)| keys::id_from(&key))
            .map_or(0, |b| b.0 + 1);
        let mut out = Vec::with_capacity((blocks << BLOCK_BITS).min(1 << 24) as usize);
        for block in self.summaries.iter().values() {
            let block = block.map_err(|e| self.io(e))?;
            for record in block.chunks(ENCODED_LEN) {
                out.push(
                    Summary::decode(record)
                        .ok_or_else(|| self.corrupt("a message summary cannot be read"))?,
                );
            }
        }
        Ok(out)
    }

    /// Whether every stored message has its summary (false for a store written before
    /// summaries existed, until `rebuild_summaries`).
    pub fn summaries_complete(&self) -> Result<bool, StoreError> {
        Ok(self.meta.get(COMPLETE).map_err(|e| self.io(e))?.is_some())
    }

    /// Writes every inbound message's summary afresh and marks them complete.
    pub fn rebuild_summaries(&self) -> Result<(), StoreError> {
        self.summaries.clear().map_err(|e| self.io(e))?;
        let mut inbound: Vec<Summary> = Vec::new();
        self.scan().for_each(|m| {
            if m.is_inbound() {
                inbound.push(m.summary());
            }
        })?;
        for chunk in inbound.chunk_by(|a, b| block_key(a.id) == block_key(b.id)) {
            let mut block = Vec::with_capacity(chunk.len() * ENCODED_LEN);
            for s in chunk {
                put_in_block(&mut block, s);
            }
            self.summaries
                .insert(block_key(chunk[0].id), block)
                .map_err(|e| self.io(e))?;
        }
        self.mark_summaries_complete()
    }

    /// Leaves the store as a tribune from before summaries left it (for upgrade tests): the
    /// next console start summarises every message again.
    pub fn forget_summaries(&self) -> Result<(), StoreError> {
        self.summaries.clear().map_err(|e| self.io(e))?;
        self.meta.remove(COMPLETE).map_err(|e| self.io(e))?;
        self.flush()
    }

    pub(super) fn mark_summaries_complete(&self) -> Result<(), StoreError> {
        self.meta.insert(COMPLETE, &[1]).map_err(|e| self.io(e))?;
        self.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;
    use crate::model::{Direction, Status};
    use crate::store::Inserted;
    use jiff::Timestamp;

    #[test]
    fn status_changes_rewrite_the_summary() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let Inserted::New { message, .. } = store
            .insert(
                sample("1", Direction::Inbound, None, "2026-11-20T09:15:00Z"),
                None,
            )
            .unwrap()
        else {
            panic!()
        };
        let awaits = |store: &Store| -> Vec<(MessageId, bool)> {
            store
                .summaries()
                .unwrap()
                .iter()
                .map(|s| (s.id, s.awaits))
                .collect()
        };
        assert_eq!(awaits(&store), vec![(message.id, true)]);
        store.set_status(message.id, Status::Resolved).unwrap();
        assert_eq!(awaits(&store), vec![(message.id, false)]);
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(awaits(&store), vec![(message.id, false)]);
    }

    #[test]
    fn recent_inbound_messages_are_found_from_their_summaries() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // Stored out of time order, as a backlog arrives after live messages.
        let items = vec![
            (
                sample("late", Direction::Inbound, None, "2026-11-20T11:00:00Z"),
                None,
            ),
            (
                sample("old", Direction::Inbound, None, "2026-11-18T09:00:00Z"),
                None,
            ),
            (
                sample("early", Direction::Inbound, None, "2026-11-20T09:00:00Z"),
                None,
            ),
            (
                sample(
                    "reply",
                    Direction::Outbound,
                    Some("early"),
                    "2026-11-20T09:30:00Z",
                ),
                None,
            ),
        ];
        store.insert_batch(items).unwrap();
        let since: Timestamp = "2026-11-20T00:00:00Z".parse().unwrap();
        let found: Vec<String> = store
            .inbound_since(since)
            .unwrap()
            .into_iter()
            .map(|m| m.external_id)
            .collect();
        assert_eq!(found, ["early", "late"]);
        let all: Vec<String> = store
            .messages_since(since)
            .unwrap()
            .into_iter()
            .map(|m| m.external_id)
            .collect();
        assert_eq!(all, ["early", "reply", "late"]);
    }
}
