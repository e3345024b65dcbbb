//! The views: a sidebar column on wide terminals, a line of tabs on narrow ones.

use super::Theme;
use crate::app::{State, View};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub(super) fn draw_column(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::RIGHT | Borders::TOP)
        .title(" Views ")
        .border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = state
        .views()
        .into_iter()
        .enumerate()
        .map(|(i, view)| {
            let (all, waiting) = state.view_counts(view);
            let marker = if view == state.view { "▶" } else { " " };
            let count = if state.view_counts_all(view) {
                all
            } else {
                waiting
            };
            let title =
                crate::text::truncate_to_width(&crate::text::sanitize(state.view_title(view)), 14);
            let text = format!(
                "{marker}{} {}{:>4}",
                view_key(state, i, view),
                pad(&title, 14),
                super::thread::compact_count(count as u64)
            );
            let style = if view == state.view {
                theme.selected()
            } else {
                Default::default()
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

pub(super) fn draw_tabs(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    for (i, view) in state.views().into_iter().enumerate() {
        let (all, waiting) = state.view_counts(view);
        let count = if state.view_counts_all(view) {
            all
        } else {
            waiting
        };
        let text = format!(
            "{}{} {} ",
            view_key(state, i, view),
            crate::text::sanitize(&state.view_short(view)),
            super::thread::compact_count(count as u64)
        );
        let style = if view == state.view {
            theme.selected()
        } else {
            theme.dim()
        };
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The key that selects the view at `index`: 1–9, then 0; past ten, a saved view's own key
/// (or none), and M and U for the team's.
fn view_key(state: &State, index: usize, view: View) -> String {
    match (index, view) {
        (0..=9, _) => char::from(b'0' + ((index + 1) % 10) as u8).to_string(),
        (_, View::Mine) => "M".into(),
        (_, View::Unassigned) => "U".into(),
        _ => state
            .views
            .get(index)
            .and_then(|d| d.key.as_ref())
            .map(|k| k.label())
            .filter(|label| label.chars().count() == 1)
            .unwrap_or_else(|| " ".into()),
    }
}

/// Pads to `width` display cells.
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}
