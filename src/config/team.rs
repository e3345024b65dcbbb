//! The team: `[[agent]]` (who may attach to `tribune serve`, by their SSH keys) and `[server]`
//! (where it listens). The keys stay text here; the server reads them as keys.

use serde::Deserialize;
use std::path::PathBuf;

/// Where `tribune serve` listens when `--listen` does not say.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:2222";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    /// What the store records (audit, replies, assignment): letters, digits, `.`, `_`, `-`.
    pub name: String,
    /// What `{agent}` fills in templates; the name when absent.
    pub display_name: Option<String>,
    /// OpenSSH public key lines (`ssh-ed25519 AAAA… comment`).
    #[serde(default)]
    pub keys: Vec<String>,
    /// A file of public keys in the `authorized_keys` format.
    pub authorized_keys: Option<PathBuf>,
}

impl AgentConfig {
    pub fn display_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// ADDRESS:PORT for `tribune serve`.
    pub listen: String,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            listen: DEFAULT_LISTEN.into(),
        }
    }
}

/// Why an agent's entry cannot be used: the agent's place in the list and a sentence.
pub(super) fn check_agents(agents: &[AgentConfig]) -> Result<(), (usize, String)> {
    for (i, a) in agents.iter().enumerate() {
        let fine = !a.name.is_empty()
            && a.name.len() <= 64
            && a.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !fine {
            return Err((
                i,
                format!(
                    "agent name {:?} must be 1 to 64 letters, digits, '.', '_' or '-'",
                    a.name
                ),
            ));
        }
        if agents[..i].iter().any(|b| b.name == a.name) {
            return Err((i, format!("two agents are named {:?}", a.name)));
        }
    }
    Ok(())
}
