//! A message without its text: what the inbox sorts, filters and counts on, and what a
//! response-time policy matches. The store keeps one per inbound message, 32 bytes each, so
//! a console can open a million messages without reading them.

use crate::model::{Channel, Kind, Message, MessageId, SentimentLabel, Status};
use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub id: MessageId,
    pub created_ms: i64,
    /// The author's audience (saturated at u32::MAX; unknown is 0).
    pub followers: u32,
    /// `profile::author_hash` of the author: finds a person's messages without reading them.
    pub author: u32,
    pub channel: Channel,
    pub kind: Kind,
    pub sentiment: Option<SentimentLabel>,
    /// Stars, 1–5 (never 0: so that the summary stays 32 bytes in memory).
    pub rating: Option<std::num::NonZeroU8>,
    /// Inbound, unanswered and still active.
    pub awaits: bool,
    /// The tagger found complaint or urgency cues.
    pub urgent: bool,
    /// The brand replied to it.
    pub answered: bool,
    pub status: Status,
}

/// The bytes one summary takes in the store.
pub const ENCODED_LEN: usize = 32;

impl Summary {
    pub fn of(m: &Message) -> Summary {
        Summary {
            id: m.id,
            created_ms: m.created_at.as_millisecond(),
            followers: m.author.followers.unwrap_or(0).min(u32::MAX as u64) as u32,
            author: crate::profile::author_hash(m.channel, &m.author.handle),
            channel: m.channel,
            kind: m.kind,
            sentiment: m.sentiment.as_ref().map(|s| s.label),
            rating: m.rating.and_then(std::num::NonZeroU8::new),
            awaits: m.awaits_reply(),
            urgent: !m.urgency().is_empty(),
            answered: m.answered_at.is_some(),
            status: m.status,
        }
    }

    pub fn created_at(&self) -> Timestamp {
        // Written from a valid timestamp, so it reads back as one.
        Timestamp::from_millisecond(self.created_ms).unwrap_or_default()
    }

    /// Negative, or a complaint by its kind or its cues.
    pub fn is_criticism(&self) -> bool {
        self.kind == Kind::Complaint || self.urgent || self.sentiment == Some(SentimentLabel::Neg)
    }

    /// Fixed-width bytes: id, time, audience, author, then one byte per field.
    pub fn encode(&self) -> [u8; ENCODED_LEN] {
        let mut out = [0u8; ENCODED_LEN];
        out[0..8].copy_from_slice(&self.id.to_be_bytes());
        out[8..16].copy_from_slice(&self.created_ms.to_be_bytes());
        out[16..20].copy_from_slice(&self.followers.to_be_bytes());
        out[20..24].copy_from_slice(&self.author.to_be_bytes());
        out[24] = index_of(&Channel::ALL, self.channel);
        out[25] = index_of(&Kind::ALL, self.kind);
        out[26] = match self.sentiment {
            None => 0,
            Some(SentimentLabel::Pos) => 1,
            Some(SentimentLabel::Neu) => 2,
            Some(SentimentLabel::Neg) => 3,
        };
        // Ratings are 1–5; 0 says none.
        out[27] = self.rating.map_or(0, |r| r.get().saturating_add(1));
        out[28] = u8::from(self.awaits) | u8::from(self.urgent) << 1 | u8::from(self.answered) << 2;
        out[29] = self.status.code() + 1;
        out
    }

    /// None when the bytes are not a summary this version wrote.
    pub fn decode(b: &[u8]) -> Option<Summary> {
        let b: &[u8; ENCODED_LEN] = b.get(..ENCODED_LEN)?.try_into().ok()?;
        let word = |at: usize| u64::from_be_bytes(b[at..at + 8].try_into().unwrap_or_default());
        let half = |at: usize| u32::from_be_bytes(b[at..at + 4].try_into().unwrap_or_default());
        Some(Summary {
            id: MessageId(word(0)),
            created_ms: word(8) as i64,
            followers: half(16),
            author: half(20),
            channel: *Channel::ALL.get(b[24] as usize)?,
            kind: *Kind::ALL.get(b[25] as usize)?,
            sentiment: match b[26] {
                0 => None,
                1 => Some(SentimentLabel::Pos),
                2 => Some(SentimentLabel::Neu),
                3 => Some(SentimentLabel::Neg),
                _ => return None,
            },
            rating: b[27].checked_sub(1).and_then(std::num::NonZeroU8::new),
            awaits: b[28] & 1 != 0,
            urgent: b[28] & 2 != 0,
            answered: b[28] & 4 != 0,
            status: match b[29].checked_sub(1) {
                Some(code) => *Status::ALL.get(usize::from(code))?,
                // Written before summaries held it: the first console start summarises every
                // message again; until then, what `awaits` says.
                None if b[28] & 1 != 0 => Status::Open,
                None => Status::Resolved,
            },
        })
    }
}

fn index_of<T: PartialEq>(all: &[T], value: T) -> u8 {
    all.iter().position(|v| *v == value).unwrap_or(0) as u8
}

impl Message {
    pub fn summary(&self) -> Summary {
        Summary::of(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing;

    #[test]
    fn a_summary_reads_back_as_written() {
        let mut m = testing::inbound(
            41,
            Channel::GoogleReviews,
            "2026-03-02T10:00:00Z".parse().unwrap(),
            "Remboursez-moi, arnaque !",
        );
        m.kind = Kind::Review;
        m.rating = Some(1);
        m.author.followers = Some(12_000_000_000);
        let m = testing::labelled(m, SentimentLabel::Neg);
        let s = m.summary();
        assert_eq!(s.followers, u32::MAX);
        assert_eq!(Summary::decode(&s.encode()), Some(s));
        assert!(s.awaits && s.is_criticism());
        assert_eq!(s.created_at(), m.created_at);
        assert_eq!(Summary::decode(&[9u8; 31]), None);
    }
}
