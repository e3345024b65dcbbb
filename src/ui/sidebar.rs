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
            let count = waiting_or_all(view, all, waiting) as u64;
            let text = format!(
                "{marker}{} {:<14}{:>4}",
                view_key(i),
                view.title(),
                super::thread::compact_count(count)
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
        let text = format!(
            "{}{} {} ",
            view_key(i),
            view.short(),
            super::thread::compact_count(waiting_or_all(view, all, waiting) as u64)
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

/// The key that selects the view at `index`: 1–9, then 0, then M and U for the team's.
fn view_key(index: usize) -> char {
    match index {
        0..=9 => char::from(b'0' + ((index + 1) % 10) as u8),
        10 => 'M',
        _ => 'U',
    }
}

/// Most views count what waits for a reply; All and Reviews count everything.
fn waiting_or_all(view: View, all: usize, waiting: usize) -> usize {
    match view {
        View::All | View::Reviews => all,
        _ => waiting,
    }
}
