//! The console as it runs on a large store: opened on the summaries the service reads, with
//! messages read in full only for what the screen shows — rows, a profile, the search index —
//! each asked of a real service over a real sled store.

use std::sync::Arc;
use tribune::app::{Action, Effect, State};
use tribune::clock::FixedClock;
use tribune::service::{Command, Event, ServiceHandle};

use crate::support::now;

struct Console {
    state: State,
    /// The inbound messages stored, as the demo wrote them.
    stored: Vec<tribune::model::Message>,
    service: ServiceHandle,
    runtime: tokio::runtime::Runtime,
}

impl Console {
    /// A service over a store of `count` demo messages, and a console on what it loads.
    fn open(dir: &std::path::Path, count: u32) -> Console {
        let store = tribune::store::Store::open(&dir.join("store")).unwrap();
        let mut world = tribune::connectors::demo::DemoWorld::new(3, 0);
        let (messages, samples) =
            world.backlog(now(), count, jiff::SignedDuration::from_hours(24 * 20));
        let stored = messages
            .iter()
            .filter(|m| m.direction == tribune::model::Direction::Inbound)
            .map(|m| {
                tribune::model::Message::from_new(Default::default(), Default::default(), m.clone())
            })
            .collect();
        let batch = tribune::connectors::SourceBatch {
            source: "demo".into(),
            messages,
            samples,
            cursor: None,
        };
        tribune::ingest::ingest(&store, batch, None).unwrap();
        use crate::support::service as test_service;
        let runtime = test_service::runtime();
        let options = test_service::options(crate::support::screen::paris_policies());
        let clock = Arc::new(FixedClock::at(now()));
        let service = test_service::start(store, clock, options, &runtime);
        let mut state = State::new(
            crate::support::screen::paris_policies(),
            now(),
            "demo".into(),
        );
        state.colour = false;
        let mut console = Console {
            state,
            stored,
            service,
            runtime,
        };
        console.until(|e| matches!(e, Event::Loaded { .. }));
        // The first screen's rows, read on the console's request.
        console.until(|e| matches!(e, Event::Fetched(_)));
        console
    }

    /// Applies an action and sends the commands it gives to the service.
    fn act(&mut self, action: Action) -> Vec<Command> {
        let commands: Vec<Command> = self
            .state
            .apply(action)
            .into_iter()
            .filter_map(|e| match e {
                Effect::Command(c) => Some(c),
                _ => None,
            })
            .collect();
        for c in &commands {
            self.service.send(c.clone());
        }
        commands
    }

    /// Applies the service's events (and sends what they ask) up to the first that `wanted`
    /// recognises; returns what that one asked.
    fn until(&mut self, wanted: impl Fn(&Event) -> bool) -> Vec<Command> {
        loop {
            let event = self
                .runtime
                .block_on(self.service.console.events.recv())
                .expect("the service answers");
            let done = wanted(&event);
            let asked = self.act(Action::Service(event));
            if done {
                return asked;
            }
        }
    }

    fn screen(&self) -> String {
        crate::support::screen::screen(&self.state, 120, 30)
    }
}

