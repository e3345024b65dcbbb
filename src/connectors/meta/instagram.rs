//! An Instagram professional account as a source and a place to reply, through the Graph API.
//! Each poll reads the account (username, followers), its latest media and each one's latest
//! comments with their replies, and the media it is tagged in (mentions). Replies go to a
//! top-level comment (`POST /{comment-id}/replies`): Instagram threads are one level deep, so a
//! reply to a reply goes to its top-level comment. Instagram has no idempotency key either:
//! the comment's replies are read first, and the account's reply with the same text already
//! there (a crash after posting) is taken as the one posted.

use super::client::GraphClient;
use super::facebook::{Listing, parse_time};
use super::graph::Usage;
use crate::connectors::http::NetworkError;
use crate::connectors::polling::{self, Polling};
use crate::connectors::post::{PostError, PostFuture, PostRequest, Posted, Poster};
use crate::connectors::{Connector, ConnectorContext, ConnectorTask};
use crate::model::{Author, Channel, Direction, Kind, MetricSample, NewMessage};
use jiff::SignedDuration;
use serde::Deserialize;

const MEDIA_READ: &str = "10";
const COMMENTS_READ: &str = "50";
const COMMENT_FIELDS: &str =
    "id,text,timestamp,username,from,like_count,parent_id,replies{id,text,timestamp,username,from}";

