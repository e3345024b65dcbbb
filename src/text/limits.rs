//! How long a reply is, counted the way its network counts, against that network's limit.

use crate::model::Channel;
use unicode_segmentation::UnicodeSegmentation;

/// Mastodon counts every link as this many characters, whatever its length.
const MASTODON_URL: usize = 23;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// User-perceived characters: 👩‍👩‍👧 is one, `é` written as `e` + accent is one.
    Graphemes,
    /// Unicode code points.
    Chars,
    /// UTF-8 bytes.
    Bytes,
}

impl Unit {
    pub fn word(self) -> &'static str {
        match self {
            Unit::Graphemes | Unit::Chars => "characters",
            Unit::Bytes => "bytes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: usize,
    pub unit: Unit,
}

/// The reply limit of each network.
pub fn limit(channel: Channel) -> Limit {
    let (max, unit) = match channel {
        Channel::Mastodon => (500, Unit::Graphemes),
        Channel::Bluesky => (300, Unit::Graphemes),
        Channel::Instagram => (2_200, Unit::Chars),
        Channel::Facebook => (8_000, Unit::Chars),
        Channel::GoogleReviews => (4_096, Unit::Bytes),
    };
    Limit { max, unit }
}

/// The length of `text` as `channel` counts it.
pub fn length(channel: Channel, text: &str) -> usize {
    match channel {
        Channel::Mastodon => mastodon_length(text),
        _ => match limit(channel).unit {
            Unit::Graphemes => text.graphemes(true).count(),
            Unit::Chars => text.chars().count(),
            Unit::Bytes => text.len(),
        },
    }
}

/// Mastodon counts graphemes, with each link as 23 and a remote mention (`@ana@example.org`)
/// as its local part (`@ana`).
fn mastodon_length(text: &str) -> usize {
    let mut total = text.graphemes(true).count();
    // Adjust for links and remote mentions, found whitespace-separated.
    for word in text.split_whitespace() {
        let counted = word.graphemes(true).count();
        if word.starts_with("http://") || word.starts_with("https://") {
            let link = word.trim_end_matches(['.', ',', ')', '!', '?', ';', ':']);
            let link_len = link.graphemes(true).count();
            total = total - link_len + MASTODON_URL;
        } else if let Some(rest) = word.strip_prefix('@')
            && let Some((user, domain)) = rest.split_once('@')
            && !user.is_empty()
            && domain.contains('.')
        {
            total -= counted - (1 + user.graphemes(true).count());
        }
    }
    total
}

/// Where a draft stands against its network's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    pub used: usize,
    pub limit: Limit,
}

impl Measure {
    pub fn of(channel: Channel, text: &str) -> Measure {
        Measure {
            used: length(channel, text),
            limit: limit(channel),
        }
    }

    pub fn over(&self) -> usize {
        self.used.saturating_sub(self.limit.max)
    }

    pub fn remaining(&self) -> i64 {
        self.limit.max as i64 - self.used as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mastodon_counts_graphemes_links_as_23_and_remote_mentions_locally() {
        assert_eq!(length(Channel::Mastodon, "Merci !"), 7);
        // A family emoji is one grapheme of five code points.
        assert_eq!(length(Channel::Mastodon, "👩‍👩‍👧"), 1);
        // `e` + combining acute is one.
        assert_eq!(length(Channel::Mastodon, "cafe\u{301}"), 4);
        // "See " (4) + link (23) + "." (1)
        assert_eq!(
            length(
                Channel::Mastodon,
                "See https://example.org/a/very/long/path/to/the/order/status?id=123456789."
            ),
            28
        );
        // "@ana" (4) + " hi" (3)
        assert_eq!(length(Channel::Mastodon, "@ana@example.org hi"), 7);
        assert_eq!(length(Channel::Mastodon, "東京"), 2);
    }

    #[test]
    fn bluesky_counts_graphemes_including_links() {
        assert_eq!(length(Channel::Bluesky, "👩‍👩‍👧 ok"), 4);
        assert_eq!(length(Channel::Bluesky, "https://example.org"), 19);
        assert_eq!(limit(Channel::Bluesky).max, 300);
    }

    #[test]
    fn instagram_and_facebook_count_code_points_google_counts_bytes() {
        assert_eq!(length(Channel::Instagram, "👩‍👩‍👧"), 5);
        assert_eq!(length(Channel::Facebook, "café"), 4);
        assert_eq!(length(Channel::GoogleReviews, "café"), 5);
        assert_eq!(length(Channel::GoogleReviews, "👩‍👩‍👧"), 18);
        assert_eq!(
            limit(Channel::GoogleReviews),
            Limit {
                max: 4096,
                unit: Unit::Bytes
            }
        );
    }

    #[test]
    fn over_the_limit_is_measured() {
        let m = Measure::of(Channel::Bluesky, &"é".repeat(310));
        assert_eq!((m.used, m.over(), m.remaining()), (310, 10, -10));
        let m = Measure::of(Channel::Mastodon, "ok");
        assert_eq!((m.over(), m.remaining()), (0, 498));
    }
}
