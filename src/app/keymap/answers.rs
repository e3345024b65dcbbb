//! The answers to the questions asked before acting: send a held reply or not, act on the
//! marked messages or not, send a reply despite the tone check's findings or not.

use super::defaults::bind;
use super::{Binding, Key};
use crate::app::action::Action;
use crate::app::layers::Layer::{Confirm, ConfirmBulk, Tone};
use crossterm::event::KeyCode;

pub(super) fn bindings() -> Vec<Binding> {
    use super::Help::Hidden;
    let p = Key::plain;
    let c = Key::code;
    vec![
        bind(
            Confirm,
            "send_anyway",
            &[p('y')],
            Action::AnswerHeld { send: true },
            Hidden,
        ),
        bind(
            Confirm,
            "back_to_draft",
            &[p('n'), c(KeyCode::Esc)],
            Action::AnswerHeld { send: false },
            Hidden,
        ),
        bind(
            ConfirmBulk,
            "yes",
            &[p('y')],
            Action::ConfirmBulk(true),
            Hidden,
        ),
        bind(
            ConfirmBulk,
            "no",
            &[p('n'), c(KeyCode::Esc)],
            Action::ConfirmBulk(false),
            Hidden,
        ),
        bind(
            Tone,
            "send_anyway",
            &[c(KeyCode::Enter)],
            Action::AnswerTone { send: true },
            Hidden,
        ),
        bind(
            Tone,
            "back_to_draft",
            &[c(KeyCode::Esc)],
            Action::AnswerTone { send: false },
            Hidden,
        ),
    ]
}
