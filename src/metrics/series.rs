//! One metric's readings over time: the value at an instant, the change over a period, the
//! points a chart draws, and the down-sampling that keeps a year of readings small.

use crate::model::MetricSample;
use jiff::{SignedDuration, Timestamp};

/// Readings younger than this are kept as they came.
pub const RAW_FOR: SignedDuration = SignedDuration::from_hours(48);
/// Readings younger than this (and older than `RAW_FOR`) are kept one per hour; older ones
/// one per day.
pub const HOURLY_FOR: SignedDuration = SignedDuration::from_hours(60 * 24);

/// The last reading at or before `at` (figures hold until the next reading).
pub fn value_at(series: &[MetricSample], at: Timestamp) -> Option<f64> {
    let after = series.partition_point(|s| s.at <= at);
    after.checked_sub(1).map(|i| series[i].value)
}

/// How a figure moved over a period: from the reading in force at its start to the latest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub absolute: f64,
    /// Relative to the start; none when the start was zero.
    pub percent: Option<f64>,
}

/// The change from the reading in force at `since` (or the first one, for a series that
/// starts inside the period) to the newest; none for an empty series.
pub fn change_since(series: &[MetricSample], since: Timestamp) -> Option<Change> {
    let latest = series.last()?.value;
    let start = value_at(series, since).or_else(|| series.first().map(|s| s.value))?;
    Some(Change {
        absolute: latest - start,
        percent: (start != 0.0).then(|| (latest - start) / start.abs() * 100.0),
    })
}

/// `count` evenly spaced points over `[since, until]` (x in hours before `until`, negative),
/// each the reading in force then; instants before the first reading are left out.
pub fn chart_points(
    series: &[MetricSample],
    since: Timestamp,
    until: Timestamp,
    count: usize,
) -> Vec<(f64, f64)> {
    grid(since, until, count)
        .filter_map(|t| Some((hours_before(t, until), value_at(series, t)?)))
        .collect()
}

/// The instants of a chart grid.
pub fn grid(since: Timestamp, until: Timestamp, count: usize) -> impl Iterator<Item = Timestamp> {
    let span = until.duration_since(since).as_millis().max(0) as i64;
    let steps = count.max(2) as i64 - 1;
    (0..=steps).map(move |i| since + SignedDuration::from_millis(span * i / steps))
}

/// Hours from `until` back to `t`, as a negative x coordinate.
pub fn hours_before(t: Timestamp, until: Timestamp) -> f64 {
    -(until.duration_since(t).as_secs_f64() / 3600.0)
}

/// One series' readings as kept: raw for `RAW_FOR`, then hourly means, then daily means
/// (UTC days). Input and output are oldest first; applying it twice changes nothing.
pub fn downsample(series: &[MetricSample], now: Timestamp) -> Vec<MetricSample> {
    let raw_from = floor(now - RAW_FOR, 3600);
    let hourly_from = floor(now - HOURLY_FOR, 86_400);
    let mut out: Vec<MetricSample> = Vec::with_capacity(series.len());
    let mut group: Option<(Timestamp, f64, u32)> = None;
    let flush = |out: &mut Vec<MetricSample>, group: Option<(Timestamp, f64, u32)>| {
        if let (Some((at, sum, n)), Some(first)) = (group, series.first()) {
            out.push(MetricSample {
                at,
                value: sum / n as f64,
                ..*first
            });
        }
    };
    for s in series {
        let bucket = if s.at >= raw_from {
            None
        } else if s.at >= hourly_from {
            Some(floor(s.at, 3600))
        } else {
            Some(floor(s.at, 86_400))
        };
        match (bucket, &mut group) {
            (Some(b), Some((at, sum, n))) if *at == b => {
                *sum += s.value;
                *n += 1;
            }
            (Some(b), _) => {
                flush(&mut out, group.take());
                group = Some((b, s.value, 1));
            }
            (None, _) => {
                flush(&mut out, group.take());
                out.push(*s);
            }
        }
    }
    flush(&mut out, group);
    out
}

