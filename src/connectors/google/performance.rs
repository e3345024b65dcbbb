//! A location's daily figures from the Business Profile Performance API
//! (`fetchMultiDailyMetricsTimeSeries`): impressions (the four kinds: desktop and mobile, Maps
//! and Search, summed) and actions (website clicks, calls, direction requests, summed, as the
//! dashboard's engagement). Google sends counts as strings and leaves out days with none.

use crate::model::{Channel, Metric, MetricSample};
use serde::Deserialize;

pub const IMPRESSIONS: [&str; 4] = [
    "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
    "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
    "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
    "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
];
pub const ACTIONS: [&str; 3] = [
    "WEBSITE_CLICKS",
    "CALL_CLICKS",
    "BUSINESS_DIRECTION_REQUESTS",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MultiDaily {
    #[serde(default)]
    pub multi_daily_metric_time_series: Vec<Multi>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Multi {
    #[serde(default)]
    pub daily_metric_time_series: Vec<Series>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    #[serde(default)]
    pub daily_metric: String,
    #[serde(default)]
    pub time_series: Option<TimeSeries>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeSeries {
    #[serde(default)]
    pub dated_values: Vec<DatedValue>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DatedValue {
    #[serde(default)]
    pub date: Option<Date>,
    /// An int64 as a string; absent for a day with none.
    #[serde(default)]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct Date {
    pub year: i16,
    pub month: i8,
    pub day: i8,
}

/// Each day's impressions and actions, as readings at the end of the day (UTC), none later
/// than `now`.
pub fn samples(answer: &MultiDaily, now: jiff::Timestamp) -> Vec<MetricSample> {
    let mut by_day: std::collections::BTreeMap<(jiff::civil::Date, Metric), f64> =
        Default::default();
    let series = answer
        .multi_daily_metric_time_series
        .iter()
        .flat_map(|m| &m.daily_metric_time_series);
    for s in series {
        let metric = if IMPRESSIONS.contains(&s.daily_metric.as_str()) {
            Metric::Impressions
        } else if ACTIONS.contains(&s.daily_metric.as_str()) {
            Metric::Engagement
        } else {
            continue;
        };
        let values = s.time_series.iter().flat_map(|t| &t.dated_values);
        for v in values {
            let Some(date) = v
                .date
                .and_then(|d| jiff::civil::Date::new(d.year, d.month, d.day).ok())
            else {
                continue;
            };
            let value = v
                .value
                .as_deref()
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(0.0);
            *by_day.entry((date, metric)).or_default() += value;
        }
    }
    by_day
        .into_iter()
        .filter_map(|((date, metric), value)| {
            let end = date.tomorrow().ok()?.at(0, 0, 0, 0);
            let end = jiff::tz::TimeZone::UTC.to_timestamp(end).ok()?;
            Some(MetricSample {
                channel: Channel::GoogleReviews,
                metric,
                value,
                at: end.min(now),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_answer_sums_into_daily_impressions_and_actions() {
        let answer: MultiDaily = serde_json::from_str(
            r#"{"multiDailyMetricTimeSeries":[{"dailyMetricTimeSeries":[
                {"dailyMetric":"BUSINESS_IMPRESSIONS_MOBILE_SEARCH","timeSeries":{"datedValues":[
                    {"date":{"year":2026,"month":11,"day":18},"value":"120"},
                    {"date":{"year":2026,"month":11,"day":19}}]}},
                {"dailyMetric":"BUSINESS_IMPRESSIONS_DESKTOP_MAPS","timeSeries":{"datedValues":[
                    {"date":{"year":2026,"month":11,"day":18},"value":"30"}]}},
                {"dailyMetric":"CALL_CLICKS","timeSeries":{"datedValues":[
                    {"date":{"year":2026,"month":11,"day":18},"value":"4"}]}},
                {"dailyMetric":"WEBSITE_CLICKS","timeSeries":{"datedValues":[
                    {"date":{"year":2026,"month":11,"day":18},"value":"9"}]}},
                {"dailyMetric":"BUSINESS_CONVERSATIONS","timeSeries":{"datedValues":[
                    {"date":{"year":2026,"month":11,"day":18},"value":"2"}]}}
            ]}]}"#,
        )
        .unwrap();
        let now: jiff::Timestamp = "2026-11-19T12:00:00Z".parse().unwrap();
        let read = samples(&answer, now);
        let at = |m: Metric, day: &str| {
            read.iter()
                .find(|s| s.metric == m && s.at == day.parse::<jiff::Timestamp>().unwrap())
                .map(|s| s.value)
        };
        assert_eq!(at(Metric::Impressions, "2026-11-19T00:00:00Z"), Some(150.0));
        assert_eq!(at(Metric::Engagement, "2026-11-19T00:00:00Z"), Some(13.0));
        // A day with no value is a zero; a day not over yet is read as of now.
        assert_eq!(at(Metric::Impressions, "2026-11-19T12:00:00Z"), Some(0.0));
        assert_eq!(read.len(), 3);
    }
}
