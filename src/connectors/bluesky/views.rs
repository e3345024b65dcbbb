//! What Bluesky's AppView answers with, as tribune reads it: profiles, post records and views,
//! notifications and threads. Counts are optional and unknown values kept, so an older or
//! newer server's answer still reads.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub did: String,
    pub handle: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub followers_count: Option<u64>,
}

/// A strong reference: the record's address and the hash of the version meant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrongRef {
    pub uri: String,
    pub cid: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ReplyRef {
    pub root: StrongRef,
    pub parent: StrongRef,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LinkFacet {
    pub index: ByteSlice,
    #[serde(default)]
    pub features: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ByteSlice {
    pub byte_start: usize,
    pub byte_end: usize,
}

/// An `app.bsky.feed.post` record, with what tribune reads of it.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PostRecord {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub reply: Option<ReplyRef>,
    #[serde(default)]
    pub langs: Vec<String>,
    #[serde(default)]
    pub facets: Vec<LinkFacet>,
}

impl PostRecord {
    /// A record as found in a view; one tribune cannot read counts as an empty post.
    pub fn from_value(record: &Value) -> PostRecord {
        serde_json::from_value(record.clone()).unwrap_or_default()
    }

    /// The text as people read it, with the links the app shortens written out whole.
    pub fn display_text(&self) -> String {
        let mut links: Vec<(usize, usize, &str)> = self
            .facets
            .iter()
            .filter_map(|f| {
                let link = f.features.iter().find_map(|feature| {
                    (feature.get("$type")?.as_str()? == "app.bsky.richtext.facet#link")
                        .then(|| feature.get("uri")?.as_str())
                        .flatten()
                })?;
                Some((f.index.byte_start, f.index.byte_end, link))
            })
            .collect();
        links.sort_by_key(|l| l.0);
        let mut out = String::with_capacity(self.text.len());
        let mut at = 0;
        for (start, end, uri) in links {
            // Offsets from the network are checked, never trusted.
            if start < at || end > self.text.len() || start >= end {
                continue;
            }
            let (Some(before), Some(_)) = (self.text.get(at..start), self.text.get(start..end))
            else {
                continue;
            };
            out.push_str(before);
            out.push_str(uri);
            at = end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// `app.bsky.feed.defs#postView`; counts are optional (older views lack `quoteCount`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostView {
    pub uri: String,
    pub cid: String,
    pub author: Profile,
    #[serde(default)]
    pub record: Value,
    #[serde(default)]
    pub reply_count: Option<u64>,
    #[serde(default)]
    pub repost_count: Option<u64>,
    #[serde(default)]
    pub like_count: Option<u64>,
    #[serde(default)]
    pub quote_count: Option<u64>,
    #[serde(default)]
    pub indexed_at: Option<String>,
}

impl PostView {
    /// Everything people did with it: likes, reposts, replies and quotes.
    pub fn engagement(&self) -> u64 {
        [
            self.like_count,
            self.repost_count,
            self.reply_count,
            self.quote_count,
        ]
        .iter()
        .map(|c| c.unwrap_or(0))
        .sum()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub uri: String,
    pub cid: String,
    pub author: Profile,
    /// An open set: reasons tribune does not read are kept as text and skipped.
    pub reason: String,
    #[serde(default)]
    pub record: Value,
    pub indexed_at: String,
}

pub struct NotificationPage {
    pub items: Vec<Notification>,
    pub cursor: Option<String>,
}

/// A thread as `getPostThread` gives it: the post, what it answers, the replies under it.
#[derive(Debug, Clone, Default)]
pub struct Thread {
    pub post: Option<PostView>,
    pub parents: Vec<PostView>,
    pub replies: Vec<PostView>,
}

impl Thread {
    /// Reads the `thread` union; posts not found or blocked are left out.
    pub fn from_value(thread: &Value) -> Thread {
        let mut out = Thread {
            post: view_of(thread),
            ..Thread::default()
        };
        let mut parent = thread.get("parent");
        while let Some(p) = parent {
            out.parents.extend(view_of(p));
            parent = p.get("parent");
        }
        let mut pending: Vec<&Value> = replies_of(thread);
        while let Some(reply) = pending.pop() {
            out.replies.extend(view_of(reply));
            pending.extend(replies_of(reply));
        }
        out
    }
}

fn view_of(node: &Value) -> Option<PostView> {
    if node.get("$type")?.as_str()? != "app.bsky.feed.defs#threadViewPost" {
        return None;
    }
    match serde_json::from_value(node.get("post")?.clone()) {
        Ok(view) => Some(view),
        Err(e) => {
            tracing::warn!(error = %e, "skipped a thread post tribune cannot read");
            None
        }
    }
}

fn replies_of(node: &Value) -> Vec<&Value> {
    node.get("replies")
        .and_then(Value::as_array)
        .map(|r| r.iter().collect())
        .unwrap_or_default()
}

/// The web address of a post: `at://did/app.bsky.feed.post/rkey` → bsky.app.
pub fn web_url(uri: &str, handle: &str) -> Option<String> {
    let rest = uri.strip_prefix("at://")?;
    let mut parts = rest.split('/');
    let (_, collection, rkey) = (parts.next()?, parts.next()?, parts.next()?);
    (collection == "app.bsky.feed.post" && parts.next().is_none())
        .then(|| format!("https://bsky.app/profile/{handle}/post/{rkey}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_links_are_written_out_from_their_facets() {
        let record: PostRecord = serde_json::from_value(serde_json::json!({
            "text": "voir 🎉 example.org/a… merci",
            "facets": [{"index": {"byteStart": 10, "byteEnd": 26},
                        "features": [{"$type": "app.bsky.richtext.facet#link",
                                      "uri": "https://example.org/a/long/path"}]}]
        }))
        .unwrap();
        assert_eq!(
            record.display_text(),
            "voir 🎉 https://example.org/a/long/path merci"
        );
        // Offsets that cut a character are ignored rather than trusted.
        let broken: PostRecord = serde_json::from_value(serde_json::json!({
            "text": "🎉 x",
            "facets": [{"index": {"byteStart": 1, "byteEnd": 3},
                        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "u"}]}]
        }))
        .unwrap();
        assert_eq!(broken.display_text(), "🎉 x");
    }

    #[test]
    fn post_addresses_become_web_links() {
        assert_eq!(
            web_url(
                "at://did:plc:kvwvcn5iqfooopmyzvb4qzba/app.bsky.feed.post/3kaheyt6vpc22",
                "test.marshal.dev"
            )
            .as_deref(),
            Some("https://bsky.app/profile/test.marshal.dev/post/3kaheyt6vpc22")
        );
        assert_eq!(web_url("record(0)", "a"), None);
    }
}
