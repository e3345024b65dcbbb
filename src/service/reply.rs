//! Sending a reply: stored as the brand's outbound message in the thread (which answers the
//! thread's waiting messages and stops their countdown), then handed to the network.

use super::Event;
use super::worker::Worker;
use crate::connectors::ConnectorRequest;
use crate::model::{Author, Direction, Kind, MessageId, NewMessage};
use crate::store::{Inserted, StoreError};

impl Worker {
    pub(super) fn send_reply(&mut self, id: MessageId, text: String) -> Result<(), StoreError> {
        let Some(to) = self.store.get(id)? else {
            let _ = self.events.send(Event::Failed(
                "That message is no longer in the store.".into(),
            ));
            return Ok(());
        };
        if text.trim().is_empty() {
            let _ = self.events.send(Event::Failed(
                "The reply is empty; type something first.".into(),
            ));
            return Ok(());
        }
        let now = self.clock.now();
        let reply = NewMessage {
            channel: to.channel,
            account: to.account.clone(),
            // Unique per reply: the message id and the millisecond it was sent.
            external_id: format!("tribune-{id}-{}", now.as_millisecond()),
            kind: match to.kind {
                Kind::Review | Kind::Complaint => Kind::Comment,
                k => k,
            },
            direction: Direction::Outbound,
            // The agent who wrote it, for the thread and the per-agent report.
            author: Author {
                handle: to.account.clone(),
                name: Some(self.agent.clone()),
                followers: None,
            },
            text,
            created_at: now,
            rating: None,
            in_reply_to: Some(to.external_id.clone()),
            url: None,
            lang: to.lang.clone(),
        };
        let Inserted::New { message, answered } = self.store.insert(reply, None)? else {
            return Ok(());
        };
        self.store.delete_draft(id)?;
        let waited = answered
            .iter()
            .find(|m| m.id == id)
            .map(|m| (now - m.created_at).as_secs())
            .unwrap_or(0);
        self.audit(
            "reply",
            Some(id),
            &format!("first response after {waited}s"),
        )?;
        self.store.flush()?;

        for (channels, route) in &self.routes {
            if channels.contains(&to.channel) {
                let _ = route.send(ConnectorRequest::ReplyPosted {
                    to: to.clone(),
                    reply: (*message).clone(),
                });
            }
        }
        let mut changed = vec![*message];
        changed.extend(answered);
        let _ = self.events.send(Event::Changed(changed));
        let _ = self.events.send(Event::ReplySent { to: id });
        let _ = self.events.send(Event::Conversation(
            self.store.conversation(to.conversation)?,
        ));
        Ok(())
    }
}
