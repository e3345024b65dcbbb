//! What keeps a team from stepping on each other: a reply is held when the conversation moved
//! on since its agent opened it (checked here, on the service's one thread, so two agents
//! sending at once are seen in order), and conversations are assigned.

use super::Event;
use super::Seen;
use super::worker::Worker;
use crate::model::{Message, MessageId};
use crate::store::{OutboxState, StoreError};

/// How much of a message a change line quotes.
const QUOTE_CHARS: usize = 60;

impl Worker {
    /// Queues a reply, unless the conversation changed since `seen` (then the console is
    /// told what changed, and asks its agent).
    pub(super) fn send_reply(
        &mut self,
        id: MessageId,
        text: String,
        seen: Option<Seen>,
        private: bool,
    ) -> Result<(), StoreError> {
        if let Some(seen) = seen {
            let changes = self.changes_since(id, seen)?;
            if !changes.is_empty() {
                self.consoles.answer(Event::ReplyHeld {
                    id,
                    text,
                    changes,
                    private,
                });
                return Ok(());
            }
        }
        self.queue_reply(id, text, private)
    }

    /// What happened in the conversation of `id` after `seen`: messages stored since (the
    /// customer's, or the brand's replies), and replies queued or sent since by anyone.
    fn changes_since(&self, id: MessageId, seen: Seen) -> Result<Vec<String>, StoreError> {
        let Some(m) = self.store.get(id)? else {
            return Ok(Vec::new());
        };
        let conversation = self.store.conversation(m.conversation)?;
        let members: Vec<MessageId> = conversation.messages.iter().map(|m| m.id).collect();
        let mut changes: Vec<String> = conversation
            .messages
            .iter()
            .filter(|m| m.id > seen.message)
            .map(describe)
            .collect();
        for entry in self.store.outbox()? {
            let newer = seen.outbox.is_none_or(|known| entry.id > known);
            let live = !matches!(
                entry.state,
                OutboxState::Cancelled | OutboxState::Failed { .. } | OutboxState::Sent { .. }
            );
            // A sent reply is in the conversation already (counted above).
            if newer && live && members.contains(&entry.message) {
                changes.push(format!(
                    "{} queued a reply: \"{}\"",
                    entry.agent,
                    quote(&entry.text)
                ));
            }
        }
        Ok(changes)
    }

    pub(super) fn assign(&mut self, id: MessageId, to: Option<String>) -> Result<(), StoreError> {
        let Some(m) = self.store.get(id)? else {
            return Ok(());
        };
        if let Some(agent) = &to
            && !self.agents.is_empty()
            && !self.agents.iter().any(|(name, _)| name == agent)
        {
            self.consoles.answer(Event::Failed(format!(
                "No agent is named {agent}; the agents are listed under [[agent]] in the config."
            )));
            return Ok(());
        }
        let changed = self.store.assign(m.conversation, to.as_deref())?;
        if changed.is_empty() {
            return Ok(());
        }
        self.audit("assign", Some(id), to.as_deref().unwrap_or("no one"))?;
        self.store.flush()?;
        self.consoles.broadcast(Event::Changed(changed));
        Ok(())
    }
}

fn describe(m: &Message) -> String {
    if m.is_inbound() {
        format!("{} wrote: \"{}\"", m.author.handle, quote(&m.text))
    } else {
        let who = m.author.name.as_deref().unwrap_or("the brand");
        format!("{who} replied: \"{}\"", quote(&m.text))
    }
}

fn quote(text: &str) -> String {
    let one_line = crate::text::sanitize(text).replace('\n', " ");
    let mut chars = one_line.chars();
    let head: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
