//! Everything the console shows, in one place; drawing reads it and never changes it.

use super::composer::Composer;
use super::rows::{AHEAD, InboxRows};
use super::views::{self, View};
use crate::model::{Conversation, Message, MessageId};
use crate::sla::{Countdown, Policies, SlaState};
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
    pub messages: rustc_hash::FxHashMap<MessageId, Message>,
    /// The current view's messages, in urgency order.
    pub inbox: super::rows::InboxRows,
    pub view: View,
    pub selected: usize,
    pub focus: Focus,
    /// The message whose thread the detail pane shows.
    pub open: Option<MessageId>,
    pub conversation: Option<Conversation>,
    pub thread_scroll: u16,
    pub composer: Option<Composer>,
    pub drafts: HashMap<MessageId, String>,
    pub help: bool,
    /// First line of the help shown (it scrolls on short terminals).
    pub help_scroll: u16,
    pub notice: Option<String>,
    /// When the notice appeared; it fades after a few seconds.
    pub notice_at: Timestamp,
    /// What the console reads from, until the sources report their health.
    pub source: String,
    /// Each source's last health report: working or not, and what it said.
    pub health: std::collections::BTreeMap<String, (bool, String)>,
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
    /// Why the tagger read the open message as it did: its cues, described.
    pub why: Option<(MessageId, Vec<String>)>,
    /// The messages waiting for a reply under a policy: when each turns to warning and to
    /// breach (kept as messages change), and where each stands (each tick).
    waiting: HashMap<MessageId, Waiting>,
    /// The compact, ordered index of inbound messages the views are built from.
    pub index: super::index::InboxIndex,
    /// The messages with a countdown, in urgency order with their keys (sorted again every
    /// `RESORT_EVERY`, kept in order as messages change in between).
    urgent: Vec<(views::UrgencyKey, Urgent)>,
    pulse: Pulse,
    /// When the inbox was last put in urgency order (countdowns move, so it is redone).
    pub sorted_at: Timestamp,
    /// Ring the terminal bell when a message newly breaches its target.
    pub bell_on_breach: bool,
    /// Waiting messages that crossed their deadline since the bell last rang (messages
    /// already late when they arrive or load never ring).
    fresh_breaches: usize,
    /// Replies in the outbox (queued, sending, failed) and those sent, by outbox id.
    pub outbox: std::collections::BTreeMap<crate::store::OutboxId, crate::store::OutboxEntry>,
    /// Reply templates, and the picker over them while it is open.
    pub templates: Vec<crate::templates::Template>,
    pub picker: Option<Picker>,
    /// The message whose draft the service last confirmed on disk.
    pub draft_saved: Option<MessageId>,
    /// Who is at the keyboard (for `{agent}` in templates).
    pub agent: String,
    /// The report screen, when open.
    pub report: Option<crate::report::Report>,
    /// The live panels: the dashboard screen and the inbox's strip of figures.
    pub dashboard: super::dashboard::DashboardPanel,
    /// The terminal is wide enough for the strip of figures above the inbox (set by the
    /// event loop from the terminal's size).
    pub strip_wanted: bool,
    /// The bad-buzz alert's settings, and the alerts in progress (overall first).
    pub buzz: crate::buzz::Settings,
    pub alerts: Vec<crate::buzz::Alert>,
    /// The alert whose messages the Bad buzz view lists (kept after it clears).
    pub buzz_view: Option<crate::buzz::Alert>,
    /// Authors with at least this many followers are influencers, marked in the inbox.
    pub influencer_followers: u64,
    /// Agents' links between authors, and what they recorded about people.
    pub links: crate::profile::Links,
    pub people: HashMap<String, crate::profile::PersonRecord>,
    /// The customer profile screen, when open.
    pub profile: Option<super::profile::ProfileScreen>,
    /// The person the next `L` links a message's author to.
    pub link_mark: Option<String>,
    /// The search filter over the current view, and the index behind it (built on first use).
    pub search: Option<super::search::SearchBar>,
    pub search_index: Option<crate::search::SearchIndex>,
}

/// A waiting message's schedule and where it stands.
#[derive(Debug, Clone, Copy)]
struct Waiting {
    schedule: crate::sla::Schedule,
    state: SlaState,
    created_at: Timestamp,
    criticism: bool,
}

/// A message with a countdown, as the views filter it.
#[derive(Debug, Clone, Copy)]
struct Urgent {
    id: MessageId,
    channel: crate::model::Channel,
    kind: crate::model::Kind,
    criticism: bool,
    state: SlaState,
}

