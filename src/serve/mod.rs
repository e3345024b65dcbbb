//! `tribune serve`: the team console. One process owns the store, the connectors and the
//! outbox (the service), and serves a console to each agent over SSH: an SSH server inside
//! tribune (russh), where an agent's public key says who they are and each session with a
//! terminal gets its own console state over the one service. Nothing but the console runs:
//! no shell, no commands, no forwarding; the networks' tokens never leave this process.

mod console;
mod input;
pub(crate) mod keys;
mod screen;
mod session;

use crate::app::State;
use crate::clock::Clock;
use crate::service::Hub;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

/// How often a silent connection is asked whether it is still there, and how many unanswered
/// asks end it: a cut network leaves no ghost console after about this long.
const KEEPALIVE: Duration = Duration::from_secs(3);
const KEEPALIVE_MAX: usize = 3;
/// How long consoles have to save their drafts when the server stops.
const CLOSING_WAIT: Duration = Duration::from_secs(5);

/// What every connection shares: who may connect, where consoles attach, and how they are
/// made.
pub(crate) struct Team {
    pub(crate) keys: keys::AgentKeys,
    pub(crate) hub: Hub,
    pub(crate) clock: Arc<dyn Clock>,
    /// A fresh console state for an agent (the config's keys, templates, policies…).
    pub(crate) make_state: Box<dyn Fn(&str) -> State + Send + Sync>,
    /// Becomes true when the server stops: every console quits as on `q`.
    pub(crate) stopping: watch::Receiver<bool>,
    /// The consoles running, waited for at the end.
    pub(crate) consoles: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

/// Accepts connections on `listener` until `stopping` turns true, then waits (a little) for
/// the consoles to save their drafts and close.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    host_key: russh::keys::PrivateKey,
    team: Arc<Team>,
) {
    let config = Arc::new(russh::server::Config {
        keys: vec![host_key],
        methods: russh::MethodSet::from(&[russh::MethodKind::PublicKey][..]),
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keepalive_interval: Some(KEEPALIVE),
        keepalive_max: KEEPALIVE_MAX,
        nodelay: true,
        ..Default::default()
    });
    let mut stopping = team.stopping.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((socket, peer)) => {
                    let handler = session::Connection::new(team.clone(), Some(peer));
                    let config = config.clone();
                    tokio::spawn(async move {
                        match russh::server::run_stream(config, socket, handler).await {
                            Ok(running) => {
                                if let Err(e) = running.await {
                                    tracing::debug!(error = %e, ?peer, "an SSH connection ended");
                                }
                            }
                            Err(e) => tracing::debug!(error = %e, ?peer, "an SSH handshake failed"),
                        }
                    });
                }
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = stopping.wait_for(|stop| *stop) => break,
        }
    }
    let consoles = match team.consoles.lock() {
        Ok(mut c) => std::mem::take(&mut *c),
        Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
    };
    let _ = tokio::time::timeout(CLOSING_WAIT, futures::future::join_all(consoles)).await;
}
