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

#[test]
fn an_older_dedup_index_moves_into_buckets_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let three_hundred = || -> Vec<_> {
        (0..300)
            .map(|i| {
                let at = "2026-11-20T09:00:00Z";
                (sample(&format!("m{i}"), Direction::Inbound, None, at), None)
            })
            .collect()
    };
    store.insert_batch(three_hundred()).unwrap();
    // As an older tribune kept it: an entry per message, no buckets.
    let old = store.db.open_tree("external").unwrap();
    for m in store.all_messages().unwrap() {
        old.insert(keys::external(m.channel, &m.external_id), &keys::id(m.id))
            .unwrap();
    }
    store.dedup.clear().unwrap();
    store
        .meta
        .insert("schema_version", &1u32.to_be_bytes())
        .unwrap();
    store.flush().unwrap();
    drop((old, store));
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    for i in [0, 150, 299] {
        let found = store
            .find_external(Channel::Mastodon, &format!("m{i}"))
            .unwrap();
        assert_eq!(found.map(|m| m.external_id), Some(format!("m{i}")));
    }
    // Stored once: the same messages again are all duplicates.
    let results = store.insert_batch(three_hundred()).unwrap();
    assert!(results.iter().all(|r| matches!(r, Inserted::Duplicate(_))));
    assert_eq!(store.message_count(), 300);
    assert!(
        !store
            .db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == b"external")
    );
}
