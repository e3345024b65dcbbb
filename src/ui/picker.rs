//! The template picker: suggestions for the message being answered, filtered as the agent
//! types, each with the start of its text.

use super::Theme;
use crate::app::State;
use crate::templates::{Situation, situation};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(picker) = &state.replying.picker else {
        return;
    };
    let width = area.width.min(90);
    let height = area.height.min(16);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    let for_what = state
        .replying
        .composer
        .as_ref()
        .and_then(|c| state.shared.messages.get(&c.message))
        .map(|m| match situation(m) {
            Situation::Complaint => "a complaint",
            Situation::Praise => "praise",
            Situation::Question => "a question",
            Situation::General => "a message",
        })
        .unwrap_or("a message");
    let suggestions = state.suggestions();
    let mut lines = vec![
        Line::from(vec![
            Span::styled("filter: ", theme.dim()),
            Span::styled(
                format!("{}▏", crate::text::sanitize(picker.query.as_str())),
                theme.bold(),
            ),
        ]),
        Line::raw(""),
    ];
    if suggestions.is_empty() {
        lines.push(Line::styled("no template matches", theme.dim()));
    }
    let inner_width = width.saturating_sub(4) as usize;
    let rows = height.saturating_sub(5) as usize;
    let first = picker.selected.saturating_sub(rows.saturating_sub(1));
    for (i, t) in suggestions.iter().enumerate().skip(first).take(rows) {
        let marker = if i == picker.selected { "▶ " } else { "  " };
        let head = format!("{marker}[{}] {} — ", t.lang, t.name);
        let preview =
            crate::text::excerpt(&t.text, inner_width.saturating_sub(head.chars().count()));
        let style = if i == picker.selected {
            theme.selected()
        } else {
            Default::default()
        };
        lines.push(Line::from(vec![
            Span::styled(head, style.patch(theme.bold())),
            Span::styled(preview, style),
        ]));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(match state.replying.composer {
            Some(_) => format!(" Templates for {for_what} · Enter inserts · Esc closes "),
            None => format!(
                " Template for {} marked messages · Enter chooses · Esc closes ",
                state.marked_count()
            ),
        })
        .border_style(theme.border(true));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
