//! Incidents in the console: `I` while the bad-buzz banner is up turns the spike into an
//! incident — a name, then a query pre-filled from the spike (its channel, its
//! over-represented words) that the agent can edit — and each open incident is a pinned view
//! of the messages its query finds from the spike's start, new ones joining as they arrive.
//! On an incident's view `I` writes a line of its timeline and `X` closes it (kept, with its
//! report: `tribune report --incident NAME`); elsewhere, with no new spike, `I` goes back to
//! the newest open incident's view.

use super::action::Effect;
use super::asking::{Asked, LineAsk};
use super::line_input::LineInput;
use super::state::State;
use super::views::{View, ViewDef};
use crate::incident::{self, Incident};
use crate::service::{Command, IncidentChange};
use jiff::Timestamp;

/// The incidents the service keeps, and the one being opened.
#[derive(Debug, Default)]
pub struct Incidents {
    pub all: Vec<Incident>,
    /// How many views come before the incidents' (the defaults and the config's).
    pub(super) first_view: Option<usize>,
    /// The name typed, and where the spike started, while the query is asked.
    pub(super) opening: Option<(String, Timestamp)>,
    /// The incident this console just opened: its view is shown once the service has it.
    pub(super) just_opened: Option<String>,
    /// The incident whose report the report screen shows (none: the whole inbox's).
    pub reported: Option<Incident>,
    /// Each incident view's figures, counted with the saved views.
    pub figures: std::collections::HashMap<usize, Figures>,
}

/// The heading of the incident view shown.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentHeading<'a> {
    pub answered: usize,
    pub waiting: usize,
    pub median_s: Option<f64>,
    /// Messages per 10 minutes from the incident's start.
    pub per_slot: &'a [u64],
}

/// What an incident's view heads its list with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub count: usize,
    pub answered: usize,
    /// Messages per 10 minutes from the incident's start.
    pub per_slot: Vec<u64>,
}

/// How many of an incident's messages the console holds in full, at most.
const INCIDENT_HELD: usize = 2_000;

/// The sidebar's name for an incident's view.
fn view_name(name: &str) -> String {
    format!("⚑ {name}")
}

impl State {
    /// `I`: opens an incident from the bad buzz in progress, or, on an incident's view,
    /// writes a line of its timeline.
    pub(super) fn incident_key(&mut self) {
        if self.current_incident().is_some() {
            self.ask(Asked::IncidentNote, "");
            return;
        }
        let fresh = self.buzz.alerts.first().filter(|a| {
            !self
                .incidents
                .all
                .iter()
                .any(|i| i.is_open() && i.since == a.spike.started)
        });
        let Some(alert) = fresh else {
            // No new spike: `I` goes to the newest open incident's view.
            let first = self.incidents.first_view.unwrap_or(self.views.len());
            let next = (first < self.views.len()).then_some(first);
            match next {
                Some(i) => self.select_view(i),
                None => self.notify("No bad buzz now: an incident opens from the banner's spike (or with `tribune incidents open`)."),
            }
            return;
        };
        let started = alert.spike.started;
        let name = format!("{} {}", alert.place(), started.strftime("%m-%d %Hh%M"));
        self.incidents.opening = Some((String::new(), started));
        self.ask(Asked::IncidentName, &name);
    }

    /// `X` on an incident's view: asks before closing it.
    pub(super) fn close_incident_key(&mut self) {
        match self.current_incident() {
            Some(_) => self.ask(Asked::IncidentClose, ""),
            None => self.notify("X closes an incident from its view (⚑ in the sidebar)."),
        }
    }

    fn ask(&mut self, asked: Asked, text: &str) {
        self.line_ask = Some(LineAsk {
            asked,
            input: LineInput::from(text),
            error: None,
        });
    }

