//! XRPC as tribune speaks it to a Bluesky PDS: one session made with the app password and
//! renewed with `refreshSession` on `ExpiredToken` (kept in the store between runs, never one
//! login per call), queries and procedures with their rate-limit headers read, and errors
//! sorted into what to do.

pub use crate::connectors::http::{ClientError, NetworkError};
use crate::connectors::http::{http_client, short};
use crate::store::SessionCache;
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::{Arc, Mutex};

pub use super::views::*;

/// What a session is made of. No `Debug`: the tokens must not reach a log by accident.
#[derive(Clone, Serialize, Deserialize)]
pub struct Session {
    #[serde(rename = "accessJwt")]
    access_jwt: String,
    #[serde(rename = "refreshJwt")]
    refresh_jwt: String,
    pub did: String,
    pub handle: String,
}

/// What to check when Bluesky refuses the app password.
pub fn fix(password_env: &str) -> String {
    format!(
        "check {password_env} holds an app password of this handle (Settings → Privacy and security → App passwords)"
    )
}

/// The server's budget as its `RateLimit-*` headers last told it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Bluesky gives the reset as epoch seconds.
    pub reset: Option<Timestamp>,
}

impl RateLimit {
    fn from_headers(headers: &reqwest::header::HeaderMap) -> Option<RateLimit> {
        let number = |name: &str| -> Option<i64> { headers.get(name)?.to_str().ok()?.parse().ok() };
        let rate = RateLimit {
            limit: number("ratelimit-limit").map(|n| n.max(0) as u64),
            remaining: number("ratelimit-remaining").map(|n| n.max(0) as u64),
            reset: number("ratelimit-reset").and_then(|s| Timestamp::from_second(s).ok()),
        };
        (rate != RateLimit::default()).then_some(rate)
    }

    /// "2990/3000 requests left", for the health line.
    pub fn describe(&self) -> Option<String> {
        Some(format!("{}/{} requests left", self.remaining?, self.limit?))
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    message: Option<String>,
}

/// A Bluesky account's XRPC client; clones share one session and one rate-limit state.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    identifier: String,
    password: String,
    cache: Option<SessionCache>,
    session: tokio::sync::Mutex<Option<Session>>,
    rate: Mutex<Option<RateLimit>>,
}

#[derive(Clone, Copy)]
enum Method<'a> {
    Get(&'a [(&'a str, String)]),
    Post(Option<&'a Value>),
}

impl Client {
    /// `base_url` is the PDS (`https://bsky.social` for accounts hosted by Bluesky).
    pub fn new(
        base_url: &str,
        identifier: &str,
        password: String,
        cache: Option<SessionCache>,
    ) -> Result<Client, ClientError> {
        Ok(Client {
            inner: Arc::new(Inner {
                http: http_client()?,
                base_url: base_url.trim_end_matches('/').to_string(),
                identifier: identifier.trim_start_matches('@').to_string(),
                password,
                cache,
                session: tokio::sync::Mutex::new(None),
                rate: Mutex::new(None),
            }),
        })
    }

