//! The bad-buzz banner: one loud line on every screen while a spike of negative messages is
//! in progress, saying where, since when, how far above usual and about what.

use super::Theme;
use crate::app::State;
use crate::buzz::Alert;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(alert) = state.buzz.alerts.first() else {
        return;
    };
    let text = sentence(alert, state);
    frame.render_widget(
        Paragraph::new(Line::raw(crate::text::truncate_to_width(
            &text,
            area.width as usize,
        )))
        .style(theme.alarm()),
        area,
    );
}

/// `⚠ BAD BUZZ on Instagram since 14:05 (6m): 23 negative in 2m, usually 4.1 · mouldy ×10,
/// refund ×8 · b lists them`
pub(super) fn sentence(alert: &Alert, state: &State) -> String {
    let tz = state.policies.calendar().time_zone();
    let started = tz.to_datetime(alert.spike.started);
    let lasted = crate::duration::compact(state.now.duration_since(alert.spike.started));
    let words: Vec<String> = alert
        .words
        .iter()
        .map(|(w, n)| format!("{} ×{n}", crate::text::sanitize(w)))
        .collect();
    let others = state.buzz.alerts.len() - 1;
    let mut s = format!(
        " ⚠ BAD BUZZ on {} since {:02}:{:02} ({lasted}): {} negative in {}, usually {:.1}",
        alert.place(),
        started.hour(),
        started.minute(),
        alert.spike.count,
        crate::duration::compact(state.buzz.settings.window),
        alert.spike.baseline,
    );
    if !words.is_empty() {
        s.push_str(&format!(" · {}", words.join(", ")));
    }
    if others > 0 {
        let places: Vec<&str> = state.buzz.alerts[1..].iter().map(Alert::place).collect();
        s.push_str(&format!(" · also {}", places.join(", ")));
    }
    s.push_str(" · b lists them ");
    s
}
