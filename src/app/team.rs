//! The team as one console sees it: who else is here and what they look at and write,
//! assignment (`a`, the Mine and Unassigned views), and the question asked when a reply is
//! held because the conversation moved on since it was started.

use super::action::Effect;
use super::composer::{Composer, Writing};
use super::rows::ViewRows;
use super::state::{Focus, Prompt, State};
use super::views::View;
use crate::model::MessageId;
use crate::service::{Command, ConsoleId, Presence, Seen};

/// One console's view of its team.
#[derive(Debug, Default)]
pub struct Team {
    /// This console, as the service numbers it (its own presence is not shown to it).
    pub console: Option<ConsoleId>,
    /// The agents of the config: name, then the name templates use.
    pub agents: Vec<(String, String)>,
    /// Every attached console, this one included.
    pub presence: Vec<Presence>,
    /// What this console last told the service it looks at and writes.
    sent: (Option<MessageId>, Option<MessageId>),
    /// A reply the service held, waiting for the agent's answer.
    pub held: Option<HeldReply>,
    /// True in a console served over SSH: nothing runs on the server's terminal.
    pub served: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldReply {
    pub id: MessageId,
    pub text: String,
    pub changes: Vec<String>,
    pub private: bool,
}

/// Whom `a` assigns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Me,
    Nobody,
    /// The agent at this place in the config's list.
    Agent(usize),
}

impl State {
    /// The name `{agent}` fills in: the display name of this console's agent.
    pub fn agent_display_name(&self) -> &str {
        self.team
            .agents
            .iter()
            .find(|(name, _)| *name == self.agent)
            .map_or(self.agent.as_str(), |(_, display)| display.as_str())
    }

    /// Other agents looking at `id`, and those writing a reply to it.
    pub fn others_on(&self, id: MessageId) -> (Vec<&str>, Vec<&str>) {
        let others = self
            .team
            .presence
            .iter()
            .filter(|p| Some(p.console) != self.team.console);
        let mut looking = Vec::new();
        let mut writing = Vec::new();
        for p in others {
            if p.writing == Some(id) {
                writing.push(p.agent.as_str());
            } else if p.looking == Some(id) {
                looking.push(p.agent.as_str());
            }
        }
        looking.dedup();
        writing.dedup();
        (looking, writing)
    }

    /// Tells the service what this console now looks at and writes, when that changed.
    pub(super) fn sync_presence(&mut self, effects: &mut Vec<Effect>) {
        if !self.loaded {
            return;
        }
        let writing = self
            .replying
            .composer
            .as_ref()
            .filter(|c| c.writing == Writing::Reply)
            .map(|c| c.message);
        let now = (self.open, writing);
        if now != self.team.sent {
            self.team.sent = now;
            effects.push(Effect::Command(Command::Presence {
                looking: now.0,
                writing: now.1,
            }));
        }
    }

    /// How far this console has read the conversation of `id`: what a reply started now
    /// answers. Before the thread is read, the message itself (the service then reports the
    /// rest of the thread as news, which asks once too often rather than once too few).
    pub(super) fn seen_now(&self, id: MessageId) -> Seen {
        let conversation = self.conversation.as_ref().filter(|c| {
            self.shared
                .messages
                .get(&id)
                .is_some_and(|m| m.conversation == c.id)
        });
        let message = conversation
            .and_then(|c| c.messages.iter().map(|m| m.id).max())
            .unwrap_or(id)
            .max(id);
        Seen {
            message,
            outbox: self.shared.outbox.keys().next_back().copied(),
        }
    }

    /// A reply is being started on `id`: says so when another agent already writes one.
    pub(super) fn warn_if_others_write(&mut self, id: MessageId) {
        let (_, writing) = self.others_on(id);
        if let Some(first) = writing.first() {
            let who = crate::text::sanitize(first);
            self.notify(format!(
                "{who} is already writing a reply to this message; check with them before sending."
            ));
        }
    }

    pub(super) fn ask_assignee(&mut self) {
        self.prompt = self.target_id().map(Prompt::Assign);
    }

