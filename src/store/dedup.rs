//! The dedup index: channel + external id → message id, the index that stores each network
//! message once.
//!
//! On disk it is the `dedup_log` tree: each batch appends one entry, keyed by its first new
//! id, holding a 64-bit hash of every new message's external key with its id. An entry is
//! written once and never rewritten, so storing a message touches no page at random (the
//! hashed buckets this replaced were rewritten in place: without them ingest ran twice as
//! fast). In memory the top 32 bits of each hash are held sorted with the id, 8 bytes a
//! message, read from the log at the first lookup. A hash only names candidates: each is
//! read and its key compared, so two keys sharing a hash are never taken for one another (at
//! a million messages, one new key in 4,000 costs a read for nothing).

use super::messages::TxResult;
use super::{Store, StoreError, keys};
use crate::model::{Message, MessageId};
use sled::transaction::TransactionalTree;
use std::collections::BTreeSet;
use std::hash::Hasher;

/// The on-disk tree.
pub(super) const LOG_TREE: &str = "dedup_log";
/// A record: the key's hash and the message's id, both big-endian.
const RECORD: usize = 16;
/// New entries wait in a small ordered set, and join the sorted table past this many.
const MERGE_PAST: usize = 32_768;

/// The hash an external key is filed under (FNV-1a: stable, it is stored).
fn hash(ext_key: &[u8]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    h.write(ext_key);
    h.finish()
}

/// The part of a hash the table keeps.
fn short(h: u64) -> u32 {
    (h >> 32) as u32
}

/// An entry of the sorted table: the short hash in the high half, the id in the low half (ids
/// are counted from 1 and stay far below 2³²), so that sorting entries sorts by hash.
fn pack(h: u32, id: u64) -> Option<u64> {
    u32::try_from(id)
        .ok()
        .map(|id| (u64::from(h) << 32) | u64::from(id))
}

/// Every stored external key's (short) hash and message id, by hash.
#[derive(Default)]
pub(super) struct DedupTable {
    /// Sorted entries (see `pack`): equal hashes sit together.
    packed: Vec<u64>,
    /// Entries added since the last merge, and any id too wide to pack.
    recent: BTreeSet<(u32, u64)>,
}

impl DedupTable {
    /// The table of `(hash, id)` records.
    #[cfg(test)]
    fn from_records(records: impl IntoIterator<Item = (u64, u64)>) -> DedupTable {
        let mut table = DedupTable::default();
        for (h, id) in records {
            table.file_unsorted(h, id);
        }
        table.sort();
        table
    }

    fn sort(&mut self) {
        self.packed.sort_unstable();
    }

    /// Files a record; `sort` once they are all in (no copy is made: at a million messages
    /// the table is 8 MB, and so is the most it takes while being read).
    fn file_unsorted(&mut self, h: u64, id: u64) {
        match pack(short(h), id) {
            Some(entry) => self.packed.push(entry),
            None => {
                self.recent.insert((short(h), id));
            }
        }
    }

    /// The ids filed under `h`.
    fn candidates(&self, h: u64) -> Vec<MessageId> {
        let h = short(h);
        let from = self.packed.partition_point(|&x| x < u64::from(h) << 32);
        let sorted = self.packed[from..]
            .iter()
            .take_while(|&&x| (x >> 32) as u32 == h)
            .map(|&x| MessageId(x & u64::from(u32::MAX)));
        let recent = self
            .recent
            .range((h, 0)..=(h, u64::MAX))
            .map(|&(_, id)| MessageId(id));
        sorted.chain(recent).collect()
    }

    fn add(&mut self, h: u64, id: MessageId) {
        self.recent.insert((short(h), id.0));
        if self.recent.len() > MERGE_PAST {
            self.merge();
        }
    }

    /// Moves the recent entries into the sorted table, merging from the end in place.
    fn merge(&mut self) {
        let (narrow, wide): (Vec<_>, Vec<_>) = std::mem::take(&mut self.recent)
            .into_iter()
            .partition(|&(h, id)| pack(h, id).is_some());
        self.recent.extend(wide);
        let new: Vec<u64> = narrow
            .into_iter()
            .filter_map(|(h, id)| pack(h, id))
            .collect();
        let (mut old_end, mut new_end) = (self.packed.len(), new.len());
        self.packed.reserve_exact(new.len());
        self.packed.resize(old_end + new_end, 0);
        for slot in (0..self.packed.len()).rev() {
            if new_end == 0 {
                break; // what is left of the old entries is already in place
            }
            let take_old = old_end > 0 && self.packed[old_end - 1] > new[new_end - 1];
            self.packed[slot] = if take_old {
                old_end -= 1;
                self.packed[old_end]
            } else {
                new_end -= 1;
                new[new_end]
            };
        }
    }

