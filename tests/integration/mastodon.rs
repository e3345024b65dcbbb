//! The Mastodon connector against recorded traffic replayed from a local server: mentions in
//! the inbox (HTML turned to text), a reply posted once with the right request, errors sorted
//! into what to do, and the token nowhere but in the Authorization header.

use crate::support::cassette::{self, Cassette};
use crate::support::http::{Request, Response, Server, url_form};
use crate::support::{Tmux, block_on, tmux_available, walk};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tribune::connectors::mastodon::api::{Client, NetworkError};

pub(crate) const TOKEN: &str = "mastodon-test-token-81c2";

/// A Mastodon replaying the recorded answers: verify_credentials, the mentions page (older
/// pages are empty, as at the end of a timeline), and replies with Idempotency-Key honoured.
pub(crate) fn recorded_mastodon(
    dir: &std::path::Path,
) -> (Server, Arc<Mutex<HashMap<String, usize>>>) {
    let credentials = cassette::load(dir, "test_verify_credentials.yaml");
    let notifications = cassette::load(dir, "test_notifications_mentions_only.yaml");
    let reply: Cassette = cassette::load(dir, "test_status_reply.yaml");
    let context = cassette::load(dir, "test_status_context.yaml");
    let own = cassette::load(dir, "test_get_pagination_info.yaml");
    let posts: Arc<Mutex<HashMap<String, usize>>> = Default::default();
    let base = Arc::new(Mutex::new(String::new()));
    let handler = {
        let (posts, base) = (posts.clone(), base.clone());
        move |r: &Request| {
            let base = base.lock().unwrap().clone();
            if r.headers.get("authorization").map(String::as_str)
                != Some(&format!("Bearer {TOKEN}"))
            {
                return Response {
                    status: 401,
                    headers: vec![],
                    body: r#"{"error":"The access token is invalid"}"#.into(),
                };
            }
            let path = r.target.split('?').next().unwrap_or("");
            match (r.method.as_str(), path) {
                ("GET", "/api/v1/accounts/verify_credentials") => credentials
                    .find("GET", "/api/v1/accounts/verify_credentials")
                    .replay(&base),
                ("GET", "/api/v1/notifications") if r.target.contains("max_id=") => Response {
                    status: 200,
                    headers: vec![],
                    body: "[]".into(),
                },
                ("GET", p) if p.starts_with("/api/v1/statuses/") && p.ends_with("/context") => {
                    let recorded = context
                        .interactions
                        .iter()
                        .find(|i| i.request.uri.ends_with("/context"))
                        .unwrap();
                    recorded.response.replay(&base)
                }
                ("GET", p) if p.starts_with("/api/v1/accounts/") && p.ends_with("/statuses") => {
                    own.find("GET", "/statuses?limit=5").replay(&base)
                }
                ("GET", "/api/v1/notifications") => notifications
                    .find("GET", "/api/v1/notifications?types%5B%5D=mention")
                    .replay(&base),
                ("POST", "/api/v1/statuses") => {
                    let key = r
                        .headers
                        .get("idempotency-key")
                        .cloned()
                        .unwrap_or_default();
                    *posts.lock().unwrap().entry(key).or_default() += 1;
                    // The recorded reply (the second POST of the cassette).
                    let recorded = reply
                        .interactions
                        .iter()
                        .filter(|i| i.request.method == "POST")
                        .nth(1)
                        .unwrap();
                    recorded.response.replay(&base)
                }
                _ => Response {
                    status: 404,
                    headers: vec![],
                    body: r#"{"error":"Not Found"}"#.into(),
                },
            }
        }
    };
    let server = Server::start(Arc::new(handler));
    *base.lock().unwrap() = server.base_url();
    (server, posts)
}

