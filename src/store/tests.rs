//! The store: messages, threads, dedup, drafts, cursors, samples and audit kept across
//! reopening, and stores that are not ours or are damaged refused.

use super::*;
use crate::model::{Author, Channel, Direction, Kind, Message, MessageId, NewMessage, Status};
use jiff::Timestamp;

pub(super) fn sample(
    ext: &str,
    direction: Direction,
    in_reply_to: Option<&str>,
    at: &str,
) -> NewMessage {
    NewMessage {
        channel: Channel::Mastodon,
        account: "@brand@example.social".into(),
        external_id: ext.into(),
        kind: Kind::Mention,
        direction,
        author: Author {
            handle: "@ana@example.org".into(),
            name: Some("Ana".into()),
            followers: Some(1200),
        },
        text: "Ma commande n'est jamais arrivée…".into(),
        created_at: at.parse::<Timestamp>().unwrap(),
        rating: None,
        in_reply_to: in_reply_to.map(String::from),
        url: None,
        lang: Some("fr".into()),
    }
}

#[test]
fn a_message_round_trips_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = Store::open(dir.path()).unwrap();
        let Inserted::New { message, .. } = store
            .insert(
                sample("1", Direction::Inbound, None, "2026-11-20T09:15:00Z"),
                None,
            )
            .unwrap()
        else {
            panic!("first insert must be new")
        };
        store.flush().unwrap();
        message.id
    };
    let store = Store::open(dir.path()).unwrap();
    let m = store.get(id).unwrap().unwrap();
    assert_eq!(m.text, "Ma commande n'est jamais arrivée…");
    assert_eq!(m.status, Status::New);
    assert_eq!(m.conversation, id);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn the_same_external_id_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let first = store
        .insert(
            sample("42", Direction::Inbound, None, "2026-11-20T09:15:00Z"),
            None,
        )
        .unwrap();
    let again = store
        .insert(
            sample("42", Direction::Inbound, None, "2026-11-20T09:15:00Z"),
            None,
        )
        .unwrap();
    let Inserted::New { message, .. } = first else {
        panic!()
    };
    assert_eq!(again, Inserted::Duplicate(message.id));
    assert_eq!(store.message_count(), 1);
    // Another channel may reuse the id.
    let mut other = sample("42", Direction::Inbound, None, "2026-11-20T09:15:00Z");
    other.channel = Channel::Bluesky;
    assert!(matches!(
        store.insert(other.clone(), None).unwrap(),
        Inserted::New { .. }
    ));
    // After a restart, the index read back from disk knows both.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    let again = sample("42", Direction::Inbound, None, "2026-11-20T09:15:00Z");
    assert_eq!(
        store.insert(again, None).unwrap(),
        Inserted::Duplicate(message.id)
    );
    assert!(matches!(
        store.insert(other, None).unwrap(),
        Inserted::Duplicate(_)
    ));
    assert_eq!(store.message_count(), 2);
}

#[test]
fn two_keys_sharing_a_hash_are_never_taken_for_one_another() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at = "2026-11-20T09:15:00Z";
    let Inserted::New { message: first, .. } = store
        .insert(sample("1", Direction::Inbound, None, at), None)
        .unwrap()
    else {
        panic!()
    };
    // "2" filed under the first message's id, as if both keys hashed alike.
    let key = keys::external(Channel::Mastodon, "2");
    store
        .dedup
        .lock()
        .unwrap()
        .as_mut()
        .expect("read at the first insert")
        .file_as_if_colliding(&key, first.id);
    let second = store
        .insert(sample("2", Direction::Inbound, None, at), None)
        .unwrap();
    assert!(matches!(second, Inserted::New { .. }), "{second:?}");
    assert_eq!(store.message_count(), 2);
    assert_eq!(
        store
            .find_external(Channel::Mastodon, "2")
            .unwrap()
            .map(|m| m.external_id),
        Some("2".to_string())
    );
}

#[test]
fn a_second_opener_gets_a_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Store::open(dir.path()).unwrap();
    let err = Store::open(dir.path())
        .err()
        .expect("second open must fail");
    assert!(matches!(err, StoreError::Locked(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains(&dir.path().display().to_string()), "{text}");
    assert!(text.contains("already open"), "{text}");
}

#[test]
fn a_directory_of_other_files_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::NotAStore(_)), "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        names.len(),
        1,
        "nothing may be created beside the user's file"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_foreign_sled_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    {
        let db = sled::open(dir.path()).unwrap();
        db.insert("someone", "else").unwrap();
        db.flush().unwrap();
    }
    let files = |dir: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut all: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        all.sort();
        all
    };
    let before = files(dir.path());
    let err = Store::open(dir.path()).err().unwrap();
    assert!(matches!(err, StoreError::NotAStore(_)), "{err}");
    assert!(
        files(dir.path()) == before,
        "someone else's database is left as it was"
    );
}

