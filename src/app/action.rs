//! Actions and the one place that applies them to the state, returning effects to run.

use super::state::{Focus, Prompt, State};
use super::views::View;
use crate::model::{MessageId, SentimentLabel, Status};
use crate::service::{Command, Event};

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
    /// Ask whom to assign the target's conversation to (`a`), and the answer.
    AskAssignee,
    AssignTo(super::team::Assignee),
    /// The answer to a held reply: send it as it is, or go back to the draft.
    AnswerHeld {
        send: bool,
    },
    /// Open an incident from the bad buzz, or write a line of the shown one's timeline (`I`).
    Incident,
    /// Close the incident shown (`X`).
    CloseIncident,
    /// The answer to the tone check's findings: send anyway, or back to the draft.
    AnswerTone {
        send: bool,
    },
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
    /// Scroll the help on a short terminal.
    HelpScroll(isize),
    /// Open or close the report screen.
    ToggleReport,
    /// Open or close the dashboard screen (`D`).
    ToggleDashboard,
    /// The dashboard's next period: 24 h → 7 d → 30 d (`p`).
    NextPeriod,
    /// Move the dashboard's chart to another row (channel) or figure.
    DashboardMove {
        rows: isize,
        measures: isize,
    },
    /// Open the target message's author's profile (`p`), or close it.
    ToggleProfile,
    ProfileScroll(isize),
    /// Mark or unmark the open profile's person as VIP (`v`).
    ToggleVip,
    /// Mute or unmute the open profile's person (`!`).
    ToggleMute,
    /// Start a note on the open profile's person (`n`), and the keys typed into it.
    StartPersonNote,
    PersonNoteKey(KeyEvent),
    /// Remember the target's author (`m`); make another author the same person (`L`).
    MarkForLink,
    LinkToMark,
    /// Search the current view (`/`); the keys typed into the query; drop the search.
    StartSearch,
    SearchKey(KeyEvent),
    ClearSearch,
    /// List the messages of the bad buzz in progress (`b`).
    ShowBuzz,
    /// Mark or unmark the selected row (`x`), a range (`V` … `V`), every row of the view
    /// (`*`).
    ToggleMark,
    MarkRange,
    MarkAll,
    /// The agent's answer to an action on the marked messages.
    ConfirmBulk(bool),
    /// Snooze the target or marked messages (`z`), and the answer: a usual time, or `None`
    /// to type one.
    AskSnooze,
    SnoozeFor(Option<crate::snooze::Choice>),
    /// Tag the target or marked messages (`t`).
    AskTags,
    /// A key typed into the tags or the snooze's end.
    LineAskKey(KeyEvent),
    /// Mark as spam, or back from spam (`!`).
    ToggleSpam,
    /// A search's results best first, or most urgent first (`o`).
    ToggleOrder,
    /// Show or hide why figures are "n/a" (`w`).
    ToggleWhy,
    /// The terminal's new width: wide terminals show the strip of figures over the inbox.
    Resized {
        width: u16,
    },
    Quit,
    ComposerKey(KeyEvent),
    ComposerPaste(String),
    Send,
    /// Answer a Facebook comment privately on Messenger instead of under it (`^o`).
    TogglePrivate,
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
pub(super) const RESORT_EVERY: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);
pub(super) const NOTICE_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_secs(6);
/// How long a message shown by moving the selection must stay in view to count as opened.
pub(super) const SEEN_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_secs(2);

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
            // Esc in the list drops a search first, then the marks.
            Action::Back
                if self.focus == Focus::List && self.search.bar.is_some() && !self.help.open =>
            {
                self.clear_search()
            }
            Action::Back if self.focus == Focus::List && self.has_marks() && !self.help.open => {
                self.clear_marks()
            }
            Action::Back => {
                self.help.open = false;
                self.focus = Focus::List;
            }
            Action::ToggleResolved if self.has_marks() => {
                let status = match self.all_marked_are(Status::Resolved) {
                    true => Status::Open,
                    false => Status::Resolved,
                };
                self.ask_bulk(super::Bulk::Change(crate::service::Change::Status(status)))
            }
            Action::ToggleResolved => {
                if let Some(id) = self.held_target(&action) {
                    self.toggle_resolved(id, &mut effects);
                }
            }
            Action::UndoSend => self.undo_send(&mut effects),
            Action::AskSentiment => {
                self.prompt = self.target_id().map(Prompt::Sentiment);
            }
            Action::SetSentiment(label) if self.has_marks() => {
                self.prompt = None;
                self.ask_bulk(super::Bulk::Change(crate::service::Change::Sentiment(
                    label,
                )));
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
            Action::AskAssignee => self.ask_assignee(),
            Action::AssignTo(to) => self.assign(to, &mut effects),
            Action::AnswerHeld { send } => self.answer_held(send, &mut effects),
            Action::AnswerTone { send } => self.answer_tone(send, &mut effects),
            Action::Incident => self.incident_key(),
            Action::CloseIncident => self.close_incident_key(),
            Action::Reply => self.start_reply(&mut effects),
            Action::EditExternally if self.team.served => self.notify(
                "The external editor works only in a local tribune; write here (^s sends).",
            ),
            Action::EditExternally => self.edit_externally(&mut effects),
            Action::EditedExternally { id, result } => {
                self.edited_externally(id, result, &mut effects)
            }
            Action::Note => self.start_note(&mut effects),
            Action::SwitchPane => self.switch_pane(),
            Action::SelectView(n) => self.select_view(n),
            Action::ToggleHelp => {
                self.help.open = !self.help.open;
                self.help.scroll = 0;
            }
            Action::HelpScroll(by) => {
                let last = self.help.last_top.get() as isize;
                self.help.scroll = (self.help.scroll as isize + by).clamp(0, last) as u16;
            }
            Action::ToggleReport => {
                if self.report.take().is_none() {
                    let only = self.incident_report_scope();
                    effects.push(Effect::Command(Command::LoadReport {
                        since: REPORT_PERIOD,
                        only,
                    }));
                    self.notify("Computing the report…");
                }
            }
            Action::ToggleDashboard => self.toggle_dashboard(&mut effects),
            Action::NextPeriod => self.next_period(&mut effects),
            Action::DashboardMove { rows, measures } => self.move_dashboard(rows, measures),
            Action::ToggleProfile => {
                if self.profile.take().is_none()
                    && let Some(id) = self.held_target(&action)
                {
                    self.open_profile(id, &mut effects);
                }
            }
            Action::ProfileScroll(by) => {
                if let Some(p) = self.profile.as_mut() {
                    // The history has a heading line, then a line per message.
                    let last = p.profile.history.len().min(u16::MAX as usize) as isize;
                    p.scroll = (p.scroll as isize + by).clamp(0, last) as u16;
                }
            }
            Action::ToggleVip => self.toggle_vip(&mut effects),
            Action::ToggleMute => self.toggle_mute(&mut effects),
            Action::StartPersonNote => {
                if let Some(p) = self.profile.as_mut() {
                    p.note = Some(Default::default());
                }
            }
            Action::PersonNoteKey(key) => self.person_note_key(key, &mut effects),
            Action::MarkForLink => {
                if let Some(id) = self.held_target(&action) {
                    self.mark_for_link(id);
                }
            }
            Action::LinkToMark => self.link_to_mark(&mut effects),
            Action::StartSearch => self.start_search(),
            Action::SearchKey(key) => self.search_key(key),
            Action::ClearSearch => self.clear_search(),
            Action::ShowBuzz => match self.buzz.alerts.first() {
                Some(alert) => {
                    self.buzz.view = Some(alert.clone());
                    self.view = View::Buzz;
                    self.selected = 0;
                    self.list_offset.set(0);
                    self.dashboard.open = false;
                    self.report = None;
                    self.rebuild_inbox();
                }
                None => self.notify("No bad buzz now: negative messages come at their usual rate."),
            },
            Action::ToggleWhy => self.dashboard.why = !self.dashboard.why,
            Action::ToggleMark => self.toggle_mark(),
            Action::MarkRange => self.mark_range(),
            Action::MarkAll => self.mark_all(),
            Action::ConfirmBulk(yes) => self.confirm_bulk(yes, &mut effects),
            Action::AskSnooze => self.ask_snooze(),
            Action::SnoozeFor(choice) => self.snooze_for(choice, &mut effects),
            Action::AskTags => self.ask_tags(),
            Action::LineAskKey(key) => self.line_ask_key(key, &mut effects),
            Action::ToggleSpam => self.toggle_spam(&mut effects),
            Action::ToggleOrder => self.toggle_order(),
            Action::Resized { width } => {
                self.strip_wanted = width >= super::STRIP_MIN_WIDTH;
                self.refresh_dashboard(&mut effects);
            }
            Action::Quit => {
                self.save_draft(&mut effects);
                self.quitting = true;
                effects.push(Effect::Quit);
            }
            Action::ComposerKey(key) => self.composer_key(key),
            Action::ComposerPaste(text) => self.composer_paste(&text),
            Action::Send => self.send(&mut effects),
            Action::TogglePrivate => self.toggle_private(),
            Action::OpenPicker => {
                if self.replying.composer.is_some() {
                    self.replying.picker = Some(Default::default());
                }
            }
            Action::PickerKey(key) => self.picker_key(key),
            Action::LeaveComposer => self.leave_composer(&mut effects),
            Action::Tick(now) => self.tick(now, &mut effects),
            Action::Service(event) => self.on_service(event, &mut effects),
        }
        self.fetch_shown(&mut effects);
        self.sync_presence(&mut effects);
        effects
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
        let last = self.inbox.total() as isize - 1;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last) as usize;
        self.fill_inbox(self.selected + super::rows::AHEAD);
        // On wide screens the thread follows the selection.
        if self.open.is_some()
            && let Some(id) = self.selected_id()
        {
            self.show_message(id, effects);
            self.previewed = Some((id, self.now));
        }
    }

    /// Opens a message the agent asked for (Enter, reply, note): it is no longer new, now or,
    /// for a row not read yet, when it arrives.
    pub(super) fn open_message(&mut self, id: MessageId, effects: &mut Vec<Effect>) {
        self.show_message(id, effects);
        self.previewed = None;
        if self.shared.messages.get(&id).is_some() {
            self.mark_opened(id, effects);
        } else {
            self.deferred.push((id, Action::Open));
        }
    }

    /// Shows a message's thread in the detail pane.
    fn show_message(&mut self, id: MessageId, effects: &mut Vec<Effect>) {
        if self.open != Some(id) {
            self.thread_scroll = 0;
        }
        self.open = Some(id);
        self.refresh_why();
        if let Some(m) = self.shared.messages.get(&id) {
            effects.push(Effect::Command(Command::LoadConversation {
                id: m.conversation,
            }));
        }
    }

    fn mark_opened(&mut self, id: MessageId, effects: &mut Vec<Effect>) {
        if self
            .shared
            .messages
            .get(&id)
            .is_some_and(|m| m.status == Status::New)
        {
            effects.push(Effect::Command(Command::SetStatus {
                id,
                status: Status::Open,
            }));
        }
    }

    /// A message the thread pane showed while the selection passed over it is no longer new
    /// once it has stayed in view for `SEEN_AFTER`: holding `j` down through a hundred rows
    /// leaves them new, as nobody has read them.
    pub(super) fn mark_previewed_seen(&mut self, effects: &mut Vec<Effect>) {
        if let Some((id, since)) = self.previewed
            && self.open == Some(id)
            && self.now.duration_since(since) >= SEEN_AFTER
            && self.shared.messages.get(&id).is_some()
        {
            self.previewed = None;
            self.mark_opened(id, effects);
        }
    }

    /// The target message's id when the console holds it. A row not read yet (shown `…`
    /// for a frame after a jump) is on its way: the action waits for it rather than being lost.
    fn held_target(&mut self, action: &Action) -> Option<MessageId> {
        let id = self.target_id()?;
        if self.shared.messages.get(&id).is_some() {
            return Some(id);
        }
        self.deferred.push((id, action.clone()));
        None
    }

    /// Does the actions that waited for messages now read, in the order they were asked.
    pub(super) fn run_deferred(&mut self, effects: &mut Vec<Effect>) {
        let (ready, waiting) = std::mem::take(&mut self.deferred)
            .into_iter()
            .partition(|(id, _)| self.shared.messages.get(id).is_some());
        self.deferred = waiting;
        for (id, action) in ready {
            match action {
                Action::ToggleResolved => self.toggle_resolved(id, effects),
                Action::ToggleProfile => self.open_profile(id, effects),
                Action::MarkForLink => self.mark_for_link(id),
                // Its thread is asked for as the open message arrives (see `Fetched`).
                Action::Open => self.mark_opened(id, effects),
                _ => {}
            }
        }
    }

    fn toggle_resolved(&mut self, id: MessageId, effects: &mut Vec<Effect>) {
        let Some(m) = self.shared.messages.get(&id) else {
            return;
        };
        let status = if m.status.is_active() {
            Status::Resolved
        } else {
            Status::Open
        };
        effects.push(Effect::Command(Command::SetStatus { id: m.id, status }));
    }

    fn switch_pane(&mut self) {
        self.focus = match (
            self.focus,
            self.open.is_some(),
            self.replying.composer.is_some(),
        ) {
            (Focus::List, true, _) => Focus::Thread,
            (Focus::Thread, _, true) => Focus::Composer,
            _ => Focus::List,
        };
    }
}
