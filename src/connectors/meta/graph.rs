//! What the Meta Graph API (Facebook Pages, Instagram) answers besides data: its error
//! envelope, turned into one sentence a user can act on and sorted by what to do (renew the
//! token, grant a permission, wait, skip), and the usage headers (`X-App-Usage`,
//! `X-Business-Use-Case-Usage`, `X-Page-Usage`), read as the share of the budget used and the
//! minutes until access comes back, so a connector slows down before Meta throttles it.

use crate::connectors::http::NetworkError;
use serde::Deserialize;

/// What a second private reply to one comment is refused with (Meta allows one).
pub const ALREADY_ANSWERED_PRIVATELY: &str = "already answered privately";

/// Above this share of a budget used, a connector waits instead of calling again.
pub const BACK_OFF_AT_PERCENT: u32 = 90;

/// The `error` object of a Graph API answer.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct GraphError {
    #[serde(default)]
    pub message: String,
    #[serde(default, rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub code: i64,
    #[serde(default)]
    pub error_subcode: Option<i64>,
    #[serde(default)]
    pub error_user_msg: Option<String>,
    #[serde(default)]
    pub is_transient: Option<bool>,
}

#[derive(Deserialize)]
struct Envelope {
    error: GraphError,
}

/// The error of an answer's body, if it carries one (unknown fields are ignored).
pub fn parse_error(body: &str) -> Option<GraphError> {
    serde_json::from_str::<Envelope>(body).ok().map(|e| e.error)
}

/// The permissions the Graph API names in its messages, as a token must be granted them.
const PERMISSIONS: [&str; 12] = [
    "pages_read_engagement",
    "pages_read_user_content",
    "pages_manage_engagement",
    "pages_manage_metadata",
    "pages_messaging",
    "pages_show_list",
    "read_insights",
    "instagram_basic",
    "instagram_manage_comments",
    "instagram_manage_insights",
    "instagram_manage_messages",
    "business_management",
];

impl GraphError {
    /// The error sorted by what to do, with one sentence saying it. `usage` is what the
    /// answer's headers said of the budget (for how long a throttle lasts).
    pub fn classify(&self, usage: Option<&Usage>, now: jiff::Timestamp) -> NetworkError {
        match self.code {
            190 => NetworkError::Unauthorized(self.token_sentence()),
            10 | 200..=299 => NetworkError::Unauthorized(self.permission_sentence()),
            4 | 17 | 32 | 341 | 613 | 80001..=80009 => NetworkError::RateLimited {
                until: usage
                    .and_then(|u| u.regain_minutes)
                    .map(|m| now + jiff::SignedDuration::from_mins(i64::from(m))),
            },
            1 | 2 => {
                NetworkError::Temporary(format!("Meta had a passing error ({})", self.short()))
            }
            _ if self.is_transient == Some(true) => {
                NetworkError::Temporary(format!("Meta had a passing error ({})", self.short()))
            }
            368 => NetworkError::Refused(format!(
                "Meta blocked the action under its policies ({}); see the Page's support inbox",
                self.short()
            )),
            10900 => NetworkError::Refused(format!(
                "{ALREADY_ANSWERED_PRIVATELY}: Meta allows one private reply per comment"
            )),
            506 => NetworkError::Refused(
                "Meta refused a duplicate: the same reply was already posted".into(),
            ),
            100 if self.permission().is_some() => {
                NetworkError::Unauthorized(self.permission_sentence())
            }
            _ => NetworkError::Refused(format!("Meta refused the request ({})", self.short())),
        }
    }

    fn token_sentence(&self) -> String {
        let why = match self.error_subcode {
            Some(463) => "the Page token expired",
            Some(460) => "the token ended when the account's password changed",
            Some(458) => "the app was removed from the account",
            Some(459) => "the account must log in to Facebook to pass a security check",
            Some(464) => "the account is not confirmed",
            Some(467) => "the token was invalidated",
            _ => "the token is no longer valid",
        };
        format!(
            "{why}: make a new Page access token (your app's login or the Graph API Explorer) and put it where token_env or token_file points"
        )
    }

