//! Keys to actions. The composer takes every key but its own few.

use super::action::Action;
use super::state::{Focus, State};
use crate::model::SentimentLabel;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn action_for_key(state: &State, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if state.picker.is_some() {
        return Some(Action::PickerKey(key));
    }
    if state.focus == Focus::Composer && state.composer.is_some() {
        return Some(match key.code {
            KeyCode::Char('s') if ctrl => Action::Send,
            KeyCode::Char('t') if ctrl => Action::OpenPicker,
            KeyCode::Esc => Action::LeaveComposer,
            KeyCode::Tab => Action::SwitchPane,
            _ => Action::ComposerKey(key),
        });
    }
    if state.search.as_ref().is_some_and(|s| s.editing) {
        return Some(Action::SearchKey(key));
    }
    if state.prompt.is_some() {
        return match key.code {
            KeyCode::Char('+' | 'p') => Some(Action::SetSentiment(Some(SentimentLabel::Pos))),
            KeyCode::Char('=' | 'u' | '0') => Some(Action::SetSentiment(Some(SentimentLabel::Neu))),
            KeyCode::Char('-' | 'n') => Some(Action::SetSentiment(Some(SentimentLabel::Neg))),
            KeyCode::Char('a') => Some(Action::SetSentiment(None)),
            KeyCode::Esc | KeyCode::Char('q') => Some(Action::CancelPrompt),
            _ => None,
        };
    }
    if state.report.is_some() {
        return match key.code {
            KeyCode::Esc | KeyCode::Char('R') | KeyCode::Char('q') => Some(Action::ToggleReport),
            _ => None,
        };
    }
    if let Some(p) = state.profile.as_ref().filter(|_| !state.help) {
        if p.note.is_some() {
            return Some(Action::PersonNoteKey(key));
        }
        return match key.code {
            KeyCode::Esc | KeyCode::Char('p') | KeyCode::Char('q') => Some(Action::ToggleProfile),
            KeyCode::Char('j') | KeyCode::Down => Some(Action::ProfileScroll(1)),
            KeyCode::Char('k') | KeyCode::Up => Some(Action::ProfileScroll(-1)),
            KeyCode::PageDown => Some(Action::ProfileScroll(10)),
            KeyCode::PageUp => Some(Action::ProfileScroll(-10)),
            KeyCode::Char('v') => Some(Action::ToggleVip),
            KeyCode::Char('n') => Some(Action::StartPersonNote),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            _ => None,
        };
    }
    if state.dashboard.open && !state.help {
        let dashboard_move = |rows, measures| Some(Action::DashboardMove { rows, measures });
        return match key.code {
            KeyCode::Esc | KeyCode::Char('D') | KeyCode::Char('q') => Some(Action::ToggleDashboard),
            KeyCode::Char('p') => Some(Action::NextPeriod),
            KeyCode::Char('j') | KeyCode::Down => dashboard_move(1, 0),
            KeyCode::Char('k') | KeyCode::Up => dashboard_move(-1, 0),
            KeyCode::Char('l') | KeyCode::Right => dashboard_move(0, 1),
            KeyCode::Char('h') | KeyCode::Left => dashboard_move(0, -1),
            KeyCode::Char('w') => Some(Action::ToggleWhy),
            KeyCode::Char('b') => Some(Action::ShowBuzz),
            KeyCode::Char('?') => Some(Action::ToggleHelp),
            _ => None,
        };
    }
    if state.help {
        return match key.code {
            KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') => Some(Action::ToggleHelp),
            KeyCode::Char('j') | KeyCode::Down => Some(Action::HelpScroll(1)),
            KeyCode::Char('k') | KeyCode::Up => Some(Action::HelpScroll(-1)),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::HelpScroll(10)),
            KeyCode::PageUp => Some(Action::HelpScroll(-10)),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char('j') | KeyCode::Down => Action::MoveDown,
        KeyCode::Char('k') | KeyCode::Up => Action::MoveUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Enter => Action::Open,
        // Esc in the list drops a search first.
        KeyCode::Esc if state.focus == Focus::List && state.search.is_some() => Action::ClearSearch,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('/') => Action::StartSearch,
        KeyCode::Char('d') => Action::ToggleResolved,
        KeyCode::Char('r') => Action::Reply,
        KeyCode::Char('n') => Action::Note,
        KeyCode::Char('E') => Action::EditExternally,
        KeyCode::Char('s') => Action::AskSentiment,
        KeyCode::Char('u') => Action::UndoSend,
        KeyCode::Tab => Action::SwitchPane,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('R') => Action::ToggleReport,
        KeyCode::Char('D') => Action::ToggleDashboard,
        KeyCode::Char('b') => Action::ShowBuzz,
        KeyCode::Char('p') => Action::ToggleProfile,
        KeyCode::Char('m') => Action::MarkForLink,
        KeyCode::Char('L') => Action::LinkToMark,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char(c @ '1'..='9') => Action::SelectView(c as usize - '1' as usize),
        KeyCode::Char('0') => Action::SelectView(9),
        _ => return None,
    })
}

/// Every key, for the help overlay: (keys, what they do).
pub const HELP: &[(&str, &str)] = &[
    (
        "j k ↓ ↑",
        "move in the list (scroll the thread when it has focus)",
    ),
    ("PgDn PgUp ^d ^u", "move a page"),
    ("g G Home End", "first / last message"),
    ("Enter", "open the message and its thread"),
    ("Tab", "switch pane: list → thread → composer"),
    ("Esc", "back to the list / close this help"),
    ("r", "reply (the draft is kept if you leave)"),
    ("n", "internal note on the thread (agents only, never sent)"),
    ("E", "write the reply in $VISUAL / $EDITOR"),
    ("d", "resolve / reopen"),
    ("u", "undo the reply just sent (within the undo window)"),
    (
        "s",
        "set sentiment: + positive, = neutral, - negative, a automatic",
    ),
    (
        "1–9 0",
        "views: All, Unanswered, Criticism, Breaching, Reviews, each channel",
    ),
    ("R", "report: response times, SLA, sentiment (Esc closes)"),
    (
        "/",
        "search this view: every word, any case or accent (Esc drops it)",
    ),
    ("b", "bad buzz: the messages of the spike in progress"),
    (
        "p",
        "customer profile of the author (v VIP, n note, j k scroll)",
    ),
    (
        "m  L",
        "mark an author, then link another's to the same person",
    ),
    (
        "D",
        "dashboard: audience figures and inbox KPIs (Esc closes)",
    ),
    (
        "Dashboard: p j k h l w",
        "period 24h/7d/30d, channel, figure charted, why n/a",
    ),
    ("?", "this help"),
    ("q  ^c", "quit (drafts are saved)"),
    ("Composer: ^s", "send the reply"),
    ("Composer: Esc", "leave, keeping the draft"),
    (
        "Composer: ^t",
        "templates: type to filter, ↑↓, Enter inserts",
    ),
    ("Composer: arrows ^← ^→", "move by character, word, line"),
    ("Composer: ^z ^y", "undo / redo"),
];
