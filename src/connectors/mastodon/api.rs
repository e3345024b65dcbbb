//! The Mastodon client API as tribune reads it: accounts, notifications and statuses, the
//! `Link` header for pagination, rate-limit headers, and errors sorted into what to do.

use jiff::Timestamp;
use serde::Deserialize;
use std::time::Duration;

pub use crate::connectors::http::ClientError;
pub use crate::connectors::http::NetworkError;
pub(super) use crate::connectors::http::{http_client, short};

#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    pub id: String,
    pub acct: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub followers_count: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Status {
    pub id: String,
    pub created_at: String,
    #[serde(default)]
    pub in_reply_to_id: Option<String>,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub content: String,
    pub account: Account,
    #[serde(default)]
    pub replies_count: u64,
    #[serde(default)]
    pub reblogs_count: u64,
    #[serde(default)]
    pub favourites_count: u64,
    #[serde(default)]
    pub quotes_count: u64,
}

impl Status {
    /// Everything people did with it: replies, boosts, favourites and quotes.
    pub fn engagement(&self) -> u64 {
        self.replies_count + self.reblogs_count + self.favourites_count + self.quotes_count
    }
}

/// `GET /api/v1/statuses/:id/context`.
#[derive(Debug, Clone, Deserialize)]
pub struct Context {
    #[serde(default)]
    pub ancestors: Vec<Status>,
    #[serde(default)]
    pub descendants: Vec<Status>,
}

/// A notification; types tribune does not read are kept as their name and skipped.
#[derive(Debug, Clone, Deserialize)]
pub struct Notification {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub status: Option<Status>,
}

/// What to check when Mastodon refuses the token.
pub fn fix(token_env: &str) -> String {
    format!(
        "check {token_env} holds a token with read:notifications, read:statuses and write:statuses"
    )
}

#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: String,
}

