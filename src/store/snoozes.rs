//! Snoozed messages by the instant they come back, so the service finds those due without
//! reading the others. The `snoozes` tree changes in the transaction that changes the message
//! (`Store::update`), so the two never disagree.

use super::messages::TxResult;
use super::{Store, StoreError, keys};
use crate::model::{Message, MessageId, Status};
use jiff::Timestamp;
use sled::transaction::TransactionalTree;

/// The key of a snoozed message: its wake instant (ms, order-preserving) then its id.
pub(super) fn key(m: &Message) -> Option<[u8; 16]> {
    let until = m.snoozed_until.filter(|_| m.status == Status::Snoozed)?;
    let mut key = [0; 16];
    // Flipping the sign bit makes big-endian bytes sort as the signed numbers do.
    let ms = (until.as_millisecond() as u64) ^ (1 << 63);
    key[..8].copy_from_slice(&ms.to_be_bytes());
    key[8..].copy_from_slice(&keys::id(m.id));
    Some(key)
}

/// The wake instant (ms) and id a key holds.
fn parse(key: &[u8]) -> Option<(i64, MessageId)> {
    let ms = u64::from_be_bytes(key.get(..8)?.try_into().ok()?) ^ (1 << 63);
    Some((ms as i64, keys::id_from(key.get(8..)?)?))
}

pub(super) fn rewrite(
    tree: &TransactionalTree,
    was: Option<[u8; 16]>,
    now: Option<[u8; 16]>,
) -> TxResult<()> {
    if was == now {
        return Ok(());
    }
    if let Some(was) = was {
        tree.remove(&was)?;
    }
    if let Some(now) = now {
        tree.insert(&now, &[])?;
    }
    Ok(())
}

impl Store {
    /// Snoozes a message until `until`: it leaves the views, its countdown runs on.
    pub fn snooze(&self, id: MessageId, until: Timestamp) -> Result<Option<Message>, StoreError> {
        self.update(id, |m| {
            m.status = Status::Snoozed;
            m.snoozed_until = Some(until);
        })
    }

    /// Brings back every snoozed message whose time has come (at or before `now`): new again,
    /// and marked as back until it is opened. Returns them as changed.
    pub fn wake_due(&self, now: Timestamp) -> Result<Vec<Message>, StoreError> {
        let mut due = Vec::new();
        for key in self.snoozes.iter().keys() {
            let key = key.map_err(|e| self.io(e))?;
            let (ms, id) = parse(&key).ok_or_else(|| self.corrupt("a snooze key is truncated"))?;
            if ms > now.as_millisecond() {
                break;
            }
            due.push(id);
        }
        let mut woke = Vec::with_capacity(due.len());
        for id in due {
            let back = self.update(id, |m| {
                if m.status == Status::Snoozed {
                    m.status = Status::New;
                }
            })?;
            woke.extend(back);
        }
        Ok(woke)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::super::{Inserted, Store, keys};
    use crate::model::{Direction, Message, Status};
    use jiff::Timestamp;

    fn stored(store: &Store, ext: &str, at: &str) -> Message {
        match store
            .insert(sample(ext, Direction::Inbound, None, at), None)
            .unwrap()
        {
            Inserted::New { message, .. } => *message,
            Inserted::Duplicate(_) => panic!("{ext} was new"),
        }
    }

    #[test]
    fn a_message_stored_before_snoozes_is_read_as_never_snoozed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let m = stored(&store, "old", "2026-11-02T09:00:00Z");
        let mut old = vec![1u8];
        old.extend(postcard::to_stdvec(&super::super::codec::MessageV1::from(&m)).unwrap());
        store.messages.insert(keys::id(m.id), old).unwrap();
        let read = store.get(m.id).unwrap().unwrap();
        assert_eq!(read, m);
        // Changed, it is written in today's format and keeps its snooze.
        let until = "2026-11-03T09:00:00Z".parse::<Timestamp>().unwrap();
        store.snooze(m.id, until).unwrap();
        assert_eq!(store.get(m.id).unwrap().unwrap().snoozed_until, Some(until));
    }

    #[test]
    fn snoozed_messages_come_back_when_due_new_and_marked_until_set_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        let early = stored(&store, "early", "2026-11-02T09:00:00Z");
        let late = stored(&store, "late", "2026-11-02T09:01:00Z");
        let resolved = stored(&store, "resolved", "2026-11-02T09:02:00Z");
        store.snooze(late.id, at("2026-11-02T12:00:00Z")).unwrap();
        store.snooze(early.id, at("2026-11-02T10:00:00Z")).unwrap();
        store
            .snooze(resolved.id, at("2026-11-02T10:30:00Z"))
            .unwrap();
        // Resolving a snoozed message takes it out of the snoozes.
        store.set_status(resolved.id, Status::Resolved).unwrap();

        assert!(
            store
                .wake_due(at("2026-11-02T09:59:59Z"))
                .unwrap()
                .is_empty()
        );
        let woke = store.wake_due(at("2026-11-02T11:00:00Z")).unwrap();
        assert_eq!(woke.iter().map(|m| m.id).collect::<Vec<_>>(), [early.id]);
        assert_eq!(woke[0].status, Status::New);
        assert!(woke[0].is_back_from_snooze());
        // Waking is once.
        assert!(
            store
                .wake_due(at("2026-11-02T11:00:00Z"))
                .unwrap()
                .is_empty()
        );
        let late_now = store.get(late.id).unwrap().unwrap();
        assert_eq!(late_now.status, Status::Snoozed);
        assert!(!late_now.is_back_from_snooze());
        // Opened (set by hand), it is no longer marked; the resolved one stays resolved.
        let opened = store.set_status(early.id, Status::Open).unwrap().unwrap();
        assert!(!opened.is_back_from_snooze());
        assert_eq!(
            store.get(resolved.id).unwrap().unwrap().status,
            Status::Resolved
        );
        let woke = store.wake_due(at("2026-11-03T00:00:00Z")).unwrap();
        assert_eq!(woke.iter().map(|m| m.id).collect::<Vec<_>>(), [late.id]);
    }
}
