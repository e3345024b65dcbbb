//! A reply is posted once, even when tribune is killed after the request left and before it
//! recorded the answer. A local server on 127.0.0.1 answers `POST /api/v1/statuses` as
//! Mastodon does, including its `Idempotency-Key` (a repeated key returns the status already
//! created), and counts what it is sent.

use crate::support::http::{Request, Response, Server};
use crate::support::{Tmux, tmux_available};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

#[derive(Default)]
struct Seen {
    /// Every POST: (idempotency key, authorization, form body).
    requests: Vec<(String, String, String)>,
    /// Statuses created, by idempotency key.
    created: HashMap<String, String>,
}

/// Serves until the test ends. The first POST is held unanswered (the test kills the client
/// meanwhile) and reported on `first`.
fn mastodon(seen: Arc<Mutex<Seen>>, first: mpsc::Sender<()>) -> Server {
    let first = Mutex::new(first);
    Server::start(Arc::new(move |r: &Request| {
        if r.method != "POST" || r.target != "/api/v1/statuses" {
            return Response {
                status: 404,
                headers: vec![],
                body: r#"{"error":"Not Found"}"#.into(),
            };
        }
        let key = r
            .headers
            .get("idempotency-key")
            .cloned()
            .unwrap_or_default();
        let (id, hold) = {
            let mut s = seen.lock().unwrap();
            s.requests.push((
                key.clone(),
                r.headers.get("authorization").cloned().unwrap_or_default(),
                r.body.clone(),
            ));
            let n = s.created.len();
            let fresh = !s.created.contains_key(&key);
            let id = s
                .created
                .entry(key)
                .or_insert_with(|| format!("1170205832454598{n:02}"))
                .clone();
            (id, fresh && n == 0)
        };
        if hold {
            // The request has arrived; the client dies before it hears back.
            let _ = first.lock().unwrap().send(());
            std::thread::sleep(Duration::from_secs(5));
        }
        // The shape of a real `POST /api/v1/statuses` answer (Mastodon 4.x).
        let status = serde_json::json!({
            "id": id,
            "created_at": "2026-11-20T10:05:00.000Z",
            "in_reply_to_id": "109",
            "visibility": "public",
            "url": format!("http://localhost:3000/@novacafe/{id}"),
            "content": "<p>reply</p>",
            "account": {"id": "1", "username": "novacafe", "acct": "novacafe"},
            "media_attachments": [], "mentions": [], "tags": [], "emojis": [],
        });
        Response {
            status: 200,
            headers: vec![(
                "content-type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: status.to_string(),
        }
    }))
}

const TOKEN: &str = "test-token-3f9a";

#[test]
fn a_reply_interrupted_by_kill_9_is_posted_exactly_once() {
    if !tmux_available() {
        return;
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (first_tx, first_rx) = mpsc::channel();
    let server = mastodon(seen.clone(), first_tx);
    let port = server.port;

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"mastodon\"\nname = \"brand\"\nbase_url = \"http://127.0.0.1:{port}\"\ntoken_env = \"TRIBUNE_TEST_MASTODON_TOKEN\"\n\n[outbox]\nundo_window = \"0s\"\n"
        ),
    )
    .unwrap();
    let jsonl = dir.path().join("in.jsonl");
    std::fs::write(
        &jsonl,
        r#"{"channel":"mastodon","account":"@novacafe@example.social","external_id":"109","kind":"mention","direction":"inbound","author":{"handle":"@ana@example.org","name":"Ana"},"text":"Do you ship to Belgium?","created_at":"2026-11-20T09:15:00Z","lang":"en"}"#,
    )
    .unwrap();
    let tribune = env!("CARGO_BIN_EXE_tribune");
    let data = dir.path().join("data");
    let imported = std::process::Command::new(tribune)
        .arg("--data-dir")
        .arg(&data)
        .arg("--config")
        .arg(&config)
        .args(["import", jsonl.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );

    let command = format!(
        "TRIBUNE_TEST_MASTODON_TOKEN={TOKEN} {tribune} --data-dir {} --config {}; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        data.display(),
        config.display()
    );
    let tmux = Tmux::start("outbox", &command);
    tmux.wait_for("Do you ship to Belgium?");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Yes, we ship to Belgium 🇧🇪 in 2–3 days. Anything else?");
    tmux.send_reply();
    first_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the reply reaches the server");
    // Killed between sending and recording "sent".
    tmux.kill_9_tribune();

    // Restarted: the outbox sends again under the same key; the server posts nothing new.
    tmux.run(&["kill-session", "-t", "e2e"]);
    let tmux = Tmux::start("outbox2", &command);
    // Answered once the resent request comes back: the countdown gives way to ✓.
    tmux.wait_for("✓");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("(brand · ");
    assert!(screen.contains("Yes, we ship to Belgium"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let seen = seen.lock().unwrap();
    assert_eq!(seen.created.len(), 1, "exactly one status was created");
    assert_eq!(
        seen.requests.len(),
        2,
        "the interrupted request was sent again"
    );
    assert_eq!(
        seen.requests[0].0, seen.requests[1].0,
        "under the same idempotency key"
    );
    assert!(!seen.requests[0].0.is_empty());
    assert_eq!(seen.requests[0].1, format!("Bearer {TOKEN}"));
    assert!(
        seen.requests[0].2.contains("in_reply_to_id=109"),
        "{}",
        seen.requests[0].2
    );

    // The store holds the one reply, under the network's id, answering the message.
    let store = tribune::store::Store::open(&data.join("store")).unwrap();
    let messages = store.all_messages().unwrap();
    let replies: Vec<_> = messages.iter().filter(|m| !m.is_inbound()).collect();
    assert_eq!(replies.len(), 1);
    assert_eq!(
        replies[0].external_id,
        seen.created.values().next().unwrap().as_str()
    );
    assert!(
        messages
            .iter()
            .any(|m| m.is_inbound() && m.answered_at.is_some())
    );
    let outbox = store.outbox().unwrap();
    assert!(matches!(
        outbox[0].state,
        tribune::store::OutboxState::Sent { .. }
    ));
    // The token never reaches the log.
    let log = std::fs::read_to_string(data.join("tribune.log")).unwrap_or_default();
    assert!(!log.contains(TOKEN));
}
