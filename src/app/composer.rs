//! The reply composer: a multi-line editor (tui-textarea: word and line movement, undo and
//! redo) bound to the message being answered. Left, Right, Backspace and Delete move over
//! whole graphemes, so an emoji sequence or an accent written as a combining mark is never
//! split.

use crate::model::MessageId;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_textarea::{CursorMove, TextArea};
use unicode_segmentation::UnicodeSegmentation;

/// What the composer writes: a reply to the customer, or a note for the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    Reply,
    Note,
}

pub struct Composer {
    pub message: MessageId,
    pub writing: Writing,
    pub editor: TextArea<'static>,
    /// Changed since the draft was last saved.
    pub dirty: bool,
    /// How far the agent had read the conversation when the reply was started.
    pub seen: Option<crate::service::Seen>,
    /// Sent privately to the comment's author (Facebook's private reply), not under it.
    pub private: bool,
}

impl Composer {
    pub fn new(message: MessageId, draft: Option<&str>) -> Composer {
        let lines: Vec<String> = draft.unwrap_or("").split('\n').map(String::from).collect();
        let mut editor = TextArea::new(lines);
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        Composer {
            message,
            writing: Writing::Reply,
            editor,
            dirty: false,
            seen: None,
            private: false,
        }
    }

    /// A composer for an internal note on `message`'s conversation.
    pub fn note(message: MessageId) -> Composer {
        Composer {
            writing: Writing::Note,
            ..Composer::new(message, None)
        }
    }

    /// Applies a key: the editor's own bindings, grapheme-wise character moves and deletes,
    /// and Ctrl-Z / Ctrl-Y for undo and redo as most editors have them.
    pub fn edit(&mut self, key: KeyEvent) {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let plain = !ctrl && !alt;
        let changed = match key.code {
            KeyCode::Char('z') if ctrl => self.editor.undo(),
            KeyCode::Char('y') if ctrl => self.editor.redo(),
            KeyCode::Left if plain => self.step(CursorMove::Back, self.grapheme_before()),
            KeyCode::Right if plain => self.step(CursorMove::Forward, self.grapheme_after()),
            KeyCode::Backspace if plain => match self.grapheme_before() {
                0 => self.editor.delete_char(),
                n => {
                    self.step(CursorMove::Back, n);
                    self.editor.delete_str(n)
                }
            },
            KeyCode::Delete if plain => match self.grapheme_after() {
                0 => self.editor.delete_next_char(),
                n => self.editor.delete_str(n),
            },
            _ => self.editor.input(key),
        };
        self.dirty |= changed;
    }

    /// Moves `chars` times (at least once, so line ends are crossed); changes nothing.
    fn step(&mut self, m: CursorMove, chars: usize) -> bool {
        for _ in 0..chars.max(1) {
            self.editor.move_cursor(m);
        }
        false
    }

    /// Code points in the grapheme before the cursor on its line (0 at the line start).
    fn grapheme_before(&self) -> usize {
        let (row, col) = self.editor.cursor();
        let line = &self.editor.lines()[row];
        let head: String = line.chars().take(col).collect();
        head.graphemes(true)
            .next_back()
            .map_or(0, |g| g.chars().count())
    }

    /// Code points in the grapheme after the cursor (0 at the line end).
    fn grapheme_after(&self) -> usize {
        let (row, col) = self.editor.cursor();
        let line = &self.editor.lines()[row];
        let tail: String = line.chars().skip(col).collect();
        tail.graphemes(true).next().map_or(0, |g| g.chars().count())
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(text: &str) -> Composer {
        let mut c = Composer::new(MessageId(1), None);
        for ch in text.chars() {
            c.edit(key(if ch == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(ch)
            }));
        }
        c
    }

    #[test]
    fn backspace_removes_a_whole_emoji_sequence_or_accented_letter() {
        let mut c = typed("Merci 👩‍👩‍👧");
        c.edit(key(KeyCode::Backspace));
        assert_eq!(c.text(), "Merci ");
        let mut c = typed("cafe\u{301}");
        c.edit(key(KeyCode::Backspace));
        assert_eq!(c.text(), "caf");
        let mut c = typed("🇧🇪 ok");
        for _ in 0..3 {
            c.edit(key(KeyCode::Left));
        }
        c.edit(key(KeyCode::Backspace));
        assert_eq!(
            c.text(),
            " ok",
            "the flag is one grapheme of two code points"
        );
    }

    #[test]
    fn arrows_step_over_graphemes_and_delete_takes_the_next_one() {
        let mut c = typed("東京👍🏽x");
        c.edit(key(KeyCode::Home));
        c.edit(key(KeyCode::Right));
        c.edit(key(KeyCode::Right));
        c.edit(key(KeyCode::Delete));
        assert_eq!(c.text(), "東京x", "the thumb and its skin tone go together");
        c.edit(key(KeyCode::Left));
        assert_eq!(c.editor.cursor(), (0, 1));
    }

    #[test]
    fn words_lines_undo_and_redo_work_on_mixed_scripts() {
        let mut c = typed("Bonjour مرحبا hello\nsecond line");
        c.edit(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
        c.edit(key(KeyCode::Home));
        c.edit(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL));
        let (row, col) = c.editor.cursor();
        assert_eq!(row, 0);
        assert!(col > 0 && col <= 8, "moved one word: {col}");
        c.edit(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        assert_eq!(c.text(), "Bonjour مرحبا hello\nsecond lin");
        c.edit(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::CONTROL));
        assert_eq!(c.text(), "Bonjour مرحبا hello\nsecond line");
        assert!(c.dirty);
    }

    #[test]
    fn a_large_paste_is_kept_whole() {
        let mut c = Composer::new(MessageId(1), None);
        let big = "ligne avec émoji 😀 et 東京\n".repeat(2_000);
        c.editor.insert_str(&big);
        assert_eq!(c.text(), big);
    }
}
