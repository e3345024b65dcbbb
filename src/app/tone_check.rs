//! The tone check at send: the composer's reply read against the message it answers before
//! it is queued. Findings are advice the agent sees in one list (Enter sends anyway, Esc goes
//! back to the draft, kept as it is); an empty reply or an unfilled template field blocks.

use super::action::Effect;
use super::state::{Prompt, State};
use crate::model::{MessageId, SentimentLabel};
use crate::tone::{self, Answered, Finding};

/// The findings the agent is being shown, and for which message.
#[derive(Debug, Clone)]
pub struct ToneFindings {
    pub id: MessageId,
    pub findings: Vec<Finding>,
}

impl State {
    /// Whether the reply may be queued now: true when the check finds nothing; otherwise the
    /// agent is told (blocked) or asked (findings), and the composer keeps the draft.
    pub(super) fn tone_allows(&mut self, id: MessageId, reply: &str) -> bool {
        let review = match self.shared.messages.get(&id) {
            Some(m) => tone::check(reply, &answered(m), &self.replying.tone_settings),
            None => tone::check(reply, &Answered::default(), &self.replying.tone_settings),
        };
        if let Some(blocked) = &review.blocked {
            self.notify(blocked.sentence());
            return false;
        }
        if review.findings.is_empty() {
            return true;
        }
        self.replying.tone = Some(ToneFindings {
            id,
            findings: review.findings,
        });
        self.prompt = Some(Prompt::Tone);
        false
    }

    /// What the tone check finds in `template` filled for message `id` (one of a bulk
    /// reply's), in a few words; `None` when it finds nothing or the message is not at hand.
    pub(super) fn template_tone(&self, id: MessageId, template: &str) -> Option<String> {
        let m = self.shared.messages.get(&id)?;
        let fill = crate::templates::Fill::from_message(m, self.agent_display_name());
        let reply = crate::templates::render(template, &fill);
        let review = tone::check(&reply, &answered(m), &self.replying.tone_settings);
        let titles: Vec<&str> = review.findings.iter().map(|f| f.check.title()).collect();
        (!titles.is_empty()).then(|| titles.join(", "))
    }

    /// The agent's answer to the findings: send as it is, or back to the draft.
    pub(super) fn answer_tone(&mut self, send: bool, effects: &mut Vec<Effect>) {
        self.prompt = None;
        let Some(shown) = self.replying.tone.take() else {
            return;
        };
        let still_writing = self
            .replying
            .composer
            .as_ref()
            .is_some_and(|c| c.message == shown.id);
        if send && still_writing {
            self.queue_reply(effects);
        } else {
            self.notify("Back to your draft: ^s sends when it reads as you want.");
        }
    }
}

/// The message a reply answers, as the tone check reads it.
fn answered(m: &crate::model::Message) -> Answered<'_> {
    Answered {
        text: &m.text,
        author_name: m.author.name.as_deref(),
        lang: m.lang.as_deref(),
        criticism: m
            .sentiment
            .as_ref()
            .is_some_and(|s| s.label == SentimentLabel::Neg || !s.urgency.is_empty()),
    }
}
