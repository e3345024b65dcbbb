//! The inbox list: one row per message with its response-time countdown first, because that
//! is the figure an agent must not miss.

use super::Theme;
use crate::app::{Focus, State};
use crate::duration;
use crate::model::{Message, SentimentLabel, Status};
use crate::sla::SlaState;
use crate::text::{excerpt, truncate_to_width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

const COUNTDOWN: usize = 8;
const AUTHOR_MAX: usize = 18;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let focused = state.focus == Focus::List;
    let title = match state.search.bar.as_ref().filter(|s| s.is_active()) {
        Some(s) => format!(
            " {} · {} matching “{}”{} ",
            state.view_title(state.view),
            state.inbox.total(),
            crate::text::excerpt(s.text.as_str(), 30),
            if s.by_relevance { " · best first" } else { "" }
        ),
        None => format!(
            " {} · {} ",
            state.view_title(state.view),
            state.inbox.total()
        ),
    };
    let title = match state.incident_heading() {
        Some(h) => format!("{title}· {} ", incident_heading(&h)),
        None => title,
    };
    let title = match state.marked_count() {
        0 => title,
        n => format!("{title}· {n} marked "),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .title(title)
        .border_style(theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    if !state.loaded {
        frame.render_widget(
            Paragraph::new("Loading the store…").style(theme.dim()),
            inner,
        );
        return;
    }
    if state.inbox.is_empty() {
        let hint = if state.search.bar.as_ref().is_some_and(|s| s.is_active()) {
            "No message here matches the query; Esc drops the search."
        } else {
            "Nothing here. New messages appear as they arrive; 1 shows every message."
        };
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), inner);
        return;
    }
    let rows = inner.height as usize;
    let offset = visible_offset(
        state.list_offset.get(),
        state.selected,
        rows,
        state.inbox.total(),
    );
    state.list_offset.set(offset);
    for (i, id) in state.inbox.iter().enumerate().skip(offset).take(rows) {
        let row = Rect::new(inner.x, inner.y + (i - offset) as u16, inner.width, 1);
        let style = if i == state.selected {
            theme.selected()
        } else {
            Default::default()
        };
        // With marks, each row starts with its mark.
        let marking = state.has_marks();
        let width = inner.width as usize - if marking { 2 } else { 0 };
        // A row whose message is still on its way from the store (a frame, after a jump).
        let mut line = match state.shared.messages.get(id) {
            Some(m) => row_line(m, state, theme, width),
            None => Line::styled("  …", theme.dim()),
        };
        if marking {
            let mark = match state.is_marked(i, *id) {
                true => Span::styled("● ", theme.bold()),
                false => Span::raw("  "),
            };
            line.spans.insert(0, mark);
        }
        frame.render_widget(Paragraph::new(line).style(style), row);
    }
}

/// Keeps the previous offset unless the selection left the visible rows.
fn visible_offset(previous: usize, selected: usize, rows: usize, len: usize) -> usize {
    let max_offset = len.saturating_sub(rows);
    let offset = if selected < previous {
        selected
    } else if selected >= previous + rows {
        selected + 1 - rows
    } else {
        previous
    };
    offset.min(max_offset)
}

fn row_line<'a>(m: &'a Message, state: &State, theme: &Theme, width: usize) -> Line<'a> {
    let (countdown, countdown_style) = countdown_cell(m, state, theme);
    let (sentiment, sentiment_style) = sentiment_cell(m, theme);
    let author_width = (width / 5).clamp(8, AUTHOR_MAX);
    let draft = if state.replying.drafts.contains_key(&m.id) {
        "✎"
    } else {
        " "
    };
    let age = duration::age(state.now.duration_since(m.created_at));
    let status = if m.is_back_from_snooze() {
        "back"
    } else {
        status_word(m.status)
    };
    let fixed = COUNTDOWN + 3 + 3 + 4 + author_width + 2 + 5 + 5;
    let text_width = width.saturating_sub(fixed);
    let rating = m.rating.map(|r| format!("{r}★ ")).unwrap_or_default();
    let team = team_cell(m, state);
    let labels = labels_cell(m, state);
    let body = excerpt(&format!("{team}{labels}{rating}{}", m.text), text_width);
    Line::from(vec![
        Span::styled(format!("{countdown:<COUNTDOWN$}"), countdown_style),
        Span::styled(format!("{sentiment} "), sentiment_style),
        Span::styled(format!("{} ", m.channel.code()), theme.channel()),
        Span::raw(format!("{:<3} ", m.kind.short())),
        Span::styled(
            pad(
                &truncate_to_width(
                    &author_cell(m, state.shared.people.influencer_followers),
                    author_width,
                ),
                author_width,
            ),
            theme.bold(),
        ),
        Span::raw(format!("{draft} ")),
        Span::raw(pad(&body, text_width)),
        Span::styled(format!("{age:>4} "), theme.dim()),
        Span::raw(format!("{status:<4} ")),
    ])
}

