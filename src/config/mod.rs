//! Configuration from TOML. Every key has a default, so an empty or missing file is
//! valid; a wrong key, type or value is an error naming the file, the line and the key.

pub mod values;
mod views;

mod google;
mod keys;
mod team;

pub use google::GoogleOAuth;
pub use keys::{Key, KeyError, KeyList, KeysConfig};
pub use team::{AgentConfig, DEFAULT_LISTEN, ServerConfig};
pub use values::{BusinessHours, ConfigDuration, Weekday};
pub use views::{ViewConfig, ViewCount};

use crate::model::{Channel, Kind, SentimentLabel};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub sla: SlaConfig,
    #[serde(rename = "account")]
    pub accounts: Vec<AccountConfig>,
    pub ui: UiConfig,
    pub demo: DemoConfig,
    pub outbox: OutboxConfig,
    pub buzz: BuzzConfig,
    pub profiles: ProfilesConfig,
    pub backup: BackupConfig,
    /// Rebound keys, by layer and binding (`app::Keymap` checks the names).
    pub keys: KeysConfig,
    /// The team: who may attach to `tribune serve`, and whom conversations are assigned to.
    #[serde(rename = "agent")]
    pub agents: Vec<AgentConfig>,
    pub server: ServerConfig,
    /// Saved views, and the defaults' queries changed (`app::ViewDef` merges them).
    #[serde(rename = "view")]
    pub views: Vec<ViewConfig>,
    /// The tone check at send: which checks run, and the brand's own domains.
    pub tone: crate::tone::Settings,
}

/// Automatic backups of the store, in `backups/` beside it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// How often the process that owns the store takes one; "0" turns them off.
    pub every: values::Delay,
    /// How many are kept (the oldest go first).
    pub keep: usize,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            every: values::Delay(jiff::SignedDuration::from_hours(6)),
            keep: 7,
        }
    }
}

impl BackupConfig {
    pub fn policy(&self) -> Option<crate::store::BackupPolicy> {
        (self.every.0.is_positive() && self.keep > 0).then_some(crate::store::BackupPolicy {
            every: self.every.0,
            keep: self.keep,
        })
    }
}

/// The bad-buzz alert's sensitivity (see `buzz::Settings`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BuzzConfig {
    /// Negative messages are counted over this sliding window; an alert is at most this late.
    pub window: values::BuzzWindow,
    /// How fast the baseline forgets: a count this old weighs half as much.
    pub baseline_half_life: ConfigDuration,
    /// How many standard deviations above the baseline is a spike.
    pub threshold_sigma: values::Positive,
    /// Fewer negative messages than this in the window never raise an alert.
    pub min_count: u32,
    /// Negatives' share of inbound must be this many times its usual share.
    pub min_share_lift: values::Lift,
}

impl Default for BuzzConfig {
    fn default() -> Self {
        let d = crate::buzz::Settings::default();
        BuzzConfig {
            window: values::BuzzWindow(ConfigDuration::secs(d.window.as_secs())),
            baseline_half_life: ConfigDuration::secs(d.half_life.as_secs()),
            threshold_sigma: values::Positive(d.sigma),
            min_count: d.min_count,
            min_share_lift: values::Lift(d.min_share_lift),
        }
    }
}

impl BuzzConfig {
    pub fn settings(&self) -> crate::buzz::Settings {
        crate::buzz::Settings {
            window: self.window.0.get(),
            half_life: self.baseline_half_life.get(),
            sigma: self.threshold_sigma.0,
            min_count: self.min_count,
            min_share_lift: self.min_share_lift.0,
        }
    }
}

/// Customer profiles.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProfilesConfig {
    /// Authors with at least this many followers are tagged influencer and marked in the inbox.
    pub influencer_followers: u64,
}

