//! Rendering snapshots at fixed sizes, with a seeded demo store and a fixed clock.

use crate::support::screen::screen;
use jiff::SignedDuration;
use tribune::app::Effect;
use tribune::app::{Action, State};
use tribune::connectors::SourceBatch;
use tribune::model::{Author, Channel, Direction, Kind, NewMessage};
use tribune::service::{Command, Event};
use tribune::store::Store;
use unicode_width::UnicodeWidthStr;

use crate::support::now;

fn hostile_message() -> NewMessage {
    NewMessage {
        channel: Channel::Bluesky,
        account: "novacafe.bsky.social".into(),
        external_id: "hostile-1".into(),
        kind: Kind::Complaint,
        direction: Direction::Inbound,
        author: Author {
            handle: "\x1b[31mmallory\x1b[0m.bsky.social".into(),
            name: Some("Mallory 東京".into()),
            followers: Some(250_000),
        },
        text: "\x1b]0;pwned\x07Refund NOW 😡😡 東京の店は最悪\x1b[2J\u{202e}reversed\tend".into(),
        created_at: now() - SignedDuration::from_mins(5),
        rating: None,
        in_reply_to: None,
        url: None,
        lang: Some("en".into()),
    }
}

/// Applies an action and answers the thread requests it makes from the store, as the
/// service would.
fn apply(state: &mut State, store: &Store, action: Action) {
    for effect in state.apply(action) {
        if let Effect::Command(Command::LoadConversation { id }) = effect {
            let conversation = store.conversation(id).unwrap();
            state.apply(Action::Service(Event::Conversation(conversation)));
        }
    }
}

/// A store with a seeded demo backlog and one hostile message, loaded into a console state.
fn seeded_state(dir: &std::path::Path) -> (State, Store) {
    let policies = crate::support::screen::paris_policies();
    crate::support::screen::seeded_console(dir, now(), policies, 60, vec![hostile_message()])
}

#[test]
fn inbox_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _store) = seeded_state(dir.path());
    insta::assert_snapshot!("inbox_80x24", screen(&state, 80, 24));
}

#[test]
fn inbox_with_open_thread_at_160x48() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded_state(dir.path());
    state.selected = state
        .inbox
        .iter()
        .position(|id| {
            state
                .shared
                .messages
                .get(id)
                .is_some_and(|m| m.answered_at.is_some())
        })
        .unwrap();
    apply(&mut state, &store, Action::Open);
    assert!(
        state
            .conversation
            .as_ref()
            .is_some_and(|c| c.messages.len() > 1),
        "a thread with replies is shown"
    );
    insta::assert_snapshot!("thread_160x48", screen(&state, 160, 48));
}

#[test]
fn hostile_text_is_neutralised_and_keeps_the_columns_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded_state(dir.path());
    let pos = state
        .inbox
        .iter()
        .position(|id| {
            state
                .shared
                .messages
                .get(id)
                .is_some_and(|m| m.external_id == "hostile-1")
        })
        .unwrap();
    state.selected = pos;
    apply(&mut state, &store, Action::Open);
    for (w, h) in [(80, 24), (160, 48)] {
        let text = screen(&state, w, h);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the screen"
        );
        assert!(!text.contains('\u{202e}'));
        assert!(!text.contains("pwned"), "the OSC title payload is dropped");
        assert!(text.contains("Refund NOW 😡😡 東京"), "{text}");
        for line in text.lines() {
            assert_eq!(line.width(), w as usize, "row width broken: {line:?}");
        }
    }
    insta::assert_snapshot!("hostile_80x24", screen(&state, 80, 24));
}

