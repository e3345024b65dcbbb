//! One agent's console over SSH: attached to the service as that agent, run by the same
//! event loop as a local console, and detached (its presence gone, its draft saved) however
//! it ends.

use super::Team;
use super::screen::SshScreen;
use std::sync::Arc;

pub(super) fn spawn(team: Arc<Team>, agent: String, mut screen: SshScreen, colour: bool) {
    let running = team.clone();
    let task = tokio::spawn(async move {
        let mut link = team.hub.attach(&agent);
        let mut state = (team.make_state)(&agent);
        state.colour = colour;
        state.team.served = true;
        state.team.console = Some(link.id);
        let mut stopping = team.stopping.clone();
        let stop = async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        };
        let result =
            crate::tui::run(&mut screen, &mut state, &mut link, team.clock.clone(), stop).await;
        if let Err(e) = result {
            tracing::info!(%agent, error = %e, "a console's connection went away");
        }
        screen.leave();
        tracing::info!(%agent, "a console closed");
    });
    match running.consoles.lock() {
        Ok(mut consoles) => {
            consoles.retain(|c| !c.is_finished());
            consoles.push(task);
        }
        Err(poisoned) => poisoned.into_inner().push(task),
    }
}
