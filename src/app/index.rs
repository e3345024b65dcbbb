//! What the inbox sorts and filters on, kept small and in order so that a view switch or a
//! tick does not walk every stored message: inbound messages as compact slots (oldest first,
//! read from the end) and each view's counts, kept up to date as messages arrive and change.

use super::views::View;
use crate::model::{Channel, Kind, MessageId, Status};
use crate::summary::Summary;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// An inbound message as the views see it: its summary.
pub(super) type Slot = Summary;

/// Oldest first (new messages are appended); the earlier id first at the same instant.
fn order_key(s: &Slot) -> (i64, MessageId) {
    (s.created_ms, s.id)
}

/// Whether the message belongs in `view`, for every view but Breaching (which depends on the
/// clock) and Buzz (which depends on the alert). Snoozed messages and spam are in none.
pub(super) fn in_view(s: &Slot, view: View) -> bool {
    !hidden(s.status) && fits_view(s, view)
}

/// Snoozed messages and spam leave the views (and their counts) until a query asks for them
/// (`is:snoozed`, `is:spam`); a snoozed message's breach still shows in Breaching.
pub(super) fn hidden(status: Status) -> bool {
    matches!(status, Status::Snoozed | Status::Spam)
}

/// Whether the message fits `view`'s definition, hidden or not.
pub(super) fn fits_view(s: &Slot, view: View) -> bool {
    match view {
        View::All => true,
        View::Unanswered => s.awaits,
        View::Criticism => s.awaits && s.is_criticism(),
        View::Reviews => s.kind == Kind::Review,
        View::Channel(c) => s.channel == c,
        View::Breaching | View::Buzz | View::Mine | View::Unassigned | View::Custom(_) => false,
    }
}

/// The views counted as messages change (Breaching depends on the clock, Buzz on an alert).
const COUNTED: [View; 9] = [
    View::All,
    View::Unanswered,
    View::Criticism,
    View::Reviews,
    View::Channel(Channel::Mastodon),
    View::Channel(Channel::Bluesky),
    View::Channel(Channel::Facebook),
    View::Channel(Channel::Instagram),
    View::Channel(Channel::GoogleReviews),
];

#[derive(Debug, Default)]
pub struct SummaryIndex {
    /// Inbound messages, oldest first: what arrives goes at the end. Read from the end.
    order: Vec<Slot>,
    /// For each view of `COUNTED`: (messages, of which waiting).
    counts: [(usize, usize); COUNTED.len()],
}

impl SummaryIndex {
    /// The index of inbound messages' summaries (in any order).
    pub fn build(mut summaries: Vec<Summary>) -> SummaryIndex {
        let mut index = SummaryIndex::default();
        for s in &summaries {
            index.count(s, 1);
        }
        // Summaries come in id order, which is nearly time order: a stable sort takes the
        // runs as they are.
        summaries.sort_by_key(order_key);
        index.order = summaries;
        index
    }

    /// Takes a stored or changed inbound message's summary in, replacing what its previous
    /// version contributed (found by its place: a message's time never changes).
    pub fn update(&mut self, new: Summary) {
        match self.order.binary_search_by_key(&order_key(&new), order_key) {
            Ok(at) => {
                let old = std::mem::replace(&mut self.order[at], new);
                self.count(&old, -1);
            }
            Err(at) => self.order.insert(at, new),
        }
        self.count(&new, 1);
    }

    fn count(&mut self, slot: &Slot, sign: isize) {
        for (count, view) in self.counts.iter_mut().zip(COUNTED) {
            if in_view(slot, view) {
                count.0 = count.0.saturating_add_signed(sign);
                if slot.awaits {
                    count.1 = count.1.saturating_add_signed(sign);
                }
            }
        }
    }

    /// Messages of a view and how many of them wait (Breaching is counted by the caller).
    pub fn counts(&self, view: View) -> (usize, usize) {
        COUNTED
            .iter()
            .position(|v| *v == view)
            .and_then(|i| self.counts.get(i).copied())
            .unwrap_or_default()
    }

    /// Inbound messages, oldest first (the views read it from the end).
    pub fn oldest_first(&self) -> &[Slot] {
        &self.order
    }

    /// Inbound messages written at or after `since_ms`, newest first.
    pub fn since(&self, since_ms: i64) -> impl Iterator<Item = MessageId> + Clone + '_ {
        self.order
            .iter()
            .rev()
            .take_while(move |s| s.created_ms >= since_ms)
            .map(|s| s.id)
    }

    pub fn inbound(&self) -> usize {
        self.order.len()
    }
}

/// The summary index as consoles share it: on a team server every console reads one index,
/// kept up to date once per change. The service numbers the changes it tells consoles
/// (`Loaded` says how many came before it); a console takes a change into the index only when
/// no console has yet (consoles hear the same changes in the same order, so whichever is
/// first does it, and the others find it done).
#[derive(Debug, Clone, Default)]
pub struct SharedIndex(Arc<RwLock<Sequenced>>);

#[derive(Debug, Default)]
pub struct Sequenced {
    index: SummaryIndex,
    /// How many of the service's changes the index holds (None: not built yet).
    applied: Option<u64>,
}

impl std::ops::Deref for Sequenced {
    type Target = SummaryIndex;
    fn deref(&self) -> &SummaryIndex {
        &self.index
    }
}

impl SharedIndex {
    pub fn read(&self) -> RwLockReadGuard<'_, Sequenced> {
        // A console that panicked while writing left whole slots (update is one replace).
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Sequenced> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The inbox as of `changes` changes: built from these summaries unless the index
    /// already holds as much (another console got there first).
    pub(super) fn load(&self, summaries: Vec<Summary>, changes: u64) {
        let mut shared = self.write();
        if shared.applied.is_none_or(|applied| applied < changes) {
            shared.index = SummaryIndex::build(summaries);
            shared.applied = Some(changes);
        }
    }

    /// Change number `change`'s summaries, unless the index holds it already.
    pub(super) fn apply(&self, change: u64, summaries: &[Summary]) {
        let mut shared = self.write();
        if shared.applied.is_some_and(|applied| applied >= change) {
            return;
        }
        for s in summaries {
            shared.index.update(*s);
        }
        shared.applied = Some(change);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_view_but_breaching_and_buzz_is_counted() {
        use super::{COUNTED, View};
        let counted: Vec<View> = View::all()
            .into_iter()
            .filter(|v| *v != View::Breaching)
            .collect();
        assert_eq!(COUNTED.to_vec(), counted);
    }

    /// A million inbound messages cost 32 MB of index.
    #[test]
    fn a_slot_is_small() {
        assert_eq!(std::mem::size_of::<super::Slot>(), 32);
    }
}
