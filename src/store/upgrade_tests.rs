//! Stores written by older versions open in this one: their retired indexes are moved into
//! the current layout on the first open.

use super::tests::sample;
use super::*;
use crate::model::{Channel, Direction, MessageId};

#[test]
fn an_older_thread_index_moves_into_threads_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let items = vec![
        (
            sample("q", Direction::Inbound, None, "2026-11-20T09:00:00Z"),
            None,
        ),
        (
            sample("a", Direction::Outbound, Some("q"), "2026-11-20T09:30:00Z"),
            None,
        ),
        (
            sample("q2", Direction::Inbound, Some("a"), "2026-11-20T09:10:00Z"),
            None,
        ),
        (
            sample("alone", Direction::Inbound, None, "2026-11-20T10:00:00Z"),
            None,
        ),
    ];
    store.insert_batch(items).unwrap();
    let threads = |store: &Store| -> Vec<Vec<MessageId>> {
        let messages = store.all_messages().unwrap();
        messages
            .iter()
            .map(|m| store.conversation_ids(m.conversation).unwrap())
            .collect()
    };
    let expected = threads(&store);
    assert_eq!(expected[0].len(), 3, "q, then q2 (earlier than a), then a");
    // As an older tribune kept it: an entry per message, no `threads`.
    let old = store.db.open_tree("by_conversation").unwrap();
    for m in store.all_messages().unwrap() {
        old.insert(
            keys::by_conversation(m.conversation, m.created_at, m.id),
            &[],
        )
        .unwrap();
    }
    store.threads.clear().unwrap();
    store.flush().unwrap();
    drop((old, store));
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(threads(&store), expected);
    assert!(
        !store
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == b"by_conversation")
    );
}

/// Three hundred inbound messages, m0 … m299.
fn three_hundred() -> Vec<(crate::model::NewMessage, Option<crate::model::Sentiment>)> {
    (0..300)
        .map(|i| {
            let at = "2026-11-20T09:00:00Z";
            (sample(&format!("m{i}"), Direction::Inbound, None, at), None)
        })
        .collect()
}

/// Reopens a store whose dedup index was put back as an older tribune kept it (`old`, with
/// `schema`), and checks every message is still found once and only once.
fn reopened_finds_each_message_once(dir: &std::path::Path, old: &str, schema: u32) {
    let store = Store::open(dir).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    for i in [0, 150, 299] {
        let found = store
            .find_external(Channel::Mastodon, &format!("m{i}"))
            .unwrap();
        assert_eq!(found.map(|m| m.external_id), Some(format!("m{i}")), "{old}");
    }
    // Stored once: the same messages again are all duplicates.
    let results = store.insert_batch(three_hundred()).unwrap();
    assert!(
        results.iter().all(|r| matches!(r, Inserted::Duplicate(_))),
        "{old}"
    );
    assert_eq!(store.message_count(), 300);
    assert!(
        !store
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == old.as_bytes()),
        "{old} (schema {schema}) is dropped once moved"
    );
}

/// The store in `dir` made to look written by an older tribune: the dedup log emptied, the
/// schema set back.
fn as_an_older_store(store: Store, schema: u32) {
    store.dedup_log.clear().unwrap();
    store
        .meta
        .insert("schema_version", &schema.to_be_bytes())
        .unwrap();
    store.flush().unwrap();
}

#[test]
fn a_dedup_index_of_one_entry_a_message_moves_into_the_log_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.insert_batch(three_hundred()).unwrap();
    // As tribune 1 kept it: an entry per message.
    let old = store.db.open_tree("external").unwrap();
    for m in store.all_messages().unwrap() {
        old.insert(keys::external(m.channel, &m.external_id), &keys::id(m.id))
            .unwrap();
    }
    drop(old);
    as_an_older_store(store, 1);
    reopened_finds_each_message_once(dir.path(), "external", 1);
}

#[test]
fn a_dedup_index_of_hashed_buckets_moves_into_the_log_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.insert_batch(three_hundred()).unwrap();
    // As tribunes 2 and 3 kept it: 65,536 buckets by a CRC of the key, each entry a 4-byte
    // length, the key, the id.
    let old = store.db.open_tree("dedup").unwrap();
    for m in store.all_messages().unwrap() {
        let key = keys::external(m.channel, &m.external_id);
        let name = ((crc32fast::hash(&key) >> 16) as u16).to_be_bytes();
        let mut bucket = old
            .get(name)
            .unwrap()
            .map(|v| v.to_vec())
            .unwrap_or_default();
        bucket.extend_from_slice(&(key.len() as u32).to_be_bytes());
        bucket.extend_from_slice(&key);
        bucket.extend_from_slice(&keys::id(m.id));
        old.insert(name, bucket).unwrap();
    }
    drop(old);
    as_an_older_store(store, 3);
    reopened_finds_each_message_once(dir.path(), "dedup", 3);
}
