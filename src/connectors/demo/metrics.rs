//! Audience figures that drift plausibly: followers grow slowly with noise; reach, impressions
//! and engagement follow a daily rhythm. Each network only reports what it really provides.

use crate::metrics::provided;
use crate::model::{Channel, Metric, MetricSample};
use jiff::Timestamp;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(super) struct MetricDrift {
    followers: [f64; 5],
}

impl MetricDrift {
    pub(super) fn new() -> Self {
        MetricDrift {
            followers: [4_200.0, 6_800.0, 48_500.0, 72_300.0, 0.0],
        }
    }

    /// One reading of every provided metric at `at`; `hours` is the time since the last one.
    pub(super) fn sample(
        &mut self,
        rng: &mut ChaCha8Rng,
        at: Timestamp,
        hours: f64,
    ) -> Vec<MetricSample> {
        let hour_of_day = (at.as_second().rem_euclid(86_400) as f64) / 3600.0;
        let rhythm = 1.0 + 0.35 * ((hour_of_day - 14.0) / 24.0 * std::f64::consts::TAU).cos();
        let mut out = Vec::new();
        for (i, channel) in Channel::ALL.into_iter().enumerate() {
            let f = &mut self.followers[i];
            *f *= 1.0 + hours * rng.gen_range(-0.0004..0.0012);
            let scale = match channel {
                Channel::GoogleReviews => 9_000.0,
                _ => *f,
            };
            let reach = scale * 0.22 * rhythm * rng.gen_range(0.85..1.15);
            let impressions = reach * rng.gen_range(1.6..2.4);
            let engagement = impressions * rng.gen_range(0.02..0.06);
            for &metric in provided(channel) {
                let value = match metric {
                    Metric::Followers => f.round(),
                    Metric::Reach => reach.round(),
                    Metric::Impressions => impressions.round(),
                    Metric::Engagement => engagement.round(),
                };
                out.push(MetricSample {
                    channel,
                    metric,
                    value,
                    at,
                });
            }
        }
        out
    }
}
