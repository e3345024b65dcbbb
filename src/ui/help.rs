//! The `?` overlay listing every key.

use super::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

/// The keys' column: right-aligned, then two spaces.
const KEYS_WIDTH: usize = 26;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &crate::app::State, theme: &Theme) {
    let keys = state.keymap.help();
    // As wide as the longest line when the terminal allows; narrower, descriptions wrap
    // under themselves rather than being cut.
    let longest = keys.iter().map(|(_, what)| what.width()).max().unwrap_or(0);
    // (+1: the wrapper keeps a column for a cursor at the end of a line.)
    let width = area.width.min((KEYS_WIDTH + longest + 3) as u16);
    let text_width = (width as usize).saturating_sub(KEYS_WIDTH + 2).max(8);
    let mut lines: Vec<Line> = Vec::new();
    for (k, what) in keys.iter() {
        let (rows, _) = super::wrap::wrap(&[what.to_string()], (0, 0), text_width);
        for (n, row) in rows.into_iter().enumerate() {
            let key = if n == 0 { k.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("{key:>24}  "), theme.bold()),
                Span::raw(row.text.trim_end().to_string()),
            ]));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    // On a short terminal the list scrolls; the title says so.
    let fits = lines.len() as u16 + 2 <= height;
    let title = if fits {
        " Keys · Esc or ? closes "
    } else {
        " Keys · j k PgDn scroll · Esc or ? closes "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.border(true));
    let last_top = (lines.len() as u16 + 2).saturating_sub(height);
    state.help.last_top.set(last_top);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((state.help.scroll.min(last_top), 0)),
        popup,
    );
}