#[test]
fn a_mention_arrives_and_the_reply_is_posted_once_with_the_right_request() {
    let Some(fixtures) = cassette::fixtures() else {
        return;
    };
    if !tmux_available() {
        return;
    }
    let (server, posts) = recorded_mastodon(&fixtures);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"mastodon\"\nname = \"brand\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_MASTODON_TOKEN\"\npoll_interval = \"2s\"\n\n[outbox]\nundo_window = \"0s\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let command = format!(
        "TRIBUNE_TEST_MASTODON_TOKEN={TOKEN} {} --data-dir {} --config {}; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        env!("CARGO_BIN_EXE_tribune"),
        data.display(),
        config.display()
    );
    let tmux = Tmux::start("mastodon", &command);
    // The recorded mention, its HTML as text, from @admin.
    let screen = tmux.wait_for("@mastodonpy_test hello!");
    assert!(screen.contains("@admin"), "{screen}");
    assert!(!screen.contains("<span"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Thanks for the mention 🙌");
    tmux.send_reply();
    tmux.wait_for("(brand · ");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let requests = server.requests.lock().unwrap().clone();
    let post: Vec<&Request> = requests.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(post.len(), 1, "exactly one post");
    assert_eq!(posts.lock().unwrap().len(), 1);
    let p = post[0];
    assert_eq!(p.target, "/api/v1/statuses");
    assert!(
        p.headers
            .get("idempotency-key")
            .is_some_and(|k| !k.is_empty())
    );
    assert_eq!(
        p.headers.get("content-type").map(String::as_str),
        Some("application/x-www-form-urlencoded")
    );
    let form: HashMap<String, String> = url_form(&p.body);
    assert_eq!(form["in_reply_to_id"], "117020577157693549");
    assert_eq!(form["status"], "@admin Thanks for the mention 🙌");
    assert!(
        !form.contains_key("visibility"),
        "a public mention keeps the account's default"
    );
    // Opening the mention fetched its thread.
    assert!(
        requests
            .iter()
            .any(|r| r.target == "/api/v1/statuses/117020577157693549/context"),
        "{:?}",
        requests.iter().map(|r| &r.target).collect::<Vec<_>>()
    );
    // Mentions were asked for the way Mastodon expects.
    assert!(requests.iter().any(|r| {
        r.target
            .starts_with("/api/v1/notifications?types%5B%5D=mention")
    }));

    // The reply is stored under Mastodon's id; the token is nowhere in the store or the log.
    let store_dir = data.join("store");
    let store = tribune::store::Store::open(&store_dir).unwrap();
    let messages = store.all_messages().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| !m.is_inbound() && m.external_id == "117020583258292382"),
        "{messages:#?}"
    );
    // Audience figures: followers from verify_credentials, engagement summed over the
    // recorded own statuses (replies + boosts + favourites + quotes).
    let own: Vec<serde_json::Value> = serde_json::from_str(
        cassette::load(&fixtures, "test_get_pagination_info.yaml")
            .find("GET", "/statuses?limit=5")
            .body
            .string
            .as_deref()
            .unwrap(),
    )
    .unwrap();
    let expected: u64 = own
        .iter()
        .map(|s| {
            [
                "replies_count",
                "reblogs_count",
                "favourites_count",
                "quotes_count",
            ]
            .iter()
            .map(|k| s[k].as_u64().unwrap_or(0))
            .sum::<u64>()
        })
        .sum();
    use tribune::model::{Channel, Metric};
    let engagement = store
        .latest_sample(Channel::Mastodon, Metric::Engagement)
        .unwrap()
        .expect("engagement");
    assert_eq!(engagement.value, expected as f64);
    let followers = store
        .latest_sample(Channel::Mastodon, Metric::Followers)
        .unwrap()
        .expect("followers");
    assert_eq!(followers.value, 0.0);
    drop(store);
    for entry in walk(&data) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token was written to {}",
            entry.display()
        );
    }
}

