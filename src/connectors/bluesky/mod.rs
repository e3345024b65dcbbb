//! Bluesky: mentions, replies and quotes polled from `listNotifications` (newest first, paged
//! back past the newest one seen by a margin so that late ones land: see `reading`), threads
//! from `getPostThread`, followers from `getProfile`, engagement from the account's own latest
//! posts, the brand's replies made elsewhere from its own feed, and replies posted by
//! `BlueskyPoster`.

pub mod api;
pub mod facets;
mod post;
mod reading;
pub mod views;

pub use post::BlueskyPoster;

use super::{
    Connector, ConnectorContext, ConnectorEvent, ConnectorTask, SourceBatch, Wake, wait_for_poll,
};
use crate::connectors::http::{MAX_BACKOFF, backoff, until_reset};
use crate::model::{Author, Channel, Direction, Kind, Metric, MetricSample, NewMessage};
use api::{Client, NetworkError, Notification, PostRecord, PostView};
use jiff::{SignedDuration, Timestamp};
use reading::Reading;
use std::time::Duration;

pub struct BlueskyConnector {
    pub account: String,
    pub client: Client,
    pub password_env: String,
    pub poll_interval: SignedDuration,
}

impl Connector for BlueskyConnector {
    fn name(&self) -> String {
        format!("bluesky:{}", self.account)
    }

    fn serves(&self, channel: Channel) -> bool {
        channel == Channel::Bluesky
    }

    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask {
        Box::pin(poll(*self, ctx))
    }
}

/// What one sync brought.
struct Sync {
    brand: api::Profile,
    items: Vec<Notification>,
    /// The brand's own replies, wherever they were written.
    own_replies: Vec<PostView>,
    engagement: Option<u64>,
}

async fn poll(c: BlueskyConnector, mut ctx: ConnectorContext) {
    let name = c.name();
    let health = |ok: bool, detail: String| ConnectorEvent::Health {
        source: name.clone(),
        ok,
        detail,
    };
    let mut reading = Reading::resume(ctx.cursor.as_deref());
    let mut failures = 0u32;
    let mut brand: Option<api::Profile> = None;
    loop {
        let result = sync(&c.client, &mut reading).await;
        let cursor = reading.cursor();
        let wait = match result {
            Ok(found) => {
                failures = 0;
                let now = ctx.clock.now();
                let batch = batch(&name, &found, cursor.clone(), now);
                // The brand's own replies come again each poll: only what customers wrote counts.
                let count = batch
                    .messages
                    .iter()
                    .filter(|m| m.direction == Direction::Inbound)
                    .count();
                let _ = ctx.events.send(ConnectorEvent::Batch(batch));
                let rate = c
                    .client
                    .rate_limit()
                    .and_then(|r| r.describe())
                    .map(|r| format!(" · {r}"))
                    .unwrap_or_default();
                let _ = ctx.events.send(health(
                    true,
                    format!(
                        "@{} · synced, {count} new{rate}",
                        crate::text::sanitize(&found.brand.handle)
                    ),
                ));
                brand = Some(found.brand);
                c.poll_interval.unsigned_abs()
            }
            Err(e) => {
                failures += 1;
                let sentence = e.sentence(&api::fix(&c.password_env));
                tracing::warn!(source = %name, error = %sentence, "bluesky sync failed");
                let _ = ctx.events.send(health(false, sentence));
                wait_after(&e, failures, ctx.clock.now())
            }
        };
        // A thread opened meanwhile is fetched at once; a reply posted brings the poll forward.
        let until = tokio::time::Instant::now() + wait;
        loop {
            let external_id = match wait_for_poll(&mut ctx.requests, until).await {
                Wake::Poll => break,
                Wake::Stop => return,
                Wake::FetchThread(id) => id,
            };
            let Some(me) = &brand else { continue };
            match c.client.thread(&external_id, 6, 80).await {
                Ok(thread) => {
                    let _ = ctx.events.send(ConnectorEvent::Batch(SourceBatch {
                        source: name.clone(),
                        messages: thread_messages(&thread, me),
                        samples: vec![],
                        cursor: cursor.clone(),
                    }));
                }
                Err(e) => {
                    tracing::warn!(source = %name, error = %e.sentence(&api::fix(&c.password_env)), "thread fetch failed")
                }
            }
        }
    }
}

