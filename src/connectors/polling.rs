//! The loop a polling connector runs (Facebook, Instagram, Google reviews): read, hand the
//! batch and a health line to the service, then wait — the poll interval, or longer when the
//! network asks (a budget near its limit), or by what failed (credentials: a long pause; a
//! rate limit: until its reset; anything else: backoff) — until the next poll or a reply
//! posted brings it forward.

use super::http::{MAX_BACKOFF, NetworkError, backoff, until_reset};
use super::{ConnectorContext, ConnectorEvent, SourceBatch, Wake, wait_for_poll};
use std::time::Duration;

/// What one successful poll gives: the batch, the health line, and how long to wait.
pub struct Polled {
    pub batch: SourceBatch,
    pub detail: String,
    pub wait: Duration,
}

/// How a connector is named and told about, for the loop's messages.
pub struct Polling {
    pub name: String,
    /// What to check when the credentials are refused (each network words it).
    pub fix: String,
    /// How long a rate limit with no reset time waits.
    pub throttled: Duration,
}

/// A connector's side of the loop: it reads, then hands the outcome to `after`, which tells
/// the service and waits for the next poll.
pub struct Poller {
    ctx: ConnectorContext,
    polling: Polling,
    failures: u32,
}

impl Poller {
    pub fn new(ctx: ConnectorContext, polling: Polling) -> Poller {
        Poller {
            ctx,
            polling,
            failures: 0,
        }
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.ctx.clock.now()
    }

    /// Tells the service how the poll went and waits for the next; false when the service
    /// is gone and the connector should stop.
    pub async fn after(&mut self, result: Result<Polled, NetworkError>) -> bool {
        let health = |ok: bool, detail: String| ConnectorEvent::Health {
            source: self.polling.name.clone(),
            ok,
            detail,
        };
        let wait = match result {
            Ok(polled) => {
                self.failures = 0;
                let _ = self.ctx.events.send(ConnectorEvent::Batch(polled.batch));
                let _ = self.ctx.events.send(health(true, polled.detail));
                polled.wait
            }
            Err(e) => {
                self.failures += 1;
                let said = e.sentence(&self.polling.fix);
                tracing::warn!(source = %self.polling.name, error = %said, "sync failed");
                let _ = self.ctx.events.send(health(false, said));
                match e {
                    NetworkError::Unauthorized(_) => MAX_BACKOFF,
                    NetworkError::RateLimited { until: Some(t) } => {
                        until_reset(t, self.ctx.clock.now())
                    }
                    NetworkError::RateLimited { until: None } => self.polling.throttled,
                    _ => backoff(self.failures),
                }
            }
        };
        let until = tokio::time::Instant::now() + wait;
        loop {
            match wait_for_poll(&mut self.ctx.requests, until).await {
                Wake::Poll => return true,
                Wake::Stop => return false,
                // The next poll reads the latest of everything anyway.
                Wake::FetchThread(_) => {}
            }
        }
    }
}

/// How long to wait after a poll that said how much of Meta's budget is used.
pub fn after_meta_usage(usage: Option<super::meta::graph::Usage>, interval: Duration) -> Duration {
    match usage {
        Some(u) if u.should_back_off() => u
            .regain_minutes
            .map(|m| Duration::from_secs(u64::from(m) * 60))
            .unwrap_or(NEAR_META_LIMIT),
        _ => interval,
    }
}

/// How long to wait when Meta says its budget is nearly spent but gives no time.
pub const NEAR_META_LIMIT: Duration = Duration::from_secs(15 * 60);
