//! Drawing: takes the state and a frame, does nothing else (no I/O, no clock, no locks).

mod banner;
mod composer;
mod confirm;
mod dashboard;
mod help;
mod inbox;
mod picker;
mod profile;
mod report;
mod sidebar;
mod status_bar;
mod theme;
mod thread;
mod tone;
mod wrap;

pub use theme::Theme;

use crate::app::{Layer, State};
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Terminals at least this wide get a sidebar column instead of a line of view tabs.
const SIDEBAR_MIN_WIDTH: u16 = 110;
/// A main area at least this wide shows the list and the thread side by side.
const SIDE_BY_SIDE_MIN_WIDTH: u16 = 130;

/// A sparkline in text, one character per value (a space for none), scaled to `top`: for
/// titles and lines where a widget does not fit.
pub(super) fn spark_text(values: impl Iterator<Item = u64>, top: u64) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = top.max(1);
    values
        .map(|n| match n {
            0 => ' ',
            n => BARS[(n * 7 / top).min(7) as usize],
        })
        .collect()
}

pub fn draw(frame: &mut Frame, state: &State) {
    let theme = Theme::new(state.colour);
    let full = frame.area();
    // A bad buzz takes the top line of every screen while it lasts.
    let area = if state.buzz.alerts.is_empty() {
        full
    } else {
        let [banner_line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(full);
        banner::draw(frame, banner_line, state, &theme);
        rest
    };
    // A mistake in the query being typed is shown on a line of its own, under it.
    let asked_wrong = state.line_ask.as_ref().is_some_and(|a| a.error.is_some());
    let status_lines = match state.search.bar.as_ref() {
        Some(bar) if bar.editing && bar.error.is_some() => 2,
        _ if asked_wrong => 2,
        _ => 1,
    };
    let [body, status] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(status_lines)]).areas(area);
    status_bar::draw(frame, status, state, &theme);

    let main = if area.width >= SIDEBAR_MIN_WIDTH {
        let [side, main] =
            Layout::horizontal([Constraint::Length(22), Constraint::Min(1)]).areas(body);
        sidebar::draw_column(frame, side, state, &theme);
        main
    } else {
        let [tabs, main] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        sidebar::draw_tabs(frame, tabs, state, &theme);
        main
    };

    // One stack, bottom up: the screen, then what floats over it. What is typed or asked
    // (composer, query, question, note) is drawn by the screen it belongs to.
    for layer in state.layers() {
        match layer {
            Layer::Report => {
                if let Some(r) = &state.report {
                    report::draw(frame, main, r, state.incidents.reported.as_ref(), &theme);
                }
            }
            Layer::Profile => {
                if let Some(screen) = &state.profile {
                    profile::draw(frame, main, state, screen, &theme);
                }
            }
            Layer::Dashboard => dashboard::draw(frame, main, state, &theme),
            Layer::Inbox => {
                let strip = area.width >= crate::app::STRIP_MIN_WIDTH;
                draw_inbox(frame, main, strip, state, &theme)
            }
            Layer::Picker => picker::draw(frame, area, state, &theme),
            Layer::Help => help::draw(frame, area, state, &theme),
            Layer::Confirm => confirm::draw(frame, area, state, &theme),
            Layer::Tone => tone::draw(frame, area, state, &theme),
            Layer::Composer
            | Layer::Search
            | Layer::Prompt
            | Layer::Assign
            | Layer::ConfirmBulk
            | Layer::Snooze
            | Layer::Ask
            | Layer::PersonNote => {}
        }
    }
}

/// The inbox screen: the strip of figures on wide terminals, the list, the open thread.
fn draw_inbox(frame: &mut Frame, main: Rect, strip: bool, state: &State, theme: &Theme) {
    let main = if strip && state.dashboard.data.is_some() {
        let [strip, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(main);
        dashboard::draw_strip(frame, strip, state, theme);
        rest
    } else {
        main
    };
    match split_main(main, state) {
        (list, Some(detail)) => {
            inbox::draw(frame, list, state, theme);
            draw_detail(frame, detail, state, theme);
        }
        (list, None) => inbox::draw(frame, list, state, theme),
    }
}

/// The list, and the detail pane when a message is open: beside the list on wide terminals,
/// below it otherwise.
fn split_main(main: Rect, state: &State) -> (Rect, Option<Rect>) {
    if state.open.is_none() {
        return (main, None);
    }
    let direction = if main.width >= SIDE_BY_SIDE_MIN_WIDTH {
        Direction::Horizontal
    } else {
        Direction::Vertical
    };
    let list_share = if direction == Direction::Horizontal {
        55
    } else {
        40
    };
    let [list, detail] = Layout::default()
        .direction(direction)
        .constraints([
            Constraint::Percentage(list_share),
            Constraint::Percentage(100 - list_share),
        ])
        .areas(main);
    (list, Some(detail))
}

fn draw_detail(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match &state.replying.composer {
        Some(composer) => {
            let height = (area.height / 2).clamp(5, 12);
            let [thread_area, composer_area] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(height)]).areas(area);
            thread::draw(frame, thread_area, state, theme);
            composer::draw(frame, composer_area, state, composer, theme);
        }
        None => thread::draw(frame, area, state, theme),
    }
}