#[test]
fn errors_are_sorted_into_what_to_do() {
    let Some(fixtures) = cassette::fixtures() else {
        return;
    };
    let missing = cassette::load(&fixtures, "test_status_missing.yaml");
    let invalid = cassette::load(&fixtures, "test_home_tl_anonymous_throws.yaml");
    let answers: Arc<Mutex<Vec<Response>>> = Arc::new(Mutex::new(Vec::new()));
    let server = Server::start(Arc::new({
        let answers = answers.clone();
        move |_r: &Request| answers.lock().unwrap().remove(0)
    }));
    let base = server.base_url();
    let push = |r: Response| answers.lock().unwrap().push(r);
    let client = Client::new(&base, TOKEN.into()).unwrap();

    // 401 as recorded: the token, with what to do.
    push(invalid.interactions[0].response.replay(&base));
    let e = block_on(client.verify_credentials()).unwrap_err();
    assert!(matches!(e, NetworkError::Unauthorized(_)), "{e:?}");
    let sentence = e.sentence(&tribune::connectors::mastodon::api::fix(
        "TRIBUNE_MASTODON_TOKEN",
    ));
    assert!(
        sentence.contains("token invalid or lacking scope"),
        "{sentence}"
    );
    assert!(!sentence.contains(TOKEN));
    // 404 as recorded: refused, not retried.
    push(missing.interactions[0].response.replay(&base));
    assert!(matches!(
        block_on(client.verify_credentials()),
        Err(NetworkError::Refused(_))
    ));
    // 429 with Mastodon's reset time.
    push(Response {
        status: 429,
        headers: vec![(
            "x-ratelimit-reset".into(),
            "2026-08-01T13:55:00.940463Z".into(),
        )],
        body: r#"{"error":"Too many requests"}"#.into(),
    });
    assert_eq!(
        block_on(client.verify_credentials()).unwrap_err(),
        NetworkError::RateLimited {
            until: Some("2026-08-01T13:55:00.940463Z".parse().unwrap())
        }
    );
    // 500 and a malformed body: temporary, and refused without a crash.
    push(Response {
        status: 500,
        headers: vec![],
        body: "oops".into(),
    });
    assert!(matches!(
        block_on(client.verify_credentials()),
        Err(NetworkError::Temporary(_))
    ));
    push(Response {
        status: 200,
        headers: vec![],
        body: r#"{"id": 12, "acct": "#.into(),
    });
    assert!(matches!(
        block_on(client.verify_credentials()),
        Err(NetworkError::Refused(_))
    ));
    // Unknown notification types are read and skipped, not an error.
    push(Response {
        status: 200,
        headers: vec![],
        body: r#"[{"id":"30","type":"quoted_update","created_at":"2026-08-01T13:51:43.458Z"}]"#
            .into(),
    });
    let page = block_on(client.mentions(None, Some("21"))).unwrap();
    assert_eq!(page.items.len(), 1);
    assert!(tribune::connectors::mastodon::to_message(&page.items[0], "brand").is_none());
}

#[test]
fn doctor_checks_each_account_in_one_line() {
    let Some(fixtures) = cassette::fixtures() else {
        return;
    };
    let (server, _) = recorded_mastodon(&fixtures);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"mastodon\"\nname = \"brand\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_MASTODON_TOKEN\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let doctor = |token: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--config")
            .arg(&config)
            .arg("doctor")
            .env("TRIBUNE_TEST_MASTODON_TOKEN", token)
            .output()
            .unwrap()
    };
    let good = doctor(TOKEN);
    let out = String::from_utf8_lossy(&good.stdout);
    assert!(good.status.success(), "{out}");
    assert!(out.contains("✓ mastodon:brand"), "{out}");
    assert!(
        out.contains("signed in as @mastodonpy_test, 0 followers"),
        "{out}"
    );
    let wrong = "wrong-token-55aa";
    let bad = doctor(wrong);
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    assert!(out.contains("✖ mastodon:brand"), "{out}");
    assert!(out.contains("token invalid or lacking scope"), "{out}");
    assert!(out.contains("TRIBUNE_TEST_MASTODON_TOKEN"), "{out}");
    assert!(!out.contains(wrong) && !String::from_utf8_lossy(&bad.stderr).contains(wrong));
}