/// `t` rounded down to a multiple of `seconds` since the epoch.
fn floor(t: Timestamp, seconds: i64) -> Timestamp {
    let s = t.as_second();
    Timestamp::from_second(s - s.rem_euclid(seconds)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Metric};

    fn at(hours: f64) -> Timestamp {
        Timestamp::from_second(1_800_057_600 + (hours * 3600.0) as i64).unwrap()
    }

    fn series(points: &[(f64, f64)]) -> Vec<MetricSample> {
        points
            .iter()
            .map(|&(h, value)| MetricSample {
                channel: Channel::Instagram,
                metric: Metric::Followers,
                value,
                at: at(h),
            })
            .collect()
    }

    #[test]
    fn the_value_at_an_instant_is_the_reading_in_force() {
        let s = series(&[(0.0, 10.0), (1.0, 20.0), (2.0, 30.0)]);
        assert_eq!(value_at(&s, at(-1.0)), None);
        assert_eq!(value_at(&s, at(0.0)), Some(10.0));
        assert_eq!(value_at(&s, at(1.5)), Some(20.0));
        assert_eq!(value_at(&s, at(9.0)), Some(30.0));
    }

    #[test]
    fn change_over_a_period_runs_from_the_reading_at_its_start() {
        // 24 h period ending at hour 48: starts at hour 24, where 1,000 was in force.
        let s = series(&[
            (0.0, 800.0),
            (20.0, 1_000.0),
            (30.0, 1_100.0),
            (48.0, 1_250.0),
        ]);
        let c = change_since(&s, at(24.0)).unwrap();
        assert_eq!(c.absolute, 250.0);
        assert_eq!(c.percent, Some(25.0));
        // A series that starts inside the period counts from its first reading.
        let c = change_since(&s, at(-100.0)).unwrap();
        assert_eq!(c.absolute, 450.0);
        // From zero there is no percentage.
        let z = series(&[(0.0, 0.0), (1.0, 5.0)]);
        assert_eq!(change_since(&z, at(0.0)).unwrap().percent, None);
        assert_eq!(change_since(&[], at(0.0)), None);
    }

    #[test]
    fn chart_points_span_the_period_and_skip_the_time_before_the_first_reading() {
        let s = series(&[(1.0, 5.0), (3.0, 7.0)]);
        let p = chart_points(&s, at(0.0), at(4.0), 5);
        assert_eq!(p, vec![(-3.0, 5.0), (-2.0, 5.0), (-1.0, 7.0), (0.0, 7.0)]);
    }

    #[test]
    fn old_readings_become_hourly_then_daily_means() {
        // now = hour 24*90; readings every 30 min over the last 90 days.
        let now_h = 24.0 * 90.0;
        let points: Vec<(f64, f64)> = (0..(90 * 48)).map(|i| (i as f64 * 0.5, i as f64)).collect();
        let s = series(&points);
        let kept = downsample(&s, at(now_h));
        let now = at(now_h);
        // Raw for the last 48 h: 96 readings.
        let raw = kept.iter().filter(|k| k.at >= now - RAW_FOR).count();
        assert_eq!(raw, 96);
        // Hourly between 48 h and 60 days: 58 days of 24 hours.
        let hourly = kept
            .iter()
            .filter(|k| k.at < now - RAW_FOR && k.at >= now - HOURLY_FOR)
            .count();
        assert_eq!(hourly, 58 * 24);
        // Daily before: 30 days.
        assert_eq!(kept.len() - raw - hourly, 30);
        // An hour's mean: readings i = 2h and 2h+1 average to 2h + 0.5.
        let h = kept.iter().find(|k| k.at == at(24.0 * 40.0)).unwrap();
        assert_eq!(h.value, 24.0 * 40.0 * 2.0 + 0.5);
        // A day's mean: readings 0..48 average to 23.5.
        assert_eq!(kept[0].at, at(0.0));
        assert_eq!(kept[0].value, 23.5);
        // Twice changes nothing; 4,320 readings became 1,518.
        assert_eq!(downsample(&kept, now), kept);
        assert_eq!((s.len(), kept.len()), (4_320, 1_518));
    }
}
