//! The search figures of `tribune bench`: queries typed in a console at the store's size —
//! single words, then words and fields combined — on the on-disk index, the first query
//! after the index is opened, the index's size on disk, and ripgrep over the same texts in a
//! flat file for the single words.

use super::bench::{Spread, ms};
use crate::app::{Action, State};
use crate::search::TextIndex;
use crate::service::Event;
use crate::store::Store;
use serde::Serialize;
use std::time::Instant;

/// Single words: (word, language, how common it is in the demo's texts).
const WORDS: [(&str, &str, &str); 4] = [
    ("commande", "fr", "common"),
    ("percolateur", "fr", "rare"),
    ("subscription", "en", "common"),
    ("grinder", "en", "rare"),
];

/// Words and fields combined, as a busy day asks.
const COMBINED: [&str; 5] = [
    "commande channel:instagram sentiment:neg is:unanswered",
    "\"cancel my subscription\" OR refund -thanks after:30d",
    "kind:review rating:<=2 lang:fr",
    "is:criticism followers:>1000 -channel:bluesky",
    "(grinder OR percolateur) before:2026-12-01 is:open",
];

#[derive(Serialize)]
pub(super) struct SearchFigure {
    query: String,
    hits: usize,
    index: Spread,
    /// `rg -c -i -F WORD FILE` over the same texts, one per line (single words only); none
    /// without ripgrep.
    ripgrep: Option<Spread>,
}

#[derive(Serialize)]
pub(super) struct SearchFigures {
    /// Opening the index and answering a first query, as a console's first `/` does.
    first_search_ms: f64,
    index_disk_mb: f64,
    queries: Vec<SearchFigure>,
}

impl SearchFigures {
    pub(super) fn print(&self, spread: &dyn Fn(&Spread) -> String) {
        let mark = |ok: bool| if ok { "✓" } else { "✖" };
        println!(
            "{} first search         {:>9.2} ms   (index {:.0} MB on disk)   budget < 50 ms",
            mark(self.first_search_ms < 50.0),
            self.first_search_ms,
            self.index_disk_mb
        );
        for q in &self.queries {
            let rg = match &q.ripgrep {
                Some(r) => format!(", ripgrep {:.2} ms", r.median_ms),
                None => String::new(),
            };
            println!(
                "{} search {}   {} hits{rg}   budget < 50 ms\n    {}",
                mark(q.index.median_ms < 50.0),
                spread(&q.index),
                q.hits,
                q.query
            );
        }
    }
}

/// Opens the store's index in the console `state` and runs one query of each kind (what
/// `bench-open` does before its memory is read).
pub(super) fn search_once(state: &mut State, store: &Store) -> anyhow::Result<()> {
    give_index(state, store)?;
    for query in WORDS.iter().map(|w| w.0).chain(COMBINED) {
        state.search_for(query)?;
    }
    Ok(())
}

fn give_index(state: &mut State, store: &Store) -> anyhow::Result<()> {
    let index = TextIndex::open(&crate::search::index::dir_for(store.path()))?;
    super::bench::apply(state, store, Action::Service(Event::SearchReady(Ok(index))))
}

pub(super) fn figures(
    state: &mut State,
    store: &Store,
    runs: usize,
) -> anyhow::Result<SearchFigures> {
    // The index is brought up to the store once (a store made before it existed).
    drop(crate::ingest::open_index(&store.message_reader())?);
    let started = Instant::now();
    give_index(state, store)?;
    state.search_for(WORDS[0].0)?;
    let first_search_ms = ms(started);
    let flat = flat_texts(store)?;
    let mut queries = Vec::new();
    let words = WORDS.iter().map(|w| (w.0, true));
    for (query, single) in words.chain(COMBINED.iter().map(|q| (*q, false))) {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..runs.max(5) {
            let started = Instant::now();
            hits = state.search_for(query)?.unwrap_or(0);
            times.push(ms(started));
        }
        queries.push(SearchFigure {
            query: query.to_string(),
            hits,
            index: Spread::of(times),
            ripgrep: if single {
                ripgrep_times(query, &flat, runs.max(5))
            } else {
                None
            },
        });
    }
    state.search_for("")?;
    let _ = std::fs::remove_file(&flat);
    Ok(SearchFigures {
        first_search_ms,
        index_disk_mb: dir_size(&crate::search::index::dir_for(store.path())) as f64 / 1_048_576.0,
        queries,
    })
}

/// Every message's text, one per line, for ripgrep.
fn flat_texts(store: &Store) -> anyhow::Result<std::path::PathBuf> {
    use std::io::Write;
    let dir = super::bench::tempfile_dir()?;
    let flat = dir.join("texts.txt");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&flat)?);
    let mut written = Ok(());
    store.scan().for_each(|m| {
        if written.is_ok() {
            written = writeln!(out, "{}", m.text.replace(['\n', '\r'], " "));
        }
    })?;
    written?;
    Ok(flat)
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Times of `rg -c -i -F word file` runs; none when ripgrep is not installed.
fn ripgrep_times(word: &str, file: &std::path::Path, runs: usize) -> Option<Spread> {
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let out = std::process::Command::new("rg")
            .args(["-c", "-i", "-F", word])
            .arg(file)
            .output()
            .ok()?;
        // rg exits 1 when nothing matches; anything else is a failure to run.
        if !matches!(out.status.code(), Some(0 | 1)) {
            return None;
        }
        times.push(ms(started));
    }
    Some(Spread::of(times))
}
