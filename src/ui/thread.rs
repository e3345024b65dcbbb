//! The detail pane: who wrote, where, how urgent, and the whole conversation, oldest first.

use super::Theme;
use super::inbox::{countdown_cell, sentiment_symbol, status_word};
use crate::app::{Focus, State};
use crate::duration;
use crate::model::OutboxState;
use crate::model::{Direction, Message, MessageId};
use crate::sla::SlaState;
use crate::text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(m) = state.open.and_then(|id| state.shared.messages.get(&id)) else {
        return;
    };
    let title = format!(" {} · {} ", m.channel.title(), m.kind.as_str());
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.border(state.focus == Focus::Thread));
    let mut lines = header(m, state, theme);
    lines.push(Line::raw(""));
    match &state.conversation {
        Some(c) if c.id == m.conversation => {
            // Messages and the team's notes, in the order they were written.
            let mut notes = c.notes.iter().peekable();
            for msg in &c.messages {
                while let Some(n) = notes.next_if(|n| n.at <= msg.created_at) {
                    lines.extend(note(n, state, theme));
                }
                lines.extend(entry(msg, m.id, state, theme));
            }
            for n in notes {
                lines.extend(note(n, state, theme));
            }
        }
        _ => lines.extend(entry(m, m.id, state, theme)),
    }
    lines.extend(outgoing(m, state, theme));
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((state.thread_scroll, 0));
    frame.render_widget(paragraph, area);
}

fn header<'a>(m: &Message, state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let name = m.author.name.as_deref().map(sanitize).unwrap_or_default();
    let audience = m
        .author
        .followers
        .map(|f| format!(" · {} followers", compact_count(f)))
        .unwrap_or_default();
    let (countdown, style) = countdown_cell(m, state, theme);
    let timer = match (m.answered_at, countdown.is_empty()) {
        (Some(at), _) => format!(
            "answered after {}",
            duration::compact(at.duration_since(m.created_at))
        ),
        (None, false) => {
            // Which policy, and its deadline on the team's clock.
            let due = state.countdown(m).map(|c| {
                let tz = state.policies.calendar().time_zone();
                tz.to_datetime(c.deadline).strftime("%a %H:%M").to_string()
            });
            let policy = state
                .policies
                .policy_for(m)
                .map(|p| format!(" · {} policy", p.name))
                .unwrap_or_default();
            match due {
                Some(due) => format!("reply due {countdown} (by {due}{policy})"),
                None => format!("reply due {countdown}"),
            }
        }
        (None, true) => String::new(),
    };
    let rating = m
        .rating
        .map(|r| {
            format!(
                " · {}{} {r}/5",
                "★".repeat(r as usize),
                "☆".repeat(5 - r.min(5) as usize)
            )
        })
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{name} "), theme.bold()),
            Span::raw(sanitize(&m.author.handle)),
            Span::styled(audience, theme.dim()),
        ]),
        Line::from(vec![
            Span::raw(format!(
                "{} · {}{rating} · ",
                status_word(m.status),
                m.kind.as_str()
            )),
            Span::styled(timer, style),
        ]),
    ];
    if let Some(line) = sentiment_line(m, state, theme) {
        lines.push(line);
    }
    if let Some(line) = team_line(m, state, theme) {
        lines.push(line);
    }
    if let Some(url) = &m.url {
        lines.push(Line::styled(sanitize(url), theme.dim()));
    }
    lines
}

/// `assigned to ana · bob is writing a reply · carl is reading`: who else is on it.
fn team_line<'a>(m: &Message, state: &State, theme: &Theme) -> Option<Line<'a>> {
    let (looking, writing) = state.others_on(m.id);
    let mut spans = Vec::new();
    if let Some(a) = &m.assignee {
        let who = if *a == state.agent {
            "you".to_string()
        } else {
            sanitize(a)
        };
        spans.push(Span::raw(format!("assigned to {who}")));
    }
    if !writing.is_empty() {
        let names: Vec<String> = writing.iter().map(|w| sanitize(w)).collect();
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        let verb = if names.len() == 1 { "is" } else { "are" };
        spans.push(Span::styled(
            format!("✎ {} {verb} writing a reply", names.join(", ")),
            theme.notice(),
        ));
    }
    if !looking.is_empty() {
        let names: Vec<String> = looking.iter().map(|w| sanitize(w)).collect();
        if !spans.is_empty() {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(
            format!("◉ {} reading", names.join(", ")),
            theme.dim(),
        ));
    }
    (!spans.is_empty()).then(|| Line::from(spans))
}