impl Default for ProfilesConfig {
    fn default() -> Self {
        ProfilesConfig {
            influencer_followers: 10_000,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutboxConfig {
    /// How long a sent reply can still be undone; "0s" sends at once.
    pub undo_window: values::Delay,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        OutboxConfig {
            undo_window: values::Delay(jiff::SignedDuration::from_secs(5)),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SlaConfig {
    pub timezone: values::TimeZoneName,
    pub business_days: values::BusinessDays,
    pub business_hours: BusinessHours,
    pub holidays: Vec<jiff::civil::Date>,
    pub warn_at: values::Fraction,
    #[serde(rename = "policy")]
    pub policies: Vec<PolicyConfig>,
}

impl Default for SlaConfig {
    fn default() -> Self {
        SlaConfig {
            timezone: values::TimeZoneName::default(),
            business_days: values::BusinessDays(Weekday::MONDAY_TO_FRIDAY.to_vec()),
            business_hours: BusinessHours::default(),
            holidays: Vec::new(),
            warn_at: values::Fraction(0.75),
            policies: vec![
                PolicyConfig {
                    name: "complaint cues".into(),
                    matches: PolicyMatch {
                        urgent: Some(true),
                        ..PolicyMatch::default()
                    },
                    first_response: ConfigDuration::minutes(30),
                    business_hours_only: true,
                },
                PolicyConfig {
                    name: "criticism".into(),
                    matches: PolicyMatch {
                        sentiment: Some(SentimentLabel::Neg),
                        ..PolicyMatch::default()
                    },
                    first_response: ConfigDuration::hours(1),
                    business_hours_only: true,
                },
                PolicyConfig {
                    name: "default".into(),
                    matches: PolicyMatch::default(),
                    first_response: ConfigDuration::hours(24),
                    business_hours_only: true,
                },
            ],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    pub name: String,
    #[serde(rename = "match", default)]
    pub matches: PolicyMatch,
    pub first_response: ConfigDuration,
    #[serde(default = "yes")]
    pub business_hours_only: bool,
}

fn yes() -> bool {
    true
}

/// Which messages a policy applies to; an absent key matches everything.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyMatch {
    pub sentiment: Option<SentimentLabel>,
    pub kind: Option<Kind>,
    pub channel: Option<Channel>,
    pub rating_at_most: Option<values::Stars>,
    /// True: the text carries complaint cues (refund, scam, lawyer, never arrived…).
    pub urgent: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    pub channel: Channel,
    pub name: String,
    pub base_url: Option<String>,
    pub handle: Option<String>,
    /// Name of the environment variable holding the token; the secret never sits in the file.
    pub token_env: Option<String>,
    /// Or a file holding only the token, readable only by its owner (mode 0600).
    pub token_file: Option<PathBuf>,
    pub app_password_env: Option<String>,
    /// A Facebook Page's id (`[[account]] channel = "facebook"`).
    pub page_id: Option<String>,
    /// An Instagram professional account's id (`channel = "instagram"`).
    pub ig_user_id: Option<String>,
    /// A Google Business Profile location, `accounts/{a}/locations/{l}` (`google_reviews`).
    pub location: Option<String>,
    /// Google OAuth: `{PREFIX}_CLIENT_ID`, `_CLIENT_SECRET` and `_REFRESH_TOKEN` in the
    /// environment, or a file only its owner reads holding `client_id`, `client_secret` and
    /// `refresh_token` (TOML).
    pub oauth_env_prefix: Option<String>,
    pub oauth_file: Option<PathBuf>,
    #[serde(default = "default_poll")]
    pub poll_interval: ConfigDuration,
}

impl AccountConfig {
    /// The account's token and where it came from (a variable's name or a file's path, for
    /// messages: never the token itself), or one sentence saying what is missing.
    /// A Bluesky account's app password is read the same way, from `app_password_env`.
    pub fn token(&self) -> Result<(String, String), TokenError> {
        if let Some(var) = self.token_env.as_ref().or(self.app_password_env.as_ref()) {
            return match std::env::var(var) {
                Ok(t) if !t.trim().is_empty() => {
                    crate::text::secrets::register(&t);
                    Ok((t.trim().to_string(), var.clone()))
                }
                _ => Err(TokenError::Unset(var.clone())),
            };
        }
        let Some(path) = &self.token_file else {
            return Err(match self.channel {
                Channel::Bluesky => TokenError::NoAppPasswordNamed,
                _ => TokenError::NoTokenNamed,
            });
        };
        let unreadable = |source| TokenError::Unreadable {
            path: path.clone(),
            source,
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(path).map_err(unreadable)?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(TokenError::TooOpen(path.clone()));
            }
        }
        let token = std::fs::read_to_string(path).map_err(unreadable)?;
        match token.trim() {
            "" => Err(TokenError::Empty(path.clone())),
            t => {
                crate::text::secrets::register(t);
                Ok((t.to_string(), path.display().to_string()))
            }
        }
    }
}

/// Why an account's token (or app password) cannot be had; never the secret itself.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("{0} is not set in the environment")]
    Unset(String),
    #[error("needs app_password_env (or token_file) to name where its app password is")]
    NoAppPasswordNamed,
    #[error("needs token_env (or token_file) to name where its token is")]
    NoTokenNamed,
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} must be readable only by its owner (chmod 600 {})", .0.display(), .0.display())]
    TooOpen(PathBuf),
    #[error("{} is empty", .0.display())]
    Empty(PathBuf),
    #[error(
        "needs oauth_env_prefix (or oauth_file) to name where its Google client id, client secret and refresh token are"
    )]
    NoOAuthNamed,
    #[error("{} must hold client_id, client_secret and refresh_token (TOML)", .0.display())]
    Malformed(PathBuf),
}

fn default_poll() -> ConfigDuration {
    ConfigDuration::secs(30)
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// Ring the terminal bell when a message newly breaches its target.
    pub bell_on_breach: bool,
    /// Who a local console works as (an `[[agent]]` name); the login name when absent.
    pub agent: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DemoConfig {
    /// Shortest and longest pause between two demo messages.
    pub min_interval: ConfigDuration,
    pub max_interval: ConfigDuration,
    /// How many past messages the demo store starts with.
    pub backlog: u32,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            min_interval: ConfigDuration::secs(1),
            max_interval: ConfigDuration::secs(5),
            backlog: 300,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Cannot read the config file {path}: {source}.")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Config file {path}, line {line}, key `{key}`: {message}.")]
    Invalid {
        path: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
}

impl Config {
    /// Loads `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Parses TOML text; `path` only names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config = parse_toml(text, path)?;
        config.check(text, path)?;
        Ok(config)
    }

