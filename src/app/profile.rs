//! The customer profile screen's state and what agents do there: open a message's author,
//! mark them VIP, write a note, and link two authors as one person.

use super::action::Effect;
use super::state::State;
use crate::profile::{self, Profile};
use crate::service::Command;
use crossterm::event::{KeyCode, KeyEvent};

pub struct ProfileScreen {
    pub profile: Profile,
    /// First line of the history shown.
    pub scroll: u16,
    /// A note being typed, until Enter saves it.
    pub note: Option<super::LineInput>,
    /// Built from the messages held while the store reads every message of theirs.
    pub reading: bool,
}

impl State {
    /// The person a message's author is, as links stand now.
    fn person_of_message(&self, id: crate::model::MessageId) -> Option<String> {
        self.shared
            .messages
            .get(&id)
            .map(|m| profile::person_of(m, &self.shared.people.links))
    }

    /// Opens the profile of message `id`'s author: at once from the messages held, then in
    /// full once the store has read every message that may be theirs.
    pub(super) fn open_profile(&mut self, id: crate::model::MessageId, effects: &mut Vec<Effect>) {
        let Some(key) = self.person_of_message(id) else {
            return;
        };
        self.profile = Some(ProfileScreen {
            profile: self.build_profile(&key, self.shared.messages.values()),
            scroll: 0,
            note: None,
            reading: !self.shared.messages.is_complete(),
        });
        self.ask_for_person(&key, effects);
    }

    fn build_profile<'a>(
        &self,
        key: &str,
        messages: impl Iterator<Item = &'a crate::model::Message> + Clone,
    ) -> Profile {
        profile::build(
            key,
            messages,
            &self.shared.people.links,
            self.shared.people.records.get(key),
            self.shared.people.influencer_followers,
            self.now,
        )
    }

    /// Asks the store for the messages that may be the person's: those whose author hashes
    /// like one of their handles (the profile keeps only the exact ones).
    fn ask_for_person(&self, key: &str, effects: &mut Vec<Effect>) {
        if self.shared.messages.is_complete() {
            return;
        }
        let mut hashes: rustc_hash::FxHashSet<u32> = self
            .shared
            .people
            .links
            .iter()
            .filter(|(_, person)| person.as_str() == key)
            .map(|((channel, handle), _)| profile::author_hash(*channel, handle))
            .collect();
        // A person's key is the natural key of their first handle, which hashes as its own.
        hashes.insert(profile::key_hash(key));
        let candidates = self
            .shared
            .index
            .read()
            .oldest_first()
            .iter()
            .filter(|s| hashes.contains(&s.author))
            .map(|s| s.id)
            .collect();
        effects.push(Effect::Command(Command::LoadPerson {
            person: key.to_string(),
            candidates,
        }));
    }

    /// The store's answer: the open profile is built from it if it is still that person's.
    pub(super) fn on_person(&mut self, person: String, messages: Vec<crate::model::Message>) {
        if self
            .profile
            .as_ref()
            .is_some_and(|p| p.profile.key == person)
        {
            let rebuilt = self.build_profile(&person, messages.iter());
            if let Some(p) = self.profile.as_mut() {
                p.profile = rebuilt;
                p.reading = false;
            }
        }
    }

    /// Whether changed messages belong to the open profile: its person's, or in one of their
    /// threads (a reply of ours).
    pub(super) fn profile_concerns(&self, changed: &[crate::model::Message]) -> bool {
        let Some(p) = &self.profile else {
            return false;
        };
        changed.iter().any(|m| {
            profile::person_of(m, &self.shared.people.links) == p.profile.key
                || p.profile
                    .history
                    .iter()
                    .any(|h| h.conversation == m.conversation)
        })
    }

    /// Messages or records changed: the open profile is built again.
    pub(super) fn refresh_profile(&mut self, effects: &mut Vec<Effect>) {
        let Some(key) = self.profile.as_ref().map(|p| p.profile.key.clone()) else {
            return;
        };
        if self.shared.messages.is_complete() {
            let rebuilt = self.build_profile(&key, self.shared.messages.values());
            if let Some(p) = self.profile.as_mut() {
                p.profile = rebuilt;
            }
        } else {
            self.ask_for_person(&key, effects);
        }
    }

    pub(super) fn toggle_vip(&mut self, effects: &mut Vec<Effect>) {
        if let Some(p) = &self.profile {
            let key = p.profile.key.clone();
            let vip = !self.shared.people.records.get(&key).is_some_and(|r| r.vip);
            effects.push(Effect::Command(Command::SetVip { person: key, vip }));
            self.notify(if vip {
                "Marked VIP."
            } else {
                "No longer marked VIP."
            });
        }
    }

    /// Mutes the open profile's person (their messages waiting become spam, their new ones
    /// arrive as spam), or unmutes them.
    pub(super) fn toggle_mute(&mut self, effects: &mut Vec<Effect>) {
        let Some(p) = &self.profile else {
            return;
        };
        let key = p.profile.key.clone();
        let muted = !self
            .shared
            .people
            .records
            .get(&key)
            .is_some_and(|r| r.muted);
        let waiting = p
            .profile
            .history
            .iter()
            .filter(|m| m.awaits_reply())
            .map(|m| m.id)
            .collect();
        effects.push(Effect::Command(Command::SetMuted {
            person: key,
            muted,
            waiting,
        }));
        self.notify(if muted {
            "Muted: their messages go to spam (kept; is:spam finds them). ! again unmutes."
        } else {
            "No longer muted: their new messages come to the inbox."
        });
    }

    pub(super) fn person_note_key(&mut self, key: KeyEvent, effects: &mut Vec<Effect>) {
        let Some(screen) = self.profile.as_mut() else {
            return;
        };
        let Some(note) = screen.note.as_mut() else {
            return;
        };
        if note.edit(&key) {
            return;
        }
        match key.code {
            KeyCode::Esc => screen.note = None,
            KeyCode::Enter => {
                let text = note.as_str().trim().to_string();
                screen.note = None;
                if !text.is_empty() {
                    effects.push(Effect::Command(Command::AddPersonNote {
                        person: screen.profile.key.clone(),
                        text,
                    }));
                }
            }
            _ => {}
        }
    }

    /// Remembers message `id`'s author as the person the next `L` links to.
    pub(super) fn mark_for_link(&mut self, id: crate::model::MessageId) {
        if let (Some(key), Some(m)) = (self.person_of_message(id), self.shared.messages.get(&id)) {
            let who = crate::text::sanitize(m.author.label());
            self.shared.people.link_mark = Some(key);
            self.notify(format!(
                "{who} marked: L on another message makes its author the same person."
            ));
        }
    }

    pub(super) fn link_to_mark(&mut self, effects: &mut Vec<Effect>) {
        let Some(id) = self.target_id() else { return };
        let Some(person) = self.shared.people.link_mark.clone() else {
            self.notify("Mark a person first: m on one of their messages, then L here.");
            return;
        };
        effects.push(Effect::Command(Command::LinkAuthor {
            author_of: id,
            person,
        }));
        self.notify("Linked: both authors are now one profile (p shows it).");
    }
}
