//! Inbox views (All, Unanswered, one per channel) and the urgency order within them.

use crate::model::{Channel, Message};
use crate::sla::Policies;
use std::cmp::Ordering;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    All,
    Unanswered,
    Channel(Channel),
}

impl View {
    /// The views in sidebar order; keys 1–9 select them.
    pub fn all() -> Vec<View> {
        let mut v = vec![View::All, View::Unanswered];
        v.extend(Channel::ALL.into_iter().map(View::Channel));
        v
    }

    pub fn title(self) -> &'static str {
        match self {
            View::All => "All",
            View::Unanswered => "Unanswered",
            View::Channel(c) => c.title(),
        }
    }

    /// Whether an inbound message belongs in this view.
    pub fn contains(self, m: &Message) -> bool {
        m.is_inbound()
            && match self {
                View::All => true,
                View::Unanswered => m.awaits_reply(),
                View::Channel(c) => m.channel == c,
            }
    }
}

/// Urgency order: messages waiting for a reply first, the nearest deadline first (so the
/// most overdue lead), larger audiences first at equal deadline; then everything else,
/// newest first.
pub fn urgency(policies: &Policies, a: &Message, b: &Message) -> Ordering {
    let deadline = |m: &Message| {
        m.awaits_reply()
            .then(|| {
                policies
                    .policy_for(m)
                    .map(|p| m.created_at + p.first_response)
            })
            .flatten()
    };
    match (deadline(a), deadline(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| audience(b).cmp(&audience(a))),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => b.created_at.cmp(&a.created_at),
    }
    .then_with(|| b.id.cmp(&a.id))
}

fn audience(m: &Message) -> u64 {
    m.author.followers.unwrap_or(0)
}