#[test]
fn a_damaged_store_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .insert(
                sample("1", Direction::Inbound, None, "2026-11-20T09:15:00Z"),
                None,
            )
            .unwrap();
        store.flush().unwrap();
    }
    let db_file = dir.path().join("db");
    let mut bytes = std::fs::read(&db_file).unwrap();
    for b in bytes.iter_mut() {
        *b = 0xAB;
    }
    std::fs::write(&db_file, &bytes).unwrap();
    let err = Store::open(dir.path())
        .err()
        .expect("a damaged store must not open");
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::Io { .. } | StoreError::NotAStore(_)
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&db_file).unwrap(),
        bytes,
        "the damaged file is left as it was"
    );
}

#[test]
fn drafts_cursors_samples_and_audit_persist() {
    let dir = tempfile::tempdir().unwrap();
    let at: Timestamp = "2026-11-20T09:15:00Z".parse().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store
            .save_draft(
                MessageId(7),
                "sam",
                &Draft {
                    text: "Bonjour Ana,\nnous".into(),
                    updated_at: at,
                },
            )
            .unwrap();
        store.set_cursor("demo", "abc").unwrap();
        store
            .add_samples(&[crate::model::MetricSample {
                channel: Channel::Bluesky,
                metric: crate::model::Metric::Followers,
                value: 1234.0,
                at,
            }])
            .unwrap();
        store
            .record(&AuditEntry {
                at,
                agent: "sam".into(),
                action: "reply".into(),
                message: Some(MessageId(7)),
                detail: String::new(),
            })
            .unwrap();
        store.flush().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.draft(MessageId(7), "sam").unwrap().unwrap().text,
        "Bonjour Ana,\nnous"
    );
    assert_eq!(store.drafted_messages("sam").unwrap(), vec![MessageId(7)]);
    // Each agent has their own drafts.
    assert_eq!(store.draft(MessageId(7), "ana").unwrap(), None);
    assert!(store.drafted_messages("ana").unwrap().is_empty());
    assert_eq!(store.cursor("demo").unwrap().as_deref(), Some("abc"));
    let s = store
        .latest_sample(Channel::Bluesky, crate::model::Metric::Followers)
        .unwrap()
        .unwrap();
    assert_eq!((s.value, s.at), (1234.0, at));
    assert_eq!(store.audit_log().unwrap()[0].agent, "sam");
}

/// Everything a store holds about its messages, as comparable data: the messages, each
/// thread as the thread index gives it, the summaries, and the orphans still waiting.
type Contents = (
    Vec<Message>,
    Vec<Vec<MessageId>>,
    Vec<crate::summary::Summary>,
    Vec<Vec<u8>>,
);