/// What a token must be granted, said when it is refused.
pub fn fix(token_env: &str) -> String {
    format!(
        "check {token_env} holds a token with instagram_basic, instagram_manage_comments and pages_read_engagement"
    )
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IgUser {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub followers_count: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IgComment {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub from: Option<IgUser>,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub replies: Option<Listing<IgComment>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct IgMedia {
    pub id: String,
    #[serde(default)]
    pub caption: Option<String>,
    #[serde(default)]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub permalink: Option<String>,
}

/// The comments of a media (and their replies) as messages of `account` (the account's
/// username), the account's own as its replies; a comment that cannot be read is skipped.
pub fn comments_to_messages(comments: &[IgComment], account: &str) -> Vec<NewMessage> {
    let mut out = Vec::new();
    for c in comments {
        let top = comment_message(c, account, None);
        let top_id = top.as_ref().map(|m| m.external_id.clone());
        out.extend(top);
        let replies = c.replies.as_ref().map(|r| r.data.as_slice()).unwrap_or(&[]);
        for r in replies {
            let parent = r.parent_id.clone().or(top_id.clone());
            out.extend(comment_message(r, account, parent));
        }
    }
    out
}

fn comment_message(c: &IgComment, account: &str, parent: Option<String>) -> Option<NewMessage> {
    let (Some(id), Some(at)) = (c.id.clone(), c.timestamp.as_deref().and_then(parse_time)) else {
        tracing::info!(id = ?c.id, "an Instagram comment without an id or a time was skipped");
        return None;
    };
    let username = c
        .username
        .clone()
        .or_else(|| c.from.as_ref().and_then(|f| f.username.clone()));
    let ours = username.as_deref() == Some(account);
    Some(NewMessage {
        channel: Channel::Instagram,
        account: account.to_string(),
        external_id: id,
        kind: Kind::Comment,
        direction: if ours {
            Direction::Outbound
        } else {
            Direction::Inbound
        },
        author: Author {
            handle: username
                .map(|u| format!("@{u}"))
                .unwrap_or_else(|| "instagram-user".into()),
            name: None,
            followers: None,
        },
        text: c.text.clone().unwrap_or_default(),
        created_at: at,
        rating: None,
        in_reply_to: parent.or(c.parent_id.clone()),
        url: None,
        lang: None,
    })
}

/// Media the account is tagged in, as mentions.
pub fn tags_to_messages(media: &[IgMedia], account: &str) -> Vec<NewMessage> {
    media
        .iter()
        .filter_map(|m| {
            let at = m.timestamp.as_deref().and_then(parse_time)?;
            Some(NewMessage {
                channel: Channel::Instagram,
                account: account.to_string(),
                external_id: m.id.clone(),
                kind: Kind::Mention,
                direction: Direction::Inbound,
                author: Author {
                    handle: m
                        .username
                        .as_ref()
                        .map(|u| format!("@{u}"))
                        .unwrap_or_else(|| "instagram-user".into()),
                    name: None,
                    followers: None,
                },
                text: m.caption.clone().unwrap_or_default(),
                created_at: at,
                rating: None,
                in_reply_to: None,
                url: m.permalink.clone(),
                lang: None,
            })
        })
        .collect()
}

pub struct InstagramConnector {
    pub account: String,
    pub ig_user_id: String,
    pub client: GraphClient,
    pub token_env: String,
    pub poll_interval: SignedDuration,
}

impl Connector for InstagramConnector {
    fn name(&self) -> String {
        format!("instagram:{}", self.account)
    }

    fn serves(&self, channel: Channel) -> bool {
        channel == Channel::Instagram
    }

    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask {
        Box::pin(poll(*self, ctx))
    }
}

struct Read {
    user: IgUser,
    messages: Vec<NewMessage>,
    samples: Vec<MetricSample>,
    usage: Option<Usage>,
}

async fn read(
    c: &InstagramConnector,
    with_insights: bool,
    now: jiff::Timestamp,
) -> Result<Read, NetworkError> {
    let mut usage: Option<Usage> = None;
    let mut note = |u: Option<Usage>| {
        if let Some(u) = u
            && usage.is_none_or(|w| w.percent < u.percent)
        {
            usage = Some(u);
        }
    };
    let (user, u): (IgUser, _) = c
        .client
        .get(&c.ig_user_id, &[("fields", "id,username,followers_count")])
        .await?;
    note(u);
    let account = user
        .username
        .clone()
        .unwrap_or_else(|| c.ig_user_id.clone());
    let (media, u): (Listing<IgMedia>, _) = c
        .client
        .get(
            &format!("{}/media", c.ig_user_id),
            &[
                ("fields", "id,timestamp,comments_count"),
                ("limit", MEDIA_READ),
            ],
        )
        .await?;
    note(u);
    let mut messages = Vec::new();
    for m in &media.data {
        let (comments, u): (Listing<IgComment>, _) = c
            .client
            .get(
                &format!("{}/comments", m.id),
                &[("fields", COMMENT_FIELDS), ("limit", COMMENTS_READ)],
            )
            .await?;
        note(u);
        messages.extend(comments_to_messages(&comments.data, &account));
    }
    // Tagged media: a failure here (a permission not granted) costs no comments.
    let tagged = c
        .client
        .get::<Listing<IgMedia>>(
            &format!("{}/tags", c.ig_user_id),
            &[
                ("fields", "id,caption,timestamp,username,permalink"),
                ("limit", MEDIA_READ),
            ],
        )
        .await;
    if let Ok((tags, u)) = tagged {
        note(u);
        messages.extend(tags_to_messages(&tags.data, &account));
    }
    // Reach, views and interactions for the day: a failure costs no comments.
    let mut samples = Vec::new();
    if with_insights {
        let insights = c
            .client
            .get::<Listing<super::insights::Insight>>(
                &format!("{}/insights", c.ig_user_id),
                &[
                    ("metric", super::insights::INSTAGRAM_METRICS),
                    ("period", "day"),
                    ("metric_type", "total_value"),
                ],
            )
            .await;
        match insights {
            Ok((listing, u)) => {
                note(u);
                samples = super::insights::samples(&listing.data, Channel::Instagram, now);
            }
            Err(e) => {
                tracing::warn!(error = %e.sentence(&fix(&c.token_env)), "the account's insights cannot be read")
            }
        }
    }
    Ok(Read {
        user,
        messages,
        samples,
        usage,
    })
}

async fn poll(c: InstagramConnector, ctx: ConnectorContext) {
    let polling = Polling {
        name: c.name(),
        fix: fix(&c.token_env),
        throttled: polling::NEAR_META_LIMIT,
    };
    let interval = c.poll_interval.unsigned_abs();
    let c = &c;
    super::poll_account(ctx, polling, interval, |with_insights, now| async move {
        let read = read(c, with_insights, now).await?;
        Ok(super::Outcome {
            source: c.name(),
            channel: Channel::Instagram,
            label: format!(
                "@{}",
                crate::text::sanitize(read.user.username.as_deref().unwrap_or(&c.ig_user_id))
            ),
            followers: read.user.followers_count,
            messages: read.messages,
            samples: read.samples,
            usage: read.usage,
        })
    })
    .await
}

/// Replies as the account, to the top-level comment of the one answered.
pub struct InstagramPoster {
    pub client: GraphClient,
    pub ig_user_id: String,
}

#[derive(Deserialize)]
struct Created {
    id: String,
}

impl Poster for InstagramPoster {
    fn post(&self, request: PostRequest) -> PostFuture {
        let client = self.client.clone();
        let me = self.ig_user_id.clone();
        Box::pin(async move {
            let failed = |e: NetworkError| PostError {
                retryable: matches!(
                    e,
                    NetworkError::Temporary(_) | NetworkError::RateLimited { .. }
                ),
                reason: format!("Instagram: {}", e.sentence(&fix("the token"))),
            };
            // A reply to a reply goes to its top-level comment: threads are one level deep.
            let (answered, _): (IgComment, _) = client
                .get(&request.in_reply_to, &[("fields", "id,parent_id")])
                .await
                .map_err(failed)?;
            let top = answered
                .parent_id
                .unwrap_or_else(|| request.in_reply_to.clone());
            let (user, _): (IgUser, _) = client
                .get(&me, &[("fields", "id,username")])
                .await
                .map_err(failed)?;
            let path = format!("{top}/replies");
            let (replies, _): (Listing<IgComment>, _) = client
                .get(&path, &[("fields", "id,text,timestamp,username,from")])
                .await
                .map_err(failed)?;
            let ours = replies.data.iter().find(|r| {
                let by = r
                    .username
                    .as_ref()
                    .or(r.from.as_ref().and_then(|f| f.username.as_ref()));
                by.is_some()
                    && by == user.username.as_ref()
                    && r.text.as_deref().map(str::trim) == Some(request.text.trim())
            });
            if let Some(r) = ours.filter(|r| r.id.is_some()) {
                return Ok(Posted {
                    external_id: r.id.clone().unwrap_or_default(),
                    url: None,
                    created_at: r.timestamp.as_deref().and_then(parse_time),
                });
            }
            let (created, _): (Created, _) = client
                .post(&path, &[("message", request.text.as_str())])
                .await
                .map_err(failed)?;
            Ok(Posted {
                external_id: created.id,
                url: None,
                created_at: None,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Option<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/fixtures/meta/instagram")
            .join(name);
        std::fs::read_to_string(path).ok().or_else(|| {
            eprintln!("skipped: ../shared/fixtures/meta is not here");
            None
        })
    }

    #[test]
    fn recorded_comments_and_replies_read_into_one_thread() {
        let (Some(p1), Some(p2), Some(one), Some(replies)) = (
            fixture("medias_comments_p1.json"),
            fixture("medias_comments_p2.json"),
            fixture("comments_comment_fields.json"),
            fixture("comments_replies.json"),
        ) else {
            return;
        };
        let p1: Listing<IgComment> = serde_json::from_str(&p1).unwrap();
        let p2: Listing<IgComment> = serde_json::from_str(&p2).unwrap();
        assert_eq!(p1.after(), Some("after"));
        assert_eq!(p2.after(), None);
        let all: Vec<IgComment> = p1.data.into_iter().chain(p2.data).collect();
        let messages = comments_to_messages(&all, "brand");
        assert_eq!(messages.len(), 4);
        assert_eq!(messages[0].external_id, "17858154961981086");
        assert_eq!(messages[0].text, "Beautiful!");
        assert_eq!(
            messages[0].created_at,
            "2020-06-01T10:56:52Z".parse::<jiff::Timestamp>().unwrap()
        );
        // A comment with its author and a reply under it (as `replies{…}` nests them).
        let mut c: IgComment = serde_json::from_str(&one).unwrap();
        c.replies = Some(serde_json::from_str(&replies).unwrap());
        let thread = comments_to_messages(&[c], "ikroskun");
        assert_eq!(thread.len(), 2);
        assert_eq!(thread[0].author.handle, "@ikroskun");
        assert_eq!(
            thread[0].direction,
            Direction::Outbound,
            "the account's own comment"
        );
        assert_eq!(thread[1].in_reply_to.as_deref(), Some("17892250648466172"));
        assert_eq!(thread[1].author.handle, "instagram-user");
    }

    #[test]
    fn malformed_comments_are_skipped_and_unknown_fields_ignored() {
        let listing: Listing<IgComment> = serde_json::from_str(
            r#"{"data":[{"id":"1","text":"ok","timestamp":"2026-11-20T09:00:00+0000","username":"ana","hidden":false,"media":{"id":"9"}},{"id":"2","text":"no time"},{"text":"no id","timestamp":"2026-11-20T09:00:00+0000"}]}"#,
        )
        .unwrap();
        let messages = comments_to_messages(&listing.data, "brand");
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].author.handle, "@ana");
        let tags: Listing<IgMedia> = serde_json::from_str(
            r#"{"data":[{"id":"55","caption":"Love @brand","timestamp":"2026-11-20T09:00:00+0000","username":"ana","permalink":"https://www.instagram.com/p/X/","media_type":"IMAGE"},{"id":"56"}]}"#,
        )
        .unwrap();
        let mentions = tags_to_messages(&tags.data, "brand");
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].kind, Kind::Mention);
        assert_eq!(
            mentions[0].url.as_deref(),
            Some("https://www.instagram.com/p/X/")
        );
    }
}
