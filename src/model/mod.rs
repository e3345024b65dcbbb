//! The domain: messages, authors, conversations and metric samples, as community managers name them.

mod build;
pub mod outbox;

pub use crate::sentiment::Urgency;
use jiff::Timestamp;
pub use outbox::{OutboxEntry, OutboxId, OutboxState};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Store-assigned identifier of a message (monotonic, never reused).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct MessageId(pub u64);

impl MessageId {
    /// Big-endian, so store keys sort in id order.
    pub fn to_be_bytes(self) -> [u8; 8] {
        self.0.to_be_bytes()
    }

    pub fn from_be_bytes(bytes: [u8; 8]) -> MessageId {
        MessageId(u64::from_be_bytes(bytes))
    }

    /// The id the store gives the message after this one.
    pub fn next(self) -> MessageId {
        MessageId(self.0 + 1)
    }
}

impl std::fmt::Display for MessageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The networks tribune knows. Names match the config and the JSONL format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Mastodon,
    Bluesky,
    Facebook,
    Instagram,
    GoogleReviews,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Mastodon,
        Channel::Bluesky,
        Channel::Facebook,
        Channel::Instagram,
        Channel::GoogleReviews,
    ];

    /// The name used in config files, JSONL and store keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Mastodon => "mastodon",
            Channel::Bluesky => "bluesky",
            Channel::Facebook => "facebook",
            Channel::Instagram => "instagram",
            Channel::GoogleReviews => "google_reviews",
        }
    }

    /// A human title for sidebars and reports.
    pub fn title(self) -> &'static str {
        match self {
            Channel::Mastodon => "Mastodon",
            Channel::Bluesky => "Bluesky",
            Channel::Facebook => "Facebook",
            Channel::Instagram => "Instagram",
            Channel::GoogleReviews => "Google reviews",
        }
    }

    /// Two-letter code for narrow inbox columns.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Mastodon => "MA",
            Channel::Bluesky => "BS",
            Channel::Facebook => "FB",
            Channel::Instagram => "IG",
            Channel::GoogleReviews => "GR",
        }
    }

    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Comment,
    Mention,
    Direct,
    Review,
    Complaint,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Comment,
        Kind::Mention,
        Kind::Direct,
        Kind::Review,
        Kind::Complaint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Comment => "comment",
            Kind::Mention => "mention",
            Kind::Direct => "direct",
            Kind::Review => "review",
            Kind::Complaint => "complaint",
        }
    }

    /// Short label for narrow columns.
    pub fn short(self) -> &'static str {
        match self {
            Kind::Comment => "cmt",
            Kind::Mention => "men",
            Kind::Direct => "dm",
            Kind::Review => "rev",
            Kind::Complaint => "cpl",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Written by the public to the brand.
    Inbound,
    /// The brand's own post or reply.
    Outbound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Open,
    Pending,
    Resolved,
    Snoozed,
    Spam,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::New,
        Status::Open,
        Status::Pending,
        Status::Resolved,
        Status::Snoozed,
        Status::Spam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Pending => "pending",
            Status::Resolved => "resolved",
            Status::Snoozed => "snoozed",
            Status::Spam => "spam",
        }
    }

    /// Whether a message in this status still waits for the team.
    pub fn is_active(self) -> bool {
        matches!(self, Status::New | Status::Open | Status::Pending)
    }

    /// Whether a message in this status, unanswered, still counts down to its deadline: a
    /// snoozed message leaves the views, not its response time.
    pub fn waits_for_reply(self) -> bool {
        self.is_active() || self == Status::Snoozed
    }

    /// Stable one-byte code used in store index keys.
    pub fn code(self) -> u8 {
        self as u8
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    Pos,
    Neu,
    Neg,
}

impl SentimentLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            SentimentLabel::Pos => "pos",
            SentimentLabel::Neu => "neu",
            SentimentLabel::Neg => "neg",
        }
    }

    /// The label in a sentence: "positive", "neutral", "negative".
    pub fn word(self) -> &'static str {
        match self {
            SentimentLabel::Pos => "positive",
            SentimentLabel::Neu => "neutral",
            SentimentLabel::Neg => "negative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pos" => Some(Self::Pos),
            "neu" => Some(Self::Neu),
            "neg" => Some(Self::Neg),
            _ => None,
        }
    }
}

/// The sentiment slot of a message: filled by the tagger or by an agent's override.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    pub label: SentimentLabel,
    pub score: f32,
    /// True when an agent set the label; re-tagging never overwrites it.
    pub by_agent: bool,
    /// Complaint and urgency cues in the text (refund, scam, lawyer…), whatever the label.
    pub urgency: Urgency,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Author {
    /// Network handle, e.g. `@ana@example.org`.
    pub handle: String,
    pub name: Option<String>,
    /// Audience size when the network tells it.
    pub followers: Option<u64>,
}

