//! Bulk actions in `tribune bench`: a thousand marked messages resolved, then a thousand
//! replied to with one template (each filled from its own message, each its own outbox entry),
//! through a real service on the bench's store — the time from the command to the service's
//! answer, which is when every change is on disk and told to the consoles. The store is put
//! back after each run: the messages resolved get their status again, the replies are undone
//! (their cancelled outbox entries and the audit lines stay).

use super::bench::Spread;
use crate::model::{MessageId, Status};
use crate::service::{Change, Command, ConsoleLink, Event};
use crate::store::{OutboxId, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Messages marked at once.
const MARKED: usize = 1_000;
/// How long the service may take to answer before the bench gives up.
const PATIENCE: Duration = Duration::from_secs(120);

#[derive(Serialize)]
pub(super) struct BulkFigures {
    /// Resolve 1,000 marked messages.
    resolve: Spread,
    /// Reply to 1,000 marked messages with one template.
    reply: Spread,
}

impl BulkFigures {
    pub(super) fn print(&self, spread: &impl Fn(&Spread) -> String) {
        let mark = |s: &Spread| if s.median_ms <= 1_000.0 { "✓" } else { "✖" };
        println!(
            "{} bulk: resolve 1,000 {}   budget ≤ 1000 ms",
            mark(&self.resolve),
            spread(&self.resolve)
        );
        println!(
            "{} bulk: reply to 1,000 {}   budget ≤ 1000 ms",
            mark(&self.reply),
            spread(&self.reply)
        );
    }
}

pub(super) fn figures(store_dir: &std::path::Path, runs: usize) -> anyhow::Result<BulkFigures> {
    let store = Store::open(store_dir)?;
    // Messages waiting for a reply get the replies; others, not resolved, are resolved.
    let summaries = store.summaries()?;
    let waiting: Vec<MessageId> = summaries
        .iter()
        .filter(|s| s.awaits)
        .map(|s| s.id)
        .collect();
    let others: Vec<(MessageId, Status)> = summaries
        .iter()
        .filter(|s| !s.awaits && s.status != Status::Resolved)
        .map(|s| (s.id, s.status))
        .collect();
    drop(summaries);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let options = crate::service::Options {
        agent: "bench".into(),
        agents: Vec::new(),
        listening: None,
        policies: crate::sla::Policies::from_config(&crate::config::Config::default().sla),
        posters: Default::default(),
        // The replies stay queued until undone: the bench measures queuing them.
        undo_window: jiff::SignedDuration::from_hours(1),
        backups: None,
    };
    let mut service = crate::service::start(
        store,
        vec![],
        std::sync::Arc::new(crate::clock::SystemClock),
        options,
        runtime.handle(),
    );
    let link = &mut service.console;
    until(&runtime, link, |e| matches!(e, Event::Loaded { .. }))?;
    let (mut resolve, mut reply) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let chosen = others.iter().skip(run * MARKED).take(MARKED);
        let ids: Vec<MessageId> = chosen.clone().map(|(id, _)| *id).collect();
        let started = Instant::now();
        link.send(Command::Change {
            ids,
            change: Change::Status(Status::Resolved),
        });
        until(&runtime, link, |e| matches!(e, Event::Changed(_)))?;
        resolve.push(started.elapsed().as_secs_f64() * 1000.0);
        // Each gets its status back.
        let mut before: BTreeMap<&str, (Status, Vec<MessageId>)> = BTreeMap::new();
        for (id, status) in chosen {
            before
                .entry(status.as_str())
                .or_insert((*status, Vec::new()))
                .1
                .push(*id);
        }
        for (status, ids) in before.into_values() {
            link.send(Command::Change {
                ids,
                change: Change::Status(status),
            });
            until(&runtime, link, |e| matches!(e, Event::Changed(_)))?;
        }

        let ids: Vec<MessageId> = waiting
            .iter()
            .skip(run * MARKED)
            .take(MARKED)
            .copied()
            .collect();
        let started = Instant::now();
        link.send(Command::ReplyEach {
            ids,
            template: "Hi {first_name}, thank you for writing; we are on it. — {agent}".into(),
            signature: "Sam".into(),
        });
        let mut queued: Vec<OutboxId> = Vec::new();
        until(&runtime, link, |e| match e {
            Event::RepliesQueued { outbox, .. } => {
                queued = outbox.clone();
                true
            }
            _ => false,
        })?;
        reply.push(started.elapsed().as_secs_f64() * 1000.0);
        link.send(Command::CancelReplies { outbox: queued });
        until(&runtime, link, |e| matches!(e, Event::Done(_)))?;
    }
    service.shutdown();
    Ok(BulkFigures {
        resolve: Spread::of(resolve),
        reply: Spread::of(reply),
    })
}

/// The service's events until one `wanted` accepts.
fn until(
    runtime: &tokio::runtime::Runtime,
    link: &mut ConsoleLink,
    mut wanted: impl FnMut(&Event) -> bool,
) -> anyhow::Result<()> {
    loop {
        let event = runtime
            .block_on(async { tokio::time::timeout(PATIENCE, link.events.recv()).await })
            .ok()
            .flatten()
            .ok_or_else(|| anyhow::anyhow!("The service stopped answering during the bench."))?;
        if wanted(&event) {
            return Ok(());
        }
    }
}
