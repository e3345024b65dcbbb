//! The `?` overlay listing every key.

use super::Theme;
use crate::app::keys_help;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let keys = keys_help();
    let width = area.width.min(76);
    let height = (keys.len() as u16 + 4).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let lines: Vec<Line> = keys
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!("{k:>24}  "), theme.bold()),
                Span::raw(*what),
            ])
        })
        .collect();
    // On a short terminal the list scrolls; the title says so.
    let fits = keys.len() as u16 + 2 <= height;
    let title = if fits {
        " Keys · Esc or ? closes "
    } else {
        " Keys · j k PgDn scroll · Esc or ? closes "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.border(true));
    let last_top = (keys.len() as u16 + 2).saturating_sub(height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll.min(last_top), 0)),
        popup,
    );
}
