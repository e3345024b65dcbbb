//! `tribune serve`: opens the store and the accounts as a console would, then serves a
//! console to each agent over SSH until SIGTERM, SIGINT or SIGHUP; consoles save their drafts
//! and the store is sealed on the way out.

use super::Paths;
use super::console::{Running, Setup};
use crate::config::Config;
use crate::serve::keys;
use std::sync::{Arc, Mutex};

/// The host key's file in the data dir.
const HOST_KEY_FILE: &str = "ssh_host_ed25519_key";

pub(super) fn run(
    cli: &super::Cli,
    config: &Config,
    paths: &Paths,
    listen: Option<String>,
) -> anyhow::Result<()> {
    let listen = listen.unwrap_or_else(|| config.server.listen.clone());
    let agent_keys = keys::AgentKeys::read(&config.agents, &paths.config_file)?;
    let host_key = keys::host_key(&paths.data_dir.join(HOST_KEY_FILE))?;
    let fingerprint = keys::fingerprint(&host_key);
    let setup = Setup::read(config, paths)?;
    let Running {
        runtime,
        clock,
        service,
        source,
        problems,
    } = super::console::start(cli, config, paths, &setup, "tribune", Some(listen.clone()))?;
    // The server's own console serves no one: its consoles are the SSH sessions.
    service.serve_only();
    for problem in &problems {
        tracing::warn!(%problem, "an account cannot be used");
        eprintln!("{problem}");
    }
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(&listen)) {
        Ok(l) => l,
        Err(e) => {
            service.shutdown();
            runtime.shutdown_timeout(std::time::Duration::from_secs(2));
            anyhow::bail!("Cannot listen on {listen}: {e}.");
        }
    };
    let address = listener
        .local_addr()
        .map_or(listen.clone(), |a| a.to_string());
    println!(
        "tribune serve: listening on {address} ({source}); connect with {}",
        super::console::ssh_command(&address)
    );
    println!("host key {fingerprint}");
    println!(
        "{} agent(s): {}",
        config.agents.len(),
        config
            .agents
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    tracing::info!(%address, %fingerprint, "serving consoles over SSH");

    let (stop_tx, stopping) = tokio::sync::watch::channel(false);
    // One summary index for every console: the inbox is held once, not once per agent.
    let index = crate::app::SharedIndex::default();
    let make_state = {
        let (setup, clock, source) = (setup.clone(), clock.clone(), source.clone());
        move |agent: &str| {
            let mut state = setup.state(agent, clock.now(), source.clone());
            state.shared.index = index.clone();
            state
        }
    };
    let team = Arc::new(crate::serve::Team {
        keys: agent_keys,
        hub: service.hub(),
        clock,
        make_state: Box::new(make_state),
        stopping,
        consoles: Mutex::new(Vec::new()),
    });
    runtime.spawn(async move {
        stop_signal().await;
        let _ = stop_tx.send(true);
    });
    runtime.block_on(crate::serve::serve(listener, host_key, team));
    println!("tribune serve: stopped; the store is closed.");
    service.shutdown();
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    Ok(())
}

/// SIGTERM and SIGHUP as a console hears them, and Ctrl-C in the terminal `serve` runs in.
async fn stop_signal() {
    tokio::select! {
        _ = crate::tui::shutdown_signal() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
