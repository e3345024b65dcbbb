//! Mastodon: mentions polled from `GET /api/v1/notifications?types[]=mention` (`min_id` from
//! the persisted cursor; the `Link` header's older pages for a first backfill), the account and
//! its followers from `verify_credentials`, the brand's replies made elsewhere from its own
//! statuses, and replies posted by `MastodonPoster`. Notification ids grow in the order the
//! server received them, so a status federated late still comes after the cursor.

pub mod api;
pub mod html;
mod post;
pub mod stream;

pub use post::MastodonPoster;

use super::{
    Connector, ConnectorContext, ConnectorEvent, ConnectorTask, SourceBatch, Wake, wait_for_poll,
};
use crate::connectors::http::{MAX_BACKOFF, backoff, until_reset};
use crate::model::{Author, Channel, Direction, Kind, Metric, MetricSample, NewMessage};
use api::{Client, NetworkError, Notification};
use jiff::SignedDuration;

/// Older pages read on the first start, 40 mentions each.
const BACKFILL_PAGES: usize = 5;

pub struct MastodonConnector {
    pub account: String,
    pub base_url: String,
    pub token: String,
    pub token_env: String,
    pub poll_interval: SignedDuration,
}

impl Connector for MastodonConnector {
    fn name(&self) -> String {
        format!("mastodon:{}", self.account)
    }

    fn serves(&self, channel: Channel) -> bool {
        channel == Channel::Mastodon
    }

    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask {
        Box::pin(poll(*self, ctx))
    }
}

async fn poll(c: MastodonConnector, mut ctx: ConnectorContext) {
    let name = format!("mastodon:{}", c.account);
    let health = |ok: bool, detail: String| ConnectorEvent::Health {
        source: name.clone(),
        ok,
        detail,
    };
    let client = match Client::new(&c.base_url, c.token.clone()) {
        Ok(client) => client,
        Err(e) => {
            let _ = ctx.events.send(health(false, e.to_string()));
            return;
        }
    };
    let mut cursor = ctx.cursor.clone();
    let mut brand = None;
    let mut failures = 0u32;
    loop {
        let result = async {
            if brand.is_none() {
                let me = client.verify_credentials().await?;
                // Signed in: mentions also arrive live from now on.
                tokio::spawn(live(
                    client.clone(),
                    me.acct.clone(),
                    name.clone(),
                    c.poll_interval,
                    ctx.events.clone(),
                ));
                brand = Some(me);
            }
            let me = brand.clone().unwrap_or_else(|| unreachable!("set above"));
            let mentions = fetch(&client, cursor.as_deref()).await?;
            // The brand's own recent posts: engagement, and its replies made elsewhere (the
            // web UI, an app) that answer mentions. A failure here costs no mentions.
            let own = client.own_statuses(&me.id).await.ok();
            Ok::<_, NetworkError>((me, mentions, own))
        }
        .await;
        let wait = match result {
            Ok((me, mentions, own)) => {
                failures = 0;
                if let Some(newest) = mentions.iter().map(|n| n.id.clone()).max_by(by_id) {
                    cursor = Some(newest);
                }
                let engagement = own
                    .as_ref()
                    .map(|posts| posts.iter().map(api::Status::engagement).sum::<u64>());
                let mut batch = batch(&name, &me, &mentions, cursor.clone(), ctx.clock.now());
                batch.messages.extend(
                    own.iter()
                        .flatten()
                        .filter(|s| s.in_reply_to_id.is_some())
                        .filter_map(|s| status_message(s, &me.acct)),
                );
                batch.samples.extend(engagement.map(|e| MetricSample {
                    channel: Channel::Mastodon,
                    metric: Metric::Engagement,
                    value: e as f64,
                    at: ctx.clock.now(),
                }));
                // The brand's own replies come again each poll: only what customers wrote counts.
                let count = batch
                    .messages
                    .iter()
                    .filter(|m| m.direction == Direction::Inbound)
                    .count();
                let _ = ctx.events.send(ConnectorEvent::Batch(batch));
                let _ = ctx.events.send(health(
                    true,
                    format!("@{} · synced, {count} new", crate::text::sanitize(&me.acct)),
                ));
                c.poll_interval.unsigned_abs()
            }
            Err(e) => {
                failures += 1;
                tracing::warn!(source = %name, error = %e.sentence(&api::fix(&c.token_env)), "mastodon sync failed");
                let _ = ctx
                    .events
                    .send(health(false, e.sentence(&api::fix(&c.token_env))));
                match e {
                    NetworkError::Unauthorized(_) => MAX_BACKOFF,
                    // Until the reset (a reset already past: retry shortly).
                    NetworkError::RateLimited { until: Some(t) } => until_reset(t, ctx.clock.now()),
                    _ => backoff(failures),
                }
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
            match client.context(&external_id).await {
                Ok(context) => {
                    let _ = ctx.events.send(ConnectorEvent::Batch(SourceBatch {
                        source: name.clone(),
                        messages: thread_messages(&context, &me.acct),
                        samples: vec![],
                        cursor: cursor.clone(),
                    }));
                }
                Err(e) => {
                    tracing::warn!(source = %name, error = %e.sentence(&api::fix(&c.token_env)), "thread fetch failed")
                }
            }
        }
    }
}

/// Follows the streaming API for as long as the connector runs: each streamed mention is
/// delivered at once; when the stream drops it is reopened with backoff, and the polling that
/// goes on meanwhile back-fills whatever came in between.
async fn live(
    client: Client,
    brand: String,
    name: String,
    poll_interval: SignedDuration,
    events: tokio::sync::mpsc::UnboundedSender<ConnectorEvent>,
) {
    let base = client.streaming_base().await;
    let mut failures = 0;
    loop {
        let result = stream::follow(&client, &base, |n| {
            if let Some(m) = to_message(&n, &brand) {
                let _ = events.send(ConnectorEvent::Batch(SourceBatch {
                    source: name.clone(),
                    messages: vec![m],
                    samples: vec![],
                    // The cursor stays the polling's: it back-fills in order.
                    cursor: None,
                }));
            }
        })
        .await;
        if events.is_closed() {
            return;
        }
        failures = (failures + 1).min(8);
        let why = match result {
            Ok(()) => "the live stream ended".to_string(),
            Err(e) => e.sentence(&api::fix("the token variable")),
        };
        tracing::info!(source = %name, %why, "reconnecting the live stream");
        let _ = events.send(ConnectorEvent::Health {
            source: name.clone(),
            ok: true,
            detail: format!(
                "live stream dropped, polling every {}s meanwhile",
                poll_interval.as_secs()
            ),
        });
        tokio::time::sleep(backoff(failures)).await;
    }
}

/// A fetched thread as messages, oldest first, so each reply finds its parent stored.
fn thread_messages(context: &api::Context, brand: &str) -> Vec<NewMessage> {
    let mut statuses: Vec<&api::Status> = context
        .ancestors
        .iter()
        .chain(&context.descendants)
        .collect();
    statuses.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    statuses
        .into_iter()
        .filter_map(|s| status_message(s, brand))
        .collect()
}

/// What one sync delivers: the mentions as messages, the followers figure, the new cursor.
fn batch(
    name: &str,
    me: &api::Account,
    mentions: &[Notification],
    cursor: Option<String>,
    now: jiff::Timestamp,
) -> SourceBatch {
    SourceBatch {
        source: name.to_string(),
        messages: mentions
            .iter()
            .filter_map(|n| to_message(n, &me.acct))
            .collect(),
        samples: me
            .followers_count
            .map(|f| MetricSample {
                channel: Channel::Mastodon,
                metric: Metric::Followers,
                value: f as f64,
                at: now,
            })
            .into_iter()
            .collect(),
        cursor,
    }
}

/// New mentions after `cursor`; on a first start, the latest pages back.
async fn fetch(client: &Client, cursor: Option<&str>) -> Result<Vec<Notification>, NetworkError> {
    let mut page = client.mentions(None, cursor).await?;
    let mut all = std::mem::take(&mut page.items);
    if cursor.is_none() {
        for _ in 1..BACKFILL_PAGES {
            let Some(next) = page.next.take() else { break };
            page = client.mentions(Some(&next), None).await?;
            if page.items.is_empty() {
                break;
            }
            all.append(&mut page.items);
        }
    }
    Ok(all)
}

/// Mastodon ids are numeric strings that grow: compare by length, then text.
fn by_id(a: &String, b: &String) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then(a.cmp(b))
}

