//! The Bluesky connector against a local PDS answering with the AppView's real output (the
//! snapshots) and recorded bsky.social answers: one login kept and refreshed, notifications
//! paged through `cursor`, replies with strong refs, facets and langs, posted once, errors
//! sorted into what to do, and the app password nowhere but in the login request.

use crate::support::bluesky::{fixtures, recorded, snapshot};
use crate::support::http::{Request, Response, Server, query_values};
use crate::support::{Tmux, block_on, tmux_available, walk};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use tribune::connectors::bluesky::api::{Client, NetworkError};
use tribune::connectors::bluesky::{BlueskyConnector, BlueskyPoster};
use tribune::connectors::post::{PostRequest, Poster};
use tribune::connectors::{Connector, ConnectorContext, ConnectorEvent};
use tribune::model::{Channel, Direction, Kind};

const PASSWORD: &str = "abcd-efgh-ijkl-mnop";
const BRAND: &str = "alice.test";
const BRAND_DID: &str = "did:plc:p0";

/// What the local PDS knows and has been asked.
#[derive(Default)]
struct Pds {
    access: String,
    refresh: String,
    logins: usize,
    refreshes: usize,
    /// The next authenticated call finds its access token expired.
    expire_next: bool,
    /// Bodies of `createRecord` calls, in order.
    created: Vec<Value>,
    /// Replies written, as post views, shown under their parent's thread.
    replies: Vec<(String, Value)>,
}

struct World {
    server: Server,
    pds: Arc<Mutex<Pds>>,
    /// Notifications of the first page and of the second, as the AppView gave them.
    page1: Vec<Value>,
    page2: Vec<Value>,
}

fn json_response(status: u16, body: Value) -> Response {
    Response {
        status,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("ratelimit-limit".into(), "3000".into()),
            ("ratelimit-remaining".into(), "2990".into()),
            ("ratelimit-reset".into(), "1798000000".into()),
            ("ratelimit-policy".into(), "3000;w=300".into()),
        ],
        body: body.to_string(),
    }
}

fn error(status: u16, name: &str, message: &str) -> Response {
    json_response(status, json!({"error": name, "message": message}))
}

/// A thread view built from a post view, with the replies written under it.
fn thread_of(post: &Value, replies: Vec<Value>) -> Value {
    json!({"thread": {
        "$type": "app.bsky.feed.defs#threadViewPost",
        "post": post,
        "replies": replies.into_iter().map(|r| json!({
            "$type": "app.bsky.feed.defs#threadViewPost", "post": r, "replies": []
        })).collect::<Vec<_>>(),
    }})
}

/// A notification as the post view its thread shows.
fn post_view(n: &Value) -> Value {
    json!({
        "uri": n["uri"], "cid": n["cid"], "author": n["author"], "record": n["record"],
        "indexedAt": n["indexedAt"], "replyCount": 0, "repostCount": 0, "likeCount": 0,
        "quoteCount": 0,
    })
}

