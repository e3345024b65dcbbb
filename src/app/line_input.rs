//! One line of text typed at its end — a search query, a note on a person, the picker's
//! filter — edited the same way everywhere: a character adds itself, Backspace takes back the
//! last grapheme whole (an emoji sequence or an accented letter, never half of one), Ctrl-w
//! the last word.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
}

impl LineInput {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Applies an editing key; says whether the text changed (other keys are the caller's).
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('w') if ctrl => {
                let kept = self.text.trim_end().len();
                let start = self.text[..kept]
                    .split_word_bound_indices()
                    .next_back()
                    .map_or(0, |(at, _)| at);
                self.text.truncate(start);
                true
            }
            KeyCode::Char(c) if !ctrl => {
                self.text.push(c);
                true
            }
            KeyCode::Backspace => {
                let last = self
                    .text
                    .grapheme_indices(true)
                    .next_back()
                    .map(|(at, _)| at);
                last.inspect(|at| self.text.truncate(*at)).is_some()
            }
            _ => false,
        }
    }
}

impl From<&str> for LineInput {
    fn from(text: &str) -> LineInput {
        LineInput { text: text.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn backspace_takes_a_whole_grapheme_and_ctrl_w_a_word() {
        let mut line = LineInput::default();
        for c in "café 👩‍👩‍👧 e\u{301}".chars() {
            line.edit(&key(KeyCode::Char(c)));
        }
        assert!(line.edit(&key(KeyCode::Backspace)));
        assert_eq!(line.as_str(), "café 👩‍👩‍👧 ");
        line.edit(&key(KeyCode::Backspace));
        line.edit(&key(KeyCode::Backspace));
        assert_eq!(line.as_str(), "café ", "the family emoji went whole");
        line.edit(&KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(line.as_str(), "");
        assert!(!line.edit(&key(KeyCode::Backspace)));
        assert!(!line.edit(&key(KeyCode::Enter)));
    }
}
