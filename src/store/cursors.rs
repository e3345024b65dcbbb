//! Where each connector stopped reading, so ingest resumes instead of starting over.

use super::{Store, StoreError};

impl Store {
    pub fn cursor(&self, source: &str) -> Result<Option<String>, StoreError> {
        let raw = self.cursors.get(source).map_err(|e| self.io(e))?;
        Ok(raw.map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn set_cursor(&self, source: &str, cursor: &str) -> Result<(), StoreError> {
        self.cursors
            .insert(source, cursor.as_bytes())
            .map(|_| ())
            .map_err(|e| self.io(e))
    }
}
