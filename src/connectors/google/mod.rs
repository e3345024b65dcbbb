//! Google Business Profile reviews: each poll lists the location's reviews most recently
//! updated first, page after page until it reaches what the last poll saw (a first start reads
//! a few pages). A review is a message with its stars; a review its author changes later
//! arrives again as a new message of the same thread (the customer spoke again); the owner's
//! reply, written here or elsewhere (edited too), is the brand's answer. Replies are a `PUT`,
//! which Google keeps one of per review, so a reply sent again after a crash is still one.

pub mod api;
pub mod performance;

use crate::connectors::http::NetworkError;
use crate::connectors::polling::{self, Polled, Polling};
use crate::connectors::post::{PostError, PostFuture, PostRequest, Posted, Poster};
use crate::connectors::{Connector, ConnectorContext, ConnectorTask, SourceBatch};
use crate::model::{Author, Channel, Direction, Kind, NewMessage};
use api::{GbpClient, Review};
use jiff::{SignedDuration, Timestamp};

/// Pages of 50 read on a first start; later polls stop at what they saw, or after this many.
const FIRST_PAGES: usize = 3;
const MAX_PAGES: usize = 10;
const RATE_LIMIT_WAIT: std::time::Duration = std::time::Duration::from_secs(5 * 60);
/// Daily figures change by the day: read at most this often, the last week each time.
const PERFORMANCE_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
const PERFORMANCE_DAYS: i64 = 7;

/// The Performance API names a location without its account: `locations/{l}`.
fn performance_location(location: &str) -> &str {
    location
        .find("locations/")
        .map_or(location, |at| &location[at..])
}

/// The last week's impressions and actions; a failure costs no reviews (said in the log).
async fn performance(c: &GbpConnector, now: Timestamp) -> Vec<crate::model::MetricSample> {
    let today = jiff::tz::TimeZone::UTC.to_datetime(now).date();
    let from = today
        .checked_sub(jiff::Span::new().days(PERFORMANCE_DAYS))
        .unwrap_or(today);
    let metrics: Vec<&str> = performance::IMPRESSIONS
        .iter()
        .chain(performance::ACTIONS.iter())
        .copied()
        .collect();
    match c
        .client
        .daily_metrics(performance_location(&c.location), &metrics, from, today)
        .await
    {
        Ok(answer) => performance::samples(&answer, now),
        Err(e) => {
            tracing::warn!(error = %e.sentence(&api::fix(&c.credentials_from)), "the location's daily figures cannot be read");
            Vec::new()
        }
    }
}

fn time(text: Option<&str>) -> Option<Timestamp> {
    text?.parse().ok()
}

/// The reviews as messages of `account`. With `since` (what the last poll saw), a review
/// changed after it comes again as its author's new message; the owner's reply answers the
/// latest version it follows.
pub fn reviews_to_messages(
    reviews: &[Review],
    account: &str,
    since: Option<Timestamp>,
) -> Vec<NewMessage> {
    let mut out = Vec::new();
    for r in reviews {
        let (Some(id), Some(created)) = (r.review_id.clone(), time(r.create_time.as_deref()))
        else {
            tracing::info!(name = ?r.name, "a review without an id or a time was skipped");
            continue;
        };
        let reviewer = r.reviewer.clone().unwrap_or_default();
        let author = Author {
            handle: if reviewer.is_anonymous == Some(true) {
                "google-user".into()
            } else {
                reviewer
                    .display_name
                    .clone()
                    .unwrap_or_else(|| "google-user".into())
            },
            name: reviewer
                .display_name
                .clone()
                .filter(|_| reviewer.is_anonymous != Some(true))
                .or_else(|| Some("A Google user".into())),
            followers: None,
        };
        let message =
            |external_id: String, at: Timestamp, in_reply_to: Option<String>| NewMessage {
                channel: Channel::GoogleReviews,
                account: account.to_string(),
                external_id,
                kind: Kind::Review,
                direction: Direction::Inbound,
                author: author.clone(),
                text: r.comment.clone().unwrap_or_default(),
                created_at: at,
                rating: r.star_rating.as_deref().and_then(api::stars),
                in_reply_to,
                url: None,
                lang: None,
            };
        out.push(message(id.clone(), created, None));
        let mut latest = (id.clone(), created);
        let updated = time(r.update_time.as_deref())
            .filter(|u| *u > created + SignedDuration::from_secs(1))
            .filter(|u| since.is_some_and(|s| *u > s));
        if let Some(at) = updated {
            let update_id = format!("{id}@{at}");
            out.push(message(update_id.clone(), at, Some(id.clone())));
            latest = (update_id, at);
        }
        if let Some(reply) = &r.review_reply
            && let Some(at) = time(reply.update_time.as_deref())
        {
            let answers = if at >= latest.1 {
                latest.0.clone()
            } else {
                id.clone()
            };
            out.push(NewMessage {
                channel: Channel::GoogleReviews,
                account: account.to_string(),
                external_id: reply_id(&id, at),
                kind: Kind::Comment,
                direction: Direction::Outbound,
                author: Author {
                    handle: account.to_string(),
                    name: None,
                    followers: None,
                },
                text: reply.comment.clone().unwrap_or_default(),
                created_at: at,
                rating: None,
                in_reply_to: Some(answers),
                url: None,
                lang: None,
            });
        }
    }
    out
}