/// A mention as an inbound message; notifications without a status are skipped.
pub fn to_message(n: &Notification, brand: &str) -> Option<NewMessage> {
    if n.kind != "mention" {
        return None;
    }
    status_message(n.status.as_ref()?, brand)
}

/// A status as a message: the brand's own are outbound, everyone else's inbound.
fn status_message(s: &api::Status, brand: &str) -> Option<NewMessage> {
    Some(NewMessage {
        channel: Channel::Mastodon,
        account: format!("@{brand}"),
        external_id: s.id.clone(),
        kind: if s.visibility == "direct" {
            Kind::Direct
        } else {
            Kind::Mention
        },
        direction: if s.account.acct == brand {
            Direction::Outbound
        } else {
            Direction::Inbound
        },
        author: Author {
            handle: format!("@{}", s.account.acct),
            name: (!s.account.display_name.is_empty()).then(|| s.account.display_name.clone()),
            followers: s.account.followers_count,
        },
        text: html::to_text(&s.content),
        created_at: s.created_at.parse().ok()?,
        rating: None,
        in_reply_to: s.in_reply_to_id.clone(),
        url: s.url.clone(),
        lang: s.language.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(id: &str, at: &str, acct: &str, reply_to: Option<&str>) -> api::Status {
        api::Status {
            id: id.into(),
            created_at: at.into(),
            in_reply_to_id: reply_to.map(str::to_string),
            visibility: "public".into(),
            language: Some("fr".into()),
            url: None,
            content: format!("<p>message {id}</p>"),
            account: api::Account {
                id: acct.into(),
                acct: acct.into(),
                display_name: String::new(),
                followers_count: None,
            },
            replies_count: 1,
            reblogs_count: 2,
            favourites_count: 3,
            quotes_count: 0,
        }
    }

    #[test]
    fn a_fetched_thread_is_ordered_and_the_brands_posts_are_outbound() {
        let context = api::Context {
            ancestors: vec![status("3", "2026-11-20T09:10:00Z", "novacafe", Some("1"))],
            descendants: vec![
                status("4", "2026-11-20T09:30:00Z", "ana", Some("3")),
                status("1", "2026-11-20T09:00:00Z", "ana", None),
            ],
        };
        let messages = thread_messages(&context, "novacafe");
        let order: Vec<(&str, Direction)> = messages
            .iter()
            .map(|m| (m.external_id.as_str(), m.direction))
            .collect();
        assert_eq!(
            order,
            [
                ("1", Direction::Inbound),
                ("3", Direction::Outbound),
                ("4", Direction::Inbound)
            ]
        );
        assert_eq!(messages[0].text, "message 1");
        assert_eq!(context.ancestors[0].engagement(), 6);
    }
}
