//! Sentiment through the whole path: tagged at ingest, back-filled for older stores, and an
//! agent's override stored, audited, shown as such and never overwritten by re-tagging.

use std::sync::Arc;
use tribune::clock::FixedClock;
use tribune::connectors::SourceBatch;
use tribune::model::{Channel, Direction, Kind, NewMessage, SentimentLabel};
use tribune::service::{self, Command, Event};
use tribune::store::Store;

use crate::support::now as at;

fn message(id: &str, direction: Direction, text: &str, reply_to: Option<&str>) -> NewMessage {
    let mut m = NewMessage::inbound(Channel::Mastodon, id, text, at())
        .account("@novacafe@example.social")
        .kind(Kind::Mention)
        .by("@ana@example.org", Some(120));
    m.direction = direction;
    m.in_reply_to = reply_to.map(str::to_string);
    m
}

fn batch(messages: Vec<NewMessage>) -> SourceBatch {
    SourceBatch {
        source: "test".into(),
        messages,
        samples: vec![],
        cursor: None,
    }
}

#[test]
fn inbound_messages_are_tagged_as_they_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    let result = tribune::ingest::ingest(
        &store,
        batch(vec![
            message(
                "1",
                Direction::Inbound,
                "Ma commande n'est jamais arrivée, je veux être remboursé",
                None,
            ),
            message(
                "2",
                Direction::Inbound,
                "Thanks, the new blend is delicious!",
                None,
            ),
            message(
                "3",
                Direction::Outbound,
                "Sorry Ana, a refund is on its way.",
                Some("1"),
            ),
        ]),
        None,
    )
    .unwrap();
    let stored: Vec<_> = result
        .stored
        .iter()
        .map(|m| (m.external_id.as_str(), m.sentiment.clone()))
        .collect();
    let first = stored[0].1.clone().unwrap();
    assert_eq!(first.label, SentimentLabel::Neg);
    assert!(!first.by_agent);
    let cues: Vec<_> = first.urgency.names().collect();
    assert_eq!(cues, ["refund", "not_received"]);
    assert_eq!(stored[1].1.as_ref().unwrap().label, SentimentLabel::Pos);
    assert!(stored[2].1.is_none(), "the brand's own reply is not tagged");
    // What was stored is what comes back.
    let reread = store.get(result.stored[0].id).unwrap().unwrap();
    assert_eq!(reread.sentiment, Some(first));
}

/// The next event, past the people records and who is attached, sent after loading.
fn next_event(handle: &mut service::ServiceHandle, runtime: &tokio::runtime::Runtime) -> Event {
    loop {
        match runtime.block_on(handle.console.events.recv()) {
            Some(
                Event::People { .. } | Event::Presence(_) | Event::Tagged(_) | Event::Incidents(_),
            ) => continue,
            Some(e) => return e,
            None => panic!("the service answers"),
        }
    }
}

/// The service on the store in `dir`, with no source, as agent "ana".
fn start_service(
    dir: &std::path::Path,
    runtime: &tokio::runtime::Runtime,
) -> service::ServiceHandle {
    use crate::support::service as test_service;
    let store = Store::open(&dir.join("store")).unwrap();
    let clock = Arc::new(FixedClock::at(at()));
    let options = test_service::options(test_service::default_policies());
    test_service::start(store, clock, options, runtime)
}

/// Sends an agent's label and returns the sentiment the service stored.
fn set(
    handle: &mut service::ServiceHandle,
    runtime: &tokio::runtime::Runtime,
    id: tribune::model::MessageId,
    label: Option<SentimentLabel>,
) -> tribune::model::Sentiment {
    handle.send(Command::SetSentiment { id, label });
    // Whatever else the service says meanwhile (the search index ready…), the change comes.
    loop {
        if let Event::Changed(changed) = next_event(handle, runtime) {
            return changed[0].sentiment.clone().unwrap();
        }
    }
}

#[test]
fn an_agent_override_is_kept_audited_and_survives_retagging() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = crate::support::service::runtime();
    let id = {
        let store = Store::open(&dir.path().join("store")).unwrap();
        // Stored untagged, as by a tribune from before tagging.
        let old = store
            .insert(
                message(
                    "9",
                    Direction::Inbound,
                    "Worst coffee ever, I want a refund",
                    None,
                ),
                None,
            )
            .unwrap();
        let tribune::store::Inserted::New { message, .. } = old else {
            panic!()
        };
        store.forget_summaries().unwrap();
        message.id
    };
    let mut handle = start_service(dir.path(), &runtime);
    let Event::Loaded { inbox, .. } = next_event(&mut handle, &runtime) else {
        panic!("loaded first")
    };
    let service::Backlog::Summaries(summaries) = inbox else {
        panic!("the service sends summaries")
    };
    let summary = summaries.iter().find(|s| s.id == id).unwrap();
    assert_eq!(
        (summary.sentiment, summary.urgent),
        (Some(SentimentLabel::Neg), true),
        "older messages are tagged and summarised when the service starts"
    );

    let s = set(&mut handle, &runtime, id, Some(SentimentLabel::Neu));
    assert_eq!((s.label, s.by_agent), (SentimentLabel::Neu, true));
    assert!(
        s.urgency.contains(tribune::sentiment::Urgency::REFUND),
        "cues stay beside a neutral label"
    );
    let s = set(&mut handle, &runtime, id, Some(SentimentLabel::Pos));
    assert_eq!((s.label, s.by_agent), (SentimentLabel::Pos, true));
    assert!(
        s.urgency.is_empty(),
        "a positive message raises no complaint flag"
    );
    handle.shutdown();

    // Reopened and re-tagged: the agent's label stays, and the audit log says who set it.
    let store = Store::open(&dir.path().join("store")).unwrap();
    let mut all = store.all_messages().unwrap();
    assert_eq!(tribune::ingest::tag_untagged(&store, &mut all).unwrap(), 0);
    let m = store.get(id).unwrap().unwrap();
    assert_eq!(
        m.sentiment.as_ref().map(|s| (s.label, s.by_agent)),
        Some((SentimentLabel::Pos, true))
    );
    let audit = store.audit_log().unwrap();
    let entry = audit
        .iter()
        .rfind(|e| e.action == "sentiment")
        .expect("audited");
    assert_eq!(
        (entry.agent.as_str(), entry.detail.as_str(), entry.message),
        ("ana", "pos", Some(id))
    );
    drop(store);

    // "a" hands the message back to the tagger.
    let mut handle = start_service(dir.path(), &runtime);
    let _ = next_event(&mut handle, &runtime);
    let s = set(&mut handle, &runtime, id, None);
    assert_eq!((s.label, s.by_agent), (SentimentLabel::Neg, false));
    handle.shutdown();
}
