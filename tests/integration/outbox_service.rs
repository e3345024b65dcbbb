//! The outbox through the service, with a scripted network: the undo window, retries with
//! backoff after a temporary failure, a permanent refusal shown with its reason, and the sent
//! reply recorded as the conversation's outbound message.

use jiff::SignedDuration;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tribune::clock::FixedClock;
use tribune::connectors::post::{PostError, PostFuture, PostRequest, Posted, Poster};
use tribune::model::{Channel, Kind, NewMessage};
use tribune::service::{self, Command, Event};
use tribune::store::{OutboxState, Store};

/// Answers each post with the next scripted result and remembers the requests.
struct Scripted {
    answers: Mutex<VecDeque<Result<Posted, PostError>>>,
    seen: Mutex<Vec<PostRequest>>,
}

impl Poster for Scripted {
    fn post(&self, request: PostRequest) -> PostFuture {
        self.seen.lock().unwrap().push(request);
        let answer = self
            .answers
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Err(PostError {
                reason: "no more scripted answers".into(),
                retryable: false,
            }));
        Box::pin(async move { answer })
    }
}

use crate::support::now as at;

struct Setup {
    _dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    handle: service::ServiceHandle,
    clock: FixedClock,
    poster: Arc<Scripted>,
    id: tribune::model::MessageId,
}

fn setup(undo: SignedDuration, answers: Vec<Result<Posted, PostError>>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    let inbound = NewMessage::inbound(Channel::Mastodon, "109", "Where is my order?", at())
        .account("@novacafe@example.social")
        .kind(Kind::Mention)
        .by("@ana@example.org", None);
    let tribune::store::Inserted::New { message, .. } = store.insert(inbound, None).unwrap() else {
        panic!()
    };
    let runtime = crate::support::service::runtime();
    let clock = FixedClock::at(at());
    let poster = Arc::new(Scripted {
        answers: Mutex::new(answers.into()),
        seen: Mutex::new(Vec::new()),
    });
    let mut posters: std::collections::HashMap<Channel, Arc<dyn Poster>> = Default::default();
    posters.insert(Channel::Mastodon, poster.clone());
    let options = service::Options {
        posters,
        undo_window: undo,
        ..crate::support::service::options(crate::support::service::default_policies())
    };
    let handle = crate::support::service::start(store, Arc::new(clock.clone()), options, &runtime);
    let mut s = Setup {
        _dir: dir,
        runtime,
        handle,
        clock,
        poster,
        id: message.id,
    };
    assert!(matches!(s.next(), Event::Loaded { .. }));
    s
}

impl Setup {
    /// The next event, past the people records the service sends after loading.
    fn next(&mut self) -> Event {
        loop {
            match self.runtime.block_on(self.handle.console.events.recv()) {
                Some(Event::People { .. } | Event::Tagged(_) | Event::Incidents(_)) => continue,
                Some(e) => return e,
                None => panic!("an event"),
            }
        }
    }

    /// The next outbox change, skipping other events.
    fn next_outbox(&mut self) -> tribune::store::OutboxEntry {
        loop {
            if let Event::Outbox(e) = self.next() {
                return *e;
            }
        }
    }
}

fn posted(id: &str) -> Result<Posted, PostError> {
    Ok(Posted {
        external_id: id.into(),
        url: None,
        created_at: None,
    })
}

#[test]
fn a_reply_can_be_undone_within_the_window_and_its_text_comes_back() {
    let mut s = setup(SignedDuration::from_secs(5), vec![posted("200")]);
    s.handle.send(Command::SendReply {
        id: s.id,
        text: "It left this morning 📦".into(),
        seen: None,
        private: false,
    });
    let queued = s.next_outbox();
    assert!(matches!(queued.state, OutboxState::Queued { .. }));
    s.handle.send(Command::CancelReply { outbox: queued.id });
    let mut restored = None;
    let mut cancelled = false;
    while restored.is_none() || !cancelled {
        match s.next() {
            Event::DraftRestored { text, .. } => restored = Some(text),
            Event::Outbox(e) => cancelled = e.state == OutboxState::Cancelled,
            _ => {}
        }
    }
    assert_eq!(restored.as_deref(), Some("It left this morning 📦"));
    // Past the window nothing is sent.
    s.clock.advance(SignedDuration::from_secs(60));
    s.handle.send(Command::LoadConversation { id: s.id });
    let Event::Conversation(c) = s.next() else {
        panic!()
    };
    assert_eq!(c.messages.len(), 1, "no reply was recorded");
    assert!(
        s.poster.seen.lock().unwrap().is_empty(),
        "nothing reached the network"
    );
    s.handle.shutdown();
}

#[test]
fn a_temporary_failure_is_retried_with_the_same_key_then_recorded_once() {
    let unavailable = Err(PostError {
        reason: "Mastodon answered 503 Service Unavailable".into(),
        retryable: true,
    });
    let mut s = setup(
        SignedDuration::ZERO,
        vec![unavailable, posted("117020583245459824")],
    );
    s.handle.send(Command::SendReply {
        id: s.id,
        text: "Sorry Ana, it ships today.".into(),
        seen: None,
        private: false,
    });
    // Queued, sending, then back in the queue with the reason and a backoff.
    let retry = loop {
        let e = s.next_outbox();
        if e.last_error.is_some() {
            break e;
        }
    };
    assert!(matches!(retry.state, OutboxState::Queued { .. }));
    assert!(
        retry.last_error.as_deref().unwrap().contains("503"),
        "{retry:?}"
    );
    s.clock.advance(SignedDuration::from_secs(3));
    let sent = loop {
        let e = s.next_outbox();
        if matches!(e.state, OutboxState::Sent { .. }) {
            break e;
        }
    };
    assert_eq!(sent.attempts, 2);
    let seen = s.poster.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].idempotency_key, seen[1].idempotency_key);
    assert_eq!(seen[0].in_reply_to, "109");
    s.handle.send(Command::LoadConversation { id: s.id });
    let c = loop {
        if let Event::Conversation(c) = s.next() {
            break c;
        }
    };
    let reply = c
        .messages
        .iter()
        .find(|m| !m.is_inbound())
        .expect("the reply is in the thread");
    assert_eq!(reply.external_id, "117020583245459824");
    assert_eq!(reply.author.name.as_deref(), Some("ana"));
    assert!(c.messages[0].answered_at.is_some(), "the countdown stopped");
    s.handle.shutdown();
}

#[test]
fn a_refusal_is_shown_with_the_reason_and_not_retried() {
    let refused = Err(PostError {
        reason: "Mastodon refused the reply: Text character limit of 500 exceeded".into(),
        retryable: false,
    });
    let mut s = setup(SignedDuration::ZERO, vec![refused]);
    s.handle.send(Command::SendReply {
        id: s.id,
        text: "x".into(),
        seen: None,
        private: false,
    });
    let failed = loop {
        let e = s.next_outbox();
        if let OutboxState::Failed { .. } = e.state {
            break e;
        }
    };
    assert_eq!(
        failed.state,
        OutboxState::Failed {
            reason: "Mastodon refused the reply: Text character limit of 500 exceeded".into()
        }
    );
    s.clock.advance(SignedDuration::from_secs(600));
    s.handle.send(Command::LoadConversation { id: s.id });
    while !matches!(s.next(), Event::Conversation(_)) {}
    assert_eq!(s.poster.seen.lock().unwrap().len(), 1);
    s.handle.shutdown();
}