#[test]
fn help_overlay_lists_the_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, _store) = seeded_state(dir.path());
    state.apply(Action::ToggleHelp);
    let text = screen(&state, 80, 24);
    for key in ["Enter", "reply", "resolve", "j k PgDn scroll"] {
        assert!(text.contains(key), "help lacks {key}:\n{text}");
    }
    // Descriptions wider than the box wrap under themselves instead of being cut.
    let under = |words: &str| {
        text.lines()
            .any(|l| l.trim_matches(|c| c == '│' || c == ' ') == words)
    };
    assert!(under("sent)") && under("automatic"), "{text}");
    // At 80x24 the rest is pages down; at 160x48 everything shows at once.
    state.apply(Action::HelpScroll(10));
    let text = screen(&state, 80, 24);
    assert!(text.contains("search this view"), "{text}");
    state.apply(Action::HelpScroll(22));
    let text = screen(&state, 80, 24);
    for key in ["quit", "send the reply"] {
        assert!(text.contains(key), "help lacks {key}:\n{text}");
    }
    // Scrolling stops at the end: one line back shows the line above at once.
    state.apply(Action::HelpScroll(100));
    let end = screen(&state, 80, 24);
    assert!(end.contains("undo / redo"), "{end}");
    state.apply(Action::HelpScroll(-1));
    let back = screen(&state, 80, 24);
    assert_ne!(back, end, "a key up after the end moves at once");
    state.apply(Action::HelpScroll(-100));
    let text = screen(&state, 160, 48);
    assert!(!text.contains("j k PgDn scroll"), "{text}");
    for line in text.lines() {
        assert!(
            !line.contains("(within the undo") || line.contains("window)"),
            "{line}"
        );
    }
    for key in ["Enter", "dashboard", "customer profile", "send the reply"] {
        assert!(text.contains(key), "help lacks {key}:\n{text}");
    }
}

#[test]
fn sentiment_question_fits_80_columns_and_an_agent_label_reads_without_colour() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded_state(dir.path());
    let id = state.selected_id().unwrap();
    apply(&mut state, &store, Action::Open);
    state.apply(Action::AskSentiment);
    let text = screen(&state, 80, 24);
    let bar = text.lines().last().unwrap();
    assert!(
        bar.contains("+ positive · = neutral · - negative · a automatic"),
        "{bar}"
    );
    let effects = state.apply(Action::SetSentiment(Some(
        tribune::model::SentimentLabel::Neg,
    )));
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Command(Command::SetSentiment { id: target, label: Some(tribune::model::SentimentLabel::Neg) }) if *target == id
        )),
        "{effects:?}"
    );
    assert!(state.prompt.is_none());
    // As the service answers: the stored override comes back and the thread says who set it.
    let mut m = store.get(id).unwrap().unwrap();
    if let Some(s) = m.sentiment.as_mut() {
        s.label = tribune::model::SentimentLabel::Neg;
        s.by_agent = true;
    }
    state.apply(Action::Service(Event::Changed(vec![m])));
    let text = screen(&state, 160, 48);
    assert!(text.contains("- negative (set by an agent)"), "{text}");
    assert!(text.contains("tagger"), "{text}");
}

/// An inbound message written `minutes_ago` before `now()`.
fn inbound(id: &str, minutes_ago: i64, text: &str, followers: u64) -> NewMessage {
    NewMessage::inbound(
        Channel::Mastodon,
        id,
        text,
        now() - SignedDuration::from_mins(minutes_ago),
    )
    .account("@novacafe@example.social")
    .kind(Kind::Mention)
    .by(&format!("@customer{id}@example.org"), Some(followers))
    .lang("en")
}

