//! The live panels: for each channel and in total, each audience figure's current value, its
//! change over the chosen period and a chart; beside them the inbox's own KPIs.

use super::series::{self, Change};
use crate::model::{Channel, Message, Metric, MetricSample};
use crate::report::Figures;
use crate::sla::Policies;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeMap;

/// How far back the dashboard looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
}

impl Period {
    pub fn duration(self) -> SignedDuration {
        SignedDuration::from_hours(match self {
            Period::Day => 24,
            Period::Week => 7 * 24,
            Period::Month => 30 * 24,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Day => "24h",
            Period::Week => "7d",
            Period::Month => "30d",
        }
    }

    pub fn next(self) -> Period {
        match self {
            Period::Day => Period::Week,
            Period::Week => Period::Month,
            Period::Month => Period::Day,
        }
    }

    /// The inbound-volume buckets: hours over a day, 6 h over a week, days over a month.
    fn bucket(self) -> SignedDuration {
        SignedDuration::from_hours(match self {
            Period::Day => 1,
            Period::Week => 6,
            Period::Month => 24,
        })
    }
}

/// The dashboard's columns: the four figures networks report and the rate derived from two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Followers,
    Reach,
    Impressions,
    Engagement,
    /// Engagement / impressions.
    Rate,
}

impl Measure {
    pub const ALL: [Measure; 5] = [
        Measure::Followers,
        Measure::Reach,
        Measure::Impressions,
        Measure::Engagement,
        Measure::Rate,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Measure::Followers => "followers",
            Measure::Reach => "reach",
            Measure::Impressions => "impressions",
            Measure::Engagement => "engagement",
            Measure::Rate => "eng. rate",
        }
    }

    /// A name for the one-line strip.
    pub fn short(self) -> &'static str {
        match self {
            Measure::Followers => "followers",
            Measure::Reach => "reach",
            Measure::Impressions => "impr.",
            Measure::Engagement => "eng.",
            Measure::Rate => "rate",
        }
    }

    fn metric(self) -> Option<Metric> {
        match self {
            Measure::Followers => Some(Metric::Followers),
            Measure::Reach => Some(Metric::Reach),
            Measure::Impressions => Some(Metric::Impressions),
            Measure::Engagement => Some(Metric::Engagement),
            Measure::Rate => None,
        }
    }
}

/// One cell: a value with its change and chart, or why there is none.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Value {
        current: f64,
        change: Option<Change>,
        /// (hours before now, value), oldest first.
        points: Vec<(f64, f64)>,
    },
    Unavailable(String),
}

impl Figure {
    pub fn current(&self) -> Option<f64> {
        match self {
            Figure::Value { current, .. } => Some(*current),
            Figure::Unavailable(_) => None,
        }
    }
}

/// A channel's row, or the total's (`channel` none).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub channel: Option<Channel>,
    /// In `Measure::ALL` order.
    pub figures: Vec<Figure>,
}

impl Row {
    pub fn figure(&self, m: Measure) -> &Figure {
        &self.figures[Measure::ALL.iter().position(|x| *x == m).unwrap_or(0)]
    }

    pub fn title(&self) -> &'static str {
        self.channel.map(Channel::title).unwrap_or("Total")
    }
}

/// What the inbox itself says over the period.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxKpis {
    pub figures: Figures,
    /// Positive messages per negative one; none without negatives.
    pub pos_neg_ratio: Option<f64>,
    /// Inbound messages per day over the period.
    pub per_day: f64,
    /// Inbound messages per bucket (see `Period::bucket`), oldest first.
    pub volume: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub period: Period,
    pub as_of: Timestamp,
    /// Channels with readings, in the usual channel order; the total last.
    pub rows: Vec<Row>,
    pub inbox: InboxKpis,
}

impl Dashboard {
    pub fn total(&self) -> Option<&Row> {
        self.rows.iter().find(|r| r.channel.is_none())
    }
}

/// Chart points per figure: enough for a wide terminal's braille resolution.
pub const CHART_POINTS: usize = 160;

/// The stored readings of each channel's series over the period (and the reading in force at
/// its start), as the service reads them.
pub type Readings = BTreeMap<(Channel, Metric), Vec<MetricSample>>;

pub fn build(
    period: Period,
    now: Timestamp,
    readings: &Readings,
    inbound_and_replies: &[Message],
    policies: &Policies,
) -> Dashboard {
    let since = now - period.duration();
    let channels: Vec<Channel> = Channel::ALL
        .into_iter()
        .filter(|c| readings.keys().any(|(rc, _)| rc == c))
        .collect();
    let mut rows: Vec<Row> = channels
        .iter()
        .map(|&c| channel_row(c, readings, since, now))
        .collect();
    if !rows.is_empty() {
        rows.push(total_row(&channels, readings, since, now));
    }
    Dashboard {
        period,
        as_of: now,
        rows,
        inbox: inbox_kpis(period, now, inbound_and_replies, policies),
    }
}

