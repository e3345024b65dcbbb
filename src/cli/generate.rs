//! `tribune demo generate --count N [--seed S]`: fills the demo store with N demo messages
//! (inbound, the brand's replies, customers' follow-ups, reviews, metric samples) spread over
//! the past year, through the normal ingest path, so big stores can be tried and measured.

use super::Paths;
use crate::connectors::SourceBatch;
use crate::connectors::demo::{DemoWorld, NAME};
use crate::store::Store;
use jiff::{SignedDuration, Timestamp};
use std::io::Write;

/// Inbound messages composed per slice of the year; each slice is stored as it is made.
const SLICE: u32 = 5_000;
const YEAR: SignedDuration = SignedDuration::from_hours(365 * 24);

pub(super) fn run(paths: &Paths, count: u64, seed: u64) -> anyhow::Result<()> {
    let store = Store::open(&paths.demo_store())?;
    let started = std::time::Instant::now();
    let (stored, duplicates) = fill(&store, count, seed, true)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "Generated {stored} demo messages in {}{} ({seconds:.1}s, {:.0} messages/s, sentiment tagged and indexed).",
        paths.demo_store().display(),
        if duplicates > 0 {
            format!(", {duplicates} already there")
        } else {
            String::new()
        },
        stored as f64 / seconds.max(1e-3)
    );
    Ok(())
}

/// Stores `count` demo messages (those of the same seed already there count): how many
/// were stored, and how many were there already.
pub(super) fn fill(
    store: &Store,
    count: u64,
    seed: u64,
    progress: bool,
) -> anyhow::Result<(u64, u64)> {
    let started = std::time::Instant::now();
    let now = Timestamp::now();
    let mut world = DemoWorld::new(seed, 0);
    let mut search = crate::ingest::SearchFeed::open(store);
    // About 1.9 messages per inbound (replies, follow-ups): slices cover the year evenly.
    let slices = (count as f64 / (SLICE as f64 * 1.9)).ceil().max(1.0) as i64;
    let step = YEAR / slices as i32;
    let mut stored: u64 = 0;
    let mut duplicates: u64 = 0;
    let mut slice = 0;
    // Messages made per inbound message so far: each slice asks for its share of what is
    // left, so the last slice ends now whatever the real share of replies.
    let (mut made, mut inbound_made) = (0u64, 0u64);
    // The same seed makes the same messages: those already there count, so running it again
    // adds nothing.
    while stored + duplicates < count {
        let end = now - YEAR + step * (slice + 1).min(slices) as i32;
        let slices_left = (slices - slice).max(1) as f64;
        slice += 1;
        let per_inbound = if inbound_made == 0 {
            1.9
        } else {
            made as f64 / inbound_made as f64
        };
        let left = (count - stored - duplicates) as f64;
        let inbound = (left / slices_left / per_inbound).ceil().max(1.0) as u32;
        let mut messages = world.backlog_messages(end.min(now), inbound, step);
        made += messages.len() as u64;
        inbound_made += u64::from(inbound);
        messages.truncate((count - stored - duplicates) as usize);
        // Hourly readings over this slice only: a backlog's own month of readings, once per
        // slice, would overlap its neighbours' and compound the audience's growth.
        let hours = step.as_hours().max(1);
        let samples = (0..hours)
            .rev()
            .flat_map(|h| world.samples(end.min(now) - SignedDuration::from_hours(h), 1.0))
            .collect();
        let result = crate::ingest::ingest(
            store,
            SourceBatch {
                source: NAME.into(),
                messages,
                samples,
                cursor: Some(format!("{seed}:{}", world.seq())),
            },
            search.indexer(),
        )?;
        search.commit_past(50_000);
        stored += result.stored.len() as u64;
        duplicates += result.duplicates as u64;
        if progress {
            eprint!(
                "\r{stored} of {count} messages ({:.0}/s)",
                stored as f64 / started.elapsed().as_secs_f64().max(1e-3)
            );
            let _ = std::io::stderr().flush();
        }
    }
    search.commit_past(0);
    if progress {
        eprintln!();
    }
    // A year of readings folded into hourly and daily means, as a running console keeps them.
    store.compact_samples(now)?;
    store.flush()?;
    Ok((stored, duplicates))
}