    /// Files `ext_key` under `id` whatever it is, as a hash shared by two keys would.
    #[cfg(test)]
    pub(super) fn file_as_if_colliding(&mut self, ext_key: &[u8], id: MessageId) {
        self.add(hash(ext_key), id);
    }

    fn len(&self) -> usize {
        self.packed.len() + self.recent.len()
    }
}

/// A log entry of `(id, hash)` records in id order: its key (the first id) and value.
fn encode_entry(records: &[(u64, u64)]) -> Option<([u8; 8], Vec<u8>)> {
    let (first, _) = records.first()?;
    let mut value = Vec::with_capacity(records.len() * RECORD);
    for (id, h) in records {
        value.extend_from_slice(&h.to_be_bytes());
        value.extend_from_slice(&id.to_be_bytes());
    }
    Some((first.to_be_bytes(), value))
}

/// The log entry of a batch's new messages (in id order).
pub(super) fn log_entry(new: &[&Message]) -> Option<([u8; 8], Vec<u8>)> {
    let records: Vec<(u64, u64)> = new
        .iter()
        .map(|m| (m.id.0, hash(&keys::external(m.channel, &m.external_id))))
        .collect();
    encode_entry(&records)
}

/// Writes a batch's log entry in its transaction.
pub(super) fn write(tree: &TransactionalTree, entry: &Option<([u8; 8], Vec<u8>)>) -> TxResult<()> {
    if let Some((key, value)) = entry {
        tree.insert(key, value.as_slice())?;
    }
    Ok(())
}

fn records(value: &[u8]) -> Option<impl Iterator<Item = (u64, u64)> + '_> {
    value.len().is_multiple_of(RECORD).then(|| {
        value.chunks_exact(RECORD).map(|r| {
            let word = |at: usize| {
                let mut b = [0; 8];
                b.copy_from_slice(&r[at..at + 8]);
                u64::from_be_bytes(b)
            };
            (word(0), word(8))
        })
    })
}

impl Store {
    /// The message stored under this channel + external key, if any.
    pub(super) fn stored_external(&self, ext_key: &[u8]) -> Result<Option<Message>, StoreError> {
        for id in self.dedup_candidates(hash(ext_key))? {
            if let Some(m) = self.get(id)?
                && keys::external(m.channel, &m.external_id) == ext_key
            {
                return Ok(Some(m));
            }
        }
        Ok(None)
    }

    fn dedup_candidates(&self, h: u64) -> Result<Vec<MessageId>, StoreError> {
        let mut table = self
            .dedup
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if table.is_none() {
            *table = Some(self.read_dedup_log()?);
        }
        Ok(table.as_ref().map(|t| t.candidates(h)).unwrap_or_default())
    }

    /// Files a committed batch's new messages in the table (when it is read: else the log,
    /// which has them, is read at the first lookup).
    pub(super) fn dedup_added(&self, entry: &Option<([u8; 8], Vec<u8>)>) {
        let mut table = self
            .dedup
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let (Some(table), Some((_, value))) = (table.as_mut(), entry) {
            for (h, id) in records(value).into_iter().flatten() {
                table.add(h, MessageId(id));
            }
        }
    }

    fn read_dedup_log(&self) -> Result<DedupTable, StoreError> {
        let mut table = DedupTable::default();
        for value in self.dedup_log.iter().values() {
            let value = value.map_err(|e| self.io(e))?;
            let found =
                records(&value).ok_or_else(|| self.corrupt("a dedup index entry is truncated"))?;
            for (h, id) in found {
                table.file_unsorted(h, id);
            }
        }
        table.sort();
        tracing::debug!(keys = table.len(), "dedup index read");
        Ok(table)
    }

