//! The response-time, SLA and sentiment summary a manager reports: the same
//! figures for the whole period, per channel, per day and per agent.
//!
//! Definitions: the period holds the inbound messages written in `[since, as_of]`. A message
//! is answered when the brand's first reply in its conversation came by `as_of`; its first
//! response time is wall-clock seconds. `within_sla_pct` is the share answered by the
//! policy's deadline (business time) among the messages answered or whose deadline has
//! passed. Medians of an even count average the two middle values; p90 is the nearest rank.

mod figures;

pub use figures::{Figures, Quantiles, Reviews, SentimentCounts};

use crate::model::{Direction, Message, MessageId};
use crate::sla::Policies;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    #[serde(with = "rfc3339")]
    pub as_of: Timestamp,
    #[serde(with = "rfc3339")]
    pub since: Timestamp,
    #[serde(flatten)]
    pub totals: Figures,
    pub by_channel: BTreeMap<&'static str, Figures>,
    pub by_day: Vec<Day>,
    pub by_agent: BTreeMap<String, Agent>,
    /// An incident's report also has its volume per 10 minutes and its top words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<crate::incident::Figures>,
}

/// One day of the period, in the business calendar's time zone.
#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: String,
    pub inbound: usize,
    pub answered: usize,
    pub median_s: Option<f64>,
    pub within_sla_pct: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Agent {
    /// Replies the agent sent in the period.
    pub replies: usize,
    /// Messages whose first reply was the agent's.
    pub first_responses: usize,
    pub first_response: Quantiles,
}

/// Who answered each inbound message first: the agent named on the brand's reply, or
/// "elsewhere" for replies seen through a network or an import.
pub const ELSEWHERE: &str = "elsewhere";

/// Builds the report from every stored message (inbound and the brand's replies).
pub fn build(
    messages: &[Message],
    policies: &Policies,
    since: Timestamp,
    as_of: Timestamp,
) -> Report {
    let in_period = |m: &Message| m.created_at >= since && m.created_at <= as_of;
    let inbound: Vec<&Message> = messages
        .iter()
        .filter(|m| m.is_inbound() && in_period(m))
        .collect();
    let first_replier = first_repliers(messages, as_of);

    let mut totals = figures::Builder::default();
    let mut channels: BTreeMap<&'static str, figures::Builder> = BTreeMap::new();
    let mut days: BTreeMap<jiff::civil::Date, figures::Builder> = BTreeMap::new();
    let mut agents: BTreeMap<String, (Agent, Vec<f64>)> = BTreeMap::new();
    let tz = policies.calendar().time_zone();
    for m in &inbound {
        let reading = figures::Reading::of(m, policies, as_of);
        totals.add(m, &reading);
        channels
            .entry(m.channel.as_str())
            .or_default()
            .add(m, &reading);
        days.entry(tz.to_datetime(m.created_at).date())
            .or_default()
            .add(m, &reading);
        if let Some(seconds) = reading.first_response_s {
            let agent = first_replier
                .get(&m.id)
                .cloned()
                .unwrap_or_else(|| ELSEWHERE.into());
            let entry = agents.entry(agent).or_default();
            entry.0.first_responses += 1;
            entry.1.push(seconds);
        }
    }
    for m in messages
        .iter()
        .filter(|m| m.direction == Direction::Outbound && in_period(m))
    {
        let agent = m.author.name.clone().unwrap_or_else(|| ELSEWHERE.into());
        agents.entry(agent).or_default().0.replies += 1;
    }
    Report {
        as_of,
        since,
        totals: totals.finish(),
        by_channel: channels.into_iter().map(|(c, b)| (c, b.finish())).collect(),
        by_day: days
            .into_iter()
            .map(|(date, b)| {
                let f = b.finish();
                Day {
                    date: date.to_string(),
                    inbound: f.inbound,
                    answered: f.answered,
                    median_s: f.first_response.median_s,
                    within_sla_pct: f.within_sla_pct,
                }
            })
            .collect(),
        by_agent: agents
            .into_iter()
            .map(|(name, (mut a, mut times))| {
                a.first_response = Quantiles::of(&mut times);
                (name, a)
            })
            .collect(),
        incident: None,
    }
}

