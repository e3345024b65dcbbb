//! Who an author is across channels: handles that match once the network's domain and
//! separators are set aside are the same person, unless an agent linked them otherwise.

use crate::model::{Channel, Message};
use std::collections::HashMap;

/// An agent's links: an author on a channel (channel, handle) → the person they are.
pub type Links = HashMap<(Channel, String), String>;

/// The person a message's author is.
pub fn person_of(m: &Message, links: &Links) -> String {
    person_key(m.channel, &m.author.handle, links)
}

/// A stable 32-bit hash of an author's natural key, kept in message summaries: the messages
/// that may be a person's are found from the summaries, then read to be sure.
pub fn author_hash(channel: Channel, handle: &str) -> u32 {
    key_hash(&natural_key(channel, handle))
}

/// The hash of a person's key; equal to `author_hash` of the handles whose natural key it is.
pub fn key_hash(key: &str) -> u32 {
    crc32fast::hash(key.as_bytes())
}

pub fn person_key(channel: Channel, handle: &str, links: &Links) -> String {
    if let Some(linked) = links.get(&(channel, handle.to_string())) {
        return linked.clone();
    }
    natural_key(channel, handle)
}

/// The handle's own name: `@ana.martin@piaille.fr`, `ana.martin.bsky.social` and
/// `@ana_martin` are all `anamartin`. Names on Facebook and Google are display names, not
/// handles: they only match within their network (an agent can link them).
pub fn natural_key(channel: Channel, handle: &str) -> String {
    let h = handle.trim().trim_start_matches('@').to_lowercase();
    let local = match channel {
        // user@instance
        Channel::Mastodon => h.split('@').next().unwrap_or("").to_string(),
        // name.bsky.social; a custom domain is an identity of its own.
        Channel::Bluesky => h.strip_suffix(".bsky.social").unwrap_or(&h).to_string(),
        Channel::Instagram => h,
        Channel::Facebook | Channel::GoogleReviews => {
            return format!("{}:{h}", channel.code().to_lowercase());
        }
    };
    local
        .chars()
        .filter(|c| !matches!(c, '.' | '_' | '-'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_match_across_networks_once_domains_and_separators_are_set_aside() {
        let none = Links::new();
        let keys = [
            person_key(Channel::Mastodon, "@Ana.Martin@piaille.fr", &none),
            person_key(Channel::Bluesky, "ana.martin.bsky.social", &none),
            person_key(Channel::Instagram, "@ana_martin", &none),
        ];
        assert!(keys.iter().all(|k| k == "anamartin"), "{keys:?}");
        assert_eq!(
            person_key(Channel::Bluesky, "ana.example.com", &none),
            "anaexamplecom"
        );
        // Display names stay within their network.
        assert_ne!(
            person_key(Channel::Facebook, "Ana Martin", &none),
            person_key(Channel::GoogleReviews, "Ana Martin", &none)
        );
    }

    #[test]
    fn an_agents_link_wins() {
        let mut links = Links::new();
        links.insert((Channel::Facebook, "Ana Martin".into()), "anamartin".into());
        assert_eq!(
            person_key(Channel::Facebook, "Ana Martin", &links),
            "anamartin"
        );
    }
}
