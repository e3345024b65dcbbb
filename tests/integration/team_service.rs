//! Several consoles on one service, as `tribune serve` runs them: each agent's actions reach
//! every console, and random interleavings of three agents working one message — replies,
//! answers to held replies, assignment, status, labels, notes, with events delivered late and
//! in bursts — leave the store, every console and the audit log in agreement, and never let
//! a reply go out over one its agent had not seen.

use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use tribune::app::{Action, Assignee, Effect, State};
use tribune::clock::FixedClock;
use tribune::model::{Channel, Kind, MessageId, NewMessage, SentimentLabel};
use tribune::service::{Command, ConsoleLink, Seen, ServiceHandle};
use tribune::store::{OutboxState, Store};

const AGENTS: [&str; 3] = ["ana", "bob", "cy"];

/// One agent's console: its state, its link to the service, and the replies it sent (the
/// text, and how far it had read when it sent without being asked).
struct Console {
    state: State,
    link: ConsoleLink,
    sent: Vec<(String, Option<Seen>)>,
    /// The changes this console has taken in.
    changes: usize,
}

impl Console {
    fn apply(&mut self, action: Action) {
        for effect in self.state.apply(action) {
            if let Effect::Command(c) = effect {
                if let Command::SendReply { text, seen, .. } = &c {
                    self.sent.push((text.clone(), *seen));
                }
                self.link.send(c);
            }
        }
    }

    /// Takes in what has arrived (at most `limit` events): events come late and in bursts.
    fn deliver(&mut self, limit: usize) -> usize {
        let mut n = 0;
        while n < limit {
            match self.link.events.try_recv() {
                Ok(e) => {
                    self.changes += usize::from(matches!(e, tribune::service::Event::Changed(_)));
                    self.apply(Action::Service(e))
                }
                Err(_) => break,
            }
            n += 1;
        }
        n
    }
}

struct Team {
    _dir: tempfile::TempDir,
    store_dir: std::path::PathBuf,
    _runtime: tokio::runtime::Runtime,
    service: Option<ServiceHandle>,
    consoles: Vec<Console>,
    id: MessageId,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let store_dir = dir.path().join("store");
        let store = Store::open(&store_dir).unwrap();
        let complaint = NewMessage::inbound(
            Channel::Mastodon,
            "109",
            "My order never arrived and nobody answers",
            crate::support::now() - jiff::SignedDuration::from_mins(20),
        )
        .account("@novacafe@example.social")
        .kind(Kind::Mention)
        .by("@paula@example.org", None);
        let tribune::store::Inserted::New { message, .. } = store.insert(complaint, None).unwrap()
        else {
            panic!("a new message")
        };
        let runtime = crate::support::service::runtime();
        let policies = crate::support::service::default_policies();
        let agents: Vec<(String, String)> = AGENTS
            .iter()
            .map(|a| (a.to_string(), a.to_uppercase()))
            .collect();
        let mut options = crate::support::service::options(policies.clone());
        options.agents = agents.clone();
        let clock = Arc::new(FixedClock::at(crate::support::now()));
        let service = crate::support::service::start(store, clock, options, &runtime);
        service.serve_only();
        // One index for all, as `tribune serve` gives its consoles.
        let index = tribune::app::SharedIndex::default();
        let consoles = AGENTS
            .iter()
            .map(|agent| {
                let link = service.hub().attach(agent);
                let mut state = State::new(policies.clone(), crate::support::now(), "test".into());
                state.agent = agent.to_string();
                state.team.agents = agents.clone();
                state.team.console = Some(link.id);
                state.shared.index = index.clone();
                Console {
                    state,
                    link,
                    sent: Vec::new(),
                    changes: 0,
                }
            })
            .collect();
        let mut team = Team {
            _dir: dir,
            store_dir,
            _runtime: runtime,
            service: Some(service),
            consoles,
            id: message.id,
        };
        team.settle();
        team
    }

    /// Waits until the service has done everything asked, and every console has taken in
    /// everything said (what a console asks on an event is done and taken in too).
    fn settle(&mut self) {
        for _ in 0..20 {
            // The service answers in order: once it answered this, all before is sent.
            let (tx, rx) = std::sync::mpsc::channel();
            self.consoles[0].link.send(Command::Server { reply: tx });
            rx.recv().unwrap();
            let taken: usize = self
                .consoles
                .iter_mut()
                .map(|c| c.deliver(usize::MAX))
                .sum();
            if taken == 0 {
                return;
            }
        }
        panic!("the consoles kept asking");
    }

    fn store(&mut self) -> Store {
        self.service.take().unwrap().shutdown();
        self.consoles.clear();
        Store::open(&self.store_dir).unwrap()
    }
}

