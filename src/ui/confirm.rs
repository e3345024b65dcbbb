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
    let block = Block::default()
        .borders(Borders::ALL)
        .title(" Not sent yet: the conversation moved on ")
        .border_style(theme.alarm());
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}
