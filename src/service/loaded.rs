//! What a console opens on, sent when it attaches: the inbox's summaries, its agent's drafts,
//! the outbox, the assignments, the people, the sources' health and who else is here.

use super::Event;
use super::worker::Worker;
use crate::ingest;
use crate::store::{OutboxState, StoreError};

impl Worker {
    /// Sends what agents recorded about people to every console, once it is on disk.
    pub(super) fn emit_people(&self) -> Result<(), StoreError> {
        self.store.flush()?;
        self.consoles.broadcast(Event::People {
            links: self.store.links()?,
            records: self.store.people()?,
        });
        Ok(())
    }

    /// What a console opens on, sent to the console that just attached: its agent's drafts,
    /// then the people and who else is here.
    pub(super) fn emit_loaded(&self) {
        let agent = self.consoles.agent();
        let loaded = ingest::summaries(&self.store).and_then(|summaries| {
            let mut drafts = Vec::new();
            for id in self.store.drafted_messages(agent)? {
                if let Some(d) = self.store.draft(id, agent)? {
                    drafts.push((id, d.text));
                }
            }
            // What the console shows: replies on their way or failed, and a day of sent ones.
            let day_ago = self.clock.now() - jiff::SignedDuration::from_hours(24);
            let outbox = self
                .store
                .outbox()?
                .into_iter()
                .filter(|e| match &e.state {
                    OutboxState::Sent { at, .. } => *at >= day_ago,
                    OutboxState::Cancelled => false,
                    _ => true,
                })
                .collect();
            Ok(Event::Loaded {
                inbox: super::Backlog::summaries(summaries),
                drafts,
                outbox,
                assigned: self.store.assignments()?,
                changes: self.consoles.changes(),
            })
        });
        self.consoles
            .answer(loaded.unwrap_or_else(|e| Event::Failed(e.to_string())));
        let people = self.store.links().and_then(|links| {
            Ok(Event::People {
                links,
                records: self.store.people()?,
            })
        });
        self.consoles
            .answer(people.unwrap_or_else(|e| Event::Failed(e.to_string())));
        let tagged = self.store.tagged().map(Event::Tagged);
        self.consoles
            .answer(tagged.unwrap_or_else(|e| Event::Failed(e.to_string())));
        let incidents = self.store.incidents().map(Event::Incidents);
        self.consoles
            .answer(incidents.unwrap_or_else(|e| Event::Failed(e.to_string())));
        self.consoles
            .broadcast(Event::Presence(self.consoles.presence()));
        for (source, (ok, detail)) in &self.health {
            self.consoles.answer(Event::SourceHealth {
                source: source.clone(),
                ok: *ok,
                detail: detail.clone(),
            });
        }
    }
}
