//! A Facebook Page as a source: each poll reads the Page (its name and followers), its latest
//! posts, and each post's latest comments with replies flattened in (`filter=stream`); the
//! store's dedup absorbs what was read before, so a late comment is caught on the next poll.
//! Near Meta's budget (its usage headers) the next poll waits. Replies go under the comment
//! (`POST /{comment-id}/comments`); Meta has no idempotency key, so the comment's replies are
//! read first, and a reply of the Page's with the same text already there (a crash after
//! posting) is taken as the one posted.

use super::client::GraphClient;
use super::facebook::{Comment, Listing, comments_to_messages, parse_time};
use super::graph::Usage;
use crate::connectors::http::NetworkError;
use crate::connectors::polling::{self, Polling};
use crate::connectors::post::{PostError, PostFuture, PostRequest, Posted, Poster};
use crate::connectors::{Connector, ConnectorContext, ConnectorTask};
use crate::model::{Channel, MetricSample};
use jiff::SignedDuration;
use serde::Deserialize;

/// The posts whose comments each poll reads, newest first.
const POSTS_READ: &str = "10";
/// The comments read per post each poll, newest first.
const COMMENTS_READ: &str = "50";
const COMMENT_FIELDS: &str = "id,message,created_time,from,parent,permalink_url";

/// What a token must be granted, said when it is refused.
pub fn fix(token_env: &str) -> String {
    format!(
        "check {token_env} holds a Page access token with pages_read_engagement, pages_read_user_content and pages_manage_engagement"
    )
}

pub struct FacebookConnector {
    pub account: String,
    pub page_id: String,
    pub client: GraphClient,
    pub token_env: String,
    pub poll_interval: SignedDuration,
}

impl Connector for FacebookConnector {
    fn name(&self) -> String {
        format!("facebook:{}", self.account)
    }

