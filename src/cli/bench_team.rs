//! `tribune bench --agents N`: the team server's budgets on the bench store — N consoles
//! attached to one real service, as `tribune serve` runs them (one shared summary index, each
//! console drawing 120x40 into a byte counter instead of an SSH channel): keypress → frame for
//! each agent, one agent's change until every other console has drawn it, the memory of the
//! whole process, and the bytes each agent's terminal receives for a one-row move.

use super::bench::{Counter, Spread, ms, rss_mb};
use crate::app::{Action, Effect, SharedIndex, State};
use crate::clock::{Clock, SystemClock};
use crate::service::{Command, ConsoleLink, Event};
use crate::sla::Policies;
use crate::store::Store;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How long a console may wait for the service before the bench gives up on it.
const PATIENCE: Duration = Duration::from_secs(30);

struct Agent {
    state: State,
    link: ConsoleLink,
    terminal: Terminal<CrosstermBackend<Counter>>,
    written: Arc<std::sync::atomic::AtomicUsize>,
}

impl Agent {
    fn act(&mut self, action: Action) {
        for effect in self.state.apply(action) {
            if let Effect::Command(c) = effect {
                self.link.send(c);
            }
        }
    }

    fn draw(&mut self) -> anyhow::Result<()> {
        self.terminal.draw(|f| crate::ui::draw(f, &self.state))?;
        Ok(())
    }

    /// Takes in every event that has arrived, then draws; how many there were.
    fn take_in(&mut self) -> anyhow::Result<usize> {
        let mut n = 0;
        while let Ok(e) = self.link.events.try_recv() {
            self.act(Action::Service(e));
            n += 1;
        }
        if n > 0 {
            self.draw()?;
        }
        Ok(n)
    }
}

#[derive(Serialize)]
struct TeamFigures {
    agents: usize,
    inbound: usize,
    runs: usize,
    /// Resident memory of the whole process (the service, its store, every console).
    host_rss_mb: Option<f64>,
    /// Each console's share: the growth from the service alone to every console attached.
    per_agent_mb: Option<f64>,
    key_move: Spread,
    key_open: Spread,
    /// From one agent's resolve sent until the last of the others has drawn it (consoles
    /// taken one after another on one thread: the server runs them side by side).
    change_reaches_others: Spread,
    /// The most bytes one agent's terminal receives for its one-row move.
    move_one_row_bytes: usize,
}

