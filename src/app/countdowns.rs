//! Where each waiting message stands against its target: its schedule (kept as messages
//! change), its state (each tick), the urgency order of all of them, and the status bar's
//! figures.

use super::index::Slot;
use super::state::State;
use super::views::{self, View};
use crate::model::{Message, MessageId, Status};
use crate::sla::{Countdown, SlaState};
use jiff::Timestamp;
use std::collections::HashMap;

/// A waiting message's schedule and where it stands.
#[derive(Debug, Clone, Copy)]
pub(super) struct Waiting {
    schedule: crate::sla::Schedule,
    pub(super) state: SlaState,
    slot: Slot,
}

/// A message with a countdown, as the views filter it: its slot and where it stands.
#[derive(Debug, Clone, Copy)]
pub(super) struct Urgent {
    pub(super) slot: Slot,
    state: SlaState,
}

impl Urgent {
    /// `View::contains` for a message waiting with this countdown (Buzz is the caller's);
    /// `revealed` says which hidden statuses the search asks for.
    pub(super) fn in_view(&self, view: View, revealed: impl Fn(Status) -> bool) -> bool {
        let shown = !super::index::hidden(self.slot.status) || revealed(self.slot.status);
        match view {
            // Snoozing does not hide a breach.
            View::Breaching => self.state != SlaState::Ok,
            // The alert's and a saved view's own filters are the caller's.
            View::Buzz | View::Custom(_) => shown,
            _ => shown && super::index::fits_view(&self.slot, view),
        }
    }
}

impl State {
    /// The message's countdown now: its state as of the last tick, the time left counted
    /// for the rows on screen only.
    pub fn countdown(&self, m: &Message) -> Option<Countdown> {
        let w = self.shared.waiting.get(&m.id)?;
        let mut c = self.policies.countdown_of(&w.schedule, self.now);
        c.state = w.state;
        Some(c)
    }

    /// Whether a message waits under a policy (has a countdown).
    pub fn has_countdown(&self, id: MessageId) -> bool {
        self.shared.waiting.contains_key(&id)
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
            inbound: self.shared.index.read().inbound(),
            ..Pulse::default()
        };
        for (id, w) in self.shared.waiting.iter_mut() {
            let was = w.state;
            w.state = w.schedule.state(now);
            // A breach on an assigned conversation rings for its assignee.
            let mine = self
                .shared
                .assigned
                .get(id)
                .is_none_or(|a| *a == self.agent);
            if was != SlaState::Breached && w.state == SlaState::Breached && mine {
                self.fresh_breaches += 1;
            }
            p.add(w, now);
        }
        self.shared.pulse = p;
    }

    /// The waiting messages in urgency order, redone every `RESORT_EVERY` (time left
    /// changes the order); views are filtered from it.
    pub(super) fn resort_urgent(&mut self) {
        let mut urgent: Vec<(views::UrgencyKey, Urgent)> = self
            .shared
            .waiting
            .keys()
            .filter_map(|id| self.urgent_entry(*id))
            .collect();
        urgent.sort_unstable_by_key(|a| a.0);
        self.shared.urgent = urgent;
    }

    /// A waiting message's place in the urgency order.
    fn urgent_entry(&self, id: MessageId) -> Option<(views::UrgencyKey, Urgent)> {
        let w = self.shared.waiting.get(&id)?;
        // Time left is only counted before the deadline (overdue ones sort by it).
        let remaining = (w.state != SlaState::Breached)
            .then(|| self.policies.countdown_of(&w.schedule, self.now).remaining);
        let key = views::waiting_key(&w.slot, w.state, w.schedule.deadline, remaining);
        let urgent = Urgent {
            slot: w.slot,
            state: w.state,
        };
        Some((key, urgent))
    }

    /// Moves a changed message to its place in the urgency order (or out of it).
    pub(super) fn reorder_urgent(&mut self, id: MessageId) {
        if let Some(at) = self.shared.urgent.iter().position(|(_, u)| u.slot.id == id) {
            self.shared.urgent.remove(at);
        }
        if let Some(entry) = self.urgent_entry(id) {
            let at = self.shared.urgent.partition_point(|(k, _)| *k < entry.0);
            self.shared.urgent.insert(at, entry);
        }
    }

    /// Keeps the schedule of a message that waits under a policy, and drops it otherwise.
    pub(super) fn schedule(&mut self, slot: &Slot) {
        match self.waiting_of(slot) {
            Some(w) => self.shared.waiting.insert(slot.id, w),
            None => self.shared.waiting.remove(&slot.id),
        };
    }

    fn waiting_of(&self, slot: &Slot) -> Option<Waiting> {
        let schedule = self.policies.schedule(slot)?;
        Some(Waiting {
            state: schedule.state(self.now),
            schedule,
            slot: *slot,
        })
    }

    /// Every waiting message's schedule, from the index (after loading).
    /// The waiting messages' schedules, from the inbox as loaded (this console's own snapshot:
    /// a shared index may be a change or two behind or ahead of it).
    pub(super) fn schedule_all(&mut self, summaries: &[crate::summary::Summary]) {
        let waiting: HashMap<MessageId, Waiting> = summaries
            .iter()
            .filter(|s| s.awaits)
            .filter_map(|s| Some((s.id, self.waiting_of(s)?)))
            .collect();
        self.shared.waiting = waiting;
    }

    /// Live figures for the status bar.
    pub fn pulse(&self) -> Pulse {
        self.shared.pulse
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
        let age = now.duration_since(w.slot.created_at());
        if self.oldest_waiting.is_none_or(|o| age > o) {
            self.oldest_waiting = Some(age);
        }
        if w.slot.is_criticism() && self.oldest_criticism.is_none_or(|o| age > o) {
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