/// How long to wait after a failure: until the reset of a rate limit, long after a refused
/// password (retrying will not mend it), otherwise growing backoff.
fn wait_after(e: &NetworkError, failures: u32, now: Timestamp) -> Duration {
    match e {
        NetworkError::Unauthorized(_) => MAX_BACKOFF,
        NetworkError::RateLimited { until: Some(t) } => until_reset(*t, now),
        _ => backoff(failures),
    }
}

async fn sync(client: &Client, reading: &mut Reading) -> Result<Sync, NetworkError> {
    let me = client.session().await?;
    let brand = client.profile(&me.did).await?;
    let items = reading.poll(client).await?;
    // A failure here costs no mentions: the next poll reads them again.
    let own_replies = client.own_replies(&me.did).await.unwrap_or_default();
    // Engagement with the brand's own posts; a failure here costs no mentions.
    let engagement = client
        .own_posts(&me.did)
        .await
        .ok()
        .map(|posts| posts.iter().map(PostView::engagement).sum());
    Ok(Sync {
        brand,
        items,
        own_replies,
        engagement,
    })
}

fn batch(name: &str, found: &Sync, cursor: Option<String>, now: Timestamp) -> SourceBatch {
    let mut samples: Vec<MetricSample> = found
        .brand
        .followers_count
        .map(|f| (Metric::Followers, f))
        .into_iter()
        .chain(found.engagement.map(|e| (Metric::Engagement, e)))
        .map(|(metric, value)| MetricSample {
            channel: Channel::Bluesky,
            metric,
            value: value as f64,
            at: now,
        })
        .collect();
    samples.sort_by_key(|s| s.metric.as_str());
    SourceBatch {
        source: name.to_string(),
        messages: found
            .items
            .iter()
            .filter_map(|n| to_message(n, &found.brand))
            .chain(
                found
                    .own_replies
                    .iter()
                    .filter_map(|p| view_message(p, &found.brand)),
            )
            .collect(),
        samples,
        cursor,
    }
}

/// A mention, reply or quote as an inbound message; other reasons are skipped.
pub fn to_message(n: &Notification, brand: &api::Profile) -> Option<NewMessage> {
    let kind = match n.reason.as_str() {
        "reply" => Kind::Comment,
        "mention" | "quote" => Kind::Mention,
        _ => return None,
    };
    post_message(
        &n.uri,
        &n.author,
        &n.record,
        &n.indexed_at,
        kind,
        &brand.handle,
        &brand.did,
    )
}

/// A fetched thread as messages, oldest first, so each reply finds its parent stored.
fn thread_messages(thread: &api::Thread, brand: &api::Profile) -> Vec<NewMessage> {
    let mut posts: Vec<&PostView> = thread
        .parents
        .iter()
        .chain(&thread.post)
        .chain(&thread.replies)
        .collect();
    let created = |p: &PostView| PostRecord::from_value(&p.record).created_at;
    posts.sort_by_key(|p| created(p));
    posts
        .into_iter()
        .filter_map(|p| view_message(p, brand))
        .collect()
}

/// A post seen in a thread or a feed: a comment, the brand's own outbound.
fn view_message(p: &PostView, brand: &api::Profile) -> Option<NewMessage> {
    let indexed = p.indexed_at.clone().unwrap_or_default();
    post_message(
        &p.uri,
        &p.author,
        &p.record,
        &indexed,
        Kind::Comment,
        &brand.handle,
        &brand.did,
    )
}

fn post_message(
    uri: &str,
    author: &api::Profile,
    record: &serde_json::Value,
    indexed_at: &str,
    kind: Kind,
    brand_handle: &str,
    brand_did: &str,
) -> Option<NewMessage> {
    let post = PostRecord::from_value(record);
    let created_at = post
        .created_at
        .as_deref()
        .and_then(|t| t.parse().ok())
        .or_else(|| indexed_at.parse().ok())?;
    Some(NewMessage {
        channel: Channel::Bluesky,
        account: format!("@{brand_handle}"),
        external_id: uri.to_string(),
        kind,
        direction: if author.did == brand_did {
            Direction::Outbound
        } else {
            Direction::Inbound
        },
        author: Author {
            handle: format!("@{}", author.handle),
            name: author.display_name.clone().filter(|n| !n.trim().is_empty()),
            followers: author.followers_count,
        },
        text: post.display_text(),
        created_at,
        rating: None,
        in_reply_to: post.reply.as_ref().map(|r| r.parent.uri.clone()),
        url: api::web_url(uri, &author.handle),
        lang: post.langs.first().cloned(),
    })
}
