//! The reply composer under the thread.

use super::Theme;
use super::wrap::wrap;
use crate::app::{Composer, Focus, State, Writing};
use crate::sla::SlaState;
use crate::text::limits::Measure;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    composer: &Composer,
    theme: &Theme,
) {
    let to = state
        .shared
        .messages
        .get(&composer.message)
        .map(|m| crate::text::sanitize(&m.author.handle))
        .unwrap_or_default();
    if composer.writing == Writing::Note {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" Note on the thread · agents only, never sent · ^s add · Esc cancel ")
            .border_style(theme.border(state.focus == Focus::Composer));
        return draw_editor(frame, area, state, composer, block, theme);
    }
    // Confirmed on disk by the service, and nothing typed since.
    let saved = if !composer.dirty && state.replying.draft_saved == Some(composer.message) {
        " · ✓ draft saved"
    } else {
        ""
    };
    // The length as the network counts it, live; past the limit it turns to an error.
    let counter = state.shared.messages.get(&composer.message).map(|m| {
        let measure = Measure::of(m.channel, &composer.text());
        let unit = measure.limit.unit.word();
        if measure.over() > 0 {
            Line::styled(
                format!(
                    " ✖ {} {unit} over {}'s {} ",
                    measure.over(),
                    m.channel.title(),
                    measure.limit.max
                ),
                theme.sla(SlaState::Breached),
            )
        } else {
            Line::raw(format!(
                " {}/{} {unit} · {} left{saved} ",
                measure.used,
                measure.limit.max,
                measure.remaining()
            ))
        }
    });
    // Instagram threads are one level deep: a reply to a reply joins its first comment.
    let lands = state
        .shared
        .messages
        .get(&composer.message)
        .filter(|m| m.channel == crate::model::Channel::Instagram && m.in_reply_to.is_some())
        .map_or("", |_| " (in its first comment's thread)");
    let private = if composer.private {
        " privately on Messenger"
    } else if state.can_reply_privately(composer.message) {
        " · ^o private"
    } else {
        ""
    };
    let window = if state.messaging_window_closed(composer.message).is_some() {
        " · past Messenger's 24 h: cannot be sent"
    } else {
        ""
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " Reply to {to}{private}{lands}{window} · ^s send · ^t template · Esc keep draft "
        ))
        .border_style(theme.border(state.focus == Focus::Composer));
    if let Some(counter) = counter {
        block = block.title_bottom(counter);
    }
    draw_editor(frame, area, state, composer, block, theme);
}

fn draw_editor(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    composer: &Composer,
    block: Block,
    theme: &Theme,
) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Soft-wrapped to the pane, the cursor placed by display width, scrolled to stay in view.
    let (rows, (cursor_row, cursor_x)) = wrap(
        composer.editor.lines(),
        composer.editor.cursor(),
        inner.width as usize,
    );
    let height = inner.height as usize;
    let top = (cursor_row + 1).saturating_sub(height);
    let focused = state.focus == Focus::Composer;
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, row)| {
            let text = crate::text::sanitize(&row.text);
            if i == cursor_row && focused {
                with_cursor(&text, cursor_x, theme)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A row with the cursor shown as a reversed cell at display column `x`.
fn with_cursor<'a>(text: &str, x: usize, theme: &Theme) -> Line<'a> {
    let mut before = String::new();
    let mut under = None;
    let mut after = String::new();
    for g in text.graphemes(true) {
        if under.is_none() && before.width() >= x {
            under = Some(g.to_string());
        } else if under.is_some() {
            after.push_str(g);
        } else {
            before.push_str(g);
        }
    }
    Line::from(vec![
        Span::raw(before),
        Span::styled(under.unwrap_or_else(|| " ".into()), theme.cursor()),
        Span::raw(after),
    ])
}
