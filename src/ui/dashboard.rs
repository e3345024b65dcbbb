//! The dashboard screen (audience figures per channel and in total, the chosen figure's
//! chart, the inbox's KPIs) and the one-line strip of figures above a wide inbox.

use super::Theme;
use crate::app::{DashboardPanel, State};
use crate::metrics::dashboard::{Dashboard, InboxKpis, Measure, Row};
use crate::metrics::{Figure, format};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Sparkline};

const NAME_WIDTH: u16 = 16;

pub(super) fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let panel = &state.dashboard;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(
            " Dashboard · last {} · p period · j k channel · h l figure · w why n/a · Esc ",
            panel.period.label()
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(d) = &panel.data else {
        frame.render_widget(Paragraph::new("Reading the figures…"), inner);
        return;
    };
    let mut lines = table(d, panel, inner.width, theme);
    if d.rows.is_empty() {
        lines.push(Line::raw(
            "No audience figures yet: they arrive with each source's next sync.",
        ));
    }
    if panel.why {
        lines.extend(reasons(d, panel, theme));
    }
    lines.push(Line::raw(""));
    lines.extend(kpi_lines(&d.inbox, panel.period.label(), theme));
    let text_height = (lines.len() as u16).min(inner.height);
    let [text, volume, chart] = Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Length(if inner.height > text_height + 6 { 2 } else { 0 }),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines), text);
    if volume.height > 0 {
        draw_volume(frame, volume, &d.inbox, theme);
    }
    if chart.height >= 4 {
        draw_chart(frame, chart, d, panel, theme);
    }
}

