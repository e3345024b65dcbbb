//! The audit log: every agent action, in order, so a team can see who did what.

use super::{Store, StoreError, codec};
use crate::model::MessageId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    #[serde(with = "crate::time_serde")]
    pub at: jiff::Timestamp,
    pub agent: String,
    /// A short verb: `reply`, `status`, `open`…
    pub action: String,
    pub message: Option<MessageId>,
    pub detail: String,
}

impl Store {
    pub fn record(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let seq = self.db.generate_id().map_err(|e| self.io(e))?;
        self.audit
            .insert(seq.to_be_bytes(), codec::encode(entry))
            .map(|_| ())
            .map_err(|e| self.io(e))
    }

    pub fn audit_log(&self) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit
            .iter()
            .values()
            .map(|v| {
                let v = v.map_err(|e| self.io(e))?;
                codec::decode(&v)
                    .map_err(|e| self.corrupt(format!("an audit entry cannot be read: {e}")))
            })
            .collect()
    }
}