#[test]
fn mentions_arrive_live_from_the_stream_which_is_reopened_when_dropped() {
    let Some(fixtures) = cassette::fixtures() else {
        return;
    };
    use tribune::connectors::{Connector, ConnectorContext, ConnectorEvent};
    let credentials = cassette::load(&fixtures, "test_verify_credentials.yaml");
    let recorded = cassette::load(&fixtures, "test_stream_user_direct.yaml");
    let base = Arc::new(Mutex::new(String::new()));
    let server = Server::start(Arc::new({
        let base = base.clone();
        move |r: &Request| {
            let base = base.lock().unwrap().clone();
            let path = r.target.split('?').next().unwrap_or("");
            match path {
                "/api/v1/accounts/verify_credentials" => credentials
                    .find("GET", "/api/v1/accounts/verify_credentials")
                    .replay(&base),
                // Nothing to poll: what arrives comes from the stream.
                "/api/v1/notifications" => Response {
                    status: 200,
                    headers: vec![],
                    body: "[]".into(),
                },
                // The recorded instance says the stream lives on another host: ours.
                "/api/v2/instance" => {
                    let mut r = recorded.find("GET", "/api/v2/instance/").replay(&base);
                    r.body = r
                        .body
                        .replace("ws://localhost:4000", &base.replace("http://", "ws://"));
                    r
                }
                // The recorded stream (heartbeat, updates, two mentions, a status.update and a
                // delete); the connection then ends, as a dropped stream does.
                "/api/v1/streaming/user" => {
                    recorded.find("GET", "/api/v1/streaming/user").replay(&base)
                }
                _ => Response {
                    status: 404,
                    headers: vec![],
                    body: r#"{"error":"Not Found"}"#.into(),
                },
            }
        }
    }));
    *base.lock().unwrap() = server.base_url();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (events_tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let (_requests_tx, requests) = tokio::sync::mpsc::unbounded_channel();
    let connector = Box::new(tribune::connectors::mastodon::MastodonConnector {
        account: "brand".into(),
        base_url: server.base_url(),
        token: TOKEN.into(),
        token_env: "TRIBUNE_TEST_MASTODON_TOKEN".into(),
        poll_interval: jiff::SignedDuration::from_secs(60),
    });
    runtime.spawn(connector.run(ConnectorContext {
        cursor: None,
        events: events_tx,
        requests,
        clock: Arc::new(tribune::clock::SystemClock),
    }));
    let mut streamed = std::collections::BTreeSet::new();
    let stream_opens = || {
        server
            .requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.target.starts_with("/api/v1/streaming/user"))
            .count()
    };
    // Both streamed mentions arrive, and the stream is opened again after it drops.
    while streamed.len() < 2 || stream_opens() < 2 {
        let event = runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(30), events.recv()).await
        });
        let Ok(event) = event else {
            panic!(
                "stuck: streamed {streamed:?}, requests {:?}",
                server
                    .requests
                    .lock()
                    .unwrap()
                    .iter()
                    .map(|r| r.target.clone())
                    .collect::<Vec<_>>()
            )
        };
        match event.expect("the connector runs") {
            ConnectorEvent::Batch(b) => {
                for m in b.messages {
                    assert_eq!(
                        b.cursor, None,
                        "live arrivals leave the cursor to the polling"
                    );
                    streamed.insert((m.external_id, m.author.handle));
                }
            }
            ConnectorEvent::Health { detail, .. } => assert!(!detail.contains(TOKEN)),
        }
    }
    assert_eq!(
        streamed.into_iter().collect::<Vec<_>>(),
        [
            ("117024236408130890".to_string(), "@admin".to_string()),
            (
                "117024236635443611".to_string(),
                "@mastodonpy_test_2".to_string()
            ),
        ]
    );
    // The stream was asked for with the token, on the host the instance named.
    let requests = server.requests.lock().unwrap();
    let open = requests
        .iter()
        .find(|r| r.target.starts_with("/api/v1/streaming/user"))
        .unwrap();
    assert_eq!(open.headers["authorization"], format!("Bearer {TOKEN}"));
    drop(requests);
    runtime.shutdown_background();
}