    /// What was typed for an incident question; `Err` keeps the question with the reason.
    pub(super) fn answer_incident(
        &mut self,
        asked: Asked,
        text: &str,
        effects: &mut Vec<Effect>,
    ) -> Result<(), String> {
        match asked {
            Asked::IncidentName => {
                let name = incident::check_name(text)?.to_string();
                if self.incident_named(&name).is_some() {
                    return Err(format!("There is already an incident named {name}."));
                }
                let Some(since) = self.incidents.opening.as_ref().map(|o| o.1) else {
                    return Ok(());
                };
                let query = self
                    .buzz
                    .alerts
                    .first()
                    .map(incident::prefill)
                    .unwrap_or_else(|| "sentiment:neg".into());
                self.incidents.opening = Some((name, since));
                self.ask(Asked::IncidentQuery, &query);
                Ok(())
            }
            Asked::IncidentQuery => {
                crate::query::parse(text).map_err(|e| e.to_string())?;
                let Some((name, since)) = self.incidents.opening.take() else {
                    return Ok(());
                };
                self.line_ask = None;
                self.incidents.just_opened = Some(name.clone());
                effects.push(Effect::Command(Command::Incident(IncidentChange::Open(
                    Incident {
                        name: name.clone(),
                        query: text.trim().to_string(),
                        since,
                        opened_at: self.now,
                        opened_by: self.agent.clone(),
                        closed_at: None,
                        closed_by: None,
                        timeline: Vec::new(),
                    },
                ))));
                self.notify(format!(
                    "Incident {name} opened: its view (⚑) gathers every message it finds, new ones too."
                ));
                Ok(())
            }
            Asked::IncidentNote | Asked::IncidentClose => {
                let Some(name) = self.current_incident().map(|i| i.name.clone()) else {
                    return Ok(());
                };
                self.line_ask = None;
                let change = if asked == Asked::IncidentClose {
                    // Its report comes up as it closes (later: `tribune report --incident`).
                    let only = self.incident_report_scope();
                    if let Some(i) = &mut self.incidents.reported {
                        i.closed_at = Some(self.now);
                    }
                    effects.push(Effect::Command(Command::LoadReport {
                        since: jiff::SignedDuration::ZERO,
                        only,
                    }));
                    self.notify(format!(
                        "Incident {name} closed; its report is coming (later: tribune report --incident \"{name}\")."
                    ));
                    IncidentChange::Close { name }
                } else if text.trim().is_empty() {
                    return Ok(());
                } else {
                    self.notify("Added to the incident's timeline.");
                    IncidentChange::Note {
                        name,
                        text: crate::text::sanitize(text.trim()),
                    }
                };
                effects.push(Effect::Command(Command::Incident(change)));
                Ok(())
            }
            Asked::Tags | Asked::SnoozeUntil => Ok(()),
        }
    }

    /// The service's incidents: each open one is a view after the others.
    pub(super) fn set_incidents(&mut self, all: Vec<Incident>) {
        let first = *self.incidents.first_view.get_or_insert(self.views.len());
        let showing = self.current_incident().map(|i| i.name.clone());
        self.views.truncate(first);
        self.incidents.figures.clear();
        for i in all.iter().filter(|i| i.is_open()) {
            // The incident's start joins its query, so the view keeps to the incident.
            let text = format!(
                "({}) after:{}",
                i.query,
                i.since.strftime("%Y-%m-%dT%H:%M:%SZ")
            );
            let Ok(query) = crate::query::parse(&text) else {
                continue;
            };
            let at = self.views.len();
            self.views.push(ViewDef {
                name: view_name(&i.name),
                text,
                query,
                key: None,
                counts_all: true,
                view: View::Custom(at),
            });
        }
        self.incidents.all = all;
        // The view just opened here is shown; one that closed gives way to All.
        let opened_here = self
            .incidents
            .just_opened
            .take_if(|n| self.incidents.all.iter().any(|i| i.name == *n));
        let wanted = opened_here.or(showing);
        let at = wanted.and_then(|n| self.views.iter().position(|d| d.name == view_name(&n)));
        match at {
            // Still the same view (a note, another incident): the selection stays.
            Some(at) if self.view == View::Custom(at) => self.refresh_custom(),
            Some(at) => self.select_view(at),
            None if matches!(self.view, View::Custom(i) if i >= first) => self.select_view(0),
            None => {}
        }
        self.count_custom_views();
    }