impl Urgent {
    fn of(m: &Message, state: SlaState) -> Urgent {
        Urgent {
            id: m.id,
            channel: m.channel,
            kind: m.kind,
            criticism: views::is_criticism(m),
            state,
        }
    }

    /// `View::contains` for a message waiting with this countdown (Buzz is the caller's).
    fn in_view(&self, view: View) -> bool {
        match view {
            View::All | View::Unanswered | View::Buzz => true,
            View::Criticism => self.criticism,
            View::Breaching => self.state != SlaState::Ok,
            View::Reviews => self.kind == crate::model::Kind::Review,
            View::Channel(c) => self.channel == c,
        }
    }
}

/// The template picker: what the agent typed and the highlighted suggestion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Picker {
    pub query: String,
    pub selected: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// Which sentiment an agent gives this message.
    Sentiment(MessageId),
}

impl State {
    pub fn new(policies: Policies, now: Timestamp, source: String) -> State {
        State {
            messages: Default::default(),
            inbox: Default::default(),
            view: View::All,
            selected: 0,
            focus: Focus::List,
            open: None,
            conversation: None,
            thread_scroll: 0,
            composer: None,
            drafts: HashMap::new(),
            help: false,
            help_scroll: 0,
            notice: None,
            notice_at: now,
            source,
            health: Default::default(),
            now,
            policies,
            loaded: false,
            list_offset: Cell::new(0),
            quitting: false,
            colour: true,
            prompt: None,
            why: None,
            waiting: HashMap::new(),
            index: Default::default(),
            urgent: Vec::new(),
            pulse: Pulse::default(),
            sorted_at: now,
            bell_on_breach: false,
            fresh_breaches: 0,
            report: None,
            dashboard: Default::default(),
            strip_wanted: false,
            buzz: Default::default(),
            alerts: Vec::new(),
            buzz_view: None,
            influencer_followers: crate::config::ProfilesConfig::default().influencer_followers,
            links: Default::default(),
            people: HashMap::new(),
            profile: None,
            link_mark: None,
            search: None,
            search_index: None,
            templates: crate::templates::shipped(),
            picker: None,
            agent: "agent".into(),
            draft_saved: None,
            outbox: Default::default(),
        }
    }

    /// Shows a one-sentence notice in the status bar.
    pub fn notify(&mut self, sentence: impl Into<String>) {
        self.notice = Some(sentence.into());
        self.notice_at = self.now;
    }

    pub fn selected_id(&self) -> Option<MessageId> {
        self.inbox.get(self.selected)
    }

    pub fn selected_message(&self) -> Option<&Message> {
        self.selected_id().and_then(|id| self.messages.get(&id))
    }

    /// The message an action applies to: the open one while the thread or composer has the
    /// focus, otherwise the selected row.
    pub fn target_id(&self) -> Option<MessageId> {
        self.open
            .filter(|_| self.focus != Focus::List)
            .or(self.selected_id())
    }

    /// The templates offered in the picker, best first, for the message being answered.
    pub fn suggestions(&self) -> Vec<&crate::templates::Template> {
        let (Some(picker), Some(c)) = (&self.picker, &self.composer) else {
            return Vec::new();
        };
        match self.messages.get(&c.message) {
            Some(m) => crate::templates::suggest(&self.templates, m, &picker.query),
            None => Vec::new(),
        }
    }

