//! Metric time series: one key per channel, metric and time.

use super::{Store, StoreError, keys};
use crate::model::{Channel, Metric, MetricSample};
use jiff::Timestamp;

fn series_prefix(channel: Channel, metric: Metric) -> [u8; 2] {
    [channel as u8, metric as u8]
}

impl Store {
    pub fn add_samples(&self, samples: &[MetricSample]) -> Result<(), StoreError> {
        let mut batch = sled::Batch::default();
        for s in samples {
            let key = [&series_prefix(s.channel, s.metric)[..], &keys::time(s.at)].concat();
            batch.insert(key, &s.value.to_be_bytes());
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
        let mut out = Vec::new();
        for entry in self.samples.range(start..end.to_vec()) {
            let (k, v) = entry.map_err(|e| self.io(e))?;
            let (Some(t), Ok(v)) = (k.get(2..10), <[u8; 8]>::try_from(v.as_ref())) else {
                return Err(self.corrupt("a metric sample is truncated"));
            };
            let ms = (u64::from_be_bytes(t.try_into().unwrap_or_default()) ^ (1 << 63)) as i64;
            let at = Timestamp::from_millisecond(ms).map_err(|e| self.corrupt(e.to_string()))?;
            out.push(MetricSample {
                channel,
                metric,
                value: f64::from_be_bytes(v),
                at,
            });
        }
        Ok(out)
    }

    /// The newest sample of a series, if any.
    pub fn latest_sample(
        &self,
        channel: Channel,
        metric: Metric,
    ) -> Result<Option<MetricSample>, StoreError> {
        let prefix = series_prefix(channel, metric);
        let last = self.samples.scan_prefix(prefix).next_back();
        match last {
            Some(Ok((k, v))) => {
                let at = k.get(2..10).and_then(|t| <[u8; 8]>::try_from(t).ok());
                let val = <[u8; 8]>::try_from(v.as_ref()).ok();
                match (at, val) {
                    (Some(t), Some(v)) => {
                        let ms = (u64::from_be_bytes(t) ^ (1 << 63)) as i64;
                        Ok(Some(MetricSample {
                            channel,
                            metric,
                            value: f64::from_be_bytes(v),
                            at: Timestamp::from_millisecond(ms)
                                .map_err(|e| self.corrupt(e.to_string()))?,
                        }))
                    }
                    _ => Err(self.corrupt("a metric sample is truncated")),
                }
            }
            Some(Err(e)) => Err(self.io(e)),
            None => Ok(None),
        }
    }
}
