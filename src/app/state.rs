//! Everything the console shows, in one place; drawing reads it and never changes it.

use super::composer::Composer;
use super::countdowns::{Pulse, Urgent, Waiting};
use super::views::{self, View};
use crate::model::{Conversation, Message, MessageId};
use crate::sla::Policies;
use jiff::Timestamp;
use std::cell::Cell;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Thread,
    Composer,
}

pub struct State {
    /// What several consoles on one service would share (the rest is this console's own).
    pub shared: Shared,
    /// What each key does on each layer, and the help made from it.
    pub keymap: super::keymap::Keymap,
    /// The current view's messages, in urgency order.
    pub inbox: super::rows::ViewRows,
    pub view: View,
    /// The views of the sidebar: the defaults and the config's, each a query.
    pub views: Vec<views::ViewDef>,
    pub selected: usize,
    pub focus: Focus,
    /// The message whose thread the detail pane shows.
    pub open: Option<MessageId>,
    pub conversation: Option<Conversation>,
    pub thread_scroll: u16,
    pub replying: Replying,
    pub help: HelpOverlay,
    pub notice: Notice,
    /// What the console reads from, until the sources report their health.
    pub source: String,
    pub now: Timestamp,
    pub policies: Policies,
    pub loaded: bool,
    /// First visible row of the inbox list; remembered between frames so the list only
    /// scrolls when the selection leaves the screen.
    pub list_offset: Cell<usize>,
    pub quitting: bool,
    /// False under NO_COLOR: every state is then shown by symbols and words only.
    pub colour: bool,
    /// A one-key question in the status bar, waiting for its answer.
    pub prompt: Option<Prompt>,
    /// A line typed in the status bar for an action (tags, a snooze's end).
    pub line_ask: Option<super::LineAsk>,
    /// The marked rows, and a bulk action waiting for the agent's yes.
    pub marks: super::Marks,
    /// Why the tagger read the open message as it did: its cues, described.
    pub why: Option<(MessageId, Vec<String>)>,
    /// When the inbox was last put in urgency order (countdowns move, so it is redone).
    pub sorted_at: Timestamp,
    /// Ring the terminal bell when a message newly breaches its target.
    pub bell_on_breach: bool,
    /// Waiting messages that crossed their deadline since the bell last rang (messages
    /// already late when they arrive or load never ring).
    pub(super) fresh_breaches: usize,
    /// Who is at the keyboard (for `{agent}` in templates).
    pub agent: String,
    /// The report screen, when open.
    pub report: Option<crate::report::Report>,
    /// The live panels: the dashboard screen and the inbox's strip of figures.
    pub dashboard: super::dashboard::DashboardPanel,
    /// The terminal is wide enough for the strip of figures above the inbox (set by the
    /// event loop from the terminal's size).
    pub strip_wanted: bool,
    pub buzz: BuzzWatch,
    /// The customer profile screen, when open.
    pub profile: Option<super::profile::ProfileScreen>,
    pub search: Searching,
    /// The message the thread pane shows because the selection moved onto it, and since when
    /// (it counts as opened once it has stayed in view a moment).
    pub(super) previewed: Option<(MessageId, Timestamp)>,
    /// Actions on rows not read yet (keys right after a jump), done in order as they arrive.
    pub(super) deferred: Vec<(MessageId, super::action::Action)>,
    /// The other agents here, assignment, and a reply held for the agent's answer.
    pub team: super::team::Team,
    /// The incidents, each open one a view of its own.
    pub incidents: super::incidents::Incidents,
    /// How many of the service's changes this console has taken in (numbered as the
    /// service counts them: `Loaded` says where it starts).
    pub(super) changes_seen: u64,
}

