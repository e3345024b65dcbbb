//! Secrets read from the configuration (tokens, app passwords) are registered as they are
//! read, and cut out of any text before it is shown, logged or stored: a server or a proxy
//! that echoes the Authorization header in its error must not put the token on the screen.

use std::borrow::Cow;
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// What stands where a secret was.
pub const REDACTED: &str = "[secret]";

/// Shorter values are not taken for secrets: cutting them would mangle ordinary words.
const SHORTEST: usize = 6;

static SECRETS: RwLock<Vec<String>> = RwLock::new(Vec::new());
/// Read on every call of `redact`: most texts are checked while no secret is registered.
static ANY: AtomicBool = AtomicBool::new(false);

/// Remembers a secret for the rest of the process.
pub fn register(secret: &str) {
    let secret = secret.trim();
    if secret.len() < SHORTEST {
        return;
    }
    // A poisoned lock only means another thread panicked while registering: the list holds.
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_string());
        // Longest first, so a secret that contains another is cut whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }
    ANY.store(true, Ordering::Release);
}

/// Lets go of a secret that is no longer any use (an access token replaced by a fresh one),
/// so that a process renewing tokens for months does not check every text for all of them.
pub fn forget(secret: &str) {
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    secrets.retain(|s| s != secret.trim());
}

/// The text with every registered secret replaced by `[secret]`.
pub fn redact(text: &str) -> Cow<'_, str> {
    if !ANY.load(Ordering::Acquire) {
        return Cow::Borrowed(text);
    }
    let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
    let mut out = Cow::Borrowed(text);
    for secret in secrets.iter() {
        if out.contains(secret.as_str()) {
            out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forgotten_secret_is_no_longer_cut() {
        register("old-access-token-71d2");
        assert_eq!(redact("t=old-access-token-71d2"), "t=[secret]");
        forget("old-access-token-71d2");
        assert_eq!(redact("t=old-access-token-71d2"), "t=old-access-token-71d2");
    }

    #[test]
    fn a_registered_secret_is_cut_from_any_text_and_short_values_are_left() {
        register("tok-3f9a77c1e2");
        register("abc");
        assert_eq!(
            redact("401: Invalid header Authorization: Bearer tok-3f9a77c1e2"),
            "401: Invalid header Authorization: Bearer [secret]"
        );
        assert_eq!(redact("abc stays"), "abc stays");
    }
}
