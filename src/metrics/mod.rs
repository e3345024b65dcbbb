//! Audience figures (followers, reach, impressions, engagement) per channel: what each
//! network provides, how readings are kept and summarised, and the dashboard built on them.

pub mod dashboard;
pub mod format;
pub mod series;

pub use dashboard::{Dashboard, Figure, Period};

use crate::model::{Channel, Metric};

/// The figures each network exposes through its API.
pub fn provided(channel: Channel) -> &'static [Metric] {
    match channel {
        Channel::Mastodon | Channel::Bluesky => &[Metric::Followers, Metric::Engagement],
        Channel::Facebook | Channel::Instagram => &Metric::ALL,
        Channel::GoogleReviews => &[Metric::Impressions, Metric::Engagement],
    }
}

/// Why a network has no such figure, when it has none: shown on demand beside "n/a".
pub fn unavailable_reason(channel: Channel, metric: Metric) -> Option<&'static str> {
    if provided(channel).contains(&metric) {
        return None;
    }
    Some(match (channel, metric) {
        (Channel::Mastodon, _) => {
            "Mastodon does not count views: it reports followers, favourites, boosts and replies only"
        }
        (Channel::Bluesky, _) => {
            "Bluesky's API has no view counts: it reports followers, likes, reposts, replies and quotes only"
        }
        (Channel::GoogleReviews, Metric::Followers) => "a Google Business Profile has no followers",
        (Channel::GoogleReviews, _) => {
            "Google Business Profile reports views (impressions) and actions, not unique reach"
        }
        _ => "this network does not report it",
    })
}