    fn serves(&self, channel: Channel) -> bool {
        channel == Channel::Facebook
    }

    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask {
        Box::pin(poll(*self, ctx))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct PageInfo {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub followers_count: Option<u64>,
    #[serde(default)]
    pub fan_count: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
struct Post {
    id: String,
}

/// What one poll read: the Page, the comments as messages, the audience readings, and the
/// budget used.
struct Read {
    page: PageInfo,
    messages: Vec<crate::model::NewMessage>,
    samples: Vec<MetricSample>,
    usage: Option<Usage>,
}

async fn read(
    c: &FacebookConnector,
    with_insights: bool,
    now: jiff::Timestamp,
) -> Result<Read, NetworkError> {
    let mut worst: Option<Usage> = None;
    let mut note = |u: Option<Usage>| {
        if let Some(u) = u {
            worst = Some(match worst {
                Some(w) if w.percent >= u.percent => w,
                _ => u,
            });
        }
    };
    let (page, usage): (PageInfo, _) = c
        .client
        .get(&c.page_id, &[("fields", "name,followers_count,fan_count")])
        .await?;
    note(usage);
    let (feed, usage): (Listing<Post>, _) = c
        .client
        .get(
            &format!("{}/feed", c.page_id),
            &[("fields", "id,created_time"), ("limit", POSTS_READ)],
        )
        .await?;
    note(usage);
    let account = page.name.clone().unwrap_or_else(|| c.page_id.clone());
    let mut messages = Vec::new();
    for post in &feed.data {
        let (comments, usage): (Listing<Comment>, _) = c
            .client
            .get(
                &format!("{}/comments", post.id),
                &[
                    ("fields", COMMENT_FIELDS),
                    ("filter", "stream"),
                    ("order", "reverse_chronological"),
                    ("limit", COMMENTS_READ),
                ],
            )
            .await?;
        note(usage);
        let (read, _skipped) = comments_to_messages(&comments.data, &c.page_id, &account);
        messages.extend(read);
    }
    // Visitor posts, mentions, recommendations and Messenger: each needs a permission of its
    // own; one not granted costs the rest nothing (said in the log).
    messages.extend(c.extras(&account, &mut note).await);
    // Reach, views and engagement: a failure (a permission not granted) costs no comments.
    let mut samples = Vec::new();
    if with_insights {
        let insights = c
            .client
            .get::<Listing<super::insights::Insight>>(
                &format!("{}/insights", c.page_id),
                &[("metric", super::insights::PAGE_METRICS), ("period", "day")],
            )
            .await;
        match insights {
            Ok((listing, usage)) => {
                note(usage);
                samples = super::insights::samples(&listing.data, Channel::Facebook, now);
            }
            Err(e) => {
                tracing::warn!(error = %e.sentence(&fix(&c.token_env)), "the Page's insights cannot be read")
            }
        }
    }
    Ok(Read {
        page,
        messages,
        samples,
        usage: worst,
    })
}

impl FacebookConnector {
    /// What the Page receives besides comments; each edge that fails is logged and skipped.
    async fn extras(
        &self,
        account: &str,
        note: &mut impl FnMut(Option<Usage>),
    ) -> Vec<crate::model::NewMessage> {
        use super::page_items as items;
        let mut out = Vec::new();
        let edge = |e: &str| format!("{}/{e}", self.page_id);
        let skipped = |what: &str, e: NetworkError| {
            tracing::info!(what, error = %e.sentence(&fix(&self.token_env)), "a Page edge was skipped");
        };
        for name in ["visitor_posts", "tagged"] {
            let query = [("fields", items::POST_FIELDS), ("limit", "10")];
            match self
                .client
                .get::<Listing<items::PagePost>>(&edge(name), &query)
                .await
            {
                Ok((posts, usage)) => {
                    note(usage);
                    out.extend(items::posts_to_messages(
                        &posts.data,
                        &self.page_id,
                        account,
                    ));
                }
                Err(e) => skipped(name, e),
            }
        }
        let query = [("fields", items::RATING_FIELDS), ("limit", "25")];
        match self
            .client
            .get::<Listing<items::Rating>>(&edge("ratings"), &query)
            .await
        {
            Ok((ratings, usage)) => {
                note(usage);
                out.extend(items::ratings_to_messages(&ratings.data, account));
            }
            Err(e) => skipped("ratings", e),
        }
        let query = [
            ("platform", "messenger"),
            ("fields", items::CONVERSATION_FIELDS),
            ("limit", "10"),
        ];
        match self
            .client
            .get::<Listing<items::Conversation>>(&edge("conversations"), &query)
            .await
        {
            Ok((conversations, usage)) => {
                note(usage);
                out.extend(items::conversations_to_messages(
                    &conversations.data,
                    &self.page_id,
                    account,
                ));
            }
            Err(e) => skipped("conversations", e),
        }
        out
    }
}

async fn poll(c: FacebookConnector, ctx: ConnectorContext) {
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
            channel: Channel::Facebook,
            label: format!(
                "Page {}",
                crate::text::sanitize(read.page.name.as_deref().unwrap_or(&c.page_id))
            ),
            followers: read.page.followers_count.or(read.page.fan_count),
            messages: read.messages,
            samples: read.samples,
            usage: read.usage,
        })
    })
    .await
}

/// Replies under a comment, as the Page.
pub struct FacebookPoster {
    pub client: GraphClient,
    pub page_id: String,
}

#[derive(Deserialize)]
struct Created {
    id: String,
}

#[derive(Deserialize)]
struct Sent {
    message_id: String,
}

