//! Writing: the reply and note composer, drafts, templates, the external editor, sending
//! and undoing.

use super::action::Effect;
use super::composer::{Composer, Writing};
use super::marks::Bulk;
use super::state::{Focus, State};
use crate::model::MessageId;
use crate::service::Command;
use crate::store::OutboxState;
use crossterm::event::KeyEvent;

impl State {
    pub(super) fn composer_key(&mut self, key: KeyEvent) {
        if let Some(c) = &mut self.replying.composer {
            c.edit(key);
        }
    }

    pub(super) fn composer_paste(&mut self, text: &str) {
        if let Some(c) = &mut self.replying.composer {
            c.editor.insert_str(crate::text::sanitize(text));
            c.dirty = true;
        }
    }

    pub(super) fn start_note(&mut self, effects: &mut Vec<Effect>) {
        if let Some(id) = self.target_id() {
            self.open_message(id, effects);
            self.save_draft(effects);
            self.replying.composer = Some(Composer::note(id));
            self.focus = Focus::Composer;
        }
    }

    pub(super) fn leave_composer(&mut self, effects: &mut Vec<Effect>) {
        let kept = self
            .replying
            .composer
            .as_ref()
            .is_some_and(|c| c.writing == Writing::Reply && !c.text().trim().is_empty());
        self.save_draft(effects);
        self.replying.composer = None;
        self.focus = Focus::Thread;
        if kept {
            self.notify("Draft kept (r to go on, E for your editor).");
        }
    }

    /// Hands the target's draft to the user's editor (the event loop suspends the screen).
    pub(super) fn edit_externally(&mut self, effects: &mut Vec<Effect>) {
        if let Some(id) = self.target_id() {
            self.save_draft(effects);
            let text = match &self.replying.composer {
                Some(c) if c.message == id && c.writing == Writing::Reply => c.text(),
                _ => self.replying.drafts.get(&id).cloned().unwrap_or_default(),
            };
            effects.push(Effect::ExternalEdit { id, text });
        }
    }

    pub(super) fn edited_externally(
        &mut self,
        id: MessageId,
        result: Result<String, String>,
        effects: &mut Vec<Effect>,
    ) {
        match result {
            Ok(text) => {
                self.open_message(id, effects);
                let mut composer = Composer::new(id, Some(text.trim_end_matches('\n')));
                composer.dirty = true;
                composer.seen = Some(self.seen_now(id));
                self.replying.composer = Some(composer);
                self.focus = Focus::Composer;
                self.save_draft(effects);
                self.notify("Back from the editor: ^s sends, Esc keeps the draft.");
            }
            Err(why) => self.notify(why),
        }
    }

    pub(super) fn start_reply(&mut self, effects: &mut Vec<Effect>) {
        if self.has_marks() {
            // One template for every marked message.
            self.replying.picker = Some(Default::default());
            self.notify("Pick the template for the marked messages (each reply is filled from its own message).");
            return;
        }
        let Some(id) = self.target_id() else {
            return;
        };
        self.open_message(id, effects);
        let draft = self.replying.drafts.get(&id).map(String::as_str);
        let mut composer = Composer::new(id, draft);
        composer.seen = Some(self.seen_now(id));
        self.replying.composer = Some(composer);
        self.focus = Focus::Composer;
        self.warn_if_others_write(id);
    }

    pub(super) fn save_draft(&mut self, effects: &mut Vec<Effect>) {
        let Some(c) = &mut self.replying.composer else {
            return;
        };
        if !c.dirty || c.writing == Writing::Note {
            return;
        }
        self.replying.draft_saved = None;
        c.dirty = false;
        let text = c.text();
        if text.trim().is_empty() {
            self.replying.drafts.remove(&c.message);
        } else {
            self.replying.drafts.insert(c.message, text.clone());
        }
        effects.push(Effect::Command(Command::SaveDraft {
            id: c.message,
            text,
        }));
    }

    pub(super) fn send(&mut self, effects: &mut Vec<Effect>) {
        let Some(c) = &self.replying.composer else {
            return;
        };
        let text = c.text();
        if c.writing == Writing::Note {
            if !text.trim().is_empty() {
                effects.push(Effect::Command(Command::AddNote {
                    id: c.message,
                    text,
                }));
                self.notify("Note added to the thread (agents only, never sent).");
            }
            self.replying.composer = None;
            self.focus = Focus::Thread;
            return;
        }
        let id = c.message;
        if let Some(age) = self.messaging_window_closed(id) {
            self.notify(format!(
                "Not sent: Messenger lets a Page answer within 24 hours of the customer's last message, and theirs is {} old; answer elsewhere, or when they write again.",
                crate::duration::compact(age)
            ));
            return;
        }
        if let Some(m) = self.shared.messages.get(&id) {
            let measure = crate::text::limits::Measure::of(m.channel, &text);
            if measure.over() > 0 {
                self.notify(format!(
                    "Not sent: the reply is {} {} over {}'s limit of {}; shorten it.",
                    measure.over(),
                    measure.limit.unit.word(),
                    m.channel.title(),
                    measure.limit.max
                ));
                return;
            }
        }
        if self.tone_allows(id, &text) {
            self.queue_reply(effects);
        }
    }

