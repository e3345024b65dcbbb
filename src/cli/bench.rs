//! `tribune bench [--messages N] [--runs R] [--json]`: the performance budgets measured on a
//! demo store of N messages (made once, then reused): opening to the first frame, keypress to
//! frame, ingest and sentiment throughput, frame render time, bytes a one-row move writes to
//! the terminal, and peak memory. Timings are medians over R runs, with min and max.

use super::Paths;
use crate::app::{Action, State};
use crate::connectors::SourceBatch;
use crate::connectors::demo::DemoWorld;
use crate::service::Event;
use crate::sla::Policies;
use crate::store::Store;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde::Serialize;
use std::time::Instant;

/// At most this many messages ingested for the throughput figure (fewer for a small store),
/// in batches the size of a connector's page.
const INGEST_COUNT: usize = 50_000;
const INGEST_BATCH: usize = 50;
const SENTIMENT_TEXTS: usize = 100_000;

#[derive(Serialize)]
pub(super) struct Spread {
    pub(super) median_ms: f64,
    pub(super) min_ms: f64,
    pub(super) max_ms: f64,
}

impl Spread {
    pub(super) fn of(mut samples: Vec<f64>) -> Spread {
        samples.sort_by(f64::total_cmp);
        Spread {
            median_ms: samples[samples.len() / 2],
            min_ms: samples[0],
            max_ms: samples[samples.len() - 1],
        }
    }
}

#[derive(Serialize)]
struct Figures {
    messages: usize,
    /// Inbound messages among them (the inbox's rows).
    inbound: usize,
    runs: usize,
    /// The console's resident memory once the first frame is drawn (Linux `VmRSS` of the
    /// process that drew it, median): the store opened, the summaries and the rows on screen
    /// held.
    console_rss_mb: Option<f64>,
    /// A process started, the store opened, summaries read, the default view computed, its
    /// rows read and drawn (in-process: the
    /// executable's own start, a few ms, is not counted).
    open_to_first_frame: Spread,
    key_move: Spread,
    key_open: Spread,
    key_switch_view: Spread,
    /// The work a one-second tick does (countdowns, urgency order, bad-buzz replay).
    tick: Spread,
    /// A message changed (resolved, answered, stored) → frame.
    message_changed: Spread,
    render_120x40: Spread,
    render_200x60: Spread,
    /// Queries through the console, words and fields, on the on-disk index; the first one
    /// after opening it; its size; ripgrep over the same texts for the single words.
    search: super::bench_search::SearchFigures,
    bulk: super::bench_bulk::BulkFigures,
    ingest_messages_per_s: f64,
    sentiment_texts_per_s: f64,
    move_one_row_bytes: usize,
    peak_rss_mb: Option<f64>,
}

