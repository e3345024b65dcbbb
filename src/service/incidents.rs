//! Incidents kept by the service: opened from a console, written up, closed — each change
//! stored and audited, then every console told the whole (short) list.

use super::Event;
use super::worker::Worker;
use crate::incident::{Entry, Incident};
use crate::store::StoreError;

/// What an agent does to an incident.
#[derive(Debug, Clone)]
pub enum IncidentChange {
    Open(Incident),
    Note { name: String, text: String },
    Close { name: String },
}

impl Worker {
    pub(super) fn change_incident(&mut self, change: IncidentChange) -> Result<(), StoreError> {
        let agent = self.consoles.agent().to_string();
        let now = self.clock.now();
        match change {
            IncidentChange::Open(mut incident) => {
                if self.store.incident(&incident.name)?.is_some() {
                    self.consoles.answer(Event::Failed(format!(
                        "There is already an incident named {}.",
                        incident.name
                    )));
                    return Ok(());
                }
                incident.opened_at = now;
                incident.opened_by = agent;
                self.store.put_incident(&incident)?;
                self.audit(
                    "incident_open",
                    None,
                    &format!("{}: {}", incident.name, incident.query),
                )?;
            }
            IncidentChange::Note { name, text } => {
                let Some(mut incident) = self.store.incident(&name)? else {
                    return self.no_incident(&name);
                };
                incident.timeline.push(Entry {
                    at: now,
                    agent,
                    text: text.clone(),
                });
                self.store.put_incident(&incident)?;
                self.audit("incident_note", None, &format!("{name}: {text}"))?;
            }
            IncidentChange::Close { name } => {
                let Some(mut incident) = self.store.incident(&name)? else {
                    return self.no_incident(&name);
                };
                if incident.is_open() {
                    incident.closed_at = Some(now);
                    incident.closed_by = Some(agent);
                    self.store.put_incident(&incident)?;
                    self.audit("incident_close", None, &name)?;
                }
            }
        }
        self.emit_incidents()
    }

    fn no_incident(&self, name: &str) -> Result<(), StoreError> {
        self.consoles
            .answer(Event::Failed(format!("There is no incident named {name}.")));
        Ok(())
    }

    pub(super) fn emit_incidents(&self) -> Result<(), StoreError> {
        self.consoles
            .broadcast(Event::Incidents(self.store.incidents()?));
        Ok(())
    }
}
