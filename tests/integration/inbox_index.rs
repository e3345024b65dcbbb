//! The console's compact index of the inbox agrees with the store: after random sequences of
//! new messages, replies, status changes and restarts (each reopening on the summaries the
//! store keeps), every view lists exactly the messages a plain scan of the store would, in the
//! same urgency order, with the same counts — both as a default view and as a saved view of
//! the same query found the general way.

use jiff::SignedDuration;
use proptest::prelude::*;
use tribune::app::{Action, State, View, ViewDef, urgency_key};
use tribune::config::ViewConfig;
use tribune::model::{Channel, Direction, Kind, Message, NewMessage, Status};
use tribune::service::Event;
use tribune::sla::Policies;
use tribune::store::{Inserted, Store};

use crate::support::now;

#[derive(Debug, Clone)]
enum Op {
    Inbound {
        channel: usize,
        kind: usize,
        minutes_ago: i64,
        angry: bool,
    },
    /// The brand answers the n-th inbound message stored so far.
    Reply(usize),
    /// The n-th inbound message gets a status.
    Status(usize, usize),
    /// A busy hour: hundreds of messages at once, so that views outgrow what is made ahead.
    Many(usize),
    /// The console quits and opens again on the same store.
    Restart,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..5usize, 0..5usize, 0..4000i64, any::<bool>()).prop_map(
            |(channel, kind, minutes_ago, angry)| Op::Inbound { channel, kind, minutes_ago, angry }
        ),
        2 => (0..50usize).prop_map(Op::Reply),
        2 => (0..50usize, 0..6usize).prop_map(|(n, s)| Op::Status(n, s)),
        1 => Just(Op::Restart),
        1 => (200..450usize).prop_map(Op::Many),
    ]
}

fn policies() -> Policies {
    crate::support::screen::paris_policies()
}

/// A console opened as the service opens it: on the summaries the store keeps, with no
/// message read in full (their order, counts and countdowns come from the summaries alone).
/// After the ten default views come ten saved views of the same queries, which are found as
/// any saved view is (`View::Custom`), not the defaults' own way.
fn console(store: &Store) -> State {
    let mut state = State::new(policies(), now(), "test".into());
    let copies: Vec<ViewConfig> = ViewDef::defaults()
        .into_iter()
        .map(|d| ViewConfig {
            name: format!("{} again", d.name),
            query: d.text,
            key: None,
            count: None,
        })
        .collect();
    state.views = ViewDef::with_config(&copies);
    let summaries = tribune::ingest::summaries(store).unwrap();
    state.apply(Action::Service(Event::Loaded {
        inbox: tribune::service::Backlog::summaries(summaries),
        drafts: vec![],
        outbox: vec![],
        assigned: vec![],
        changes: 0,
    }));
    state
}

/// Stores a message as ingest does (tagged) and tells the console as the service does.
fn store_and_tell(store: &Store, state: &mut State, new: NewMessage) {
    let sentiment = (new.direction == Direction::Inbound)
        .then(|| tribune::sentiment::tag(&new.text, new.rating, new.lang.as_deref()));
    if let Inserted::New { message, answered } = store.insert(new, sentiment).unwrap() {
        let mut changed = vec![*message];
        changed.extend(answered);
        state.apply(Action::Service(Event::Changed(changed)));
    }
}