/// The header and one line per row: current value and change for each figure.
fn table<'a>(d: &Dashboard, panel: &DashboardPanel, width: u16, theme: &Theme) -> Vec<Line<'a>> {
    let cell = ((width.saturating_sub(NAME_WIDTH)) / Measure::ALL.len() as u16).max(8) as usize;
    let chosen = panel.measure();
    let mut header = vec![Span::styled(
        format!("{:<w$}", "", w = NAME_WIDTH as usize),
        theme.bold(),
    )];
    for m in Measure::ALL {
        let style = if m == chosen {
            theme.selected()
        } else {
            theme.bold()
        };
        header.push(Span::styled(format!("{:<cell$}", m.title()), style));
    }
    let mut lines = vec![Line::from(header)];
    for (i, row) in d.rows.iter().enumerate() {
        let selected = i == panel.row_index();
        let name_style = if selected {
            theme.selected()
        } else if row.channel.is_none() {
            theme.bold()
        } else {
            theme.channel()
        };
        let mut spans = vec![Span::styled(
            format!("{:<w$}", row.title(), w = NAME_WIDTH as usize),
            name_style,
        )];
        for m in Measure::ALL {
            spans.extend(cell_spans(row.figure(m), m, cell, theme));
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// A figure in `width` columns: `12.4k +3.2%`, `4.1% +0.3pt`, or `n/a`.
fn cell_spans<'a>(f: &Figure, m: Measure, width: usize, theme: &Theme) -> Vec<Span<'a>> {
    match f {
        Figure::Unavailable(_) => vec![Span::styled(format!("{:<width$}", "n/a"), theme.dim())],
        Figure::Value {
            current, change, ..
        } => {
            let value = shown(*current, m);
            let delta = change.map(|c| delta(c, m));
            // Cells, not bytes: `±` is two bytes and one cell.
            let cells = |t: &str| unicode_width::UnicodeWidthStr::width(t);
            let delta = delta.filter(|d| cells(&value) + 1 + cells(d) < width);
            let used = cells(&value) + delta.as_ref().map_or(0, |d| cells(d) + 1);
            let mut spans = vec![Span::raw(value)];
            if let Some(d) = delta {
                spans.push(Span::raw(" "));
                spans.push(trend_span(d, theme));
            }
            spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
            spans
        }
    }
}

/// A change as the dashboard writes it: percent of the start, points for the rate, the
/// figure itself when the start was zero.
fn delta(c: crate::metrics::series::Change, m: Measure) -> String {
    match (m, c.percent) {
        (Measure::Rate, _) => format::points(c.absolute),
        (_, Some(p)) => format::signed_percent(p),
        (_, None) => format!("+{}", format::compact(c.absolute)).replace("+-", "-"),
    }
}

/// Green up, red down; the sign reads without colour.
fn trend_span<'a>(text: String, theme: &Theme) -> Span<'a> {
    let style = match text.chars().next() {
        Some('+') => theme.trend(true),
        Some('-') => theme.trend(false),
        _ => theme.dim(),
    };
    Span::styled(text, style)
}

fn shown(value: f64, m: Measure) -> String {
    match m {
        Measure::Rate => format::percent(value),
        _ => format::compact(value),
    }
}

/// Why each "n/a" of the selected row is one.
fn reasons<'a>(d: &Dashboard, panel: &DashboardPanel, theme: &Theme) -> Vec<Line<'a>> {
    let Some(row) = d.rows.get(panel.row_index()) else {
        return Vec::new();
    };
    let mut out: Vec<Line> = Measure::ALL
        .iter()
        .filter_map(|m| match row.figure(*m) {
            Figure::Unavailable(why) => Some(Line::from(vec![
                Span::styled(
                    format!("{} {}: n/a — ", row.title(), m.title()),
                    theme.bold(),
                ),
                Span::raw(why.clone()),
            ])),
            Figure::Value { .. } => None,
        })
        .collect();
    if out.is_empty() {
        out.push(Line::styled(
            format!("{}: every figure is reported.", row.title()),
            theme.dim(),
        ));
    }
    out
}

fn kpi_lines<'a>(k: &InboxKpis, period: &str, theme: &Theme) -> Vec<Line<'a>> {
    let f = &k.figures;
    let s = &f.sentiment;
    let tagged = (s.pos + s.neu + s.neg).max(1) as f64;
    let share = |n: usize| format!("{:.0}%", n as f64 / tagged * 100.0);
    let ratio = k
        .pos_neg_ratio
        .map(|r| format!("{r:.1}"))
        .unwrap_or_else(|| "– (no negative)".into());
    let reviews = match f.reviews.avg_rating {
        Some(avg) => format!(
            "{} reviews {avg:.1}★ · CSAT {}",
            f.reviews.count,
            crate::report::show_pct(f.reviews.csat_pct, 0)
        ),
        None => "no reviews".into(),
    };
    vec![
        Line::from(vec![
            Span::styled(format!("Inbox {period}: {} in", f.inbound), theme.bold()),
            Span::raw(format!(" · {:.1}/day · ", k.per_day)),
            Span::styled(format!("+{}", share(s.pos)), theme.trend(true)),
            Span::raw(format!(" ={} ", share(s.neu))),
            Span::styled(format!("-{}", share(s.neg)), theme.trend(false)),
            Span::raw(format!(" · pos/neg {ratio}")),
        ]),
        Line::raw(format!(
            "{reviews} · first reply median {}, p90 {}",
            crate::report::show_seconds(f.first_response.median_s),
            crate::report::show_seconds(f.first_response.p90_s),
        )),
        Line::raw(format!(
            "{} within target · {} waiting · {} breached",
            crate::report::show_pct(f.within_sla_pct, 0),
            f.unanswered,
            f.breached_open
        )),
    ]
}

fn draw_volume(frame: &mut Frame, area: Rect, k: &InboxKpis, theme: &Theme) {
    let [label, spark] =
        Layout::horizontal([Constraint::Length(NAME_WIDTH), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(vec![
            Line::styled("inbound", theme.dim()),
            Line::styled(
                format!("max {}", k.volume.iter().max().unwrap_or(&0)),
                theme.dim(),
            ),
        ]),
        label,
    );
    // Each bucket as wide as the space allows, so the period fills the line.
    let repeat = (spark.width as usize / k.volume.len().max(1)).max(1);
    let data: Vec<u64> = k
        .volume
        .iter()
        .flat_map(|v| std::iter::repeat_n(*v, repeat))
        .collect();
    frame.render_widget(
        Sparkline::default().data(&data).style(theme.channel()),
        spark,
    );
}

fn draw_chart(frame: &mut Frame, area: Rect, d: &Dashboard, panel: &DashboardPanel, theme: &Theme) {
    let Some(row) = d.rows.get(panel.row_index()) else {
        return;
    };
    let m = panel.measure();
    let title = format!(
        " {} · {} · last {} ",
        row.title(),
        m.title(),
        d.period.label()
    );
    let block = Block::default()
        .borders(Borders::TOP)
        .title(title)
        .border_style(theme.dim());
    let points = match row.figure(m) {
        Figure::Value { points, .. } if !points.is_empty() => points,
        Figure::Value { .. } => {
            let text = Paragraph::new("No reading in this period yet.").block(block);
            frame.render_widget(text, area);
            return;
        }
        Figure::Unavailable(why) => {
            frame.render_widget(Paragraph::new(format!("n/a: {why}.")).block(block), area);
            return;
        }
    };
    let (lo, hi) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, y)| {
            (lo.min(*y), hi.max(*y))
        });
    // A flat line sits in the middle of a band around its value.
    let pad = ((hi - lo) * 0.1).max(hi.abs() * 0.01).max(1e-9);
    let (lo, hi) = (lo - pad, hi + pad);
    let span = d.period.duration().as_hours() as f64;
    // Compact labels unless they would all read the same (a nearly flat line).
    let mid = (lo + hi) / 2.0;
    let precise = shown(lo, m) == shown(mid, m) || shown(mid, m) == shown(hi, m);
    let y_label = |v: f64| {
        Span::raw(match (precise, m) {
            (false, _) => shown(v, m),
            (true, Measure::Rate) => format!("{:.2}%", v * 100.0),
            (true, _) => format!("{v:.0}"),
        })
    };
    let chart = Chart::new(vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.channel())
            .data(points),
    ])
    .block(block)
    .x_axis(
        Axis::default()
            .bounds([-span, 0.0])
            .labels([
                Span::raw(format!("-{}", d.period.label())),
                Span::raw(format!("-{}", half(d.period.label()))),
                Span::raw("now"),
            ])
            .style(theme.dim()),
    )
    .y_axis(
        Axis::default()
            .bounds([lo, hi])
            .labels([y_label(lo), y_label(mid), y_label(hi)])
            .style(theme.dim()),
    );
    frame.render_widget(chart, area);
}