/// `- negative −0.62 · why: "worst" −3.1, refund (complaint cue)`; an agent's label says so.
fn sentiment_line<'a>(m: &Message, state: &State, theme: &Theme) -> Option<Line<'a>> {
    let s = m.sentiment.as_ref()?;
    let symbol = sentiment_symbol(Some(s.label));
    let mut spans = vec![Span::styled(
        format!("{symbol} {}", s.label.word()),
        theme.sentiment(Some(s.label)),
    )];
    if s.by_agent {
        spans.push(Span::raw(" (set by an agent)"));
    } else {
        spans.push(Span::styled(format!(" {:+.2}", s.score), theme.dim()));
    }
    let cues = state
        .why
        .as_ref()
        .filter(|(id, _)| *id == m.id)
        .map(|(_, cues)| cues.as_slice())
        .unwrap_or_default();
    let urgency: Vec<&str> = s.urgency.names().collect();
    if !urgency.is_empty() {
        let names = urgency.join(", ").replace('_', " ");
        spans.push(Span::styled(format!(" · ! {names}"), theme.bold()));
    }
    let why = if cues.is_empty() {
        "no feeling words".to_string()
    } else {
        cues.join(", ")
    };
    let lead = if s.by_agent {
        " · tagger read: "
    } else {
        " · why: "
    };
    spans.push(Span::styled(
        format!("{lead}{}", sanitize(&why)),
        theme.dim(),
    ));
    Some(Line::from(spans))
}

fn entry<'a>(msg: &Message, focus_id: MessageId, state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let age = match duration::age(state.now.duration_since(msg.created_at)) {
        a if a == "now" => "just now".to_string(),
        a => format!("{a} ago"),
    };
    let (arrow, who, style) = match msg.direction {
        Direction::Inbound => (
            "▸",
            sanitize(msg.author.name.as_deref().unwrap_or(&msg.author.handle)),
            theme.bold(),
        ),
        Direction::Outbound => (
            "◂",
            match &msg.author.name {
                Some(agent) => format!("{} (brand · {})", sanitize(&msg.account), sanitize(agent)),
                None => format!("{} (brand)", sanitize(&msg.account)),
            },
            theme.outbound(),
        ),
    };
    let marker = if msg.id == focus_id { " ●" } else { "" };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{arrow} {who}"), style),
        Span::styled(format!(" · {age}{marker}"), theme.dim()),
    ])];
    for text_line in sanitize(&msg.text).split('\n') {
        lines.push(Line::raw(text_line.to_string()));
    }
    lines.push(Line::raw(""));
    lines
}

/// An agent's internal note, set apart from what customers see.
fn note<'a>(n: &crate::model::Note, state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let age = duration::age(state.now.duration_since(n.at));
    let mut lines = vec![Line::styled(
        format!("✎ note · {} · {age} · agents only", sanitize(&n.agent)),
        theme.sla(SlaState::Warning),
    )];
    for text_line in sanitize(&n.text).split('\n') {
        lines.push(Line::styled(format!("  {text_line}"), theme.dim()));
    }
    lines.push(Line::raw(""));
    lines
}

/// Replies of this conversation still in the outbox, or that failed: where each stands.
fn outgoing<'a>(m: &Message, state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for e in state.shared.outbox.values() {
        let in_thread = state
            .shared
            .messages
            .get(&e.message)
            .is_some_and(|t| t.conversation == m.conversation);
        if !in_thread {
            continue;
        }
        let (head, style) = match &e.state {
            OutboxState::Queued { send_after } => {
                let left = send_after.duration_since(state.now).as_secs().max(0);
                let why = e
                    .last_error
                    .as_deref()
                    .map(|r| format!(" · {}", sanitize(r)))
                    .unwrap_or_default();
                if e.attempts == 0 && e.agent == state.agent {
                    (
                        format!("◷ queued · leaves in {left}s · u undoes"),
                        theme.bold(),
                    )
                } else if e.attempts == 0 {
                    // Another agent's reply: theirs to take back.
                    (
                        format!(
                            "◷ {}'s reply, queued · leaves in {left}s",
                            sanitize(&e.agent)
                        ),
                        theme.bold(),
                    )
                } else {
                    (
                        format!("◷ retry in {left}s (attempt {}){why}", e.attempts + 1),
                        theme.sla(SlaState::Warning),
                    )
                }
            }
            OutboxState::Sending => (format!("↑ sending (attempt {})", e.attempts), theme.bold()),
            OutboxState::Failed { reason } => (
                format!("✖ not sent: {}", sanitize(reason)),
                theme.sla(SlaState::Breached),
            ),
            OutboxState::Sent { .. } | OutboxState::Cancelled => continue,
        };
        lines.push(Line::styled(head, style));
        for text_line in sanitize(&e.text).split('\n') {
            lines.push(Line::styled(text_line.to_string(), theme.dim()));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// 950, 12.4k, 1.2M: large numbers readable at a glance.
pub(super) fn compact_count(n: u64) -> String {
    match n {
        0..1_000 => n.to_string(),
        1_000..10_000 => format!("{:.1}k", n as f64 / 1e3),
        10_000..1_000_000 => format!("{}k", n / 1_000),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}