fn contents(store: &Store) -> Contents {
    let messages = store.all_messages().unwrap();
    let threads = messages
        .iter()
        .map(|m| store.conversation_ids(m.conversation).unwrap())
        .collect();
    let summaries = store.summaries().unwrap();
    let orphans = store
        .orphans
        .iter()
        .keys()
        .map(|k| k.unwrap().to_vec())
        .collect();
    (messages, threads, summaries, orphans)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Threads arriving in any order, with duplicates and replies of the brand, split into
    /// batches anywhere: the store ends the same as when each message is stored alone.
    #[test]
    fn a_batch_stores_exactly_what_one_at_a_time_does(
        picks in proptest::collection::vec((0u8..24, 0u8..24, proptest::bool::ANY, 0u32..600), 1..60),
        cuts in proptest::collection::vec(0usize..60, 0..6),
    ) {
        let messages: Vec<NewMessage> = picks
            .iter()
            .map(|(ext, parent, outbound, minutes)| {
                let direction = if *outbound { Direction::Outbound } else { Direction::Inbound };
                // Parents have smaller ids, so threads have no cycles.
                let reply_to = (*parent < *ext && *parent % 3 != 0).then(|| parent.to_string());
                let at = Timestamp::from_second(1_790_000_000 + *minutes as i64 * 60).unwrap();
                let mut m = sample(&ext.to_string(), direction, reply_to.as_deref(), "2026-11-20T09:00:00Z");
                m.created_at = at;
                m
            })
            .collect();
        let alone_dir = tempfile::tempdir().unwrap();
        let alone = Store::open(alone_dir.path()).unwrap();
        for m in &messages {
            alone.insert(m.clone(), None).unwrap();
        }
        let batched_dir = tempfile::tempdir().unwrap();
        let batched = Store::open(batched_dir.path()).unwrap();
        let mut cuts: Vec<usize> = cuts.into_iter().filter(|c| *c < messages.len()).collect();
        cuts.push(messages.len());
        cuts.sort_unstable();
        let mut from = 0;
        for to in cuts {
            let batch = messages[from..to].iter().map(|m| (m.clone(), None)).collect();
            batched.insert_batch(batch).unwrap();
            from = to;
        }
        proptest::prop_assert_eq!(contents(&alone), contents(&batched));
        // And each thread read back is exactly the messages that name it, in time order
        // (whether the thread index has an entry for it or, alone, none).
        let all = batched.all_messages().unwrap();
        for m in &all {
            let mut expected: Vec<&Message> =
                all.iter().filter(|o| o.conversation == m.conversation).collect();
            expected.sort_by_key(|o| (o.created_at, o.id));
            let expected: Vec<MessageId> = expected.iter().map(|o| o.id).collect();
            let read: Vec<MessageId> = batched
                .conversation(m.conversation)
                .unwrap()
                .messages
                .iter()
                .map(|o| o.id)
                .collect();
            proptest::prop_assert_eq!(read, expected);
        }
    }
}

#[test]
fn old_readings_are_compacted_and_periods_start_with_the_reading_in_force() {
    use crate::model::{Metric, MetricSample};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let now: Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
    // A reading every 30 minutes over five days.
    let readings: Vec<MetricSample> = (0..240)
        .map(|i| MetricSample {
            channel: Channel::Facebook,
            metric: Metric::Reach,
            value: i as f64,
            at: now - jiff::SignedDuration::from_mins(30 * (240 - i)),
        })
        .collect();
    store.add_samples(&readings).unwrap();
    // Three days older than 48 h: 144 readings become 72 hourly means.
    assert_eq!(store.compact_samples(now).unwrap(), 72);
    assert_eq!(store.compact_samples(now).unwrap(), 0, "idempotent");
    let kept = store
        .samples(Channel::Facebook, Metric::Reach, Timestamp::MIN)
        .unwrap();
    assert_eq!(kept.len(), 72 + 96);
    assert_eq!(kept[0].value, 0.5);

    let since = now - jiff::SignedDuration::from_hours(24);
    let r = store.readings_since(since).unwrap();
    assert_eq!(r.len(), 1);
    let series = &r[&(Channel::Facebook, Metric::Reach)];
    // The reading in force at `since` (the last before it), then the 48 within the day.
    assert!(series[0].at < since);
    assert_eq!(series.len(), 49);
    drop(store);
    let reopened = Store::open(dir.path()).unwrap();
    assert_eq!(
        reopened
            .samples(Channel::Facebook, Metric::Reach, Timestamp::MIN)
            .unwrap()
            .len(),
        168
    );
}

#[test]
fn an_outbox_entry_stored_before_private_replies_reads_as_a_public_one() {
    // The entry as a tribune before private replies wrote it: the same fields, one fewer.
    #[derive(serde::Serialize)]
    struct Before {
        id: OutboxId,
        message: MessageId,
        text: String,
        idempotency_key: String,
        agent: String,
        #[serde(with = "crate::time_serde")]
        created_at: Timestamp,
        state: OutboxState,
        attempts: u32,
        last_error: Option<String>,
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let at: Timestamp = "2026-11-20T09:15:00Z".parse().unwrap();
    let old = Before {
        id: OutboxId(3),
        message: MessageId(7),
        text: "Bonjour".into(),
        idempotency_key: "k".into(),
        agent: "sam".into(),
        created_at: at,
        state: OutboxState::Queued { send_after: at },
        attempts: 1,
        last_error: None,
    };
    store
        .outbox
        .insert(3u64.to_be_bytes(), super::codec::encode(&old))
        .unwrap();
    let read = store.outbox_entry(OutboxId(3)).unwrap().unwrap();
    assert_eq!(
        (read.text.as_str(), read.attempts, read.private),
        ("Bonjour", 1, false)
    );
    assert_eq!(store.outbox().unwrap().len(), 1);
}
