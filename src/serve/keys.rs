//! The server's keys: its host key (made on first start, kept 0600 in the data dir) and the
//! agents' public keys, which say who connects (the SSH user name does not).

use russh::keys::{HashAlg, PrivateKey, PublicKey};
use std::path::Path;

/// Why the server cannot start with these keys; one sentence each.
#[derive(Debug, thiserror::Error)]
pub(crate) enum KeyError {
    #[error("Cannot read the host key {path}: {detail}; delete it to make a new one.")]
    HostKey { path: String, detail: String },
    #[error("Cannot write the host key {path}: {source}.")]
    WriteHostKey {
        path: String,
        source: std::io::Error,
    },
    #[error("Agent {agent}: {detail}.")]
    AgentKey { agent: String, detail: String },
    #[error("No agent has a key: add `keys` or `authorized_keys` to an [[agent]] in {config}.")]
    NoAgents { config: String },
}

/// Reads the host key at `path`, or makes an Ed25519 one there (readable by its owner only).
pub(crate) fn host_key(path: &Path) -> Result<PrivateKey, KeyError> {
    match std::fs::read_to_string(path) {
        Ok(text) => PrivateKey::from_openssh(text.as_bytes()).map_err(|e| KeyError::HostKey {
            path: path.display().to_string(),
            detail: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => make_host_key(path),
        Err(e) => Err(KeyError::HostKey {
            path: path.display().to_string(),
            detail: e.to_string(),
        }),
    }
}

fn make_host_key(path: &Path) -> Result<PrivateKey, KeyError> {
    use rand::RngCore;
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = PrivateKey::from(russh::keys::ssh_key::private::Ed25519Keypair::from_seed(
        &seed,
    ));
    let text = key
        .to_openssh(russh::keys::ssh_key::LineEnding::LF)
        .map_err(|e| KeyError::HostKey {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
    write_private(path, text.as_bytes()).map_err(|source| KeyError::WriteHostKey {
        path: path.display().to_string(),
        source,
    })?;
    Ok(key)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// "SHA256:…", as `ssh` shows a host key on first connection.
pub(crate) fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

/// Each agent's keys: who a verified key belongs to.
#[derive(Default)]
pub(crate) struct AgentKeys {
    keys: Vec<(PublicKey, String)>,
}

impl AgentKeys {
    /// Reads every `[[agent]]`'s keys (inline lines and its `authorized_keys` file).
    pub(crate) fn read(
        agents: &[crate::config::AgentConfig],
        config_file: &Path,
    ) -> Result<AgentKeys, KeyError> {
        let mut all = AgentKeys::default();
        for agent in agents {
            let bad = |detail: String| KeyError::AgentKey {
                agent: agent.name.clone(),
                detail,
            };
            let mut lines: Vec<String> = agent.keys.clone();
            if let Some(file) = &agent.authorized_keys {
                // A relative path is read beside the config.
                let file = config_file
                    .parent()
                    .map_or(file.clone(), |dir| dir.join(file));
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| bad(format!("cannot read {}: {e}", file.display())))?;
                lines.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(String::from),
                );
            }
            for line in lines {
                let key = parse_key_line(&line).map_err(bad)?;
                all.keys.push((key, agent.name.clone()));
            }
        }
        if all.keys.is_empty() {
            return Err(KeyError::NoAgents {
                config: config_file.display().to_string(),
            });
        }
        Ok(all)
    }

    /// The agent a verified key belongs to.
    pub(crate) fn agent_of(&self, key: &PublicKey) -> Option<&str> {
        self.keys
            .iter()
            .find(|(k, _)| k.key_data() == key.key_data())
            .map(|(_, name)| name.as_str())
    }
}

/// One public key line; an `authorized_keys` line may start with options, which are skipped
/// (the server grants only the console whatever they say).
fn parse_key_line(line: &str) -> Result<PublicKey, String> {
    let start = line
        .split_whitespace()
        .position(|w| w.starts_with("ssh-") || w.starts_with("ecdsa-") || w.starts_with("sk-"))
        .ok_or_else(|| format!("{:?} is not an OpenSSH public key line", excerpt(line)))?;
    let key_text: Vec<&str> = line.split_whitespace().skip(start).collect();
    PublicKey::from_openssh(&key_text.join(" "))
        .map_err(|e| format!("the key {:?} cannot be read: {e}", excerpt(line)))
}

fn excerpt(line: &str) -> String {
    crate::text::excerpt(line, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED25519: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ana@laptop";

    #[test]
    fn key_lines_read_with_or_without_options_and_bad_ones_say_why() {
        let plain = parse_key_line(ED25519).unwrap();
        let with_options = parse_key_line(&format!("no-pty,from=\"10.0.0.1\" {ED25519}")).unwrap();
        assert_eq!(plain.key_data(), with_options.key_data());
        assert!(
            parse_key_line("hello world")
                .unwrap_err()
                .contains("not an OpenSSH")
        );
        assert!(
            parse_key_line("ssh-ed25519 AAAA")
                .unwrap_err()
                .contains("cannot be read")
        );
    }

    #[test]
    fn the_host_key_is_made_once_private_and_read_again() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host_key");
        let made = host_key(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let again = host_key(&path).unwrap();
        assert_eq!(fingerprint(&made), fingerprint(&again));
        assert!(fingerprint(&made).starts_with("SHA256:"));
    }
}
