//! Inbox views and the urgency order within them.

use crate::model::{Channel, Kind, Message, MessageId, SentimentLabel, Status};
use crate::query::Query;
use crate::sla::{Countdown, SlaState};
use crate::summary::Summary;
use std::cmp::Reverse;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    All,
    Unanswered,
    /// Negative or complaint messages still waiting for the brand.
    Criticism,
    /// Waiting messages past their deadline or in warning.
    Breaching,
    Reviews,
    Channel(Channel),
    /// The negative messages of a bad-buzz spike (`b`); not among the numbered views.
    Buzz,
    /// The conversations assigned to this console's agent (`M`, with a team).
    Mine,
    /// Messages waiting for a reply that no one is assigned to (`U`, with a team).
    Unassigned,
    /// A saved view whose query is none of the defaults', by its place among the views:
    /// its rows are found as a search's are.
    Custom(usize),
}

impl View {
    /// The views in sidebar order; keys 1–9 then 0 select them.
    pub fn all() -> Vec<View> {
        let mut v = vec![
            View::All,
            View::Unanswered,
            View::Criticism,
            View::Breaching,
            View::Reviews,
        ];
        v.extend(Channel::ALL.into_iter().map(View::Channel));
        v
    }

    pub fn title(self) -> &'static str {
        match self {
            View::All => "All",
            View::Unanswered => "Unanswered",
            View::Criticism => "Criticism",
            View::Breaching => "Breaching SLA",
            View::Reviews => "Reviews",
            View::Channel(c) => c.title(),
            View::Buzz => "Bad buzz",
            View::Mine => "Mine",
            View::Unassigned => "Unassigned",
            View::Custom(_) => "Saved view",
        }
    }

    /// A name that fits a line of tabs at 80 columns.
    pub fn short(self) -> &'static str {
        match self {
            View::All => "All",
            View::Unanswered => "Unans",
            View::Criticism => "Crit",
            View::Breaching => "Late",
            View::Reviews => "Rev",
            View::Channel(c) => c.code(),
            View::Buzz => "Buzz",
            View::Mine => "Mine",
            View::Unassigned => "Unasg",
            View::Custom(_) => "View",
        }
    }

    /// The query a default view is, in the language of `/`.
    fn query_text(self) -> String {
        match self {
            View::All => String::new(),
            View::Unanswered => "is:unanswered".into(),
            View::Criticism => "is:unanswered is:criticism".into(),
            View::Breaching => "is:breached OR is:warning".into(),
            View::Reviews => "kind:review".into(),
            View::Channel(c) => format!("channel:{}", c.as_str()),
            View::Buzz | View::Mine | View::Unassigned | View::Custom(_) => String::new(),
        }
    }

    /// Whether an inbound message belongs in this view; `countdown` is its response-time
    /// countdown, if it waits for a reply. Snoozed messages and spam are in no view but
    /// Breaching (snoozing does not hide a breach; spam does not wait).
    pub fn contains(self, m: &Message, countdown: Option<&Countdown>) -> bool {
        let hidden = matches!(m.status, Status::Snoozed | Status::Spam);
        m.is_inbound()
            && (!hidden || self == View::Breaching)
            && match self {
                View::All => true,
                View::Unanswered => m.awaits_reply(),
                View::Criticism => m.awaits_reply() && is_criticism(m),
                View::Breaching => countdown.is_some_and(|c| c.state != SlaState::Ok),
                View::Reviews => m.kind == Kind::Review,
                View::Channel(c) => m.channel == c,
                // Depend on the alert, on assignment or on a query: the state filters them.
                View::Buzz | View::Mine | View::Unassigned | View::Custom(_) => false,
            }
    }
}

/// A view of the sidebar as the config and the defaults define it: a name, a query, the key
/// that selects it (besides its place, 1–9 then 0), what its count counts, and how its rows
/// are found: a default view's query keeps the default's own way (its counts kept as
/// messages change), any other query is a `View::Custom`.
#[derive(Debug, Clone)]
pub struct ViewDef {
    pub name: String,
    /// The query as written.
    pub text: String,
    pub query: Query,
    pub key: Option<crate::config::Key>,
    /// The sidebar counts every message of the view, not only those waiting.
    pub counts_all: bool,
    pub view: View,
}

