//! What the inbox sorts and filters on, kept small and in order so that a view switch or a
//! tick does not walk every stored message: inbound messages as compact slots (oldest first,
//! read from the end) and each view's counts, kept up to date as messages arrive and change.

use super::views::{self, View};
use crate::model::{Channel, Kind, Message, MessageId};

/// An inbound message as the views see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub id: MessageId,
    created_ms: i64,
    channel: Channel,
    kind: Kind,
    pub awaits: bool,
    criticism: bool,
}

impl Slot {
    pub(super) fn of(m: &Message) -> Slot {
        Slot {
            id: m.id,
            created_ms: m.created_at.as_millisecond(),
            channel: m.channel,
            kind: m.kind,
            awaits: m.awaits_reply(),
            criticism: views::is_criticism(m),
        }
    }

    /// Oldest first (new messages are appended); the earlier id first at the same instant.
    fn order_key(&self) -> (i64, MessageId) {
        (self.created_ms, self.id)
    }

    /// Whether the message belongs in `view`, for every view but Breaching (which depends on
    /// the clock) and Buzz (which depends on the alert).
    pub fn in_view(&self, view: View) -> bool {
        match view {
            View::All => true,
            View::Unanswered => self.awaits,
            View::Criticism => self.awaits && self.criticism,
            View::Reviews => self.kind == Kind::Review,
            View::Channel(c) => self.channel == c,
            View::Breaching | View::Buzz => false,
        }
    }
}

#[derive(Debug, Default)]
pub struct InboxIndex {
    /// Inbound messages, oldest first: what arrives goes at the end. Read from the end.
    order: Vec<Slot>,
    /// For each view of `View::all()` but Breaching: (messages, of which waiting).
    counts: Vec<(usize, usize)>,
}

impl InboxIndex {
    pub fn build<'a>(messages: impl Iterator<Item = &'a Message>) -> InboxIndex {
        let mut index = InboxIndex {
            counts: vec![(0, 0); View::all().len()],
            ..Default::default()
        };
        for m in messages.filter(|m| m.is_inbound()) {
            let slot = Slot::of(m);
            index.count(&slot, 1);
            index.order.push(slot);
        }
        index.order.sort_unstable_by_key(Slot::order_key);
        index
    }

    /// Takes a stored or changed message in, replacing what `old` (its previous version, if
    /// any) contributed.
    pub fn update(&mut self, old: Option<&Message>, new: &Message) {
        let old = old.filter(|o| o.is_inbound()).map(Slot::of);
        let new = new.is_inbound().then(|| Slot::of(new));
        if let Some(o) = &old {
            self.count(o, -1);
        }
        if let Some(n) = &new {
            self.count(n, 1);
        }
        let find =
            |order: &[Slot], s: &Slot| order.binary_search_by_key(&s.order_key(), Slot::order_key);
        match (old, new) {
            // A change of status or tone keeps its place (the time never changes).
            (Some(o), Some(n)) if o.order_key() == n.order_key() => {
                if let Ok(at) = find(&self.order, &o) {
                    self.order[at] = n;
                }
            }
            (o, n) => {
                if let Some(Ok(at)) = o.map(|o| find(&self.order, &o)) {
                    self.order.remove(at);
                }
                if let Some(n) = n {
                    let at = self
                        .order
                        .partition_point(|s| s.order_key() < n.order_key());
                    self.order.insert(at, n);
                }
            }
        }
    }

    fn count(&mut self, slot: &Slot, sign: isize) {
        for (count, view) in self.counts.iter_mut().zip(View::all()) {
            if slot.in_view(view) {
                count.0 = count.0.saturating_add_signed(sign);
                if slot.awaits {
                    count.1 = count.1.saturating_add_signed(sign);
                }
            }
        }
    }

    /// Messages of a view and how many of them wait (Breaching is counted by the caller).
    pub fn counts(&self, view: View) -> (usize, usize) {
        View::all()
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

#[cfg(test)]
mod tests {
    /// A million inbound messages cost 24 MB of index.
    #[test]
    fn a_slot_is_small() {
        assert_eq!(std::mem::size_of::<super::Slot>(), 24);
    }
}
