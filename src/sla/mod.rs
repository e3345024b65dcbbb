//! Response time: which policy applies to a message, its deadline, and how much time is left,
//! counted in business hours of the calendar (or wall-clock time for a policy that says so).

mod calendar;

pub use calendar::Calendar;

use crate::config::{PolicyMatch, SlaConfig};
use crate::model::Message;
use crate::summary::Summary;
use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone)]
pub struct Policy {
    pub name: String,
    pub matches: PolicyMatch,
    pub first_response: SignedDuration,
    /// Only open hours of business days count towards the target.
    pub business_hours_only: bool,
}

impl Policy {
    fn applies_to(&self, m: &Summary) -> bool {
        let w = &self.matches;
        w.sentiment.is_none_or(|s| m.sentiment == Some(s))
            && w.kind.is_none_or(|k| m.kind == k)
            && w.channel.is_none_or(|c| m.channel == c)
            && w.rating_at_most
                .is_none_or(|r| m.rating.is_some_and(|v| v.get() <= r.0))
            && w.urgent.is_none_or(|u| m.urgent == u)
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
    /// Time left before the deadline, counted as the policy counts (business time unless
    /// the policy says otherwise); negative once overdue.
    pub remaining: SignedDuration,
    pub state: SlaState,
}

/// The instants a waiting message turns to warning and to breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub deadline: Timestamp,
    pub warn: Timestamp,
    business_hours_only: bool,
}

impl Schedule {
    pub fn state(&self, now: Timestamp) -> SlaState {
        if now >= self.deadline {
            SlaState::Breached
        } else if now >= self.warn {
            SlaState::Warning
        } else {
            SlaState::Ok
        }
    }
}