    pub(super) fn assign(&mut self, to: Assignee, effects: &mut Vec<Effect>) {
        let Some(Prompt::Assign(id)) = self.prompt else {
            return;
        };
        let agent = match to {
            Assignee::Me => Some(self.agent.clone()),
            Assignee::Nobody => None,
            Assignee::Agent(n) => match self.team.agents.get(n) {
                Some((name, _)) => Some(name.clone()),
                // A number past the list: the question stays.
                None => return,
            },
        };
        self.prompt = None;
        if self.has_marks() {
            self.ask_bulk(super::Bulk::Change(crate::service::Change::Assign(agent)));
            return;
        }
        self.notify(match &agent {
            Some(a) if *a == self.agent => "Assigned to you.".to_string(),
            Some(a) => format!("Assigned to {}.", crate::text::sanitize(a)),
            None => "Assigned to no one.".to_string(),
        });
        effects.push(Effect::Command(Command::Assign { id, to: agent }));
    }

    /// The service held a reply: the agent is asked, the text kept.
    pub(super) fn on_reply_held(&mut self, held: HeldReply) {
        self.replying.drafts.insert(held.id, held.text.clone());
        self.team.held = Some(held);
        self.prompt = Some(Prompt::ConfirmReply);
    }

    /// The agent's answer: send anyway, or back to the draft (with what changed now seen).
    pub(super) fn answer_held(&mut self, send: bool, effects: &mut Vec<Effect>) {
        self.prompt = None;
        let Some(held) = self.team.held.take() else {
            return;
        };
        if send {
            self.replying.drafts.remove(&held.id);
            effects.push(Effect::Command(Command::SendReply {
                id: held.id,
                text: held.text,
                seen: None,
                private: held.private,
            }));
            self.notify("Reply queued: it leaves when the undo window closes (u undoes it).");
            return;
        }
        self.open_message(held.id, effects);
        let mut composer = Composer::new(held.id, Some(&held.text));
        composer.seen = Some(self.seen_now(held.id));
        composer.private = held.private;
        self.replying.composer = Some(composer);
        self.focus = Focus::Composer;
        self.notify("Back to your draft; the thread shows what changed.");
    }

    /// The rows of Mine and Unassigned: waiting messages first in urgency order, then (Mine)
    /// the rest of the agent's conversations, newest first.
    pub(super) fn team_rows(&self, view: View) -> Option<ViewRows> {
        let assigned = &self.shared.assigned;
        let mine = |id: &MessageId| assigned.get(id).is_some_and(|a| *a == self.agent);
        let mut rows: Vec<MessageId> = match view {
            View::Mine => self.urgent_ids().filter(|id| mine(id)).collect(),
            View::Unassigned => self
                .urgent_ids()
                .filter(|id| !assigned.contains_key(id))
                .collect(),
            _ => return None,
        };
        if view == View::Mine {
            let mut rest: Vec<MessageId> = assigned
                .iter()
                .filter(|(id, a)| **a == self.agent && !self.shared.waiting.contains_key(id))
                .map(|(id, _)| *id)
                .collect();
            rest.sort_unstable_by(|a, b| b.cmp(a));
            rows.extend(rest);
        }
        Some(ViewRows::complete(rows))
    }

    /// Counts of Mine (all, waiting) and Unassigned (waiting), from the small maps.
    pub(super) fn team_counts(&self, view: View) -> Option<(usize, usize)> {
        let assigned = &self.shared.assigned;
        match view {
            View::Mine => {
                let mine: Vec<&MessageId> = assigned
                    .iter()
                    .filter(|(_, a)| **a == self.agent)
                    .map(|(id, _)| id)
                    .collect();
                let waiting = mine
                    .iter()
                    .filter(|id| self.shared.waiting.contains_key(id))
                    .count();
                Some((mine.len(), waiting))
            }
            View::Unassigned => {
                let n = self
                    .shared
                    .waiting
                    .keys()
                    .filter(|id| !assigned.contains_key(id))
                    .count();
                Some((n, n))
            }
            _ => None,
        }
    }

    fn urgent_ids(&self) -> impl Iterator<Item = MessageId> + '_ {
        let search = self.search.bar.as_ref().filter(|s| s.is_active());
        self.shared
            .urgent
            .iter()
            .filter(move |(_, u)| {
                let status = u.slot.status;
                !super::index::hidden(status) || search.is_some_and(|s| s.reveals(status))
            })
            .map(|(_, u)| u.slot.id)
            .filter(move |id| search.is_none_or(|s| s.admits(*id)))
    }
}
