//! Metric time series: one key per channel, metric and time.

use super::{Store, StoreError, keys};
use crate::metrics::dashboard::Readings;
use crate::model::{Channel, Metric, MetricSample};
use jiff::Timestamp;

fn series_prefix(channel: Channel, metric: Metric) -> [u8; 2] {
    [channel as u8, metric as u8]
}

impl Store {
    /// Every series' readings from `since` on, each with the reading in force at `since`
    /// (the last one before it) so that changes over the period have their start.
    pub fn readings_since(&self, since: Timestamp) -> Result<Readings, StoreError> {
        let mut out = Readings::new();
        for channel in Channel::ALL {
            for metric in Metric::ALL {
                let mut series = self.samples(channel, metric, since)?;
                if let Some(before) = self.sample_before(channel, metric, since)? {
                    series.insert(0, before);
                }
                if !series.is_empty() {
                    out.insert((channel, metric), series);
                }
            }
        }
        Ok(out)
    }

    /// Replaces readings older than two days by hourly means, and older than 60 days by
    /// daily means (see `metrics::series::downsample`); returns how many readings went.
    pub fn compact_samples(&self, now: Timestamp) -> Result<usize, StoreError> {
        let older_than = now - crate::metrics::series::RAW_FOR;
        let mut removed = 0;
        for channel in Channel::ALL {
            for metric in Metric::ALL {
                let old: Vec<MetricSample> = self
                    .samples(channel, metric, Timestamp::MIN)?
                    .into_iter()
                    .take_while(|s| s.at < older_than)
                    .collect();
                let kept = crate::metrics::series::downsample(&old, now);
                if kept.len() == old.len() {
                    continue;
                }
                let mut batch = sled::Batch::default();
                for s in &old {
                    batch.remove(sample_key(s));
                }
                for s in &kept {
                    batch.insert(sample_key(s), &s.value.to_be_bytes());
                }
                self.samples.apply_batch(batch).map_err(|e| self.io(e))?;
                removed += old.len() - kept.len();
            }
        }
        Ok(removed)
    }

    fn sample_before(
        &self,
        channel: Channel,
        metric: Metric,
        at: Timestamp,
    ) -> Result<Option<MetricSample>, StoreError> {
        let prefix = series_prefix(channel, metric);
        let end = [&prefix[..], &keys::time(at)].concat();
        match self.samples.range(prefix.to_vec()..end).next_back() {
            Some(entry) => {
                let (k, v) = entry.map_err(|e| self.io(e))?;
                self.decode_sample(channel, metric, &k, &v).map(Some)
            }
            None => Ok(None),
        }
    }

    fn decode_sample(
        &self,
        channel: Channel,
        metric: Metric,
        k: &[u8],
        v: &[u8],
    ) -> Result<MetricSample, StoreError> {
        let (Some(t), Ok(v)) = (
            k.get(2..10).and_then(|t| <[u8; 8]>::try_from(t).ok()),
            <[u8; 8]>::try_from(v),
        ) else {
            return Err(self.corrupt("a metric sample is truncated"));
        };
        let ms = (u64::from_be_bytes(t) ^ (1 << 63)) as i64;
        let at = Timestamp::from_millisecond(ms).map_err(|e| self.corrupt(e.to_string()))?;
        Ok(MetricSample {
            channel,
            metric,
            value: f64::from_be_bytes(v),
            at,
        })
    }

    pub fn add_samples(&self, samples: &[MetricSample]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for s in samples {
            batch.insert(sample_key(s), &s.value.to_be_bytes());
        }
        self.samples.apply_batch(batch).map_err(|e| self.io(e))
    }

    /// Samples of one series from `since` on, oldest first.
    pub fn samples(
        &self,
        channel: Channel,
        metric: Metric,
        since: Timestamp,
    ) -> Result<Vec<MetricSample>, StoreError> {
        let prefix = series_prefix(channel, metric);
        let start = [&prefix[..], &keys::time(since)].concat();
        let end = [channel as u8, metric as u8 + 1];
        self.samples
            .range(start..end.to_vec())
            .map(|entry| {
                let (k, v) = entry.map_err(|e| self.io(e))?;
                self.decode_sample(channel, metric, &k, &v)
            })
            .collect()
    }

    /// The newest sample of a series, if any.
    pub fn latest_sample(
        &self,
        channel: Channel,
        metric: Metric,
    ) -> Result<Option<MetricSample>, StoreError> {
        self.sample_before(channel, metric, Timestamp::MAX)
    }
}

/// Folds old readings on a thread of its own while the store goes on: a store an older
/// tribune wrote may hold a million raw readings (seconds of work), and the inbox's rows must
/// not wait behind them. It only touches readings older than two days, which nothing else
/// writes.
pub struct SampleCompactor(Store);

impl SampleCompactor {
    /// See `Store::compact_samples`.
    pub fn compact(&self, now: Timestamp) -> Result<usize, StoreError> {
        self.0.compact_samples(now)
    }
}

impl Store {
    pub fn sample_compactor(&self) -> SampleCompactor {
        SampleCompactor(self.handle())
    }
}

fn sample_key(s: &MetricSample) -> Vec<u8> {
    [&series_prefix(s.channel, s.metric)[..], &keys::time(s.at)].concat()
}
