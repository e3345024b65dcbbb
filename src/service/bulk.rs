//! Changes an agent makes to many messages at once (the marked rows), or to one: each message
//! is changed and audited, then the store is flushed once and the consoles told once, so a
//! thousand marked messages take one step of the service.

use super::Event;
use super::worker::Worker;
use crate::model::{Message, MessageId, Sentiment, SentimentLabel, Status};
use crate::sentiment;
use crate::store::StoreError;
use jiff::Timestamp;

/// What an agent does to the messages chosen.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Status(Status),
    /// An agent's label, or `None` to hand the messages back to the tagger.
    Sentiment(Option<SentimentLabel>),
    /// Tags added and removed (free words, kept as typed, compared without case).
    Tags {
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// Out of the views until then; the countdown keeps running.
    Snooze(Timestamp),
    /// Each message's conversation, to an agent or to no one.
    Assign(Option<String>),
}

impl Change {
    fn audit(&self) -> (&'static str, String) {
        match self {
            Change::Status(s) => ("status", s.as_str().to_string()),
            Change::Sentiment(l) => ("sentiment", l.map_or("auto", |l| l.as_str()).to_string()),
            Change::Tags { add, remove } => {
                let mut words: Vec<String> = add.clone();
                words.extend(remove.iter().map(|t| format!("-{t}")));
                ("tags", words.join(" "))
            }
            Change::Snooze(until) => ("snooze", until.to_string()),
            Change::Assign(to) => ("assign", to.clone().unwrap_or_else(|| "no one".into())),
        }
    }
}

/// Adds and removes tags on one message's list; whether it changed.
pub fn retag(tags: &mut Vec<String>, add: &[String], remove: &[String]) -> bool {
    let before = tags.clone();
    tags.retain(|t| !remove.iter().any(|r| r.eq_ignore_ascii_case(t)));
    for t in add {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            tags.push(t.clone());
        }
    }
    *tags != before
}

impl Worker {
    /// Applies `change` to every message of `ids` (one flush, one broadcast).
    pub(super) fn change_all(
        &mut self,
        ids: Vec<MessageId>,
        change: Change,
    ) -> Result<(), StoreError> {
        if let Change::Assign(Some(agent)) = &change
            && !self.agents.is_empty()
            && !self.agents.iter().any(|(name, _)| name == agent)
        {
            self.consoles.answer(Event::Failed(format!(
                "No agent is named {agent}; the agents are listed under [[agent]] in the config."
            )));
            return Ok(());
        }
        let (action, detail) = change.audit();
        let mut changed: Vec<Message> = Vec::new();
        let mut conversations = std::collections::HashSet::new();
        for id in ids {
            let done = match &change {
                Change::Status(status) => self.store.set_status(id, *status)?.into_iter().collect(),
                Change::Sentiment(label) => self.relabel(id, *label)?.into_iter().collect(),
                Change::Tags { add, remove } => {
                    let touched = std::cell::Cell::new(false);
                    let m = self.store.update(id, |m| {
                        touched.set(retag(&mut m.tags, add, remove));
                    })?;
                    m.filter(|_| touched.get()).into_iter().collect()
                }
                Change::Snooze(until) => self.store.snooze(id, *until)?.into_iter().collect(),
                Change::Assign(to) => match self.store.get(id)? {
                    Some(m) if conversations.insert(m.conversation) => {
                        self.store.assign(m.conversation, to.as_deref())?
                    }
                    _ => Vec::new(),
                },
            };
            if !done.is_empty() {
                self.audit(action, Some(id), &detail)?;
            }
            changed.extend(done);
        }
        if !changed.is_empty() {
            self.store.flush()?;
            self.consoles.broadcast(Event::Changed(changed));
        }
        Ok(())
    }

    /// Stores an agent's label (kept through any re-tagging), or clears it back to the
    /// tagger's own reading of the text.
    pub(super) fn set_sentiment(
        &mut self,
        id: MessageId,
        label: Option<SentimentLabel>,
    ) -> Result<(), StoreError> {
        if let Some(m) = self.relabel(id, label)? {
            let detail = label.map(|l| l.as_str()).unwrap_or("auto");
            self.audit("sentiment", Some(id), detail)?;
            self.store.flush()?;
            self.consoles.broadcast(Event::Changed(vec![m]));
        }
        Ok(())
    }

