//! Judging messages against a query: the query is first fixed to an instant (ages and dates
//! become milliseconds, once), then each message is asked through `Facts` — its summary for
//! the fields, the caller for the text leaves and what depends on the team or the clock.

use super::{Expr, Filter, Is, Query, When};
use crate::model::Status;
use crate::summary::Summary;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// What a query asks of one message beyond its summary.
pub trait Facts {
    fn summary(&self) -> &Summary;
    /// Whether text leaf `n` of the query (`Query::leaves`) is found in the message.
    fn text(&self, n: usize) -> bool;
    fn tagged(&self, tag: &str) -> bool;
    /// The states the summary does not hold: breached, warning, vip, influencer, mine,
    /// unassigned. (The others are read off the summary.)
    fn is(&self, flag: Is) -> bool;
}

/// A query fixed to an instant, ready to judge messages.
#[derive(Debug, Clone)]
pub struct Plan {
    node: Option<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Text(usize),
    Filter(Filter),
    /// Written at or after this millisecond.
    After(i64),
    /// Written before this millisecond.
    Before(i64),
}

fn fix(e: &Expr, now: Timestamp, tz: &TimeZone) -> Node {
    let ms = |w: &When| match w {
        When::Day(d) => d
            .to_zoned_datetime(tz.clone())
            .map(|z| z.timestamp().as_millisecond())
            .unwrap_or(i64::MIN),
        When::Ago(d) => now.as_millisecond().saturating_sub(d.as_millis() as i64),
        When::At(t) => t.as_millisecond(),
    };
    match e {
        Expr::And(all) => Node::And(all.iter().map(|e| fix(e, now, tz)).collect()),
        Expr::Or(any) => Node::Or(any.iter().map(|e| fix(e, now, tz)).collect()),
        Expr::Not(e) => Node::Not(Box::new(fix(e, now, tz))),
        Expr::Text(n) => Node::Text(*n),
        Expr::Filter(Filter::After(w)) => Node::After(ms(w)),
        Expr::Filter(Filter::Before(w)) => Node::Before(ms(w)),
        Expr::Filter(f) => Node::Filter(f.clone()),
    }
}

impl Plan {
    /// Fixes `query` to `now` (ages) and `tz` (dates).
    pub fn new(query: &Query, now: Timestamp, tz: &TimeZone) -> Plan {
        Plan {
            node: query.expr.as_ref().map(|e| fix(e, now, tz)),
        }
    }

    pub fn matches(&self, facts: &impl Facts) -> bool {
        self.node.as_ref().is_none_or(|n| n.holds(facts))
    }

    /// Whether the plan judges by the text at all (else the summary and the facts suffice).
    pub fn reads_text(&self) -> bool {
        fn any_text(n: &Node) -> bool {
            match n {
                Node::And(all) | Node::Or(all) => all.iter().any(any_text),
                Node::Not(n) => any_text(n),
                Node::Text(_) => true,
                _ => false,
            }
        }
        self.node.as_ref().is_some_and(any_text)
    }
}

impl Node {
    fn holds(&self, facts: &impl Facts) -> bool {
        let s = facts.summary();
        match self {
            Node::And(all) => all.iter().all(|n| n.holds(facts)),
            Node::Or(any) => any.iter().any(|n| n.holds(facts)),
            Node::Not(n) => !n.holds(facts),
            Node::Text(n) => facts.text(*n),
            Node::After(ms) => s.created_ms >= *ms,
            Node::Before(ms) => s.created_ms < *ms,
            Node::Filter(f) => match f {
                Filter::Channel(c) => s.channel == *c,
                Filter::Kind(k) => s.kind == *k,
                Filter::Sentiment(l) => s.sentiment == Some(*l),
                Filter::Rating(cmp, n) => s
                    .rating
                    .is_some_and(|r| cmp.holds(u64::from(r.get()), u64::from(*n))),
                Filter::Followers(cmp, n) => cmp.holds(u64::from(s.followers), *n),
                Filter::Tag(t) => facts.tagged(t),
                Filter::Is(flag) => is(*flag, s, facts),
                // Fixed to milliseconds by `fix`.
                Filter::After(_) | Filter::Before(_) => false,
            },
        }
    }
}

fn is(flag: Is, s: &Summary, facts: &impl Facts) -> bool {
    match flag {
        Is::Unanswered => s.awaits,
        Is::Answered => s.answered,
        Is::New => s.status == Status::New,
        Is::Open => s.status.is_active(),
        Is::Resolved => s.status == Status::Resolved,
        Is::Snoozed => s.status == Status::Snoozed,
        Is::Spam => s.status == Status::Spam,
        Is::Criticism => s.is_criticism(),
        Is::Breached | Is::Warning | Is::Vip | Is::Influencer | Is::Mine | Is::Unassigned => {
            facts.is(flag)
        }
    }
}
