//! A console state drawn on ratatui's TestBackend, read back as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tribune::app::State;
use unicode_width::UnicodeWidthStr;

/// The screen as text, one line per row; wide characters occupy their cells once.
pub fn screen(state: &State, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| tribune::ui::draw(f, state)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = symbol.width().saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// A store holding a seeded demo backlog of `backlog` messages over three days before `now`
/// (with a month of hourly readings) and `extra` messages, loaded into a console without
/// colour.
pub fn seeded_console(
    dir: &std::path::Path,
    now: jiff::Timestamp,
    policies: tribune::sla::Policies,
    backlog: u32,
    extra: Vec<tribune::model::NewMessage>,
) -> (State, tribune::store::Store) {
    use tribune::app::Action;
    use tribune::service::Event;
    let store = tribune::store::Store::open(&dir.join("store")).unwrap();
    let mut world = tribune::connectors::demo::DemoWorld::new(7, 0);
    let (mut messages, samples) = world.backlog(now, backlog, jiff::SignedDuration::from_hours(72));
    messages.extend(extra);
    tribune::ingest::ingest(
        &store,
        tribune::connectors::SourceBatch {
            source: "demo".into(),
            messages,
            samples,
            cursor: None,
        },
        None,
    )
    .unwrap();
    let mut state = State::new(policies, now, "demo source".into());
    state.colour = false;
    state.apply(Action::Service(Event::Loaded {
        inbox: tribune::service::Backlog::whole(store.all_messages().unwrap()),
        drafts: vec![],
        outbox: vec![],
        assigned: vec![],
        changes: 0,
    }));
    (state, store)
}

/// The default response-time policies counted in a fixed zone, so that figures and
/// snapshots do not depend on the machine's.
pub fn paris_policies() -> tribune::sla::Policies {
    let config = tribune::config::Config::parse(
        "[sla]\ntimezone = 'Europe/Paris'\n",
        std::path::Path::new("tests.toml"),
    )
    .unwrap();
    tribune::sla::Policies::from_config(&config.sla)
}
