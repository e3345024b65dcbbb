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
    let setup = Setup::read(config, paths)?;
    let agent = local_agent(config);
    let running = start(cli, config, paths, &setup, &agent, None)?;
    let Running {
        runtime,
        clock,
        mut service,
        source,
        problems,
    } = running;
    let mut state = setup.state(&agent, clock.now(), source);
    // Every problem goes to the log; the first one is also said on screen.
    for problem in &problems {
        tracing::warn!(%problem, "an account cannot be used");
    }
    if let Some(problem) = problems.first() {
        state.notify(problem.clone());
    }
    state.colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    state.team.console = Some(service.console.id);

    let result = match crate::tui::enter() {
        Ok(terminal) => {
            let mut screen = crate::tui::LocalScreen::new(terminal);
            let r = runtime.block_on(crate::tui::run(
                &mut screen,
                &mut state,
                &mut service.console,
                clock,
                crate::tui::shutdown_signal(),
            ));
            crate::tui::restore();
            // ratatui's drop shows the cursor again and `eprintln!`s when it cannot, which
            // panics once the terminal is gone (an SSH session cut); restore() has shown it.
            std::mem::forget(screen);
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

/// A service running on the store this config and command line choose, with its connectors.
pub(super) struct Running {
    pub(super) runtime: tokio::runtime::Runtime,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) service: service::ServiceHandle,
    /// What the console reads from, until the sources report.
    pub(super) source: String,
    /// Accounts that cannot be used, one sentence each.
    pub(super) problems: Vec<String>,
}

/// Opens the store (the user's, or the demo's), starts the connectors and the service.
/// `listening` says where a team server listens (None for a local console).
pub(super) fn start(
    cli: &super::Cli,
    config: &Config,
    paths: &Paths,
    setup: &Setup,
    agent: &str,
    listening: Option<String>,
) -> anyhow::Result<Running> {
    // The user's own store is opened once, and only looked at to choose: a million messages
    // must not be counted before the first frame.
    // A store folder with anything in it is opened (and refused if it is not a store), never
    // passed over for the demo in silence.
    let has_own = std::fs::read_dir(paths.store()).is_ok_and(|mut d| d.next().is_some());
    let own = if cli.demo || !has_own {
        None
    } else {
        Some(open_store(&paths.store())?)
    };
    let demo = cli.demo || (!config.has_accounts() && own.as_ref().is_none_or(Store::is_empty));
    let store_dir = if demo {
        paths.demo_store()
    } else {
        paths.store()
    };
    let store = match own {
        Some(store) if !demo => store,
        _ => open_store(&store_dir)?,
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
    let options = service::Options {
        agent: agent.to_string(),
        agents: setup.agents.clone(),
        listening,
        policies: setup.policies.clone(),
        posters,
        undo_window: config.outbox.undo_window.0,
        backups: config.backup.policy(),
    };
    let service = service::start(store, connectors, clock.clone(), options, runtime.handle());

    Ok(Running {
        runtime,
        clock,
        service,
        source,
        problems,
    })
}

/// Opens a store; when a team server holds it, says how to reach that server instead.
fn open_store(dir: &std::path::Path) -> anyhow::Result<Store> {
    match Store::open(dir) {
        Err(crate::store::StoreError::Locked(path)) => {
            match service::control::request_server(&path) {
                Ok(service::ServerInfo {
                    listening: Some(address),
                    ..
                }) => Err(anyhow::anyhow!(
                    "A team server (tribune serve) holds this store; connect to it with {}.",
                    ssh_command(&address)
                )),
                _ => Err(crate::store::StoreError::Locked(path).into()),
            }
        }
        other => Ok(other?),
    }
}

/// `ssh -p PORT HOST` for an ADDRESS:PORT.
pub(super) fn ssh_command(address: &str) -> String {
    match address.rsplit_once(':') {
        Some((host, port)) => {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            let host = if host == "0.0.0.0" || host == "::" {
                "localhost"
            } else {
                host
            };
            format!("`ssh -p {port} {host}`")
        }
        None => format!("`ssh {address}`"),
    }
}

/// Who a local console works as: `[ui] agent`, else the login name.
pub(super) fn local_agent(config: &Config) -> String {
    config
        .ui
        .agent
        .clone()
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "agent".into())
}

/// What every console is made from, read once from the config and the files beside it: a
/// team server makes one state per session from it.
#[derive(Clone)]
pub(crate) struct Setup {
    pub(crate) policies: Policies,
    keymap: crate::app::Keymap,
    views: Vec<crate::app::ViewDef>,
    templates: Vec<crate::templates::Template>,
    bell_on_breach: bool,
    tone: crate::tone::Settings,
    buzz: crate::buzz::Settings,
    influencer_followers: u64,
    /// The team's agents: name, display name.
    pub(crate) agents: Vec<(String, String)>,
}

impl Setup {
    pub(crate) fn read(config: &Config, paths: &Paths) -> anyhow::Result<Setup> {
        // Templates: the user's file beside the config, or the shipped ones.
        let templates_file = paths
            .config_file
            .parent()
            .map(|d| d.join("templates.toml"))
            .unwrap_or_else(|| "templates.toml".into());
        let templates = crate::templates::load(&templates_file).map_err(|e| anyhow::anyhow!(e))?;
        let views = crate::app::ViewDef::with_config(&config.views);
        let keymap = keymap(config, paths)?
            .with_views(&views)
            .map_err(|(i, message)| {
                let text = std::fs::read_to_string(&paths.config_file).unwrap_or_default();
                // The place among the views is the config's own place past the defaults'.
                let name = views.get(i).map(|d| d.name.as_str()).unwrap_or_default();
                let n = config
                    .views
                    .iter()
                    .position(|v| v.name.trim() == name)
                    .unwrap_or(0);
                anyhow::Error::new(crate::config::ConfigError::Invalid {
                    path: paths.config_file.clone(),
                    line: crate::config::nth_table_line(&text, "view", n),
                    key: format!("view[{n}].key"),
                    message,
                })
            })?;
        Ok(Setup {
            policies: Policies::from_config(&config.sla),
            keymap,
            views,
            templates,
            bell_on_breach: config.ui.bell_on_breach,
            tone: config.tone.clone(),
            buzz: config.buzz.settings(),
            influencer_followers: config.profiles.influencer_followers,
            agents: config
                .agents
                .iter()
                .map(|a| (a.name.clone(), a.display_name().to_string()))
                .collect(),
        })
    }

    /// A fresh console for `agent`.
    pub(crate) fn state(&self, agent: &str, now: jiff::Timestamp, source: String) -> State {
        let mut state = State::new(self.policies.clone(), now, source);
        state.keymap = self.keymap.clone();
        state.views = self.views.clone();
        state.bell_on_breach = self.bell_on_breach;
        state.buzz.settings = self.buzz;
        state.shared.people.influencer_followers = self.influencer_followers;
        state.replying.templates = self.templates.clone();
        state.replying.tone_settings = self.tone.clone();
        state.agent = agent.to_string();
        state.team.agents = self.agents.clone();
        state
    }
}
