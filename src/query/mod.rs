//! The query language of `/`, of saved views and of `--query`: free words (all must appear,
//! any case, with or without accents), `"an exact phrase"`, `-word`, `OR`, parentheses, and
//! fields (`from:`, `channel:`, `kind:`, `sentiment:`, `rating:`, `lang:`, `tag:`, `is:`,
//! `after:`, `before:`, `followers:`). `OR` binds tighter than the space between terms, as in
//! Gmail: `refund late OR slow` is `refund (late OR slow)`.
//!
//! A query is parsed once into an `Expr`; what reads text (words, phrases, `from:`, `lang:`)
//! is a numbered leaf that the caller answers — from the on-disk index for a million messages,
//! or from the message itself — and the rest is judged on the message's summary.

mod eval;
mod parse;

pub use eval::{Facts, Plan};
pub use parse::{age as parse_age, parse};

use crate::model::{Channel, Kind, SentimentLabel};
use jiff::SignedDuration;
use jiff::civil::Date;

/// A parsed query: its expression (None when the query is empty: everything matches) and
/// its text leaves, numbered in the order they appear.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub expr: Option<Expr>,
    pub leaves: Vec<TextLeaf>,
}

impl Query {
    /// The query that matches everything.
    pub fn all() -> Query {
        Query::default()
    }

    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    /// The text leaves a message is wanted for (not under a negation): what relevance
    /// scores.
    pub fn wanted_leaves(&self) -> Vec<usize> {
        fn walk(e: &Expr, negated: bool, out: &mut Vec<usize>) {
            match e {
                Expr::And(all) | Expr::Or(all) => all.iter().for_each(|e| walk(e, negated, out)),
                Expr::Not(e) => walk(e, !negated, out),
                Expr::Text(n) if !negated => out.push(*n),
                Expr::Text(_) | Expr::Filter(_) => {}
            }
        }
        let mut out = Vec::new();
        if let Some(e) = &self.expr {
            walk(e, false, &mut out);
        }
        out
    }

    /// Whether the query names `flag` anywhere (spam and snoozed messages are shown only to
    /// the queries that ask for them).
    pub fn mentions(&self, flag: Is) -> bool {
        self.expr.as_ref().is_some_and(|e| e.mentions(flag))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    /// A text leaf, by its number in `Query::leaves`.
    Text(usize),
    Filter(Filter),
}

impl Expr {
    fn mentions(&self, flag: Is) -> bool {
        match self {
            Expr::And(all) | Expr::Or(all) => all.iter().any(|e| e.mentions(flag)),
            Expr::Not(e) => e.mentions(flag),
            Expr::Filter(Filter::Is(f)) => *f == flag,
            Expr::Text(_) | Expr::Filter(_) => false,
        }
    }
}

/// What is found in a message's words: its text, its author's handle and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextLeaf {
    /// A word as typed; several words when it holds punctuation (`don't`, `e-mail`) must
    /// appear in that order.
    Word(String),
    /// An exact phrase: its words in that order.
    Phrase(String),
    /// `from:`: the author's handle or name, or any handle linked to the same person.
    From(String),
    /// `lang:`: the language the network stated, else the one the tagger read (en, fr).
    Lang(String),
}

/// What a field compares a number with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Eq,
    Ge,
    Gt,
}

impl Cmp {
    pub fn holds(self, value: u64, bound: u64) -> bool {
        match self {
            Cmp::Lt => value < bound,
            Cmp::Le => value <= bound,
            Cmp::Eq => value == bound,
            Cmp::Ge => value >= bound,
            Cmp::Gt => value > bound,
        }
    }
}

/// An instant as written in `after:` and `before:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The start of that day, in the business time zone.
    Day(Date),
    /// That long before now.
    Ago(SignedDuration),
    /// That instant, written in RFC 3339 (`2026-11-30T10:00:00Z`): an incident's start.
    At(jiff::Timestamp),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Channel(Channel),
    Kind(Kind),
    Sentiment(SentimentLabel),
    Rating(Cmp, u8),
    Followers(Cmp, u64),
    Tag(String),
    Is(Is),
    After(When),
    Before(When),
}

/// The states `is:` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Is {
    /// Waiting for the brand's reply.
    Unanswered,
    /// The brand replied.
    Answered,
    Breached,
    Warning,
    /// Not yet opened by anyone.
    New,
    /// Still to be dealt with (new, open or pending).
    Open,
    Resolved,
    Snoozed,
    Spam,
    /// The author is marked VIP.
    Vip,
    /// The author's audience is past the influencer threshold.
    Influencer,
    /// Assigned to this console's agent.
    Mine,
    /// Assigned to no one.
    Unassigned,
    /// Negative, a complaint, or carrying complaint cues.
    Criticism,
}

impl Is {
    pub const ALL: [Is; 14] = [
        Is::Unanswered,
        Is::Answered,
        Is::Breached,
        Is::Warning,
        Is::New,
        Is::Open,
        Is::Resolved,
        Is::Snoozed,
        Is::Spam,
        Is::Vip,
        Is::Influencer,
        Is::Mine,
        Is::Unassigned,
        Is::Criticism,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Is::Unanswered => "unanswered",
            Is::Answered => "answered",
            Is::Breached => "breached",
            Is::Warning => "warning",
            Is::New => "new",
            Is::Open => "open",
            Is::Resolved => "resolved",
            Is::Snoozed => "snoozed",
            Is::Spam => "spam",
            Is::Vip => "vip",
            Is::Influencer => "influencer",
            Is::Mine => "mine",
            Is::Unassigned => "unassigned",
            Is::Criticism => "criticism",
        }
    }
}

/// The fields, in the order help and completion offer them.
pub const FIELDS: [&str; 11] = [
    "from",
    "channel",
    "kind",
    "sentiment",
    "rating",
    "lang",
    "tag",
    "is",
    "after",
    "before",
    "followers",
];

/// A mistake in a query: where (a character offset into it) and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at {}: {message}", at + 1)]
pub struct QueryError {
    pub at: usize,
    pub message: String,
}

/// Completes the field name or `is:` value the query ends with (Tab in the query line):
/// the completed query, or None when nothing or several things fit. With several, the
/// common start is completed.
pub fn complete(query: &str) -> Option<String> {
    let start = query
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '-')
        .map_or(0, |i| i + 1);
    let (head, last) = query.split_at(start);
    let (candidates, prefix, before): (Vec<String>, &str, &str) =
        if let Some(value) = last.strip_prefix("is:") {
            (
                Is::ALL.iter().map(|f| f.word().to_string()).collect(),
                value,
                "is:",
            )
        } else if !last.contains(':') && !last.is_empty() {
            (FIELDS.iter().map(|f| format!("{f}:")).collect(), last, "")
        } else {
            return None;
        };
    let fitting: Vec<&String> = candidates
        .iter()
        .filter(|c| c.starts_with(&prefix.to_lowercase()))
        .collect();
    let common = fitting.split_first().map(|(first, rest)| {
        rest.iter().fold(first.as_str(), |acc, c| {
            let shared = acc
                .char_indices()
                .zip(c.chars())
                .take_while(|((_, a), b)| a == b)
                .last()
                .map_or(0, |((i, a), _)| i + a.len_utf8());
            &acc[..shared]
        })
    })?;
    (common.len() > prefix.len()).then(|| format!("{head}{before}{common}"))
}

#[cfg(test)]
mod tests;
