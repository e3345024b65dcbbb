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

/// Each linked person's author hashes: their key's own and each linked handle's (a summary
/// carries its author's hash, so a person's messages are found without reading them).
pub fn linked_hashes(links: &Links) -> HashMap<&str, Vec<u32>> {
    let mut people: HashMap<&str, Vec<u32>> = HashMap::new();
    for ((channel, handle), key) in links {
        people
            .entry(key.as_str())
            .or_insert_with(|| vec![key_hash(key)])
            .push(author_hash(*channel, handle));
    }
    people
}

/// Adds to `authors` every handle linked to the same person as one of them.
pub fn with_linked(authors: &mut std::collections::HashSet<u32>, links: &Links) {
    for hashes in linked_hashes(links).values() {
        if hashes.iter().any(|h| authors.contains(h)) {
            authors.extend(hashes.iter().copied());
        }
    }
}

/// The author hashes of the people marked VIP, with their linked handles.
pub fn vip_hashes<'a>(
    records: impl IntoIterator<Item = (&'a String, &'a super::PersonRecord)>,
    links: &Links,
) -> std::collections::HashSet<u32> {
    let linked = linked_hashes(links);
    let mut out = std::collections::HashSet::new();
    for (key, record) in records {
        if record.vip {
            out.insert(key_hash(key));
            out.extend(linked.get(key.as_str()).into_iter().flatten().copied());
        }
    }
    out
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