fn world(dir: &std::path::Path) -> World {
    let multiple = snapshot(
        dir,
        "notifications.test.ts.snap",
        "notification views > filters notifications by multiple reasons 1",
        "n",
    );
    let page1 = multiple["notifications"].as_array().unwrap().clone();
    let quotes = snapshot(
        dir,
        "notifications.test.ts.snap",
        "notification views > generates notifications for quotes 1",
        "q",
    );
    let page2 = quotes.as_array().unwrap().clone();
    let profile = snapshot(
        dir,
        "profile.test.ts.snap",
        "pds profile views > fetches own profile 1",
        "p",
    );
    let posts = snapshot(
        dir,
        "posts.test.ts.snap",
        "pds posts views > fetches posts 1",
        "o",
    );
    let resolved = recorded(dir, "resolve_handle.json");
    let recorded_thread = recorded(dir, "thread_view_post_with_embed_media.json");
    let pds: Arc<Mutex<Pds>> = Arc::new(Mutex::new(Pds {
        access: "access-0".into(),
        refresh: "refresh-0".into(),
        ..Pds::default()
    }));
    let handler = {
        let (pds, page1, page2) = (pds.clone(), page1.clone(), page2.clone());
        move |r: &Request| {
            let mut pds = pds.lock().unwrap();
            let nsid = r.target.split('?').next().unwrap_or("");
            let nsid = nsid.trim_start_matches("/xrpc/");
            let bearer = r
                .headers
                .get("authorization")
                .and_then(|a| a.strip_prefix("Bearer "))
                .unwrap_or("")
                .to_string();
            match nsid {
                "com.atproto.server.createSession" => {
                    let body: Value = serde_json::from_str(&r.body).unwrap_or_default();
                    if body["identifier"] != BRAND || body["password"] != PASSWORD {
                        return error(
                            401,
                            "AuthenticationRequired",
                            "Invalid identifier or password",
                        );
                    }
                    pds.logins += 1;
                    return session(&mut pds);
                }
                "com.atproto.server.refreshSession" => {
                    if bearer != pds.refresh {
                        return error(400, "ExpiredToken", "Token has expired");
                    }
                    pds.refreshes += 1;
                    return session(&mut pds);
                }
                _ => {}
            }
            if pds.expire_next {
                pds.expire_next = false;
                pds.access = format!("{}-expired", pds.access);
            }
            if bearer != pds.access {
                return error(400, "ExpiredToken", "Token has expired");
            }
            match nsid {
                "app.bsky.notification.listNotifications" => {
                    match query_values(&r.target, "cursor")
                        .first()
                        .map(String::as_str)
                    {
                        None => {
                            json_response(200, json!({"notifications": page1, "cursor": "page2"}))
                        }
                        Some("page2") => json_response(200, json!({"notifications": page2})),
                        Some(_) => json_response(200, json!({"notifications": []})),
                    }
                }
                "app.bsky.actor.getProfile" => json_response(200, profile.clone()),
                "app.bsky.feed.getAuthorFeed" => json_response(
                    200,
                    json!({"feed": posts.as_array().unwrap().iter()
                        .map(|p| json!({"post": p})).collect::<Vec<_>>()}),
                ),
                "com.atproto.identity.resolveHandle" => json_response(200, resolved.clone()),
                "app.bsky.feed.getPostThread" => {
                    let uri = query_values(&r.target, "uri").remove(0);
                    let replies: Vec<Value> = pds
                        .replies
                        .iter()
                        .filter(|(parent, _)| *parent == uri)
                        .map(|(_, v)| v.clone())
                        .collect();
                    if uri == recorded_thread["thread"]["post"]["uri"] {
                        return json_response(
                            200,
                            thread_of(&recorded_thread["thread"]["post"], replies),
                        );
                    }
                    match page1
                        .iter()
                        .chain(&page2)
                        .find(|n| n["uri"] == uri.as_str())
                    {
                        Some(n) => json_response(200, thread_of(&post_view(n), replies)),
                        None => error(400, "NotFound", &format!("Post not found: {uri}")),
                    }
                }
                "com.atproto.repo.createRecord" => {
                    let body: Value = serde_json::from_str(&r.body).unwrap();
                    pds.created.push(body.clone());
                    let n = pds.created.len();
                    let uri = format!("at://{BRAND_DID}/app.bsky.feed.post/3lreply{n}");
                    let parent = body["record"]["reply"]["parent"]["uri"]
                        .as_str()
                        .unwrap_or("")
                        .to_string();
                    let view = json!({
                        "uri": uri, "cid": format!("bafyreply{n}"),
                        "author": {"did": BRAND_DID, "handle": BRAND},
                        "record": body["record"], "indexedAt": "2026-11-26T10:00:00.000Z",
                    });
                    pds.replies.push((parent, view));
                    json_response(
                        200,
                        json!({"uri": uri, "cid": format!("bafyreply{n}"), "validationStatus": "valid"}),
                    )
                }
                _ => error(501, "MethodNotImplemented", "Method Not Implemented"),
            }
        }
    };
    World {
        server: Server::start(Arc::new(handler)),
        pds,
        page1,
        page2,
    }
}

/// A new session: fresh tokens, the shape `createSession` and `refreshSession` answer with.
fn session(pds: &mut Pds) -> Response {
    pds.access = format!("access-{}-{}", pds.logins, pds.refreshes);
    pds.refresh = format!("refresh-{}-{}", pds.logins, pds.refreshes);
    json_response(
        200,
        json!({"accessJwt": pds.access, "refreshJwt": pds.refresh, "handle": BRAND,
               "did": BRAND_DID, "active": true}),
    )
}

