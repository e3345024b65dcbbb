//! The question asked when the service held a reply: what changed in the conversation since
//! the agent started writing, and whether to send anyway.

use super::Theme;
use crate::app::State;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(held) = &state.team.held else {
        return;
    };
    let width = area.width.min(80);
    let wanted = held.changes.len() as u16 * 2 + 6;
    let height = area.height.min(wanted.max(8));
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let mut lines = vec![Line::styled("Since you started this reply:", theme.bold())];
    // Each change quotes untrusted text: the service cut it, sanitize keeps it safe.
    lines.extend(
        held.changes
            .iter()
            .map(|c| Line::raw(format!("• {}", crate::text::sanitize(c)))),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "y sends your reply anyway · n goes back to the draft",
        theme.notice(),
    ));
    float(
        frame,
        popup,
        " Not sent yet: the conversation moved on ",
        theme.alarm(),
        lines,
    );
}

/// A question floating over the console: a bordered, wrapped paragraph on a cleared area.
pub(super) fn float(
    frame: &mut Frame,
    popup: Rect,
    title: &str,
    border: ratatui::style::Style,
    lines: Vec<Line>,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(border);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
