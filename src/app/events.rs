//! What the console does with time passing and with the service's events.

use super::action::{Effect, NOTICE_LIFETIME, RESORT_EVERY};
use super::cache::MessageCache;
use super::state::State;
use crate::service::{Backlog, Command, Event};
use crate::store::OutboxState;
use jiff::Timestamp;

impl State {
    pub(super) fn tick(&mut self, now: Timestamp, effects: &mut Vec<Effect>) {
        self.now = now;
        if self.notice.text.is_some() && now.duration_since(self.notice.at) >= NOTICE_LIFETIME {
            self.notice.text = None;
        }
        // Drafts are saved at most a tick behind the keyboard.
        self.save_draft(effects);
        self.refresh_alerts();
        if now.duration_since(self.sorted_at) >= RESORT_EVERY {
            self.refresh_inbox();
        } else {
            self.refresh_countdowns();
            if self.search.custom_outdated {
                self.count_custom_views();
            }
        }
        self.watch_breaches(effects);
        self.refresh_dashboard(effects);
        self.mark_previewed_seen(effects);
    }

    /// A message that has just crossed its deadline rings the bell when asked to.
    pub(super) fn watch_breaches(&mut self, effects: &mut Vec<Effect>) {
        if self.take_fresh_breaches() > 0 && self.bell_on_breach && self.loaded {
            effects.push(Effect::Bell);
        }
    }

    pub(super) fn on_service(&mut self, event: Event, effects: &mut Vec<Effect>) {
        match event {
            Event::Loaded {
                inbox,
                drafts,
                outbox,
                assigned,
                changes,
            } => {
                self.shared.assigned = assigned.into_iter().collect();
                let summaries = match inbox {
                    Backlog::Summaries(summaries) => {
                        self.shared.messages = MessageCache::lazy();
                        summaries
                    }
                    Backlog::Whole(messages) => {
                        self.shared.tags = messages
                            .iter()
                            .filter(|m| !m.tags.is_empty())
                            .map(|m| (m.id, m.tags.clone()))
                            .collect();
                        let inbound = messages.iter().filter(|m| m.is_inbound());
                        let summaries = inbound.map(crate::model::Message::summary).collect();
                        self.shared.messages = MessageCache::whole(messages);
                        summaries
                    }
                };
                self.schedule_all(&summaries);
                self.changes_seen = changes;
                self.shared.index.load(summaries, changes);
                self.replying.drafts = drafts.into_iter().collect();
                self.shared.outbox = outbox.into_iter().map(|e| (e.id, e)).collect();
                self.loaded = true;
                self.dashboard_outdated();
                self.refresh_alerts();
                self.refresh_inbox();
                // What is already breached at start rings nothing.
                self.take_fresh_breaches();
            }
            Event::Changed(changed) => {
                let shown = self.conversation.as_ref().map(|c| c.id);
                let touches_thread = changed.iter().any(|m| Some(m.conversation) == shown);
                let touches_open = changed.iter().any(|m| Some(m.id) == self.open);
                // The selection follows its message when others move it (new ones above);
                // when the message itself changed (resolved, answered), the selection stays
                // on its row, at the next message to triage.
                let selected = self.selected_id();
                let keep = selected.filter(|id| changed.iter().all(|m| m.id != *id));
                let touches_profile = self.profile_concerns(&changed);
                for m in changed.iter().filter(|m| m.is_inbound()) {
                    match &m.assignee {
                        Some(a) => self.shared.assigned.insert(m.id, a.clone()),
                        None => self.shared.assigned.remove(&m.id),
                    };
                    match m.tags.is_empty() {
                        true => self.shared.tags.remove(&m.id),
                        false => self.shared.tags.insert(m.id, m.tags.clone()),
                    };
                }
                self.take_in(changed);
                if touches_open {
                    self.refresh_why();
                }
                self.dashboard_outdated();
                self.refresh_alerts();
                // The changed messages took their places in `take_in`; no full resort.
                self.refresh_countdowns();
                self.rebuild_inbox_keeping(keep);
                if touches_profile {
                    self.refresh_profile(effects);
                }
                if let (true, Some(id)) = (touches_thread, shown) {
                    effects.push(Effect::Command(Command::LoadConversation { id }));
                }
            }
            Event::Conversation(c) => {
                if self
                    .open
                    .and_then(|id| self.shared.messages.get(&id))
                    .is_some_and(|m| m.conversation == c.id)
                {
                    self.conversation = Some(c);
                }
            }
            Event::Outbox(entry) => {
                if let OutboxState::Failed { reason } = &entry.state {
                    self.notify(format!("The reply could not be sent: {reason}."));
                }
                self.shared.outbox.insert(entry.id, *entry);
            }
            Event::DraftSaved { id } => self.replying.draft_saved = Some(id),
            Event::DraftRestored { id, text } => {
                self.replying.drafts.insert(id, text);
                self.notify("Reply undone; it is back in the draft (r to edit).");
            }
            Event::SourceHealth { source, ok, detail } => {
                // A source that starts failing says why in full, once.
                let was_ok = self.shared.health.get(&source).is_none_or(|(ok, _)| *ok);
                if was_ok && !ok {
                    self.notify(format!("{source}: {detail}"));
                }
                self.shared.health.insert(source, (ok, detail));
            }
            Event::RepliesQueued { outbox, skipped } => self.on_replies_queued(outbox, skipped),
            Event::Done(sentence) => self.notify(sentence),
            Event::Failed(sentence) => {
                // A read asked for may be what failed: the rows still missing are asked again.
                self.shared.messages.forget_asked();
                self.notify(sentence);
            }
            Event::Dashboard(d) => self.on_dashboard(*d),
            Event::People { links, records } => {
                self.shared.people.links = links;
                self.shared.people.records = records.into_iter().collect();
                self.refresh_profile(effects);
            }
            Event::Fetched(read) => {
                let touches_open = read.iter().any(|m| Some(m.id) == self.open);
                let since = self.now - self.buzz.settings.history();
                let recent = read.iter().any(|m| m.created_at >= since);
                self.shared.messages.fill(read);
                if touches_open {
                    self.refresh_why();
                    // Opened before it was read (a key right after a jump): its thread too.
                    let thread = self.open.and_then(|id| self.shared.messages.get(&id));
                    if let Some(m) = thread
                        && self
                            .conversation
                            .as_ref()
                            .is_none_or(|c| c.id != m.conversation)
                    {
                        effects.push(Effect::Command(Command::LoadConversation {
                            id: m.conversation,
                        }));
                    }
                }
                // The recent messages the alert reads may just have arrived (rows read while
                // scrolling older ones change nothing it counts).
                if recent {
                    self.refresh_alerts();
                }
                self.run_deferred(effects);
            }
            Event::Person { person, messages } => self.on_person(person, messages),
            Event::Presence(presence) => self.team.presence = presence,
            Event::Tagged(tagged) => self.shared.tags = tagged.into_iter().collect(),
            Event::Incidents(all) => self.set_incidents(all),
            Event::ReplyHeld {
                id,
                text,
                changes,
                private,
            } => self.on_reply_held(super::team::HeldReply {
                id,
                text,
                changes,
                private,
            }),
            Event::SearchReady(Ok(index)) => self.on_search_index(index),
            Event::SearchReady(Err(sentence)) => {
                self.search.unavailable = Some(sentence.clone());
                self.notify(sentence);
            }
            Event::Report(report) => {
                self.report = Some(*report);
                self.notice.text = None;
            }
        }
    }
}
