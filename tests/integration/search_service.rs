//! The search index as the service keeps it: fed as messages are stored, committed at most
//! once a second, and never short for a console — whether it was told of a message as a
//! change or found it in its backlog.

use std::sync::Arc;
use tokio::sync::mpsc;
use tribune::app::{Action, State};
use tribune::clock::FixedClock;
use tribune::connectors::SourceBatch;
use tribune::model::{Channel, Kind, NewMessage};
use tribune::service::Event;

use crate::support::now;
use crate::support::service as test_service;
use crate::support::service::Fed;

fn batch(id: &str, text: &str) -> SourceBatch {
    SourceBatch {
        source: "fed".into(),
        messages: vec![
            NewMessage::inbound(Channel::Mastodon, id, text, now())
                .account("@novacafe@example.social")
                .kind(Kind::Mention)
                .by("@zoe@example.org", Some(40)),
        ],
        samples: vec![],
        cursor: None,
    }
}

/// A console's state made of the events a newly attached console hears, up to the index.
fn console_of(
    events: &mut mpsc::UnboundedReceiver<Event>,
    runtime: &tokio::runtime::Runtime,
) -> State {
    let mut state = State::new(test_service::default_policies(), now(), "fed".into());
    loop {
        let event = runtime
            .block_on(events.recv())
            .expect("the service answers");
        let ready = matches!(event, Event::SearchReady(_));
        state.apply(Action::Service(event));
        if ready {
            return state;
        }
    }
}

#[test]
fn a_message_stored_just_before_a_console_attaches_is_found_by_its_first_query() {
    let dir = tempfile::tempdir().unwrap();
    let store = tribune::store::Store::open(&dir.path().join("store")).unwrap();
    let runtime = test_service::runtime();
    let (feed, batches) = mpsc::unbounded_channel();
    let mut service = tribune::service::start(
        store,
        vec![Box::new(Fed(batches))],
        Arc::new(FixedClock::at(now())),
        test_service::options(test_service::default_policies()),
        runtime.handle(),
    );
    test_service::until(&mut service, &runtime, |e| {
        matches!(e, Event::SearchReady(Ok(_)))
    });
    // Two batches back to back: the first may commit (a second has passed since the index
    // caught up), the second lands inside the next second and waits for its commit.
    feed.send(batch("1", "the espresso machine leaks")).unwrap();
    test_service::until(&mut service, &runtime, |e| matches!(e, Event::Changed(_)));
    feed.send(batch("2", "my zanzibar parcel never came"))
        .unwrap();
    test_service::until(&mut service, &runtime, |e| matches!(e, Event::Changed(_)));

    // A second agent attaches now: the message is in their backlog, not told as a change.
    let mut link = service.hub().attach("bob");
    let mut bob = console_of(&mut link.events, &runtime);
    assert_eq!(
        bob.search_for("zanzibar"),
        Ok(Some(1)),
        "found in the backlog"
    );
    assert_eq!(bob.search_for("espresso OR zanzibar"), Ok(Some(2)));

    // A console told of a message as a change, before the index commits it, finds it too.
    let mut carl_link = service.hub().attach("carl");
    let mut carl = console_of(&mut carl_link.events, &runtime);
    feed.send(batch("3", "zanzibar again, still waiting"))
        .unwrap();
    loop {
        let event = runtime.block_on(carl_link.events.recv()).unwrap();
        let changed = matches!(event, Event::Changed(_));
        carl.apply(Action::Service(event));
        if changed {
            break;
        }
    }
    assert_eq!(carl.search_for("zanzibar"), Ok(Some(2)), "told as a change");
    drop((link, carl_link));
    service.shutdown();
}
