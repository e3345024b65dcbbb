//! The event loop: terminal input, service events, a one-second tick and SIGTERM arrive on one
//! `select!`; each becomes an action, the state applies it, and the screen is redrawn only
//! when something changed.

use super::action::{Action, Effect};
use super::keys::action_for_key;
use super::state::State;
use crate::clock::Clock;
use crate::service::ServiceHandle;
use crate::tui::Tui;
use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;

pub async fn run(
    terminal: &mut Tui,
    state: &mut State,
    service: &mut ServiceHandle,
    clock: Arc<dyn Clock>,
) -> std::io::Result<()> {
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| crate::ui::draw(frame, state))?;
            dirty = false;
        }
        let action = tokio::select! {
            event = input.next() => match event {
                Some(Ok(TermEvent::Key(key))) => action_for_key(state, key),
                Some(Ok(TermEvent::Paste(text))) => Some(Action::ComposerPaste(text)),
                Some(Ok(TermEvent::Resize(..))) => { dirty = true; None }
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e),
                None => Some(Action::Quit),
            },
            event = service.events.recv() => match event {
                Some(e) => Some(Action::Service(e)),
                None => Some(Action::Quit),
            },
            _ = tick.tick() => Some(Action::Tick(clock.now())),
            _ = &mut shutdown => Some(Action::Quit),
        };
        let Some(action) = action else { continue };
        dirty = true;
        for effect in state.apply(action) {
            match effect {
                Effect::Command(c) => service.send(c),
                Effect::Bell => {
                    use std::io::Write;
                    let mut out = std::io::stdout();
                    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
                }
                Effect::Quit => return Ok(()),
            }
        }
    }
}

/// Resolves on SIGTERM or SIGHUP (an SSH session closing), so drafts are saved and the
/// terminal restored as on a normal quit.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            tokio::select! {
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
    }
    std::future::pending::<()>().await
}
