//! The default bindings, in the order the help lists them.

use super::{Binding, Help, Key};
use crate::app::action::Action;
use crate::app::layers::Layer;
use crate::app::team::Assignee;
use crate::app::views::View;
use crate::model::SentimentLabel;
use crossterm::event::KeyCode;

pub(super) fn bind(
    layer: Layer,
    name: &'static str,
    keys: &[Key],
    action: Action,
    help: Help,
) -> Binding {
    Binding {
        layer,
        name,
        keys: keys.to_vec(),
        action,
        help,
    }
}

/// The default bindings, in the order the help lists them.
pub(super) fn bindings() -> Vec<Binding> {
    use Help::{Hidden, Joins, Line};
    use Layer::{Assign, Composer, Dashboard, Inbox, Profile, Prompt, Report, Snooze};
    let p = Key::plain;
    let c = Key::code;
    let mut all = vec![
        bind(
            Inbox,
            "down",
            &[p('j'), c(KeyCode::Down)],
            Action::MoveDown,
            Line("move in the list (scroll the thread when it has focus)"),
        ),
        bind(
            Inbox,
            "up",
            &[p('k'), c(KeyCode::Up)],
            Action::MoveUp,
            Joins,
        ),
        bind(
            Inbox,
            "page_down",
            &[c(KeyCode::PageDown), Key::ctrl('d')],
            Action::PageDown,
            Line("move a page"),
        ),
        bind(
            Inbox,
            "page_up",
            &[c(KeyCode::PageUp), Key::ctrl('u')],
            Action::PageUp,
            Joins,
        ),
        bind(
            Inbox,
            "first",
            &[p('g'), c(KeyCode::Home)],
            Action::Top,
            Line("first / last message"),
        ),
        bind(
            Inbox,
            "last",
            &[p('G'), c(KeyCode::End)],
            Action::Bottom,
            Joins,
        ),
        bind(
            Inbox,
            "open",
            &[c(KeyCode::Enter)],
            Action::Open,
            Line("open the message and its thread"),
        ),
        bind(
            Inbox,
            "switch_pane",
            &[c(KeyCode::Tab)],
            Action::SwitchPane,
            Line("switch pane: list → thread → composer"),
        ),
        bind(
            Inbox,
            "back",
            &[c(KeyCode::Esc)],
            Action::Back,
            Line("back to the list / close this help"),
        ),
        bind(
            Inbox,
            "reply",
            &[p('r')],
            Action::Reply,
            Line("reply (the draft is kept if you leave)"),
        ),
        bind(
            Inbox,
            "note",
            &[p('n')],
            Action::Note,
            Line("internal note on the thread (agents only, never sent)"),
        ),
        bind(
            Inbox,
            "edit_externally",
            &[p('E')],
            Action::EditExternally,
            Line("write the reply in $VISUAL / $EDITOR"),
        ),
        bind(
            Inbox,
            "resolve",
            &[p('d')],
            Action::ToggleResolved,
            Line("resolve / reopen"),
        ),
        bind(
            Inbox,
            "undo_send",
            &[p('u')],
            Action::UndoSend,
            Line("undo the reply just sent (within the undo window)"),
        ),
        bind(
            Inbox,
            "sentiment",
            &[p('s')],
            Action::AskSentiment,
            Line("set sentiment: + positive, = neutral, - negative, a automatic"),
        ),
    ];
    for (n, key) in ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']
        .into_iter()
        .enumerate()
    {
        let help = if n == 0 {
            Line("views: All, Unanswered, Criticism, Breaching, Reviews, each channel")
        } else {
            Joins
        };
        all.push(bind(
            Inbox,
            VIEW_NAMES[n],
            &[p(key)],
            Action::SelectView(n),
            help,
        ));
    }
    all.extend([
        bind(
            Inbox,
            "report",
            &[p('R')],
            Action::ToggleReport,
            Line("report: response times, SLA, sentiment (Esc closes)"),
        ),
        bind(
            Inbox,
            "search",
            &[p('/')],
            Action::StartSearch,
            Line("search this view: words, \"a phrase\", -word, OR, ( ), and from: channel: kind: sentiment: rating:<=2 lang: tag: is: after:3d before: followers:>10k (Tab completes)"),
        ),
        bind(
            Inbox,
            "order",
            &[p('o')],
            Action::ToggleOrder,
            Line("a search's results best first (relevance), or most urgent first"),
        ),
        bind(
            Inbox,
            "buzz",
            &[p('b')],
            Action::ShowBuzz,
            Line("bad buzz: the messages of the spike in progress"),
        ),
        bind(
            Inbox,
            "profile",
            &[p('p')],
            Action::ToggleProfile,
            Line("customer profile of the author (v VIP, n note, ! mute, j k scroll)"),
        ),
        bind(
            Inbox,
            "mark",
            &[p('m')],
            Action::MarkForLink,
            Line("mark an author, then link another's to the same person"),
        ),
        bind(Inbox, "link", &[p('L')], Action::LinkToMark, Joins),
        bind(
            Inbox,
            "dashboard",
            &[p('D')],
            Action::ToggleDashboard,
            Line("dashboard: audience figures and inbox KPIs (Esc closes)"),
        ),
        bind(
            Inbox,
            "view_mine",
            &[p('M')],
            Action::SelectView(View::all().len()),
            Line("with a team: M your conversations, U waiting and assigned to no one"),
        ),
        bind(
            Inbox,
            "view_unassigned",
            &[p('U')],
            Action::SelectView(View::all().len() + 1),
            Joins,
        ),
        bind(
            Inbox,
            "assign",
            &[p('a')],
            Action::AskAssignee,
            Line("assign the conversation: m me, 1–9 an agent, - no one"),
        ),
        bind(
            Inbox,
            "snooze",
            &[p('z')],
            Action::AskSnooze,
            Line("snooze: h in an hour, t tomorrow, w next week, d a date (the countdown runs on)"),
        ),
        bind(
            Inbox,
            "tag",
            &[p('t')],
            Action::AskTags,
            Line("tags: words to add, -word removes (Tab completes)"),
        ),
        bind(
            Inbox,
            "spam",
            &[p('!')],
            Action::ToggleSpam,
            Line("spam / not spam: out of views and counts, kept (is:spam finds it)"),
        ),
        bind(
            Inbox,
            "mark_row",
            &[p('x')],
            Action::ToggleMark,
            Line("mark a row, V…V a range, * the view; then d s t z ! a r act on all marked (after y)"),
        ),
        bind(Inbox, "mark_range", &[p('V')], Action::MarkRange, Joins),
        bind(Inbox, "mark_all", &[p('*')], Action::MarkAll, Joins),
        bind(
            Dashboard,
            "period",
            &[p('p')],
            Action::NextPeriod,
            Line("period 24h/7d/30d, channel, figure charted, why n/a"),
        ),
        bind(
            Dashboard,
            "down",
            &[p('j'), c(KeyCode::Down)],
            Action::DashboardMove {
                rows: 1,
                measures: 0,
            },
            Joins,
        ),
        bind(
            Dashboard,
            "up",
            &[p('k'), c(KeyCode::Up)],
            Action::DashboardMove {
                rows: -1,
                measures: 0,
            },
            Joins,
        ),
        bind(
            Dashboard,
            "next_figure",
            &[p('l'), c(KeyCode::Right)],
            Action::DashboardMove {
                rows: 0,
                measures: 1,
            },
            Joins,
        ),
        bind(
            Dashboard,
            "previous_figure",
            &[p('h'), c(KeyCode::Left)],
            Action::DashboardMove {
                rows: 0,
                measures: -1,
            },
            Joins,
        ),
        bind(Dashboard, "why", &[p('w')], Action::ToggleWhy, Joins),
        bind(Dashboard, "buzz", &[p('b')], Action::ShowBuzz, Hidden),
        bind(Dashboard, "help", &[p('?')], Action::ToggleHelp, Hidden),
        bind(
            Dashboard,
            "close",
            &[c(KeyCode::Esc), p('D'), p('q')],
            Action::ToggleDashboard,
            Hidden,
        ),
        bind(
            Inbox,
            "incident",
            &[p('I')],
            Action::Incident,
            Line("turn the bad buzz into an incident; on its view, a timeline line"),
        ),
        bind(
            Inbox,
            "close_incident",
            &[p('X')],
            Action::CloseIncident,
            Line("close the incident shown (kept, with its report)"),
        ),
        bind(
            Inbox,
            "help",
            &[p('?')],
            Action::ToggleHelp,
            Line("this help"),
        ),
        bind(
            Inbox,
            "quit",
            &[p('q'), Key::ctrl('c')],
            Action::Quit,
            Line("quit (drafts are saved)"),
        ),
        bind(
            Composer,
            "send",
            &[Key::ctrl('s')],
            Action::Send,
            Line("send the reply"),
        ),
        bind(
            Composer,
            "leave",
            &[c(KeyCode::Esc)],
            Action::LeaveComposer,
            Line("leave, keeping the draft"),
        ),
        bind(
            Composer,
            "templates",
            &[Key::ctrl('t')],
            Action::OpenPicker,
            Line("templates: type to filter, ↑↓, Enter inserts"),
        ),
        bind(
            Composer,
            "private",
            &[Key::ctrl('o')],
            Action::TogglePrivate,
            Line("a Facebook comment: answer its author privately on Messenger"),
        ),
        bind(
            Composer,
            "switch_pane",
            &[c(KeyCode::Tab)],
            Action::SwitchPane,
            Hidden,
        ),
        bind(
            Profile,
            "close",
            &[c(KeyCode::Esc), p('p'), p('q')],
            Action::ToggleProfile,
            Hidden,
        ),
        bind(
            Profile,
            "down",
            &[p('j'), c(KeyCode::Down)],
            Action::ProfileScroll(1),
            Hidden,
        ),
        bind(
            Profile,
            "up",
            &[p('k'), c(KeyCode::Up)],
            Action::ProfileScroll(-1),
            Hidden,
        ),
        bind(
            Profile,
            "page_down",
            &[c(KeyCode::PageDown)],
            Action::ProfileScroll(10),
            Hidden,
        ),
        bind(
            Profile,
            "page_up",
            &[c(KeyCode::PageUp)],
            Action::ProfileScroll(-10),
            Hidden,
        ),
        bind(Profile, "vip", &[p('v')], Action::ToggleVip, Hidden),
        bind(Profile, "mute", &[p('!')], Action::ToggleMute, Hidden),
        bind(Profile, "note", &[p('n')], Action::StartPersonNote, Hidden),
        bind(Profile, "help", &[p('?')], Action::ToggleHelp, Hidden),
        bind(
            Report,
            "close",
            &[c(KeyCode::Esc), p('R'), p('q')],
            Action::ToggleReport,
            Hidden,
        ),
        bind(
            Layer::Help,
            "close",
            &[c(KeyCode::Esc), p('?'), p('q')],
            Action::ToggleHelp,
            Hidden,
        ),
        bind(
            Layer::Help,
            "down",
            &[p('j'), c(KeyCode::Down)],
            Action::HelpScroll(1),
            Hidden,
        ),
        bind(
            Layer::Help,
            "up",
            &[p('k'), c(KeyCode::Up)],
            Action::HelpScroll(-1),
            Hidden,
        ),
        bind(
            Layer::Help,
            "page_down",
            &[c(KeyCode::PageDown), p(' ')],
            Action::HelpScroll(10),
            Hidden,
        ),
        bind(
            Layer::Help,
            "page_up",
            &[c(KeyCode::PageUp)],
            Action::HelpScroll(-10),
            Hidden,
        ),
        bind(
            Prompt,
            "positive",
            &[p('+'), p('p')],
            Action::SetSentiment(Some(SentimentLabel::Pos)),
            Hidden,
        ),
        bind(
            Prompt,
            "neutral",
            &[p('='), p('u'), p('0')],
            Action::SetSentiment(Some(SentimentLabel::Neu)),
            Hidden,
        ),
        bind(
            Prompt,
            "negative",
            &[p('-'), p('n')],
            Action::SetSentiment(Some(SentimentLabel::Neg)),
            Hidden,
        ),
        bind(
            Prompt,
            "automatic",
            &[p('a')],
            Action::SetSentiment(None),
            Hidden,
        ),
        bind(
            Prompt,
            "cancel",
            &[c(KeyCode::Esc), p('q')],
            Action::CancelPrompt,
            Hidden,
        ),
        bind(
            Assign,
            "me",
            &[p('m')],
            Action::AssignTo(Assignee::Me),
            Hidden,
        ),
        bind(
            Assign,
            "no_one",
            &[p('-'), p('x')],
            Action::AssignTo(Assignee::Nobody),
            Hidden,
        ),
        bind(
            Assign,
            "cancel",
            &[c(KeyCode::Esc), p('q')],
            Action::CancelPrompt,
            Hidden,
        ),
        bind(
            Snooze,
            "hour",
            &[p('h'), p('1')],
            Action::SnoozeFor(Some(crate::snooze::Choice::InAnHour)),
            Hidden,
        ),
        bind(
            Snooze,
            "tomorrow",
            &[p('t')],
            Action::SnoozeFor(Some(crate::snooze::Choice::Tomorrow)),
            Hidden,
        ),
        bind(
            Snooze,
            "next_week",
            &[p('w')],
            Action::SnoozeFor(Some(crate::snooze::Choice::NextWeek)),
            Hidden,
        ),
        bind(
            Snooze,
            "date",
            &[p('d')],
            Action::SnoozeFor(None),
            Hidden,
        ),
        bind(
            Snooze,
            "cancel",
            &[c(KeyCode::Esc), p('q')],
            Action::CancelPrompt,
            Hidden,
        ),
    ]);
    all.extend(super::answers::bindings());
    for (n, key) in ['1', '2', '3', '4', '5', '6', '7', '8', '9']
        .into_iter()
        .enumerate()
    {
        all.push(bind(
            Assign,
            AGENT_NAMES[n],
            &[p(key)],
            Action::AssignTo(Assignee::Agent(n)),
            Hidden,
        ));
    }
    all
}

/// The assignment question's binding names, the agents in the config's order.
const AGENT_NAMES: [&str; 9] = [
    "agent_1", "agent_2", "agent_3", "agent_4", "agent_5", "agent_6", "agent_7", "agent_8",
    "agent_9",
];

/// The views' binding names, `1` to `0`.
const VIEW_NAMES: [&str; 10] = [
    "view_1", "view_2", "view_3", "view_4", "view_5", "view_6", "view_7", "view_8", "view_9",
    "view_0",
];
