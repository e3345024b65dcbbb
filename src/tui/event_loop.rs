//! The event loop: terminal input, service events, a one-second tick and SIGTERM arrive on one
//! `select!`; each becomes an action, the state applies it, and the screen is redrawn only
//! when something changed.

use crate::app::{Action, Effect, State, action_for_key};
use crate::clock::Clock;
use crate::service::ServiceHandle;
use crate::tui::Tui;
use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;

pub(crate) async fn run(
    terminal: &mut Tui,
    state: &mut State,
    service: &mut ServiceHandle,
    clock: Arc<dyn Clock>,
) -> std::io::Result<()> {
    // Dropped while an external editor owns the terminal, so it reads no keys of its own.
    let mut input = Some(EventStream::new());
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    let mut dirty = true;
    if let Ok(size) = terminal.size() {
        for effect in state.apply(Action::Resized { width: size.width }) {
            if let Effect::Command(c) = effect {
                service.send(c);
            }
        }
    }
    loop {
        if dirty {
            if let Err(e) = terminal.draw(|frame| crate::ui::draw(frame, state)) {
                return terminal_lost(state, service, e);
            }
            dirty = false;
        }
        let action = tokio::select! {
            event = next_input(&mut input) => match event {
                Some(Ok(TermEvent::Key(key))) => action_for_key(state, key),
                Some(Ok(TermEvent::Paste(text))) => Some(Action::ComposerPaste(text)),
                Some(Ok(TermEvent::Resize(width, _))) => Some(Action::Resized { width }),
                Some(Ok(_)) => None,
                Some(Err(e)) => return terminal_lost(state, service, e),
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
                Effect::ExternalEdit { id, text } => {
                    // The old stream must be gone before the editor reads the keyboard.
                    drop(input.take());
                    // The state shows the failure as the sentence it is.
                    let result = edit_externally(terminal, &text).map_err(|e| e.to_string());
                    input = Some(EventStream::new());
                    for effect in state.apply(Action::EditedExternally { id, result }) {
                        if let Effect::Command(c) = effect {
                            service.send(c);
                        }
                    }
                }
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

/// The terminal went away (an SSH connection cut, tmux killed): the console ends as on a quit,
/// so the draft in the composer is saved, and says why.
fn terminal_lost(
    state: &mut State,
    service: &ServiceHandle,
    e: std::io::Error,
) -> std::io::Result<()> {
    tracing::info!(error = %e, "the terminal went away; closing");
    for effect in state.apply(Action::Quit) {
        if let Effect::Command(c) = effect {
            service.send(c);
        }
    }
    Err(e)
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

async fn next_input(input: &mut Option<EventStream>) -> Option<std::io::Result<TermEvent>> {
    match input {
        Some(stream) => stream.next().await,
        None => std::future::pending().await,
    }
}

/// Why the external editor gave no draft back.
#[derive(Debug, thiserror::Error)]
enum EditError {
    #[error("Cannot write the draft for the editor: {0}.")]
    Write(std::io::Error),
    #[error("The terminal could not be taken back: {0}.")]
    Terminal(std::io::Error),
    #[error("Cannot read the edited draft: {0}.")]
    Read(std::io::Error),
    #[error("{program} exited with {status}; the draft is unchanged.")]
    Exited {
        program: String,
        status: std::process::ExitStatus,
    },
    #[error("Cannot run {program} ($VISUAL / $EDITOR): {source}.")]
    Run {
        program: String,
        source: std::io::Error,
    },
}

/// Hands the terminal to `$VISUAL` (or `$EDITOR`, or `vi`) on a private temporary file holding
/// `text`, then takes it back. Returns the edited text, or what failed.
fn edit_externally(terminal: &mut crate::tui::Tui, text: &str) -> Result<String, EditError> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let path = std::env::temp_dir().join(format!(
        "tribune-reply-{}-{}.txt",
        std::process::id(),
        jiff::Timestamp::now().as_millisecond()
    ));
    write_private(&path, text).map_err(EditError::Write)?;
    crate::tui::suspend();
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(words)
        .arg(&path)
        .status();
    let resumed = crate::tui::resume(terminal);
    let edited = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    resumed.map_err(EditError::Terminal)?;
    match status {
        Ok(s) if s.success() => edited.map_err(EditError::Read),
        Ok(status) => Err(EditError::Exited {
            program: program.into(),
            status,
        }),
        Err(source) => Err(EditError::Run {
            program: program.into(),
            source,
        }),
    }
}

/// Writes a file only its owner can read: drafts are private.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}
