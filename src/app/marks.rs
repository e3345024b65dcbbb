//! Marks and what is done to many messages at once: rows are marked one by one (`x`), as a
//! range (`V` … `V`) or all of the view (`*`); then resolve, reopen, sentiment, tags, snooze,
//! spam, assignment or a reply from one template apply to every marked message, after the
//! agent confirms their count. The actions that take marks act on the target message alone
//! when none is marked (and then ask nothing).

use super::action::Effect;
use super::state::{Prompt, State};
use crate::model::{MessageId, Status};
use crate::service::{Change, Command};
use crate::store::{OutboxId, OutboxState};
use std::collections::HashSet;

#[derive(Debug, Default)]
pub struct Marks {
    ids: HashSet<MessageId>,
    /// The message a range started on (`V`), while it is being drawn (its message, not its
    /// row: rows move as messages arrive).
    pub anchor: Option<MessageId>,
    /// What the agent asked to do to the marked messages, until they confirm.
    pub pending: Option<Bulk>,
    /// The replies of the last template sent to marked messages: one undo takes all back.
    pub last_batch: Vec<OutboxId>,
}

/// An action on the marked messages, waiting for the agent's yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Bulk {
    Change(Change),
    /// One template, filled from each message.
    Reply {
        name: String,
        text: String,
    },
}

impl Bulk {
    /// The question: "Resolve 5 marked messages?"
    fn question(&self, n: usize) -> String {
        let messages = if n == 1 { "message" } else { "messages" };
        let verb = match self {
            Bulk::Change(Change::Status(Status::Resolved)) => "Resolve".to_string(),
            Bulk::Change(Change::Status(Status::Spam)) => "Mark as spam".to_string(),
            Bulk::Change(Change::Status(_)) => "Reopen".to_string(),
            Bulk::Change(Change::Sentiment(Some(l))) => {
                return format!("Mark {n} marked {messages} {}?", l.word());
            }
            Bulk::Change(Change::Sentiment(None)) => "Hand back to the tagger".to_string(),
            Bulk::Change(Change::Tags { add, remove }) => {
                format!("Tag ({})", tag_words(add, remove))
            }
            Bulk::Change(Change::Snooze(_)) => "Snooze".to_string(),
            Bulk::Change(Change::Assign(Some(a))) => {
                format!("Assign to {}:", crate::text::sanitize(a))
            }
            Bulk::Change(Change::Assign(None)) => "Assign to no one:".to_string(),
            Bulk::Reply { name, .. } => {
                return format!(
                    "Reply to {n} marked {messages} with “{}”, each filled from its own message?",
                    crate::text::sanitize(name)
                );
            }
        };
        format!("{verb} {n} marked {messages}?")
    }
}

/// Tags as typed back: `refund urgent -delivery`.
pub(super) fn tag_words(add: &[String], remove: &[String]) -> String {
    let mut words: Vec<String> = add.iter().map(|t| crate::text::sanitize(t)).collect();
    words.extend(
        remove
            .iter()
            .map(|t| format!("-{}", crate::text::sanitize(t))),
    );
    words.join(" ")
}

impl State {
    /// Whether the row is marked (or inside the range being drawn).
    pub fn is_marked(&self, row: usize, id: MessageId) -> bool {
        self.marks.ids.contains(&id) || self.in_range(row)
    }

    fn in_range(&self, row: usize) -> bool {
        self.range_rows().contains(&row)
    }

    /// The rows of the range being drawn: from its first message's row to the selection.
    fn range_rows(&self) -> std::ops::Range<usize> {
        let anchor = self
            .marks
            .anchor
            .and_then(|id| self.inbox.iter().position(|&x| x == id));
        match anchor {
            Some(a) => a.min(self.selected)..a.max(self.selected) + 1,
            None => 0..0,
        }
    }

    /// How many messages are marked (with the range being drawn).
    pub fn marked_count(&self) -> usize {
        self.marks.ids.len()
            + self
                .range_ids()
                .filter(|id| !self.marks.ids.contains(id))
                .count()
    }