/// The middle of a period, as an axis label: 24h → 12h, 7d → 3.5d, 30d → 15d.
fn half(label: &str) -> String {
    let (n, unit) = label.split_at(label.len() - 1);
    let n: f64 = n.parse().unwrap_or(0.0);
    let h = n / 2.0;
    if h.fract() == 0.0 {
        format!("{h:.0}{unit}")
    } else {
        format!("{h:.1}{unit}")
    }
}

/// The strip above a wide inbox: the totals and the inbox's tone, on one line.
pub(super) fn draw_strip(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(d) = &state.dashboard.data else {
        return;
    };
    let mut spans = vec![Span::styled(
        format!(" {} ", d.period.label()),
        theme.bold(),
    )];
    if let Some(total) = d.total() {
        for m in Measure::ALL {
            spans.push(Span::styled(format!("{} ", m.short()), theme.dim()));
            spans.extend(strip_cell(total, m, theme));
            spans.push(Span::raw("  "));
        }
    }
    let f = &d.inbox.figures;
    let tagged = (f.sentiment.pos + f.sentiment.neu + f.sentiment.neg).max(1) as f64;
    spans.push(Span::styled("inbox ", theme.dim()));
    spans.push(Span::raw(format!("{} in ", f.inbound)));
    spans.push(Span::styled(
        format!("-{:.0}%", f.sentiment.neg as f64 / tagged * 100.0),
        theme.trend(false),
    ));
    spans.push(Span::styled("  D dashboard", theme.dim()));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn strip_cell<'a>(row: &Row, m: Measure, theme: &Theme) -> Vec<Span<'a>> {
    match row.figure(m) {
        Figure::Unavailable(_) => vec![Span::styled("n/a", theme.dim())],
        Figure::Value {
            current, change, ..
        } => {
            let mut out = vec![Span::styled(shown(*current, m), Style::default())];
            if let Some(c) = change {
                out.push(Span::raw(" "));
                out.push(trend_span(delta(*c, m), theme));
            }
            out
        }
    }
}
