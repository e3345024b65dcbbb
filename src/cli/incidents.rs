//! `tribune incidents [open|note|close]` and `tribune report --incident NAME`: incidents
//! kept in the store — opened on a query from a moment on, written up by agents, closed —
//! and the report of one: volume and sentiment per 10 minutes, response times, top words,
//! who answered and the timeline.

use super::{IncidentCommand, Paths};
use crate::config::Config;
use crate::incident::{self, Entry, Incident};
use crate::sla::Policies;
use crate::store::{AuditEntry, Store};
use jiff::Timestamp;
use std::io::Write;

pub(super) fn run(
    paths: &Paths,
    config: &Config,
    command: Option<IncidentCommand>,
    demo: bool,
) -> anyhow::Result<()> {
    let store = paths.existing_store(demo)?;
    let agent = super::console::local_agent(config);
    let now = Timestamp::now();
    match command {
        None | Some(IncidentCommand::List) => list(&store),
        Some(IncidentCommand::Open { name, query, since }) => {
            let name = incident::check_name(&name).map_err(|e| anyhow::anyhow!("{e}."))?;
            if store.incident(name)?.is_some() {
                anyhow::bail!("There is already an incident named {name}.");
            }
            crate::query::parse(&query).map_err(|e| anyhow::anyhow!("--query {e}."))?;
            let since = match since.as_deref() {
                None => now,
                Some(text) => when(text, now)?,
            };
            let opened = Incident {
                name: name.to_string(),
                query,
                since,
                opened_at: now,
                opened_by: agent.clone(),
                closed_at: None,
                closed_by: None,
                timeline: Vec::new(),
            };
            store.put_incident(&opened)?;
            audit(&store, &agent, "incident_open", &opened.name, &opened.query)?;
            say(&format!(
                "Incident {} opened: {}",
                opened.name, opened.query
            ))
        }
        Some(IncidentCommand::Note { name, text }) => {
            let mut found = existing(&store, &name)?;
            found.timeline.push(Entry {
                at: now,
                agent: agent.clone(),
                text: crate::text::sanitize(&text),
            });
            store.put_incident(&found)?;
            audit(&store, &agent, "incident_note", &found.name, &text)?;
            say(&format!("Noted on {}.", found.name))
        }
        Some(IncidentCommand::Close { name }) => {
            let mut found = existing(&store, &name)?;
            if !found.is_open() {
                anyhow::bail!("Incident {} is already closed.", found.name);
            }
            found.closed_at = Some(now);
            found.closed_by = Some(agent.clone());
            store.put_incident(&found)?;
            audit(&store, &agent, "incident_close", &found.name, "")?;
            say(&format!(
                "Incident {} closed; `tribune report --incident \"{}\"` gives its report.",
                found.name, found.name
            ))
        }
    }
}

/// A moment: an RFC 3339 time, or an age back from now (`30m`, `2h`).
fn when(text: &str, now: Timestamp) -> anyhow::Result<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    crate::duration::parse(text)
        .map(|age| now - age)
        .map_err(|_| {
            anyhow::anyhow!(
                "--since: `{text}` is neither an RFC 3339 time (2026-11-30T10:00:00Z) nor an age (30m, 2h)."
            )
        })
}

fn existing(store: &Store, name: &str) -> anyhow::Result<Incident> {
    store
        .incident(name)?
        .ok_or_else(|| anyhow::anyhow!("There is no incident named {}.", name.trim()))
}

fn audit(store: &Store, agent: &str, action: &str, name: &str, detail: &str) -> anyhow::Result<()> {
    store.record(&AuditEntry {
        at: Timestamp::now(),
        agent: agent.to_string(),
        action: action.to_string(),
        message: None,
        detail: format!("{name}: {detail}"),
    })?;
    Ok(())
}

fn list(store: &Store) -> anyhow::Result<()> {
    let all = store.incidents()?;
    if all.is_empty() {
        return say("No incidents yet.");
    }
    let mut text = String::new();
    for i in all {
        let state = match i.closed_at {
            None => "open".to_string(),
            Some(c) => format!("closed {}", c.strftime("%Y-%m-%d %H:%M UTC")),
        };
        text.push_str(&format!(
            "{}  · {state} · since {} · by {} · {} notes · {}\n",
            crate::text::sanitize(&i.name),
            i.since.strftime("%Y-%m-%d %H:%M UTC"),
            crate::text::sanitize(&i.opened_by),
            i.timeline.len(),
            crate::text::sanitize(&i.query)
        ));
    }
    say(text.trim_end())
}

fn say(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

#[derive(serde::Serialize)]
struct IncidentReport<'a> {
    incident: &'a Incident,
    #[serde(with = "crate::time_serde")]
    until: Timestamp,
    report: crate::report::Report,
    per_10_min: Vec<incident::Slot>,
    top_words: Vec<(String, usize)>,
}

/// `tribune report --incident NAME [--json]`.
pub(super) fn report(
    paths: &Paths,
    config: &Config,
    name: &str,
    json: bool,
    demo: bool,
) -> anyhow::Result<()> {
    let store = paths.existing_store(demo)?;
    let found = existing(&store, name)?;
    let until = found.closed_at.unwrap_or_else(Timestamp::now);
    let policies = Policies::from_config(&config.sla);
    let messages = store.messages_since(found.since)?;
    let filter = super::query_filter::MessageFilter::new(
        &found.query,
        &store,
        config,
        &policies,
        until,
        &messages,
    )?;
    let messages =
        crate::report::with_replies(messages, |m| found.covers(m.created_at) && filter.admits(m));
    let inbound: Vec<&crate::model::Message> = messages.iter().filter(|m| m.is_inbound()).collect();
    let figures = incident::figures(&inbound, found.since, until);
    let out = IncidentReport {
        incident: &found,
        until,
        report: crate::report::build(&messages, &policies, found.since, until),
        per_10_min: figures.per_10_min,
        top_words: figures.top_words,
    };
    if json {
        return say(&serde_json::to_string(&out)?);
    }
    let mut text = format!(
        "Incident {} ({}) · query: {}\n",
        crate::text::sanitize(&found.name),
        if found.is_open() { "open" } else { "closed" },
        crate::text::sanitize(&found.query)
    );
    text.push_str(super::report::human(&out.report).trim_end());
    text.push_str("\nper 10 minutes: in (pos/neu/neg) answered\n");
    for s in out.per_10_min.iter().filter(|s| s.count > 0) {
        text.push_str(&format!(
            "  {}  {:>4} ({}/{}/{}) {:>4}\n",
            s.start.strftime("%Y-%m-%d %H:%M"),
            s.count,
            s.positive,
            s.neutral,
            s.negative,
            s.answered
        ));
    }
    let words: Vec<String> = out
        .top_words
        .iter()
        .map(|(w, n)| format!("{} {n}", crate::text::sanitize(w)))
        .collect();
    text.push_str(&format!("top words: {}\ntimeline:\n", words.join(", ")));
    for e in &found.timeline {
        text.push_str(&format!(
            "  {} {}: {}\n",
            e.at.strftime("%Y-%m-%d %H:%M"),
            crate::text::sanitize(&e.agent),
            crate::text::sanitize(&e.text)
        ));
    }
    say(text.trim_end())
}
