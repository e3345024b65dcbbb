//! Which notifications a poll reads. The AppView sorts and dates a notification by the
//! earlier of the post's `createdAt` and when it was indexed, so a mention written on a phone
//! whose clock is behind, queued offline or relayed late from another PDS lands *behind*
//! newer ones already read. Each poll therefore pages back past the newest time already seen
//! by a margin, and remembers which items it has delivered, so a late item lands and a
//! re-delivered one is not sent twice (the store's dedup absorbs what a restart sends again).

use super::api::{Client, NetworkError, Notification};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;

/// How far behind the newest item seen a poll keeps reading for late ones.
pub(super) const LATE_MARGIN: SignedDuration = SignedDuration::from_hours(6);
/// Pages read on the first start (50 notifications each).
const BACKFILL_PAGES: usize = 5;
/// Pages a later poll reads at most: enough for the margin on a busy account, bounded so a
/// flood cannot make one poll endless.
const POLL_PAGES: usize = 20;

/// What the connector knows of the notifications it has read, across its polls.
#[derive(Debug, Default)]
pub(super) struct Reading {
    /// The newest time seen (persisted as the connector's cursor, so it never goes back).
    newest: Option<Timestamp>,
    /// Items delivered in this run, with their time, forgotten once past the margin.
    delivered: HashMap<String, Timestamp>,
}

impl Reading {
    /// Resumes from a persisted cursor (the newest time seen).
    pub(super) fn resume(cursor: Option<&str>) -> Reading {
        Reading {
            newest: cursor.and_then(|c| c.parse().ok()),
            delivered: HashMap::new(),
        }
    }

    /// The cursor to persist.
    pub(super) fn cursor(&self) -> Option<String> {
        self.newest.map(|t| t.to_string())
    }

    /// Reads the pages a poll needs and returns the notifications not delivered yet.
    pub(super) async fn poll(
        &mut self,
        client: &Client,
    ) -> Result<Vec<Notification>, NetworkError> {
        let (stop_before, pages) = match self.newest {
            Some(newest) => (Some(newest - LATE_MARGIN), POLL_PAGES),
            None => (None, BACKFILL_PAGES),
        };
        let mut read = Vec::new();
        let mut page_cursor: Option<String> = None;
        for _ in 0..pages {
            let page = client.notifications(page_cursor.as_deref()).await?;
            let count = page.items.len();
            let mut reached = false;
            for n in page.items {
                let past =
                    matches!((stop_before, time_of(&n)), (Some(stop), Some(at)) if at < stop);
                if past {
                    reached = true;
                    continue;
                }
                read.push(n);
            }
            match page.cursor {
                Some(next) if !reached && count > 0 => page_cursor = Some(next),
                _ => break,
            }
        }
        Ok(self.take_new(read))
    }

    /// Keeps what was not delivered yet, remembers it, and moves the newest time forward.
    fn take_new(&mut self, read: Vec<Notification>) -> Vec<Notification> {
        let mut fresh = Vec::new();
        for n in read {
            let at = time_of(&n);
            if let Some(at) = at {
                self.newest = Some(self.newest.map_or(at, |t| t.max(at)));
            }
            if self.delivered.contains_key(&n.uri) {
                continue;
            }
            self.delivered
                .insert(n.uri.clone(), at.unwrap_or(Timestamp::UNIX_EPOCH));
            fresh.push(n);
        }
        if let Some(newest) = self.newest {
            // Twice the margin: an item is forgotten only once no poll can read it again.
            let horizon = newest - LATE_MARGIN - LATE_MARGIN;
            self.delivered.retain(|_, at| *at >= horizon);
        }
        fresh
    }
}

/// The time the AppView sorts a notification by (servers write it with and without fractions).
fn time_of(n: &Notification) -> Option<Timestamp> {
    n.indexed_at.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notification(uri: &str, at: &str) -> Notification {
        serde_json::from_value(serde_json::json!({
            "uri": uri, "cid": "c", "reason": "mention", "indexedAt": at,
            "author": {"did": "did:plc:a", "handle": "a.test"}, "record": {},
        }))
        .unwrap()
    }

    #[test]
    fn a_late_item_is_kept_a_redelivered_one_dropped_and_the_cursor_never_goes_back() {
        let mut reading = Reading::resume(None);
        let first = reading.take_new(vec![notification("a", "2026-11-20T10:00:00Z")]);
        assert_eq!(first.len(), 1);
        let second = reading.take_new(vec![
            notification("a", "2026-11-20T10:00:00Z"),
            notification("late", "2026-11-20T09:58:00.000Z"),
        ]);
        let uris: Vec<&str> = second.iter().map(|n| n.uri.as_str()).collect();
        assert_eq!(uris, ["late"]);
        assert_eq!(reading.cursor().as_deref(), Some("2026-11-20T10:00:00Z"));
    }
}
