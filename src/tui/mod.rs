//! The terminal: raw mode and the alternate screen on the way in, restored on the way out —
//! on quit, on panic and on SIGTERM alike — and the event loop that runs the console in it.

mod event_loop;

pub(crate) use event_loop::{LocalScreen, Screen, run, shutdown_signal};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, stdout};

pub(crate) type Tui = Terminal<CrosstermBackend<Stdout>>;

pub(crate) fn enter() -> std::io::Result<Tui> {
    install_panic_restore();
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    terminal.clear()?;
    Ok(terminal)
}

/// Lends the terminal to another program (an editor): as on the way out.
pub(crate) fn suspend() {
    restore();
}

/// Takes the terminal back after `suspend` and redraws everything.
pub(crate) fn resume(terminal: &mut Tui) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    terminal.clear()
}

/// Gives the terminal back as it was. Safe to call more than once.
pub(crate) fn restore() {
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

fn install_panic_restore() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(%info, %backtrace, "panic");
        previous(info);
    }));
}