#[test]
fn one_login_is_kept_in_the_store_and_refreshed_when_it_expires() {
    let Some(dir) = fixtures() else { return };
    let world = world(&dir);
    let data = tempfile::tempdir().unwrap();
    let store = tribune::store::Store::open(data.path()).unwrap();
    let client = |cache| Client::new(&world.server.base_url(), BRAND, PASSWORD.into(), cache);

    let first = client(Some(store.sessions().unwrap())).unwrap();
    block_on(async {
        first.profile(BRAND_DID).await.unwrap();
        first.profile(BRAND_DID).await.unwrap();
    });
    assert_eq!(
        world.pds.lock().unwrap().logins,
        1,
        "one login, not one per call"
    );

    // The access token expires: refreshed once, the call made again and answered.
    world.pds.lock().unwrap().expire_next = true;
    let profile = block_on(first.profile(BRAND_DID)).unwrap();
    assert_eq!(profile.followers_count, Some(2));
    {
        let pds = world.pds.lock().unwrap();
        assert_eq!((pds.logins, pds.refreshes), (1, 1));
    }
    assert_eq!(
        first.rate_limit().and_then(|r| r.describe()).as_deref(),
        Some("2990/3000 requests left")
    );

    // A restart reuses the refreshed session kept in the store: no new login.
    let second = client(Some(store.sessions().unwrap())).unwrap();
    block_on(second.profile(BRAND_DID)).unwrap();
    assert_eq!(world.pds.lock().unwrap().logins, 1);

    // Both tokens gone stale (revoked on the server): a new login, once.
    {
        let mut pds = world.pds.lock().unwrap();
        pds.access = "revoked".into();
        pds.refresh = "revoked".into();
    }
    block_on(second.profile(BRAND_DID)).unwrap();
    assert_eq!(world.pds.lock().unwrap().logins, 2);

    // The app password was never written to the store.
    drop(store);
    assert_no_secret(data.path(), PASSWORD);
}

#[test]
fn notifications_are_paged_through_cursor_and_become_inbox_messages() {
    let Some(dir) = fixtures() else { return };
    let world = world(&dir);
    let client = Client::new(&world.server.base_url(), BRAND, PASSWORD.into(), None).unwrap();
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let (_requests, requests_rx) = tokio::sync::mpsc::unbounded_channel();
    let connector = Box::new(BlueskyConnector {
        account: "brand".into(),
        client,
        password_env: "TRIBUNE_BLUESKY_PASSWORD".into(),
        poll_interval: jiff::SignedDuration::from_secs(3600),
    });
    assert_eq!(connector.name(), "bluesky:brand");
    let (batch, health) = block_on(async {
        tokio::spawn(connector.run(ConnectorContext {
            cursor: None,
            events,
            requests: requests_rx,
            clock: Arc::new(tribune::clock::SystemClock),
        }));
        let mut batch = None;
        while let Some(event) = received.recv().await {
            match event {
                ConnectorEvent::Batch(b) => batch = Some(b),
                ConnectorEvent::Health { ok, detail, .. } => return (batch.unwrap(), (ok, detail)),
            }
        }
        unreachable!("the connector stopped")
    });
    assert!(health.0, "{}", health.1);
    assert!(
        health.1.contains("@alice.test · synced") && health.1.contains("2990/3000 requests left"),
        "{}",
        health.1
    );

    // Both pages were read, asking for mentions, replies and quotes only.
    let requests = world.server.requests.lock().unwrap().clone();
    let listed: Vec<&Request> = requests
        .iter()
        .filter(|r| r.target.contains("listNotifications"))
        .collect();
    assert_eq!(listed.len(), 2);
    assert_eq!(
        query_values(&listed[0].target, "reasons"),
        ["mention", "reply", "quote"]
    );
    assert_eq!(query_values(&listed[1].target, "cursor"), ["page2"]);

    // Every mention, reply and quote of both pages, and nothing else.
    let wanted: Vec<&Value> = world
        .page1
        .iter()
        .chain(&world.page2)
        .filter(|n| ["mention", "reply", "quote"].contains(&n["reason"].as_str().unwrap()))
        .collect();
    assert!(wanted.len() >= 4);
    assert_eq!(batch.messages.len(), wanted.len());
    for (m, n) in batch.messages.iter().zip(&wanted) {
        assert_eq!(m.channel, Channel::Bluesky);
        assert_eq!(m.direction, Direction::Inbound);
        assert_eq!(m.external_id, n["uri"].as_str().unwrap());
        assert_eq!(m.text, n["record"]["text"].as_str().unwrap());
        assert_eq!(
            m.author.handle,
            format!("@{}", n["author"]["handle"].as_str().unwrap())
        );
        assert_eq!(
            m.in_reply_to.as_deref(),
            n["record"]["reply"]["parent"]["uri"].as_str()
        );
        let kind = if n["reason"] == "reply" {
            Kind::Comment
        } else {
            Kind::Mention
        };
        assert_eq!(m.kind, kind);
    }
    assert_eq!(batch.messages[0].text, "indeed");
    assert_eq!(batch.messages[0].account, "@alice.test");
    // The cursor is the newest indexedAt; followers from getProfile; engagement summed.
    assert_eq!(batch.cursor.as_deref(), Some("1970-01-01T00:00:00Z"));
    let figure = |metric: &str| {
        batch
            .samples
            .iter()
            .find(|s| s.metric.as_str() == metric)
            .map(|s| s.value)
    };
    assert_eq!(figure("followers"), Some(2.0));
    let posts = snapshot(
        &dir,
        "posts.test.ts.snap",
        "pds posts views > fetches posts 1",
        "o",
    );
    let engagement: u64 = posts
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            ["likeCount", "repostCount", "replyCount", "quoteCount"]
                .iter()
                .map(|k| p[k].as_u64().unwrap_or(0))
                .sum::<u64>()
        })
        .sum();
    assert_eq!(figure("engagement"), Some(engagement as f64));
}