/// The ordered policies of the config (the first that matches a message applies) and the
/// business calendar their targets are counted in.
#[derive(Debug, Clone)]
pub struct Policies {
    policies: Vec<Policy>,
    warn_at: f64,
    calendar: Calendar,
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
                    business_hours_only: p.business_hours_only,
                })
                .collect(),
            warn_at: sla.warn_at.0,
            calendar: Calendar::from_config(sla),
        }
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    pub fn policy_for(&self, m: &Message) -> Option<&Policy> {
        self.policy_of(&m.summary())
    }

    fn policy_of(&self, s: &Summary) -> Option<&Policy> {
        self.policies.iter().find(|p| p.applies_to(s))
    }

    /// When an inbound message should have its reply by, under the policy that applies;
    /// None for outbound messages and when no policy applies.
    pub fn deadline(&self, m: &Message) -> Option<Timestamp> {
        if !m.is_inbound() {
            return None;
        }
        self.deadline_of(&m.summary())
    }

    /// The deadline of an inbound message from its summary.
    fn deadline_of(&self, s: &Summary) -> Option<Timestamp> {
        let p = self.policy_of(s)?;
        Some(if p.business_hours_only {
            self.calendar.add(s.created_at(), p.first_response)
        } else {
            s.created_at() + p.first_response
        })
    }

    /// The countdown of a message still waiting for the brand; None once answered, for
    /// outbound and inactive messages, and when no policy applies.
    pub fn countdown(&self, m: &Message, now: Timestamp) -> Option<Countdown> {
        Some(self.countdown_of(&self.schedule(&m.summary())?, now))
    }

    /// When a waiting message falls into warning and into breach. Both instants are fixed
    /// until the message changes, so a console keeps them and compares with the clock.
    /// Summaries are only kept for inbound messages, so `awaits` says it all.
    pub fn schedule(&self, m: &Summary) -> Option<Schedule> {
        if !m.awaits {
            return None;
        }
        let p = self.policy_of(m)?;
        let deadline = self.deadline_of(m)?;
        // Warning once `warn_at` of the target is used, counted as the policy counts.
        let used = p.first_response.mul_f64(self.warn_at);
        let warn = if p.business_hours_only {
            self.calendar.add(m.created_at(), used)
        } else {
            m.created_at() + used
        };
        Some(Schedule {
            deadline,
            warn,
            business_hours_only: p.business_hours_only,
        })
    }

    /// The countdown of a schedule at `now`: its state, and the time left counted as its
    /// policy counts.
    pub fn countdown_of(&self, s: &Schedule, now: Timestamp) -> Countdown {
        let remaining = if s.business_hours_only {
            self.calendar.between(now, s.deadline)
        } else {
            s.deadline.duration_since(now)
        };
        Countdown {
            deadline: s.deadline,
            remaining,
            state: s.state(now),
        }
    }

    /// Whether an answered message was answered by its deadline.
    pub fn answered_in_time(&self, m: &Message) -> Option<bool> {
        Some(m.answered_at? <= self.deadline(m)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn message(kind: Kind, at: &str) -> Message {
        Message::from_new(
            MessageId(1),
            MessageId(1),
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
            "[[sla.policy]]\nname='complaints'\nmatch={kind='complaint'}\nfirst_response='1h'\nbusiness_hours_only=false\n[[sla.policy]]\nname='default'\nfirst_response='24h'\nbusiness_hours_only=false\n",
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

    fn paris(policy: &str) -> Policies {
        let toml = format!(
            "[sla]\ntimezone='Europe/Paris'\nbusiness_hours='09:00-18:00'\nwarn_at=0.5\n{policy}"
        );
        Policies::from_config(
            &crate::config::Config::parse(&toml, std::path::Path::new("t.toml"))
                .unwrap()
                .sla,
        )
    }

    #[test]
    fn business_time_stops_the_countdown_overnight() {
        let p = paris("[[sla.policy]]\nname='all'\nfirst_response='2h'\n");
        // Friday 17:00 Paris: one business hour on Friday, one on Monday.
        let m = message(Kind::Mention, "2026-11-27T16:00:00Z");
        let at = |t: &str| p.countdown(&m, t.parse().unwrap()).unwrap();
        assert_eq!(
            at("2026-11-27T16:00:00Z").deadline,
            "2026-11-30T09:00:00Z".parse::<Timestamp>().unwrap()
        );
        // Half the target (warn_at) is used at Friday 18:00 Paris, the close of business.
        let schedule = p.schedule(&m.summary()).unwrap();
        assert_eq!(schedule.warn, "2026-11-27T17:00:00Z".parse().unwrap());
        assert_eq!(at("2026-11-27T16:59:00Z").state, SlaState::Ok);
        // Saturday: an hour used of two, an hour left, whatever the wall clock says.
        let saturday = at("2026-11-28T12:00:00Z");
        assert_eq!(saturday.remaining, SignedDuration::from_hours(1));
        assert_eq!(saturday.state, SlaState::Warning);
        // Monday 11:00 Paris: overdue by one business hour.
        let late = at("2026-11-30T10:00:00Z");
        assert_eq!(
            (late.state, late.remaining),
            (SlaState::Breached, SignedDuration::from_hours(-1))
        );
    }

    #[test]
    fn a_wall_clock_policy_counts_every_hour() {
        let p =
            paris("[[sla.policy]]\nname='all'\nfirst_response='2h'\nbusiness_hours_only=false\n");
        let m = message(Kind::Mention, "2026-11-27T16:00:00Z");
        let c = p
            .countdown(&m, "2026-11-27T19:00:00Z".parse().unwrap())
            .unwrap();
        assert_eq!(
            (c.state, c.remaining),
            (SlaState::Breached, SignedDuration::from_hours(-1))
        );
    }

    #[test]
    fn policies_apply_in_order_and_match_every_key() {
        let p = paris(
            "[[sla.policy]]\nname='angry reviews'\nmatch={kind='review', rating_at_most=2}\nfirst_response='30m'\n\
             [[sla.policy]]\nname='negative'\nmatch={sentiment='neg'}\nfirst_response='1h'\n\
             [[sla.policy]]\nname='instagram'\nmatch={channel='instagram'}\nfirst_response='4h'\n\
             [[sla.policy]]\nname='default'\nfirst_response='24h'\n",
        );
        let mut review = message(Kind::Review, "2026-11-24T09:00:00Z");
        review.rating = Some(2);
        assert_eq!(p.policy_for(&review).unwrap().name, "angry reviews");
        review.rating = Some(4);
        assert_eq!(p.policy_for(&review).unwrap().name, "default");
        review.sentiment = Some(Sentiment {
            label: SentimentLabel::Neg,
            score: -0.5,
            by_agent: false,
            urgency: Default::default(),
        });
        assert_eq!(p.policy_for(&review).unwrap().name, "negative");
        let mut post = message(Kind::Comment, "2026-11-24T09:00:00Z");
        post.channel = Channel::Instagram;
        assert_eq!(p.policy_for(&post).unwrap().name, "instagram");
        post.rating = Some(1);
        assert_eq!(
            p.policy_for(&post).unwrap().name,
            "instagram",
            "rating_at_most needs a review's rating and kind"
        );
    }
}
