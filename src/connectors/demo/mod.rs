//! The built-in demo source: an endless, seeded stream of French and English messages and
//! drifting audience figures, so tribune runs with no account.

mod compose;
mod metrics;
mod people;
mod phrases;
mod world;

pub use world::{DemoWorld, brand_account, brand_author};

use super::{
    Connector, ConnectorContext, ConnectorEvent, ConnectorRequest, ConnectorTask, SourceBatch,
};
use crate::model::Channel;
use jiff::SignedDuration;

/// How the live stream behaves.
#[derive(Debug, Clone)]
pub struct DemoSettings {
    pub seed: u64,
    pub min_interval: SignedDuration,
    pub max_interval: SignedDuration,
    pub backlog: u32,
}

pub struct DemoConnector {
    settings: DemoSettings,
}

/// The demo source's name, and the key of its cursor.
pub const NAME: &str = "demo";
/// Metric samples are taken every this many seconds of live time.
const SAMPLE_EVERY_SECS: i64 = 30;
/// The backlog spreads over the past three days.
const BACKLOG_SPAN_HOURS: i64 = 72;

impl DemoConnector {
    pub fn new(settings: DemoSettings) -> Self {
        DemoConnector { settings }
    }
}

impl Connector for DemoConnector {
    fn name(&self) -> String {
        NAME.into()
    }

    fn serves(&self, _channel: Channel) -> bool {
        true
    }

    fn run(self: Box<Self>, ctx: ConnectorContext) -> ConnectorTask {
        Box::pin(stream(self.settings, ctx))
    }
}

async fn stream(settings: DemoSettings, mut ctx: ConnectorContext) {
    // The cursor is `seed:count`: a restart continues the same world where it stopped.
    let resumed: Option<(u64, u64)> = ctx.cursor.as_deref().and_then(|c| {
        let (seed, seq) = c.split_once(':')?;
        Some((seed.parse().ok()?, seq.parse().ok()?))
    });
    let (seed, seq) = resumed.unwrap_or((settings.seed, 0));
    let mut world = DemoWorld::new(seed, seq);
    let send = |batch: SourceBatch| ctx.events.send(ConnectorEvent::Batch(batch)).is_ok();

    if resumed.is_none() {
        let now = ctx.clock.now();
        let (messages, samples) = world.backlog(
            now,
            settings.backlog,
            SignedDuration::from_hours(BACKLOG_SPAN_HOURS),
        );
        if !send(batch(&world, seed, messages, samples)) {
            return;
        }
    }
    let _ = ctx.events.send(ConnectorEvent::Health {
        source: NAME.into(),
        ok: true,
        detail: "streaming demo messages".into(),
    });

    let mut last_sample = ctx.clock.now();
    let mut pending_follow_ups: Vec<(jiff::Timestamp, crate::model::NewMessage)> = Vec::new();
    loop {
        let gap = world.next_gap(settings.min_interval, settings.max_interval);
        let sleep = tokio::time::sleep(gap.unsigned_abs());
        tokio::select! {
            _ = sleep => {}
            request = ctx.requests.recv() => {
                match request {
                    Some(ConnectorRequest::ReplyPosted { to, reply }) => {
                        let delay = SignedDuration::from_secs(20);
                        let at = ctx.clock.now() + delay;
                        if let Some(m) = world.follow_up(&to, &reply.external_id, at) {
                            pending_follow_ups.push((at, m));
                        }
                    }
                    // The demo's threads are all in the store already.
                    Some(ConnectorRequest::FetchThread { .. }) => {}
                    None => return,
                }
                continue;
            }
        }
        let now = ctx.clock.now();
        let mut messages = vec![world.next_message(now)];
        pending_follow_ups.retain(|(at, m)| {
            let due = *at <= now;
            if due {
                let mut m = m.clone();
                m.created_at = now;
                messages.push(m);
            }
            !due
        });
        let mut samples = Vec::new();
        if (now - last_sample).as_secs() >= SAMPLE_EVERY_SECS {
            let hours = (now - last_sample).as_secs_f64() / 3600.0;
            samples = world.samples(now, hours);
            last_sample = now;
        }
        if !send(batch(&world, seed, messages, samples)) {
            return;
        }
    }
}

fn batch(
    world: &DemoWorld,
    seed: u64,
    messages: Vec<crate::model::NewMessage>,
    samples: Vec<crate::model::MetricSample>,
) -> SourceBatch {
    SourceBatch {
        source: NAME.into(),
        messages,
        samples,
        cursor: Some(format!("{seed}:{}", world.seq())),
    }
}

#[cfg(test)]
mod tests;
