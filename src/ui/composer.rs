//! The reply composer under the thread.

use super::Theme;
use crate::app::{Composer, Focus, State};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, composer: &Composer, theme: &Theme) {
    let to = state
        .messages
        .get(&composer.message)
        .map(|m| crate::text::sanitize(&m.author.handle))
        .unwrap_or_default();
    let count = composer.text().chars().count();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Reply to {to} · ^s send · Esc keep draft "))
        .title_bottom(format!(" {count} chars "))
        .border_style(theme.border(state.focus == Focus::Composer));
    let mut editor = composer.editor.clone();
    editor.set_block(block);
    editor.set_cursor_line_style(Default::default());
    frame.render_widget(&editor, area);
}