#[test]
fn countdowns_read_without_colour_ok_warning_breached_answered() {
    // Friday 20 November 2026, 11:00 in Paris; the default policies (criticism within one
    // business hour, everything else within 24).
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    let mut reply = inbound("r1", 5, "On it, sorry about that.", 0);
    reply.direction = Direction::Outbound;
    reply.in_reply_to = Some("4".into());
    let messages = vec![
        inbound("1", 10, "The coffee was terrible today", 50),
        inbound("2", 50, "Awful service, the order is wrong", 900),
        inbound("3", 120, "Worst app ever, it crashed again", 20),
        inbound("4", 30, "Terrible, the box was crushed", 10),
        inbound("5", 60, "Do you open on Sunday?", 10),
        reply,
    ];
    tribune::ingest::ingest(
        &store,
        SourceBatch {
            source: "test".into(),
            messages,
            samples: vec![],
            cursor: None,
        },
        None,
    )
    .unwrap();
    let mut state = State::new(
        crate::support::screen::paris_policies(),
        now(),
        "test".into(),
    );
    state.colour = false;
    state.apply(Action::Service(Event::Loaded {
        inbox: tribune::service::Backlog::whole(store.all_messages().unwrap()),
        drafts: vec![],
        outbox: vec![],
        assigned: vec![],
        changes: 0,
    }));
    let text = screen(&state, 80, 24);
    let row = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no row for {needle}:\n{text}"))
            .to_string()
    };
    // 10 minutes of 60 used: on time, 50 left.
    assert!(row("coffee was terrible").starts_with("○50m"), "{text}");
    // 50 of 60 used, past the 75 % warning line.
    assert!(row("Awful service").starts_with("▲10m"), "{text}");
    // Written at 09:00 Paris, due at 10:00: an hour overdue.
    assert!(row("Worst app ever").starts_with("✖-1h00"), "{text}");
    assert!(row("box was crushed").starts_with('✓'), "{text}");
    // The most overdue first, then the warning, then by time left.
    let order: Vec<usize> = ["Worst app", "Awful service", "coffee was", "Do you open"]
        .iter()
        .map(|n| text.find(n).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    insta::assert_snapshot!("countdowns_80x24", text);
}

#[test]
fn a_new_breach_rings_the_bell_once_and_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    tribune::ingest::ingest(
        &store,
        SourceBatch {
            source: "test".into(),
            // Negative, 50 minutes into its one business hour; and one already overdue.
            messages: vec![
                inbound("1", 50, "Awful service, the order is wrong", 10),
                inbound("2", 120, "Worst app ever", 10),
            ],
            samples: vec![],
            cursor: None,
        },
        None,
    )
    .unwrap();
    let rings = |bell: bool| {
        let mut state = State::new(crate::support::screen::paris_policies(), now(), "t".into());
        state.bell_on_breach = bell;
        state.apply(Action::Service(Event::Loaded {
            inbox: tribune::service::Backlog::whole(store.all_messages().unwrap()),
            drafts: vec![],
            outbox: vec![],
            assigned: vec![],
            changes: 0,
        }));
        let mut count = 0;
        for minutes in [1, 5, 11, 12, 20] {
            let effects = state.apply(Action::Tick(now() + SignedDuration::from_mins(minutes)));
            count += effects.iter().filter(|e| matches!(e, Effect::Bell)).count();
        }
        (count, state.pulse().breached)
    };
    // Breached at +10 minutes: one ring, not one per tick, none for the old breach.
    assert_eq!(rings(true), (1, 2));
    assert_eq!(rings(false), (0, 2));
}

#[test]
fn search_filters_the_view_as_it_is_typed_and_esc_drops_it() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().unwrap();
    let (mut state, _store) = seeded_state(dir.path());
    let all = state.inbox.len();
    let key = |c| Action::SearchKey(KeyEvent::new(c, KeyModifiers::NONE));
    state.apply(Action::StartSearch);
    // Upper case and an accent the text does not have: "Refund NOW 😡😡" is still found.
    for c in "RÉFUND 😡".chars() {
        state.apply(key(KeyCode::Char(c)));
    }
    let found: Vec<&str> = state
        .inbox
        .iter()
        .map(|id| {
            state
                .shared
                .messages
                .get(id)
                .map_or("", |m| m.external_id.as_str())
        })
        .collect();
    assert_eq!(found, ["hostile-1"]);
    let text = screen(&state, 80, 24);
    assert!(text.contains("All · 1 matching “RÉFUND 😡”"), "{text}");
    assert!(
        text.lines().last().unwrap().contains("/ RÉFUND 😡"),
        "{text}"
    );
    // Enter keeps the filter and gives the keys back; Esc in the list drops it.
    state.apply(key(KeyCode::Enter));
    assert_eq!(state.inbox.len(), 1);
    assert!(
        !screen(&state, 80, 24)
            .lines()
            .last()
            .unwrap()
            .contains("/ RÉFUND")
    );
    let esc = tribune::app::action_for_key(&state, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    state.apply(esc.unwrap());
    assert_eq!(state.inbox.len(), all);
}

