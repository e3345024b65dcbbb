//! Audience figures from the Graph API's insights, by their current names (Meta retired
//! `page_fans`, `page_impressions` and Instagram's `impressions`: views replaced impressions):
//! a Page's reach (`page_total_media_view_unique`), views (`page_media_view`) and engagement
//! (`page_post_engagements`), daily; an Instagram account's `reach`, `views` and
//! `total_interactions`, as one total for the day. Each becomes a reading in the series store,
//! as followers already are; a metric Meta does not send stays "n/a" on the dashboard.

use crate::model::{Channel, Metric, MetricSample};
use serde::Deserialize;

/// What a Page's insights are asked for (`GET /{page-id}/insights?metric=…&period=day`).
pub const PAGE_METRICS: &str = "page_total_media_view_unique,page_media_view,page_post_engagements";
/// What an Instagram account's are asked for (`…&period=day&metric_type=total_value`).
pub const INSTAGRAM_METRICS: &str = "reach,views,total_interactions";

#[derive(Debug, Clone, Deserialize)]
pub struct Insight {
    pub name: String,
    #[serde(default)]
    pub values: Vec<Point>,
    #[serde(default)]
    pub total_value: Option<Total>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Point {
    /// A number, or an object of breakdowns (not read).
    #[serde(default)]
    pub value: serde_json::Value,
    #[serde(default)]
    pub end_time: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Total {
    #[serde(default)]
    pub value: serde_json::Value,
}

/// Which dashboard figure a metric feeds, by network.
pub fn metric_of(channel: Channel, name: &str) -> Option<Metric> {
    match (channel, name) {
        (Channel::Facebook, "page_total_media_view_unique") => Some(Metric::Reach),
        (Channel::Facebook, "page_media_view") => Some(Metric::Impressions),
        (Channel::Facebook, "page_post_engagements") => Some(Metric::Engagement),
        (Channel::Instagram, "reach") => Some(Metric::Reach),
        (Channel::Instagram, "views") => Some(Metric::Impressions),
        (Channel::Instagram, "total_interactions") => Some(Metric::Engagement),
        _ => None,
    }
}

/// The readings in `insights`: each daily value at the end of its day, a total as of `now`.
/// Metrics tribune does not chart, and values that are not numbers, are left out.
pub fn samples(insights: &[Insight], channel: Channel, now: jiff::Timestamp) -> Vec<MetricSample> {
    let mut out = Vec::new();
    for insight in insights {
        let Some(metric) = metric_of(channel, &insight.name) else {
            continue;
        };
        let sample = |value: f64, at| MetricSample {
            channel,
            metric,
            value,
            at,
        };
        for point in &insight.values {
            let at = point
                .end_time
                .as_deref()
                .and_then(super::facebook::parse_time)
                .map(|t| t.min(now));
            if let (Some(value), Some(at)) = (point.value.as_f64(), at) {
                out.push(sample(value, at));
            }
        }
        if let Some(value) = insight.total_value.as_ref().and_then(|t| t.value.as_f64()) {
            out.push(sample(value, now));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> jiff::Timestamp {
        "2026-11-20T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_recorded_instagram_total_and_the_documented_page_shape_become_readings() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/meta/instagram/users_user_insights_new.json");
        if let Ok(text) = std::fs::read_to_string(path) {
            let listing: super::super::facebook::Listing<Insight> =
                serde_json::from_str(&text).unwrap();
            let read = samples(&listing.data, Channel::Instagram, now());
            let reach = read.iter().find(|s| s.metric == Metric::Reach).unwrap();
            assert_eq!(reach.value, 14_516_883.0);
            assert_eq!(reach.at, now());
        } else {
            eprintln!("skipped: ../shared/fixtures/meta is not here");
        }
        let page = r#"{"data":[
            {"name":"page_total_media_view_unique","period":"day","values":[{"value":1200,"end_time":"2026-11-19T08:00:00+0000"},{"value":1350,"end_time":"2026-11-20T08:00:00+0000"}],"title":"Daily Total Media View Unique","id":"1/insights/page_total_media_view_unique/day"},
            {"name":"page_media_view","period":"day","values":[{"value":4100,"end_time":"2026-11-20T08:00:00+0000"}]},
            {"name":"page_post_engagements","period":"day","values":[{"value":{"like":3},"end_time":"2026-11-20T08:00:00+0000"},{"value":310,"end_time":"2026-11-21T08:00:00+0000"}]},
            {"name":"page_views_total","period":"day","values":[{"value":9,"end_time":"2026-11-20T08:00:00+0000"}]}
        ],"paging":{"previous":"p","next":"n"}}"#;
        let listing: super::super::facebook::Listing<Insight> = serde_json::from_str(page).unwrap();
        let read = samples(&listing.data, Channel::Facebook, now());
        let of = |m: Metric| read.iter().filter(|s| s.metric == m).collect::<Vec<_>>();
        assert_eq!(of(Metric::Reach).len(), 2);
        assert_eq!(of(Metric::Impressions)[0].value, 4100.0);
        // An object value is not a figure; an end in the future is read as now.
        let engagement = of(Metric::Engagement);
        assert_eq!(engagement.len(), 1);
        assert_eq!((engagement[0].value, engagement[0].at), (310.0, now()));
        assert!(read.iter().all(|s| s.metric != Metric::Followers));
    }
}
