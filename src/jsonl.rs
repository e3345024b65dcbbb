//! The JSONL exchange format: one message per line, for import and export.

use crate::model::{Author, Channel, Direction, Kind, Message, NewMessage};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Deserialize)]
struct Record {
    channel: Option<String>,
    account: Option<String>,
    external_id: Option<Value>,
    kind: Option<String>,
    direction: Option<String>,
    author: Option<RecordAuthor>,
    text: Option<String>,
    created_at: Option<String>,
    in_reply_to: Option<Value>,
    rating: Option<Value>,
    url: Option<String>,
    lang: Option<String>,
}

#[derive(Deserialize, Serialize, Default)]
struct RecordAuthor {
    handle: Option<String>,
    name: Option<String>,
    followers: Option<u64>,
}

/// Why a line is not a message, in words a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LineError {
    #[error("not a JSON object ({0})")]
    NotJson(String),
    #[error("the required field `{0}` is missing")]
    Missing(&'static str),
    #[error("the required field `external_id` is missing or empty")]
    NoExternalId,
    #[error("unknown channel `{0}` (mastodon, bluesky, facebook, instagram or google_reviews)")]
    UnknownChannel(String),
    #[error("unknown direction `{0}` (inbound or outbound)")]
    UnknownDirection(String),
    #[error("unknown kind `{0}` (comment, mention, direct, review or complaint)")]
    UnknownKind(String),
    #[error("`created_at` is not an RFC 3339 time: `{0}`")]
    BadTime(String),
    #[error("`rating` must be a whole number from 1 to 5, not {0}")]
    BadRating(String),
}

/// Parses one line of the exchange format.
pub fn parse_line(line: &str) -> Result<NewMessage, LineError> {
    let r: Record = serde_json::from_str(line).map_err(|e| LineError::NotJson(e.to_string()))?;
    let channel_name = r.channel.ok_or(LineError::Missing("channel"))?;
    let channel = Channel::parse(&channel_name).ok_or(LineError::UnknownChannel(channel_name))?;
    let external_id = id_text(r.external_id).ok_or(LineError::NoExternalId)?;
    let direction = match r.direction.as_deref() {
        Some("inbound") => Direction::Inbound,
        Some("outbound") => Direction::Outbound,
        Some(other) => return Err(LineError::UnknownDirection(other.into())),
        None => return Err(LineError::Missing("direction")),
    };
    let kind = match r.kind.as_deref() {
        None => match direction {
            Direction::Inbound => Kind::Mention,
            Direction::Outbound => Kind::Comment,
        },
        Some(k) => Kind::ALL
            .into_iter()
            .find(|x| x.as_str() == k)
            .ok_or_else(|| LineError::UnknownKind(k.into()))?,
    };
    let text = r.text.ok_or(LineError::Missing("text"))?;
    let created = r.created_at.ok_or(LineError::Missing("created_at"))?;
    let created_at = created
        .parse::<jiff::Timestamp>()
        .map_err(|_| LineError::BadTime(created.clone()))?;
    let rating = match r.rating {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v @ 1..=5) => Some(v as u8),
            _ => return Err(LineError::BadRating(n.to_string())),
        },
        Some(other) => return Err(LineError::BadRating(other.to_string())),
    };
    let author = r.author.unwrap_or_default();
    Ok(NewMessage {
        channel,
        account: r.account.unwrap_or_default(),
        external_id,
        kind,
        direction,
        author: Author {
            handle: author.handle.unwrap_or_else(|| "unknown".into()),
            name: author.name,
            followers: author.followers,
        },
        text,
        created_at,
        rating,
        in_reply_to: id_text(r.in_reply_to),
        url: r.url,
        lang: r.lang,
    })
}

/// Networks give ids as strings or numbers; both are kept as text.
fn id_text(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[derive(Serialize)]
struct Exported<'a> {
    channel: &'a str,
    account: &'a str,
    external_id: &'a str,
    kind: &'a str,
    direction: Direction,
    author: &'a Author,
    text: &'a str,
    created_at: String,
    in_reply_to: &'a Option<String>,
    rating: Option<u8>,
    url: &'a Option<String>,
    lang: &'a Option<String>,
    // Beyond the import format: what the team did with the message.
    status: &'a str,
    tags: &'a [String],
    sentiment: Option<&'a str>,
    answered_at: Option<String>,
}

/// One line of export, importable again.
pub fn to_line(m: &Message) -> String {
    let e = Exported {
        channel: m.channel.as_str(),
        account: &m.account,
        external_id: &m.external_id,
        kind: m.kind.as_str(),
        direction: m.direction,
        author: &m.author,
        text: &m.text,
        created_at: m.created_at.to_string(),
        in_reply_to: &m.in_reply_to,
        rating: m.rating,
        url: &m.url,
        lang: &m.lang,
        status: m.status.as_str(),
        tags: &m.tags,
        sentiment: m.sentiment.as_ref().map(|s| s.label.as_str()),
        answered_at: m.answered_at.map(|t| t.to_string()),
    };
    // Plain data with string keys always serialises.
    serde_json::to_string(&e).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESIGN_EXAMPLE: &str = r#"{"channel":"mastodon","account":"@brand@example.social","external_id":"109","kind":"mention","direction":"inbound","author":{"handle":"@ana@example.org","name":"Ana","followers":1200},"text":"Ma commande n'est jamais arrivée…","created_at":"2026-11-20T09:15:00Z","in_reply_to":null,"rating":null,"url":"https://example.social/@ana/109","lang":"fr"}"#;

    #[test]
    fn the_design_example_parses() {
        let m = parse_line(DESIGN_EXAMPLE).unwrap();
        assert_eq!(m.channel, Channel::Mastodon);
        assert_eq!(m.author.followers, Some(1200));
        assert_eq!(m.created_at.to_string(), "2026-11-20T09:15:00Z");
    }

    #[test]
    fn errors_name_the_field() {
        assert!(parse_line("{").unwrap_err().to_string().contains("JSON"));
        let e = parse_line(r#"{"channel":"myspace","external_id":"1","direction":"inbound","text":"x","created_at":"2026-11-20T09:15:00Z"}"#).unwrap_err();
        assert_eq!(e, LineError::UnknownChannel("myspace".into()));
        let e = parse_line(r#"{"channel":"bluesky","external_id":"1","direction":"inbound","text":"x","created_at":"yesterday"}"#).unwrap_err();
        assert_eq!(e, LineError::BadTime("yesterday".into()));
        let e = parse_line(r#"{"channel":"bluesky","external_id":"1","direction":"inbound","text":"x","created_at":"2026-11-20T09:15:00Z","rating":9}"#).unwrap_err();
        assert!(
            e.to_string().contains("`rating` must be a whole number"),
            "{e}"
        );
    }

    #[test]
    fn numeric_ids_are_accepted() {
        let m = parse_line(r#"{"channel":"facebook","external_id":123,"direction":"outbound","text":"x","created_at":"2026-11-20T09:15:00Z","in_reply_to":99}"#).unwrap();
        assert_eq!(
            (m.external_id.as_str(), m.in_reply_to.as_deref()),
            ("123", Some("99"))
        );
    }
}