pub(super) fn run(
    dir: &std::path::Path,
    policies: &Policies,
    agents: usize,
    runs: usize,
    json: bool,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let names: Vec<(String, String)> = (0..agents)
        .map(|i| (format!("agent{i}"), format!("Agent {i}")))
        .collect();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let options = crate::service::Options {
        agent: "bench".into(),
        agents: names.clone(),
        listening: Some("bench".into()),
        policies: policies.clone(),
        posters: Default::default(),
        undo_window: jiff::SignedDuration::ZERO,
        backups: None,
    };
    let service = crate::service::start(
        Store::open(dir)?,
        vec![],
        clock.clone(),
        options,
        runtime.handle(),
    );
    service.serve_only();
    let alone = rss_mb("VmRSS:");
    let index = SharedIndex::default();
    let mut team = Vec::new();
    for (name, _) in &names {
        let link = service.hub().attach(name);
        let mut state = State::new(policies.clone(), clock.now(), "bench".into());
        state.agent = name.clone();
        state.team.agents = names.clone();
        state.team.console = Some(link.id);
        state.shared.index = index.clone();
        let counter = Counter::default();
        let written = counter.0.clone();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(counter),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
            },
        )?;
        let mut agent = Agent {
            state,
            link,
            terminal,
            written,
        };
        // Attached one after another, as agents arrive: each is loaded before the next.
        while !agent.state.loaded {
            let e = wait(&runtime, &mut agent.link)?;
            agent.act(Action::Service(e));
        }
        agent.draw()?;
        team.push(agent);
        settle(&runtime, &mut team)?;
    }
    let host_rss_mb = rss_mb("VmRSS:");
    let per_agent_mb = match (alone, host_rss_mb) {
        (Some(a), Some(h)) if agents > 0 => Some((h - a) / agents as f64),
        _ => None,
    };

    let mut moves = Vec::new();
    let mut opens = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs.max(3) {
        for i in 0..team.len() {
            let agent = &mut team[i];
            let before = agent.written.load(Ordering::Relaxed);
            let started = Instant::now();
            agent.act(Action::MoveDown);
            agent.draw()?;
            moves.push(ms(started));
            bytes = bytes.max(agent.written.load(Ordering::Relaxed) - before);
            settle(&runtime, &mut team)?;
            let agent = &mut team[i];
            let started = Instant::now();
            agent.act(Action::Open);
            agent.draw()?;
            agent.act(Action::Back);
            agent.draw()?;
            opens.push(ms(started) / 2.0);
            settle(&runtime, &mut team)?;
        }
    }

    let mut reaches = Vec::new();
    for _ in 0..runs.max(3) {
        let Some((first, others)) = team.split_first_mut() else {
            break;
        };
        let Some(id) = first.state.selected_id() else {
            break;
        };
        first.act(Action::ToggleResolved);
        let started = Instant::now();
        for other in others.iter_mut() {
            loop {
                let e = wait(&runtime, &mut other.link)?;
                let done = matches!(&e, Event::Changed(c) if c.iter().any(|m| m.id == id));
                other.act(Action::Service(e));
                if done {
                    other.draw()?;
                    break;
                }
            }
        }
        reaches.push(ms(started));
        settle(&runtime, &mut team)?;
    }

    let figures = TeamFigures {
        agents,
        inbound: index.read().inbound(),
        runs,
        host_rss_mb,
        per_agent_mb,
        key_move: Spread::of(moves),
        key_open: Spread::of(opens),
        change_reaches_others: Spread::of(if reaches.is_empty() {
            vec![0.0]
        } else {
            reaches
        }),
        move_one_row_bytes: bytes,
    };
    drop(team);
    service.shutdown();
    runtime.shutdown_timeout(Duration::from_secs(2));
    if json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        print(&figures);
    }
    Ok(())
}

/// The next event for this console, waiting for the service.
fn wait(runtime: &tokio::runtime::Runtime, link: &mut ConsoleLink) -> anyhow::Result<Event> {
    runtime
        .block_on(async { tokio::time::timeout(PATIENCE, link.events.recv()).await })
        .ok()
        .flatten()
        .ok_or_else(|| anyhow::anyhow!("The service stopped answering during the bench."))
}

/// Until the service has done all it was asked and every console has taken in all it said.
fn settle(runtime: &tokio::runtime::Runtime, team: &mut [Agent]) -> anyhow::Result<()> {
    if team.is_empty() {
        return Ok(());
    }
    for _ in 0..50 {
        // The service answers in order: once it answered this, everything before is sent.
        let (tx, rx) = std::sync::mpsc::channel();
        team[0].link.send(Command::Server { reply: tx });
        runtime.block_on(async { tokio::task::yield_now().await });
        rx.recv_timeout(PATIENCE)?;
        let mut taken = 0;
        for agent in team.iter_mut() {
            taken += agent.take_in()?;
        }
        if taken == 0 {
            return Ok(());
        }
    }
    Ok(())
}

fn print(f: &TeamFigures) {
    let spread = |s: &Spread| {
        format!(
            "{:>9.2} ms  (min {:.2}, max {:.2})",
            s.median_ms, s.min_ms, s.max_ms
        )
    };
    let mb = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.0} MB"));
    println!(
        "{} agents on one service, {} inbound messages, medians over {} runs",
        f.agents, f.inbound, f.runs
    );
    println!("  memory, the whole process       {}", mb(f.host_rss_mb));
    println!("  memory, each console            {}", mb(f.per_agent_mb));
    println!("  key: move → frame               {}", spread(&f.key_move));
    println!("  key: open / back → frame        {}", spread(&f.key_open));
    println!(
        "  a change reaches the others     {}",
        spread(&f.change_reaches_others)
    );
    println!("  one-row move, bytes per agent   {}", f.move_one_row_bytes);
}
