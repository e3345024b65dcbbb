//! Live arrival through Mastodon's streaming API (server-sent events on
//! `/api/v1/streaming/user`): mentions show up as they are written. Heartbeat and comment
//! lines (`:)`, `:thump`) are skipped; a dropped stream is reopened with backoff while the
//! regular polling goes on, so nothing is missed meanwhile.

use super::api::{Client, NetworkError, Notification};

/// Splits a byte stream into server-sent events: `(event, data)` pairs.
#[derive(Default)]
pub struct SseParser {
    pending: Vec<u8>,
    event: Option<String>,
    data: String,
}

impl SseParser {
    /// Feeds a chunk (which may end anywhere, even inside a character); returns the events it
    /// completed.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<(String, String)> {
        self.pending.extend_from_slice(chunk);
        let mut events = Vec::new();
        while let Some(nl) = self.pending.iter().position(|&b| b == b'\n') {
            let raw: Vec<u8> = self.pending.drain(..=nl).collect();
            let line = String::from_utf8_lossy(&raw[..raw.len() - 1]);
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                if !self.data.is_empty() {
                    let event = self.event.take().unwrap_or_else(|| "message".into());
                    events.push((event, std::mem::take(&mut self.data)));
                }
                self.event = None;
            } else if line.starts_with(':') {
                // A comment or heartbeat.
            } else if let Some(v) = line.strip_prefix("event:") {
                self.event = Some(v.trim().to_string());
            } else if let Some(v) = line.strip_prefix("data:") {
                if !self.data.is_empty() {
                    self.data.push('\n');
                }
                self.data.push_str(v.strip_prefix(' ').unwrap_or(v));
            }
        }
        events
    }
}

/// Follows the user stream until it ends or fails, handing each notification to `on`.
pub async fn follow(
    client: &Client,
    base: &str,
    mut on: impl FnMut(Notification),
) -> Result<(), NetworkError> {
    let mut response = client.open_stream(base, "/api/v1/streaming/user").await?;
    let mut parser = SseParser::default();
    while let Some(chunk) = response.chunk().await.map_err(|e| {
        NetworkError::Temporary(format!("the live stream broke ({})", e.without_url()))
    })? {
        for (event, data) in parser.push(&chunk) {
            if event != "notification" {
                continue;
            }
            match serde_json::from_str::<Notification>(&data) {
                Ok(n) => on(n),
                Err(e) => {
                    tracing::warn!(error = %e, "a streamed notification could not be read; skipped")
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_split_anywhere_heartbeats_skipped() {
        let stream = ":)\nevent: update\ndata: {\"id\":\"1\"}\n\n:thump\nevent: notification\ndata: {\"id\":\"2\",\"type\":\"mention\"}\n\nevent: delete\ndata: 117024236332527350\n\n";
        let mut p = SseParser::default();
        let mut all = Vec::new();
        // Fed in small pieces, as a network delivers it.
        for piece in stream.as_bytes().chunks(7) {
            all.extend(p.push(piece));
        }
        assert_eq!(
            all,
            [
                ("update".to_string(), "{\"id\":\"1\"}".to_string()),
                (
                    "notification".to_string(),
                    "{\"id\":\"2\",\"type\":\"mention\"}".to_string()
                ),
                ("delete".to_string(), "117024236332527350".to_string()),
            ]
        );
    }

    #[test]
    fn a_character_cut_between_chunks_survives() {
        let mut p = SseParser::default();
        let text = "event: notification\ndata: merci 🙏\n\n".as_bytes();
        let cut = text.iter().position(|&b| b == 0xF0).unwrap() + 2;
        assert!(p.push(&text[..cut]).is_empty());
        assert_eq!(p.push(&text[cut..])[0].1, "merci 🙏");
    }
}
