//! From the typed line to an `Expr`: a lexer that keeps each token's position (in
//! characters) so that a mistake can be pointed at, then a recursive descent:
//!
//! ```text
//! query := group*            terms side by side: all must hold
//! group := unary (OR unary)*
//! unary := "-" atom | atom
//! atom  := "(" query ")" | "phrase" | field:value | word
//! ```

use super::{Cmp, Expr, FIELDS, Filter, Is, Query, QueryError, TextLeaf, When};
use crate::model::{Channel, Kind, SentimentLabel};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    Or,
    /// A `-` right before a term.
    Not,
    Phrase(String),
    Word(String),
    /// `name:` and its value (quoted or not), at the value's position.
    Field(String, String, usize),
}

fn error(at: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        at,
        message: message.into(),
    }
}

fn lex(text: &str) -> Result<Vec<(Tok, usize)>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let quoted = |start: usize| -> Result<(String, usize), QueryError> {
        let close = chars[start + 1..]
            .iter()
            .position(|&c| c == '"')
            .ok_or_else(|| error(start, "this quote is never closed"))?;
        let inner: String = chars[start + 1..start + 1 + close].iter().collect();
        Ok((inner, start + close + 2))
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push((Tok::Open, i));
            i += 1;
        } else if c == ')' {
            out.push((Tok::Close, i));
            i += 1;
        } else if c == '"' {
            let (inner, next) = quoted(i)?;
            out.push((Tok::Phrase(inner), i));
            i = next;
        } else if c == '-' && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()) {
            out.push((Tok::Not, i));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')') {
                if chars[i] == ':' {
                    break;
                }
                i += 1;
            }
            let head: String = chars[start..i].iter().collect();
            // `name:` is a field, but for a link (`https://…`) pasted as a word.
            let is_field = chars.get(i) == Some(&':')
                && !head.is_empty()
                && head.chars().all(|c| c.is_ascii_alphabetic())
                && !(chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'));
            if is_field {
                let at = i + 1;
                let (value, next) = if chars.get(at) == Some(&'"') {
                    quoted(at)?
                } else {
                    let mut end = at;
                    while end < chars.len()
                        && !chars[end].is_whitespace()
                        && !matches!(chars[end], '(' | ')')
                    {
                        end += 1;
                    }
                    (chars[at..end].iter().collect(), end)
                };
                out.push((Tok::Field(head.to_lowercase(), value, at), start));
                i = next;
            } else {
                // Not a field (`3:45`, `http://…`): the whole run is a word.
                while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '(' | ')')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                out.push((
                    if word == "OR" {
                        Tok::Or
                    } else {
                        Tok::Word(word)
                    },
                    start,
                ));
            }
        }
    }
    Ok(out)
}

/// Parses a query; an empty one matches everything.
pub fn parse(text: &str) -> Result<Query, QueryError> {
    let tokens = lex(text)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        end: text.chars().count(),
        leaves: Vec::new(),
    };
    let terms = parser.terms()?;
    if let Some((_, at)) = parser.peek() {
        return Err(error(*at, "this ) closes no ("));
    }
    Ok(Query {
        expr: combine(terms, Expr::And),
        leaves: parser.leaves,
    })
}

fn combine(mut all: Vec<Expr>, make: fn(Vec<Expr>) -> Expr) -> Option<Expr> {
    match all.len() {
        0 => None,
        1 => all.pop(),
        _ => Some(make(all)),
    }
}

struct Parser {
    tokens: Vec<(Tok, usize)>,
    at: usize,
    /// The query's length, where "the end" is pointed at.
    end: usize,
    leaves: Vec<TextLeaf>,
}

impl Parser {
    fn peek(&self) -> Option<&(Tok, usize)> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<(Tok, usize)> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    /// Groups side by side, up to a `)` or the end.
    fn terms(&mut self) -> Result<Vec<Expr>, QueryError> {
        let mut out = Vec::new();
        while let Some((tok, _)) = self.peek() {
            if *tok == Tok::Close {
                break;
            }
            out.push(self.group()?);
        }
        Ok(out)
    }

