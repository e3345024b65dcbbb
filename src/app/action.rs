//! Actions and the one place that applies them to the state, returning effects to run.

use super::composer::{Composer, Writing};
use super::state::{Focus, Prompt, State};
use super::views::View;
use crate::model::{MessageId, SentimentLabel, Status};
use crate::service::{Command, Event};
use crate::store::OutboxState;
use crossterm::event::KeyEvent;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    ToggleResolved,
    /// Take back the reply still waiting in the outbox (`u`).
    UndoSend,
    /// Ask which sentiment to give the target message (`s`).
    AskSentiment,
    /// The agent's answer: a label, or `None` to hand the message back to the tagger.
    SetSentiment(Option<SentimentLabel>),
    CancelPrompt,
    Reply,
    /// Write an internal note on the target message's conversation (`n`).
    Note,
    /// Write the reply in `$VISUAL`/`$EDITOR` (`E`).
    EditExternally,
    /// The text back from the external editor (or why it could not run).
    EditedExternally {
        id: MessageId,
        result: Result<String, String>,
    },
    SwitchPane,
    SelectView(usize),
    ToggleHelp,
    /// Open or close the report screen.
    ToggleReport,
    Quit,
    ComposerKey(KeyEvent),
    ComposerPaste(String),
    Send,
    LeaveComposer,
    /// The template picker: open it, type to filter, move, insert, close.
    OpenPicker,
    PickerKey(KeyEvent),
    Tick(Timestamp),
    Service(Event),
}

/// Work for the event loop to carry out after an action.
#[derive(Debug, Clone)]
pub enum Effect {
    Command(Command),
    /// Ring the terminal bell: a message has just breached its target.
    Bell,
    /// Suspend the console and open this draft in the user's editor.
    ExternalEdit {
        id: MessageId,
        text: String,
    },
    Quit,
}

const PAGE: usize = 10;
/// The report screen covers the last two weeks.
const REPORT_PERIOD: jiff::SignedDuration = jiff::SignedDuration::from_hours(14 * 24);
/// Countdowns move: the urgency order is redone this often even when nothing arrives.
const RESORT_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);
const NOTICE_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_secs(6);

impl State {
    pub fn apply(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        match action {
            Action::MoveUp => self.move_by(-1, &mut effects),
            Action::MoveDown => self.move_by(1, &mut effects),
            Action::PageUp => self.move_by(-(PAGE as isize), &mut effects),
            Action::PageDown => self.move_by(PAGE as isize, &mut effects),
            Action::Top => self.move_by(isize::MIN / 2, &mut effects),
            Action::Bottom => self.move_by(isize::MAX / 2, &mut effects),
            Action::Open => {
                if let Some(id) = self.selected_id() {
                    self.open_message(id, &mut effects);
                    self.focus = Focus::Thread;
                }
            }
            Action::Back => {
                self.help = false;
                self.focus = Focus::List;
            }
            Action::ToggleResolved => self.toggle_resolved(&mut effects),
            Action::UndoSend => self.undo_send(&mut effects),
            Action::AskSentiment => {
                self.prompt = self.target_id().map(Prompt::Sentiment);
            }
            Action::SetSentiment(label) => {
                if let Some(Prompt::Sentiment(id)) = self.prompt.take() {
                    effects.push(Effect::Command(Command::SetSentiment { id, label }));
                    self.notify(match label {
                        Some(l) => format!("Marked {} by you; re-tagging will keep it.", l.word()),
                        None => "Sentiment handed back to the tagger.".to_string(),
                    });
                }
            }
            Action::CancelPrompt => self.prompt = None,
            Action::Reply => self.start_reply(&mut effects),
            Action::EditExternally => {
                if let Some(id) = self.target_id() {
                    self.save_draft(&mut effects);
                    let text = match &self.composer {
                        Some(c) if c.message == id && c.writing == Writing::Reply => c.text(),
                        _ => self.drafts.get(&id).cloned().unwrap_or_default(),
                    };
                    effects.push(Effect::ExternalEdit { id, text });
                }
            }
            Action::EditedExternally { id, result } => match result {
                Ok(text) => {
                    self.open_message(id, &mut effects);
                    let mut composer = Composer::new(id, Some(text.trim_end_matches('\n')));
                    composer.dirty = true;
                    self.composer = Some(composer);
                    self.focus = Focus::Composer;
                    self.save_draft(&mut effects);
                    self.notify("Back from the editor: ^s sends, Esc keeps the draft.");
                }
                Err(why) => self.notify(why),
            },
            Action::Note => {
                if let Some(id) = self.target_id() {
                    self.open_message(id, &mut effects);
                    self.save_draft(&mut effects);
                    self.composer = Some(Composer::note(id));
                    self.focus = Focus::Composer;
                }
            }
            Action::SwitchPane => self.switch_pane(),
            Action::SelectView(n) => {
                if let Some(&view) = View::all().get(n) {
                    self.view = view;
                    self.selected = 0;
                    self.list_offset.set(0);
                    self.rebuild_inbox();
                }
            }
            Action::ToggleHelp => self.help = !self.help,
            Action::ToggleReport => {
                if self.report.take().is_none() {
                    effects.push(Effect::Command(Command::LoadReport {
                        since: REPORT_PERIOD,
                    }));
                    self.notify("Computing the report…");
                }
            }
            Action::Quit => {
                self.save_draft(&mut effects);
                self.quitting = true;
                effects.push(Effect::Quit);
            }
            Action::ComposerKey(key) => {
                if let Some(c) = &mut self.composer {
                    c.edit(key);
                }
            }
            Action::ComposerPaste(text) => {
                if let Some(c) = &mut self.composer {
                    c.editor.insert_str(crate::text::sanitize(&text));
                    c.dirty = true;
                }
            }
            Action::Send => self.send(&mut effects),
            Action::OpenPicker => {
                if self.composer.is_some() {
                    self.picker = Some(Default::default());
                }
            }
            Action::PickerKey(key) => self.picker_key(key),
            Action::LeaveComposer => {
                let kept = self
                    .composer
                    .as_ref()
                    .is_some_and(|c| c.writing == Writing::Reply && !c.text().trim().is_empty());
                self.save_draft(&mut effects);
                self.composer = None;
                self.focus = Focus::Thread;
                if kept {
                    self.notify("Draft kept (r to go on, E for your editor).");
                }
            }
            Action::Tick(now) => {
                self.now = now;
                if self.notice.is_some() && now.duration_since(self.notice_at) >= NOTICE_LIFETIME {
                    self.notice = None;
                }
                // Drafts are saved at most a tick behind the keyboard.
                self.save_draft(&mut effects);
                if now.duration_since(self.sorted_at) >= RESORT_EVERY {
                    self.rebuild_inbox();
                } else {
                    self.refresh_countdowns();
                }
                self.watch_breaches(&mut effects);
            }
            Action::Service(event) => self.on_service(event, &mut effects),
        }
        effects
    }