#[test]
fn the_selection_follows_its_message_unless_the_message_itself_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded_state(dir.path());
    state.apply(Action::MoveDown);
    state.apply(Action::MoveDown);
    let picked = state.selected_id().unwrap();
    // Resolved: it leaves the urgent head, the selection stays on row 2.
    let resolved = store
        .set_status(picked, tribune::model::Status::Resolved)
        .unwrap()
        .unwrap();
    state.apply(Action::Service(Event::Changed(vec![resolved])));
    assert_eq!(state.selected, 2);
    assert_ne!(state.selected_id(), Some(picked));
    // A complaint a week old arrives (an import, a late sync): the most overdue, it goes on
    // top; the selected message stays selected, a row lower.
    let now_selected = state.selected_id().unwrap();
    let stored = store
        .insert(
            inbound(
                "late-1",
                7 * 24 * 60,
                "Worst service ever, refund me now",
                10_000,
            ),
            Some(tribune::sentiment::tag(
                "Worst service ever, refund me now",
                None,
                Some("en"),
            )),
        )
        .unwrap();
    let tribune::store::Inserted::New { message, .. } = stored else {
        panic!("new")
    };
    state.apply(Action::Service(Event::Changed(vec![*message])));
    assert_eq!(state.selected_id(), Some(now_selected));
    assert_eq!(state.selected, 3);
}

#[test]
fn a_notice_reads_in_full_and_the_counts_come_back_after() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, _store) = seeded_state(dir.path());
    state.apply(Action::ShowBuzz);
    let sentence = "No bad buzz now: negative messages come at their usual rate.";
    for width in [80u16, 100, 120] {
        let text = screen(&state, width, 24);
        let bar = text.lines().last().unwrap();
        assert!(bar.contains(sentence), "at {width} columns: {bar:?}");
    }
    // Wide enough, the counts keep their place beside it.
    let bar = screen(&state, 120, 24).lines().last().unwrap().to_string();
    assert!(bar.contains(" waiting · "), "{bar:?}");
    // Once it fades, the counts have the bar again.
    let later = state.now + jiff::SignedDuration::from_secs(10);
    state.apply(Action::Tick(later));
    let bar = screen(&state, 80, 24).lines().last().unwrap().to_string();
    assert!(
        !bar.contains(sentence) && bar.contains(" waiting · "),
        "{bar:?}"
    );
}

#[test]
fn passing_over_rows_leaves_them_new_and_a_message_kept_in_view_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, _store) = seeded_state(dir.path());
    let status_changes = |effects: &[Effect]| -> Vec<tribune::model::MessageId> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Command(Command::SetStatus {
                    id,
                    status: tribune::model::Status::Open,
                }) => Some(*id),
                _ => None,
            })
            .collect()
    };
    let is_new = |state: &State| {
        let id = state.selected_id().unwrap();
        state.shared.messages.get(&id).unwrap().status == tribune::model::Status::New
    };
    // Enter opens the first row: it is no longer new.
    assert!(is_new(&state));
    let first = state.selected_id().unwrap();
    assert_eq!(status_changes(&state.apply(Action::Open)), vec![first]);
    state.apply(Action::Back);
    // The thread pane follows the selection down three rows: nothing is marked on the way.
    let mut passed = Vec::new();
    for _ in 0..3 {
        let effects = state.apply(Action::MoveDown);
        assert!(status_changes(&effects).is_empty(), "{effects:?}");
        passed.push(state.selected_id().unwrap());
    }
    assert!(is_new(&state), "the last row passed over is new");
    assert_eq!(state.open, passed.last().copied());
    // Kept in view a moment, the one shown counts as opened, and only it.
    let effects = state.apply(Action::Tick(state.now + SignedDuration::from_secs(1)));
    assert!(status_changes(&effects).is_empty());
    let effects = state.apply(Action::Tick(state.now + SignedDuration::from_secs(2)));
    assert_eq!(status_changes(&effects), vec![*passed.last().unwrap()]);
    let effects = state.apply(Action::Tick(state.now + SignedDuration::from_secs(5)));
    assert!(status_changes(&effects).is_empty(), "marked once");
}
