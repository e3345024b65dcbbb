//! The report screen: response times, the share answered within target, sentiment and
//! reviews, per channel and per agent, and two daily charts (median first response, share
//! within SLA).

use super::Theme;
use crate::duration;
use crate::report::{Figures, Report};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, report: &Report, theme: &Theme) {
    let days = report.since.duration_until(report.as_of).as_hours() / 24;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" Report · last {days} days · Esc closes "))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines = summary(&report.totals, theme);
    lines.push(Line::raw(""));
    let mut table = crate::report::channel_table(report).into_iter();
    if let Some(header) = table.next() {
        lines.push(Line::styled(header, theme.bold()));
    }
    lines.extend(table.map(Line::raw));
    let agents: Vec<String> = report
        .by_agent
        .iter()
        .map(|(name, a)| {
            format!(
                "{} {} replies, {} first (median {})",
                crate::text::sanitize(name),
                a.replies,
                a.first_responses,
                seconds(a.first_response.median_s)
            )
        })
        .collect();
    if !agents.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("agents: ", theme.bold()),
            Span::raw(agents.join(" · ")),
        ]));
    }
    let text_height = (lines.len() as u16).min(inner.height);
    let [text_area, charts] =
        Layout::vertical([Constraint::Length(text_height), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), text_area);
    if charts.height >= 4 {
        draw_charts(frame, charts, report, theme);
    }
}

fn summary<'a>(f: &Figures, theme: &Theme) -> Vec<Line<'a>> {
    let oldest = f
        .oldest_unanswered_negative_s
        .map(|s| duration::compact(jiff::SignedDuration::from_secs(s)))
        .unwrap_or_else(|| "none".into());
    let reviews = match f.reviews.avg_rating {
        Some(avg) => format!(
            "{} reviews {avg:.1}★, {} at 4–5★",
            f.reviews.count,
            pct(f.reviews.csat_pct)
        ),
        None => "no reviews".into(),
    };
    vec![
        Line::from(vec![
            Span::styled(format!("{} in", f.inbound), theme.bold()),
            Span::raw(format!(
                " · {} answered · {} waiting · first response median {} · p90 {}",
                f.answered,
                f.unanswered,
                seconds(f.first_response.median_s),
                seconds(f.first_response.p90_s)
            )),
        ]),
        Line::from(vec![
            Span::styled(
                format!("{} within target", pct(f.within_sla_pct)),
                theme.bold(),
            ),
            Span::raw(format!(
                " · ✖{} breached and open · oldest unanswered negative {oldest}",
                f.breached_open
            )),
        ]),
        Line::raw(format!(
            "sentiment +{} ={} -{} ({} by agents) · {reviews}",
            f.sentiment.pos, f.sentiment.neu, f.sentiment.neg, f.sentiment.set_by_agent
        )),
    ]
}

/// Two bar charts side by side: the daily median first response (minutes) and the daily
/// share answered within target (%). Days without a figure show an empty bar.
fn draw_charts(frame: &mut Frame, area: Rect, report: &Report, theme: &Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    // As many of the latest days as fit, three cells a bar.
    let fit = (left.width.saturating_sub(2) / 3).max(1) as usize;
    let days = &report.by_day[report.by_day.len().saturating_sub(fit)..];
    let label = |date: &str| date.get(8..10).unwrap_or("").to_string();
    let median: Vec<Bar> = days
        .iter()
        .map(|d| {
            let minutes = d.median_s.map(|s| (s / 60.0).round() as u64).unwrap_or(0);
            Bar::default()
                .value(minutes)
                .label(Line::raw(label(&d.date)))
                .text_value(short_minutes(minutes))
        })
        .collect();
    let sla: Vec<Bar> = days
        .iter()
        .map(|d| {
            let p = d.within_sla_pct.map(|p| p.round() as u64).unwrap_or(0);
            Bar::default()
                .value(p)
                .label(Line::raw(label(&d.date)))
                .text_value(format!("{p}"))
        })
        .collect();
    let chart = |title: &str, bars: Vec<Bar<'static>>, max: Option<u64>| {
        let mut c = BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::TOP)
                    .title(title.to_string())
                    .border_style(theme.dim()),
            )
            .data(BarGroup::default().bars(&bars))
            .bar_width(2)
            .bar_gap(1)
            .bar_style(theme.bold())
            .value_style(theme.selected());
        if let Some(m) = max {
            c = c.max(m);
        }
        c
    };
    frame.render_widget(
        chart(" median first response, minutes ", median, None),
        left,
    );
    frame.render_widget(chart(" answered within target, % ", sla, Some(100)), right);
}

fn short_minutes(m: u64) -> String {
    if m >= 100 {
        format!("{}h", m / 60)
    } else {
        m.to_string()
    }
}

fn seconds(s: Option<f64>) -> String {
    crate::report::show_seconds(s)
}

fn pct(p: Option<f64>) -> String {
    crate::report::show_pct(p, 0)
}
