//! Customer profiles: everything known about one person across channels — their handles and
//! audience, when and how often they write, their mood over time, their open conversations,
//! every message with our replies, tags and the team's notes.

mod identity;

pub use identity::{
    Links, author_hash, key_hash, linked_hashes, natural_key, person_key, person_of, vip_hashes,
    with_linked,
};

use crate::model::{Channel, Message, MessageId, SentimentLabel};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// What agents record about a person (kept in the store).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub vip: bool,
    pub notes: Vec<PersonNote>,
    /// Their new messages arrive as spam: out of the views, kept.
    #[serde(default)]
    pub muted: bool,
}

/// A record as stored before muting (read as not muted).
#[derive(Debug, Clone, Deserialize)]
pub struct PersonRecordV1 {
    pub vip: bool,
    pub notes: Vec<PersonNote>,
}

impl From<PersonRecordV1> for PersonRecord {
    fn from(v1: PersonRecordV1) -> PersonRecord {
        PersonRecord {
            vip: v1.vip,
            notes: v1.notes,
            muted: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonNote {
    pub agent: String,
    #[serde(with = "crate::time_serde")]
    pub at: Timestamp,
    pub text: String,
}

/// One handle of the person on one channel, as last seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Handle {
    pub channel: Channel,
    pub handle: String,
    pub name: Option<String>,
    pub followers: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tag {
    Vip,
    Influencer,
    Promoter,
    Detractor,
}

impl Tag {
    pub fn word(self) -> &'static str {
        match self {
            Tag::Vip => "VIP",
            Tag::Influencer => "influencer",
            Tag::Promoter => "promoter",
            Tag::Detractor => "detractor",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub key: String,
    /// The latest display name seen, else the first handle.
    pub name: String,
    pub handles: Vec<Handle>,
    /// The largest audience among the handles.
    pub audience: Option<u64>,
    pub first_contact: Option<Timestamp>,
    pub last_contact: Option<Timestamp>,
    /// Messages the person wrote.
    pub messages: usize,
    /// Messages per week from the first contact to now (a week at least).
    pub per_week: f64,
    /// (when, score, label) of each tagged message, oldest first.
    pub sentiment: Vec<(Timestamp, f64, SentimentLabel)>,
    /// Conversations with a message of theirs still waiting for us.
    pub open_conversations: Vec<MessageId>,
    /// Their messages and our replies in their conversations, oldest first.
    pub history: Vec<Message>,
    pub tags: Vec<Tag>,
    pub notes: Vec<PersonNote>,
}

/// Builds `key`'s profile from every message (two passes: theirs, then our replies to them).
pub fn build<'a>(
    key: &str,
    messages: impl Iterator<Item = &'a Message> + Clone,
    links: &Links,
    record: Option<&PersonRecord>,
    influencer_followers: u64,
    now: Timestamp,
) -> Profile {
    let mut theirs: Vec<&Message> = messages
        .clone()
        .filter(|m| m.is_inbound() && person_of(m, links) == key)
        .collect();
    theirs.sort_by_key(|m| (m.created_at, m.id));
    let conversations: HashSet<MessageId> = theirs.iter().map(|m| m.conversation).collect();
    let mut history: Vec<Message> = theirs.iter().map(|m| (*m).clone()).collect();
    history.extend(
        messages
            .filter(|m| !m.is_inbound() && conversations.contains(&m.conversation))
            .cloned(),
    );
    history.sort_by_key(|m| (m.created_at, m.id));

    let handles = handles_of(&theirs);
    let audience = handles.iter().filter_map(|h| h.followers).max();
    let first_contact = theirs.first().map(|m| m.created_at);
    let last_contact = theirs.last().map(|m| m.created_at);
    let weeks = first_contact
        .map(|f| now.duration_since(f).as_secs_f64() / (7.0 * 86_400.0))
        .unwrap_or(1.0)
        .max(1.0);
    let sentiment: Vec<(Timestamp, f64, SentimentLabel)> = theirs
        .iter()
        .filter_map(|m| {
            m.sentiment
                .as_ref()
                .map(|s| (m.created_at, s.score as f64, s.label))
        })
        .collect();
    let open: BTreeSet<MessageId> = theirs
        .iter()
        .filter(|m| m.awaits_reply())
        .map(|m| m.conversation)
        .collect();
    let name = theirs
        .iter()
        .rev()
        .find_map(|m| m.author.name.clone())
        .or_else(|| handles.first().map(|h| h.handle.clone()))
        .unwrap_or_else(|| key.to_string());
    Profile {
        key: key.to_string(),
        name,
        audience,
        first_contact,
        last_contact,
        messages: theirs.len(),
        per_week: theirs.len() as f64 / weeks,
        tags: tags(record, audience, &sentiment, &theirs, influencer_followers),
        sentiment,
        open_conversations: open.into_iter().collect(),
        history,
        notes: record.map(|r| r.notes.clone()).unwrap_or_default(),
        handles,
    }
}

/// Each (channel, handle) once, as last seen, in channel order.
fn handles_of(theirs: &[&Message]) -> Vec<Handle> {
    let mut out: Vec<Handle> = Vec::new();
    for m in theirs {
        let seen = Handle {
            channel: m.channel,
            handle: m.author.handle.clone(),
            name: m.author.name.clone(),
            followers: m.author.followers,
        };
        match out
            .iter_mut()
            .find(|h| h.channel == m.channel && h.handle == m.author.handle)
        {
            Some(h) => *h = seen,
            None => out.push(seen),
        }
    }
    out.sort_by_key(|h| {
        (
            Channel::ALL.iter().position(|c| *c == h.channel),
            h.handle.clone(),
        )
    });
    out
}

/// VIP by an agent; influencer by audience; promoter or detractor when at least two of
/// their messages lean the same way and make up the majority of their tagged messages (a
/// review's stars count as its tone).
fn tags(
    record: Option<&PersonRecord>,
    audience: Option<u64>,
    sentiment: &[(Timestamp, f64, SentimentLabel)],
    theirs: &[&Message],
    influencer_followers: u64,
) -> Vec<Tag> {
    let mut tags = Vec::new();
    if record.is_some_and(|r| r.vip) {
        tags.push(Tag::Vip);
    }
    if audience.is_some_and(|a| a >= influencer_followers) {
        tags.push(Tag::Influencer);
    }
    let count = |label| sentiment.iter().filter(|(_, _, l)| *l == label).count();
    let (pos, neg) = (count(SentimentLabel::Pos), count(SentimentLabel::Neg));
    let stars: Vec<u8> = theirs.iter().filter_map(|m| m.rating).collect();
    let good_reviews = stars.iter().filter(|&&r| r >= 4).count();
    let bad_reviews = stars.iter().filter(|&&r| r <= 2).count();
    let total = sentiment.len().max(1);
    if pos >= 2 && pos * 2 > total || good_reviews >= 2 && bad_reviews == 0 {
        tags.push(Tag::Promoter);
    } else if neg >= 2 && neg * 2 > total || bad_reviews >= 2 && good_reviews == 0 {
        tags.push(Tag::Detractor);
    }
    tags
}

#[cfg(test)]
mod tests;
