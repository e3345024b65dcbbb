//! `tribune import FILE`: bad lines are reported with their number and skipped; every batch
//! is flushed before its progress line is printed, so what was reported is durable.

use super::Paths;
use super::lines::{self, Line};
use crate::connectors::SourceBatch;
use crate::ingest;
use crate::store::Store;
use std::io::{BufReader, IsTerminal, Write};
use std::path::Path;

const BATCH: usize = 1000;
/// Bad lines listed one by one before the rest are only counted.
const LISTED_ERRORS: usize = 50;

pub(super) fn run(paths: &Paths, file: &Path, demo: bool) -> anyhow::Result<()> {
    let shown = file.display();
    let input =
        std::fs::File::open(file).map_err(|e| anyhow::anyhow!("Cannot read {shown}: {e}."))?;
    let meta = input
        .metadata()
        .map_err(|e| anyhow::anyhow!("Cannot read {shown}: {e}."))?;
    if meta.is_dir() {
        anyhow::bail!("{shown} is a directory; name a JSONL file to import.");
    }
    let store = Store::open(&if demo {
        paths.demo_store()
    } else {
        paths.store()
    })?;
    let started = std::time::Instant::now();
    let mut search = ingest::SearchFeed::open(&store);
    let mut reader = BufReader::new(input);
    let mut progress = Progress::new(meta.len());
    let mut batch = Vec::with_capacity(BATCH);
    let (mut stored, mut duplicates, mut bad, mut read_bytes) = (0usize, 0usize, 0usize, 0u64);
    let mut raw = Vec::new();
    let mut line_no = 0usize;
    let mut report_bad = |line_no: usize, why: &str| {
        bad += 1;
        if bad <= LISTED_ERRORS {
            eprintln!("{shown}:{line_no}: skipped, {why}");
        }
    };
    loop {
        let read = lines::read_line(&mut reader, &mut raw, lines::MAX_LINE)
            .map_err(|e| anyhow::anyhow!("Cannot read {shown} after line {line_no}: {e}."))?;
        line_no += 1;
        match read {
            Line::End => break,
            Line::Endless => anyhow::bail!(
                "{shown}: line {line_no} goes on for over {} MB without an end; this is not a JSONL file. Nothing after line {} was imported.",
                lines::MAX_SKIPPED / (1024 * 1024),
                line_no - 1
            ),
            Line::TooLong { bytes } => {
                read_bytes += bytes;
                report_bad(
                    line_no,
                    &format!("longer than {} MB", lines::MAX_LINE / (1024 * 1024)),
                );
            }
            Line::Read { bytes } => {
                read_bytes += bytes;
                // A byte-order mark some editors write at the start of a UTF-8 file.
                let text = if line_no == 1 {
                    raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&raw)
                } else {
                    &raw
                };
                match parse(text) {
                    Ok(Some(m)) => batch.push(m),
                    Ok(None) => {}
                    Err(why) => report_bad(line_no, &why),
                }
            }
        }
        if batch.len() >= BATCH {
            let done = ingest::ingest(&store, take_batch(&mut batch), search.indexer())?;
            search.commit_past(50_000);
            stored += done.stored.len();
            duplicates += done.duplicates;
            progress.show(read_bytes, line_no, stored);
        }
    }
    let done = ingest::ingest(&store, take_batch(&mut batch), search.indexer())?;
    search.commit_past(0);
    stored += done.stored.len();
    duplicates += done.duplicates;
    progress.finish();
    if bad > LISTED_ERRORS {
        eprintln!("…and {} more bad lines.", bad - LISTED_ERRORS);
    }
    if bad > 0 && stored + duplicates == 0 {
        anyhow::bail!(
            "Nothing was imported from {shown}: every one of its {bad} non-empty lines was bad (see above)."
        );
    }
    println!(
        "Imported {stored} new messages from {shown} ({duplicates} already stored, {bad} bad lines skipped) in {:.1}s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One line of the file: a message, nothing (blank), or why it was skipped.
fn parse(raw: &[u8]) -> Result<Option<crate::model::NewMessage>, String> {
    let line = std::str::from_utf8(raw).map_err(|_| "not valid UTF-8".to_string())?;
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    crate::jsonl::parse_line(line)
        .map(Some)
        .map_err(|e| e.to_string())
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
