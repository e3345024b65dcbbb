//! Google's OAuth credentials for a Business Profile account: a client id, a client secret and
//! a refresh token, from the environment (`oauth_env_prefix`) or from a file only its owner can
//! read (`oauth_file`). Each is registered as a secret as it is read, so no log line, error or
//! screen shows it; the access tokens made from them live in memory only.

use super::{AccountConfig, TokenError};
use serde::Deserialize;

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoogleOAuth {
    pub client_id: String,
    pub client_secret: String,
    pub refresh_token: String,
}

impl std::fmt::Debug for GoogleOAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GoogleOAuth { [secret] }")
    }
}

impl AccountConfig {
    /// The account's Google credentials and where they came from (for messages).
    pub fn google_oauth(&self) -> Result<(GoogleOAuth, String), TokenError> {
        if let Some(prefix) = &self.oauth_env_prefix {
            let var = |suffix: &str| {
                let name = format!("{prefix}_{suffix}");
                match std::env::var(&name) {
                    Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
                    _ => Err(TokenError::Unset(name)),
                }
            };
            let oauth = GoogleOAuth {
                client_id: var("CLIENT_ID")?,
                client_secret: var("CLIENT_SECRET")?,
                refresh_token: var("REFRESH_TOKEN")?,
            };
            register(&oauth);
            return Ok((oauth, format!("{prefix}_*")));
        }
        let Some(path) = &self.oauth_file else {
            return Err(TokenError::NoOAuthNamed);
        };
        let unreadable = |source| TokenError::Unreadable {
            path: path.clone(),
            source,
        };
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(path).map_err(unreadable)?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(TokenError::TooOpen(path.clone()));
            }
        }
        let text = std::fs::read_to_string(path).map_err(unreadable)?;
        let oauth: GoogleOAuth =
            toml::from_str(&text).map_err(|_| TokenError::Malformed(path.clone()))?;
        register(&oauth);
        Ok((oauth, path.display().to_string()))
    }
}

fn register(oauth: &GoogleOAuth) {
    for secret in [&oauth.client_secret, &oauth.refresh_token] {
        crate::text::secrets::register(secret);
    }
}
