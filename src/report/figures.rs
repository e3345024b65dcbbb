//! The figures a report gives for any set of inbound messages (all of them, one channel, one
//! day), accumulated one message at a time.

use crate::model::{Kind, Message, SentimentLabel};
use crate::sla::Policies;
use jiff::Timestamp;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub inbound: usize,
    pub answered: usize,
    pub unanswered: usize,
    pub first_response: Quantiles,
    pub within_sla_pct: Option<f64>,
    pub breached_open: usize,
    pub oldest_unanswered_negative_s: Option<i64>,
    pub sentiment: SentimentCounts,
    pub reviews: Reviews,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Quantiles {
    pub median_s: Option<f64>,
    pub p90_s: Option<f64>,
}

impl Quantiles {
    /// Median (the two middle values averaged) and nearest-rank p90 of `values`.
    pub fn of(values: &mut [f64]) -> Quantiles {
        if values.is_empty() {
            return Quantiles::default();
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        let rank = (0.9 * n as f64).ceil() as usize;
        Quantiles {
            median_s: Some(median),
            p90_s: Some(values[rank.clamp(1, n) - 1]),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SentimentCounts {
    pub pos: usize,
    pub neu: usize,
    pub neg: usize,
    /// Of those, how many labels an agent set by hand.
    pub set_by_agent: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reviews {
    pub count: usize,
    pub avg_rating: Option<f64>,
    /// Share of reviews rated 4 or 5 stars.
    pub csat_pct: Option<f64>,
}

/// What one inbound message contributes, read once.
pub(super) struct Reading {
    pub first_response_s: Option<f64>,
    /// Answered by the deadline: Some(true/false) once it counts towards the SLA share.
    pub within_sla: Option<bool>,
    pub breached_open: bool,
    pub age_s: i64,
}

impl Reading {
    pub(super) fn of(m: &Message, policies: &Policies, as_of: Timestamp) -> Reading {
        let answered_at = m.answered_at.filter(|a| *a <= as_of);
        let deadline = policies.deadline(m);
        let within_sla = match (answered_at, deadline) {
            (Some(a), Some(d)) => Some(a <= d),
            (None, Some(d)) if d <= as_of => Some(false),
            _ => None,
        };
        Reading {
            first_response_s: answered_at.map(|a| a.duration_since(m.created_at).as_secs_f64()),
            within_sla,
            breached_open: answered_at.is_none()
                && m.status.is_active()
                && deadline.is_some_and(|d| d < as_of),
            age_s: as_of.duration_since(m.created_at).as_secs(),
        }
    }
}

#[derive(Default)]
pub(super) struct Builder {
    f: Figures,
    times: Vec<f64>,
    sla_counted: usize,
    sla_met: usize,
    ratings: Vec<u8>,
}

impl Builder {
    pub(super) fn add(&mut self, m: &Message, r: &Reading) {
        let f = &mut self.f;
        f.inbound += 1;
        match r.first_response_s {
            Some(s) => {
                f.answered += 1;
                self.times.push(s);
            }
            None => {
                f.unanswered += 1;
                let negative = m
                    .sentiment
                    .as_ref()
                    .is_some_and(|s| s.label == SentimentLabel::Neg);
                if negative && m.status.is_active() {
                    f.oldest_unanswered_negative_s =
                        Some(f.oldest_unanswered_negative_s.unwrap_or(0).max(r.age_s));
                }
            }
        }
        if let Some(met) = r.within_sla {
            self.sla_counted += 1;
            self.sla_met += met as usize;
        }
        f.breached_open += r.breached_open as usize;
        if let Some(s) = &m.sentiment {
            match s.label {
                SentimentLabel::Pos => f.sentiment.pos += 1,
                SentimentLabel::Neu => f.sentiment.neu += 1,
                SentimentLabel::Neg => f.sentiment.neg += 1,
            }
            f.sentiment.set_by_agent += s.by_agent as usize;
        }
        if m.kind == Kind::Review
            && let Some(stars) = m.rating
        {
            self.ratings.push(stars);
        }
    }

    pub(super) fn finish(mut self) -> Figures {
        self.f.first_response = Quantiles::of(&mut self.times);
        self.f.within_sla_pct = percent(self.sla_met, self.sla_counted);
        let n = self.ratings.len();
        self.f.reviews = Reviews {
            count: n,
            avg_rating: (n > 0).then(|| {
                let sum: u32 = self.ratings.iter().map(|&r| r as u32).sum();
                round(sum as f64 / n as f64, 2)
            }),
            csat_pct: percent(self.ratings.iter().filter(|&&r| r >= 4).count(), n),
        };
        self.f
    }
}

fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round(100.0 * part as f64 / whole as f64, 1))
}

fn round(v: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (v * scale).round() / scale
}
