//! The Graph API over HTTP: the token goes in the `Authorization` header (never in a URL,
//! which logs and paging links would keep), every answer's usage headers are read, and an
//! error answer becomes what to do (`graph::GraphError::classify`).

use super::graph::{GraphError, Usage, parse_error};
use crate::connectors::http::{ClientError, NetworkError, http_client, short};
use serde::de::DeserializeOwned;

/// The Graph API version tribune speaks (pinned: fields and metrics change between versions).
pub const GRAPH_VERSION: &str = "v24.0";
/// Where the Graph API lives when the account names no `base_url`.
pub const GRAPH_HOST: &str = "https://graph.facebook.com";

#[derive(Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    /// `https://graph.facebook.com/v24.0`, or a test server's address and version.
    base: String,
    token: String,
}

impl GraphClient {
    pub fn new(host: &str, token: String) -> Result<GraphClient, ClientError> {
        Ok(GraphClient {
            http: http_client()?,
            base: format!("{}/{GRAPH_VERSION}", host.trim_end_matches('/')),
            token,
        })
    }

    /// `GET /{path}?{query}`, read as `T`, with what the answer said of the budget.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<(T, Option<Usage>), NetworkError> {
        let call = self
            .http
            .get(format!("{}/{path}", self.base))
            .bearer_auth(&self.token)
            .query(query);
        self.read(call).await
    }

    /// `POST /{path}` with a form, read as `T`.
    pub async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> Result<(T, Option<Usage>), NetworkError> {
        let call = self
            .http
            .post(format!("{}/{path}", self.base))
            .bearer_auth(&self.token)
            .form(form);
        self.read(call).await
    }

    /// `POST /{path}` with a JSON body (the Send API), read as `T`.
    pub async fn post_json<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &serde_json::Value,
    ) -> Result<(T, Option<Usage>), NetworkError> {
        let call = self
            .http
            .post(format!("{}/{path}", self.base))
            .bearer_auth(&self.token)
            .json(body);
        self.read(call).await
    }

    async fn read<T: DeserializeOwned>(
        &self,
        call: reqwest::RequestBuilder,
    ) -> Result<(T, Option<Usage>), NetworkError> {
        let response = call
            .send()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        let status = response.status();
        let usage = Usage::from_headers(response.headers());
        let body = response
            .text()
            .await
            .map_err(|e| NetworkError::Temporary(short(e)))?;
        if let Some(error) = parse_error(&body) {
            return Err(error.classify(usage.as_ref(), jiff::Timestamp::now()));
        }
        if status.as_u16() == 429 {
            return Err(NetworkError::RateLimited { until: None });
        }
        if status.is_server_error() {
            return Err(NetworkError::Temporary(format!("Meta answered {status}")));
        }
        if !status.is_success() {
            return Err(GraphError {
                message: format!("HTTP {status}"),
                code: i64::from(status.as_u16()),
                ..Default::default()
            }
            .classify(usage.as_ref(), jiff::Timestamp::now()));
        }
        let value = serde_json::from_str(&body).map_err(|e| {
            NetworkError::Refused(format!(
                "Meta answered with something tribune cannot read ({e})"
            ))
        })?;
        Ok((value, usage))
    }
}