#[test]
fn a_reply_made_in_the_web_ui_stops_the_clock_without_opening_the_thread() {
    use serde_json::json;
    use tribune::connectors::{Connector, ConnectorContext, ConnectorEvent};
    let account = |id: &str, acct: &str| json!({"id": id, "acct": acct, "display_name": "", "followers_count": 3});
    let mention = json!({"id": "900", "type": "mention", "status": {
        "id": "1100", "created_at": "2026-11-20T09:00:00.000Z", "visibility": "public",
        "content": "<p>@brand my parcel never arrived</p>", "account": account("7", "ana@example.org"),
    }});
    // The brand's own statuses: an answer to that mention, written in Mastodon's web UI.
    let own = json!([{
        "id": "1101", "created_at": "2026-11-20T09:20:00.000Z", "visibility": "public",
        "in_reply_to_id": "1100", "content": "<p>@ana sorry, we are on it</p>",
        "account": account("1", "brand"),
    }]);
    let handler = move |r: &Request| {
        let body = match r.target.split('?').next().unwrap_or("") {
            "/api/v1/accounts/verify_credentials" => account("1", "brand"),
            "/api/v1/notifications" => json!([mention]),
            "/api/v1/accounts/1/statuses" => own.clone(),
            _ => {
                return Response {
                    status: 404,
                    headers: vec![],
                    body: "{}".into(),
                };
            }
        };
        Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    };
    let server = Server::start(Arc::new(handler));
    let connector = Box::new(tribune::connectors::mastodon::MastodonConnector {
        account: "brand".into(),
        base_url: server.base_url(),
        token: TOKEN.into(),
        token_env: "TRIBUNE_TEST_MASTODON_TOKEN".into(),
        poll_interval: jiff::SignedDuration::from_secs(3600),
    });
    let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
    let (requests, requests_rx) = tokio::sync::mpsc::unbounded_channel();
    let batch = block_on(async {
        tokio::spawn(connector.run(ConnectorContext {
            cursor: None,
            events,
            requests: requests_rx,
            clock: Arc::new(tribune::clock::SystemClock),
        }));
        loop {
            match received.recv().await.expect("the connector runs") {
                ConnectorEvent::Batch(b) if !b.messages.is_empty() => break b,
                _ => {}
            }
        }
    });
    drop(requests);
    let data = tempfile::tempdir().unwrap();
    let store = tribune::store::Store::open(data.path()).unwrap();
    tribune::ingest::ingest(&store, batch, None).unwrap();
    let asked = store
        .find_external(tribune::model::Channel::Mastodon, "1100")
        .unwrap()
        .expect("the mention is stored");
    assert_eq!(
        asked.answered_at,
        Some("2026-11-20T09:20:00Z".parse().unwrap()),
        "answered by the reply seen on the network"
    );
}

#[test]
fn a_token_echoed_by_the_server_is_in_no_output_log_or_screen() {
    // A server (or a proxy) that puts the Authorization header it received in its error.
    let server = Server::start(Arc::new(|r: &Request| {
        let auth = r.headers.get("authorization").cloned().unwrap_or_default();
        Response {
            status: 401,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::json!({"error": format!("Invalid header Authorization: {auth}")})
                .to_string(),
        }
    }));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"mastodon\"\nname = \"brand\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_MASTODON_TOKEN\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let command = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_tribune"));
        c.arg("--data-dir")
            .arg(dir.path())
            .arg("--config")
            .arg(&config)
            .env("TRIBUNE_TEST_MASTODON_TOKEN", TOKEN);
        c
    };
    let out = command().arg("doctor").output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        printed.contains("Invalid header Authorization: Bearer [secret]"),
        "{printed}"
    );
    assert!(!printed.contains(TOKEN), "{printed}");

    // The console shows the failure in its status bar, without the token.
    if tmux_available() {
        let line = format!(
            "TRIBUNE_TEST_MASTODON_TOKEN={TOKEN} {} --data-dir {} --config {}",
            env!("CARGO_BIN_EXE_tribune"),
            dir.path().display(),
            config.display()
        );
        let tmux = Tmux::start("echoed-token", &line);
        tmux.wait_for("[secret]");
        assert!(!tmux.screen().contains(TOKEN));
        tmux.keys(&["q"]);
        tmux.wait_until_gone("[secret]");
    }
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
            "the token was written to {}",
            entry.display()
        );
    }
}