fn request(to: &str, text: &str, key: &str) -> PostRequest {
    PostRequest {
        channel: Channel::Bluesky,
        text: text.into(),
        in_reply_to: to.into(),
        idempotency_key: key.into(),
        mention: Some("@carol.test".into()),
        direct: false,
        private: false,
    }
}

#[test]
fn a_reply_names_its_root_and_parent_marks_its_facets_and_is_posted_once() {
    let Some(dir) = fixtures() else { return };
    let world = world(&dir);
    let client = Client::new(&world.server.base_url(), BRAND, PASSWORD.into(), None).unwrap();
    let poster = BlueskyPoster::new(client);

    // A reply to a real post (recorded from bsky.social) that answers nothing: root = parent.
    let thread = recorded(&dir, "thread_view_post_with_embed_media.json");
    let post = &thread["thread"]["post"];
    let text = "Merci @test.marshal.dev 🙏 voir https://nova.cafe/aide #SAV";
    let posted = block_on(poster.post(request(post["uri"].as_str().unwrap(), text, "k1"))).unwrap();
    assert_eq!(
        posted.external_id,
        format!("at://{BRAND_DID}/app.bsky.feed.post/3lreply1")
    );
    assert_eq!(
        posted.url.as_deref(),
        Some("https://bsky.app/profile/alice.test/post/3lreply1")
    );
    let created = world.pds.lock().unwrap().created[0].clone();
    assert_eq!(created["repo"], BRAND_DID);
    assert_eq!(created["collection"], "app.bsky.feed.post");
    let record = &created["record"];
    assert_eq!(record["$type"], "app.bsky.feed.post");
    assert_eq!(record["text"], text);
    assert_eq!(record["langs"], json!(["fr"]));
    let strong = json!({"uri": post["uri"], "cid": post["cid"]});
    assert_eq!(record["reply"]["parent"], strong);
    assert_eq!(record["reply"]["root"], strong);
    assert!(record["createdAt"].as_str().unwrap().ends_with('Z'));
    // Byte offsets: "Merci " is 6 bytes; 🙏 is 4 bytes, so the link starts at 34.
    assert_eq!(
        record["facets"],
        json!([
            {"index": {"byteStart": 6, "byteEnd": 23},
             "features": [{"$type": "app.bsky.richtext.facet#mention", "did": post["author"]["did"]}]},
            {"index": {"byteStart": 34, "byteEnd": 56},
             "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://nova.cafe/aide"}]},
            {"index": {"byteStart": 57, "byteEnd": 61},
             "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "SAV"}]},
        ])
    );
    assert_eq!(&text[34..56], "https://nova.cafe/aide");

    // A reply to a reply: the root stays the top of the thread. Another handle is resolved.
    let indeed = &world.page1[0];
    let text = "Thanks @bob.test, we are on it";
    block_on(poster.post(request(indeed["uri"].as_str().unwrap(), text, "k2"))).unwrap();
    let created = world.pds.lock().unwrap().created[1].clone();
    assert_eq!(
        created["record"]["reply"]["root"],
        indeed["record"]["reply"]["root"]
    );
    assert_eq!(
        created["record"]["reply"]["parent"],
        json!({"uri": indeed["uri"], "cid": indeed["cid"]})
    );
    assert_eq!(created["record"]["langs"], json!(["en"]));
    let resolved = recorded(&dir, "resolve_handle.json");
    assert_eq!(
        created["record"]["facets"][0]["features"][0]["did"],
        resolved["did"]
    );

    // The same reply again (its acknowledgement lost in a crash): found in the thread, not
    // posted twice.
    let again =
        block_on(poster.post(request(indeed["uri"].as_str().unwrap(), text, "k2"))).unwrap();
    assert_eq!(
        again.external_id,
        format!("at://{BRAND_DID}/app.bsky.feed.post/3lreply2")
    );
    assert_eq!(world.pds.lock().unwrap().created.len(), 2);

    // Too long for Bluesky (300 graphemes): refused before any request.
    let long = "é".repeat(301);
    let e =
        block_on(poster.post(request(indeed["uri"].as_str().unwrap(), &long, "k3"))).unwrap_err();
    assert!(!e.retryable && e.reason.contains("300"), "{e:?}");
    // A post that is gone: not retried.
    let e = block_on(poster.post(request(
        "at://did:plc:x/app.bsky.feed.post/gone",
        "hi",
        "k4",
    )))
    .unwrap_err();
    assert!(!e.retryable, "{e:?}");
    assert_eq!(e.reason, "The message answered is gone from Bluesky");
}