    /// Reads the open message's cues again (on open, and when it changed).
    pub fn refresh_why(&mut self) {
        self.why = self.open.and_then(|id| self.messages.get(&id)).map(|m| {
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

    /// The message's countdown now: its state as of the last tick, the time left counted
    /// for the rows on screen only.
    pub fn countdown(&self, m: &Message) -> Option<Countdown> {
        let w = self.waiting.get(&m.id)?;
        let mut c = self.policies.countdown_of(&w.schedule, self.now);
        c.state = w.state;
        Some(c)
    }

    /// Whether a message waits under a policy (has a countdown).
    pub fn has_countdown(&self, id: MessageId) -> bool {
        self.waiting.contains_key(&id)
    }

    /// How many waiting messages crossed their deadline since last asked.
    pub(super) fn take_fresh_breaches(&mut self) -> usize {
        std::mem::take(&mut self.fresh_breaches)
    }

    /// Where each waiting message stands against its target, and the status-bar figures:
    /// once here (each tick and each change), not on every frame. Their schedules are kept,
    /// so this only compares instants with the clock.
    pub fn refresh_countdowns(&mut self) {
        let now = self.now;
        let mut p = Pulse {
            inbound: self.index.inbound(),
            ..Pulse::default()
        };
        for w in self.waiting.values_mut() {
            let was = w.state;
            w.state = w.schedule.state(now);
            if was != SlaState::Breached && w.state == SlaState::Breached {
                self.fresh_breaches += 1;
            }
            p.add(w, now);
        }
        self.pulse = p;
    }

    /// The waiting messages in urgency order, redone every `RESORT_EVERY` (time left
    /// changes the order); views are filtered from it.
    fn resort_urgent(&mut self) {
        let mut urgent: Vec<(views::UrgencyKey, Urgent)> = self
            .waiting
            .keys()
            .filter_map(|id| self.urgent_entry(*id))
            .collect();
        urgent.sort_unstable_by_key(|a| a.0);
        self.urgent = urgent;
    }

    /// A waiting message's place in the urgency order.
    fn urgent_entry(&self, id: MessageId) -> Option<(views::UrgencyKey, Urgent)> {
        let (m, w) = (self.messages.get(&id)?, self.waiting.get(&id)?);
        // Time left is only counted before the deadline (overdue ones sort by it).
        let remaining = (w.state != SlaState::Breached)
            .then(|| self.policies.countdown_of(&w.schedule, self.now).remaining);
        let key = views::waiting_key(m, w.state, w.schedule.deadline, remaining);
        Some((key, Urgent::of(m, w.state)))
    }

    /// Moves a changed message to its place in the urgency order (or out of it).
    fn reorder_urgent(&mut self, id: MessageId) {
        if let Some(at) = self.urgent.iter().position(|(_, u)| u.id == id) {
            self.urgent.remove(at);
        }
        if let Some(entry) = self.urgent_entry(id) {
            let at = self.urgent.partition_point(|(k, _)| *k < entry.0);
            self.urgent.insert(at, entry);
        }
    }

    /// Keeps the schedule of a message that waits under a policy, and drops it otherwise.
    fn schedule(&mut self, id: MessageId) {
        let waiting = self.messages.get(&id).and_then(|m| {
            let schedule = self.policies.schedule(m)?;
            Some(Waiting {
                state: schedule.state(self.now),
                schedule,
                created_at: m.created_at,
                criticism: views::is_criticism(m),
            })
        });
        match waiting {
            Some(w) => self.waiting.insert(id, w),
            None => self.waiting.remove(&id),
        };
    }

    /// Every waiting message's schedule, from the index (after loading).
    pub(super) fn schedule_all(&mut self) {
        self.waiting.clear();
        let ids: Vec<MessageId> = self.index.awaiting.iter().copied().collect();
        for id in ids {
            self.schedule(id);
        }
    }

    /// Takes messages from the store in: the map, the index and the search.
    pub(super) fn take_in(&mut self, changed: Vec<Message>) {
        self.search_changed(&changed);
        for m in changed {
            let id = m.id;
            let old = self.messages.insert(id, m);
            if let Some(new) = self.messages.get(&id) {
                self.index.update(old.as_ref(), new);
            }
            self.schedule(id);
            self.reorder_urgent(id);
        }
    }

    /// Replays the recent negative messages for bad-buzz spikes (each tick and each change;
    /// not when only the view changes).
    pub fn refresh_alerts(&mut self) {
        let since = self.now - self.buzz.history();
        let recent = self
            .index
            .since(since.as_millisecond())
            .filter_map(|id| self.messages.get(&id));
        self.alerts = crate::buzz::alerts(recent, self.now, &self.buzz);
        // The Bad buzz view follows its spike while it lasts, and stops where it ended.
        if let Some(view) = &mut self.buzz_view {
            match self.alerts.iter().find(|a| a.same_as(view)) {
                Some(current) => *view = current.clone(),
                None => view.until = view.until.or(Some(self.now)),
            }
        }
    }

    /// Time moved on (`RESORT_EVERY`) or everything was loaded: states, urgency order and
    /// view are all computed again.
    pub fn refresh_inbox(&mut self) {
        self.refresh_countdowns();
        self.resort_urgent();
        self.rebuild_inbox();
    }

    /// Recomputes the current view from the countdowns as last refreshed (at most a tick
    /// old), keeping the same message selected when it is still there. The messages with a
    /// countdown come first, in the urgency order kept with the countdowns; the rest follow
    /// newest first, the index's own order, made only as far as the screen needs.
    pub fn rebuild_inbox(&mut self) {
        let keep = self.selected_id();
        let view = self.view;
        let buzz = self.buzz_view.as_ref();
        let search = self.search.as_ref().filter(|s| s.is_active());
        let found = |id: MessageId| search.is_none_or(|s| s.admits(id));
        let in_spike = |id: MessageId| {
            let m = self.messages.get(&id);
            buzz.is_some_and(|a| m.is_some_and(|m| a.contains(m)))
        };
        // Those with a countdown first, already in urgency order.
        let head: Vec<MessageId> = self
            .urgent
            .iter()
            .map(|(_, u)| u)
            .filter(|u| found(u.id) && u.in_view(view))
            .filter(|u| view != View::Buzz || in_spike(u.id))
            .map(|u| u.id)
            .collect();
        self.inbox = match (view, search.is_some()) {
            // The rest of these views is never counted ahead: read it whole.
            (View::Buzz, _) | (_, true) => {
                let mut rows = InboxRows::new(head, usize::MAX);
                let admits = self.rest_of_view();
                rows.fill(usize::MAX, self.index.oldest_first(), admits);
                rows
            }
            (View::Breaching, _) => InboxRows::complete(head),
            _ => {
                let tail = self.view_counts(view).0.saturating_sub(head.len());
                InboxRows::new(head, tail)
            }
        };
        self.sorted_at = self.now;
        // The same message stays selected when it is still near where it was (new messages
        // above it move it down); one that went far away (resolved, say) leaves the
        // selection on the same row, at the message that took its place.
        self.fill_inbox(self.selected + AHEAD);
        let position = keep.and_then(|id| self.inbox.iter().position(|&x| x == id));
        self.selected = position
            .unwrap_or(self.selected)
            .min(self.inbox.total().saturating_sub(1));
        self.fill_inbox(self.selected + AHEAD);
    }

    /// Makes the view's rows up to `upto` (the screen never needs more than the selection
    /// and a screenful past it).
    pub(super) fn fill_inbox(&mut self, upto: usize) {
        if self.inbox.is_complete() {
            return;
        }
        let mut rows = std::mem::take(&mut self.inbox);
        rows.fill(upto, self.index.oldest_first(), self.rest_of_view());
        self.inbox = rows;
    }

    /// Which messages without a countdown belong in the current view (with its search or
    /// alert), newest first.
    fn rest_of_view(&self) -> impl Fn(&super::index::Slot) -> bool + '_ {
        let view = self.view;
        let search = self.search.as_ref().filter(|s| s.is_active());
        move |s| {
            // Only a message waiting for a reply can have a countdown.
            let without_countdown = !(s.awaits && self.waiting.contains_key(&s.id));
            let in_view = match view {
                View::Buzz => self
                    .buzz_view
                    .as_ref()
                    .is_some_and(|a| self.messages.get(&s.id).is_some_and(|m| a.contains(m))),
                View::Breaching => false,
                _ => s.in_view(view),
            };
            without_countdown && in_view && search.is_none_or(|b| b.admits(s.id))
        }
    }

    /// How many messages of a view there are, and how many wait for a reply.
    pub fn view_counts(&self, view: View) -> (usize, usize) {
        match view {
            View::Breaching => {
                let late = self
                    .waiting
                    .values()
                    .filter(|w| w.state != SlaState::Ok)
                    .count();
                (late, late)
            }
            _ => self.index.counts(view),
        }
    }

    /// Live figures for the status bar.
    pub fn pulse(&self) -> Pulse {
        self.pulse
    }
}

impl Pulse {
    /// Counts one waiting message in.
    fn add(&mut self, w: &Waiting, now: Timestamp) {
        self.waiting += 1;
        match w.state {
            SlaState::Breached => self.breached += 1,
            SlaState::Warning => self.warning += 1,
            SlaState::Ok => {}
        }
        let age = now.duration_since(w.created_at);
        if self.oldest_waiting.is_none_or(|o| age > o) {
            self.oldest_waiting = Some(age);
        }
        if w.criticism && self.oldest_criticism.is_none_or(|o| age > o) {
            self.oldest_criticism = Some(age);
        }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Pulse {
    pub inbound: usize,
    pub waiting: usize,
    pub warning: usize,
    pub breached: usize,
    pub oldest_waiting: Option<jiff::SignedDuration>,
    /// Age of the oldest negative or complaint message still waiting for a reply.
    pub oldest_criticism: Option<jiff::SignedDuration>,
}
