//! The current view's rows: messages taken in from the store, the waiting ones first in
//! urgency order, then the rest newest first, made as far as the screen needs.

use super::rows::{AHEAD, ViewRows};
use super::state::State;
use super::views::View;
use crate::model::{Message, MessageId};
use crate::sla::SlaState;

impl State {
    /// Takes messages from the store in: the cache, the index and the search.
    pub(super) fn take_in(&mut self, changed: Vec<Message>) {
        self.search_changed(&changed);
        self.changes_seen += 1;
        let slots: Vec<_> = changed
            .iter()
            .filter(|m| m.is_inbound())
            .map(Message::summary)
            .collect();
        self.shared.index.apply(self.changes_seen, &slots);
        for slot in &slots {
            self.schedule(slot);
            self.reorder_urgent(slot.id);
        }
        for m in changed {
            self.shared.messages.insert(m.id, m);
        }
    }

    /// Time moved on (`RESORT_EVERY`) or everything was loaded: states, urgency order and
    /// view are all computed again.
    pub fn refresh_inbox(&mut self) {
        self.refresh_countdowns();
        self.resort_urgent();
        self.refresh_saved_views();
        self.rebuild_inbox();
    }

    /// Recomputes the current view from the countdowns as last refreshed (at most a tick
    /// old), keeping the same message selected when it is still there. The messages with a
    /// countdown come first, in the urgency order kept with the countdowns; the rest follow
    /// newest first, the index's own order, made only as far as the screen needs.
    pub fn rebuild_inbox(&mut self) {
        self.rebuild_inbox_keeping(self.selected_id());
    }

    /// Recomputes the current view with `keep` selected if it is among the rows made;
    /// otherwise the selection stays on its row.
    pub(super) fn rebuild_inbox_keeping(&mut self, keep: Option<MessageId>) {
        let view = self.view;
        if let Some(rows) = self.team_rows(view) {
            self.inbox = rows;
            self.sorted_at = self.now;
            let position = keep.and_then(|id| self.inbox.iter().position(|&x| x == id));
            self.selected = position
                .unwrap_or(self.selected)
                .min(self.inbox.total().saturating_sub(1));
            return;
        }
        let buzz = self.buzz.view.as_ref();
        let search = self.search.bar.as_ref().filter(|s| s.is_active());
        let found = |id: MessageId| search.is_none_or(|s| s.admits(id)) && self.custom_admits(id);
        let revealed =
            |status| search.is_some_and(|s| s.reveals(status)) || self.custom_reveals(status);
        // Those with a countdown first, already in urgency order.
        let head: Vec<MessageId> = self
            .shared
            .urgent
            .iter()
            .map(|(_, u)| u)
            .filter(|u| found(u.slot.id) && u.in_view(view, revealed))
            .filter(|u| view != View::Buzz || buzz.is_some_and(|a| a.contains(&u.slot)))
            .map(|u| u.slot.id)
            .collect();
        self.inbox = match (view, search.is_some()) {
            // The rest of these views is never counted ahead: read it whole.
            (View::Buzz | View::Custom(_), _) | (_, true) => {
                let mut rows = ViewRows::new(head, usize::MAX);
                let admits = self.rest_of_view();
                rows.fill(usize::MAX, self.shared.index.read().oldest_first(), admits);
                rows
            }
            (View::Breaching, _) => ViewRows::complete(head),
            _ => {
                let tail = self.view_counts(view).0.saturating_sub(head.len());
                ViewRows::new(head, tail)
            }
        };
        if let Some(bar) = search.filter(|b| b.by_relevance) {
            // A search's rows are all made: best first, the urgency order breaking ties.
            self.inbox.sort_by_key(|id| bar.relevance_rank(*id));
        }
        self.sorted_at = self.now;
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
        rows.fill(
            upto,
            self.shared.index.read().oldest_first(),
            self.rest_of_view(),
        );
        self.inbox = rows;
    }

    /// Which messages without a countdown belong in the current view (with its search or
    /// alert), newest first.
    fn rest_of_view(&self) -> impl Fn(&super::index::Slot) -> bool + '_ {
        let view = self.view;
        let search = self.search.bar.as_ref().filter(|s| s.is_active());
        move |s| {
            // Only a message waiting for a reply can have a countdown.
            let without_countdown = !(s.awaits && self.shared.waiting.contains_key(&s.id));
            let shown = !super::index::hidden(s.status)
                || search.is_some_and(|b| b.reveals(s.status))
                || self.custom_reveals(s.status);
            let in_view = shown
                && match view {
                    View::Buzz => self.buzz.view.as_ref().is_some_and(|a| a.contains(s)),
                    View::Custom(_) => self.custom_admits(s.id),
                    View::Breaching | View::Mine | View::Unassigned => false,
                    _ => super::index::fits_view(s, view),
                };
            without_countdown && in_view && search.is_none_or(|b| b.admits(s.id))
        }
    }

    /// How many messages of a view there are, and how many wait for a reply.
    pub fn view_counts(&self, view: View) -> (usize, usize) {
        if let Some(counts) = self.team_counts(view) {
            return counts;
        }
        match view {
            View::Breaching => {
                let late = self
                    .shared
                    .waiting
                    .values()
                    .filter(|w| w.state != SlaState::Ok)
                    .count();
                (late, late)
            }
            View::Custom(i) => self
                .search
                .custom_counts
                .get(&i)
                .copied()
                .unwrap_or_default(),
            _ => self.shared.index.read().counts(view),
        }
    }
}
