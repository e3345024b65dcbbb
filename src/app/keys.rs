//! Keys to actions: a key goes to the layer on top (`layers`), whose bindings (`keymap`) say
//! what it does; on a layer where keys are text (the composer, a query, a note, the picker)
//! a key no binding holds is typed.

use super::action::Action;
use super::layers::Layer;
use super::state::State;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn action_for_key(state: &State, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    // Ctrl-c quits from anywhere, whatever the keymap says.
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    let top = state.top_layer();
    state
        .keymap
        .action(top, &key)
        .or_else(|| top.takes_text().then(|| typed(top, key)).flatten())
}

/// A key no binding holds, on a layer where keys are text.
fn typed(layer: Layer, key: KeyEvent) -> Option<Action> {
    match layer {
        Layer::Composer => Some(Action::ComposerKey(key)),
        Layer::Search => Some(Action::SearchKey(key)),
        Layer::PersonNote => Some(Action::PersonNoteKey(key)),
        Layer::Picker => Some(Action::PickerKey(key)),
        Layer::Ask => Some(Action::LineAskKey(key)),
        _ => None,
    }
}
