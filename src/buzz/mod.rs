//! The bad-buzz alert: the number of negative inbound messages in a sliding window, compared
//! with its own recent baseline (an exponentially weighted mean and variance). A spike well
//! above the baseline, with a minimum count and negatives over-represented among everything
//! that came in, raises an alert; it clears when the count falls back within a standard
//! deviation of the baseline, or negatives are no longer over-represented among inbound. While
//! a spike lasts the baseline learns only what is within its threshold.
//!
//! Everything is recomputed from the messages' times (a replay), so an alert survives a
//! restart and the same messages always give the same answer.

pub mod words;

pub use words::over_represented;

use crate::model::{Channel, Message, SentimentLabel};
use jiff::{SignedDuration, Timestamp};

/// How sensitive the alert is (the `[buzz]` section of the config).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Negatives are counted over this sliding window; it is also how late an alert can be.
    pub window: SignedDuration,
    /// How fast the baseline forgets: a count this old weighs half as much.
    pub half_life: SignedDuration,
    /// How many standard deviations above the baseline a spike is.
    pub sigma: f64,
    /// Fewer negatives than this in the window never raise an alert.
    pub min_count: u32,
    /// Negatives' share of the window's inbound must be this many times its usual share, so
    /// a busier day with the usual mood is not a bad buzz.
    pub min_share_lift: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window: SignedDuration::from_mins(2),
            half_life: SignedDuration::from_hours(2),
            sigma: 3.0,
            min_count: 8,
            min_share_lift: 1.25,
        }
    }
}

impl Settings {
    /// The window slides by a quarter of itself.
    fn step(&self) -> SignedDuration {
        SignedDuration::from_millis((self.window.as_millis() as i64 / 4).max(1_000))
    }

    /// How much history the baseline needs: six half-lives weigh over 98 %.
    pub fn history(&self) -> SignedDuration {
        self.half_life * 6 + self.window
    }
}

/// One inbound message, as the detector sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrival {
    pub at: Timestamp,
    pub negative: bool,
}

impl Arrival {
    pub fn of(m: &Message) -> Option<Arrival> {
        m.is_inbound().then(|| Arrival {
            at: m.created_at,
            negative: m
                .sentiment
                .as_ref()
                .is_some_and(|s| s.label == SentimentLabel::Neg),
        })
    }
}

/// A spike is over once negatives' share is less than this many binomial deviations above
/// the usual share (it needs `Settings::sigma` to start).
const CLEAR_SHARE_SIGMA: f64 = 2.0;

/// A spike in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct Spike {
    /// The first negative message of the window that raised the alert.
    pub started: Timestamp,
    /// Negatives in the window now, and the usual count for such a window.
    pub count: u32,
    pub baseline: f64,
    pub deviation: f64,
}

/// Replays `arrivals` (oldest first) up to `now` and says whether a spike is in progress.
pub fn detect(arrivals: &[Arrival], now: Timestamp, s: &Settings) -> Option<Spike> {
    let first = arrivals.first()?.at;
    let step = s.step();
    let alpha = 1.0 - 0.5f64.powf(step.as_secs_f64() / s.half_life.as_secs_f64());
    // A baseline needs a few windows behind it before it can be trusted.
    let warm_up = 4 * (s.window.as_millis() / step.as_millis()).max(1) as u32;

    let mut baseline = Baseline::default();
    let mut spike: Option<Spike> = None;
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut negatives = 0u32;
    // The first full window ends a window after the first arrival.
    let mut t = first + s.window;
    loop {
        let end = t.min(now);
        // The window is (end - window, end].
        while hi < arrivals.len() && arrivals[hi].at <= end {
            negatives += arrivals[hi].negative as u32;
            hi += 1;
        }
        while lo < hi && arrivals[lo].at <= end - s.window {
            negatives -= arrivals[lo].negative as u32;
            lo += 1;
        }
        let total = (hi - lo) as u32;
        let usual = baseline.mean;
        let sd = baseline.deviation();
        match &mut spike {
            Some(sp) => {
                sp.count = negatives;
                // Over when the count is back within a deviation of usual, or when negatives
                // are no longer over-represented (the volume itself may have moved on).
                if negatives as f64 <= usual + sd
                    || baseline.share_z(negatives, total) < CLEAR_SHARE_SIGMA
                {
                    spike = None;
                }
                // The baseline goes on learning, with the spike's excess cut off, so that a
                // lasting change of level becomes the usual one.
                let capped = (negatives as f64).min(usual + s.sigma * sd);
                baseline.learn(capped, total as f64, alpha);
            }
            None => {
                // Negatives must also be over-represented among what came in: by the
                // configured lift, and beyond what chance gives such a window.
                let lifted = total > 0
                    && negatives as f64 / total as f64 >= s.min_share_lift * baseline.share()
                    && baseline.share_z(negatives, total) >= s.sigma;
                if baseline.seen >= warm_up
                    && negatives >= s.min_count
                    && negatives as f64 >= usual + s.sigma * sd
                    && lifted
                {
                    let started = arrivals[lo..hi]
                        .iter()
                        .find(|a| a.negative)
                        .map_or(end, |a| a.at);
                    spike = Some(Spike {
                        started,
                        count: negatives,
                        baseline: usual,
                        deviation: sd,
                    });
                } else {
                    baseline.learn(negatives as f64, total as f64, alpha);
                }
            }
        }
        if end >= now {
            return spike;
        }
        t += step;
    }
}

