//! Opening the console: choose the store (demo or the user's), start the service and its
//! connectors, run the event loop, and always give the terminal back.

use super::Paths;
use crate::app::State;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::connectors::Connector;
use crate::connectors::demo::{DemoConnector, DemoSettings};
use crate::connectors::post::{DemoPoster, Poster};
use crate::model::Channel;
use crate::service;
use crate::sla::Policies;
use crate::store::Store;
use std::collections::HashMap;
use std::sync::Arc;

pub(super) fn open(cli: &super::Cli, config: &Config, paths: &Paths) -> anyhow::Result<()> {
    // The user's own store is opened once, and only looked at to choose: a million messages
    // must not be counted before the first frame.
    // A store folder with anything in it is opened (and refused if it is not a store), never
    // passed over for the demo in silence.
    let has_own = std::fs::read_dir(paths.store()).is_ok_and(|mut d| d.next().is_some());
    let own = if cli.demo || !has_own {
        None
    } else {
        Some(Store::open(&paths.store())?)
    };
    let demo = cli.demo || (!config.has_accounts() && own.as_ref().is_none_or(Store::is_empty));
    let store_dir = if demo {
        paths.demo_store()
    } else {
        paths.store()
    };
    let store = match own {
        Some(store) if !demo => store,
        _ => Store::open(&store_dir)?,
    };
    tracing::info!(store = %store_dir.display(), demo, "opening the console");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let mut connectors: Vec<Box<dyn Connector>> = Vec::new();
    let mut posters: HashMap<Channel, Arc<dyn Poster>> = HashMap::new();
    let mut problems = Vec::new();
    let source = if demo {
        connectors.push(Box::new(DemoConnector::new(DemoSettings {
            seed: cli
                .seed
                .unwrap_or_else(|| jiff::Timestamp::now().as_nanosecond() as u64),
            min_interval: config.demo.min_interval.get(),
            max_interval: config.demo.max_interval.get(),
            backlog: config.demo.backlog,
        })));
        for channel in Channel::ALL {
            posters.insert(channel, Arc::new(DemoPoster));
        }
        "demo source".to_string()
    } else if config.has_accounts() {
        let started = super::accounts::start(config, store.sessions().ok());
        let names: Vec<String> = started.connectors.iter().map(|c| c.name()).collect();
        connectors = started.connectors;
        posters = started.posters;
        problems = started.problems;
        if names.is_empty() {
            "no account can be read".to_string()
        } else {
            format!("{} · connecting", names.join(", "))
        }
    } else {
        "imported messages".to_string()
    };
    let agent = std::env::var("USER").unwrap_or_else(|_| "agent".into());
    // Templates: the user's file beside the config, or the shipped ones.
    let templates_file = paths
        .config_file
        .parent()
        .map(|d| d.join("templates.toml"))
        .unwrap_or_else(|| "templates.toml".into());
    let templates = crate::templates::load(&templates_file).map_err(|e| anyhow::anyhow!(e))?;
    let policies = Policies::from_config(&config.sla);
    let options = service::Options {
        agent: agent.clone(),
        policies: policies.clone(),
        posters,
        undo_window: config.outbox.undo_window.0,
        backups: config.backup.policy(),
    };
    let mut service = service::start(store, connectors, clock.clone(), options, runtime.handle());

    let mut state = State::new(policies, clock.now(), source);
    state.keymap = keymap(config, paths)?;
    state.bell_on_breach = config.ui.bell_on_breach;
    state.buzz.settings = config.buzz.settings();
    state.shared.people.influencer_followers = config.profiles.influencer_followers;
    state.replying.templates = templates;
    state.agent = agent;
    // Every problem goes to the log; the first one is also said on screen.
    for problem in &problems {
        tracing::warn!(%problem, "an account cannot be used");
    }
    if let Some(problem) = problems.first() {
        state.notify(problem.clone());
    }
    state.colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());

    let result = match crate::tui::enter() {
        Ok(mut terminal) => {
            let r = runtime.block_on(crate::tui::run(
                &mut terminal,
                &mut state,
                &mut service,
                clock,
            ));
            crate::tui::restore();
            // ratatui's drop shows the cursor again and `eprintln!`s when it cannot, which
            // panics once the terminal is gone (an SSH session cut); restore() has shown it.
            std::mem::forget(terminal);
            r
        }
        Err(e) => {
            crate::tui::restore();
            Err(e)
        }
    };
    // Drain pending commands (the last draft save among them) before the store closes.
    service.shutdown();
    // Connector tasks hold store handles (network sessions): they are dropped before the
    // process ends, so the store closes whole and gets its seal.
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    result.map_err(|e| anyhow::anyhow!("The terminal failed: {e}."))
}

/// The keymap with the config's `[keys]`; a binding name it does not know is an error at its
/// line, as any other in the config.
pub(super) fn keymap(config: &Config, paths: &Paths) -> anyhow::Result<crate::app::Keymap> {
    crate::app::Keymap::with(&config.keys).map_err(|e| {
        let text = std::fs::read_to_string(&paths.config_file).unwrap_or_default();
        anyhow::Error::new(crate::config::ConfigError::Invalid {
            path: paths.config_file.clone(),
            line: crate::config::line_of_key(&text, &e.table, &e.name),
            key: format!("{}.{}", e.table, e.name),
            message: e.message,
        })
    })
}
