//! Sources of messages. Every network implements the same contract: it runs as a tokio task,
//! resumes from a persisted cursor, and reports batches and health over a channel, so the UI
//! never waits on a network.

pub mod bluesky;
pub mod demo;
pub mod google;
pub mod http;
pub mod mastodon;
pub mod meta;
pub mod polling;
pub mod post;

use crate::clock::Clock;
use crate::model::{Message, MetricSample, NewMessage};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::mpsc;

/// What a source delivers: new messages and samples, and where it got to.
#[derive(Debug, Clone, Default)]
pub struct SourceBatch {
    pub source: String,
    pub messages: Vec<NewMessage>,
    pub samples: Vec<MetricSample>,
    /// Persisted once the batch is stored, so a restart resumes after it.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ConnectorEvent {
    Batch(SourceBatch),
    Health {
        source: String,
        ok: bool,
        detail: String,
    },
}

/// What the service asks of a running connector.
#[derive(Debug, Clone)]
pub enum ConnectorRequest {
    /// A reply of the brand has been posted on this connector's network.
    ReplyPosted {
        to: Box<Message>,
        reply: Box<Message>,
    },
    /// An agent opened this thread: fetch what the network has of it.
    FetchThread { external_id: String },
}

/// Everything a connector task needs.
pub struct ConnectorContext {
    pub cursor: Option<String>,
    pub events: mpsc::UnboundedSender<ConnectorEvent>,
    pub requests: mpsc::UnboundedReceiver<ConnectorRequest>,
    pub clock: Arc<dyn Clock>,
}

pub type ConnectorTask = Pin<Box<dyn Future<Output = ()> + Send>>;

pub trait Connector: Send {
    /// A stable name; also the key of the persisted cursor.
    fn name(&self) -> String;
    /// The channels this connector serves (replies to them are routed here).
    fn serves(&self, channel: crate::model::Channel) -> bool;
    /// The connector's work loop, spawned on the runtime.
    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask;
}

/// What ends a connector's wait for its next poll.
pub enum Wake {
    /// Time to poll: the wait is over, or a reply was just posted (poll it back sooner).
    Poll,
    /// An agent opened this thread: fetch it, then go on waiting.
    FetchThread(String),
    /// The service is gone: stop.
    Stop,
}

/// Waits for the next poll at `until`, or for a request from the service, whichever is first.
pub async fn wait_for_poll(
    requests: &mut mpsc::UnboundedReceiver<ConnectorRequest>,
    until: tokio::time::Instant,
) -> Wake {
    tokio::select! {
        _ = tokio::time::sleep_until(until) => Wake::Poll,
        request = requests.recv() => match request {
            None => Wake::Stop,
            Some(ConnectorRequest::FetchThread { external_id }) => Wake::FetchThread(external_id),
            Some(ConnectorRequest::ReplyPosted { .. }) => Wake::Poll,
        },
    }
}