    /// Queues the composer's reply as it is (every check before sending is done).
    pub(super) fn queue_reply(&mut self, effects: &mut Vec<Effect>) {
        let Some(c) = &self.replying.composer else {
            return;
        };
        let text = c.text();
        effects.push(Effect::Command(Command::SendReply {
            id: c.message,
            text,
            seen: c.seen,
            private: c.private,
        }));
        self.replying.drafts.remove(&c.message);
        self.replying.composer = None;
        self.focus = Focus::Thread;
        self.notify("Reply queued: it leaves when the undo window closes (u undoes it).");
    }

    /// Whether the composer's message can be answered privately: a Facebook comment (Meta
    /// sends a private reply to its author on Messenger, once per comment).
    pub fn can_reply_privately(&self, id: MessageId) -> bool {
        self.shared.messages.get(&id).is_some_and(|m| {
            m.channel == crate::model::Channel::Facebook
                && m.kind == crate::model::Kind::Comment
                && m.is_inbound()
        })
    }

    pub(super) fn toggle_private(&mut self) {
        let Some(c) = &self.replying.composer else {
            return;
        };
        if c.writing != Writing::Reply || !self.can_reply_privately(c.message) {
            self.notify("Only a Facebook comment can be answered privately.");
            return;
        }
        let private = !c.private;
        if let Some(c) = &mut self.replying.composer {
            c.private = private;
        }
        self.notify(if private {
            "Private reply: it goes to the author on Messenger, not under the comment (once per comment)."
        } else {
            "Public reply, under the comment."
        });
    }

    /// How long ago the customer last wrote, when a Messenger conversation is past the 24 h a
    /// Page has to answer (Meta refuses a standard reply after it).
    pub fn messaging_window_closed(&self, id: MessageId) -> Option<jiff::SignedDuration> {
        let m = self.shared.messages.get(&id)?;
        if m.channel != crate::model::Channel::Facebook || m.kind != crate::model::Kind::Direct {
            return None;
        }
        let last = self
            .conversation
            .as_ref()
            .filter(|c| c.id == m.conversation)
            .and_then(|c| {
                c.messages
                    .iter()
                    .filter(|x| x.is_inbound())
                    .map(|x| x.created_at)
                    .max()
            })
            .unwrap_or(m.created_at)
            .max(m.created_at);
        let age = self.now.duration_since(last);
        (age > jiff::SignedDuration::from_hours(24)).then_some(age)
    }

    pub(super) fn picker_key(&mut self, key: KeyEvent) {
        use crossterm::event::KeyCode;
        let count = self.suggestions().len();
        let Some(picker) = &mut self.replying.picker else {
            return;
        };
        if picker.query.edit(&key) {
            picker.selected = 0;
            return;
        }
        match key.code {
            KeyCode::Esc => self.replying.picker = None,
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter if self.replying.composer.is_none() => {
                // A template for the marked messages: filled from each by the service.
                let selected = picker.selected;
                let chosen = self.suggestions().get(selected).map(|t| Bulk::Reply {
                    name: t.name.clone(),
                    text: t.text.clone(),
                });
                self.replying.picker = None;
                if let Some(bulk) = chosen {
                    self.ask_bulk(bulk);
                }
            }
            KeyCode::Enter => {
                let selected = picker.selected;
                let chosen = self.suggestions().get(selected).map(|t| t.text.clone());
                let message = self
                    .replying
                    .composer
                    .as_ref()
                    .and_then(|c| self.shared.messages.get(&c.message));
                if let (Some(text), Some(m)) = (chosen, message) {
                    let filled = crate::templates::render(
                        &text,
                        &crate::templates::Fill::from_message(m, self.agent_display_name()),
                    );
                    if let Some(c) = &mut self.replying.composer {
                        c.editor.insert_str(filled);
                        c.dirty = true;
                    }
                }
                self.replying.picker = None;
            }
            _ => {}
        }
    }

    /// Undoes the newest reply still queued: for the open message when there is one.
    pub(super) fn undo_send(&mut self, effects: &mut Vec<Effect>) {
        if let Some(batch) = self.batch_to_undo() {
            self.marks.last_batch.clear();
            effects.push(Effect::Command(Command::CancelReplies { outbox: batch }));
            return;
        }
        let target = self.target_id();
        let queued = self
            .shared
            .outbox
            .values()
            .rev()
            .filter(|e| matches!(e.state, OutboxState::Queued { .. }) && e.attempts == 0)
            // Another agent's reply is theirs to take back.
            .filter(|e| e.agent == self.agent)
            .find(|e| target.is_none_or(|t| e.message == t));
        match queued {
            Some(e) => effects.push(Effect::Command(Command::CancelReply { outbox: e.id })),
            None => self.notify("Nothing to undo: no reply is waiting to leave."),
        }
    }
}