    /// Rules that span several keys.
    fn check(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        if self.demo.min_interval.get() > self.demo.max_interval.get() {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: line_of_key(text, "demo", "min_interval"),
                key: "demo.min_interval".into(),
                message: "must not be longer than demo.max_interval".into(),
            });
        }
        if let Err((i, key, message)) = views::check_views(&self.views) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: nth_table_line(text, "view", i),
                key: format!("view[{i}].{key}"),
                message,
            });
        }
        if let Err((i, message)) = team::check_agents(&self.agents) {
            return Err(ConfigError::Invalid {
                path: path.to_path_buf(),
                line: nth_table_line(text, "agent", i),
                key: format!("agent[{i}].name"),
                message,
            });
        }
        Ok(())
    }

    /// Whether any real network account is configured; without one tribune runs the demo.
    pub fn has_accounts(&self) -> bool {
        !self.accounts.is_empty()
    }
}

/// Deserialises a TOML file of tribune's (the config, the templates); an error names the
/// file, the line and the key.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
) -> Result<T, ConfigError> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let line = e
            .inner()
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        let key = e.path().to_string();
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            key: if key == "." {
                "(top level)".into()
            } else {
                key
            },
            message: e.inner().message().trim_end_matches('.').to_string(),
        }
    })
}

/// The line of the `n`th `[[table]]` header (for a rule on one entry of a list of tables).
pub fn nth_table_line(text: &str, table: &str, n: usize) -> usize {
    let header = format!("[[{table}]]");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(n)
        .map_or(1, |(i, _)| i + 1)
}

/// The line where `key` is set in `[table]`, for a rule across keys found after parsing
/// (rules on one value are types in `values`, and toml names their line itself).
pub fn line_of_key(text: &str, table: &str, key: &str) -> usize {
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            current = header
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            continue;
        }
        let set = line
            .split_once('=')
            .is_some_and(|(k, _)| k.trim().trim_matches('"') == key);
        if set && current == table {
            return i + 1;
        }
    }
    1
}

#[cfg(test)]
mod tests;