impl ViewDef {
    /// The ten default views, each written as its query.
    pub fn defaults() -> Vec<ViewDef> {
        ViewDef::with_config(&[])
    }

    /// The defaults, with the config's views: one named as a default replaces its query (and
    /// key, and count); the others follow, in the config's order.
    pub fn with_config(config: &[crate::config::ViewConfig]) -> Vec<ViewDef> {
        let mut defs: Vec<(String, String, Option<crate::config::Key>, bool)> = View::all()
            .into_iter()
            .map(|v| {
                let all = matches!(v, View::All | View::Reviews);
                (v.title().to_string(), v.query_text(), None, all)
            })
            .collect();
        for c in config {
            let counts_all = c.count.map(|n| n == crate::config::ViewCount::All);
            let same = defs
                .iter_mut()
                .find(|d| d.0.eq_ignore_ascii_case(c.name.trim()));
            match same {
                Some(d) => {
                    d.1 = c.query.clone();
                    d.2 = c.key;
                    d.3 = counts_all.unwrap_or(d.3);
                }
                None => defs.push((
                    c.name.trim().to_string(),
                    c.query.clone(),
                    c.key,
                    counts_all.unwrap_or(false),
                )),
            }
        }
        let mut taken = Vec::new();
        defs.into_iter()
            .enumerate()
            .map(|(i, (name, text, key, counts_all))| {
                // The config's queries were checked as it was read.
                let query = crate::query::parse(&text).unwrap_or_default();
                let builtin = View::all().into_iter().find(|v| {
                    !taken.contains(v)
                        && crate::query::parse(&v.query_text()).is_ok_and(|q| q == query)
                });
                taken.extend(builtin);
                ViewDef {
                    name,
                    text,
                    query,
                    key,
                    counts_all,
                    view: builtin.unwrap_or(View::Custom(i)),
                }
            })
            .collect()
    }
}

/// Negative, or a complaint by its kind or its cues.
pub(super) fn is_criticism(m: &Message) -> bool {
    m.summary().is_criticism()
}

/// Sort key of the urgency order: messages waiting for a reply first — breached (most
/// overdue first, i.e. the earliest deadline), then in warning, then by time left — and at
/// equal urgency negative before neutral before positive, then the larger audience; then
/// everything else, newest first. The fields compare in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UrgencyKey {
    /// 0 while the message waits for a reply, 1 once it does not.
    settled: u8,
    /// Breached, then warning, then on time (`SlaState` in that order).
    state: u8,
    /// Minutes left (or the deadline's minute once breached): sooner first.
    minutes: i64,
    /// Negative, neutral, positive.
    tone: u8,
    /// The larger audience first.
    audience: Reverse<u64>,
    /// For messages not waiting: the newest first.
    created: Reverse<i64>,
    /// The newest id first, so the order is total.
    id: Reverse<MessageId>,
}

pub fn urgency_key(m: &Message, countdown: Option<&Countdown>) -> UrgencyKey {
    match countdown {
        Some(c) => waiting_key(&m.summary(), c.state, c.deadline, Some(c.remaining)),
        None => UrgencyKey {
            settled: 1,
            state: 0,
            minutes: 0,
            tone: 0,
            audience: Reverse(0),
            created: Reverse(m.created_at.as_millisecond()),
            id: Reverse(m.id),
        },
    }
}

/// The key of a waiting message; `remaining` is only read before the deadline, so a console
/// need not count the business time of long-overdue messages to order them.
pub(super) fn waiting_key(
    m: &Summary,
    state: SlaState,
    deadline: jiff::Timestamp,
    remaining: Option<jiff::SignedDuration>,
) -> UrgencyKey {
    // Minutes: a few seconds apart is equal urgency, where sentiment decides.
    let minutes = match (state, remaining) {
        (SlaState::Breached, _) | (_, None) => deadline.as_second().div_euclid(60),
        (_, Some(r)) => r.as_secs() / 60,
    };
    UrgencyKey {
        settled: 0,
        state: state as u8,
        minutes,
        tone: sentiment_rank(m.sentiment),
        audience: Reverse(u64::from(m.followers)),
        created: Reverse(0),
        id: Reverse(m.id),
    }
}

