//! Rendering snapshots at fixed sizes, with a seeded demo store and a fixed clock.

use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tribune::app::Effect;
use tribune::app::{Action, State};
use tribune::config::Config;
use tribune::connectors::SourceBatch;
use tribune::connectors::demo::DemoWorld;
use tribune::model::{Author, Channel, Direction, Kind, NewMessage};
use tribune::service::{Command, Event};
use tribune::sla::Policies;
use tribune::store::Store;
use unicode_width::UnicodeWidthStr;

fn now() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

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
    let store = Store::open(dir).unwrap();
    let mut world = DemoWorld::new(7, 0);
    let (mut messages, samples) = world.backlog(now(), 60, SignedDuration::from_hours(72));
    messages.push(hostile_message());
    tribune::ingest::ingest(
        &store,
        SourceBatch {
            source: "demo".into(),
            messages,
            samples,
            cursor: None,
        },
    )
    .unwrap();
    let policies = Policies::from_config(&Config::default().sla);
    let mut state = State::new(policies, now(), "demo source".into());
    state.colour = false;
    state.apply(Action::Service(Event::Loaded {
        messages: store.all_messages().unwrap(),
        drafts: vec![],
    }));
    (state, store)
}

/// The screen as text, one line per row; wide characters occupy their cells once.
fn screen(state: &State, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| tribune::ui::draw(f, state)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
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
        .position(|id| state.messages[id].answered_at.is_some())
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
        .position(|id| state.messages[id].external_id == "hostile-1")
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
    for key in ["Enter", "reply", "resolve", "quit", "send the reply"] {
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