#[derive(Debug, Clone)]
enum Step {
    /// Open the message and write a reply to it, sent at once.
    Reply,
    /// Answer a held reply, if there is one: send it anyway, or go back to the draft.
    Answer(bool),
    Assign(u8),
    Resolve,
    Label,
    Note,
    /// Take in up to this many of the events that arrived.
    Deliver(u8),
}

fn step() -> impl Strategy<Value = (usize, Step)> {
    let step = prop_oneof![
        3 => Just(Step::Reply),
        2 => any::<bool>().prop_map(Step::Answer),
        2 => (0u8..5).prop_map(Step::Assign),
        1 => Just(Step::Resolve),
        1 => Just(Step::Label),
        1 => Just(Step::Note),
        4 => (1u8..6).prop_map(Step::Deliver),
    ];
    (0..AGENTS.len(), step)
}

fn run(team: &mut Team, agent: usize, step: Step, counter: usize) {
    let c = &mut team.consoles[agent];
    // Every action starts from the list with nothing open on top.
    c.apply(Action::Back);
    match step {
        Step::Reply => {
            c.apply(Action::Open);
            c.apply(Action::Reply);
            c.apply(Action::ComposerPaste(format!(
                "reply {counter} by {}",
                AGENTS[agent]
            )));
            c.apply(Action::Send);
        }
        Step::Answer(send) => {
            if c.state.team.held.is_some() {
                c.apply(Action::AnswerHeld { send });
                // Back to the draft, the agent sends it now (having seen what changed).
                if !send {
                    c.apply(Action::Send);
                }
            }
        }
        Step::Assign(k) => {
            c.apply(Action::AskAssignee);
            c.apply(Action::AssignTo(match k {
                0 => Assignee::Me,
                1 => Assignee::Nobody,
                n => Assignee::Agent(n as usize - 2),
            }));
        }
        Step::Resolve => c.apply(Action::ToggleResolved),
        Step::Label => {
            c.apply(Action::AskSentiment);
            c.apply(Action::SetSentiment(Some(SentimentLabel::Neg)));
        }
        Step::Note => {
            c.apply(Action::Open);
            c.apply(Action::Note);
            c.apply(Action::ComposerPaste(format!("note {counter}")));
            c.apply(Action::Send);
        }
        Step::Deliver(n) => {
            c.deliver(n as usize);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn agents_interleaved_on_one_message_agree_and_never_reply_over_an_unseen_reply(
        steps in proptest::collection::vec(step(), 1..30)
    ) {
        let mut team = Team::new();
        for (n, (agent, step)) in steps.into_iter().enumerate() {
            run(&mut team, agent, step, n);
            // The shared index never goes back: it holds the message as the console that
            // took in the most changes has it, whatever the others lag behind.
            let ahead = team.consoles.iter().max_by_key(|c| c.changes).unwrap();
            let newest = ahead.state.shared.messages.get(&team.id).map(|m| m.summary());
            let indexed = ahead.state.shared.index.read().oldest_first().iter()
                .find(|s| s.id == team.id).copied();
            prop_assert_eq!(indexed, newest);
        }
        team.settle();
        let id = team.id;
        // What each console holds of the message and of assignment.
        let indexed = team.consoles[0]
            .state
            .shared
            .index
            .read()
            .oldest_first()
            .iter()
            .find(|s| s.id == id)
            .copied();
        let views: Vec<_> = team
            .consoles
            .iter()
            .map(|c| {
                let m = c.state.shared.messages.get(&id).cloned().expect("each console holds it");
                let assigned: HashMap<MessageId, String> = c.state.shared.assigned.clone();
                (m, assigned)
            })
            .collect();
        let sent: Vec<(String, Option<Seen>)> =
            team.consoles.iter().flat_map(|c| c.sent.clone()).collect();
        let store = team.store();
        let stored = store.get(id).unwrap().unwrap();
        let assignments: HashMap<MessageId, String> =
            store.assignments().unwrap().into_iter().collect();
        // The one index the consoles share holds the message as stored.
        prop_assert_eq!(indexed, Some(stored.summary()));
        for (m, assigned) in &views {
            prop_assert_eq!(m.status, stored.status);
            prop_assert_eq!(&m.assignee, &stored.assignee);
            prop_assert_eq!(m.answered_at, stored.answered_at);
            prop_assert_eq!(
                m.sentiment.as_ref().map(|s| s.label),
                stored.sentiment.as_ref().map(|s| s.label)
            );
            prop_assert_eq!(assigned, &assignments);
        }
        // The audit log names a real agent on every entry, and records each reply sent.
        let audit = store.audit_log().unwrap();
        prop_assert!(audit.iter().all(|e| AGENTS.contains(&e.agent.as_str())), "{:?}", audit);
        let replies = store
            .all_messages()
            .unwrap()
            .into_iter()
            .filter(|m| !m.is_inbound())
            .count();
        prop_assert_eq!(audit.iter().filter(|e| e.action == "reply").count(), replies);
        // No reply went out over an earlier one its agent had not seen, unless they were
        // shown it and said send anyway.
        let outbox: Vec<_> = store
            .outbox()
            .unwrap()
            .into_iter()
            .filter(|e| !matches!(e.state, OutboxState::Cancelled | OutboxState::Failed { .. }))
            .collect();
        for later in &outbox {
            // The last send of a text is the one queued (a held one may be sent again).
            let asked = sent.iter().rev().find(|(text, _)| *text == later.text);
            let Some((_, Some(seen))) = asked else { continue };
            for earlier in outbox.iter().filter(|e| e.id < later.id) {
                prop_assert!(
                    seen.outbox.is_some_and(|known| known >= earlier.id),
                    "{:?} went out over {:?}, unseen",
                    later.text,
                    earlier.text
                );
            }
        }
    }
}

#[test]
fn one_agents_change_reaches_every_console_and_a_console_that_leaves_takes_its_presence() {
    let mut team = Team::new();
    let id = team.id;
    team.consoles[0].apply(Action::Open);
    team.consoles[0].apply(Action::Reply);
    team.settle();
    // Bob and Cy see Ana reading and writing.
    for c in &team.consoles[1..] {
        assert_eq!(c.state.others_on(id), (vec![], vec!["ana"]));
    }
    // Bob starts a reply too, and is warned.
    team.consoles[1].apply(Action::Open);
    team.consoles[1].apply(Action::Reply);
    assert!(
        team.consoles[1]
            .state
            .notice
            .text
            .as_deref()
            .is_some_and(|t| t.contains("ana is already writing")),
        "{:?}",
        team.consoles[1].state.notice.text
    );
    // Ana leaves: her presence goes from the others at once.
    let ana = team.consoles.remove(0);
    drop(ana);
    team.settle();
    for c in &team.consoles {
        let (looking, writing) = c.state.others_on(id);
        assert!(!looking.contains(&"ana") && !writing.contains(&"ana"));
    }
    // Cy labels the message: Bob's console has the label.
    team.consoles[1].apply(Action::Back);
    team.consoles[1].apply(Action::AskSentiment);
    team.consoles[1].apply(Action::SetSentiment(Some(SentimentLabel::Pos)));
    team.settle();
    let label = |c: &Console| c.state.shared.messages.get(&id).unwrap().sentiment.clone();
    assert_eq!(
        label(&team.consoles[0]).map(|s| s.label),
        Some(SentimentLabel::Pos)
    );
    let store = team.store();
    let audit = store.audit_log().unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.agent == "cy" && e.action == "sentiment" && e.detail == "pos")
    );
}
