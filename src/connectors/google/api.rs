//! The Google Business Profile API as tribune uses it: OAuth 2 access tokens made from the
//! refresh token and renewed a minute before they expire (kept in memory only, registered as
//! secrets so no log shows them), reviews listed newest first with paging, the reply `PUT`,
//! and Google's error envelope sorted into what to do.

use crate::config::GoogleOAuth;
use crate::connectors::http::{ClientError, NetworkError, http_client, short};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Where the reviews live (v4 is still the reviews API).
pub const API_HOST: &str = "https://mybusiness.googleapis.com";
/// Where the daily impressions and actions live.
pub const PERFORMANCE_HOST: &str = "https://businessprofileperformance.googleapis.com";
/// Where access tokens are made.
pub const TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
/// An access token is renewed this long before Google says it expires.
const RENEW_BEFORE: std::time::Duration = std::time::Duration::from_secs(60);

/// What the refresh token must have been granted, said when it is refused.
pub fn fix(from: &str) -> String {
    format!(
        "check {from} holds a client id, client secret and refresh token granted the business.manage scope"
    )
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewList {
    #[serde(default)]
    pub reviews: Vec<Review>,
    #[serde(default)]
    pub next_page_token: Option<String>,
    #[serde(default)]
    pub average_rating: Option<f64>,
    #[serde(default)]
    pub total_review_count: Option<u64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub review_id: Option<String>,
    #[serde(default)]
    pub reviewer: Option<Reviewer>,
    /// `ONE` … `FIVE` (or `STAR_RATING_UNSPECIFIED`, or a value added later).
    #[serde(default)]
    pub star_rating: Option<String>,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub create_time: Option<String>,
    #[serde(default)]
    pub update_time: Option<String>,
    #[serde(default)]
    pub review_reply: Option<ReviewReply>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reviewer {
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub is_anonymous: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewReply {
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub update_time: Option<String>,
}

/// The stars of `ONE` … `FIVE`.
pub fn stars(rating: &str) -> Option<u8> {
    match rating {
        "ONE" => Some(1),
        "TWO" => Some(2),
        "THREE" => Some(3),
        "FOUR" => Some(4),
        "FIVE" => Some(5),
        _ => None,
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct TokenRefusal {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Deserialize)]
struct ApiError {
    error: ApiErrorBody,
}

#[derive(Deserialize)]
struct ApiErrorBody {
    #[serde(default)]
    code: u16,
    #[serde(default)]
    message: String,
    #[serde(default)]
    status: String,
}

struct Token {
    value: String,
    renew_at: tokio::time::Instant,
}

/// Access tokens from the refresh token, made when needed and shared by the connector and the
/// poster of one account.
pub struct Tokens {
    http: reqwest::Client,
    token_url: String,
    oauth: GoogleOAuth,
    current: Mutex<Option<Token>>,
}

impl Tokens {
    pub fn new(token_url: &str, oauth: GoogleOAuth) -> Result<Tokens, ClientError> {
        Ok(Tokens {
            http: http_client()?,
            token_url: token_url.to_string(),
            oauth,
            current: Mutex::new(None),
        })
    }

    /// A valid access token: the one held, or a new one when it is about to expire.
    async fn get(&self) -> Result<String, NetworkError> {
        let mut current = self.current.lock().await;
        if let Some(t) = current.as_ref()
            && tokio::time::Instant::now() < t.renew_at
        {
            return Ok(t.value.clone());
        }
        let form = [
            ("grant_type", "refresh_token"),
            ("client_id", self.oauth.client_id.as_str()),
            ("client_secret", self.oauth.client_secret.as_str()),
            ("refresh_token", self.oauth.refresh_token.as_str()),
        ];
        let response = self
            .http
            .post(&self.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        if status.is_server_error() {
            return Err(NetworkError::Temporary(format!(
                "Google's sign-in answered {status}"
            )));
        }
        if !status.is_success() {
            let refusal: Option<TokenRefusal> = serde_json::from_str(&body).ok();
            let why = match refusal {
                Some(r) if r.error == "invalid_grant" => {
                    "the refresh token was revoked or has expired: make a new one".to_string()
                }
                Some(r) if r.error == "invalid_client" => {
                    "Google does not know this client id and secret".to_string()
                }
                Some(r) => crate::text::sanitize(&r.error_description.unwrap_or(r.error)),
                None => format!("Google's sign-in answered {status}"),
            };
            return Err(NetworkError::Unauthorized(why));
        }
        let answer: TokenAnswer = serde_json::from_str(&body).map_err(|_| {
            NetworkError::Refused("Google's sign-in gave an answer tribune cannot read".into())
        })?;
        crate::text::secrets::register(&answer.access_token);
        let lifetime = std::time::Duration::from_secs(answer.expires_in.unwrap_or(3600));
        let renew_at = tokio::time::Instant::now() + lifetime.saturating_sub(RENEW_BEFORE);
        let value = answer.access_token.clone();
        let replaced = current.replace(Token {
            value: answer.access_token,
            renew_at,
        });
        // The token it replaces has expired (or was refused): no longer worth cutting out.
        if let Some(old) = replaced
            && old.value != value
        {
            crate::text::secrets::forget(&old.value);
        }
        Ok(value)
    }

    /// The token was refused: the next call makes a new one.
    async fn forget(&self) {
        if let Some(old) = self.current.lock().await.take() {
            crate::text::secrets::forget(&old.value);
        }
    }
}

#[derive(Clone)]
pub struct GbpClient {
    http: reqwest::Client,
    host: String,
    performance_host: String,
    tokens: Arc<Tokens>,
}

impl GbpClient {
    /// `performance_host` serves the Performance API (Google's own host, or a test server's).
    pub fn new(
        host: &str,
        performance_host: &str,
        tokens: Arc<Tokens>,
    ) -> Result<GbpClient, ClientError> {
        Ok(GbpClient {
            http: http_client()?,
            host: host.trim_end_matches('/').to_string(),
            performance_host: performance_host.trim_end_matches('/').to_string(),
            tokens,
        })
    }

    /// Daily figures of a location (`locations/{l}`) from `from` to `to`, both included.
    pub async fn daily_metrics(
        &self,
        location: &str,
        metrics: &[&str],
        from: jiff::civil::Date,
        to: jiff::civil::Date,
    ) -> Result<super::performance::MultiDaily, NetworkError> {
        let url = format!(
            "{}/v1/{location}:fetchMultiDailyMetricsTimeSeries",
            self.performance_host
        );
        let mut query: Vec<(String, String)> = metrics
            .iter()
            .map(|m| ("dailyMetrics".to_string(), m.to_string()))
            .collect();
        for (prefix, date) in [("dailyRange.start_date", from), ("dailyRange.end_date", to)] {
            query.push((format!("{prefix}.year"), date.year().to_string()));
            query.push((format!("{prefix}.month"), date.month().to_string()));
            query.push((format!("{prefix}.day"), date.day().to_string()));
        }
        self.call(|token| self.http.get(&url).bearer_auth(token).query(&query))
            .await
    }

    /// One page of a location's reviews, most recently updated first.
    pub async fn reviews(
        &self,
        location: &str,
        page_token: Option<&str>,
    ) -> Result<ReviewList, NetworkError> {
        let mut query = vec![("pageSize", "50"), ("orderBy", "updateTime desc")];
        if let Some(t) = page_token {
            query.push(("pageToken", t));
        }
        let url = format!("{}/v4/{location}/reviews", self.host);
        self.call(|token| self.http.get(&url).bearer_auth(token).query(&query))
            .await
    }

    /// Writes (or replaces) the owner's reply to a review: naturally idempotent.
    pub async fn reply(&self, review: &str, text: &str) -> Result<ReviewReply, NetworkError> {
        let url = format!("{}/v4/{review}/reply", self.host);
        let body = serde_json::json!({ "comment": text });
        self.call(|token| self.http.put(&url).bearer_auth(token).json(&body))
            .await
    }

    /// Sends a request with a valid token; a token refused once is renewed and tried again.
    async fn call<T: DeserializeOwned>(
        &self,
        request: impl Fn(&str) -> reqwest::RequestBuilder,
    ) -> Result<T, NetworkError> {
        for attempt in 0..2 {
            let token = self.tokens.get().await?;
            let response = request(&token)
                .send()
                .await
                .map_err(|e| NetworkError::Temporary(short(e)))?;
            let status = response.status();
            let body = response
                .text()
                .await
                .map_err(|e| NetworkError::Temporary(short(e)))?;
            if status.as_u16() == 401 && attempt == 0 {
                self.tokens.forget().await;
                continue;
            }
            if status.is_success() {
                return serde_json::from_str(&body).map_err(|e| {
                    NetworkError::Refused(format!(
                        "Google answered with something tribune cannot read ({e})"
                    ))
                });
            }
            return Err(classify(status.as_u16(), &body));
        }
        Err(NetworkError::Unauthorized(
            "Google refused a fresh access token".into(),
        ))
    }
}

/// Google's error envelope, sorted by what to do.
fn classify(status: u16, body: &str) -> NetworkError {
    let error = serde_json::from_str::<ApiError>(body).ok().map(|e| e.error);
    let said = error
        .as_ref()
        .map(|e| crate::text::excerpt(&crate::text::sanitize(&e.message), 120))
        .unwrap_or_else(|| format!("HTTP {status}"));
    let kind = error.as_ref().map(|e| e.status.as_str()).unwrap_or("");
    let code = error.as_ref().map_or(status, |e| e.code.max(status));
    match (code, kind) {
        (429, _) | (_, "RESOURCE_EXHAUSTED") => NetworkError::RateLimited { until: None },
        (401, _) | (_, "UNAUTHENTICATED") => NetworkError::Unauthorized(said),
        (403, _) | (_, "PERMISSION_DENIED") => {
            NetworkError::Unauthorized(format!("the account may not manage this location ({said})"))
        }
        (404, _) => NetworkError::Refused(format!(
            "Google knows no such location or review ({said}); check location = \"accounts/…/locations/…\""
        )),
        (500..=599, _) => NetworkError::Temporary(said),
        _ => NetworkError::Refused(format!("Google refused the request ({said})")),
    }
}
