//! What every network client shares: one HTTP client set up the same way, one error type
//! sorted by what to do about it, and errors told without the URL (which may carry a token)
//! or the noise of the transport.

use std::time::Duration;

/// What went wrong talking to a network, and whether waiting helps.
#[derive(Debug, Clone, PartialEq)]
pub enum NetworkError {
    /// The credentials are wrong, revoked or lack a scope: retrying will not help.
    Unauthorized(String),
    /// 429 or an exhausted budget: wait until the reset the server gave.
    RateLimited { until: Option<jiff::Timestamp> },
    /// Network down, timeout, 5xx: back off and retry.
    Temporary(String),
    /// 4xx, an answer tribune cannot read: log and skip.
    Refused(String),
    /// A session's access token expired or was revoked: renew it and try once more.
    SessionExpired,
}

impl NetworkError {
    /// One sentence for the status bar and `doctor`; `fix` says what to check when the
    /// credentials are refused (each network words it: `mastodon::api::fix`, …).
    pub fn sentence(&self, fix: &str) -> String {
        match self {
            NetworkError::Unauthorized(detail) => {
                format!("token invalid or lacking scope ({detail}): {fix}")
            }
            NetworkError::RateLimited { until: Some(t) } => format!("rate-limited until {t}"),
            NetworkError::RateLimited { until: None } => "rate-limited".into(),
            NetworkError::Temporary(d) => format!("unreachable for now ({d})"),
            NetworkError::Refused(d) => d.clone(),
            NetworkError::SessionExpired => "the session expired and could not be renewed".into(),
        }
    }
}

/// The HTTP client could not be set up (the TLS roots could not be loaded).
#[derive(Debug, thiserror::Error)]
#[error("cannot start an HTTP client: {0}")]
pub struct ClientError(String);

/// The HTTP client every connector uses: rustls, a timeout, tribune's user agent.
pub fn http_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("tribune/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| ClientError(short(e)))
}

/// The error without its URL (which may be long, or carry a token).
pub fn short(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "connection refused or unreachable".into()
    } else {
        e.without_url().to_string()
    }
}

/// The longest wait between attempts after failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// 2 s, 4 s, 8 s … with up to a quarter of jitter, capped.
pub fn backoff(failures: u32) -> Duration {
    let base = Duration::from_secs(1 << failures.min(8)).min(MAX_BACKOFF);
    let jitter = rand::random::<f64>() * 0.25;
    base.mul_f64(1.0 + jitter).min(MAX_BACKOFF)
}

/// How long until a rate limit's reset; a reset already past means retry shortly.
pub fn until_reset(reset: jiff::Timestamp, now: jiff::Timestamp) -> Duration {
    let left = reset.duration_since(now);
    if left.is_negative() {
        Duration::from_secs(1)
    } else {
        left.unsigned_abs().min(MAX_BACKOFF)
    }
}