    /// The last rate-limit state the server gave.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self.inner.rate.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn cache_key(&self) -> String {
        format!("bluesky {} {}", self.inner.base_url, self.inner.identifier)
    }

    /// The account signed in: the session in memory, else the one kept in the store, else a
    /// new login.
    pub async fn session(&self) -> Result<Session, NetworkError> {
        let mut current = self.inner.session.lock().await;
        if let Some(s) = current.as_ref() {
            return Ok(s.clone());
        }
        let kept = self
            .inner
            .cache
            .as_ref()
            .and_then(|c| c.get(&self.cache_key()))
            .and_then(|raw| serde_json::from_slice::<Session>(&raw).ok());
        let session = match kept {
            Some(s) => s,
            None => self.login().await?,
        };
        *current = Some(session.clone());
        Ok(session)
    }

    /// A fresh session after `stale` stopped working: refreshed, or a new login when the
    /// refresh token is no good either. Another task may have renewed it already.
    async fn renew(&self, stale: &Session) -> Result<Session, NetworkError> {
        let mut current = self.inner.session.lock().await;
        if let Some(s) = current
            .as_ref()
            .filter(|s| s.access_jwt != stale.access_jwt)
        {
            return Ok(s.clone());
        }
        let refreshed = self
            .send::<Session>(
                "com.atproto.server.refreshSession",
                Method::Post(None),
                Some(&stale.refresh_jwt),
            )
            .await;
        let session = match refreshed {
            Ok(s) => s,
            Err(NetworkError::SessionExpired | NetworkError::Unauthorized(_)) => {
                tracing::info!("the Bluesky refresh token is no longer valid: signing in again");
                self.login().await?
            }
            Err(e) => return Err(e),
        };
        self.keep(&session);
        *current = Some(session.clone());
        Ok(session)
    }

    async fn login(&self) -> Result<Session, NetworkError> {
        let body = serde_json::json!({
            "identifier": self.inner.identifier,
            "password": self.inner.password,
        });
        let session = self
            .send::<Session>(
                "com.atproto.server.createSession",
                Method::Post(Some(&body)),
                None,
            )
            .await
            .map_err(|e| match e {
                NetworkError::SessionExpired => NetworkError::Unauthorized("login refused".into()),
                e => e,
            })?;
        self.keep(&session);
        Ok(session)
    }

    fn keep(&self, session: &Session) {
        if let (Some(cache), Ok(raw)) = (&self.inner.cache, serde_json::to_vec(session)) {
            cache.put(&self.cache_key(), &raw);
        }
    }

    /// A call with the session; an expired one is renewed and the call made once more.
    async fn call<T: DeserializeOwned>(
        &self,
        nsid: &str,
        method: Method<'_>,
    ) -> Result<T, NetworkError> {
        let session = self.session().await?;
        match self.send(nsid, method, Some(&session.access_jwt)).await {
            Err(NetworkError::SessionExpired) => {
                let session = self.renew(&session).await?;
                self.send(nsid, method, Some(&session.access_jwt))
                    .await
                    .map_err(|e| match e {
                        NetworkError::SessionExpired => {
                            NetworkError::Unauthorized("the renewed session was refused".into())
                        }
                        e => e,
                    })
            }
            other => other,
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        nsid: &str,
        method: Method<'_>,
        bearer: Option<&str>,
    ) -> Result<T, NetworkError> {
        let url = format!("{}/xrpc/{nsid}", self.inner.base_url);
        let mut request = match method {
            Method::Get(query) => self.inner.http.get(url).query(query),
            Method::Post(Some(body)) => self.inner.http.post(url).json(body),
            Method::Post(None) => self.inner.http.post(url),
        };
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        let status = response.status();
        let headers = response.headers().clone();
        let rate = RateLimit::from_headers(&headers);
        if rate.is_some() {
            *self.inner.rate.lock().unwrap_or_else(|e| e.into_inner()) = rate;
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                tracing::warn!(%nsid, error = %e, "Bluesky answered with JSON tribune cannot read");
                NetworkError::Refused(format!("an answer tribune cannot read ({e})"))
            });
        }
        // Proxies may answer with HTML: then the status alone says what happened.
        let error = serde_json::from_slice::<ErrorBody>(&body).ok();
        let name = error.as_ref().map(|e| e.error.as_str()).unwrap_or("");
        if matches!(name, "ExpiredToken" | "InvalidToken") && bearer.is_some() {
            return Err(NetworkError::SessionExpired);
        }
        let detail = match &error {
            Some(ErrorBody {
                error,
                message: Some(m),
            }) => crate::text::sanitize(&format!("{error}: {m}")),
            Some(e) if !e.error.is_empty() => crate::text::sanitize(&e.error),
            _ => status.to_string(),
        };
        Err(match status.as_u16() {
            429 => NetworkError::RateLimited {
                until: retry_after(&headers).or(rate.and_then(|r| r.reset)),
            },
            401 | 403 => NetworkError::Unauthorized(detail),
            500..=599 => NetworkError::Temporary(format!("{}: {detail}", status.as_u16())),
            _ => NetworkError::Refused(format!("{}: {detail}", status.as_u16())),
        })
    }

    /// Mentions, replies and quotes, newest first; `cursor` pages back.
    pub async fn notifications(
        &self,
        cursor: Option<&str>,
    ) -> Result<NotificationPage, NetworkError> {
        let mut query = vec![
            ("reasons", "mention".to_string()),
            ("reasons", "reply".to_string()),
            ("reasons", "quote".to_string()),
            ("limit", "50".to_string()),
        ];
        if let Some(c) = cursor {
            query.push(("cursor", c.to_string()));
        }
        #[derive(Deserialize)]
        struct Page {
            #[serde(default)]
            notifications: Vec<Value>,
            #[serde(default)]
            cursor: Option<String>,
        }
        let page: Page = self
            .call(
                "app.bsky.notification.listNotifications",
                Method::Get(&query),
            )
            .await?;
        let items = page
            .notifications
            .into_iter()
            .filter_map(|n| match serde_json::from_value::<Notification>(n) {
                Ok(n) => Some(n),
                Err(e) => {
                    tracing::warn!(error = %e, "skipped a notification tribune cannot read");
                    None
                }
            })
            .collect();
        Ok(NotificationPage {
            items,
            cursor: page.cursor,
        })
    }

    /// The thread around `uri`: `parent_height` posts above, `depth` levels of replies below.
    pub async fn thread(
        &self,
        uri: &str,
        depth: u32,
        parent_height: u32,
    ) -> Result<Thread, NetworkError> {
        let query = [
            ("uri", uri.to_string()),
            ("depth", depth.to_string()),
            ("parentHeight", parent_height.to_string()),
        ];
        let answer: Value = self
            .call("app.bsky.feed.getPostThread", Method::Get(&query))
            .await?;
        Ok(Thread::from_value(
            answer.get("thread").unwrap_or(&Value::Null),
        ))
    }

    pub async fn profile(&self, actor: &str) -> Result<Profile, NetworkError> {
        let query = [("actor", actor.to_string())];
        self.call("app.bsky.actor.getProfile", Method::Get(&query))
            .await
    }

    /// The account's own latest posts (replies left out), for engagement.
    pub async fn own_posts(&self, did: &str) -> Result<Vec<PostView>, NetworkError> {
        self.author_feed(did, "posts_no_replies", 20).await
    }

    /// The account's own latest posts with its replies: a reply made in the Bluesky app (or
    /// anywhere else) answers its message as one sent from tribune does.
    pub async fn own_replies(&self, did: &str) -> Result<Vec<PostView>, NetworkError> {
        let posts = self.author_feed(did, "posts_with_replies", 50).await?;
        Ok(posts
            .into_iter()
            .filter(|p| p.author.did == did && PostRecord::from_value(&p.record).reply.is_some())
            .collect())
    }

    async fn author_feed(
        &self,
        did: &str,
        filter: &str,
        limit: u32,
    ) -> Result<Vec<PostView>, NetworkError> {
        let query = [
            ("actor", did.to_string()),
            ("filter", filter.to_string()),
            ("limit", limit.to_string()),
        ];
        let feed: Value = self
            .call("app.bsky.feed.getAuthorFeed", Method::Get(&query))
            .await?;
        Ok(feed
            .get("feed")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter(|i| i.get("reason").is_none())
                    .filter_map(|i| serde_json::from_value(i.get("post")?.clone()).ok())
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn resolve_handle(&self, handle: &str) -> Result<String, NetworkError> {
        #[derive(Deserialize)]
        struct Resolved {
            did: String,
        }
        let query = [("handle", handle.trim_start_matches('@').to_string())];
        let r: Resolved = self
            .call("com.atproto.identity.resolveHandle", Method::Get(&query))
            .await?;
        Ok(r.did)
    }

    /// Writes a post record to the account's repository.
    pub async fn create_post(&self, repo: &str, record: &Value) -> Result<StrongRef, NetworkError> {
        let body = serde_json::json!({
            "repo": repo,
            "collection": "app.bsky.feed.post",
            "record": record,
        });
        self.call("com.atproto.repo.createRecord", Method::Post(Some(&body)))
            .await
    }
}

/// `Retry-After` in seconds, as a time.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Timestamp> {
    let secs: i64 = headers
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Timestamp::now() + jiff::SignedDuration::from_secs(secs))
}
