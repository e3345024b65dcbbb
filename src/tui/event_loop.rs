//! The event loop: terminal input, service events, a one-second tick and a stop signal arrive
//! on one `select!`; each becomes an action, the state applies it, and the screen is redrawn
//! only when something changed. The terminal is a `Screen`: this process's own, or an SSH
//! session's.

use crate::app::{Action, Effect, State, action_for_key};
use crate::clock::Clock;
use crate::service::ConsoleLink;
use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// Where a console's keys come from and its frames go: the local terminal, or one SSH
/// session of `tribune serve`.
pub(crate) trait Screen {
    type Backend: Backend;
    fn terminal(&mut self) -> &mut Terminal<Self::Backend>;
    /// The next key, paste or resize; `None` once the terminal is gone.
    fn next_event(&mut self) -> impl Future<Output = Option<std::io::Result<TermEvent>>> + Send;
    /// Columns and rows now.
    fn size(&mut self) -> (u16, u16);
    /// The terminal changed size (ratatui follows a local terminal by itself).
    fn resize(&mut self, _width: u16, _height: u16) {}
    fn bell(&mut self);
    /// Hands `text` to the user's editor and gives back what they wrote.
    fn edit_externally(&mut self, text: &str) -> Result<String, String>;
    /// Frames were dropped on the way (a client not reading): the next one is drawn whole.
    fn take_damage(&mut self) -> bool {
        false
    }
    /// A frame is drawn: send it on as one piece (a local terminal was written already).
    fn present(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs one console until it quits, its terminal goes away, or `stop` resolves (SIGTERM for
/// a local console, the server stopping for a served one).
pub(crate) async fn run<S: Screen>(
    screen: &mut S,
    state: &mut State,
    service: &mut ConsoleLink,
    clock: Arc<dyn Clock>,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tokio::pin!(stop);
    let mut dirty = true;
    let (width, _) = screen.size();
    for effect in state.apply(Action::Resized { width }) {
        if let Effect::Command(c) = effect {
            service.send(c);
        }
    }
    loop {
        if dirty {
            if screen.take_damage() {
                let _ = screen.terminal().clear();
            }
            let drawn = match screen
                .terminal()
                .draw(|frame| crate::ui::draw(frame, state))
            {
                Ok(_) => screen.present(),
                Err(e) => Err(e),
            };
            if let Err(e) = drawn {
                return terminal_lost(state, service, e);
            }
            dirty = false;
        }
        let action = tokio::select! {
            event = screen.next_event() => match event {
                Some(Ok(TermEvent::Key(key))) => action_for_key(state, key),
                Some(Ok(TermEvent::Paste(text))) => Some(Action::ComposerPaste(text)),
                Some(Ok(TermEvent::Resize(width, height))) => {
                    screen.resize(width, height);
                    Some(Action::Resized { width })
                }
                Some(Ok(_)) => None,
                Some(Err(e)) => return terminal_lost(state, service, e),
                None => Some(Action::Quit),
            },
            event = service.events.recv() => match event {
                Some(e) => Some(Action::Service(e)),
                None => Some(Action::Quit),
            },
            _ = tick.tick() => Some(Action::Tick(clock.now())),
            _ = &mut stop => Some(Action::Quit),
        };
        let Some(action) = action else { continue };
        dirty = true;
        for effect in state.apply(action) {
            match effect {
                Effect::Command(c) => service.send(c),
                Effect::ExternalEdit { id, text } => {
                    // The state shows the failure as the sentence it is.
                    let result = screen.edit_externally(&text);
                    for effect in state.apply(Action::EditedExternally { id, result }) {
                        if let Effect::Command(c) = effect {
                            service.send(c);
                        }
                    }
                }
                Effect::Bell => screen.bell(),
                Effect::Quit => return Ok(()),
            }
        }
    }
}

/// The terminal went away (an SSH connection cut, tmux killed): the console ends as on a quit,
/// so the draft in the composer is saved, and says why.
fn terminal_lost(
    state: &mut State,
    service: &ConsoleLink,
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

/// The terminal this process runs in.
pub(crate) struct LocalScreen {
    pub(crate) terminal: crate::tui::Tui,
    /// Dropped while an external editor owns the terminal, so it reads no keys of its own.
    input: Option<EventStream>,
}

impl LocalScreen {
    pub(crate) fn new(terminal: crate::tui::Tui) -> LocalScreen {
        LocalScreen {
            terminal,
            input: Some(EventStream::new()),
        }
    }
}

impl Screen for LocalScreen {
    type Backend = ratatui::backend::CrosstermBackend<std::io::Stdout>;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend> {
        &mut self.terminal
    }

    async fn next_event(&mut self) -> Option<std::io::Result<TermEvent>> {
        match &mut self.input {
            Some(stream) => stream.next().await,
            None => std::future::pending().await,
        }
    }

    fn size(&mut self) -> (u16, u16) {
        self.terminal
            .size()
            .map(|s| (s.width, s.height))
            .unwrap_or((80, 24))
    }

    fn bell(&mut self) {
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = out.write_all(b"\x07").and_then(|()| out.flush());
    }

    fn edit_externally(&mut self, text: &str) -> Result<String, String> {
        // The old stream must be gone before the editor reads the keyboard.
        drop(self.input.take());
        let result = edit_externally(&mut self.terminal, text).map_err(|e| e.to_string());
        self.input = Some(EventStream::new());
        result
    }
}

/// Resolves on SIGTERM or SIGHUP (an SSH session closing), so drafts are saved and the
/// terminal restored as on a normal quit.
pub(crate) async fn shutdown_signal() {
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
