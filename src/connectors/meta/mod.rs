//! Meta's Graph API, for Facebook Pages and Instagram professional accounts: errors turned
//! into what to do and the usage headers read to slow down before Meta throttles (`graph`),
//! the client that reads every answer so (`client`), Facebook comment listings read into inbox
//! messages (`facebook`), a Page as a source and a place to reply (`page`), and an Instagram
//! professional account the same way (`instagram`), with their audience figures (`insights`).
//! A Page's visitor posts, mentions, recommendations and Messenger conversations are read too
//! (`page_items`).

pub mod client;
pub mod facebook;
pub mod graph;
pub mod insights;
pub mod instagram;
pub mod page;
pub mod page_items;

use crate::connectors::SourceBatch;
use crate::connectors::polling::{Polled, after_meta_usage};
use crate::model::{Channel, Direction, Metric, MetricSample, NewMessage};

/// Insights change by the day: they are read at most this often.
const INSIGHTS_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// The loop every Meta account runs: `read` each poll (with the audience figures, insights,
/// at most once an hour), its outcome made into a batch and a health line, the wait set by
/// Meta's usage headers.
pub(crate) async fn poll_account<F, Fut>(
    ctx: crate::connectors::ConnectorContext,
    polling: crate::connectors::polling::Polling,
    interval: std::time::Duration,
    mut read: F,
) where
    F: FnMut(bool, jiff::Timestamp) -> Fut,
    Fut: std::future::Future<Output = Result<Outcome, crate::connectors::http::NetworkError>>,
{
    let start = ctx.cursor.clone();
    let mut insights_at: Option<tokio::time::Instant> = None;
    let mut poller = crate::connectors::polling::Poller::new(ctx, polling);
    loop {
        let now = poller.now();
        let with_insights = insights_at.is_none_or(|at| at.elapsed() >= INSIGHTS_EVERY);
        let result = read(with_insights, now).await.map(|outcome| {
            if with_insights {
                insights_at = Some(tokio::time::Instant::now());
            }
            outcome.polled(start.clone(), now, interval)
        });
        if !poller.after(result).await {
            return;
        }
    }
}

/// What a Meta poll read, made into the batch and the health line both networks send.
pub(crate) struct Outcome {
    pub source: String,
    pub channel: Channel,
    /// "Page Nova Café" or "@nova.cafe": who was read.
    pub label: String,
    pub followers: Option<u64>,
    pub messages: Vec<NewMessage>,
    pub samples: Vec<MetricSample>,
    pub usage: Option<graph::Usage>,
}

impl Outcome {
    /// The batch (followers and insights as readings, the cursor at the newest message or as
    /// it was) and the wait before the next poll (longer near Meta's limit).
    pub(crate) fn polled(
        self,
        cursor: Option<String>,
        now: jiff::Timestamp,
        interval: std::time::Duration,
    ) -> Polled {
        let count = self
            .messages
            .iter()
            .filter(|m| m.direction == Direction::Inbound)
            .count();
        let newest = self.messages.iter().map(|m| m.created_at).max();
        let followers = self.followers.map(|f| MetricSample {
            channel: self.channel,
            metric: Metric::Followers,
            value: f as f64,
            at: now,
        });
        let budget = self
            .usage
            .map(|u| format!(" · {}", u.describe()))
            .unwrap_or_default();
        Polled {
            batch: SourceBatch {
                source: self.source,
                messages: self.messages,
                samples: followers.into_iter().chain(self.samples).collect(),
                cursor: newest.map(|t| t.to_string()).or(cursor),
            },
            detail: format!("{} · synced, {count} read{budget}", self.label),
            wait: after_meta_usage(self.usage, interval),
        }
    }
}
