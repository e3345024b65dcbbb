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

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    report: &Report,
    incident: Option<&crate::incident::Incident>,
    theme: &Theme,
) {
    let days = report.since.duration_until(report.as_of).as_hours() / 24;
    let title = match incident {
        Some(i) => format!(
            " Incident {}{} · since {} · Esc closes ",
            crate::text::sanitize(&i.name),
            if i.is_open() { "" } else { " (closed)" },
            report.since.strftime("%Y-%m-%d %H:%M UTC")
        ),
        None => format!(" Report · last {days} days · Esc closes "),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines = summary(&report.totals, theme);
    if let Some(f) = &report.incident {
        lines.extend(incident_figures(f, theme));
    }
    if let Some(i) = incident.filter(|i| !i.timeline.is_empty()) {
        lines.push(Line::styled("Timeline", theme.bold()));
        lines.extend(i.timeline.iter().map(|e| {
            Line::raw(format!(
                "  {} {}: {}",
                e.at.strftime("%H:%M"),
                crate::text::sanitize(&e.agent),
                crate::text::sanitize(&e.text)
            ))
        }));
    }
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

/// An incident's arrivals and negatives per 10 minutes (the last 48 slots, as sparklines)
/// and its top words.
fn incident_figures<'a>(f: &crate::incident::Figures, theme: &Theme) -> Vec<Line<'a>> {
    let recent = &f.per_10_min[f.per_10_min.len().saturating_sub(48)..];
    // Both lines on the scale of arrivals, so negatives read as a share of them.
    let top = recent.iter().map(|s| s.count as u64).max().unwrap_or(0);
    let spark = |pick: fn(&crate::incident::Slot) -> usize| {
        super::spark_text(recent.iter().map(|s| pick(s) as u64), top)
    };
    let words: Vec<String> = f
        .top_words
        .iter()
        .map(|(w, n)| format!("{} {n}", crate::text::sanitize(w)))
        .collect();
    vec![
        Line::from(vec![
            Span::styled("per 10 min  in ", theme.bold()),
            Span::raw(spark(|s| s.count)),
        ]),
        Line::from(vec![
            Span::styled("      negative ", theme.bold()),
            Span::raw(spark(|s| s.negative)),
        ]),
        Line::from(vec![
            Span::styled("top words: ", theme.bold()),
            Span::raw(words.join(", ")),
        ]),
    ]
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
    // As many of the latest days as fit, four cells a bar: three for the bar, whose figure
    // ("14h", "100") ratatui leaves out when wider than the bar, and a gap.
    let fit = (left.width.saturating_sub(2) / (BAR_WIDTH + 1)).max(1) as usize;
    let days = &report.by_day[report.by_day.len().saturating_sub(fit)..];
    let label = |date: &str| date.get(8..10).unwrap_or("").to_string();
    let median: Vec<Bar> = days
        .iter()
        .map(|d| {
            let minutes = d.median_s.map(|s| (s / 60.0).round() as u64).unwrap_or(0);
            Bar::default()
                .value(minutes)
                .label(Line::raw(label(&d.date)))
                .text_value(fill_bar(short_minutes(minutes)))
        })
        .collect();
    let sla: Vec<Bar> = days
        .iter()
        .map(|d| {
            let p = d.within_sla_pct.map(|p| p.round() as u64).unwrap_or(0);
            Bar::default()
                .value(p)
                .label(Line::raw(label(&d.date)))
                .text_value(fill_bar(p.to_string()))
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
            .bar_width(BAR_WIDTH)
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

/// Cells a bar takes: its figure is never wider.
const BAR_WIDTH: u16 = 3;

/// A bar's figure centred across the bar, so that a short one does not leave a sliver of bar
/// beside it.
fn fill_bar(figure: String) -> String {
    format!("{figure:^width$}", width = BAR_WIDTH as usize)
}

/// Minutes in at most three characters: 45, 14h, 5d.
fn short_minutes(m: u64) -> String {
    match m {
        0..100 => m.to_string(),
        100..6_000 => format!("{}h", m / 60),
        _ => format!("{}d", (m / (24 * 60)).min(99)),
    }
}

fn seconds(s: Option<f64>) -> String {
    crate::report::show_seconds(s)
}

fn pct(p: Option<f64>) -> String {
    crate::report::show_pct(p, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Day, Figures};
    use ratatui::{Terminal, backend::TestBackend};

    fn day(date: &str, median_s: f64, within: f64) -> Day {
        Day {
            date: date.into(),
            inbound: 3,
            answered: 3,
            median_s: Some(median_s),
            within_sla_pct: Some(within),
        }
    }

    #[test]
    fn every_bar_shows_its_figure_and_channels_read_as_titles() {
        let report = Report {
            as_of: "2026-11-26T12:00:00Z".parse().unwrap(),
            since: "2026-11-12T12:00:00Z".parse().unwrap(),
            totals: Figures::default(),
            by_channel: [("google_reviews", Figures::default())].into(),
            by_day: vec![
                day("2026-11-23", 14.0 * 3600.0, 100.0),
                day("2026-11-24", 40.0 * 3600.0, 76.0),
                day("2026-11-25", 130.0 * 3600.0, 83.0),
            ],
            by_agent: Default::default(),
            incident: None,
        };
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        terminal
            .draw(|f| draw(f, f.area(), &report, None, &Theme::new(false)))
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .chunks(100)
            .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
            .collect();
        assert!(screen.contains("Google reviews"), "{screen}");
        assert!(!screen.contains("google_reviews"), "{screen}");
        // The tallest bars are those whose figures were left out when wider than the bar.
        for figure in ["14h", "40h", "5d", "100", "76", "83"] {
            assert!(screen.contains(figure), "{figure} in\n{screen}");
        }
    }
}