/// Who else is on the message, before its text: `✎bob` writing a reply, `◉bob` reading it,
/// `→ana` its assignee (`→me` for this agent). Empty for a message no one else touches.
fn team_cell(m: &Message, state: &State) -> String {
    let (looking, writing) = state.others_on(m.id);
    let mut cell = String::new();
    for w in writing {
        cell.push_str(&format!("✎{} ", crate::text::sanitize(w)));
    }
    for l in looking {
        cell.push_str(&format!("◉{} ", crate::text::sanitize(l)));
    }
    if let Some(a) = &m.assignee {
        let who = if *a == state.agent {
            "me".to_string()
        } else {
            crate::text::sanitize(a)
        };
        cell.push_str(&format!("→{who} "));
    }
    cell
}

/// A snoozed message's return (`zz→Mon 09:00`) and the message's tags (`#refund`).
fn labels_cell(m: &Message, state: &State) -> String {
    let mut cell = String::new();
    if let Some(until) = m.snoozed_until.filter(|_| m.status == Status::Snoozed) {
        let local = state.policies.calendar().time_zone().to_datetime(until);
        cell.push_str(&format!("zz→{} ", local.strftime("%a %H:%M")));
    }
    for t in &m.tags {
        cell.push_str(&format!("#{} ", crate::text::sanitize(t)));
    }
    cell
}

/// The author, marked `◆` when their audience makes them an influencer.
fn author_cell(m: &Message, influencer_followers: u64) -> String {
    let label = crate::text::sanitize(m.author.label());
    if m.author
        .followers
        .is_some_and(|f| f >= influencer_followers)
    {
        format!("◆{label}")
    } else {
        label
    }
}

/// The countdown column: a symbol and the remaining time, so the state reads without colour.
pub(super) fn countdown_cell(
    m: &Message,
    state: &State,
    theme: &Theme,
) -> (String, ratatui::style::Style) {
    match state.countdown(m) {
        Some(c) => {
            let symbol = match c.state {
                SlaState::Breached => '✖',
                SlaState::Warning => '▲',
                SlaState::Ok => '○',
            };
            (
                format!("{symbol}{}", duration::compact(c.remaining)),
                theme.sla(c.state),
            )
        }
        None if m.answered_at.is_some() => ("✓".into(), theme.dim()),
        None => (String::new(), Default::default()),
    }
}

/// The sentiment slot: `+` positive, `=` neutral, `-` negative, `·` not tagged yet, then `!`
/// when the text carries complaint cues (refund, scam, lawyer…). A label an agent set is
/// underlined, which reads without colour too.
fn sentiment_cell(m: &Message, theme: &Theme) -> (String, ratatui::style::Style) {
    let label = m.sentiment.as_ref().map(|s| s.label);
    let symbol = sentiment_symbol(label);
    let urgent = if m.urgency().is_empty() { ' ' } else { '!' };
    let mut style = theme.sentiment(label);
    if m.sentiment.as_ref().is_some_and(|s| s.by_agent) {
        style = style.add_modifier(ratatui::style::Modifier::UNDERLINED);
    }
    (format!("{symbol}{urgent}"), style)
}

pub(super) fn sentiment_symbol(label: Option<SentimentLabel>) -> char {
    match label {
        Some(SentimentLabel::Pos) => '+',
        Some(SentimentLabel::Neu) => '=',
        Some(SentimentLabel::Neg) => '-',
        None => '·',
    }
}

pub(super) fn status_word(s: Status) -> &'static str {
    match s {
        Status::New => "new",
        Status::Open => "open",
        Status::Pending => "pend",
        Status::Resolved => "done",
        Status::Snoozed => "snz",
        Status::Spam => "spam",
    }
}

/// Pads to `width` display cells (format! pads by chars, which is wrong for CJK and emoji).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// An incident view's heading after its count: answered, waiting, the median first response
/// and the last four hours of arrivals per 10 minutes.
fn incident_heading(h: &crate::app::IncidentHeading) -> String {
    let recent = &h.per_slot[h.per_slot.len().saturating_sub(24)..];
    let top = recent.iter().copied().max().unwrap_or(0);
    let median = h
        .median_s
        .map(|s| duration::compact(jiff::SignedDuration::from_secs(s as i64)))
        .unwrap_or_else(|| "–".into());
    format!(
        "{} answered · {} waiting · first response median {median} · per 10 min {}",
        h.answered,
        h.waiting,
        super::spark_text(recent.iter().copied(), top)
    )
}

#[cfg(test)]
mod tests {
    use super::visible_offset;

    #[test]
    fn the_list_scrolls_only_when_the_selection_leaves_the_screen() {
        assert_eq!(visible_offset(0, 5, 10, 100), 0);
        assert_eq!(visible_offset(0, 10, 10, 100), 1);
        assert_eq!(visible_offset(20, 15, 10, 100), 15);
        assert_eq!(visible_offset(95, 99, 10, 100), 90);
    }
}