pub(super) fn run(
    paths: &Paths,
    messages: u64,
    runs: usize,
    agents: usize,
    json: bool,
) -> anyhow::Result<()> {
    let runs = runs.max(1);
    let dir = paths.data_dir.join(format!("bench-store-{messages}"));
    {
        let store = Store::open(&dir)?;
        if (store.message_count() as u64) < messages {
            eprintln!(
                "Making a store of {messages} demo messages in {} …",
                dir.display()
            );
            super::generate::fill(&store, messages, 7, !json)?;
        }
    }
    let policies = Policies::from_config(&crate::config::Config::default().sla);
    {
        // A store made by an older tribune gets its summaries once, untimed (as a first
        // start after an upgrade does).
        crate::ingest::summaries(&Store::open(&dir)?)?;
    }
    if agents > 0 {
        return super::bench_team::run(&dir, &policies, agents, runs, json);
    }

    // Each cold open runs in a process of its own, as a console starts: timed from its
    // start to its first frame, with the memory it then holds.
    let mut open = Vec::new();
    let mut memory = Vec::new();
    for _ in 0..runs {
        let (elapsed, rss) = open_in_a_process(&dir)?;
        open.push(elapsed);
        memory.extend(rss);
    }
    let console_rss_mb = (!memory.is_empty()).then(|| Spread::of(memory).median_ms);
    let (store, mut state) = first_frame(&dir, &policies)?;

    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    let mut key = |state: &mut State, actions: &[Action]| -> anyhow::Result<Spread> {
        let mut times = Vec::new();
        for _ in 0..runs.max(5) {
            for action in actions {
                let started = Instant::now();
                apply(state, &store, action.clone())?;
                terminal.draw(|f| crate::ui::draw(f, state))?;
                times.push(ms(started));
            }
        }
        Ok(Spread::of(times))
    };
    let key_move = key(&mut state, &[Action::MoveDown])?;
    let key_open = key(&mut state, &[Action::Open, Action::Back])?;
    let key_switch_view = key(&mut state, &[Action::SelectView(2), Action::SelectView(0)])?;
    // A second passing: countdowns, their urgency order, alerts (the console's work each
    // second, on its own task between keys).
    let mut clock = state.now;
    let mut ticks = Vec::new();
    for _ in 0..runs.max(5) {
        clock += jiff::SignedDuration::from_secs(1);
        let started = Instant::now();
        apply(&mut state, &store, Action::Tick(clock))?;
        ticks.push(ms(started));
    }
    let tick = Spread::of(ticks);
    // A message changed by the service (here resolved and reopened, as `d` does): the
    // view and the urgency order are brought up to date and drawn.
    let mut changes = Vec::new();
    if let Some(mut m) = state.selected_message().cloned() {
        for i in 0..runs.max(5) * 2 {
            m.status = if i % 2 == 0 {
                crate::model::Status::Resolved
            } else {
                crate::model::Status::Open
            };
            let started = Instant::now();
            apply(
                &mut state,
                &store,
                Action::Service(Event::Changed(vec![m.clone()])),
            )?;
            terminal.draw(|f| crate::ui::draw(f, &state))?;
            changes.push(ms(started));
        }
    }
    let message_changed = Spread::of(if changes.is_empty() {
        vec![0.0]
    } else {
        changes
    });
    let render = |w: u16, h: u16, state: &State| -> anyhow::Result<Spread> {
        let mut terminal = Terminal::new(TestBackend::new(w, h))?;
        let mut times = Vec::new();
        for _ in 0..runs.max(5) {
            let started = Instant::now();
            terminal.draw(|f| crate::ui::draw(f, state))?;
            times.push(ms(started));
        }
        Ok(Spread::of(times))
    };
    let render_120x40 = render(120, 40, &state)?;
    let render_200x60 = render(200, 60, &state)?;
    let move_one_row_bytes = bytes_for_one_row_move(&mut state, &store)?;
    // Last: searching moves the selection, which the figures above depend on.
    let search = super::bench_search::figures(&mut state, &store, runs)?;
    let inbound = state.shared.index.read().inbound();
    drop(state);
    drop(store);
    // Ingest first (into a store of its own), then the bulk actions on this one.
    let ingest_messages_per_s = ingest_throughput((messages as usize).clamp(1_000, INGEST_COUNT))?;
    let bulk = super::bench_bulk::figures(&dir, runs)?;

    let figures = Figures {
        messages: messages as usize,
        inbound,
        console_rss_mb,
        runs,
        open_to_first_frame: Spread::of(open),
        key_move,
        key_open,
        key_switch_view,
        tick,
        message_changed,
        render_120x40,
        render_200x60,
        search,
        bulk,
        ingest_messages_per_s,
        sentiment_texts_per_s: sentiment_throughput(
            (messages as usize).clamp(1_000, SENTIMENT_TEXTS),
        ),
        move_one_row_bytes,
        peak_rss_mb: peak_rss_mb(),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print_table(&figures);
    }
    Ok(())
}

