//! The customer profile screen: who the person is across channels, how often they write and
//! in which mood, their tags and the team's notes, then every message with our replies.

use super::Theme;
use crate::app::{ProfileScreen, State};
use crate::model::Message;
use crate::profile::Profile;
use crate::text::{excerpt, sanitize};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    screen: &ProfileScreen,
    theme: &Theme,
) {
    let p = &screen.profile;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " Profile · {}{} · v VIP · n note · j k scroll · Esc ",
            sanitize(&p.name),
            if screen.reading {
                " · reading all their messages…"
            } else {
                ""
            }
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut head = summary(p, state, theme, inner.width as usize);
    head.extend(notes(p, screen, theme));
    let head_height = (head.len() as u16).min(inner.height);
    let chart_height = if inner.height >= head_height + 12 {
        6
    } else {
        0
    };
    let [head_area, chart_area, history_area] = Layout::vertical([
        Constraint::Length(head_height),
        Constraint::Length(chart_height),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head), head_area);
    if chart_height > 0 {
        draw_mood(frame, chart_area, p, state, theme);
    }
    let lines = history(p, state, theme, history_area.width as usize);
    frame.render_widget(
        Paragraph::new(lines).scroll((screen.scroll, 0)),
        history_area,
    );
}

fn summary<'a>(p: &Profile, state: &State, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut name = vec![Span::styled(sanitize(&p.name), theme.bold())];
    for tag in &p.tags {
        name.push(Span::raw(" "));
        name.push(Span::styled(format!("[{}]", tag.word()), theme.notice()));
    }
    if state
        .shared
        .people
        .records
        .get(&p.key)
        .is_some_and(|r| r.muted)
    {
        name.push(Span::styled(" [muted: to spam]", theme.notice()));
    }
    let tags = tags_in(p);
    if !tags.is_empty() {
        name.push(Span::styled(format!("  {tags}"), theme.dim()));
    }
    let handles: Vec<String> = p
        .handles
        .iter()
        .map(|h| format!("{} {}", h.channel.code(), sanitize(&h.handle)))
        .collect();
    let day = |t: Option<jiff::Timestamp>| {
        t.map(|t| {
            let local = state.policies.calendar().time_zone().to_datetime(t);
            format!(
                "{} ({} ago)",
                local.date(),
                crate::duration::age(state.now.duration_since(t))
            )
        })
        .unwrap_or_else(|| "–".into())
    };
    let audience = p
        .audience
        .map(|a| format!("{} followers", crate::metrics::format::compact(a as f64)))
        .unwrap_or_else(|| "audience unknown".into());
    let mut lines = vec![Line::from(name)];
    lines.extend(handle_lines(&handles, width, theme));
    lines.extend([
        Line::raw(format!(
            "{audience} · {} message{}, {:.1} a week · {} open conversation{}",
            p.messages,
            if p.messages == 1 { "" } else { "s" },
            p.per_week,
            p.open_conversations.len(),
            if p.open_conversations.len() == 1 {
                ""
            } else {
                "s"
            }
        )),
        Line::raw(format!(
            "first contact {} · last {}",
            day(p.first_contact),
            day(p.last_contact)
        )),
        mood_line(p, theme),
    ]);
    lines
}

