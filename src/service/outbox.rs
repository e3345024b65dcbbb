//! Replies through the outbox: queued for the undo window, handed to the network under an
//! idempotency key, then recorded as the conversation's outbound message — or retried with
//! backoff, or shown as failed with the reason. Each state is written and flushed before it
//! is acted on, so a crash at any point neither loses a reply nor posts it twice.

use super::Event;
use super::worker::{Input, Worker};
use crate::connectors::ConnectorRequest;
use crate::connectors::post::{PostError, PostRequest, Posted};
use crate::model::{Author, Direction, Kind, MessageId, NewMessage};
use crate::store::{Inserted, OutboxEntry, OutboxId, OutboxState, StoreError};
use jiff::{SignedDuration, Timestamp};

/// Attempts before a reply that keeps failing is given up on and shown as failed.
const MAX_ATTEMPTS: u32 = 8;
/// Backoff between attempts: 2 s, 4 s, 8 s … capped.
const MAX_BACKOFF: SignedDuration = SignedDuration::from_secs(300);

impl Worker {
    /// Queues a reply; it goes out when the undo window closes.
    pub(super) fn queue_reply(
        &mut self,
        id: MessageId,
        text: String,
        private: bool,
    ) -> Result<(), StoreError> {
        if self.store.get(id)?.is_none() {
            self.consoles.answer(Event::Failed(
                "That message is no longer in the store.".into(),
            ));
            return Ok(());
        }
        if text.trim().is_empty() {
            self.consoles.answer(Event::Failed(
                "The reply is empty; type something first.".into(),
            ));
            return Ok(());
        }
        let entry = self.enqueue(id, text, private)?;
        self.store.flush()?;
        self.consoles.broadcast(Event::Outbox(Box::new(entry)));
        self.pump_outbox()
    }

    /// Writes a reply into the outbox, queued for the undo window (the caller flushes and
    /// tells the consoles).
    pub(super) fn enqueue(
        &mut self,
        id: MessageId,
        text: String,
        private: bool,
    ) -> Result<OutboxEntry, StoreError> {
        let now = self.clock.now();
        let outbox = self.store.next_outbox_id()?;
        let entry = OutboxEntry {
            id: outbox,
            message: id,
            text,
            idempotency_key: format!("tribune-{outbox}-{}", now.as_millisecond()),
            agent: self.consoles.agent().to_string(),
            created_at: now,
            state: OutboxState::Queued {
                send_after: now + self.undo_window,
            },
            attempts: 0,
            last_error: None,
            private,
        };
        self.store.put_outbox(&entry)?;
        self.pending.insert(outbox);
        self.store.delete_draft(id, &entry.agent)?;
        self.audit("reply queued", Some(id), &format!("outbox {outbox}"))?;
        Ok(entry)
    }

    pub(super) fn cancel_reply(&mut self, outbox: OutboxId) -> Result<(), StoreError> {
        let Some(entry) = self.take_back(outbox)? else {
            self.consoles.answer(Event::Failed(
                "Too late to undo: the reply has left for the network.".into(),
            ));
            return Ok(());
        };
        self.store.save_draft(
            entry.message,
            &entry.agent,
            &crate::store::Draft {
                text: entry.text.clone(),
                updated_at: self.clock.now(),
            },
        )?;
        self.store.flush()?;
        self.consoles.answer(Event::DraftRestored {
            id: entry.message,
            text: entry.text.clone(),
        });
        self.consoles.broadcast(Event::Outbox(Box::new(entry)));
        Ok(())
    }

    /// Undoes a batch of replies (one template to many messages): those still queued are
    /// cancelled, and the console hears how many; their text was the template's, so no
    /// draft is restored.
    pub(super) fn cancel_replies(&mut self, outbox: Vec<OutboxId>) -> Result<(), StoreError> {
        let asked = outbox.len();
        let mut cancelled = Vec::new();
        for id in outbox {
            cancelled.extend(self.take_back(id)?);
        }
        self.store.flush()?;
        let late = asked - cancelled.len();
        self.consoles.answer(Event::Done(match late {
            0 => format!("Undone: {} replies taken back.", cancelled.len()),
            _ => format!(
                "Undone: {} replies taken back; {late} had already left for the network.",
                cancelled.len()
            ),
        }));
        for entry in cancelled {
            self.consoles.broadcast(Event::Outbox(Box::new(entry)));
        }
        Ok(())
    }

    /// Cancels a reply still queued (None when it is gone or has left).
    fn take_back(&mut self, outbox: OutboxId) -> Result<Option<OutboxEntry>, StoreError> {
        let Some(mut entry) = self.store.outbox_entry(outbox)? else {
            return Ok(None);
        };
        if !matches!(entry.state, OutboxState::Queued { .. }) || entry.attempts > 0 {
            return Ok(None);
        }
        entry.state = OutboxState::Cancelled;
        self.store.put_outbox(&entry)?;
        self.pending.remove(&outbox);
        self.audit(
            "reply undone",
            Some(entry.message),
            &format!("outbox {outbox}"),
        )?;
        Ok(Some(entry))
    }