    /// Notes which messages are breached; a new breach rings the bell when asked to.
    fn watch_breaches(&mut self, effects: &mut Vec<Effect>) {
        let breached: std::collections::HashSet<MessageId> = self
            .messages
            .values()
            .filter(|m| {
                self.countdown(m)
                    .is_some_and(|c| c.state == crate::sla::SlaState::Breached)
            })
            .map(|m| m.id)
            .collect();
        let fresh = breached.difference(&self.breached).count();
        if fresh > 0 && self.bell_on_breach && self.loaded {
            effects.push(Effect::Bell);
        }
        self.breached = breached;
    }

    fn move_by(&mut self, delta: isize, effects: &mut Vec<Effect>) {
        if self.focus == Focus::Thread {
            let scroll = self.thread_scroll as isize + delta.clamp(-1000, 1000);
            self.thread_scroll = scroll.clamp(0, u16::MAX as isize) as u16;
            return;
        }
        if self.inbox.is_empty() {
            return;
        }
        let last = self.inbox.len() as isize - 1;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last) as usize;
        // On wide screens the thread follows the selection.
        if self.open.is_some()
            && let Some(id) = self.selected_id()
        {
            self.open_message(id, effects);
        }
    }

    fn open_message(&mut self, id: MessageId, effects: &mut Vec<Effect>) {
        if self.open != Some(id) {
            self.thread_scroll = 0;
        }
        self.open = Some(id);
        self.refresh_why();
        let Some(m) = self.messages.get(&id) else {
            return;
        };
        effects.push(Effect::Command(Command::LoadConversation {
            id: m.conversation,
        }));
        if m.status == Status::New {
            effects.push(Effect::Command(Command::SetStatus {
                id,
                status: Status::Open,
            }));
        }
    }

    fn toggle_resolved(&mut self, effects: &mut Vec<Effect>) {
        let Some(m) = self.selected_message() else {
            return;
        };
        let status = if m.status.is_active() {
            Status::Resolved
        } else {
            Status::Open
        };
        effects.push(Effect::Command(Command::SetStatus { id: m.id, status }));
    }

    fn start_reply(&mut self, effects: &mut Vec<Effect>) {
        let Some(id) = self.target_id() else {
            return;
        };
        self.open_message(id, effects);
        let draft = self.drafts.get(&id).map(String::as_str);
        self.composer = Some(Composer::new(id, draft));
        self.focus = Focus::Composer;
    }

    fn switch_pane(&mut self) {
        self.focus = match (self.focus, self.open.is_some(), self.composer.is_some()) {
            (Focus::List, true, _) => Focus::Thread,
            (Focus::Thread, _, true) => Focus::Composer,
            _ => Focus::List,
        };
    }

    fn save_draft(&mut self, effects: &mut Vec<Effect>) {
        let Some(c) = &mut self.composer else { return };
        if !c.dirty || c.writing == Writing::Note {
            return;
        }
        self.draft_saved = None;
        c.dirty = false;
        let text = c.text();
        if text.trim().is_empty() {
            self.drafts.remove(&c.message);
        } else {
            self.drafts.insert(c.message, text.clone());
        }
        effects.push(Effect::Command(Command::SaveDraft {
            id: c.message,
            text,
        }));
    }

    fn send(&mut self, effects: &mut Vec<Effect>) {
        let Some(c) = &self.composer else { return };
        let text = c.text();
        if c.writing == Writing::Note {
            if !text.trim().is_empty() {
                effects.push(Effect::Command(Command::AddNote {
                    id: c.message,
                    text,
                }));
                self.notify("Note added to the thread (agents only, never sent).");
            }
            self.composer = None;
            self.focus = Focus::Thread;
            return;
        }
        if text.trim().is_empty() {
            self.notify("The reply is empty; type something first.");
            return;
        }
        if let Some(m) = self.messages.get(&c.message) {
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
        effects.push(Effect::Command(Command::SendReply {
            id: c.message,
            text,
        }));
        self.drafts.remove(&c.message);
        self.composer = None;
        self.focus = Focus::Thread;
        self.notify("Reply queued: it leaves when the undo window closes (u undoes it).");
    }

    fn picker_key(&mut self, key: KeyEvent) {
        use crossterm::event::KeyCode;
        let count = self.suggestions().len();
        let Some(picker) = &mut self.picker else {
            return;
        };
        match key.code {
            KeyCode::Esc => self.picker = None,
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Backspace => {
                picker.query.pop();
                picker.selected = 0;
            }
            KeyCode::Char(c) => {
                picker.query.push(c);
                picker.selected = 0;
            }
            KeyCode::Enter => {
                let selected = picker.selected;
                let chosen = self.suggestions().get(selected).map(|t| t.text.clone());
                let message = self
                    .composer
                    .as_ref()
                    .and_then(|c| self.messages.get(&c.message));
                if let (Some(text), Some(m)) = (chosen, message) {
                    let filled = crate::templates::render(
                        &text,
                        &crate::templates::Fill::from_message(m, &self.agent),
                    );
                    if let Some(c) = &mut self.composer {
                        c.editor.insert_str(filled);
                        c.dirty = true;
                    }
                }
                self.picker = None;
            }
            _ => {}
        }
    }

    /// Undoes the newest reply still queued: for the open message when there is one.
    fn undo_send(&mut self, effects: &mut Vec<Effect>) {
        let target = self.target_id();
        let queued = self
            .outbox
            .values()
            .rev()
            .filter(|e| matches!(e.state, OutboxState::Queued { .. }) && e.attempts == 0)
            .find(|e| target.is_none_or(|t| e.message == t));
        match queued {
            Some(e) => effects.push(Effect::Command(Command::CancelReply { outbox: e.id })),
            None => self.notify("Nothing to undo: no reply is waiting to leave."),
        }
    }

    fn on_service(&mut self, event: Event, effects: &mut Vec<Effect>) {
        match event {
            Event::Loaded {
                messages,
                drafts,
                outbox,
            } => {
                self.messages = messages.into_iter().map(|m| (m.id, m)).collect();
                self.drafts = drafts.into_iter().collect();
                self.outbox = outbox.into_iter().map(|e| (e.id, e)).collect();
                self.loaded = true;
                self.rebuild_inbox();
                // What is already breached at start rings nothing.
                let mut ignored = Vec::new();
                let bell = std::mem::replace(&mut self.bell_on_breach, false);
                self.watch_breaches(&mut ignored);
                self.bell_on_breach = bell;
            }
            Event::Changed(changed) => {
                let shown = self.conversation.as_ref().map(|c| c.id);
                let touches_thread = changed.iter().any(|m| Some(m.conversation) == shown);
                let touches_open = changed.iter().any(|m| Some(m.id) == self.open);
                for m in changed {
                    self.messages.insert(m.id, m);
                }
                if touches_open {
                    self.refresh_why();
                }
                self.rebuild_inbox();
                if let (true, Some(id)) = (touches_thread, shown) {
                    effects.push(Effect::Command(Command::LoadConversation { id }));
                }
            }
            Event::Conversation(c) => {
                if self
                    .open
                    .and_then(|id| self.messages.get(&id))
                    .is_some_and(|m| m.conversation == c.id)
                {
                    self.conversation = Some(c);
                }
            }
            Event::Outbox(entry) => {
                if let OutboxState::Failed { reason } = &entry.state {
                    self.notify(format!("The reply could not be sent: {reason}."));
                }
                self.outbox.insert(entry.id, *entry);
            }
            Event::DraftSaved { id } => self.draft_saved = Some(id),
            Event::DraftRestored { id, text } => {
                self.drafts.insert(id, text);
                self.notify("Reply undone; it is back in the draft (r to edit).");
            }
            Event::SourceHealth { source, ok, detail } => {
                self.source = if ok {
                    format!("{source}: {detail}")
                } else {
                    format!("{source} ✖ {detail}")
                };
            }
            Event::Failed(sentence) => self.notify(sentence),
            Event::Report(report) => {
                self.report = Some(*report);
                self.notice = None;
            }
        }
    }
}