/// The id the owner's reply to review `id` is kept under: one per version of the reply.
fn reply_id(id: &str, at: Timestamp) -> String {
    format!("{id}/reply@{at}")
}

pub struct GbpConnector {
    pub account: String,
    pub location: String,
    pub client: GbpClient,
    pub credentials_from: String,
    pub poll_interval: SignedDuration,
}

impl Connector for GbpConnector {
    fn name(&self) -> String {
        format!("google_reviews:{}", self.account)
    }

    fn serves(&self, channel: Channel) -> bool {
        channel == Channel::GoogleReviews
    }

    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask {
        Box::pin(poll(*self, ctx))
    }
}

/// Pages of reviews until the ones the last poll saw.
async fn read(
    c: &GbpConnector,
    since: Option<Timestamp>,
) -> Result<(Vec<Review>, Option<u64>), NetworkError> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    let mut total = None;
    let pages = if since.is_some() {
        MAX_PAGES
    } else {
        FIRST_PAGES
    };
    for _ in 0..pages {
        let page = c.client.reviews(&c.location, token.as_deref()).await?;
        total = total.or(page.total_review_count);
        let reached = page
            .reviews
            .iter()
            .any(|r| since.is_some_and(|s| time(r.update_time.as_deref()).is_some_and(|u| u <= s)));
        all.extend(page.reviews);
        match page.next_page_token {
            Some(next) if !reached && !next.is_empty() => token = Some(next),
            _ => break,
        }
    }
    Ok((all, total))
}

async fn poll(c: GbpConnector, ctx: ConnectorContext) {
    let polling = Polling {
        name: c.name(),
        fix: api::fix(&c.credentials_from),
        throttled: RATE_LIMIT_WAIT,
    };
    let name = c.name();
    let mut since: Option<Timestamp> = ctx.cursor.as_deref().and_then(|s| s.parse().ok());
    let mut figures_at: Option<tokio::time::Instant> = None;
    let mut poller = polling::Poller::new(ctx, polling);
    loop {
        let now = poller.now();
        let result: Result<Polled, NetworkError> = async {
            let (reviews, total) = read(&c, since).await?;
            let samples = if figures_at.is_none_or(|at| at.elapsed() >= PERFORMANCE_EVERY) {
                figures_at = Some(tokio::time::Instant::now());
                performance(&c, now).await
            } else {
                Vec::new()
            };
            let messages = reviews_to_messages(&reviews, &c.account, since);
            let newest = reviews
                .iter()
                .filter_map(|r| time(r.update_time.as_deref()))
                .chain(since)
                .max();
            since = newest;
            let count = messages
                .iter()
                .filter(|m| m.direction == Direction::Inbound)
                .count();
            let total = total.map(|t| format!(" of {t}")).unwrap_or_default();
            Ok(Polled {
                batch: SourceBatch {
                    source: name.clone(),
                    messages,
                    samples,
                    cursor: newest.map(|t| t.to_string()),
                },
                detail: format!("synced, {count} reviews read{total}"),
                wait: c.poll_interval.unsigned_abs(),
            })
        }
        .await;
        if !poller.after(result).await {
            return;
        }
    }
}

/// The owner's reply to a review.
pub struct GbpPoster {
    pub client: GbpClient,
    pub location: String,
}

impl Poster for GbpPoster {
    fn post(&self, request: PostRequest) -> PostFuture {
        let client = self.client.clone();
        // A later version of a review is answered on the review itself.
        let id = request
            .in_reply_to
            .split('@')
            .next()
            .unwrap_or_default()
            .to_string();
        let review = format!("{}/reviews/{id}", self.location);
        Box::pin(async move {
            let reply = client
                .reply(&review, &request.text)
                .await
                .map_err(|e| PostError {
                    retryable: matches!(
                        e,
                        NetworkError::Temporary(_) | NetworkError::RateLimited { .. }
                    ),
                    reason: format!(
                        "Google: {}",
                        e.sentence("check the account's Google credentials")
                    ),
                })?;
            let at = time(reply.update_time.as_deref());
            Ok(Posted {
                external_id: at.map_or_else(|| format!("{id}/reply"), |at| reply_id(&id, at)),
                url: None,
                created_at: at,
            })
        })
    }
}

#[cfg(test)]
mod tests;