/// What several consoles on one service would share: the summary index and the countdowns
/// worked out from it, the messages read in full, the outbox, the sources' health, and what
/// agents recorded about people. Each console holds its own copy today; the team server
/// (`tribune serve`) is to keep one for all of them.
pub struct Shared {
    /// The messages held in full (those the screen shows; all of them in small tools).
    pub messages: super::cache::MessageCache,
    /// The compact, ordered index of inbound messages the views are built from (one for every
    /// console of a team server).
    pub index: super::index::SharedIndex,
    /// The messages waiting for a reply under a policy: when each turns to warning and to
    /// breach (kept as messages change), and where each stands (each tick).
    pub(super) waiting: HashMap<MessageId, Waiting>,
    /// The messages with a countdown, in urgency order with their keys (sorted again every
    /// `RESORT_EVERY`, kept in order as messages change in between).
    pub(super) urgent: Vec<(views::UrgencyKey, Urgent)>,
    pub(super) pulse: Pulse,
    /// Replies in the outbox (queued, sending, failed) and those sent, by outbox id.
    pub outbox: std::collections::BTreeMap<crate::store::OutboxId, crate::store::OutboxEntry>,
    /// Each source's last health report: working or not, and what it said.
    pub health: std::collections::BTreeMap<String, (bool, String)>,
    pub people: People,
    /// Who each assigned message is assigned to (few: read whole at start).
    pub assigned: HashMap<MessageId, String>,
    /// Each tagged message's tags (few: read whole at start).
    pub tags: HashMap<MessageId, Vec<String>>,
}

/// Writing replies and notes: the composer, the drafts of every message, the templates and
/// the picker over them, and which draft the service last confirmed on disk.
#[derive(Default)]
pub struct Replying {
    pub composer: Option<Composer>,
    pub drafts: HashMap<MessageId, String>,
    pub templates: Vec<crate::templates::Template>,
    pub picker: Option<Picker>,
    pub draft_saved: Option<MessageId>,
    /// Which tone checks run (`[tone]`), and the findings shown for the reply being sent.
    pub tone_settings: crate::tone::Settings,
    pub tone: Option<super::tone_check::ToneFindings>,
}

/// What agents recorded about people: links between authors, each person's record (VIP,
/// notes), the person the next `L` links to, and who counts as an influencer.
pub struct People {
    pub links: crate::profile::Links,
    pub records: HashMap<String, crate::profile::PersonRecord>,
    pub link_mark: Option<String>,
    pub influencer_followers: u64,
}

/// The `?` overlay: open or not, and how far it is scrolled.
#[derive(Debug, Default)]
pub struct HelpOverlay {
    pub open: bool,
    /// First line shown (it scrolls on short terminals).
    pub scroll: u16,
    /// The last first line the help can show at the terminal's size (set as it is drawn:
    /// descriptions wrap on narrow terminals), so scrolling stops at its end.
    pub last_top: Cell<u16>,
}

/// A sentence in the status bar, fading after a few seconds.
#[derive(Debug)]
pub struct Notice {
    pub text: Option<String>,
    pub at: Timestamp,
}

/// Search over the current view: the bar, and the service's on-disk index (a reader, once
/// the service has caught it up with the store).
#[derive(Default)]
pub struct Searching {
    pub bar: Option<super::search::SearchBar>,
    pub index: Option<crate::search::TextIndex>,
    /// Inbound messages told since the index's last commit (it commits once a second):
    /// judged by reading them until the index holds them.
    pub recent: Vec<Message>,
    /// Why the service has no index to give (a query then waits, saying so).
    pub unavailable: Option<String>,
    /// The current view's messages when it is a saved view of its own query
    /// (`View::Custom`, by its place), found as a search's are.
    pub(super) custom: Option<(usize, super::judging::Found)>,
    /// The saved views' counts (all, waiting), by place, as last counted.
    pub(super) custom_counts: HashMap<usize, (usize, usize)>,
    /// Messages changed since the saved views were last counted.
    pub(super) custom_outdated: bool,
}

/// The bad-buzz alert: its settings, the alerts in progress (overall first), and the alert
/// whose messages the Bad buzz view lists (kept after it clears).
#[derive(Default)]
pub struct BuzzWatch {
    pub settings: crate::buzz::Settings,
    pub alerts: Vec<crate::buzz::Alert>,
    pub view: Option<crate::buzz::Alert>,
}

/// The template picker: what the agent typed and the highlighted suggestion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub query: super::LineInput,
    pub selected: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// Which sentiment an agent gives this message.
    Sentiment(MessageId),
    /// Whom the conversation of this message is assigned to.
    Assign(MessageId),
    /// Whether to send a reply the service held (`team.held`) as it is.
    ConfirmReply,
    /// Whether to do `marks.pending` to every marked message.
    ConfirmBulk,
    /// Until when to snooze the target or the marked messages.
    Snooze,
    /// Whether to send a reply despite the tone check's findings (`replying.tone`).
    Tone,
}