    fn range_ids(&self) -> impl Iterator<Item = MessageId> + '_ {
        self.range_rows().filter_map(|row| self.inbox.get(row))
    }

    /// The marked messages, in id order.
    fn marked(&self) -> Vec<MessageId> {
        let mut ids: Vec<MessageId> = self.marks.ids.iter().copied().collect();
        ids.extend(self.range_ids().filter(|id| !self.marks.ids.contains(id)));
        ids.sort_unstable();
        ids
    }

    pub(super) fn toggle_mark(&mut self) {
        if let Some(id) = self.selected_id() {
            if !self.marks.ids.remove(&id) {
                self.marks.ids.insert(id);
            }
            let last = self.inbox.total().saturating_sub(1);
            self.selected = (self.selected + 1).min(last);
            self.fill_inbox(self.selected + super::rows::AHEAD);
        }
    }

    /// `V` starts a range at the selection; `V` again marks every row between.
    pub(super) fn mark_range(&mut self) {
        match self.marks.anchor.take() {
            None if !self.inbox.is_empty() => {
                self.marks.anchor = self.selected_id();
                self.notify("Range: move to its other end, then V marks it (Esc drops it).");
            }
            None => {}
            Some(anchor) => {
                self.marks.anchor = Some(anchor);
                let range: Vec<MessageId> = self.range_ids().collect();
                self.marks.anchor = None;
                self.marks.ids.extend(range);
            }
        }
    }

    /// `*` marks every message of the view, or unmarks them when all are marked.
    pub(super) fn mark_all(&mut self) {
        self.fill_inbox(usize::MAX);
        let all: Vec<MessageId> = self.inbox.iter().copied().collect();
        if !all.is_empty() && all.iter().all(|id| self.marks.ids.contains(id)) {
            self.clear_marks();
        } else {
            self.marks.ids.extend(all);
            self.marks.anchor = None;
        }
    }

    pub(super) fn clear_marks(&mut self) {
        self.marks.ids.clear();
        self.marks.anchor = None;
    }

    pub fn has_marks(&self) -> bool {
        !self.marks.ids.is_empty() || self.marks.anchor.is_some()
    }

    /// Applies `change` to the marked messages once the agent confirms, or at once to the
    /// target message when none is marked.
    pub(super) fn change_subjects(&mut self, change: Change, effects: &mut Vec<Effect>) {
        if self.has_marks() {
            self.ask_bulk(Bulk::Change(change));
            return;
        }
        if let Some(id) = self.target_id() {
            self.notify(self.done_sentence(&change, 1));
            effects.push(Effect::Command(Command::Change {
                ids: vec![id],
                change,
            }));
        }
    }

    pub(super) fn ask_bulk(&mut self, bulk: Bulk) {
        self.marks.pending = Some(bulk);
        self.prompt = Some(Prompt::ConfirmBulk);
    }

    /// The question the status bar asks while a bulk action waits.
    pub fn bulk_question(&self) -> String {
        match &self.marks.pending {
            Some(b) => {
                // A holding statement to many: what the tone check finds in it, filled for
                // the first marked message, is said before it goes to all of them.
                let tone = match b {
                    Bulk::Reply { text, .. } => self
                        .marked()
                        .first()
                        .and_then(|id| self.template_tone(*id, text))
                        .map(|found| format!(" (tone: {found})"))
                        .unwrap_or_default(),
                    Bulk::Change(_) => String::new(),
                };
                format!(" {}{tone} y yes · n no", b.question(self.marked_count()))
            }
            None => String::new(),
        }
    }

    /// The agent's answer to a bulk action.
    pub(super) fn confirm_bulk(&mut self, yes: bool, effects: &mut Vec<Effect>) {
        self.prompt = None;
        let Some(bulk) = self.marks.pending.take() else {
            return;
        };
        if !yes {
            return;
        }
        let ids = self.marked();
        let n = ids.len();
        match bulk {
            Bulk::Change(change) => {
                self.notify(self.done_sentence(&change, n));
                effects.push(Effect::Command(Command::Change { ids, change }));
            }
            Bulk::Reply { text, .. } => {
                self.notify(format!("Queuing {n} replies…"));
                effects.push(Effect::Command(Command::ReplyEach {
                    ids,
                    template: text,
                    signature: self.agent_display_name().to_string(),
                }));
            }
        }
        self.clear_marks();
    }

    /// The service queued a template's replies: one undo takes them all back.
    pub(super) fn on_replies_queued(&mut self, outbox: Vec<OutboxId>, skipped: Vec<String>) {
        let mut sentence = format!(
            "{} replies queued, each its own (u undoes them all within the undo window).",
            outbox.len()
        );
        if !skipped.is_empty() {
            sentence.push_str(&format!(
                " Left out {}: {}.",
                skipped.len(),
                crate::text::excerpt(&skipped.join(", "), 120)
            ));
        }
        self.marks.last_batch = outbox;
        self.notify(sentence);
    }

    /// The last batch's replies still waiting to leave, when the newest reply this agent
    /// queued is one of them (undo takes back the newest).
    pub(super) fn batch_to_undo(&self) -> Option<Vec<OutboxId>> {
        let queued = |e: &&crate::store::OutboxEntry| {
            matches!(e.state, OutboxState::Queued { .. })
                && e.attempts == 0
                && e.agent == self.agent
        };
        let newest = self.shared.outbox.values().rev().find(queued)?;
        if !self.marks.last_batch.contains(&newest.id) {
            return None;
        }
        Some(
            self.marks
                .last_batch
                .iter()
                .filter(|id| self.shared.outbox.get(id).as_ref().is_some_and(queued))
                .copied()
                .collect(),
        )
    }

    /// Whether every marked message (or the target, without marks) is in `status`, as far
    /// as the console holds them.
    pub(super) fn all_marked_are(&self, status: Status) -> bool {
        let subjects = if self.has_marks() {
            self.marked()
        } else {
            self.target_id().into_iter().collect()
        };
        !subjects.is_empty()
            && subjects.iter().all(|id| {
                self.shared
                    .messages
                    .get(id)
                    .is_some_and(|m| m.status == status)
            })
    }

    /// Spam, or back to open when every subject is spam already.
    pub(super) fn toggle_spam(&mut self, effects: &mut Vec<Effect>) {
        let status = match self.all_marked_are(Status::Spam) {
            true => Status::Open,
            false => Status::Spam,
        };
        self.change_subjects(Change::Status(status), effects);
    }
}

impl State {
    /// What the status bar says once a change is asked.
    fn done_sentence(&self, change: &Change, n: usize) -> String {
        let what = if n == 1 {
            "1 message".to_string()
        } else {
            format!("{n} messages")
        };
        match change {
            Change::Status(Status::Resolved) => format!("Resolved {what}."),
            Change::Status(Status::Spam) => {
                format!("Marked {what} as spam: hidden from the views, kept (is:spam finds it).")
            }
            Change::Status(_) => format!("Reopened {what}."),
            Change::Sentiment(Some(l)) => format!("Marked {what} {}.", l.word()),
            Change::Sentiment(None) => format!("Handed {what} back to the tagger."),
            Change::Tags { add, remove } => format!("Tagged {what}: {}.", tag_words(add, remove)),
            Change::Snooze(until) => format!(
                "Snoozed {what} until {}; the countdown keeps running.",
                self.policies
                    .calendar()
                    .time_zone()
                    .to_datetime(*until)
                    .strftime("%a %d %b %H:%M")
            ),
            Change::Assign(Some(a)) => format!("Assigned {what} to {}.", crate::text::sanitize(a)),
            Change::Assign(None) => format!("Assigned {what} to no one."),
        }
    }
}