/// The usual negatives per window, their spread, and the usual inbound per window.
#[derive(Debug, Default)]
struct Baseline {
    mean: f64,
    variance: f64,
    inbound: f64,
    seen: u32,
}

impl Baseline {
    fn learn(&mut self, negatives: f64, inbound: f64, alpha: f64) {
        self.seen = self.seen.saturating_add(1);
        // A plain average while few windows are known, so the first one does not weigh
        // for hours; the exponential weighting once there are enough.
        let alpha = alpha.max(1.0 / self.seen as f64);
        let diff = negatives - self.mean;
        self.mean += alpha * diff;
        self.variance = (1.0 - alpha) * (self.variance + alpha * diff * diff);
        self.inbound += alpha * (inbound - self.inbound);
    }

    /// Never below what chance alone gives a count (Poisson), nor below one.
    fn deviation(&self) -> f64 {
        self.variance.sqrt().max(self.mean.sqrt()).max(1.0)
    }

    /// How many binomial deviations the window's share of negatives is above the usual one.
    fn share_z(&self, negatives: u32, inbound: u32) -> f64 {
        if inbound == 0 {
            return 0.0;
        }
        let usual = self.share().clamp(0.01, 0.99);
        let n = inbound as f64;
        (negatives as f64 / n - usual) / (usual * (1.0 - usual) / n).sqrt()
    }

    fn share(&self) -> f64 {
        if self.inbound > 0.0 {
            self.mean / self.inbound
        } else {
            0.0
        }
    }
}

/// A spike on one channel (`scope`) or over all of them (`None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    pub scope: Option<Channel>,
    pub spike: Spike,
    /// The words most over-represented in the spike's messages, with how many of them
    /// carry each.
    pub words: Vec<(String, usize)>,
    /// When it was first seen over (messages from then on are not part of it); none while
    /// it lasts.
    pub until: Option<Timestamp>,
    /// How many of the spike's messages the words were drawn from.
    words_over: usize,
}

impl Alert {
    pub fn place(&self) -> &'static str {
        self.scope.map_or("all channels", Channel::title)
    }

    /// The messages of the spike: negative inbound messages in scope from its start to its
    /// end (read from an inbound message's summary).
    pub fn contains(&self, m: &crate::summary::Summary) -> bool {
        let at = m.created_at();
        m.sentiment == Some(SentimentLabel::Neg)
            && at >= self.spike.started
            && self.until.is_none_or(|u| at < u)
            && self.scope.is_none_or(|c| c == m.channel)
    }

    /// The same spike (same place, same start) seen again.
    pub fn same_as(&self, other: &Alert) -> bool {
        self.scope == other.scope && self.spike.started == other.spike.started
    }
}

/// Every alert in progress: overall first, then per channel. The words of a spike already
/// in `known` are kept until it has grown by a quarter: comparing words reads every recent
/// message, too much to redo each second.
pub fn alerts<'a>(
    messages: impl Iterator<Item = &'a Message> + Clone,
    now: Timestamp,
    s: &Settings,
    known: &[Alert],
) -> Vec<Alert> {
    let since = now - s.history();
    let recent: Vec<&Message> = {
        let mut v: Vec<&Message> = messages
            .filter(|m| m.is_inbound() && m.created_at >= since && m.created_at <= now)
            .collect();
        v.sort_by_key(|m| m.created_at);
        v
    };
    let scopes = std::iter::once(None).chain(crate::model::Channel::ALL.into_iter().map(Some));
    scopes
        .filter_map(|scope| {
            let in_scope: Vec<&Message> = recent
                .iter()
                .copied()
                .filter(|m| scope.is_none_or(|c| c == m.channel))
                .collect();
            let arrivals: Vec<Arrival> = in_scope.iter().filter_map(|m| Arrival::of(m)).collect();
            let spike = detect(&arrivals, now, s)?;
            let start = in_scope.partition_point(|m| m.created_at < spike.started);
            let (before, since_start) = in_scope.split_at(start);
            let during: Vec<&Message> = since_start
                .iter()
                .copied()
                .filter(|m| Arrival::of(m).is_some_and(|a| a.negative))
                .collect();
            let mut alert = Alert {
                scope,
                spike,
                until: None,
                words: Vec::new(),
                words_over: during.len(),
            };
            match known.iter().find(|k| k.same_as(&alert)) {
                Some(k) if during.len() * 4 < k.words_over * 5 => {
                    (alert.words, alert.words_over) = (k.words.clone(), k.words_over);
                }
                _ => alert.words = over_represented(&during, before, 6),
            }
            Some(alert)
        })
        .collect()
}

#[cfg(test)]
mod tests;
