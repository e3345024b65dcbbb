//! The tone check's findings on a reply, floating over the composer: what each is, the words
//! that raised it, a suggestion; Enter sends anyway, Esc goes back to the draft.

use super::Theme;
use crate::app::State;
use crate::text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(shown) = &state.replying.tone else {
        return;
    };
    let width = area.width.min(84);
    let mut lines = Vec::new();
    for f in &shown.findings {
        // The words can come from the customer's name: untrusted text, made safe.
        let words = if f.words.is_empty() {
            String::new()
        } else {
            format!(" — {}", sanitize(&f.words.join(", ")))
        };
        lines.push(Line::from(vec![
            Span::styled(format!("• {}", f.check.title()), theme.bold()),
            Span::raw(words),
        ]));
        lines.push(Line::raw(format!("  {}", sanitize(&f.suggestion))));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Enter sends it as it is · Esc goes back to the draft",
        theme.notice(),
    ));
    let inner = width.saturating_sub(2).max(1) as usize;
    let wanted: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner).max(1))
        .sum::<usize>()
        + 2;
    let height = area.height.min(wanted as u16);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    super::confirm::float(
        frame,
        popup,
        " Before it goes: the tone check ",
        theme.notice(),
        lines,
    );
}
