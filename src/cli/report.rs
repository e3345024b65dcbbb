//! `tribune report [--since DUR] [--as-of TIME] [--json] [--query Q]`: the response-time,
//! SLA and sentiment summary, as one JSON object or as text for a person; with a query, of
//! the inbound messages it finds and the brand's replies to them.

use super::Paths;
use crate::config::Config;
use crate::report::{self, Report};
use crate::sla::Policies;
use jiff::Timestamp;
use std::io::Write;

/// The period a report covers when `--since` is not given.
const DEFAULT_PERIOD: &str = "7d";

/// What the command line asked of the report.
pub(super) struct Options<'a> {
    pub since: Option<&'a str>,
    pub as_of: Option<&'a str>,
    pub json: bool,
    pub query: Option<&'a str>,
}

pub(super) fn run(
    paths: &Paths,
    config: &Config,
    options: Options,
    demo: bool,
) -> anyhow::Result<()> {
    let Options {
        since,
        as_of,
        json,
        query,
    } = options;
    let as_of: Timestamp = match as_of {
        Some(text) => text.parse().map_err(|_| {
            anyhow::anyhow!("--as-of: `{text}` is not an RFC 3339 time like 2026-11-20T18:00:00Z.")
        })?,
        None => Timestamp::now(),
    };
    let period = crate::duration::parse(since.unwrap_or(DEFAULT_PERIOD))
        .map_err(|e| anyhow::anyhow!("--since: {e}."))?;
    let store = paths.existing_store(demo)?;
    // Everything the report counts was written in the period (replies come after what they
    // answer), so only the period's messages are kept.
    let mut messages = store.messages_since(as_of - period)?;
    let policies = Policies::from_config(&config.sla);
    if let Some(text) = query {
        let filter = super::query_filter::MessageFilter::new(
            text, &store, config, &policies, as_of, &messages,
        )?;
        messages = report::with_replies(messages, |m| filter.admits(m));
    }
    let report = report::build(&messages, &policies, as_of - period, as_of);
    let text = if json {
        serde_json::to_string(&report)?
    } else {
        human(&report)
    };
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

pub(super) fn human(r: &Report) -> String {
    let f = &r.totals;
    let secs = report::show_seconds;
    let pct = |p: Option<f64>| report::show_pct(p, 1);
    let mut out = format!(
        "From {} to {}\n{} inbound · {} answered · {} unanswered\nfirst response: median {} · p90 {}\nwithin target: {} · breached and open: {} · oldest unanswered negative: {}\nsentiment: {} pos · {} neu · {} neg ({} set by agents)\nreviews: {} · average {} · rated 4–5: {}\n",
        r.since.strftime("%Y-%m-%d %H:%M:%S UTC"),
        r.as_of.strftime("%Y-%m-%d %H:%M:%S UTC"),
        f.inbound,
        f.answered,
        f.unanswered,
        secs(f.first_response.median_s),
        secs(f.first_response.p90_s),
        pct(f.within_sla_pct),
        f.breached_open,
        secs(f.oldest_unanswered_negative_s.map(|s| s as f64)),
        f.sentiment.pos,
        f.sentiment.neu,
        f.sentiment.neg,
        f.sentiment.set_by_agent,
        f.reviews.count,
        f.reviews
            .avg_rating
            .map(|a| format!("{a:.2}★"))
            .unwrap_or_else(|| "–".into()),
        pct(f.reviews.csat_pct),
    );
    out.push('\n');
    for row in report::channel_table(r) {
        out.push_str(&format!("  {row}\n"));
    }
    out.push_str("per agent: replies, first responses, median\n");
    for (name, a) in &r.by_agent {
        out.push_str(&format!(
            "  {:<15}{:>6}{:>6}{:>8}\n",
            crate::text::sanitize(name),
            a.replies,
            a.first_responses,
            secs(a.first_response.median_s)
        ));
    }
    out.push_str("per day: inbound, answered, median, within target\n");
    for d in &r.by_day {
        out.push_str(&format!(
            "  {}{:>6}{:>6}{:>8}{:>8}\n",
            d.date,
            d.inbound,
            d.answered,
            secs(d.median_s),
            pct(d.within_sla_pct)
        ));
    }
    out.trim_end().to_string()
}
