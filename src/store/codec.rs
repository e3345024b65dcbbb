//! Stored values: one format byte, then postcard. The byte lets a later schema read old values.

use crate::model::{Author, Channel, Direction, Kind, Message, MessageId, Sentiment, Status};
use jiff::Timestamp;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

const FORMAT_V1: u8 = 1;
/// Messages with the snooze time (postcard has no optional trailing fields).
const FORMAT_MESSAGE_V2: u8 = 2;

pub(super) fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT_V1];
    // Serialising our own plain structs into a Vec cannot fail.
    out.extend(postcard::to_stdvec(value).unwrap_or_default());
    out
}

/// Why a stored value cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(super) enum DecodeError {
    #[error("{0}")]
    Body(#[from] postcard::Error),
    #[error("unknown value format {0}")]
    Format(u8),
    #[error("empty value")]
    Empty,
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match bytes.split_first() {
        Some((&FORMAT_V1, body)) => Ok(postcard::from_bytes(body)?),
        Some((v, _)) => Err(DecodeError::Format(*v)),
        None => Err(DecodeError::Empty),
    }
}

/// A message as stored now.
pub(super) fn encode_message(m: &Message) -> Vec<u8> {
    let mut out = vec![FORMAT_MESSAGE_V2];
    out.extend(postcard::to_stdvec(m).unwrap_or_default());
    out
}

/// A message as stored now, or as stored before snoozes (read as never snoozed).
pub(super) fn decode_message(bytes: &[u8]) -> Result<Message, DecodeError> {
    match bytes.split_first() {
        Some((&FORMAT_MESSAGE_V2, body)) => Ok(postcard::from_bytes(body)?),
        Some((&FORMAT_V1, body)) => Ok(postcard::from_bytes::<MessageV1>(body)?.into()),
        Some((v, _)) => Err(DecodeError::Format(*v)),
        None => Err(DecodeError::Empty),
    }
}

/// A message as stored before snoozes: the fields of `Message` up to `answered_at`.
#[derive(Serialize, Deserialize)]
pub(super) struct MessageV1 {
    id: MessageId,
    conversation: MessageId,
    channel: Channel,
    account: String,
    external_id: String,
    kind: Kind,
    direction: Direction,
    author: Author,
    text: String,
    #[serde(with = "crate::time_serde")]
    created_at: Timestamp,
    rating: Option<u8>,
    in_reply_to: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    status: Status,
    assignee: Option<String>,
    tags: Vec<String>,
    sentiment: Option<Sentiment>,
    #[serde(with = "crate::time_serde::option")]
    answered_at: Option<Timestamp>,
}

impl From<MessageV1> for Message {
    fn from(v1: MessageV1) -> Message {
        Message {
            id: v1.id,
            conversation: v1.conversation,
            channel: v1.channel,
            account: v1.account,
            external_id: v1.external_id,
            kind: v1.kind,
            direction: v1.direction,
            author: v1.author,
            text: v1.text,
            created_at: v1.created_at,
            rating: v1.rating,
            in_reply_to: v1.in_reply_to,
            url: v1.url,
            lang: v1.lang,
            status: v1.status,
            assignee: v1.assignee,
            tags: v1.tags,
            sentiment: v1.sentiment,
            answered_at: v1.answered_at,
            snoozed_until: None,
        }
    }
}

#[cfg(test)]
impl From<&Message> for MessageV1 {
    fn from(m: &Message) -> MessageV1 {
        MessageV1 {
            id: m.id,
            conversation: m.conversation,
            channel: m.channel,
            account: m.account.clone(),
            external_id: m.external_id.clone(),
            kind: m.kind,
            direction: m.direction,
            author: m.author.clone(),
            text: m.text.clone(),
            created_at: m.created_at,
            rating: m.rating,
            in_reply_to: m.in_reply_to.clone(),
            url: m.url.clone(),
            lang: m.lang.clone(),
            status: m.status,
            assignee: m.assignee.clone(),
            tags: m.tags.clone(),
            sentiment: m.sentiment.clone(),
            answered_at: m.answered_at,
        }
    }
}
