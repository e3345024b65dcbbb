//! Replying on Bluesky: `createRecord` of an `app.bsky.feed.post` whose `reply` names the post
//! answered (parent) and the top of its thread (root) by strong reference, with facets for
//! mentions, links and tags, and the language of the reply.
//!
//! Bluesky keeps no idempotency key, so the thread is read before each post: the parent's
//! current `cid`, its root, and whether a reply of ours with the same text is already there
//! (a crash between the post and its acknowledgement); if so, that post is the answer and
//! nothing is sent again.

use super::api::{self, Client, NetworkError, StrongRef, Thread};
use super::facets::{self, Feature};
use crate::connectors::post::{PostError, PostFuture, PostRequest, Posted, Poster};
use serde_json::{Value, json};
use unicode_segmentation::UnicodeSegmentation;

/// The lexicon's limit on a post's text.
const MAX_GRAPHEMES: usize = 300;

pub struct BlueskyPoster {
    client: Client,
}

impl BlueskyPoster {
    pub fn new(client: Client) -> BlueskyPoster {
        BlueskyPoster { client }
    }
}

impl Poster for BlueskyPoster {
    fn post(&self, request: PostRequest) -> PostFuture {
        let client = self.client.clone();
        Box::pin(async move { reply(&client, &request).await })
    }
}

async fn reply(client: &Client, request: &PostRequest) -> Result<Posted, PostError> {
    let text = request.text.trim();
    if text.graphemes(true).count() > MAX_GRAPHEMES {
        return Err(PostError {
            reason: format!("Bluesky takes at most {MAX_GRAPHEMES} characters a post"),
            retryable: false,
        });
    }
    let me = client.session().await.map_err(refusal)?;
    let thread = client
        .thread(&request.in_reply_to, 1, 0)
        .await
        .map_err(refusal)?;
    let Some(parent) = &thread.post else {
        return Err(PostError {
            reason: "The message answered is gone from Bluesky".into(),
            retryable: false,
        });
    };
    if let Some(earlier) = already_posted(&thread, &me.did, text) {
        tracing::info!("the reply was already on Bluesky: not posted again");
        return Ok(earlier);
    }
    let parent_ref = StrongRef {
        uri: parent.uri.clone(),
        cid: parent.cid.clone(),
    };
    let root = api::PostRecord::from_value(&parent.record)
        .reply
        .map(|r| r.root)
        .unwrap_or_else(|| parent_ref.clone());
    let facets = resolve_facets(client, text, &parent.author).await;
    let lang = reply_language(text, &parent.record);
    let now = jiff::Timestamp::now();
    let mut record = json!({
        "$type": "app.bsky.feed.post",
        "text": text,
        "createdAt": now.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "langs": [lang],
        "reply": {"root": root, "parent": parent_ref},
    });
    if !facets.is_empty() {
        record["facets"] = Value::Array(facets);
    }
    let created = client
        .create_post(&me.did, &record)
        .await
        .map_err(refusal)?;
    Ok(Posted {
        url: api::web_url(&created.uri, &me.handle),
        external_id: created.uri,
        created_at: Some(now),
    })
}

/// Our reply with this text, if it is already under the post.
fn already_posted(thread: &Thread, did: &str, text: &str) -> Option<Posted> {
    thread
        .replies
        .iter()
        .find(|r| r.author.did == did && api::PostRecord::from_value(&r.record).text == text)
        .map(|r| Posted {
            external_id: r.uri.clone(),
            url: api::web_url(&r.uri, &r.author.handle),
            created_at: api::PostRecord::from_value(&r.record)
                .created_at
                .and_then(|t| t.parse().ok()),
        })
}

/// The facets of the reply; the person answered is named by the DID already known, other
/// handles are resolved, and one that does not resolve stays plain text.
async fn resolve_facets(client: &Client, text: &str, answered: &api::Profile) -> Vec<Value> {
    let mut out = Vec::new();
    for span in facets::detect(text) {
        let feature = match span.feature {
            Feature::Mention(handle) => {
                let did = if handle.eq_ignore_ascii_case(&answered.handle) {
                    Some(answered.did.clone())
                } else {
                    client.resolve_handle(&handle).await.ok()
                };
                let Some(did) = did else { continue };
                json!({"$type": "app.bsky.richtext.facet#mention", "did": did})
            }
            Feature::Link(uri) => json!({"$type": "app.bsky.richtext.facet#link", "uri": uri}),
            Feature::Tag(tag) => json!({"$type": "app.bsky.richtext.facet#tag", "tag": tag}),
        };
        out.push(json!({
            "index": {"byteStart": span.byte_start, "byteEnd": span.byte_end},
            "features": [feature],
        }));
    }
    out
}

/// The reply's language as read from its words; when they do not tell, the language of the
/// post answered, else English.
fn reply_language(text: &str, parent_record: &Value) -> String {
    match crate::sentiment::lang::detect(text) {
        crate::sentiment::lang::Lang::Unknown => api::PostRecord::from_value(parent_record)
            .langs
            .into_iter()
            .next()
            .unwrap_or_else(|| "en".into()),
        lang => lang.as_str().to_string(),
    }
}

fn refusal(e: NetworkError) -> PostError {
    let retryable = matches!(
        e,
        NetworkError::RateLimited { .. } | NetworkError::Temporary(_)
    );
    let reason = match &e {
        NetworkError::Unauthorized(d) => format!("Bluesky refused the app password: {d}"),
        NetworkError::Refused(d) if d.contains("NotFound") => {
            "The message answered is gone from Bluesky".into()
        }
        e => format!(
            "Bluesky: {}",
            e.sentence(&super::api::fix("the app password variable"))
        ),
    };
    PostError { reason, retryable }
}
