//! Facebook Page comments as the Graph API lists them (`GET /{post-id}/comments?filter=stream`,
//! replies flattened in), read into inbox messages: the comment's id (or, where an app is
//! given none, the one its permalink carries), its author, text and time, the comment it
//! answers, and whether the Page itself wrote it (the brand's reply). An item that cannot be
//! read is skipped and said in the log; the rest of the page is kept.

use crate::model::{Author, Channel, Direction, Kind, NewMessage};
use serde::Deserialize;

/// One page of a Graph API list, with the cursor to the next.
#[derive(Debug, Clone, Deserialize)]
pub struct Listing<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub cursors: Option<Cursors>,
    /// The next page's URL (it carries the token: never logged).
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Cursors {
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
}

impl<T> Listing<T> {
    /// The cursor to ask for the page after this one, when there is one.
    pub fn after(&self) -> Option<&str> {
        let paging = self.paging.as_ref()?;
        paging.next.as_ref()?;
        paging.cursors.as_ref()?.after.as_deref()
    }
}

/// A comment as listed; every field may be missing (what an app sees depends on its access).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Comment {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub created_time: Option<String>,
    #[serde(default)]
    pub from: Option<Person>,
    #[serde(default)]
    pub parent: Option<Parent>,
    #[serde(default)]
    pub permalink_url: Option<String>,
    #[serde(default)]
    pub like_count: Option<u64>,
    #[serde(default)]
    pub comment_count: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Person {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Parent {
    pub id: String,
}

/// Why a listed comment was not taken in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Skipped {
    #[error("a comment with neither an id nor a permalink")]
    NoId,
    #[error("comment {0} has no readable time")]
    NoTime(String),
}

/// The page's comments as messages of the account `account` (the Page's handle), the Page's
/// own comments as its replies; what cannot be read, each with why.
pub fn comments_to_messages(
    comments: &[Comment],
    page_id: &str,
    account: &str,
) -> (Vec<NewMessage>, Vec<Skipped>) {
    let mut messages = Vec::new();
    let mut skipped = Vec::new();
    for c in comments {
        match to_message(c, page_id, account) {
            Ok(m) => messages.push(m),
            Err(why) => {
                tracing::info!(%why, "a Facebook comment was skipped");
                skipped.push(why);
            }
        }
    }
    (messages, skipped)
}

fn to_message(c: &Comment, page_id: &str, account: &str) -> Result<NewMessage, Skipped> {
    let from_link = c.permalink_url.as_deref().and_then(ids_from_permalink);
    let id =
        c.id.clone()
            .or_else(|| from_link.as_ref().map(|(id, _)| id.clone()))
            .ok_or(Skipped::NoId)?;
    let created_at = c
        .created_time
        .as_deref()
        .and_then(parse_time)
        .ok_or_else(|| Skipped::NoTime(id.clone()))?;
    let parent = c
        .parent
        .as_ref()
        .map(|p| p.id.clone())
        .or_else(|| from_link.and_then(|(_, parent)| parent));
    let by_page = c
        .from
        .as_ref()
        .and_then(|f| f.id.as_deref())
        .is_some_and(|id| id == page_id);
    let name = c.from.as_ref().and_then(|f| f.name.clone());
    let author = Author {
        handle: c
            .from
            .as_ref()
            .and_then(|f| f.id.clone())
            .unwrap_or_else(|| "facebook-user".into()),
        name: name.or_else(|| Some("A Facebook user".into())),
        followers: None,
    };
    Ok(NewMessage {
        channel: Channel::Facebook,
        account: account.to_string(),
        external_id: id,
        kind: Kind::Comment,
        direction: if by_page {
            Direction::Outbound
        } else {
            Direction::Inbound
        },
        author,
        text: c.message.clone().unwrap_or_default(),
        created_at,
        rating: None,
        in_reply_to: parent,
        url: c.permalink_url.clone(),
        lang: None,
    })
}

/// A comment's id, and the id of the comment it answers, from its permalink:
/// `…/posts/{post}/?comment_id={c}` is `{post}_{c}`; a reply's permalink adds
/// `reply_comment_id={r}`, which is `{post}_{r}`, answering `{post}_{c}`.
fn ids_from_permalink(url: &str) -> Option<(String, Option<String>)> {
    let (path, query) = url.split_once('?')?;
    let post = path
        .trim_end_matches('/')
        .rsplit_once("/posts/")
        .map(|(_, p)| p.trim_end_matches('/'))?;
    let param = |key: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
    };
    let comment = param("comment_id")?;
    Some(match param("reply_comment_id") {
        Some(reply) => (format!("{post}_{reply}"), Some(format!("{post}_{comment}"))),
        None => (format!("{post}_{comment}"), None),
    })
}

/// Graph API times: `2021-08-10T18:45:03+0000` (no colon in the offset).
pub fn parse_time(text: &str) -> Option<jiff::Timestamp> {
    jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M:%S%z", text)
        .ok()?
        .to_timestamp()
        .ok()
        .or_else(|| text.parse().ok())
}

#[cfg(test)]
mod tests;
