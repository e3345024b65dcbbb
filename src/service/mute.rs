//! Muted people: their new messages are stored as spam (out of the views and counts, kept),
//! and muting marks their messages still waiting as spam too. The service keeps who is
//! muted, and the links that make several handles one person, to judge each new message.

use super::bulk::Change;
use super::worker::Worker;
use crate::model::{Message, MessageId, Status};
use crate::profile::Links;
use crate::store::{Store, StoreError};
use std::collections::HashSet;

#[derive(Debug, Default)]
pub(super) struct Muted {
    links: Links,
    people: HashSet<String>,
}

impl Muted {
    pub(super) fn load(store: &Store) -> Result<Muted, StoreError> {
        let people = store
            .people()?
            .into_iter()
            .filter(|(_, r)| r.muted)
            .map(|(key, _)| key)
            .collect();
        Ok(Muted {
            links: store.links()?,
            people,
        })
    }

    fn holds(&self, m: &Message) -> bool {
        !self.people.is_empty()
            && m.is_inbound()
            && self
                .people
                .contains(&crate::profile::person_of(m, &self.links))
    }
}

impl Worker {
    /// Mutes or unmutes a person; muting marks `waiting` (their messages still waiting, as
    /// the console found them) as spam.
    pub(super) fn set_muted(
        &mut self,
        person: String,
        muted: bool,
        waiting: Vec<MessageId>,
    ) -> Result<(), StoreError> {
        let mut record = self.store.person(&person)?.unwrap_or_default();
        record.muted = muted;
        self.store.save_person(&person, &record)?;
        self.audit(if muted { "mute" } else { "unmute" }, None, &person)?;
        self.muted = Muted::load(&self.store)?;
        self.emit_people()?;
        if muted {
            self.change_all(waiting, Change::Status(Status::Spam))?;
        }
        Ok(())
    }

    /// Stores the new messages of muted people as spam (in `stored`, as they now are).
    pub(super) fn spam_the_muted(&mut self, stored: &mut [Message]) -> Result<(), StoreError> {
        for m in stored.iter_mut() {
            if m.status == Status::New
                && self.muted.holds(m)
                && let Some(spam) = self.store.set_status(m.id, Status::Spam)?
            {
                *m = spam;
            }
        }
        Ok(())
    }

    /// Who is muted changed elsewhere (a link makes a handle someone muted).
    pub(super) fn reload_muted(&mut self) -> Result<(), StoreError> {
        self.muted = Muted::load(&self.store)?;
        Ok(())
    }
}