/// What a view holds, by a plain scan of the store.
fn scanned(
    messages: &[Message],
    view: View,
    policies: &Policies,
) -> Vec<tribune::model::MessageId> {
    let mut rows: Vec<_> = messages
        .iter()
        .filter_map(|m| {
            let c = policies.countdown(m, now());
            view.contains(m, c.as_ref())
                .then(|| (urgency_key(m, c.as_ref()), m.id))
        })
        .collect();
    rows.sort();
    rows.into_iter().map(|(_, id)| id).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_view_agrees_with_a_scan_of_the_store(ops in prop::collection::vec(op(), 1..60)) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("store")).unwrap();
        let mut state = console(&store);
        let mut inbound: Vec<(Channel, String)> = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            match op {
                Op::Inbound { channel, kind, minutes_ago, angry } => {
                    let channel = Channel::ALL[*channel];
                    let kind = Kind::ALL[*kind];
                    let external_id = format!("in-{i}");
                    inbound.push((channel, external_id.clone()));
                    let text = if *angry { "Terrible, I want a refund" } else { "Lovely coffee, thanks" };
                    let at = now() - SignedDuration::from_mins(*minutes_ago);
                    store_and_tell(&store, &mut state, NewMessage::inbound(channel, &external_id, text, at)
                        .kind(kind)
                        .by(&format!("@a{i}"), Some(i as u64 * 37))
                        .rating((kind == Kind::Review).then_some(if *angry { 1 } else { 5 }))
                        .lang("en"));
                }
                Op::Reply(n) if !inbound.is_empty() => {
                    let (channel, parent) = inbound[n % inbound.len()].clone();
                    let at = now() - SignedDuration::from_mins(1);
                    store_and_tell(&store, &mut state, NewMessage::outbound(channel, &format!("re-{i}"), &parent, "Sorry about that", at)
                        .named("sam")
                        .lang("en"));
                }
                Op::Status(n, s) if !inbound.is_empty() => {
                    let (channel, ext) = &inbound[n % inbound.len()];
                    let id = store.find_external(*channel, ext).unwrap().unwrap().id;
                    if let Some(m) = store.set_status(id, Status::ALL[*s]).unwrap() {
                        state.apply(Action::Service(Event::Changed(vec![m])));
                    }
                }
                Op::Many(count) => {
                    let batch: Vec<_> = (0..*count)
                        .map(|k| {
                            let text = if k % 3 == 0 { "Awful, refund me" } else { "Fine" };
                            let at = now() - SignedDuration::from_mins((k as i64 * 7) % 5000);
                            let new = NewMessage::inbound(Channel::ALL[k % 5], &format!("many-{i}-{k}"), text, at)
                                .kind(Kind::ALL[k % 4])
                                .by(&format!("@m{k}"), None)
                                .lang("en");
                            let tag = tribune::sentiment::tag(&new.text, None, Some("en"));
                            (new, Some(tag))
                        })
                        .collect();
                    let stored: Vec<Message> = store
                        .insert_batch(batch)
                        .unwrap()
                        .into_iter()
                        .filter_map(|r| match r {
                            Inserted::New { message, .. } => Some(*message),
                            Inserted::Duplicate(_) => None,
                        })
                        .collect();
                    state.apply(Action::Service(Event::Changed(stored)));
                }
                Op::Restart => state = console(&store),
                _ => {}
            }
        }
        let messages = store.all_messages().unwrap();
        let policies = policies();
        for (i, view) in View::all().into_iter().enumerate() {
            state.apply(Action::SelectView(i));
            let expected = scanned(&messages, view, &policies);
            // The rows made so far begin the view; their total is the view's; the last row
            // makes them all.
            let made = state.inbox.as_slice().to_vec();
            prop_assert_eq!(state.inbox.total(), expected.len(), "total of {:?}", view);
            prop_assert_eq!(&made[..], &expected[..made.len()], "rows of {:?}", view);
            state.apply(Action::Bottom);
            prop_assert_eq!(state.inbox.as_slice(), &expected[..], "all rows of {:?}", view);
            state.apply(Action::Top);
            let waiting = expected
                .iter()
                .filter(|id| messages.iter().any(|m| m.id == **id && m.awaits_reply()))
                .count();
            prop_assert_eq!(state.view_counts(view), (expected.len(), waiting), "counts of {:?}", view);

            // The same query as a saved view.
            let copy = i + View::all().len();
            prop_assert_eq!(state.views()[copy], View::Custom(copy));
            state.apply(Action::SelectView(copy));
            state.apply(Action::Tick(state.now));
            state.apply(Action::Bottom);
            prop_assert_eq!(state.inbox.as_slice(), &expected[..], "rows of {:?} as a saved view", view);
            prop_assert_eq!(state.view_counts(View::Custom(copy)), (expected.len(), waiting), "counts of {:?} as a saved view", view);
            state.apply(Action::Top);
        }
        prop_assert_eq!(state.pulse().inbound, messages.iter().filter(|m| m.is_inbound()).count());
        // The store's own summaries agree with its messages.
        let summaries = store.summaries().unwrap();
        let expected: Vec<_> = messages.iter().filter(|m| m.is_inbound()).map(Message::summary).collect();
        prop_assert_eq!(summaries, expected);
    }
}
