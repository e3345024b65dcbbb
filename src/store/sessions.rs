//! Network sessions kept between runs, so a restart signs in with the session it had rather
//! than logging in again (Bluesky allows few logins a day). Only short-lived session tokens
//! live here, never an app password or an account token; the store directory is the user's
//! alone (0700).

use super::{Store, StoreError};

/// A handle on the sessions tree that a connector task can keep (sled trees are shared and
/// thread-safe), so connectors need not reach through the service for it.
#[derive(Clone)]
pub struct SessionCache {
    tree: sled::Tree,
    /// Keeps the store from being sealed while a connector still holds this.
    _closer: std::sync::Arc<super::open::Closer>,
}

impl SessionCache {
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.tree.get(key).ok().flatten().map(|v| v.to_vec())
    }

    /// Keeps a session; a failed write only costs a login at the next start.
    pub fn put(&self, key: &str, value: &[u8]) {
        if let Err(e) = self.tree.insert(key, value).and_then(|_| self.tree.flush()) {
            tracing::warn!(error = %e, "could not keep a network session");
        }
    }

    pub fn forget(&self, key: &str) {
        let _ = self.tree.remove(key);
    }
}

impl Store {
    pub fn sessions(&self) -> Result<SessionCache, StoreError> {
        let tree = self.db.open_tree("sessions").map_err(|e| self.io(e))?;
        Ok(SessionCache {
            tree,
            _closer: self.closer.clone(),
        })
    }
}