/// `tribune bench-open STORE` (hidden): what a console does from its start to its first
/// frame (a line on stdout), then a few searches and the resident memory it holds (MB).
pub(super) fn open_once(dir: &std::path::Path) -> anyhow::Result<()> {
    let policies = Policies::from_config(&crate::config::Config::default().sla);
    let (store, mut state) = first_frame(dir, &policies)?;
    // The first frame is drawn: the parent times the open up to this line.
    println!("drawn");
    // A console searches: its memory is measured after the queries.
    super::bench_search::search_once(&mut state, &store)?;
    println!("{}", rss_mb("VmRSS:").unwrap_or(0.0));
    Ok(())
}

/// Opens the store, reads the summaries, computes the default view, reads its rows and draws
/// the first frame at 120x40.
pub(super) fn first_frame(
    dir: &std::path::Path,
    policies: &Policies,
) -> anyhow::Result<(Store, State)> {
    let store = Store::open(dir)?;
    let mut state = State::new(policies.clone(), jiff::Timestamp::now(), "bench".into());
    let loaded = Event::Loaded {
        inbox: crate::service::Backlog::summaries(crate::ingest::summaries(&store)?),
        drafts: vec![],
        outbox: vec![],
        assigned: vec![],
        changes: 0,
    };
    apply(&mut state, &store, Action::Service(loaded))?;
    Terminal::new(TestBackend::new(120, 40))?.draw(|f| crate::ui::draw(f, &state))?;
    Ok((store, state))
}

/// Runs `tribune bench-open` on the store: the time from starting it to its first frame
/// (its line on stdout), and the memory it reports.
fn open_in_a_process(dir: &std::path::Path) -> anyhow::Result<(f64, Option<f64>)> {
    use std::io::BufRead;
    let started = Instant::now();
    let mut child = std::process::Command::new(std::env::current_exe()?)
        .arg("bench-open")
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .spawn()?;
    let (mut drawn, mut line) = (String::new(), String::new());
    let mut elapsed = 0.0;
    if let Some(out) = child.stdout.take() {
        let mut out = std::io::BufReader::new(out);
        out.read_line(&mut drawn)?;
        elapsed = ms(started);
        out.read_line(&mut line)?;
    }
    if !child.wait()?.success() {
        anyhow::bail!(
            "The console could not open {} to be measured.",
            dir.display()
        );
    }
    Ok((elapsed, line.trim().parse().ok()))
}

/// Applies an action as the console does, with the store reads it asks for answered as the
/// service answers them (here on the same thread, so their time is counted).
pub(super) fn apply(state: &mut State, store: &Store, action: Action) -> anyhow::Result<()> {
    let mut pending = std::collections::VecDeque::from([action]);
    while let Some(action) = pending.pop_front() {
        for effect in state.apply(action) {
            if let crate::app::Effect::Command(crate::service::Command::FetchMessages { ids }) =
                effect
            {
                let mut read = Vec::with_capacity(ids.len());
                for id in ids {
                    read.extend(store.get(id)?);
                }
                pending.push_back(Action::Service(Event::Fetched(read)));
            }
        }
    }
    Ok(())
}

pub(super) fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

/// What the terminal receives when the selection moves one row at 120x40: the frame before
/// is drawn first, so only the difference is counted, as in the console.
fn bytes_for_one_row_move(state: &mut State, store: &Store) -> anyhow::Result<usize> {
    let counter = Counter::default();
    let written = counter.0.clone();
    let backend = CrosstermBackend::new(counter);
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
        },
    )?;
    terminal.draw(|f| crate::ui::draw(f, state))?;
    let before = written.load(std::sync::atomic::Ordering::Relaxed);
    apply(state, store, Action::MoveDown)?;
    terminal.draw(|f| crate::ui::draw(f, state))?;
    Ok(written.load(std::sync::atomic::Ordering::Relaxed) - before)
}