    /// Whether view `i` is an incident's.
    pub(super) fn incident_view(&self, i: usize) -> bool {
        self.incidents.first_view.is_some_and(|first| i >= first) && i < self.views.len()
    }

    pub(super) fn count_incident(&mut self, view: usize, arrivals: &[(i64, bool)]) {
        let Some(since) = self
            .views
            .get(view)
            .and_then(|d| d.name.strip_prefix("⚑ "))
            .and_then(|n| self.incident_named(n))
            .map(|i| i.since.as_millisecond())
        else {
            return;
        };
        let width = incident::SLOT.as_millis() as i64;
        let slots = ((self.now.as_millisecond() - since).max(0) / width + 1) as usize;
        let mut per_slot = vec![0u64; slots.min(1440)];
        for &(at, _) in arrivals {
            if let Some(n) = per_slot.get_mut(((at - since).max(0) / width) as usize) {
                *n += 1;
            }
        }
        let figures = Figures {
            count: arrivals.len(),
            answered: arrivals.iter().filter(|a| a.1).count(),
            per_slot,
        };
        self.incidents.figures.insert(view, figures);
    }

    /// The messages of the incident shown (at most `INCIDENT_HELD`): held in full, so that
    /// its first responses are known.
    pub(super) fn incident_ids(&self) -> Vec<crate::model::MessageId> {
        match (&self.view, &self.search.custom) {
            (View::Custom(i), Some((of, found))) if i == of && self.incident_view(*i) => {
                let mut ids = found.ids();
                ids.truncate(INCIDENT_HELD);
                ids
            }
            _ => Vec::new(),
        }
    }

    /// The median first response of the incident's messages answered so far, in seconds.
    fn incident_median_s(&self) -> Option<f64> {
        let mut waits: Vec<f64> = self
            .incident_ids()
            .iter()
            .filter_map(|id| self.shared.messages.get(id))
            .filter_map(|m| Some((m.answered_at? - m.created_at).as_secs_f64()))
            .collect();
        crate::report::Quantiles::of(&mut waits).median_s
    }

    /// What heads an incident view's list: answered, waiting, the median first response and
    /// arrivals per 10 minutes (drawn as a sparkline).
    pub fn incident_heading(&self) -> Option<IncidentHeading<'_>> {
        let View::Custom(i) = self.view else {
            return None;
        };
        let f = self.incidents.figures.get(&i)?;
        self.current_incident()?;
        Some(IncidentHeading {
            answered: f.answered,
            waiting: f.count - f.answered,
            median_s: self.incident_median_s(),
            per_slot: &f.per_slot,
        })
    }

    /// On an incident's view, the report is the incident's: its messages since its start.
    /// The incident is kept for the report screen's title and timeline.
    pub(super) fn incident_report_scope(&mut self) -> Option<crate::report::Scope> {
        let incident = self.current_incident().cloned();
        self.incidents.reported = incident.clone();
        let incident = incident?;
        let ids = match (&self.view, &self.search.custom) {
            (View::Custom(i), Some((of, found))) if i == of => found.ids(),
            _ => Vec::new(),
        };
        Some(crate::report::Scope {
            ids,
            since: incident.since,
            until: self.now,
        })
    }

    /// The open incident whose view is shown.
    pub fn current_incident(&self) -> Option<&Incident> {
        let View::Custom(i) = self.view else {
            return None;
        };
        let name = self.views.get(i)?.name.strip_prefix("⚑ ")?;
        self.incident_named(name).filter(|i| i.is_open())
    }

    fn incident_named(&self, name: &str) -> Option<&Incident> {
        let key = name.trim().to_lowercase();
        self.incidents
            .all
            .iter()
            .find(|i| i.name.to_lowercase() == key)
    }
}