    fn group(&mut self) -> Result<Expr, QueryError> {
        let mut any = vec![self.unary()?];
        while let Some((Tok::Or, at)) = self.peek().cloned() {
            self.at += 1;
            match self.peek() {
                None | Some((Tok::Close, _)) | Some((Tok::Or, _)) => {
                    let there = self.peek().map_or(self.end, |(_, a)| *a);
                    return Err(error(there.max(at + 2), "expected a term after OR"));
                }
                _ => any.push(self.unary()?),
            }
        }
        Ok(combine(any, Expr::Or).unwrap_or(Expr::And(Vec::new())))
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if let Some((Tok::Not, at)) = self.peek().cloned() {
            self.at += 1;
            return match self.peek() {
                Some((Tok::Or | Tok::Close | Tok::Not, _)) | None => {
                    Err(error(at + 1, "expected a term after -"))
                }
                _ => Ok(Expr::Not(Box::new(self.atom()?))),
            };
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, QueryError> {
        let Some((tok, at)) = self.next() else {
            return Err(error(self.end, "expected a term"));
        };
        match tok {
            Tok::Open => {
                let inner = self.terms()?;
                match self.next() {
                    Some((Tok::Close, close)) if inner.is_empty() => {
                        Err(error(close, "expected a term inside ( )"))
                    }
                    Some((Tok::Close, _)) => {
                        Ok(combine(inner, Expr::And).unwrap_or(Expr::And(Vec::new())))
                    }
                    _ => Err(error(at, "this ( is never closed")),
                }
            }
            Tok::Close => Err(error(at, "this ) closes no (")),
            Tok::Or => Err(error(at, "expected a term before OR")),
            Tok::Not => Err(error(at + 1, "expected a term after -")),
            Tok::Phrase(p) if p.trim().is_empty() => Err(error(at, "an empty phrase")),
            Tok::Phrase(p) => Ok(self.leaf(TextLeaf::Phrase(p))),
            Tok::Word(w) => Ok(self.leaf(TextLeaf::Word(w))),
            Tok::Field(name, value, value_at) => self.field(&name, &value, at, value_at),
        }
    }

    fn leaf(&mut self, leaf: TextLeaf) -> Expr {
        self.leaves.push(leaf);
        Expr::Text(self.leaves.len() - 1)
    }

    fn field(
        &mut self,
        name: &str,
        value: &str,
        at: usize,
        value_at: usize,
    ) -> Result<Expr, QueryError> {
        let lower = value.to_lowercase();
        let wrong = |expected: &str| error(value_at, format!("{name}: takes {expected}"));
        if value.trim().is_empty() && FIELDS.contains(&name) {
            return Err(wrong(expected_for(name)));
        }
        let filter = match name {
            "from" => return Ok(self.leaf(TextLeaf::From(value.to_string()))),
            "lang" => {
                if !(2..=3).contains(&lower.len()) || !lower.chars().all(|c| c.is_ascii_lowercase())
                {
                    return Err(wrong(expected_for(name)));
                }
                return Ok(self.leaf(TextLeaf::Lang(lower)));
            }
            "channel" => Filter::Channel(channel(&lower).ok_or_else(|| wrong(expected_for(name)))?),
            "kind" => Filter::Kind(kind(&lower).ok_or_else(|| wrong(expected_for(name)))?),
            "sentiment" => {
                Filter::Sentiment(sentiment(&lower).ok_or_else(|| wrong(expected_for(name)))?)
            }
            "rating" => {
                let (cmp, n) = compared(&lower).ok_or_else(|| wrong(expected_for(name)))?;
                let n = u8::try_from(n)
                    .ok()
                    .filter(|n| (1..=5).contains(n))
                    .ok_or_else(|| wrong(expected_for(name)))?;
                Filter::Rating(cmp, n)
            }
            "followers" => {
                let (cmp, n) = compared(&lower).ok_or_else(|| wrong(expected_for(name)))?;
                Filter::Followers(cmp, n)
            }
            "tag" => Filter::Tag(crate::search::fold(value).trim().to_string()),
            "is" => Filter::Is(
                Is::ALL
                    .into_iter()
                    .find(|f| f.word() == lower)
                    .ok_or_else(|| wrong(expected_for(name)))?,
            ),
            "after" => Filter::After(when(&lower).ok_or_else(|| wrong(expected_for(name)))?),
            "before" => Filter::Before(when(&lower).ok_or_else(|| wrong(expected_for(name)))?),
            _ => {
                return Err(error(
                    at,
                    format!(
                        "there is no field {name}: — the fields are {}",
                        FIELDS.map(|f| format!("{f}:")).join(" ")
                    ),
                ));
            }
        };
        Ok(Expr::Filter(filter))
    }
}

/// What a field's value must look like, as the error says it.
fn expected_for(name: &str) -> &'static str {
    match name {
        "from" => "a handle or a name",
        "channel" => "mastodon, bluesky, facebook, instagram or google_reviews",
        "kind" => "comment, mention, direct, review or complaint",
        "sentiment" => "pos, neu or neg",
        "rating" => "a number of stars from 1 to 5, after <, <=, >, >= or =",
        "followers" => "a number (10000, 10k, 1m), after <, <=, >, >= or =",
        "lang" => "a language code such as en or fr",
        "tag" => "a tag",
        "is" => {
            "unanswered, answered, breached, warning, new, open, resolved, snoozed, spam, vip, \
             influencer, mine, unassigned or criticism"
        }
        _ => "a date (2026-11-20) or an age (90m, 2h, 3d, 1w)",
    }
}

fn channel(v: &str) -> Option<Channel> {
    match v {
        "google" | "gbp" | "reviews" => Some(Channel::GoogleReviews),
        _ => Channel::parse(v).or_else(|| {
            Channel::ALL
                .into_iter()
                .find(|c| c.code().eq_ignore_ascii_case(v))
        }),
    }
}

fn kind(v: &str) -> Option<Kind> {
    match v {
        "dm" | "message" => Some(Kind::Direct),
        _ => Kind::ALL.into_iter().find(|k| k.as_str() == v),
    }
}

fn sentiment(v: &str) -> Option<SentimentLabel> {
    match v {
        "pos" | "positive" => Some(SentimentLabel::Pos),
        "neu" | "neutral" => Some(SentimentLabel::Neu),
        "neg" | "negative" => Some(SentimentLabel::Neg),
        _ => None,
    }
}

/// `<=2`, `>10k`, `3`: a comparison (equal when none is written) and a number.
fn compared(v: &str) -> Option<(Cmp, u64)> {
    let (cmp, rest) = [
        ("<=", Cmp::Le),
        (">=", Cmp::Ge),
        ("<", Cmp::Lt),
        (">", Cmp::Gt),
        ("=", Cmp::Eq),
    ]
    .into_iter()
    .find_map(|(op, cmp)| v.strip_prefix(op).map(|rest| (cmp, rest)))
    .unwrap_or((Cmp::Eq, v));
    let (digits, scale) = match rest.strip_suffix('k') {
        Some(d) => (d, 1_000),
        None => match rest.strip_suffix('m') {
            Some(d) => (d, 1_000_000),
            None => (rest, 1),
        },
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some((cmp, n.checked_mul(scale)?))
}

/// `2026-11-20`, or an age: `90m`, `2h`, `3d`, `1w`.
fn when(v: &str) -> Option<When> {
    if let Ok(date) = v.parse::<jiff::civil::Date>() {
        return Some(When::Day(date));
    }
    if let Ok(at) = v.to_uppercase().parse::<jiff::Timestamp>() {
        return Some(When::At(at));
    }
    age(v).map(When::Ago)
}

/// An age or a delay: `90m`, `2h`, `3d`, `1w` (at most a century).
pub fn age(v: &str) -> Option<jiff::SignedDuration> {
    let (digits, unit) = v.split_at(v.len().checked_sub(1)?);
    let n: i64 = digits.parse().ok().filter(|n| *n >= 0)?;
    let minutes = match unit {
        "m" => n,
        "h" => n.checked_mul(60)?,
        "d" => n.checked_mul(24 * 60)?,
        "w" => n.checked_mul(7 * 24 * 60)?,
        _ => return None,
    };
    // Beyond a century back is not an age anyone means.
    (minutes <= 100 * 366 * 24 * 60).then(|| jiff::SignedDuration::from_mins(minutes))
}
