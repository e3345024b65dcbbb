//! The status bar: live counts that an agent sees from every screen.

use super::Theme;
use crate::app::State;
use crate::duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let p = state.pulse();
    let oldest = p
        .oldest_waiting
        .map(|d| format!(" · oldest {}", duration::compact(d)))
        .unwrap_or_default();
    let left = format!(
        " {} in · {} waiting · ▲{} warning · ✖{} breached{oldest} ",
        p.inbound, p.waiting, p.warning, p.breached
    );
    let right = match &state.notice {
        Some(n) => format!(" {} ", crate::text::excerpt(n, area.width as usize / 2)),
        None => format!(" {} · ? help ", crate::text::excerpt(&state.source, 40)),
    };
    let gap = (area.width as usize).saturating_sub(
        unicode_width::UnicodeWidthStr::width(left.as_str())
            + unicode_width::UnicodeWidthStr::width(right.as_str()),
    );
    let right_style = if state.notice.is_some() {
        theme.notice()
    } else {
        Default::default()
    };
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, right_style),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status_bar()), area);
}