/// A terminal that only counts the bytes written to it.
#[derive(Default)]
pub(super) struct Counter(pub(super) std::sync::Arc<std::sync::atomic::AtomicUsize>);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .fetch_add(buf.len(), std::sync::atomic::Ordering::Relaxed);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Demo messages through the whole ingest path (tagging, dedup, threads, indexes, one
/// transaction a batch) into a fresh store, in batches the size of a connector's page.
fn ingest_throughput(count: usize) -> anyhow::Result<f64> {
    let dir = tempfile_dir()?;
    let store = Store::open(&dir)?;
    let mut world = DemoWorld::new(11, 0);
    let now = jiff::Timestamp::now();
    let (messages, _) = world.backlog(now, count as u32, jiff::SignedDuration::from_hours(24 * 30));
    let total = messages.len();
    let started = Instant::now();
    let mut search = crate::ingest::open_index(&store.message_reader())?;
    let mut messages = messages.into_iter().peekable();
    while messages.peek().is_some() {
        let batch: Vec<_> = messages.by_ref().take(INGEST_BATCH).collect();
        crate::ingest::ingest(
            &store,
            SourceBatch {
                source: "bench".into(),
                messages: batch,
                samples: vec![],
                cursor: None,
            },
            Some(&mut search),
        )?;
        // As the service does: committed once a second.
        if search.commit_due() {
            search.commit()?;
        }
    }
    let rate = total as f64 / started.elapsed().as_secs_f64();
    drop((store, search));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(crate::search::index::dir_for(&dir));
    Ok(rate)
}

pub(super) fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("tribune-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn sentiment_throughput(count: usize) -> f64 {
    let mut world = DemoWorld::new(13, 0);
    let now = jiff::Timestamp::now();
    let texts: Vec<String> = (0..count).map(|_| world.next_message(now).text).collect();
    crate::sentiment::warm_up();
    let started = Instant::now();
    let mut sum = 0.0f32;
    for t in &texts {
        sum += crate::sentiment::analyze(t, None, None).score;
    }
    std::hint::black_box(sum);
    texts.len() as f64 / started.elapsed().as_secs_f64()
}

/// The process's peak resident memory (Linux `VmHWM`).
fn peak_rss_mb() -> Option<f64> {
    rss_mb("VmHWM:")
}

/// A memory figure of `/proc/self/status` (Linux), in MB.
pub(super) fn rss_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn print_table(f: &Figures) {
    let spread = |s: &Spread| {
        format!(
            "{:>9.2} ms  (min {:.2}, max {:.2})",
            s.median_ms, s.min_ms, s.max_ms
        )
    };
    let mark = |ok: bool| if ok { "✓" } else { "✖" };
    println!(
        "{} messages ({} inbound), medians over {} runs",
        f.messages, f.inbound, f.runs
    );
    let rows = [
        ("open → first frame", &f.open_to_first_frame, 100.0),
        ("key: move", &f.key_move, 5.0),
        ("key: open/back", &f.key_open, 5.0),
        ("key: switch view", &f.key_switch_view, 5.0),
        ("tick (each second)", &f.tick, 5.0),
        ("message changed", &f.message_changed, 5.0),
        ("render 120x40", &f.render_120x40, 5.0),
        ("render 200x60", &f.render_200x60, 5.0),
    ];
    for (what, s, budget) in rows {
        println!(
            "{} {what:<20} {}   budget < {budget} ms",
            mark(s.median_ms < budget),
            spread(s)
        );
    }
    f.search.print(&spread);
    f.bulk.print(&spread);
    println!(
        "{} ingest               {:>9.0} messages/s   budget > 100,000",
        mark(f.ingest_messages_per_s > 100_000.0),
        f.ingest_messages_per_s
    );
    println!(
        "  sentiment            {:>9.0} texts/s",
        f.sentiment_texts_per_s
    );
    println!(
        "{} one-row move         {:>9} bytes      budget < 2048",
        mark(f.move_one_row_bytes < 2048),
        f.move_one_row_bytes
    );
    if let Some(rss) = f.console_rss_mb {
        println!(
            "{} console memory       {rss:>9.1} MB         budget < 150 (after the first frame and searches)",
            mark(rss < 150.0)
        );
    }
    if let Some(rss) = f.peak_rss_mb {
        println!(
            "{} peak memory          {rss:>9.1} MB         budget < 150 (search index and ingest included)",
            mark(rss < 150.0)
        );
    }
}
