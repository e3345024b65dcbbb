//! `tribune import FILE`: bad lines are reported with their number and skipped; every batch
//! is flushed before its progress line is printed, so what was reported is durable.

use super::Paths;
use crate::connectors::SourceBatch;
use crate::ingest;
use crate::store::Store;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::Path;

const BATCH: usize = 1000;
/// Bad lines listed one by one before the rest are only counted.
const LISTED_ERRORS: usize = 50;

pub fn run(paths: &Paths, file: &Path, demo: bool) -> anyhow::Result<()> {
    let input = std::fs::File::open(file)
        .map_err(|e| anyhow::anyhow!("Cannot read {}: {e}.", file.display()))?;
    let total_bytes = input.metadata().map(|m| m.len()).unwrap_or(0);
    let store = Store::open(&if demo {
        paths.demo_store()
    } else {
        paths.store()
    })?;
    let started = std::time::Instant::now();
    let mut reader = BufReader::new(input);
    let mut progress = Progress::new(total_bytes);
    let mut batch = Vec::with_capacity(BATCH);
    let (mut stored, mut duplicates, mut bad, mut read_bytes) = (0usize, 0usize, 0usize, 0u64);
    let mut raw = Vec::new();
    let mut line_no = 0usize;
    loop {
        raw.clear();
        let n = reader.read_until(b'\n', &mut raw)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        read_bytes += n as u64;
        let parsed = std::str::from_utf8(&raw)
            .map_err(|_| "not valid UTF-8".to_string())
            .and_then(|line| {
                let line = line.trim();
                if line.is_empty() {
                    Ok(None)
                } else {
                    crate::jsonl::parse_line(line).map(Some)
                }
            });
        match parsed {
            Ok(Some(m)) => batch.push(m),
            Ok(None) => {}
            Err(why) => {
                bad += 1;
                if bad <= LISTED_ERRORS {
                    eprintln!("{}:{line_no}: skipped, {why}", file.display());
                }
            }
        }
        if batch.len() >= BATCH {
            let done = ingest::ingest(&store, take_batch(&mut batch))?;
            stored += done.stored.len();
            duplicates += done.duplicates;
            progress.show(read_bytes, line_no, stored);
        }
    }
    let done = ingest::ingest(&store, take_batch(&mut batch))?;
    stored += done.stored.len();
    duplicates += done.duplicates;
    progress.finish();
    if bad > LISTED_ERRORS {
        eprintln!("…and {} more bad lines.", bad - LISTED_ERRORS);
    }
    println!(
        "Imported {stored} new messages from {} ({duplicates} already stored, {bad} bad lines skipped) in {:.1}s.",
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn take_batch(batch: &mut Vec<crate::model::NewMessage>) -> SourceBatch {
    SourceBatch {
        source: "import".into(),
        messages: std::mem::take(batch),
        samples: Vec::new(),
        cursor: None,
    }
}

/// Progress on stderr: a live percentage on a terminal, a line per batch otherwise (logs, CI).
struct Progress {
    total_bytes: u64,
    live: bool,
}

impl Progress {
    fn new(total_bytes: u64) -> Progress {
        Progress {
            total_bytes,
            live: std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self, read: u64, lines: usize, stored: usize) {
        let pct = (read * 100).checked_div(self.total_bytes).unwrap_or(100);
        let mut err = std::io::stderr();
        if self.live {
            let _ = write!(err, "\r{pct:>3}% · {lines} lines read · {stored} stored");
        } else {
            let _ = writeln!(
                err,
                "progress: {pct}% · {lines} lines read · {stored} stored"
            );
        }
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.live {
            eprintln!();
        }
    }
}