#[test]
fn errors_are_sorted_into_what_to_do() {
    let answers: Arc<Mutex<Vec<Response>>> = Arc::new(Mutex::new(Vec::new()));
    let server = Server::start(Arc::new({
        let answers = answers.clone();
        move |r: &Request| {
            if r.target.contains("createSession") {
                return json_response(
                    200,
                    json!({"accessJwt": "a", "refreshJwt": "r", "handle": BRAND, "did": BRAND_DID}),
                );
            }
            answers.lock().unwrap().remove(0)
        }
    }));
    let push = |r: Response| answers.lock().unwrap().push(r);
    let client = Client::new(&server.base_url(), BRAND, PASSWORD.into(), None).unwrap();

    // 401 on a call: the password, with what to do.
    push(error(
        401,
        "AuthenticationRequired",
        "Invalid identifier or password",
    ));
    let e = block_on(client.profile(BRAND)).unwrap_err();
    assert!(matches!(e, NetworkError::Unauthorized(_)), "{e:?}");
    let sentence = e.sentence(&tribune::connectors::bluesky::api::fix(
        "TRIBUNE_BLUESKY_PASSWORD",
    ));
    assert!(
        sentence.contains("token invalid or lacking scope"),
        "{sentence}"
    );
    assert!(sentence.contains("TRIBUNE_BLUESKY_PASSWORD") && !sentence.contains(PASSWORD));
    // 429: until the reset, an epoch in seconds.
    let mut limited = error(429, "RateLimitExceeded", "Rate Limit Exceeded");
    limited
        .headers
        .retain(|(k, _)| !k.starts_with("ratelimit-remaining"));
    limited
        .headers
        .push(("ratelimit-remaining".into(), "0".into()));
    push(limited);
    let e = block_on(client.profile(BRAND)).unwrap_err();
    assert_eq!(
        e,
        NetworkError::RateLimited {
            until: Some(jiff::Timestamp::from_second(1_798_000_000).unwrap())
        }
    );
    // 500 and a proxy's HTML 502: temporary.
    push(error(500, "InternalServerError", "Internal Server Error"));
    assert!(matches!(
        block_on(client.profile(BRAND)),
        Err(NetworkError::Temporary(_))
    ));
    push(Response {
        status: 502,
        headers: vec![("content-type".into(), "text/html".into())],
        body: "<html><body>Bad Gateway</body></html>".into(),
    });
    assert!(matches!(
        block_on(client.profile(BRAND)),
        Err(NetworkError::Temporary(_))
    ));
    // 404 and 400 InvalidRequest: refused, not retried.
    push(error(404, "NotFound", "Not Found"));
    assert!(matches!(
        block_on(client.profile(BRAND)),
        Err(NetworkError::Refused(_))
    ));
    push(error(400, "InvalidRequest", "Profile not found"));
    let e = block_on(client.profile(BRAND)).unwrap_err();
    assert_eq!(
        e,
        NetworkError::Refused("400: InvalidRequest: Profile not found".into())
    );
    // A body tribune cannot read: refused, no crash.
    push(json_response(200, json!({"handle": 7})));
    assert!(matches!(
        block_on(client.profile(BRAND)),
        Err(NetworkError::Refused(_))
    ));
    // Malformed notifications are skipped; an unknown reason is kept for the caller to skip.
    push(json_response(
        200,
        json!({"notifications": [
            {"uri": "at://x/app.bsky.feed.post/1"},
            {"uri": "at://x/app.bsky.feed.post/2", "cid": "c", "reason": "contact-match",
             "author": {"did": "did:plc:z", "handle": "z.test"}, "record": {},
             "indexedAt": "2026-11-26T10:00:00Z", "isRead": false}
        ]}),
    ));
    let page = block_on(client.notifications(None)).unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].reason, "contact-match");
    // A login refused: the password, never a retry loop of logins.
    let refusing = Server::start(Arc::new(|_r: &Request| {
        error(
            401,
            "AuthenticationRequired",
            "Invalid identifier or password",
        )
    }));
    let client = Client::new(&refusing.base_url(), BRAND, "wrong".into(), None).unwrap();
    assert!(matches!(
        block_on(client.profile(BRAND)),
        Err(NetworkError::Unauthorized(_))
    ));
    assert_eq!(refusing.requests.lock().unwrap().len(), 1);
    // Nothing listening: temporary.
    let gone = Client::new("http://127.0.0.1:9", BRAND, PASSWORD.into(), None).unwrap();
    assert!(matches!(
        block_on(gone.profile(BRAND)),
        Err(NetworkError::Temporary(_))
    ));
}