    /// Moves the dedup index of an older store into the log, then drops it: `external` (an
    /// entry per message, schema 1) or `dedup` (hashed buckets, schemas 2 and 3). Once, on
    /// first open; an interrupted move starts again at the next.
    pub(super) fn migrate_dedup_index(&self) -> Result<(), StoreError> {
        let per_message = self.retired_tree("external")?;
        let buckets = self.retired_tree("dedup")?;
        if per_message.is_none() && buckets.is_none() {
            return Ok(());
        }
        let mut found: Vec<(u64, u64)> = Vec::new();
        if let Some(old) = &per_message {
            for entry in old.iter() {
                let (ext_key, raw) = entry.map_err(|e| self.io(e))?;
                let id = keys::id_from(&raw)
                    .ok_or_else(|| self.corrupt("an external-id index entry is truncated"))?;
                found.push((id.0, hash(&ext_key)));
            }
        }
        if let Some(old) = &buckets {
            for bucket in old.iter().values() {
                let bucket = bucket.map_err(|e| self.io(e))?;
                for (ext_key, id) in bucket_entries(&bucket)
                    .ok_or_else(|| self.corrupt("a dedup bucket is truncated"))?
                {
                    found.push((id.0, hash(ext_key)));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        self.dedup_log.clear().map_err(|e| self.io(e))?;
        for (key, value) in found.chunks(256).filter_map(encode_entry) {
            self.dedup_log.insert(key, value).map_err(|e| self.io(e))?;
        }
        if per_message.is_some() {
            self.retire("external")?;
        }
        if buckets.is_some() {
            self.retire("dedup")?;
        }
        *self
            .dedup
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        Ok(())
    }
}

/// The entries of a bucket of schemas 2 and 3: a 4-byte length, the key, the id, repeated.
/// None when it is truncated.
fn bucket_entries(mut rest: &[u8]) -> Option<Vec<(&[u8], MessageId)>> {
    let mut out = Vec::new();
    while !rest.is_empty() {
        let len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let key = rest.get(4..4 + len)?;
        let id = keys::id_from(rest.get(4 + len..4 + len + 8)?)?;
        out.push((key, id));
        rest = &rest[4 + len + 8..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(entries: &[(&[u8], u64)]) -> Vec<u8> {
        let mut b = Vec::new();
        for (key, id) in entries {
            b.extend_from_slice(&(key.len() as u32).to_be_bytes());
            b.extend_from_slice(key);
            b.extend_from_slice(&id.to_be_bytes());
        }
        b
    }

    #[test]
    fn an_older_bucket_reads_back_every_entry_and_a_truncated_one_is_refused() {
        let b = bucket(&[
            (b"mastodon\x00111", 1),
            (b"bluesky\x00at://x/post/2", 2),
            (b"", 3),
        ]);
        let entries = bucket_entries(&b).unwrap();
        assert_eq!(
            entries,
            vec![
                (&b"mastodon\x00111"[..], MessageId(1)),
                (&b"bluesky\x00at://x/post/2"[..], MessageId(2)),
                (&b""[..], MessageId(3)),
            ]
        );
        assert_eq!(bucket_entries(&b[..b.len() - 1]), None);
    }

    #[test]
    fn the_table_finds_every_id_under_its_hash_before_and_after_merging() {
        // Hashes that differ in their top 32 bits (the part the table keeps).
        let [h3, h4, h5, h7, h9] = [3u64, 4, 5, 7, 9].map(|n| n << 32);
        let mut table = DedupTable::from_records(vec![(h7, 1), (h3, 2), (h7 | 1, 3)]);
        table.add(h5, MessageId(4));
        table.add(h7, MessageId(5));
        table.add(h9, MessageId(u64::from(u32::MAX) + 1));
        let ids = |t: &DedupTable, h| t.candidates(h).into_iter().map(|m| m.0).collect::<Vec<_>>();
        assert_eq!(ids(&table, h7), vec![1, 3, 5], "the low bits are not kept");
        table.merge();
        assert_eq!(ids(&table, h7), vec![1, 3, 5]);
        assert_eq!(ids(&table, h3), vec![2]);
        assert_eq!(ids(&table, h5), vec![4]);
        assert_eq!(
            ids(&table, h9),
            vec![u64::from(u32::MAX) + 1],
            "a wide id is kept too"
        );
        assert!(ids(&table, h4).is_empty());
        assert_eq!(table.len(), 6);
        assert!(table.packed.is_sorted());
    }

    proptest::proptest! {
        /// Whatever is filed, read or added, merged or not: each hash gives exactly the ids
        /// filed under its top half.
        #[test]
        fn the_table_answers_as_a_list_would(
            read in proptest::collection::vec((0u64..8, 1u64..1_000), 0..40),
            added in proptest::collection::vec((0u64..8, 1u64..1_000, proptest::bool::ANY), 0..40),
        ) {
            let spread = |h: u64| h << 32 | h;
            let mut table = DedupTable::from_records(read.iter().map(|&(h, id)| (spread(h), id)));
            let mut all: Vec<(u64, u64)> = read.clone();
            for &(h, id, merge_now) in &added {
                table.add(spread(h), MessageId(id));
                all.push((h, id));
                if merge_now {
                    table.merge();
                }
            }
            proptest::prop_assert!(table.packed.is_sorted());
            for h in 0..8 {
                let mut got: Vec<u64> = table.candidates(spread(h)).into_iter().map(|m| m.0).collect();
                let mut want: Vec<u64> = all.iter().filter(|e| e.0 == h).map(|e| e.1).collect();
                got.sort_unstable();
                want.sort_unstable();
                want.dedup();
                got.dedup();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }
}
