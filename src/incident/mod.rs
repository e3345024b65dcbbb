//! Incidents: a bad buzz turned into a named, stored piece of work — the messages a query
//! finds from a moment on, the agents' timeline, and once closed, its report (volume and
//! sentiment per 10 minutes, response times, top words, who answered).

use crate::buzz::Alert;
use crate::model::{Message, SentimentLabel};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// The width of the report's time slots.
pub const SLOT: SignedDuration = SignedDuration::from_mins(10);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    pub name: String,
    /// The query (the language of `/`) that finds its messages.
    pub query: String,
    /// Messages from this moment on are part of it.
    #[serde(with = "crate::time_serde")]
    pub since: Timestamp,
    #[serde(with = "crate::time_serde")]
    pub opened_at: Timestamp,
    pub opened_by: String,
    #[serde(with = "crate::time_serde::option")]
    pub closed_at: Option<Timestamp>,
    pub closed_by: Option<String>,
    /// What agents wrote down as it went, oldest first.
    pub timeline: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(with = "crate::time_serde")]
    pub at: Timestamp,
    pub agent: String,
    pub text: String,
}

impl Incident {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    /// Whether a message belongs to it by time (the query is judged apart).
    pub fn covers(&self, at: Timestamp) -> bool {
        at >= self.since && self.closed_at.is_none_or(|c| at <= c)
    }
}

/// A name for an incident: one to 60 letters, digits, spaces, `-` or `_`.
pub fn check_name(name: &str) -> Result<&str, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err("an incident's name has 1 to 60 characters".into());
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
    {
        return Err(format!(
            "`{name}` is not a usable name: letters, digits, spaces, - and _ only"
        ));
    }
    Ok(name)
}

/// The query a spike suggests: its channel, and its over-represented words (any of them).
pub fn prefill(alert: &Alert) -> String {
    let mut parts = Vec::new();
    if let Some(channel) = alert.scope {
        parts.push(format!("channel:{}", channel.as_str()));
    }
    let words: Vec<String> = alert.words.iter().take(4).map(|(w, _)| quoted(w)).collect();
    match words.len() {
        0 => {}
        1 => parts.push(words[0].clone()),
        _ => parts.push(format!("({})", words.join(" OR "))),
    }
    if parts.is_empty() {
        parts.push("sentiment:neg".into());
    }
    parts.join(" ")
}

fn quoted(word: &str) -> String {
    if word.chars().all(char::is_alphanumeric) {
        word.to_string()
    } else {
        format!("\"{}\"", word.replace('"', ""))
    }
}

/// One 10-minute slot of an incident: messages in, their tone, and how many are answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Slot {
    #[serde(with = "crate::time_serde")]
    pub start: Timestamp,
    pub count: usize,
    pub positive: usize,
    pub neutral: usize,
    pub negative: usize,
    pub answered: usize,
}

/// The slots from `since` to `until`, each message counted in the slot it arrived in.
pub fn slots(inbound: &[&Message], since: Timestamp, until: Timestamp) -> Vec<Slot> {
    let width = SLOT.as_secs();
    let n = ((until.as_second() - since.as_second()).max(0) / width + 1) as usize;
    let mut slots: Vec<Slot> = (0..n)
        .map(|k| Slot {
            start: since + SignedDuration::from_secs(k as i64 * width),
            count: 0,
            positive: 0,
            neutral: 0,
            negative: 0,
            answered: 0,
        })
        .collect();
    for m in inbound {
        let offset = m.created_at.as_second() - since.as_second();
        if offset < 0 {
            continue;
        }
        let Some(slot) = slots.get_mut((offset / width) as usize) else {
            continue;
        };
        slot.count += 1;
        match m.sentiment.as_ref().map(|s| s.label) {
            Some(SentimentLabel::Pos) => slot.positive += 1,
            Some(SentimentLabel::Neg) => slot.negative += 1,
            _ => slot.neutral += 1,
        }
        slot.answered += m.answered_at.is_some() as usize;
    }
    slots
}

/// What an incident's report adds to the usual figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub per_10_min: Vec<Slot>,
    pub top_words: Vec<(String, usize)>,
}

/// The volume and tone per 10 minutes and the top words of an incident's inbound messages.
pub fn figures(inbound: &[&Message], since: Timestamp, until: Timestamp) -> Figures {
    Figures {
        per_10_min: slots(inbound, since, until),
        top_words: crate::buzz::words::most_common(inbound, 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert_eq!(check_name(" late parcels "), Ok("late parcels"));
        assert!(check_name("").is_err());
        assert!(check_name("a/b").is_err());
    }

    #[test]
    fn an_incident_covers_its_time_only() {
        let t = |s: &str| -> Timestamp { s.parse().unwrap() };
        let mut i = Incident {
            name: "x".into(),
            query: "refund".into(),
            since: t("2026-11-30T10:00:00Z"),
            opened_at: t("2026-11-30T10:05:00Z"),
            opened_by: "ana".into(),
            closed_at: None,
            closed_by: None,
            timeline: vec![],
        };
        assert!(!i.covers(t("2026-11-30T09:59:59Z")));
        assert!(i.covers(t("2026-11-30T12:00:00Z")));
        i.closed_at = Some(t("2026-11-30T11:00:00Z"));
        assert!(!i.covers(t("2026-11-30T12:00:00Z")));
    }
}