#[test]
fn a_mention_arrives_in_the_console_and_the_reply_reaches_bluesky_once() {
    let Some(dir) = fixtures() else { return };
    if !tmux_available() {
        return;
    }
    let world = world(&dir);
    let home = tempfile::tempdir().unwrap();
    let config = account_config(
        home.path(),
        &world,
        "poll_interval = \"2s\"\n\n[outbox]\nundo_window = \"0s\"\n",
    );
    let data = home.path().join("data");
    let command = format!(
        "TRIBUNE_TEST_BLUESKY_PASSWORD={PASSWORD} {} --data-dir {} --config {}; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        env!("CARGO_BIN_EXE_tribune"),
        data.display(),
        config.display()
    );
    let tmux = Tmux::start("bluesky", &command);
    // The replies and mentions of both pages, one of them Bob's with its label words.
    tmux.wait_for("hear that label_me");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Merci Carol 🙏");
    tmux.send_reply();
    tmux.wait_for("(brand · ");
    // `tribune doctor` while the console holds the store: no second login, the console's word.
    let doctor = doctor(&data, &config);
    let said = String::from_utf8_lossy(&doctor.stdout);
    assert!(doctor.status.success(), "{said}");
    assert!(said.contains("✓ bluesky:brand"), "{said}");
    assert!(
        said.contains("(the running tribune) @alice.test · synced"),
        "{said}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let pds = world.pds.lock().unwrap();
    assert_eq!(pds.created.len(), 1, "exactly one post");
    assert_eq!(pds.logins, 1);
    // The reply answers the message opened (the top row): its parent is that post, its root
    // the top of that post's thread.
    let record = &pds.created[0]["record"];
    assert_eq!(record["text"], "Merci Carol 🙏");
    let answered = world
        .page1
        .iter()
        .chain(&world.page2)
        .find(|n| n["uri"] == record["reply"]["parent"]["uri"])
        .expect("the parent is a notification's post");
    assert_eq!(record["reply"]["parent"]["cid"], answered["cid"]);
    let root = match answered["record"]["reply"]["root"].clone() {
        Value::Null => json!({"uri": answered["uri"], "cid": answered["cid"]}),
        root => root,
    };
    assert_eq!(record["reply"]["root"], root);
    drop(pds);
    let store = tribune::store::Store::open(&data.join("store")).unwrap();
    let messages = store.all_messages().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| !m.is_inbound() && m.external_id.ends_with("/3lreply1")),
        "{messages:#?}"
    );
    drop(store);
    assert_no_secret(&data, PASSWORD);
    assert_no_secret(home.path(), PASSWORD);
}

