//! Recorded Mastodon traffic (VCR cassettes from Mastodon.py, under ../shared/fixtures):
//! the recorded responses, bodies and headers, to replay from a local server.

use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
pub struct Cassette {
    pub interactions: Vec<Interaction>,
}

#[derive(Debug, Deserialize)]
pub struct Interaction {
    pub request: Recorded,
    pub response: RecordedResponse,
}

#[derive(Debug, Deserialize)]
pub struct Recorded {
    pub method: String,
    pub uri: String,
}

#[derive(Debug, Deserialize)]
pub struct RecordedResponse {
    pub status: Status,
    pub headers: std::collections::BTreeMap<String, Vec<String>>,
    pub body: Body,
}

#[derive(Debug, Deserialize)]
pub struct Status {
    pub code: u16,
}

#[derive(Debug, Deserialize)]
pub struct Body {
    pub string: Option<String>,
}

pub fn fixtures() -> Option<PathBuf> {
    super::fixtures_dir("mastodon")
}

pub fn load(dir: &std::path::Path, name: &str) -> Cassette {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    serde_norway::from_str(&text).unwrap()
}

impl Cassette {
    /// The recorded answer to `method` on a URI ending with `path_and_query`.
    pub fn find(&self, method: &str, path_and_query: &str) -> &RecordedResponse {
        &self
            .interactions
            .iter()
            .find(|i| i.request.method == method && i.request.uri.ends_with(path_and_query))
            .unwrap_or_else(|| panic!("no recorded {method} {path_and_query}"))
            .response
    }
}

impl RecordedResponse {
    /// As the local server answers it: the recorded host replaced by ours.
    pub fn replay(&self, base_url: &str) -> super::http::Response {
        let swap = |s: &str| s.replace("http://localhost:3000", base_url);
        super::http::Response {
            status: self.status.code,
            headers: self
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), swap(&v.join(" "))))
                .collect(),
            body: swap(self.body.string.as_deref().unwrap_or("")),
        }
    }
}
