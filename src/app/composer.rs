//! The reply composer: a multi-line editor bound to the message being answered.

use crate::model::MessageId;
use tui_textarea::TextArea;

pub struct Composer {
    pub message: MessageId,
    pub editor: TextArea<'static>,
    /// Changed since the draft was last saved.
    pub dirty: bool,
}

impl Composer {
    pub fn new(message: MessageId, draft: Option<&str>) -> Composer {
        let lines: Vec<String> = draft.unwrap_or("").split('\n').map(String::from).collect();
        let mut editor = TextArea::new(lines);
        editor.move_cursor(tui_textarea::CursorMove::Bottom);
        editor.move_cursor(tui_textarea::CursorMove::End);
        Composer {
            message,
            editor,
            dirty: false,
        }
    }

    /// Applies a key: the editor's own bindings, plus Ctrl-Z / Ctrl-Y for undo and redo as
    /// most editors have them.
    pub fn edit(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::{KeyCode, KeyModifiers};
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let changed = match key.code {
            KeyCode::Char('z') if ctrl => self.editor.undo(),
            KeyCode::Char('y') if ctrl => self.editor.redo(),
            _ => self.editor.input(key),
        };
        self.dirty |= changed;
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }
}