/// No file under `dir` holds `secret`, except the config naming where it is (it does not
/// hold it either).
fn assert_no_secret(dir: &std::path::Path, secret: &str) {
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the secret was written to {}",
            entry.display()
        );
    }
}

/// A notification as the AppView lists it: dated by the earlier of `createdAt` and indexing.
fn mention(uri_key: &str, at: &str, text: &str) -> Value {
    json!({
        "uri": format!("at://did:plc:fan/app.bsky.feed.post/{uri_key}"),
        "cid": format!("bafy{uri_key}"),
        "author": {"did": "did:plc:fan", "handle": "fan.test", "displayName": "Fan"},
        "reason": "mention",
        "record": {"$type": "app.bsky.feed.post", "text": text, "createdAt": at},
        "isRead": false,
        "indexedAt": at,
    })
}

#[test]
fn a_late_and_a_redelivered_notification_land_once_and_a_reply_made_elsewhere_answers() {
    let newest = mention(
        "3new",
        "2026-11-20T10:05:00.000Z",
        "@alice.test still waiting",
    );
    let first = mention("3first", "2026-11-20T10:00:00.000Z", "@alice.test hello");
    // Written on a phone whose clock is two minutes behind: listed behind the first one read.
    let late = mention(
        "3late",
        "2026-11-20T09:58:00.000Z",
        "@alice.test my order is late",
    );
    let polls = Arc::new(Mutex::new(0usize));
    let handler = {
        let (polls, newest, first, late) =
            (polls.clone(), newest.clone(), first.clone(), late.clone());
        move |r: &Request| {
            let nsid = r
                .target
                .split('?')
                .next()
                .unwrap_or("")
                .trim_start_matches("/xrpc/");
            match nsid {
                "com.atproto.server.createSession" => json_response(
                    200,
                    json!({"accessJwt": "a", "refreshJwt": "r", "handle": BRAND, "did": BRAND_DID}),
                ),
                "app.bsky.actor.getProfile" => json_response(
                    200,
                    json!({"did": BRAND_DID, "handle": BRAND, "followersCount": 7}),
                ),
                "app.bsky.notification.listNotifications" => {
                    let mut polls = polls.lock().unwrap();
                    *polls += 1;
                    // The first poll sees one mention; later ones the newer one, the first
                    // again, and the late one sorted behind them.
                    let items = if *polls == 1 {
                        vec![first.clone()]
                    } else {
                        vec![newest.clone(), first.clone(), late.clone()]
                    };
                    json_response(200, json!({"notifications": items}))
                }
                "app.bsky.feed.getAuthorFeed" => {
                    let with_replies = query_values(&r.target, "filter") == ["posts_with_replies"];
                    let answered = *polls.lock().unwrap() >= 2;
                    let feed: Vec<Value> = if with_replies && answered {
                        // The brand answered the late mention in the Bluesky app.
                        vec![json!({"post": {
                            "uri": format!("at://{BRAND_DID}/app.bsky.feed.post/3brandreply"),
                            "cid": "bafybrandreply",
                            "author": {"did": BRAND_DID, "handle": BRAND},
                            "record": {"$type": "app.bsky.feed.post", "text": "Sorry, looking into it",
                                "createdAt": "2026-11-20T10:06:00.000Z",
                                "reply": {"root": {"uri": late["uri"], "cid": late["cid"]},
                                          "parent": {"uri": late["uri"], "cid": late["cid"]}}},
                            "indexedAt": "2026-11-20T10:06:00.000Z",
                        }})]
                    } else {
                        vec![]
                    };
                    json_response(200, json!({"feed": feed}))
                }
                _ => error(501, "MethodNotImplemented", "Method Not Implemented"),
            }
        }
    };
    let server = Server::start(Arc::new(handler));
    let data = tempfile::tempdir().unwrap();
    let store = tribune::store::Store::open(data.path()).unwrap();

    // Runs the connector from `cursor` until `done` says what it delivered is enough.
    let run = |cursor: Option<String>,
               done: &dyn Fn(&[tribune::connectors::SourceBatch]) -> bool| {
        let client = Client::new(&server.base_url(), BRAND, PASSWORD.into(), None).unwrap();
        let connector = Box::new(BlueskyConnector {
            account: "brand".into(),
            client,
            password_env: "TRIBUNE_BLUESKY_PASSWORD".into(),
            poll_interval: jiff::SignedDuration::from_millis(20),
        });
        let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
        let (requests, requests_rx) = tokio::sync::mpsc::unbounded_channel();
        let batches = block_on(async {
            tokio::spawn(connector.run(ConnectorContext {
                cursor,
                events,
                requests: requests_rx,
                clock: Arc::new(tribune::clock::SystemClock),
            }));
            let mut batches = Vec::new();
            while let Some(event) = received.recv().await {
                if let ConnectorEvent::Batch(b) = event {
                    batches.push(b);
                    if done(&batches) {
                        break;
                    }
                }
            }
            batches
        });
        drop(requests);
        batches
    };
    let delivered = |batches: &[tribune::connectors::SourceBatch], uri: &Value| {
        batches
            .iter()
            .flat_map(|b| &b.messages)
            .filter(|m| m.external_id == uri.as_str().unwrap())
            .count()
    };
    // Three polls: the first, the one that finds the late mention, one more that finds nothing new.
    let batches = run(None, &|b| b.len() >= 3);
    assert_eq!(
        delivered(&batches, &first["uri"]),
        1,
        "re-delivered, sent once"
    );
    assert_eq!(
        delivered(&batches, &late["uri"]),
        1,
        "the late mention is read"
    );
    assert_eq!(delivered(&batches, &newest["uri"]), 1);
    let cursor = batches.last().unwrap().cursor.clone();
    assert_eq!(
        cursor.as_deref(),
        Some("2026-11-20T10:05:00Z"),
        "never goes back"
    );
    for batch in batches {
        tribune::ingest::ingest(&store, batch, None).unwrap();
    }

    // A restart from the persisted cursor reads the margin again: the store absorbs it.
    let again = run(cursor, &|b| !b.is_empty());
    for batch in again {
        tribune::ingest::ingest(&store, batch, None).unwrap();
    }
    let messages = store.all_messages().unwrap();
    for n in [&first, &late, &newest] {
        let uri = n["uri"].as_str().unwrap();
        assert_eq!(
            messages.iter().filter(|m| m.external_id == uri).count(),
            1,
            "{uri}"
        );
    }
    let late_stored = store
        .find_external(Channel::Bluesky, late["uri"].as_str().unwrap())
        .unwrap()
        .unwrap();
    assert!(
        late_stored.answered_at.is_some(),
        "the brand's reply in the app stops the clock without the thread being opened"
    );
    let first_stored = store
        .find_external(Channel::Bluesky, first["uri"].as_str().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(first_stored.answered_at, None);
}

#[test]
fn doctor_on_a_fresh_data_dir_keeps_its_login_for_the_next_run() {
    let Some(dir) = fixtures() else { return };
    let world = world(&dir);
    let home = tempfile::tempdir().unwrap();
    let config = account_config(home.path(), &world, "");
    let doctor = || {
        let out = doctor(&home.path().join("data"), &config);
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{said}");
        assert!(said.contains("signed in as @alice.test"), "{said}");
    };
    // Run from cron, over and over: one login, then the kept session.
    doctor();
    doctor();
    doctor();
    assert_eq!(world.pds.lock().unwrap().logins, 1);
    assert_no_secret(&home.path().join("data"), PASSWORD);
}

/// A config with the brand's Bluesky account on the local PDS, and `extra` lines after it.
fn account_config(home: &std::path::Path, world: &World, extra: &str) -> std::path::PathBuf {
    let config = home.join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"bluesky\"\nname = \"brand\"\nhandle = \"{BRAND}\"\nbase_url = \"{}\"\napp_password_env = \"TRIBUNE_TEST_BLUESKY_PASSWORD\"\n{extra}",
            world.server.base_url()
        ),
    )
    .unwrap();
    config
}

/// `tribune doctor` on `data` with `config`, the app password in the environment.
fn doctor(data: &std::path::Path, config: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
        .arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(config)
        .arg("doctor")
        .env("TRIBUNE_TEST_BLUESKY_PASSWORD", PASSWORD)
        .output()
        .unwrap()
}
