//! The status bar: live counts that an agent sees from every screen.

use super::Theme;
use crate::app::State;
use crate::duration;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if let Some(prompt) = state.prompt {
        // A question waiting for its key takes the whole bar, so it reads at 80 columns.
        let question = match prompt {
            crate::app::Prompt::Sentiment(_) => {
                " Sentiment: + positive · = neutral · - negative · a automatic · Esc cancel"
                    .to_string()
            }
            crate::app::Prompt::Assign(_) => assign_question(state),
            crate::app::Prompt::ConfirmReply => {
                " The conversation moved on: y send anyway · n back to the draft".to_string()
            }
            crate::app::Prompt::ConfirmBulk => state.bulk_question(),
            crate::app::Prompt::Tone => {
                " Tone check: Enter sends anyway · Esc back to the draft".to_string()
            }
            crate::app::Prompt::Snooze => {
                " Snooze until: h in an hour · t tomorrow · w next week · d a date · Esc cancel"
                    .to_string()
            }
        };
        let line = Line::styled(
            crate::text::excerpt(&question, area.width as usize),
            theme.notice(),
        );
        frame.render_widget(Paragraph::new(line).style(theme.status_bar()), area);
        return;
    }
    if let Some(ask) = &state.line_ask {
        ask_line(frame, area, ask, theme);
        return;
    }
    if let Some(bar) = state.search.bar.as_ref().filter(|b| b.editing) {
        search_line(frame, area, bar, state, theme);
        return;
    }
    let p = state.pulse();
    // The age that matters most: the oldest criticism still unanswered.
    let oldest = p
        .oldest_criticism
        .map(|d| format!(" · oldest criticism {}", duration::compact(d)))
        .unwrap_or_default();
    let outgoing = state
        .shared
        .outbox
        .values()
        .filter(|e| e.is_pending())
        .count();
    let unsent = state
        .shared
        .outbox
        .values()
        .filter(|e| matches!(e.state, crate::model::OutboxState::Failed { .. }))
        .count();
    let outbox = match (outgoing, unsent) {
        (0, 0) => String::new(),
        (n, 0) => format!(" · ↑{n} out"),
        (n, f) => format!(" · ↑{n} out ✖{f} unsent"),
    };
    let counts = format!(
        " {} in · {} waiting · ▲{} warning · ✖{} breached",
        p.inbound, p.waiting, p.warning, p.breached
    );
    let width = area.width as usize;
    let mut left = format!("{counts}{oldest}{outbox} ");
    // A notice is read in full: the counts give up their tail, then their place, for the
    // few seconds it shows.
    if let Some(n) = &state.notice.text {
        let needed = n.width() + 2;
        if left.width() + needed > width {
            left = if counts.width() + 1 + needed <= width {
                format!("{counts} ")
            } else {
                String::new()
            };
        }
    }
    let used = left.width();
    let right = match &state.notice.text {
        Some(n) => format!(
            " {} ",
            crate::text::excerpt(n, width.saturating_sub(used + 2).max(10))
        ),
        None => {
            // The source's health only when there is room; the help hint always.
            let source = match state.shared.health.is_empty() {
                true => state.source.clone(),
                false => health_summary(&state.shared.health),
            };
            let source = format!(" {} ·", crate::text::excerpt(&source, 40));
            if used + source.width() + 9 <= width {
                format!("{source} ? help ")
            } else {
                " ? help ".into()
            }
        }
    };
    // Alone, a notice starts the bar; beside the counts it keeps to the right.
    let gap = match left.is_empty() {
        true => 0,
        false => width.saturating_sub(used + right.width()),
    };
    let right_style = if state.notice.text.is_some() {
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

/// The sources' health in a few words: one source in full; several as a mark each, with the
/// detail of those failing.
fn health_summary(health: &std::collections::BTreeMap<String, (bool, String)>) -> String {
    if let [(source, (ok, detail))] = health.iter().collect::<Vec<_>>()[..] {
        let mark = if *ok { ":" } else { " ✖" };
        return format!("{source}{mark} {detail}");
    }
    health
        .iter()
        .map(|(source, (ok, detail))| match ok {
            true => format!("{source} ✓"),
            false => format!("{source} ✖ {detail}"),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// "Assign to: m me · 1 ana · 2 bob · - no one": the agents numbered as the keys pick them.
fn assign_question(state: &State) -> String {
    let mut question = " Assign to: m me".to_string();
    for (n, (name, _)) in state.team.agents.iter().take(9).enumerate() {
        question.push_str(&format!(" · {} {}", n + 1, crate::text::sanitize(name)));
    }
    question.push_str(" · - no one · Esc cancel");
    question
}

/// The query being typed, and under it (when there is one) its mistake, a caret pointing at
/// where it is.
fn search_line(
    frame: &mut Frame,
    area: Rect,
    bar: &crate::app::SearchBar,
    state: &State,
    theme: &Theme,
) {
    let typed = crate::text::sanitize(bar.text.as_str());
    let hint = if let (true, Some(why)) = (bar.waiting, &state.search.unavailable) {
        format!("  {why} · Esc drops")
    } else if bar.waiting {
        // The service is still bringing the index up to the store.
        "  the search index is catching up… · Esc drops".to_string()
    } else if bar.error.is_some() {
        "  Tab completes a field · Esc drops".to_string()
    } else {
        format!(
            "  {} found · Tab completes · Enter keeps · Esc drops",
            state.inbox.total()
        )
    };
    let line = Line::from(vec![
        Span::styled(" / ", theme.bold()),
        Span::raw(typed.clone()),
        Span::styled(" ", theme.cursor()),
        Span::styled(hint, theme.dim()),
    ]);
    let mut lines = vec![line];
    if let Some(e) = &bar.error {
        // The caret sits under the character the mistake is at (the query is drawn after
        // " / ").
        let before: String = typed.chars().take(e.at).collect();
        let pad = 3 + before.width();
        // Spaces of their own: an excerpt would trim them.
        let room = (area.width as usize).saturating_sub(pad + 2);
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(pad)),
            Span::styled(
                format!("^ {}", crate::text::excerpt(&e.message, room)),
                theme.notice(),
            ),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).style(theme.status_bar()), area);
}

/// Tags, a snooze's end or an incident's answer being typed, and under it why it cannot be
/// used.
fn ask_line(frame: &mut Frame, area: Rect, ask: &crate::app::LineAsk, theme: &Theme) {
    let (label, hint) = match ask.asked {
        crate::app::Asked::Tags => (" Tags: ", "  -tag removes · Tab completes · Enter · Esc"),
        crate::app::Asked::SnoozeUntil => (
            " Snooze until: ",
            "  2h, 3d, 2026-12-03 or 2026-12-03 14:00 · Enter · Esc",
        ),
        crate::app::Asked::IncidentName => (" Incident name: ", "  Enter · Esc"),
        crate::app::Asked::IncidentQuery => (
            " Incident query: ",
            "  what finds its messages (from the spike's start) · Enter opens · Esc",
        ),
        crate::app::Asked::IncidentNote => (" Timeline: ", "  Enter adds the line · Esc"),
        crate::app::Asked::IncidentClose => (
            " Close this incident? ",
            "  Enter closes it (kept, with its report) · Esc keeps it open",
        ),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(label, theme.bold()),
        Span::raw(crate::text::sanitize(ask.input.as_str())),
        Span::styled(" ", theme.cursor()),
        Span::styled(hint, theme.dim()),
    ])];
    if let Some(e) = &ask.error {
        lines.push(Line::styled(
            format!(" {}", crate::text::excerpt(e, area.width as usize - 2)),
            theme.notice(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).style(theme.status_bar()), area);
}