impl State {
    pub fn new(policies: Policies, now: Timestamp, source: String) -> State {
        State {
            shared: Shared {
                messages: Default::default(),
                index: Default::default(),
                waiting: HashMap::new(),
                urgent: Vec::new(),
                pulse: Pulse::default(),
                outbox: Default::default(),
                health: Default::default(),
                assigned: HashMap::new(),
                tags: HashMap::new(),
                people: People {
                    links: Default::default(),
                    records: HashMap::new(),
                    link_mark: None,
                    influencer_followers: crate::config::ProfilesConfig::default()
                        .influencer_followers,
                },
            },
            keymap: Default::default(),
            inbox: Default::default(),
            view: View::All,
            views: views::ViewDef::defaults(),
            selected: 0,
            focus: Focus::List,
            open: None,
            conversation: None,
            thread_scroll: 0,
            replying: Replying {
                templates: crate::templates::shipped(),
                ..Default::default()
            },
            help: Default::default(),
            notice: Notice {
                text: None,
                at: now,
            },
            source,
            now,
            policies,
            loaded: false,
            list_offset: Cell::new(0),
            quitting: false,
            colour: true,
            prompt: None,
            line_ask: None,
            marks: Default::default(),
            why: None,
            sorted_at: now,
            bell_on_breach: false,
            fresh_breaches: 0,
            report: None,
            dashboard: Default::default(),
            strip_wanted: false,
            buzz: Default::default(),
            profile: None,
            previewed: None,
            deferred: Vec::new(),
            search: Default::default(),
            agent: "agent".into(),
            team: Default::default(),
            incidents: Default::default(),
            changes_seen: 0,
        }
    }

    /// Shows a one-sentence notice in the status bar.
    pub fn notify(&mut self, sentence: impl Into<String>) {
        self.notice.text = Some(sentence.into());
        self.notice.at = self.now;
    }

    pub fn selected_id(&self) -> Option<MessageId> {
        self.inbox.get(self.selected)
    }

    pub fn selected_message(&self) -> Option<&Message> {
        self.selected_id()
            .and_then(|id| self.shared.messages.get(&id))
    }

    /// The message an action applies to: the open one while the thread or composer has the
    /// focus, otherwise the selected row.
    pub fn target_id(&self) -> Option<MessageId> {
        self.open
            .filter(|_| self.focus != Focus::List)
            .or(self.selected_id())
    }

    /// The templates offered in the picker, best first, for the message being answered (or,
    /// for the marked messages, the selected one).
    pub fn suggestions(&self) -> Vec<&crate::templates::Template> {
        let Some(picker) = &self.replying.picker else {
            return Vec::new();
        };
        match self
            .answered_by_picker()
            .and_then(|id| self.shared.messages.get(&id))
        {
            Some(m) => {
                crate::templates::suggest(&self.replying.templates, m, picker.query.as_str())
            }
            None => Vec::new(),
        }
    }

    /// The message the picker's template is for: the composer's, else the selected row (a
    /// template for the marked messages).
    pub fn answered_by_picker(&self) -> Option<MessageId> {
        match &self.replying.composer {
            Some(c) => Some(c.message),
            None => self.selected_id(),
        }
    }

    /// Reads the open message's cues again (on open, and when it changed).
    pub fn refresh_why(&mut self) {
        self.why = self
            .open
            .and_then(|id| self.shared.messages.get(&id))
            .map(|m| {
                let (_, cues) = crate::sentiment::explain(&m.text, m.rating, m.lang.as_deref());
                // Complaint cues have their own place in the header.
                let described = cues
                    .iter()
                    .filter(|c| c.kind != crate::sentiment::CueKind::Urgency)
                    .map(|c| c.describe())
                    .collect();
                (m.id, described)
            });
    }

    /// Replays the recent negative messages for bad-buzz spikes (each tick and each change;
    /// not when only the view changes).
    pub fn refresh_alerts(&mut self) {
        let since = self.now - self.buzz.settings.history();
        let index = self.shared.index.read();
        let recent = index
            .since(since.as_millisecond())
            .filter_map(|id| self.shared.messages.get(&id));
        let alerts = crate::buzz::alerts(recent, self.now, &self.buzz.settings, &self.buzz.alerts);
        drop(index);
        self.buzz.alerts = alerts;
        // The Bad buzz view follows its spike while it lasts, and stops where it ended.
        if let Some(view) = &mut self.buzz.view {
            match self.buzz.alerts.iter().find(|a| a.same_as(view)) {
                Some(current) => *view = current.clone(),
                None => view.until = view.until.or(Some(self.now)),
            }
        }
    }
}
