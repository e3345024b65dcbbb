//! The messages the console holds in full. The inbox works from summaries; a message's text,
//! author and thread are read from the store only for what the screen shows (the rows around
//! the selection, the open message, the recent ones the bad-buzz alert reads), asked of the
//! service and kept here, so a million stored messages cost the console a few thousand.

use crate::model::{Message, MessageId};
use rustc_hash::{FxHashMap, FxHashSet};

/// Past this many messages, those the screen no longer needs are let go.
const KEEP_AT_MOST: usize = 20_000;

#[derive(Debug, Default)]
pub struct MessageCache {
    // Ids are the store's own integers: a fast hasher is safe and twice as quick.
    messages: FxHashMap<MessageId, Message>,
    /// Every stored message is here (a console handed all of them): nothing is ever asked.
    complete: bool,
    /// Asked of the service and not arrived yet: not asked again meanwhile.
    asked: FxHashSet<MessageId>,
}

impl MessageCache {
    /// A cache holding every message (nothing will be asked).
    pub fn whole(messages: Vec<Message>) -> MessageCache {
        let mut cache = MessageCache {
            complete: true,
            ..Default::default()
        };
        cache.messages.reserve(messages.len());
        cache
            .messages
            .extend(messages.into_iter().map(|m| (m.id, m)));
        cache
    }

    /// An empty cache filled as the screen asks: the store has every message.
    pub fn lazy() -> MessageCache {
        MessageCache::default()
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    pub fn get(&self, id: &MessageId) -> Option<&Message> {
        self.messages.get(id)
    }

    /// A stored or changed message: its latest version replaces the one held.
    pub fn insert(&mut self, id: MessageId, m: Message) -> Option<Message> {
        self.asked.remove(&id);
        self.messages.insert(id, m)
    }

    /// Messages read from the store on request. A version already held came with a change
    /// event, which is never older, so it stays.
    pub fn fill(&mut self, read: Vec<Message>) {
        for m in read {
            self.asked.remove(&m.id);
            self.messages.entry(m.id).or_insert(m);
        }
    }

    /// Which of `wanted` are neither held nor asked already; they count as asked from now.
    pub fn to_ask(&mut self, wanted: impl IntoIterator<Item = MessageId>) -> Vec<MessageId> {
        if self.complete {
            return Vec::new();
        }
        let mut out = Vec::new();
        for id in wanted {
            if !self.messages.contains_key(&id) && self.asked.insert(id) {
                out.push(id);
            }
        }
        out
    }

    /// Forgets what was asked and not answered (the service said something failed): it is
    /// asked again when still wanted.
    pub fn forget_asked(&mut self) {
        self.asked.clear();
    }

    /// Lets go of the messages not in `keep` once too many are held (never when complete:
    /// then nothing could be read again).
    pub fn trim(&mut self, keep: &FxHashSet<MessageId>) {
        if !self.complete && self.messages.len() > KEEP_AT_MOST {
            self.messages.retain(|id, _| keep.contains(id));
        }
    }

    /// The messages held (every stored message when complete).
    pub fn values(&self) -> impl Iterator<Item = &Message> + Clone {
        self.messages.values()
    }

    pub fn len(&self) -> usize {
        self.messages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
}

/// Rows read ahead of the selection and kept behind it: a screenful of moves in either
/// direction never waits for the store.
const ROWS_BEHIND: usize = 64;
const ROWS_AHEAD: usize = 192;

impl super::state::State {
    /// Asks the store for the messages the screen shows or is about to (after every action),
    /// and lets go of the others when too many are held.
    pub(super) fn fetch_shown(&mut self, effects: &mut Vec<super::action::Effect>) {
        if self.shared.messages.is_complete() {
            return;
        }
        let wanted = self.shown_ids();
        let ask = self.shared.messages.to_ask(wanted.iter().copied());
        if !ask.is_empty() {
            effects.push(super::action::Effect::Command(
                crate::service::Command::FetchMessages { ids: ask },
            ));
        }
        if self.shared.messages.len() > KEEP_AT_MOST {
            let keep: FxHashSet<MessageId> = wanted.into_iter().collect();
            self.shared.messages.trim(&keep);
        }
    }

    /// The rows around the selection and the list's first visible row, the open and answered
    /// messages, and the recent ones the bad-buzz alert reads.
    fn shown_ids(&self) -> Vec<MessageId> {
        // The list's first row is where the last frame left it; the selection may have
        // jumped far from it since (the next frame scrolls to it): both windows are read.
        let window = |at: usize| {
            let from = at.saturating_sub(ROWS_BEHIND);
            self.inbox
                .iter()
                .skip(from)
                .take(ROWS_BEHIND + ROWS_AHEAD)
                .copied()
        };
        let since = (self.now - self.buzz.settings.history()).as_millisecond();
        window(self.selected)
            .chain(window(self.list_offset.get()))
            .chain(self.open)
            .chain(self.replying.composer.as_ref().map(|c| c.message))
            .chain(self.shared.index.read().since(since))
            .chain(self.incident_ids())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, testing};

    fn ids(raw: &[u64]) -> Vec<MessageId> {
        raw.iter().copied().map(MessageId).collect()
    }

    #[test]
    fn what_was_asked_is_asked_once_until_it_comes_or_a_failure_is_said() {
        let mut cache = MessageCache::lazy();
        assert_eq!(cache.to_ask(ids(&[1, 2])), ids(&[1, 2]));
        assert!(cache.to_ask(ids(&[1, 2])).is_empty(), "not asked twice");
        let at = "2026-11-20T10:00:00Z".parse().unwrap();
        cache.fill(vec![testing::inbound(1, Channel::Mastodon, at, "hi")]);
        assert!(
            cache.to_ask(ids(&[1, 2])).is_empty(),
            "1 is held, 2 still on its way"
        );
        cache.forget_asked();
        assert_eq!(cache.to_ask(ids(&[1, 2])), ids(&[2]));
        assert!(MessageCache::whole(Vec::new()).to_ask(ids(&[3])).is_empty());
    }
}