/// For each inbound message answered by `as_of`, the agent who sent the reply that answered
/// it (the brand message of its conversation written at its `answered_at`).
fn first_repliers(messages: &[Message], as_of: Timestamp) -> HashMap<MessageId, String> {
    let mut replies: HashMap<(MessageId, Timestamp), &Message> = HashMap::new();
    for m in messages
        .iter()
        .filter(|m| m.direction == Direction::Outbound)
    {
        replies.entry((m.conversation, m.created_at)).or_insert(m);
    }
    messages
        .iter()
        .filter(|m| m.is_inbound())
        .filter_map(|m| {
            let at = m.answered_at.filter(|a| *a <= as_of)?;
            let reply = replies.get(&(m.conversation, at))?;
            Some((
                m.id,
                reply
                    .author
                    .name
                    .clone()
                    .unwrap_or_else(|| ELSEWHERE.into()),
            ))
        })
        .collect()
}

/// A figure in seconds for a person: `42m`, `3h10`, `1d02`; `–` when there is none.
pub fn show_seconds(s: Option<f64>) -> String {
    s.map(|s| crate::duration::compact(jiff::SignedDuration::from_secs(s.round() as i64)))
        .unwrap_or_else(|| "–".into())
}

/// A share for a person, to `decimals` places; `–` when there is none.
pub fn show_pct(p: Option<f64>, decimals: usize) -> String {
    p.map(|p| format!("{p:.decimals$}%"))
        .unwrap_or_else(|| "–".into())
}

/// The per-channel table, as text columns: the header, then a row for each channel.
pub fn channel_table(report: &Report) -> Vec<String> {
    let mut rows = vec![format!(
        "{:<15}{:>6}{:>9}{:>9}{:>9}{:>8}{:>9}",
        "channel", "in", "answered", "median", "p90", "in SLA", "breached"
    )];
    for (channel, f) in &report.by_channel {
        // Keyed by the machine name (for --json); people read the channel's title.
        let title = crate::model::Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == *channel)
            .map_or(*channel, crate::model::Channel::title);
        rows.push(format!(
            "{:<15}{:>6}{:>9}{:>9}{:>9}{:>8}{:>9}",
            title,
            f.inbound,
            f.answered,
            show_seconds(f.first_response.median_s),
            show_seconds(f.first_response.p90_s),
            show_pct(f.within_sla_pct, 0),
            f.breached_open
        ));
    }
    rows
}

mod rfc3339 {
    pub(super) fn serialize<S: serde::Serializer>(
        t: &jiff::Timestamp,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_str(t)
    }
}

/// A report of some messages only (an incident's), from `since` to `until`.
#[derive(Debug, Clone)]
pub struct Scope {
    pub ids: Vec<crate::model::MessageId>,
    pub since: Timestamp,
    pub until: Timestamp,
}

/// The report of `messages`, or of the ones `only` names (an incident's, with its figures).
pub fn of_scope(
    messages: Vec<Message>,
    only: Option<Scope>,
    policies: &Policies,
    since: Timestamp,
    until: Timestamp,
) -> Report {
    let Some(only) = only else {
        return build(&messages, policies, since, until);
    };
    let ids: std::collections::HashSet<_> = only.ids.into_iter().collect();
    let messages = with_replies(messages, |m| ids.contains(&m.id));
    let mut report = build(&messages, policies, since, until);
    let inbound: Vec<&Message> = messages.iter().filter(|m| m.is_inbound()).collect();
    report.incident = Some(crate::incident::figures(&inbound, since, until));
    report
}

/// The inbound messages `found` keeps, and the brand's replies to them.
pub fn with_replies(
    messages: Vec<crate::model::Message>,
    found: impl Fn(&crate::model::Message) -> bool,
) -> Vec<crate::model::Message> {
    let kept: std::collections::HashSet<(crate::model::Channel, String)> = messages
        .iter()
        .filter(|m| found(m))
        .map(|m| (m.channel, m.external_id.clone()))
        .collect();
    messages
        .into_iter()
        .filter(|m| {
            if m.is_inbound() {
                kept.contains(&(m.channel, m.external_id.clone()))
            } else {
                m.in_reply_to
                    .as_ref()
                    .is_some_and(|parent| kept.contains(&(m.channel, parent.clone())))
            }
        })
        .collect()
}