fn sentiment_rank(label: Option<SentimentLabel>) -> u8 {
    match label {
        Some(SentimentLabel::Neg) => 0,
        Some(SentimentLabel::Neu) | None => 1,
        Some(SentimentLabel::Pos) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing;
    use jiff::{SignedDuration, Timestamp};

    fn message(id: u64, label: SentimentLabel, followers: u64) -> Message {
        let mut m = testing::inbound(id, Channel::Bluesky, Timestamp::UNIX_EPOCH, "");
        m.kind = Kind::Mention;
        m.author.followers = Some(followers);
        testing::labelled(m, label)
    }

    fn countdown(state: SlaState, minutes: i64) -> Countdown {
        Countdown {
            deadline: Timestamp::UNIX_EPOCH + SignedDuration::from_mins(minutes),
            remaining: SignedDuration::from_mins(minutes),
            state,
        }
    }

    #[test]
    fn the_default_views_are_queries_and_the_config_changes_or_adds_views() {
        let defaults = ViewDef::defaults();
        assert_eq!(
            defaults.iter().map(|d| d.view).collect::<Vec<_>>(),
            View::all()
        );
        assert_eq!(defaults[3].text, "is:breached OR is:warning");
        assert_eq!(defaults[9].text, "channel:google_reviews");

        let view = |name: &str, query: &str| crate::config::ViewConfig {
            name: name.into(),
            query: query.into(),
            key: None,
            count: None,
        };
        let defs = ViewDef::with_config(&[
            view("unanswered", "is:unanswered -kind:review"),
            view("Refunds", "refund"),
            view("Reviews again", "kind:review"),
            // Written otherwise, still the default's query.
            view("Mastodon", "  channel:mastodon "),
        ]);
        let shown: Vec<(&str, View)> = defs.iter().map(|d| (d.name.as_str(), d.view)).collect();
        assert_eq!(
            shown[1],
            ("Unanswered", View::Custom(1)),
            "changed in place"
        );
        assert_eq!(shown[4], ("Reviews", View::Reviews));
        assert_eq!(shown[5], ("Mastodon", View::Channel(Channel::Mastodon)));
        assert_eq!(
            &shown[10..],
            [
                ("Refunds", View::Custom(10)),
                ("Reviews again", View::Custom(11))
            ]
        );
        assert!(!defs[10].counts_all && defs[0].counts_all);
    }

    #[test]
    fn breached_then_warning_then_time_left_then_tone_then_audience() {
        use SentimentLabel::*;
        let rows = [
            (message(1, Pos, 10), Some(countdown(SlaState::Ok, 30))),
            (message(2, Neg, 10), Some(countdown(SlaState::Ok, 30))),
            (message(3, Neu, 10), Some(countdown(SlaState::Ok, 30))),
            (message(4, Neg, 5000), Some(countdown(SlaState::Ok, 30))),
            (message(5, Pos, 10), Some(countdown(SlaState::Warning, 5))),
            (
                message(6, Pos, 10),
                Some(countdown(SlaState::Breached, -10)),
            ),
            (
                message(7, Pos, 10),
                Some(countdown(SlaState::Breached, -90)),
            ),
            (message(8, Neg, 10), None),
            (message(9, Pos, 10), Some(countdown(SlaState::Ok, 10))),
        ];
        let mut order: Vec<(UrgencyKey, MessageId)> = rows
            .iter()
            .map(|(m, c)| (urgency_key(m, c.as_ref()), m.id))
            .collect();
        order.sort();
        let ids: Vec<u64> = order.into_iter().map(|(_, id)| id.0).collect();
        assert_eq!(ids, [7, 6, 5, 9, 4, 2, 3, 1, 8]);
    }
}