    fn permission_sentence(&self) -> String {
        match self.permission() {
            Some(p) => format!(
                "the token lacks the {p} permission: grant it to the app and make a new token"
            ),
            None => format!(
                "the token lacks a permission for this ({}): grant it to the app and make a new token",
                self.short()
            ),
        }
    }

    /// The first permission the message names.
    fn permission(&self) -> Option<&'static str> {
        PERMISSIONS
            .into_iter()
            .find(|p| self.message.contains(&format!("'{p}'")) || self.message.contains(p))
    }

    /// `#100 Object does not exist…`, cut to a readable length.
    fn short(&self) -> String {
        let text = self.error_user_msg.as_deref().unwrap_or(&self.message);
        let text = crate::text::excerpt(&crate::text::sanitize(text), 120);
        match self.error_subcode {
            Some(sub) => format!("code {}/{sub}: {text}", self.code),
            None => format!("code {}: {text}", self.code),
        }
    }
}

/// How much of Meta's budget the calls used, as its headers say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// The highest share used of any budget the headers name (call count, CPU, time), 0–100+.
    pub percent: u32,
    /// Meta's estimate of the minutes until a throttled budget is usable again.
    pub regain_minutes: Option<u32>,
}

impl Usage {
    /// Reads the usage headers of one answer (`None` when it has none, or none readable).
    pub fn from_headers(headers: &reqwest::header::HeaderMap) -> Option<Usage> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let mut found = None;
        for name in ["x-app-usage", "x-page-usage", "x-ad-account-usage"] {
            if let Some(u) = text(name).and_then(Usage::from_flat) {
                found = Some(Usage::worst(found, u));
            }
        }
        if let Some(u) = text("x-business-use-case-usage").and_then(Usage::from_business) {
            found = Some(Usage::worst(found, u));
        }
        found
    }

    /// `{"call_count":28,"total_cputime":25,"total_time":25}`.
    pub fn from_flat(json: &str) -> Option<Usage> {
        let v: serde_json::Value = serde_json::from_str(json).ok()?;
        Some(Usage::of_object(&v))
    }

    /// `{"<id>":[{"type":"pages","call_count":…,"estimated_time_to_regain_access":…}]}`.
    pub fn from_business(json: &str) -> Option<Usage> {
        let v: serde_json::Value = serde_json::from_str(json).ok()?;
        let entries = v
            .as_object()?
            .values()
            .filter_map(|e| e.as_array())
            .flatten();
        entries.fold(None, |worst, e| {
            Some(Usage::worst(worst, Usage::of_object(e)))
        })
    }

    fn of_object(v: &serde_json::Value) -> Usage {
        let number = |key: &str| v.get(key).and_then(serde_json::Value::as_u64);
        let percent = [
            "call_count",
            "total_cputime",
            "total_time",
            "acc_id_util_pct",
        ]
        .into_iter()
        .filter_map(number)
        .max()
        .unwrap_or(0);
        Usage {
            percent: u32::try_from(percent).unwrap_or(u32::MAX),
            regain_minutes: number("estimated_time_to_regain_access")
                .filter(|m| *m > 0)
                .map(|m| u32::try_from(m).unwrap_or(u32::MAX)),
        }
    }

    fn worst(a: Option<Usage>, b: Usage) -> Usage {
        match a {
            None => b,
            Some(a) => Usage {
                percent: a.percent.max(b.percent),
                regain_minutes: a.regain_minutes.max(b.regain_minutes),
            },
        }
    }

    /// Whether to wait before the next call: near the limit, or throttled already.
    pub fn should_back_off(&self) -> bool {
        self.percent >= BACK_OFF_AT_PERCENT || self.regain_minutes.is_some()
    }

    /// For the status bar: "Meta budget 92% used, back in 14 min".
    pub fn describe(&self) -> String {
        match self.regain_minutes {
            Some(m) => format!("Meta budget {}% used, back in {m} min", self.percent),
            None => format!("Meta budget {}% used", self.percent),
        }
    }
}

#[cfg(test)]
mod tests;