fn channel_row(channel: Channel, readings: &Readings, since: Timestamp, now: Timestamp) -> Row {
    let figure = |metric: Metric| -> Figure {
        if let Some(reason) = super::unavailable_reason(channel, metric) {
            return Figure::Unavailable(reason.into());
        }
        match readings.get(&(channel, metric)).filter(|s| !s.is_empty()) {
            Some(s) => Figure::Value {
                current: s.last().map(|x| x.value).unwrap_or_default(),
                change: series::change_since(s, since),
                points: series::chart_points(s, since, now, CHART_POINTS),
            },
            None => Figure::Unavailable("no reading received yet".into()),
        }
    };
    let figures: Vec<Figure> = Measure::ALL
        .iter()
        .map(|m| match m.metric() {
            Some(metric) => figure(metric),
            None => match super::unavailable_reason(channel, Metric::Impressions) {
                Some(_) => Figure::Unavailable(format!(
                    "{} reports no impressions, so there is no engagement rate",
                    channel.title()
                )),
                None => rate(&figure(Metric::Engagement), &figure(Metric::Impressions)),
            },
        })
        .collect();
    Row {
        channel: Some(channel),
        figures,
    }
}

/// Engagement over impressions, at each chart point and now; its change in points of share.
fn rate(engagement: &Figure, impressions: &Figure) -> Figure {
    match (engagement, impressions) {
        (
            Figure::Value {
                current: e,
                change: ec,
                points: ep,
            },
            Figure::Value {
                current: i,
                change: ic,
                points: ip,
            },
        ) => {
            let share = |e: f64, i: f64| (i > 0.0).then(|| e / i);
            let Some(current) = share(*e, *i) else {
                return Figure::Unavailable("no impressions in the latest reading".into());
            };
            let start = match (ec, ic) {
                (Some(ec), Some(ic)) => share(e - ec.absolute, i - ic.absolute),
                _ => None,
            };
            let points = ep
                .iter()
                .zip(ip)
                .filter_map(|(&(x, e), &(_, i))| Some((x, share(e, i)?)))
                .collect();
            Figure::Value {
                current,
                change: start.map(|s| Change {
                    absolute: current - s,
                    percent: None,
                }),
                points,
            }
        }
        (Figure::Unavailable(why), _) | (_, Figure::Unavailable(why)) => {
            Figure::Unavailable(why.clone())
        }
    }
}

/// Sums over the channels that report each figure; the rate over those reporting both.
fn total_row(channels: &[Channel], readings: &Readings, since: Timestamp, now: Timestamp) -> Row {
    let sum = |metric: Metric, among: &[Channel]| -> Figure {
        let series: Vec<&Vec<MetricSample>> = among
            .iter()
            .filter_map(|c| readings.get(&(*c, metric)).filter(|s| !s.is_empty()))
            .collect();
        if series.is_empty() {
            return Figure::Unavailable("no channel reports it".into());
        }
        let current = series
            .iter()
            .filter_map(|s| s.last())
            .map(|x| x.value)
            .sum();
        let start: f64 = series
            .iter()
            .filter_map(|s| series::value_at(s, since).or(s.first().map(|x| x.value)))
            .sum();
        let points = series::grid(since, now, CHART_POINTS)
            .filter_map(|t| {
                let values: Vec<f64> = series
                    .iter()
                    .filter_map(|s| series::value_at(s, t))
                    .collect();
                (values.len() == series.len())
                    .then(|| (series::hours_before(t, now), values.iter().sum()))
            })
            .collect();
        Figure::Value {
            current,
            change: Some(Change {
                absolute: current - start,
                percent: (start != 0.0).then(|| (current - start) / start.abs() * 100.0),
            }),
            points,
        }
    };
    let with_impressions: Vec<Channel> = channels
        .iter()
        .copied()
        .filter(|c| super::provided(*c).contains(&Metric::Impressions))
        .collect();
    let figures = Measure::ALL
        .iter()
        .map(|m| match m.metric() {
            Some(metric) => sum(metric, channels),
            None if with_impressions.is_empty() => Figure::Unavailable(
                "no channel here reports impressions, so no engagement rate".into(),
            ),
            None => rate(
                &sum(Metric::Engagement, &with_impressions),
                &sum(Metric::Impressions, &with_impressions),
            ),
        })
        .collect();
    Row {
        channel: None,
        figures,
    }
}

fn inbox_kpis(
    period: Period,
    now: Timestamp,
    messages: &[Message],
    policies: &Policies,
) -> InboxKpis {
    let since = now - period.duration();
    let figures = crate::report::build(messages, policies, since, now).totals;
    let s = &figures.sentiment;
    let bucket = period.bucket();
    let buckets = (period.duration().as_secs() / bucket.as_secs()) as usize;
    let mut volume = vec![0u64; buckets];
    for m in messages
        .iter()
        .filter(|m| m.is_inbound() && m.created_at >= since && m.created_at <= now)
    {
        let i = (m.created_at.duration_since(since).as_secs() / bucket.as_secs()) as usize;
        volume[i.min(buckets - 1)] += 1;
    }
    InboxKpis {
        pos_neg_ratio: (s.neg > 0).then(|| s.pos as f64 / s.neg as f64),
        per_day: figures.inbound as f64 / (period.duration().as_secs_f64() / 86_400.0),
        volume,
        figures,
    }
}

#[cfg(test)]
mod tests;