impl Author {
    /// What the inbox shows: the handle, which is unique on its network.
    pub fn label(&self) -> &str {
        &self.handle
    }
}

/// A message as a source delivers it, before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewMessage {
    pub channel: Channel,
    /// The brand account it was addressed to (or written from).
    pub account: String,
    pub external_id: String,
    pub kind: Kind,
    pub direction: Direction,
    pub author: Author,
    pub text: String,
    #[serde(with = "crate::time_serde")]
    pub created_at: Timestamp,
    pub rating: Option<u8>,
    /// External id (same channel) of the message this one answers.
    pub in_reply_to: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

/// A stored message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    /// Id of the first message of the thread; equals `id` for a thread's root.
    pub conversation: MessageId,
    pub channel: Channel,
    pub account: String,
    pub external_id: String,
    pub kind: Kind,
    pub direction: Direction,
    pub author: Author,
    pub text: String,
    #[serde(with = "crate::time_serde")]
    pub created_at: Timestamp,
    pub rating: Option<u8>,
    pub in_reply_to: Option<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub status: Status,
    pub assignee: Option<String>,
    pub tags: Vec<String>,
    pub sentiment: Option<Sentiment>,
    /// When the brand first answered this inbound message (None while unanswered).
    #[serde(with = "crate::time_serde::option")]
    pub answered_at: Option<Timestamp>,
    /// While snoozed, when the message comes back; once back (new again), kept until it is
    /// opened, so its row says it returned from a snooze.
    #[serde(default, with = "crate::time_serde::option")]
    pub snoozed_until: Option<Timestamp>,
}

impl Message {
    pub fn from_new(id: MessageId, conversation: MessageId, new: NewMessage) -> Message {
        Message {
            id,
            conversation,
            channel: new.channel,
            account: new.account,
            external_id: new.external_id,
            kind: new.kind,
            direction: new.direction,
            author: new.author,
            text: new.text,
            created_at: new.created_at,
            rating: new.rating,
            in_reply_to: new.in_reply_to,
            url: new.url,
            lang: new.lang,
            status: Status::New,
            assignee: None,
            tags: Vec::new(),
            sentiment: None,
            answered_at: None,
            snoozed_until: None,
        }
    }

    /// The complaint and urgency cues found when the message was tagged.
    pub fn urgency(&self) -> Urgency {
        self.sentiment
            .as_ref()
            .map(|s| s.urgency)
            .unwrap_or_default()
    }

    pub fn is_inbound(&self) -> bool {
        self.direction == Direction::Inbound
    }

    /// Back from a snooze and not opened since.
    pub fn is_back_from_snooze(&self) -> bool {
        self.snoozed_until.is_some() && self.status != Status::Snoozed
    }

    /// An inbound message the brand has not answered yet and that still needs attention.
    pub fn awaits_reply(&self) -> bool {
        self.is_inbound() && self.answered_at.is_none() && self.status.waits_for_reply()
    }
}

/// The audience and engagement figures the live panels follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Followers,
    Reach,
    Impressions,
    Engagement,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::Followers,
        Metric::Reach,
        Metric::Impressions,
        Metric::Engagement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Followers => "followers",
            Metric::Reach => "reach",
            Metric::Impressions => "impressions",
            Metric::Engagement => "engagement",
        }
    }
}

/// One reading of a metric on one channel at one time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricSample {
    pub channel: Channel,
    pub metric: Metric,
    pub value: f64,
    #[serde(with = "crate::time_serde")]
    pub at: Timestamp,
}

/// A thread: the root message and every reply, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    pub id: MessageId,
    pub messages: Vec<Message>,
    /// Agents' internal notes on the thread, oldest first; never sent.
    pub notes: Vec<Note>,
}

/// A note an agent attaches to a conversation for the team: visible to agents, never sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub conversation: MessageId,
    pub agent: String,
    #[serde(with = "crate::time_serde")]
    pub at: Timestamp,
    pub text: String,
}

/// Messages for unit tests, with every field a test does not care about left plain.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// An inbound comment `id` on `channel`, written at `at`.
    pub(crate) fn inbound(id: u64, channel: Channel, at: Timestamp, text: &str) -> Message {
        let id = MessageId(id);
        Message::from_new(
            id,
            id,
            NewMessage::inbound(channel, &id.to_string(), text, at).by(&format!("@{id}"), None),
        )
    }

    /// The same message, tagged `label` by the tagger.
    pub(crate) fn labelled(mut m: Message, label: SentimentLabel) -> Message {
        m.sentiment = Some(Sentiment {
            label,
            score: 0.0,
            by_agent: false,
            urgency: Default::default(),
        });
        m
    }
}
