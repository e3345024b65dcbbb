//! What else a Facebook Page receives besides comments, read into inbox messages: posts
//! visitors write on the Page and posts it is tagged in (mentions), recommendations (reviews:
//! recommends as 5★, does not as 1★), and Messenger conversations (direct messages, each
//! answering the one before it in its conversation).

use super::facebook::{Listing, Person, parse_time};
use crate::model::{Author, Channel, Direction, Kind, NewMessage};
use serde::Deserialize;

pub const POST_FIELDS: &str = "id,message,created_time,from,permalink_url";
pub const RATING_FIELDS: &str =
    "created_time,recommendation_type,review_text,reviewer,open_graph_story";
pub const CONVERSATION_FIELDS: &str =
    "id,updated_time,messages.limit(10){id,message,from,created_time}";

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PagePost {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub created_time: Option<String>,
    #[serde(default)]
    pub from: Option<Person>,
    #[serde(default)]
    pub permalink_url: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Rating {
    #[serde(default)]
    pub created_time: Option<String>,
    /// `positive` or `negative`.
    #[serde(default)]
    pub recommendation_type: Option<String>,
    #[serde(default)]
    pub review_text: Option<String>,
    #[serde(default)]
    pub reviewer: Option<Person>,
    /// The story a recommendation is; comments on it are its replies.
    #[serde(default)]
    pub open_graph_story: Option<Story>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Story {
    pub id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Conversation {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub messages: Option<Listing<DirectMessage>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DirectMessage {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub from: Option<Person>,
    #[serde(default)]
    pub created_time: Option<String>,
}

fn author(person: Option<&Person>, fallback: &str) -> Author {
    Author {
        handle: person
            .and_then(|p| p.id.clone())
            .unwrap_or_else(|| "facebook-user".into()),
        name: person
            .and_then(|p| p.name.clone())
            .or_else(|| Some(fallback.into())),
        followers: None,
    }
}

fn by_page(person: Option<&Person>, page_id: &str) -> bool {
    person.and_then(|p| p.id.as_deref()) == Some(page_id)
}

/// Visitor posts and posts the Page is tagged in, as mentions.
pub fn posts_to_messages(posts: &[PagePost], page_id: &str, account: &str) -> Vec<NewMessage> {
    posts
        .iter()
        .filter(|p| !by_page(p.from.as_ref(), page_id))
        .filter_map(|p| {
            let at = p.created_time.as_deref().and_then(parse_time)?;
            Some(NewMessage {
                channel: Channel::Facebook,
                account: account.to_string(),
                external_id: p.id.clone()?,
                kind: Kind::Mention,
                direction: Direction::Inbound,
                author: author(p.from.as_ref(), "A Facebook user"),
                text: p.message.clone().unwrap_or_default(),
                created_at: at,
                rating: None,
                in_reply_to: None,
                url: p.permalink_url.clone(),
                lang: None,
            })
        })
        .collect()
}

/// Recommendations as reviews, keyed by their story (so a reply is a comment on it).
pub fn ratings_to_messages(ratings: &[Rating], account: &str) -> Vec<NewMessage> {
    ratings
        .iter()
        .filter_map(|r| {
            let at = r.created_time.as_deref().and_then(parse_time)?;
            let id = r.open_graph_story.as_ref()?.id.clone();
            let stars = match r.recommendation_type.as_deref() {
                Some("positive") => Some(5),
                Some("negative") => Some(1),
                _ => None,
            };
            Some(NewMessage {
                channel: Channel::Facebook,
                account: account.to_string(),
                external_id: id,
                kind: Kind::Review,
                direction: Direction::Inbound,
                author: author(r.reviewer.as_ref(), "A Facebook user"),
                text: r.review_text.clone().unwrap_or_default(),
                created_at: at,
                rating: stars,
                in_reply_to: None,
                url: None,
                lang: None,
            })
        })
        .collect()
}

/// Messenger conversations as direct messages, oldest first, each answering the one before.
pub fn conversations_to_messages(
    conversations: &[Conversation],
    page_id: &str,
    account: &str,
) -> Vec<NewMessage> {
    let mut out = Vec::new();
    for c in conversations {
        let mut messages: Vec<(jiff::Timestamp, &DirectMessage)> = c
            .messages
            .iter()
            .flat_map(|l| &l.data)
            .filter_map(|m| Some((m.created_time.as_deref().and_then(parse_time)?, m)))
            .collect();
        messages.sort_by_key(|(at, _)| *at);
        let mut previous: Option<String> = None;
        for (at, m) in messages {
            let Some(id) = m.id.clone() else { continue };
            let ours = by_page(m.from.as_ref(), page_id);
            out.push(NewMessage {
                channel: Channel::Facebook,
                account: account.to_string(),
                external_id: id.clone(),
                kind: Kind::Direct,
                direction: if ours {
                    Direction::Outbound
                } else {
                    Direction::Inbound
                },
                author: author(m.from.as_ref(), "A Messenger user"),
                text: m.message.clone().unwrap_or_default(),
                created_at: at,
                rating: None,
                in_reply_to: previous.replace(id),
                url: None,
                lang: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_recommendations_and_conversations_read_as_documented() {
        let posts: Listing<PagePost> = serde_json::from_str(r#"{"data":[
            {"id":"20531316728_1","message":"Great place, @Nova Café!","created_time":"2026-11-20T08:00:00+0000","from":{"id":"77","name":"Paula"},"permalink_url":"https://www.facebook.com/1"},
            {"id":"20531316728_2","message":"Our own post","created_time":"2026-11-20T08:00:00+0000","from":{"id":"20531316728","name":"Nova"}},
            {"id":"20531316728_3","created_time":"bad"}]}"#).unwrap();
        let mentions = posts_to_messages(&posts.data, "20531316728", "Nova");
        assert_eq!(mentions.len(), 1);
        assert_eq!(
            (mentions[0].kind, mentions[0].author.name.as_deref()),
            (Kind::Mention, Some("Paula"))
        );

        let ratings: Listing<Rating> = serde_json::from_str(r#"{"data":[
            {"created_time":"2026-11-19T10:00:00+0000","recommendation_type":"negative","review_text":"Rude staff.","reviewer":{"id":"88","name":"Rémi"},"open_graph_story":{"id":"99"}},
            {"created_time":"2026-11-19T11:00:00+0000","recommendation_type":"positive","open_graph_story":{"id":"100"},"has_rating":false},
            {"created_time":"2026-11-19T12:00:00+0000","recommendation_type":"positive"}]}"#).unwrap();
        let reviews = ratings_to_messages(&ratings.data, "Nova");
        assert_eq!(
            reviews.len(),
            2,
            "one with no story cannot be answered: skipped"
        );
        assert_eq!(
            (
                reviews[0].external_id.as_str(),
                reviews[0].rating,
                reviews[0].kind
            ),
            ("99", Some(1), Kind::Review)
        );
        assert_eq!((reviews[1].rating, reviews[1].text.as_str()), (Some(5), ""));

        let conversations: Listing<Conversation> = serde_json::from_str(r#"{"data":[{"id":"t_1","updated_time":"2026-11-20T09:10:00+0000","messages":{"data":[
            {"id":"m_3","message":"Thanks, on it","from":{"id":"20531316728","name":"Nova"},"created_time":"2026-11-20T09:10:00+0000"},
            {"id":"m_2","message":"Order 42 never came","from":{"id":"5551","name":"Léa"},"created_time":"2026-11-20T09:05:00+0000"},
            {"id":"m_1","message":"Hello?","from":{"id":"5551","name":"Léa"},"created_time":"2026-11-20T09:00:00+0000"}]}}]}"#).unwrap();
        let dms = conversations_to_messages(&conversations.data, "20531316728", "Nova");
        let ids: Vec<&str> = dms.iter().map(|m| m.external_id.as_str()).collect();
        assert_eq!(ids, ["m_1", "m_2", "m_3"], "oldest first");
        assert_eq!(dms[1].in_reply_to.as_deref(), Some("m_1"));
        assert_eq!(
            (dms[2].direction, dms[2].in_reply_to.as_deref()),
            (Direction::Outbound, Some("m_2"))
        );
        assert_eq!(
            (dms[0].kind, dms[0].author.handle.as_str()),
            (Kind::Direct, "5551")
        );
    }
}