/// The tags on the person's messages, most used first: `#refund ×3 #delivery`.
fn tags_in(p: &Profile) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in p.history.iter().flat_map(|m| &m.tags) {
        match counts.iter_mut().find(|(x, _)| x.eq_ignore_ascii_case(t)) {
            Some((_, n)) => *n += 1,
            None => counts.push((t.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
        .iter()
        .map(|(t, n)| match n {
            1 => format!("#{}", sanitize(t)),
            n => format!("#{} ×{n}", sanitize(t)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The handles, as many lines as the width needs (a person may have one per network).
fn handle_lines<'a>(handles: &[String], width: usize, theme: &Theme) -> Vec<Line<'a>> {
    const LABEL: &str = "handles ";
    let cells = |t: &str| unicode_width::UnicodeWidthStr::width(t);
    let mut lines: Vec<Vec<Span>> = vec![vec![Span::styled(LABEL, theme.dim())]];
    let mut used = LABEL.len();
    for h in handles {
        let first_on_line = lines.last().is_some_and(|l| l.len() == 1);
        let separator = if first_on_line { "" } else { " · " };
        if !first_on_line && used + cells(separator) + cells(h) > width {
            // On the next line, under the first handle.
            lines.push(vec![Span::raw(" ".repeat(LABEL.len()))]);
            used = LABEL.len();
        }
        let separator = if lines.last().is_some_and(|l| l.len() == 1) {
            ""
        } else {
            " · "
        };
        let piece = format!("{separator}{h}");
        used += cells(&piece);
        if let Some(line) = lines.last_mut() {
            line.push(Span::styled(piece, theme.channel()));
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// The tone of each message in order, one symbol each, the latest last.
fn mood_line<'a>(p: &Profile, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled("mood ", theme.dim())];
    for (_, _, label) in p.sentiment.iter().rev().take(40).rev() {
        let symbol = super::inbox::sentiment_symbol(Some(*label));
        spans.push(Span::styled(
            symbol.to_string(),
            theme.sentiment(Some(*label)),
        ));
    }
    if p.sentiment.is_empty() {
        spans.push(Span::styled("no tagged message", theme.dim()));
    }
    Line::from(spans)
}

fn notes<'a>(p: &Profile, screen: &ProfileScreen, theme: &Theme) -> Vec<Line<'a>> {
    let mut out: Vec<Line> = p
        .notes
        .iter()
        .map(|n| {
            Line::from(vec![
                Span::styled(
                    format!(
                        "note {} {}: ",
                        n.at.strftime("%Y-%m-%d"),
                        sanitize(&n.agent)
                    ),
                    theme.dim(),
                ),
                Span::raw(sanitize(&n.text)),
            ])
        })
        .collect();
    if let Some(typing) = &screen.note {
        out.push(Line::from(vec![
            Span::styled("new note (Enter saves, Esc drops): ", theme.bold()),
            Span::raw(sanitize(typing.as_str())),
            Span::styled(" ", theme.cursor()),
        ]));
    }
    out
}

/// Sentiment score of each message over time.
fn draw_mood(frame: &mut Frame, area: Rect, p: &Profile, state: &State, theme: &Theme) {
    let Some(first) = p.sentiment.first().map(|s| s.0) else {
        return;
    };
    let days = |t: jiff::Timestamp| -(state.now.duration_since(t).as_secs_f64() / 86_400.0);
    let points: Vec<(f64, f64)> = p.sentiment.iter().map(|(t, s, _)| (days(*t), *s)).collect();
    let span = (-days(first)).max(1.0);
    let chart = Chart::new(vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Scatter)
            .style(theme.channel())
            .data(&points),
    ])
    .block(
        Block::default()
            .borders(Borders::TOP)
            .title(" sentiment over time ")
            .border_style(theme.dim()),
    )
    .x_axis(
        Axis::default()
            .bounds([-span, 0.0])
            .labels([Span::raw(format!("-{span:.0}d")), Span::raw("now")])
            .style(theme.dim()),
    )
    .y_axis(
        Axis::default()
            .bounds([-1.05, 1.05])
            .labels([Span::raw("neg"), Span::raw("pos")])
            .style(theme.dim()),
    );
    frame.render_widget(chart, area);
}

/// Every message, newest conversation first; our replies indented under what they answer.
fn history<'a>(p: &Profile, state: &State, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(
        format!("{} messages and our replies, newest first", p.history.len()),
        theme.dim(),
    )];
    for m in p.history.iter().rev() {
        lines.push(history_line(m, state, theme, width));
    }
    lines
}

fn history_line<'a>(m: &Message, state: &State, theme: &Theme, width: usize) -> Line<'a> {
    let local = state
        .policies
        .calendar()
        .time_zone()
        .to_datetime(m.created_at);
    let when = format!(
        "{} {:02}:{:02} ",
        local.date(),
        local.hour(),
        local.minute()
    );
    let rating = m.rating.map(|r| format!("{r}★ ")).unwrap_or_default();
    if m.is_inbound() {
        let label = m.sentiment.as_ref().map(|s| s.label);
        let open = if m.awaits_reply() { "○ " } else { "  " };
        let fixed = when.len() + 3 + 2 + 2;
        Line::from(vec![
            Span::styled(when, theme.dim()),
            Span::styled(format!("{} ", m.channel.code()), theme.channel()),
            Span::styled(
                format!("{} ", super::inbox::sentiment_symbol(label)),
                theme.sentiment(label),
            ),
            Span::raw(open),
            Span::raw(excerpt(
                &format!("{}{rating}{}", row_tags(m), m.text),
                width.saturating_sub(fixed),
            )),
        ])
    } else {
        let who = m.author.name.as_deref().unwrap_or("brand");
        let prefix = format!("  ↳ {}: ", sanitize(who));
        let fixed = when.len() + prefix.chars().count();
        Line::from(vec![
            Span::styled(when, theme.dim()),
            Span::styled(prefix, theme.outbound()),
            Span::raw(excerpt(&m.text, width.saturating_sub(fixed))),
        ])
    }
}

/// A message's tags before its text: `#refund `.
fn row_tags(m: &Message) -> String {
    m.tags
        .iter()
        .map(|t| format!("#{} ", sanitize(t)))
        .collect()
}
