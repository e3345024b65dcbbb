//! Incidents, keyed by their name folded to lower case (a name is used once).

use super::{Store, StoreError, codec};
use crate::incident::Incident;

fn key(name: &str) -> Vec<u8> {
    name.trim().to_lowercase().into_bytes()
}

impl Store {
    /// Writes an incident (a new one, or one with a note added or closed).
    pub fn put_incident(&self, incident: &Incident) -> Result<(), StoreError> {
        self.incidents
            .insert(key(&incident.name), codec::encode(incident))
            .map(|_| ())
            .map_err(|e| self.io(e))?;
        self.incidents.flush().map(|_| ()).map_err(|e| self.io(e))
    }

    pub fn incident(&self, name: &str) -> Result<Option<Incident>, StoreError> {
        let Some(v) = self.incidents.get(key(name)).map_err(|e| self.io(e))? else {
            return Ok(None);
        };
        codec::decode(&v)
            .map(Some)
            .map_err(|e| self.corrupt(format!("incident {name} cannot be read: {e}")))
    }

    /// Every incident, the most recently opened first.
    pub fn incidents(&self) -> Result<Vec<Incident>, StoreError> {
        let mut all: Vec<Incident> = self
            .incidents
            .iter()
            .values()
            .map(|v| {
                let v = v.map_err(|e| self.io(e))?;
                codec::decode(&v)
                    .map_err(|e| self.corrupt(format!("an incident cannot be read: {e}")))
            })
            .collect::<Result<_, _>>()?;
        all.sort_by_key(|i| std::cmp::Reverse(i.opened_at));
        Ok(all)
    }
}