/// One page of a list and the `Link` header's `next` (older) page, if any.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl Client {
    pub fn new(base_url: &str, token: String) -> Result<Client, ClientError> {
        Ok(Client {
            http: http_client()?,
            base_url: base_url.trim_end_matches('/').to_string(),
            token,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    pub async fn verify_credentials(&self) -> Result<Account, NetworkError> {
        let (account, _) = self
            .get(&self.url("/api/v1/accounts/verify_credentials"), &[])
            .await?;
        Ok(account)
    }

    /// Where the streaming API lives (`configuration.urls.streaming`, as http(s)); the
    /// instance itself when it does not say.
    pub async fn streaming_base(&self) -> String {
        let found = self
            .get::<serde_json::Value>(&self.url("/api/v2/instance"), &[])
            .await
            .ok()
            .and_then(|(v, _)| {
                let url = v
                    .pointer("/configuration/urls/streaming")?
                    .as_str()?
                    .to_string();
                Some(
                    url.replacen("wss://", "https://", 1)
                        .replacen("ws://", "http://", 1),
                )
            });
        found.unwrap_or_else(|| self.base_url.clone())
    }

    /// Opens a server-sent events stream; no overall timeout, it lasts as long as it lives.
    pub async fn open_stream(
        &self,
        base: &str,
        path: &str,
    ) -> Result<reqwest::Response, NetworkError> {
        let response = self
            .http
            .get(format!("{}{path}", base.trim_end_matches('/')))
            .bearer_auth(&self.token)
            .timeout(Duration::from_secs(24 * 3600))
            .send()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        match response.status().as_u16() {
            200..=299 => Ok(response),
            401 | 403 => Err(NetworkError::Unauthorized(response.status().to_string())),
            code => Err(NetworkError::Temporary(format!(
                "the live stream answered {code}"
            ))),
        }
    }

    /// The account's own latest statuses (boosts left out), for engagement.
    pub async fn own_statuses(&self, account_id: &str) -> Result<Vec<Status>, NetworkError> {
        let (statuses, _) = self
            .get(
                &self.url(&format!("/api/v1/accounts/{account_id}/statuses")),
                &[("limit", "20"), ("exclude_reblogs", "true")],
            )
            .await?;
        Ok(statuses)
    }

    /// The statuses around `id`: what it answers and the replies under it.
    pub async fn context(&self, id: &str) -> Result<Context, NetworkError> {
        let (context, _) = self
            .get(&self.url(&format!("/api/v1/statuses/{id}/context")), &[])
            .await?;
        Ok(context)
    }

    /// Mentions newer than `min_id` (or the newest page when None).
    pub async fn mentions(
        &self,
        url: Option<&str>,
        min_id: Option<&str>,
    ) -> Result<Page<Notification>, NetworkError> {
        let default = self.url("/api/v1/notifications");
        let mut query = Vec::new();
        if url.is_none() {
            query.push(("types[]", "mention"));
            query.push(("limit", "40"));
            if let Some(id) = min_id {
                query.push(("min_id", id));
            }
        }
        let (items, link) = self.get(url.unwrap_or(&default), &query).await?;
        Ok(Page {
            items,
            next: link.as_deref().and_then(|l| link_rel(l, "next")),
        })
    }

    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        query: &[(&str, &str)],
    ) -> Result<(T, Option<String>), NetworkError> {
        let response = self
            .http
            .get(url)
            .bearer_auth(&self.token)
            .query(query)
            .send()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status.as_u16() == 429 {
            return Err(NetworkError::RateLimited {
                until: rate_limit_reset(
                    header("x-ratelimit-reset").as_deref(),
                    header("retry-after").as_deref(),
                ),
            });
        }
        if !status.is_success() {
            let detail = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| {
                    v.get("error")
                        .and_then(|e| e.as_str())
                        .map(crate::text::sanitize)
                })
                .unwrap_or_else(|| status.to_string());
            return Err(match status.as_u16() {
                401 | 403 => NetworkError::Unauthorized(detail),
                500..=599 => NetworkError::Temporary(format!("{status}: {detail}")),
                _ => NetworkError::Refused(format!("{status}: {detail}")),
            });
        }
        let value = serde_json::from_slice(&body)
            .map_err(|e| NetworkError::Refused(format!("an answer tribune cannot read ({e})")))?;
        Ok((value, header("link")))
    }
}

/// The URL of a `rel` in a `Link` header: `<url>; rel="next", <url>; rel="prev"`.
pub fn link_rel(header: &str, rel: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == format!("rel=\"{rel}\""))
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

/// When a rate limit lifts: Mastodon's reset is an RFC 3339 time; `Retry-After` is seconds.
pub fn rate_limit_reset(reset: Option<&str>, retry_after: Option<&str>) -> Option<Timestamp> {
    reset.and_then(|r| r.parse().ok()).or_else(|| {
        let secs: i64 = retry_after?.trim().parse().ok()?;
        Some(Timestamp::now() + jiff::SignedDuration::from_secs(secs))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_pages() {
        let h = r#"<http://localhost:3000/api/v1/notifications?max_id=21&types%5B%5D=mention>; rel="next", <http://localhost:3000/api/v1/notifications?min_id=21&types%5B%5D=mention>; rel="prev""#;
        assert_eq!(
            link_rel(h, "next").as_deref(),
            Some("http://localhost:3000/api/v1/notifications?max_id=21&types%5B%5D=mention")
        );
        assert!(link_rel(h, "prev").unwrap().contains("min_id=21"));
        assert_eq!(link_rel("", "next"), None);
    }

    #[test]
    fn rate_limit_reset_is_an_rfc3339_time() {
        assert_eq!(
            rate_limit_reset(Some("2026-08-01T13:55:00.940463Z"), None),
            Some("2026-08-01T13:55:00.940463Z".parse().unwrap())
        );
        assert!(rate_limit_reset(None, Some("30")).is_some());
        assert_eq!(rate_limit_reset(Some("soon"), None), None);
    }
}
