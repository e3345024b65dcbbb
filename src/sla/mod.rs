//! Response time: which policy applies to a message, its deadline, and how much time is left.
//!
//! This first version counts wall-clock time; business hours plug in behind `deadline`.

use crate::config::{PolicyMatch, SlaConfig};
use crate::model::Message;
use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub matches: PolicyMatch,
    pub first_response: SignedDuration,
}

impl Policy {
    fn applies_to(&self, m: &Message) -> bool {
        let w = &self.matches;
        w.sentiment
            .is_none_or(|s| m.sentiment.as_ref().is_some_and(|t| t.label == s))
            && w.kind.is_none_or(|k| m.kind == k)
            && w.channel.is_none_or(|c| m.channel == c)
            && w.rating_at_most
                .is_none_or(|r| m.rating.is_some_and(|v| v <= r))
            && w.urgent.is_none_or(|u| m.urgency().is_empty() != u)
    }
}

/// Where a waiting message stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SlaState {
    Breached,
    Warning,
    Ok,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Countdown {
    pub deadline: Timestamp,
    /// Negative once overdue.
    pub remaining: SignedDuration,
    pub state: SlaState,
}

/// The ordered policies of the config: the first that matches a message applies.
#[derive(Debug, Clone)]
pub struct Policies {
    policies: Vec<Policy>,
    warn_at: f64,
}

impl Policies {
    pub fn from_config(sla: &SlaConfig) -> Policies {
        Policies {
            policies: sla
                .policies
                .iter()
                .map(|p| Policy {
                    name: p.name.clone(),
                    matches: p.matches.clone(),
                    first_response: p.first_response.get(),
                })
                .collect(),
            warn_at: sla.warn_at.0,
        }
    }

    pub fn policy_for(&self, m: &Message) -> Option<&Policy> {
        self.policies.iter().find(|p| p.applies_to(m))
    }

    /// The countdown of a message still waiting for the brand; None once answered, for
    /// outbound and inactive messages, and when no policy applies.
    pub fn countdown(&self, m: &Message, now: Timestamp) -> Option<Countdown> {
        if !m.awaits_reply() {
            return None;
        }
        let target = self.policy_for(m)?.first_response;
        let deadline = m.created_at + target;
        let remaining = deadline.duration_since(now);
        let used = (now.duration_since(m.created_at)).as_secs_f64() / target.as_secs_f64();
        let state = if remaining.is_negative() {
            SlaState::Breached
        } else if used >= self.warn_at {
            SlaState::Warning
        } else {
            SlaState::Ok
        };
        Some(Countdown {
            deadline,
            remaining,
            state,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn message(kind: Kind, at: &str) -> Message {
        Message::from_new(
            1,
            1,
            NewMessage {
                channel: Channel::Facebook,
                account: "brand".into(),
                external_id: "1".into(),
                kind,
                direction: Direction::Inbound,
                author: Author::default(),
                text: "x".into(),
                created_at: at.parse().unwrap(),
                rating: None,
                in_reply_to: None,
                url: None,
                lang: None,
            },
        )
    }

    fn policies() -> Policies {
        Policies::from_config(&crate::config::Config::parse(
            "[[sla.policy]]\nname='complaints'\nmatch={kind='complaint'}\nfirst_response='1h'\n[[sla.policy]]\nname='default'\nfirst_response='24h'\n",
            std::path::Path::new("t.toml"),
        ).unwrap().sla)
    }

    #[test]
    fn the_first_matching_policy_sets_the_deadline() {
        let p = policies();
        let now: Timestamp = "2026-11-20T09:30:00Z".parse().unwrap();
        let c = p
            .countdown(&message(Kind::Complaint, "2026-11-20T09:00:00Z"), now)
            .unwrap();
        assert_eq!(c.remaining, SignedDuration::from_mins(30));
        assert_eq!(c.state, SlaState::Ok);
        let c = p
            .countdown(&message(Kind::Mention, "2026-11-20T09:00:00Z"), now)
            .unwrap();
        assert_eq!(c.remaining, SignedDuration::from_mins(23 * 60 + 30));
    }

    #[test]
    fn the_countdown_warns_then_breaches() {
        let p = policies();
        let m = message(Kind::Complaint, "2026-11-20T09:00:00Z");
        let at = |t: &str| p.countdown(&m, t.parse().unwrap()).unwrap();
        assert_eq!(at("2026-11-20T09:44:00Z").state, SlaState::Ok);
        assert_eq!(at("2026-11-20T09:45:00Z").state, SlaState::Warning);
        let late = at("2026-11-20T10:05:00Z");
        assert_eq!(late.state, SlaState::Breached);
        assert_eq!(late.remaining, SignedDuration::from_mins(-5));
    }

    #[test]
    fn an_answered_message_has_no_countdown() {
        let p = policies();
        let mut m = message(Kind::Complaint, "2026-11-20T09:00:00Z");
        m.answered_at = Some("2026-11-20T09:10:00Z".parse().unwrap());
        assert!(
            p.countdown(&m, "2026-11-20T11:00:00Z".parse().unwrap())
                .is_none()
        );
    }
}