    /// Sends what is due: queued entries whose time has come, and entries left "sending"
    /// by a crash (again, under the same key).
    pub(super) fn pump_outbox(&mut self) -> Result<(), StoreError> {
        let now = self.clock.now();
        // Only entries still on their way are read, not the whole history of sent replies.
        let pending: Vec<OutboxId> = self.pending.iter().copied().collect();
        for id in pending {
            let Some(mut entry) = self.store.outbox_entry(id)? else {
                self.pending.remove(&id);
                continue;
            };
            let due = match &entry.state {
                OutboxState::Queued { send_after } => *send_after <= now,
                OutboxState::Sending => true,
                _ => false,
            };
            if !due || self.in_flight.contains(&entry.id) {
                continue;
            }
            let Some(to) = self.store.get(entry.message)? else {
                entry.state = OutboxState::Failed {
                    reason: "the message answered is no longer in the store".into(),
                };
                self.store.put_outbox(&entry)?;
                self.pending.remove(&entry.id);
                continue;
            };
            let Some(poster) = self.posters.get(&to.channel).cloned() else {
                // No account for this channel: the reply is recorded, not posted.
                let posted = Posted {
                    external_id: entry.idempotency_key.clone(),
                    url: None,
                    created_at: None,
                };
                self.record_sent(entry, Ok(posted))?;
                self.consoles.broadcast(Event::Failed(format!(
                    "No {} account is configured: the reply is recorded in the thread, not posted.",
                    to.channel.title()
                )));
                continue;
            };
            entry.state = OutboxState::Sending;
            entry.attempts += 1;
            // Written before the request leaves: after a crash, "sending" means "resend
            // under the same key", never "forget".
            self.store.put_outbox(&entry)?;
            self.store.flush()?;
            self.consoles
                .broadcast(Event::Outbox(Box::new(entry.clone())));
            self.in_flight.insert(entry.id);
            let request = PostRequest {
                channel: to.channel,
                text: entry.text.clone(),
                in_reply_to: to.external_id.clone(),
                idempotency_key: entry.idempotency_key.clone(),
                mention: Some(to.author.handle.clone()),
                direct: to.kind == Kind::Direct,
                private: entry.private,
            };
            if let (Some(input), Some(runtime)) = (self.input.clone(), self.runtime.clone()) {
                let id = entry.id;
                runtime.spawn(async move {
                    let result = poster.post(request).await;
                    let _ = input.send(Input::Posted { id, result });
                });
            }
        }
        Ok(())
    }

    /// The network's answer to an attempt.
    pub(super) fn on_posted(
        &mut self,
        id: OutboxId,
        result: Result<Posted, PostError>,
    ) -> Result<(), StoreError> {
        self.in_flight.remove(&id);
        let Some(entry) = self.store.outbox_entry(id)? else {
            return Ok(());
        };
        self.record_sent(entry, result)
    }

    fn record_sent(
        &mut self,
        mut entry: OutboxEntry,
        result: Result<Posted, PostError>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        match result {
            Ok(posted) => {
                let at = posted.created_at.unwrap_or(now);
                self.store_reply(&entry, &posted, at)?;
                entry.state = OutboxState::Sent {
                    external_id: posted.external_id,
                    at,
                };
                entry.last_error = None;
            }
            Err(e) if e.retryable && entry.attempts < MAX_ATTEMPTS => {
                let wait = SignedDuration::from_secs(1 << entry.attempts.min(16)).min(MAX_BACKOFF);
                entry.state = OutboxState::Queued {
                    send_after: now + wait,
                };
                entry.last_error = Some(format!("{} (retrying in {}s)", e.reason, wait.as_secs()));
            }
            Err(e) => {
                entry.state = OutboxState::Failed { reason: e.reason };
            }
        }
        if !entry.is_pending() {
            self.pending.remove(&entry.id);
        }
        self.store.put_outbox(&entry)?;
        self.store.flush()?;
        self.consoles.broadcast(Event::Outbox(Box::new(entry)));
        Ok(())
    }

    /// The sent reply becomes the conversation's outbound message: it answers the messages
    /// waiting in the thread and stops their countdown.
    fn store_reply(
        &mut self,
        entry: &OutboxEntry,
        posted: &Posted,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        let Some(to) = self.store.get(entry.message)? else {
            return Ok(());
        };
        let reply = NewMessage {
            channel: to.channel,
            account: to.account.clone(),
            external_id: posted.external_id.clone(),
            kind: match to.kind {
                Kind::Review | Kind::Complaint => Kind::Comment,
                k => k,
            },
            direction: Direction::Outbound,
            // The agent who wrote it, for the thread and the per-agent report.
            author: Author {
                handle: to.account.clone(),
                name: Some(entry.agent.clone()),
                followers: None,
            },
            text: entry.text.clone(),
            created_at: at,
            rating: None,
            in_reply_to: Some(to.external_id.clone()),
            url: posted.url.clone(),
            lang: to.lang.clone(),
        };
        let Inserted::New { message, answered } = self.store.insert(reply, None)? else {
            // Already recorded (the network's id was seen through its connector).
            return Ok(());
        };
        let waited = answered
            .iter()
            .find(|m| m.id == to.id)
            .map(|m| (at - m.created_at).as_secs())
            .unwrap_or(0);
        self.audit_as(
            &entry.agent,
            "reply",
            Some(to.id),
            &format!("first response after {waited}s"),
        )?;
        for (channels, route) in &self.routes {
            if channels.contains(&to.channel) {
                let _ = route.send(ConnectorRequest::ReplyPosted {
                    to: Box::new(to.clone()),
                    reply: message.clone(),
                });
            }
        }
        let mut changed = vec![*message];
        changed.extend(answered);
        self.consoles.broadcast(Event::Changed(changed));
        self.consoles.broadcast(Event::Conversation(
            self.store.conversation(to.conversation)?,
        ));
        Ok(())
    }
}