/// A private reply: the comment's author gets it on Messenger. Meta allows one per comment,
/// so one sent before a crash is known by the refusal of the second.
async fn private_reply(
    client: &GraphClient,
    page_id: &str,
    request: &PostRequest,
) -> Result<Posted, NetworkError> {
    let body = serde_json::json!({
        "recipient": { "comment_id": request.in_reply_to },
        "message": { "text": request.text },
    });
    match client
        .post_json::<Sent>(&format!("{page_id}/messages"), &body)
        .await
    {
        Ok((sent, _)) => Ok(Posted {
            external_id: sent.message_id,
            url: None,
            created_at: None,
        }),
        Err(NetworkError::Refused(why))
            if why.starts_with(super::graph::ALREADY_ANSWERED_PRIVATELY) =>
        {
            Ok(Posted {
                external_id: format!("private-reply-{}", request.in_reply_to),
                url: None,
                created_at: None,
            })
        }
        Err(e) => Err(e),
    }
}

/// A Messenger reply: the Send API, after the conversation's latest messages are read so a
/// reply sent before a crash is recorded, not sent twice.
async fn send_message(
    client: &GraphClient,
    page_id: &str,
    request: &PostRequest,
) -> Result<Posted, NetworkError> {
    let Some(recipient) = request.mention.as_deref() else {
        return Err(NetworkError::Refused(
            "the person to answer on Messenger is not known".into(),
        ));
    };
    let (recent, _): (Listing<super::page_items::Conversation>, _) = client
        .get(
            &format!("{page_id}/conversations"),
            &[
                ("platform", "messenger"),
                ("user_id", recipient),
                ("fields", super::page_items::CONVERSATION_FIELDS),
            ],
        )
        .await?;
    let already = recent
        .data
        .iter()
        .flat_map(|c| c.messages.iter().flat_map(|l| &l.data))
        .find(|m| {
            m.from.as_ref().and_then(|f| f.id.as_deref()) == Some(page_id)
                && m.message.as_deref().map(str::trim) == Some(request.text.trim())
        });
    if let Some(m) = already.filter(|m| m.id.is_some()) {
        return Ok(Posted {
            external_id: m.id.clone().unwrap_or_default(),
            url: None,
            created_at: m.created_time.as_deref().and_then(parse_time),
        });
    }
    let body = serde_json::json!({
        "recipient": { "id": recipient },
        "messaging_type": "RESPONSE",
        "message": { "text": request.text },
    });
    let (sent, _): (Sent, _) = client
        .post_json(&format!("{page_id}/messages"), &body)
        .await?;
    Ok(Posted {
        external_id: sent.message_id,
        url: None,
        created_at: None,
    })
}

impl Poster for FacebookPoster {
    fn post(&self, request: PostRequest) -> PostFuture {
        let client = self.client.clone();
        let page_id = self.page_id.clone();
        Box::pin(async move {
            let failed = |e: NetworkError| PostError {
                retryable: matches!(
                    e,
                    NetworkError::Temporary(_) | NetworkError::RateLimited { .. }
                ),
                reason: format!("Facebook: {}", e.sentence(&fix("the token"))),
            };
            if request.direct {
                return send_message(&client, &page_id, &request)
                    .await
                    .map_err(failed);
            }
            if request.private {
                return private_reply(&client, &page_id, &request)
                    .await
                    .map_err(failed);
            }
            let path = format!("{}/comments", request.in_reply_to);
            // Already there? (posted before a crash kept tribune from recording it)
            let (replies, _): (Listing<Comment>, _) = client
                .get(
                    &path,
                    &[
                        ("fields", COMMENT_FIELDS),
                        ("filter", "stream"),
                        ("limit", "100"),
                    ],
                )
                .await
                .map_err(failed)?;
            let ours = replies.data.iter().find(|c| {
                c.from.as_ref().and_then(|f| f.id.as_deref()) == Some(page_id.as_str())
                    && c.message.as_deref().map(str::trim) == Some(request.text.trim())
            });
            if let Some(c) = ours.filter(|c| c.id.is_some()) {
                return Ok(Posted {
                    external_id: c.id.clone().unwrap_or_default(),
                    url: c.permalink_url.clone(),
                    created_at: c.created_time.as_deref().and_then(parse_time),
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
