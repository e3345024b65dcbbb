//! `POST /api/v1/statuses` with `in_reply_to_id` and Mastodon's `Idempotency-Key` header:
//! the server keeps the key for an hour and answers a repeated request with the status it
//! already created, so a reply resent after a crash is posted once.

use super::api::{http_client, short};
use crate::connectors::post::{PostError, PostFuture, PostRequest, Posted, Poster};
use serde::Deserialize;

pub struct MastodonPoster {
    client: reqwest::Client,
    base_url: String,
    token: String,
}

#[derive(Deserialize)]
struct Status {
    id: String,
    url: Option<String>,
    created_at: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
}

impl MastodonPoster {
    pub fn new(
        base_url: &str,
        token: String,
    ) -> Result<MastodonPoster, crate::connectors::http::ClientError> {
        Ok(MastodonPoster {
            client: http_client()?,
            base_url: base_url.trim_end_matches('/').to_string(),
            token,
        })
    }
}

impl Poster for MastodonPoster {
    fn post(&self, request: PostRequest) -> PostFuture {
        // The server does not add the person answered: without their @acct the reply would
        // not reach them. A direct message is answered directly.
        let status = match &request.mention {
            Some(handle) if !request.text.contains(handle.as_str()) => {
                format!("{handle} {}", request.text)
            }
            _ => request.text.clone(),
        };
        let mut form = vec![
            ("status", status),
            ("in_reply_to_id", request.in_reply_to.clone()),
        ];
        if request.direct {
            form.push(("visibility", "direct".to_string()));
        }
        let call = self
            .client
            .post(format!("{}/api/v1/statuses", self.base_url))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", &request.idempotency_key)
            .form(&form);
        Box::pin(async move {
            let response = call.send().await.map_err(|e| PostError {
                reason: format!("Mastodon could not be reached ({})", short(e)),
                retryable: true,
            })?;
            let status = response.status();
            let body = response.bytes().await.map_err(|e| PostError {
                reason: format!("Mastodon's answer was cut off ({})", short(e)),
                retryable: true,
            })?;
            if status.is_success() {
                let s: Status = serde_json::from_slice(&body).map_err(|e| PostError {
                    reason: format!("Mastodon answered with a status tribune cannot read ({e})"),
                    retryable: false,
                })?;
                return Ok(Posted {
                    external_id: s.id,
                    url: s.url,
                    created_at: s.created_at.and_then(|t| t.parse().ok()),
                });
            }
            let detail = serde_json::from_slice::<ErrorBody>(&body)
                .map(|e| crate::text::sanitize(&e.error))
                .unwrap_or_else(|_| status.to_string());
            Err(match status.as_u16() {
                401 | 403 => PostError {
                    reason: format!("Mastodon refused the token: {detail}"),
                    retryable: false,
                },
                404 => PostError {
                    reason: "The message answered is gone from Mastodon".into(),
                    retryable: false,
                },
                422 => PostError {
                    reason: format!("Mastodon refused the reply: {detail}"),
                    retryable: false,
                },
                _ => PostError {
                    reason: format!("Mastodon answered {status}: {detail}"),
                    retryable: true,
                },
            })
        })
    }
}