    /// Writes an agent's label, or the tagger's own reading for `None` (not flushed).
    pub(super) fn relabel(
        &mut self,
        id: MessageId,
        label: Option<SentimentLabel>,
    ) -> Result<Option<crate::model::Message>, StoreError> {
        self.store.update(id, |m| {
            let auto = sentiment::tag(&m.text, m.rating, m.lang.as_deref());
            m.sentiment = Some(match label {
                // As for the tagger, a message read as positive raises no complaint flag.
                Some(SentimentLabel::Pos) => Sentiment {
                    label: SentimentLabel::Pos,
                    by_agent: true,
                    urgency: Default::default(),
                    ..auto
                },
                Some(label) => Sentiment {
                    label,
                    by_agent: true,
                    ..auto
                },
                None => auto,
            });
        })
    }

    /// Brings back the snoozed messages whose time has come (each outbox tick); a failure
    /// is said to the consoles once, not at every tick.
    pub(super) fn wake_snoozed_or_say(&mut self) {
        match self.wake_snoozed() {
            Ok(()) => self.snoozes_failed = false,
            Err(e) if !self.snoozes_failed => {
                tracing::error!(error = %e, "snoozed messages cannot be brought back");
                self.snoozes_failed = true;
                self.consoles.broadcast(Event::Failed(format!(
                    "Snoozed messages cannot be brought back: {e}"
                )));
            }
            Err(_) => {}
        }
    }

    fn wake_snoozed(&mut self) -> Result<(), StoreError> {
        let woke = self.store.wake_due(self.clock.now())?;
        if woke.is_empty() {
            return Ok(());
        }
        for m in &woke {
            self.audit_as("tribune", "back from snooze", Some(m.id), "")?;
        }
        self.store.flush()?;
        self.consoles.broadcast(Event::Changed(woke));
        Ok(())
    }

    /// Replies to each message of `ids` with one template, filled from that message: each
    /// its own outbox entry with the undo window. A message already answered, with a reply
    /// on its way, whose reply would be over its network's limit or would still lack a
    /// field (`{order}`) is left out, and the console hears why.
    pub(super) fn reply_each(
        &mut self,
        ids: Vec<MessageId>,
        template: String,
        signature: String,
    ) -> Result<(), StoreError> {
        let waiting: std::collections::HashSet<MessageId> = self
            .store
            .outbox()?
            .iter()
            .filter(|e| e.is_pending())
            .map(|e| e.message)
            .collect();
        let mut queued = Vec::new();
        let mut skipped: Vec<String> = Vec::new();
        for id in ids {
            let Some(m) = self.store.get(id)? else {
                continue;
            };
            let fill = crate::templates::Fill::from_message(&m, &signature);
            let text = crate::templates::render(&template, &fill);
            let measure = crate::text::limits::Measure::of(m.channel, &text);
            let why = if m.answered_at.is_some() {
                Some("already answered")
            } else if waiting.contains(&id) {
                Some("a reply is on its way")
            } else if text.contains('⟨') {
                Some("the template needs a field it lacks")
            } else if measure.over() > 0 {
                Some("over the network's limit")
            } else {
                None
            };
            match why {
                Some(why) => skipped.push(format!(
                    "{} ({why})",
                    crate::text::sanitize(m.author.label())
                )),
                None => queued.push(self.enqueue(id, text, false)?),
            }
        }
        self.store.flush()?;
        self.consoles.answer(Event::RepliesQueued {
            outbox: queued.iter().map(|e| e.id).collect(),
            skipped,
        });
        for entry in queued {
            self.consoles.broadcast(Event::Outbox(Box::new(entry)));
        }
        self.pump_outbox()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tags_are_added_once_and_removed_without_case() {
        let mut tags = vec!["Delivery".to_string()];
        let s = |v: &[&str]| v.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert!(!super::retag(&mut tags, &s(&["delivery"]), &[]));
        assert!(super::retag(
            &mut tags,
            &s(&["refund", "urgent"]),
            &s(&["DELIVERY"])
        ));
        assert_eq!(tags, s(&["refund", "urgent"]));
    }
}
