//! Posting a reply to a network: one request, an idempotency key, and an answer that says
//! whether trying again could help.

use crate::model::Channel;
use jiff::Timestamp;
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone)]
pub struct PostRequest {
    pub channel: Channel,
    pub text: String,
    /// The network's id of the message answered.
    pub in_reply_to: String,
    /// The same for every attempt at the same reply.
    pub idempotency_key: String,
    /// The handle of the person answered (`@ana@example.org`), for networks where a reply
    /// must name them to reach them.
    pub mention: Option<String>,
    /// The message answered was private: the reply stays private.
    pub direct: bool,
    /// Answer a public comment privately, where the network can (Facebook's private reply).
    pub private: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Posted {
    pub external_id: String,
    pub url: Option<String>,
    pub created_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PostError {
    /// One sentence for the agent.
    pub reason: String,
    /// Whether a later attempt could succeed (network down, rate limit, server error).
    pub retryable: bool,
}

pub type PostFuture = Pin<Box<dyn Future<Output = Result<Posted, PostError>> + Send>>;

pub trait Poster: Send + Sync {
    fn post(&self, request: PostRequest) -> PostFuture;
}

/// The demo source's network: every reply is accepted at once.
pub struct DemoPoster;

impl Poster for DemoPoster {
    fn post(&self, request: PostRequest) -> PostFuture {
        Box::pin(async move {
            Ok(Posted {
                external_id: format!("demo-{}", request.idempotency_key),
                url: None,
                created_at: None,
            })
        })
    }
}
