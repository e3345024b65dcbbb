//! Marking rows in the console: one by one, a range that keeps to its messages as new ones
//! arrive above it, the whole view; and what a bulk action asks before it acts.

use tribune::app::{Action, Effect, State};
use tribune::model::{Channel, Kind, NewMessage};
use tribune::service::{Change, Command, Event};

use crate::support::now;
use crate::support::screen::{paris_policies, screen, seeded_console};

fn console(dir: &std::path::Path) -> (State, tribune::store::Store) {
    seeded_console(dir, now(), paris_policies(), 60, vec![])
}

fn commands(effects: Vec<Effect>) -> Vec<Command> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::Command(c) => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn a_range_keeps_to_its_messages_and_a_bulk_change_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = console(dir.path());
    let rows = |s: &State| s.inbox.iter().copied().collect::<Vec<_>>();
    let before = rows(&state);
    // Row 1 marked alone; a range from row 20 to row 22 (among the messages that do not
    // wait, below any new urgent one).
    state.apply(Action::MoveDown);
    state.apply(Action::ToggleMark);
    for _ in 2..20 {
        state.apply(Action::MoveDown);
    }
    state.apply(Action::MarkRange);
    state.apply(Action::MoveDown);
    state.apply(Action::MoveDown);
    // A new urgent message arrives at the top while the range is drawn.
    let new = NewMessage::inbound(
        Channel::Mastodon,
        "urgent-1",
        "Refund me now, this is a scam",
        now(),
    )
    .kind(Kind::Mention)
    .by("@late@example.org", Some(10));
    let tag = tribune::sentiment::tag(&new.text, None, Some("en"));
    let tribune::store::Inserted::New { message, .. } = store.insert(new, Some(tag)).unwrap()
    else {
        panic!("new")
    };
    let id = message.id;
    state.apply(Action::Service(Event::Changed(vec![*message])));
    let at = |s: &State, id| s.inbox.iter().position(|x| *x == id).unwrap();
    assert!(
        at(&state, id) < 20,
        "the new message comes in above the range"
    );
    assert_eq!(at(&state, before[20]), 21, "which moves down a row");
    state.apply(Action::MarkRange);
    assert_eq!(state.marked_count(), 4);
    let shown = screen(&state, 120, 30);
    assert!(shown.contains("4 marked"), "{shown}");

    // Resolving asks first, with the count; no command goes until y.
    let effects = state.apply(Action::ToggleResolved);
    assert!(commands(effects).is_empty());
    assert!(screen(&state, 120, 30).contains("Resolve 4 marked messages? y yes · n no"));
    let sent = commands(state.apply(Action::ConfirmBulk(true)));
    let [Command::Change { ids, change }] = &sent[..] else {
        panic!("one change: {sent:?}")
    };
    let mut expected = vec![before[1], before[20], before[21], before[22]];
    expected.sort();
    assert_eq!(
        (ids.clone(), change.clone()),
        (expected, Change::Status(tribune::model::Status::Resolved))
    );
    assert_eq!(state.marked_count(), 0, "the marks go once acted on");

    // * marks the whole view; * again unmarks it; n answers no.
    state.apply(Action::MarkAll);
    assert_eq!(state.marked_count(), state.inbox.total());
    state.apply(Action::MarkAll);
    assert_eq!(state.marked_count(), 0);
    state.apply(Action::ToggleMark);
    state.apply(Action::ToggleResolved);
    assert!(commands(state.apply(Action::ConfirmBulk(false))).is_empty());
    assert_eq!(state.marked_count(), 1, "no keeps the marks");
    state.apply(Action::Back);
    assert_eq!(state.marked_count(), 0, "Esc drops them");
}
