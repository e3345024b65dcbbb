//! Threads: replies join their parent's conversation, in time order, whatever order they
//! arrive in, and a brand reply answers what waits in it.

use super::tests::sample;
use super::*;
use crate::model::Direction;

#[test]
fn a_reply_joins_the_thread_and_answers_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let Inserted::New { message: asked, .. } = store
        .insert(
            sample("1", Direction::Inbound, None, "2026-11-20T09:15:00Z"),
            None,
        )
        .unwrap()
    else {
        panic!()
    };
    let Inserted::New {
        message: reply,
        answered,
    } = store
        .insert(
            sample("2", Direction::Outbound, Some("1"), "2026-11-20T09:40:00Z"),
            None,
        )
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(reply.conversation, asked.id);
    assert_eq!(answered.len(), 1);
    let asked = store.get(asked.id).unwrap().unwrap();
    assert_eq!(
        asked.answered_at,
        Some("2026-11-20T09:40:00Z".parse().unwrap())
    );
    let thread = store.conversation(asked.id).unwrap();
    assert_eq!(thread.messages.len(), 2);
    assert_eq!(thread.messages[1].id, reply.id);
}

#[test]
fn a_follow_up_after_the_answer_needs_its_own_reply() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let insert = |m| match store.insert(m, None).unwrap() {
        Inserted::New { message, .. } => *message,
        Inserted::Duplicate(_) => panic!("new"),
    };
    let first = insert(sample(
        "1",
        Direction::Inbound,
        None,
        "2026-11-20T09:00:00Z",
    ));
    insert(sample(
        "2",
        Direction::Outbound,
        Some("1"),
        "2026-11-20T09:20:00Z",
    ));
    let follow_up = insert(sample(
        "3",
        Direction::Inbound,
        Some("2"),
        "2026-11-20T10:00:00Z",
    ));
    assert_eq!(follow_up.conversation, first.conversation);
    assert!(follow_up.awaits_reply(), "the thread needs a reply again");
    let first = store.get(first.id).unwrap().unwrap();
    assert_eq!(
        first.answered_at,
        Some("2026-11-20T09:20:00Z".parse().unwrap())
    );
    // The next reply answers the follow-up (10:00 → 10:45) and leaves the first as it was.
    insert(sample(
        "4",
        Direction::Outbound,
        Some("3"),
        "2026-11-20T10:45:00Z",
    ));
    let follow_up = store.get(follow_up.id).unwrap().unwrap();
    assert_eq!(
        follow_up.answered_at,
        Some("2026-11-20T10:45:00Z".parse().unwrap())
    );
    let first = store.get(first.id).unwrap().unwrap();
    assert_eq!(
        first.answered_at,
        Some("2026-11-20T09:20:00Z".parse().unwrap())
    );
}

#[test]
fn replies_stored_before_their_parent_join_its_thread_when_it_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let insert = |m| match store.insert(m, None).unwrap() {
        Inserted::New { message, .. } => *message,
        Inserted::Duplicate(_) => panic!("new"),
    };
    // Newest first, as a thread fetched from its end or an export read backwards.
    let follow_up = insert(sample(
        "3",
        Direction::Inbound,
        Some("2"),
        "2026-11-20T10:00:00Z",
    ));
    let reply = insert(sample(
        "2",
        Direction::Outbound,
        Some("1"),
        "2026-11-20T09:20:00Z",
    ));
    assert_ne!(follow_up.conversation, reply.conversation, "no parent yet");
    let root = insert(sample(
        "1",
        Direction::Inbound,
        None,
        "2026-11-20T09:00:00Z",
    ));
    let thread = store.conversation(root.conversation).unwrap();
    let ids: Vec<&str> = thread
        .messages
        .iter()
        .map(|m| m.external_id.as_str())
        .collect();
    assert_eq!(ids, ["1", "2", "3"], "one thread, in time order");
    assert_eq!(
        root.answered_at,
        Some("2026-11-20T09:20:00Z".parse().unwrap()),
        "the reply that came first answers it"
    );
    let follow_up = store.get(follow_up.id).unwrap().unwrap();
    assert!(follow_up.awaits_reply());
    // Nothing is left waiting, and a later message links as usual.
    insert(sample(
        "4",
        Direction::Outbound,
        Some("3"),
        "2026-11-20T10:30:00Z",
    ));
    assert_eq!(
        store
            .conversation(root.conversation)
            .unwrap()
            .messages
            .len(),
        4
    );
}

#[test]
fn a_message_alone_has_no_thread_entry_until_a_reply_joins_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at = "2026-11-20T09:00:00Z";
    store
        .insert(sample("1", Direction::Inbound, None, at), None)
        .unwrap();
    assert_eq!(store.threads.len(), 0, "one message: no entry");
    let root = store.all_messages().unwrap().remove(0);
    assert_eq!(
        store.conversation(root.id).unwrap().messages,
        vec![root.clone()]
    );
    // A reply written earlier than its parent (clocks differ) still sorts by time.
    store
        .insert(
            sample("2", Direction::Inbound, Some("1"), "2026-11-20T08:59:00Z"),
            None,
        )
        .unwrap();
    assert_eq!(store.threads.len(), 1);
    let ids: Vec<String> = store
        .conversation(root.id)
        .unwrap()
        .messages
        .into_iter()
        .map(|m| m.external_id)
        .collect();
    assert_eq!(ids, ["2", "1"]);
}
