//! The current view's rows, made as far as the screen needs: the messages with a countdown
//! (sorted by urgency) in full, then the others newest first, taken from the index only up
//! to a little past the selection. Their total is known from the index's counts, so a view
//! of a million messages is switched to without walking it.

use super::index::Slot;
use crate::model::MessageId;

/// Rows are made this far past the selection (more than any terminal is tall).
pub(super) const AHEAD: usize = 256;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ViewRows {
    /// The rows made so far, in order.
    ids: Vec<MessageId>,
    /// How many rows the view has in all.
    total: usize,
    /// How far the index has been read for the rest of the rows.
    scanned: usize,
    complete: bool,
}

impl ViewRows {
    /// Rows of which `head` is complete and `tail_total` more are still to be read.
    pub fn new(head: Vec<MessageId>, tail_total: usize) -> ViewRows {
        let total = head.len().saturating_add(tail_total);
        ViewRows {
            complete: tail_total == 0,
            ids: head,
            total,
            scanned: 0,
        }
    }

    /// Every row at once (a search or an alert filters rows the counts do not know).
    pub fn complete(ids: Vec<MessageId>) -> ViewRows {
        ViewRows {
            total: ids.len(),
            ids,
            scanned: 0,
            complete: true,
        }
    }

    /// Reads the index (oldest first, so from its end) on from where it stopped until row
    /// `upto` exists or the view ends; `admits` says which slots belong to the rest of the
    /// view.
    pub fn fill(&mut self, upto: usize, oldest_first: &[Slot], admits: impl Fn(&Slot) -> bool) {
        while !self.complete && self.ids.len() <= upto {
            let next = oldest_first.len().checked_sub(self.scanned + 1);
            match next.and_then(|i| oldest_first.get(i)) {
                Some(slot) => {
                    self.scanned += 1;
                    if admits(slot) {
                        self.ids.push(slot.id);
                    }
                }
                None => {
                    // The counts and the index disagree only through a bug; the rows win.
                    self.total = self.ids.len();
                    self.complete = true;
                }
            }
        }
        if self.ids.len() >= self.total {
            self.complete = true;
        }
    }

    /// Puts the rows made (all of them, for a complete view) in another order; a stable sort,
    /// so rows of equal key keep their order.
    pub fn sort_by_key<K: Ord>(&mut self, key: impl FnMut(&MessageId) -> K) {
        self.ids.sort_by_key(key);
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// How many rows the view has, made or not.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The rows made so far.
    pub fn as_slice(&self) -> &[MessageId] {
        &self.ids
    }

    pub fn get(&self, i: usize) -> Option<MessageId> {
        self.ids.get(i).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Rows made so far, with their positions.
    pub fn iter(&self) -> std::slice::Iter<'_, MessageId> {
        self.ids.iter()
    }

    /// Rows made so far (at least `AHEAD` past the selection).
    pub fn len(&self) -> usize {
        self.ids.len()
    }
}