#[test]
fn a_large_store_opens_on_summaries_and_reads_only_what_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Console::open(dir.path(), 3_000);
    let inbound = c.state.shared.index.read().inbound();
    assert!(inbound > 1_000, "{inbound} inbound messages");
    assert!(
        !c.state.shared.messages.is_complete() && c.state.shared.messages.len() < inbound,
        "only what the screen shows is read: {} of {inbound}",
        c.state.shared.messages.len()
    );
    let first = c.screen();
    assert!(
        !first.contains("  …"),
        "the first screen is complete:\n{first}"
    );

    // A jump to the last row: its neighbours are read, then drawn.
    let asked = c.act(Action::Bottom);
    assert!(
        asked
            .iter()
            .any(|c| matches!(c, Command::FetchMessages { ids } if !ids.is_empty())),
        "the rows around the end are asked for"
    );
    // Opened before its row is read: the thread is asked for once it is, and the message is
    // no longer new.
    let last = c.state.selected_id().unwrap();
    c.act(Action::Open);
    let asked = c.until(|e| matches!(e, Event::Fetched(_)));
    assert!(
        asked
            .iter()
            .any(|c| matches!(c, Command::LoadConversation { .. })),
        "{asked:?}"
    );
    if c.state.shared.messages.get(&last).unwrap().status == tribune::model::Status::New {
        assert!(
            asked.iter().any(|a| matches!(
                a,
                Command::SetStatus { id, status: tribune::model::Status::Open } if *id == last
            )),
            "{asked:?}"
        );
    }
    c.until(|e| matches!(e, Event::Conversation(_)));
    assert!(c.state.conversation.is_some());
    c.act(Action::Back);
    assert!(
        c.state.shared.messages.len() < inbound / 2,
        "a jump reads the rows it lands on, not those it passed: {} held",
        c.state.shared.messages.len()
    );
    let last = c.state.selected_message().expect("the last row is read");
    assert_eq!(c.state.selected, inbound - 1);
    let excerpt: String = last.text.chars().take(12).collect();
    let bottom = c.screen();
    assert!(bottom.contains(excerpt.trim()), "{excerpt:?} in\n{bottom}");

    // The author's profile counts every message of theirs in the store, not only those held.
    let author = last.author.handle.clone();
    let channel = last.channel;
    c.act(Action::ToggleProfile);
    assert!(c.screen().contains("reading all their messages"));
    c.until(|e| matches!(e, Event::Person { .. }));
    assert!(!c.screen().contains("reading all their messages"));
    let key = tribune::profile::natural_key(channel, &author);
    let theirs = c
        .stored
        .iter()
        .filter(|m| tribune::profile::natural_key(m.channel, &m.author.handle) == key)
        .count();
    let profile = &c.state.profile.as_ref().expect("a profile is open").profile;
    assert!(theirs > 1, "{author} wrote {theirs}");
    assert_eq!(profile.messages, theirs, "every message of {author}");
    let theirs_now = profile.history.last().cloned().unwrap();
    // A change elsewhere leaves the profile be; a change of theirs reads it again.
    let someone_else = c
        .state
        .shared
        .messages
        .values()
        .find(|m| {
            m.is_inbound() && tribune::profile::natural_key(m.channel, &m.author.handle) != key
        })
        .cloned()
        .unwrap();
    let asked = c.act(Action::Service(Event::Changed(vec![someone_else])));
    assert!(
        !asked
            .iter()
            .any(|a| matches!(a, Command::LoadPerson { .. }))
    );
    let asked = c.act(Action::Service(Event::Changed(vec![theirs_now])));
    assert!(
        asked
            .iter()
            .any(|a| matches!(a, Command::LoadPerson { .. }))
    );
    c.until(|e| matches!(e, Event::Person { .. }));
    c.act(Action::ToggleProfile);

    // Search: the service's on-disk index answers the words (a query typed before the
    // service has caught it up with the store runs when it has).
    c.act(Action::StartSearch);
    let mut asked = Vec::new();
    for ch in "refund".chars() {
        asked.extend(c.act(Action::SearchKey(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(ch),
        ))));
    }
    if c.state.search.index.is_none() {
        assert!(c.screen().contains("the search index is catching up"));
        asked = c.until(|e| matches!(e, Event::SearchReady(_)));
    }
    let refund = tribune::search::LeafTerms::of(&tribune::query::TextLeaf::Word("refund".into()));
    let expected = c
        .stored
        .iter()
        .filter(|m| m.is_inbound() && tribune::search::MessageTerms::of(m).holds(&refund))
        .count();
    assert!(expected > 10 && expected < inbound, "{expected} match");
    assert_eq!(c.state.inbox.total(), expected);
    if asked
        .iter()
        .any(|c| matches!(c, Command::FetchMessages { .. }))
    {
        c.until(|e| matches!(e, Event::Fetched(_)));
    }
    let shown = c.screen();
    assert!(shown.to_lowercase().contains("refund"), "{shown}");
    c.service.shutdown();
}

#[test]
fn keys_on_a_row_not_read_yet_wait_for_it_rather_than_being_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Console::open(dir.path(), 3_000);
    c.act(Action::Bottom);
    let id = c.state.selected_id().expect("a row is selected");
    assert!(
        c.state.shared.messages.get(&id).is_none(),
        "the last row is on its way"
    );
    // `d` (resolve) then `p` (profile) before it arrives: neither is lost.
    let asked = c.act(Action::ToggleResolved);
    assert!(
        !asked.iter().any(|a| matches!(a, Command::SetStatus { .. })),
        "nothing to resolve yet: {asked:?}"
    );
    c.act(Action::ToggleProfile);
    assert!(c.state.profile.is_none(), "no profile before its message");
    let asked = c.until(|e| matches!(e, Event::Fetched(read) if read.iter().any(|m| m.id == id)));
    let resolved = tribune::model::Status::Resolved;
    assert!(
        asked.iter().any(|a| matches!(
            a,
            Command::SetStatus { id: target, status } if *target == id && *status == resolved
        )),
        "resolved once read: {asked:?}"
    );
    let m = c.state.shared.messages.get(&id).unwrap();
    let key = tribune::profile::natural_key(m.channel, &m.author.handle);
    let profile = &c.state.profile.as_ref().expect("the profile opens").profile;
    assert_eq!(profile.key, key);
    c.until(|e| matches!(e, Event::Changed(changed) if changed.iter().any(|m| m.id == id)));
    assert_eq!(
        c.state.shared.messages.get(&id).map(|m| m.status),
        Some(resolved)
    );
    c.service.shutdown();
}

#[test]
fn a_search_index_that_cannot_be_opened_says_why_instead_of_waiting() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the index's folder goes: the service cannot make it.
    std::fs::write(
        tribune::search::index::dir_for(&dir.path().join("store")),
        b"not a folder",
    )
    .unwrap();
    let mut c = Console::open(dir.path(), 300);
    c.act(Action::StartSearch);
    for ch in "refund".chars() {
        c.act(Action::SearchKey(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(ch),
        )));
    }
    if c.state.search.unavailable.is_none() {
        c.until(|e| matches!(e, Event::SearchReady(_)));
    }
    let shown = c.screen();
    assert!(
        shown
            .lines()
            .last()
            .unwrap()
            .contains("Search is unavailable"),
        "{shown}"
    );
    c.service.shutdown();
}
