//! A Facebook Page against a loopback Graph API answering with recorded responses (the shared
//! fixtures): its comments arrive in the inbox, a reply goes under the comment once with the
//! right request — even when tribune is killed after the request left — and the token travels
//! only in the Authorization header.

use crate::support::http::{Request, Response, Server, url_form};
use crate::support::{Tmux, console_command, fixtures_dir, tmux_available, walk};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

const TOKEN: &str = "fb-page-token-5e1d";
const PAGE: &str = "20531316728";
/// The recorded feed's first post: the recorded comments are served as its own.
const POST: &str = "4_10113477241177441";
const COMMENT: &str = "10158407654328553_10158407835073553";
/// The Messenger message's time: within the 24 h a Page has to answer.
static DM_TIME: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_mins(30))
        .strftime("%Y-%m-%dT%H:%M:%S+0000")
        .to_string()
});

#[derive(Default)]
struct Seen {
    requests: Vec<Request>,
    /// Replies created under each comment, as the Page: (comment, reply id, text).
    replies: Vec<(String, String, String)>,
}

fn json(body: String) -> Response {
    Response {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    }
}

/// Serves the recorded Page, feed and comments; the first reply POSTed is held unanswered
/// (the test kills tribune meanwhile) and reported on `first`.
fn graph(dir: &std::path::Path, seen: Arc<Mutex<Seen>>, first: mpsc::Sender<()>) -> Server {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let (page, feed, comments) = (
        read("single_fields_page.json"),
        read("feed_fields_p1.json"),
        read("comments_p1.json"),
    );
    let first = Mutex::new(Some(first));
    Server::start(Arc::new(move |r: &Request| {
        seen.lock().unwrap().requests.push(r.clone());
        if r.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {TOKEN}")) {
            return Response {
                status: 400,
                headers: vec![],
                body: r#"{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"x"}}"#.into(),
            };
        }
        let path = r.target.split('?').next().unwrap_or("");
        let Some(path) = path.strip_prefix("/v24.0/") else {
            return Response {
                status: 404,
                headers: vec![],
                body: r#"{"error":{"message":"Unknown path","type":"GraphMethodException","code":100}}"#.into(),
            };
        };
        match (r.method.as_str(), path) {
            ("GET", p) if p == PAGE => json(page.clone()),
            ("GET", p) if p == format!("{PAGE}/visitor_posts") => json(format!(
                r#"{{"data":[{{"id":"{PAGE}_501","message":"Visited the Lyon shop: lovely staff","created_time":"2026-11-20T08:00:00+0000","from":{{"id":"61","name":"Inès"}}}}]}}"#
            )),
            ("GET", p) if p == format!("{PAGE}/tagged") => json(r#"{"data":[]}"#.into()),
            // Insights as the reference documents them (no recorded answer with today's
            // metric names exists): yesterday's reach, views and engagement.
            ("GET", p) if p == format!("{PAGE}/insights") => json(format!(
                r#"{{"data":[
                    {{"name":"page_total_media_view_unique","period":"day","values":[{{"value":7300,"end_time":"{DM_DAY}"}}],"title":"Daily Total Media View Unique","id":"{PAGE}/insights/page_total_media_view_unique/day"}},
                    {{"name":"page_media_view","period":"day","values":[{{"value":21900,"end_time":"{DM_DAY}"}}]}},
                    {{"name":"page_post_engagements","period":"day","values":[{{"value":640,"end_time":"{DM_DAY}"}}]}}
                ],"paging":{{"previous":"p","next":"n"}}}}"#,
                DM_DAY = DM_TIME.as_str()
            )),
            ("GET", p) if p == format!("{PAGE}/ratings") => json(
                r#"{"data":[{"created_time":"2026-11-19T10:00:00+0000","recommendation_type":"negative","review_text":"Rude staff at the counter.","reviewer":{"id":"88","name":"Rémi"},"open_graph_story":{"id":"777001"}}]}"#.into(),
            ),
            ("GET", p) if p == format!("{PAGE}/conversations") => {
                let mut messages = vec![serde_json::json!({"id":"m_1","message":"Where is order 42?","from":{"id":"5551","name":"Léa"},"created_time": DM_TIME.as_str()})];
                for (to, id, text) in &seen.lock().unwrap().replies {
                    if to == "messenger" {
                        messages.push(serde_json::json!({"id": id, "message": text, "from": {"id": PAGE, "name": "Facebook"}, "created_time": DM_TIME.as_str()}));
                    }
                }
                json(serde_json::json!({"data":[{"id":"t_1","messages":{"data": messages}}]}).to_string())
            }
            ("POST", p) if p == format!("{PAGE}/messages") => {
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                let text = body["message"]["text"].as_str().unwrap_or_default().to_string();
                let mut s = seen.lock().unwrap();
                // A private reply: one per comment, as Meta allows.
                if let Some(comment) = body["recipient"]["comment_id"].as_str() {
                    let to = format!("private:{comment}");
                    if s.replies.iter().any(|(c, _, _)| *c == to) {
                        return Response {
                            status: 400,
                            headers: vec![],
                            body: r#"{"error":{"message":"(#10900) Activity already replied to","type":"OAuthException","code":10900,"fbtrace_id":"x"}}"#.into(),
                        };
                    }
                    let id = format!("m_private{}", s.replies.len());
                    s.replies.push((to, id.clone(), text));
                    return json(serde_json::json!({"recipient_id": "5561", "message_id": id}).to_string());
                }
                let id = format!("m_sent{}", s.replies.len());
                s.replies.push(("messenger".into(), id.clone(), text));
                json(serde_json::json!({"recipient_id": body["recipient"]["id"], "message_id": id}).to_string())
            }
            ("GET", p) if p == format!("{PAGE}/feed") => json(feed.clone()),
            ("GET", p) if p.ends_with("/comments") => {
                let on = p.trim_end_matches("/comments");
                let mut listing: serde_json::Value = if on == POST {
                    serde_json::from_str(&comments).unwrap()
                } else {
                    serde_json::json!({"data": []})
                };
                // The Page's replies appear under their comment, as Graph lists them.
                for (comment, id, text) in &seen.lock().unwrap().replies {
                    if comment == on {
                        listing["data"].as_array_mut().unwrap().push(serde_json::json!({
                            "id": id, "message": text, "created_time": "2026-11-20T10:05:00+0000",
                            "from": {"id": PAGE, "name": "Facebook"}, "parent": {"id": comment}
                        }));
                    }
                }
                json(listing.to_string())
            }
            ("POST", p) if p.ends_with("/comments") => {
                let on = p.trim_end_matches("/comments").to_string();
                let text = url_form(&r.body).get("message").cloned().unwrap_or_default();
                let id = format!("{on}_reply{}", seen.lock().unwrap().replies.len());
                seen.lock().unwrap().replies.push((on, id.clone(), text));
                if let Some(first) = first.lock().unwrap().take() {
                    // The reply is created; tribune dies before it hears back.
                    let _ = first.send(());
                    std::thread::sleep(Duration::from_secs(5));
                }
                json(serde_json::json!({ "id": id }).to_string())
            }
            _ => Response {
                status: 400,
                headers: vec![],
                body: r#"{"error":{"message":"(#100) Unsupported request","type":"GraphMethodException","code":100}}"#.into(),
            },
        }
    }))
}

/// The console's data folder and shell line, on a Page account served by `server`.
fn console(dir: &std::path::Path, server: &Server) -> (std::path::PathBuf, String) {
    let config = dir.join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"facebook\"\nname = \"brand\"\npage_id = \"{PAGE}\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_FB_TOKEN\"\npoll_interval = \"2s\"\n\n[outbox]\nundo_window = \"0s\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let data = dir.join("data");
    let command = console_command(&data, &config, &[("TRIBUNE_TEST_FB_TOKEN", TOKEN)]);
    (data, command)
}

#[test]
fn a_page_comment_arrives_and_the_reply_goes_under_it_once_even_across_kill_9() {
    let Some(fixtures) = fixtures_dir("meta/facebook") else {
        return;
    };
    if !tmux_available() {
        return;
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (first_tx, first_rx) = mpsc::channel();
    let server = graph(&fixtures, seen.clone(), first_tx);
    let dir = tempfile::tempdir().unwrap();
    let (data, command) = console(dir.path(), &server);
    let tmux = Tmux::start("facebook", &command);
    // A recorded comment, in the inbox as a Facebook comment.
    tmux.wait_for("Boa noite");
    tmux.wait_for("FB cmt");
    tmux.open_found("boa noite");
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Olá! Veja as definições da página 🙂");
    tmux.send_reply();
    first_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the reply reaches Graph");
    // Killed between posting and recording it: Meta has no idempotency key.
    tmux.kill_9_tribune();
    tmux.run(&["kill-session", "-t", "e2e"]);

    // Restarted: the reply is found under the comment, recorded, not posted again.
    let tmux = Tmux::start("facebook2", &command);
    tmux.wait_for("Boa noite");
    tmux.open_found("boa noite");
    let screen = tmux.wait_for("Veja as definições");
    assert!(screen.contains("answered after"), "{screen}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let seen = seen.lock().unwrap();
    let posts: Vec<&Request> = seen
        .requests
        .iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "one reply posted");
    assert_eq!(posts[0].target, format!("/v24.0/{COMMENT}/comments"));
    assert_eq!(
        url_form(&posts[0].body).get("message").map(String::as_str),
        Some("Olá! Veja as definições da página 🙂")
    );
    assert_eq!(seen.replies.len(), 1);
    // The comments were asked for with replies flattened in; the token never rode in a URL.
    assert!(seen.requests.iter().any(
        |r| r.target.starts_with(&format!("/v24.0/{POST}/comments?"))
            && r.target.contains("filter=stream")
    ));
    assert!(
        seen.requests
            .iter()
            .all(|r| !r.target.contains(TOKEN) && !r.body.contains(TOKEN))
    );
    let store = tribune::store::Store::open(&data.join("store")).unwrap();
    let replies: Vec<_> = store
        .all_messages()
        .unwrap()
        .into_iter()
        .filter(|m| !m.is_inbound())
        .collect();
    assert_eq!(replies.len(), 1, "{replies:#?}");
    assert_eq!(replies[0].in_reply_to.as_deref(), Some(COMMENT));
    // The token is in no file: not the store, not the log.
    drop(store);
    for file in walk(dir.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "{}",
            file.display()
        );
    }
}

#[test]
fn doctor_reads_the_page_and_says_an_expired_token_in_one_line() {
    let Some(fixtures) = fixtures_dir("meta/facebook") else {
        return;
    };
    let (tx, _rx) = mpsc::channel();
    let server = graph(&fixtures, Arc::new(Mutex::new(Seen::default())), tx);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"facebook\"\nname = \"brand\"\npage_id = \"{PAGE}\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_FB_TOKEN\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let doctor = |token: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("--config")
            .arg(&config)
            .arg("doctor")
            .env("TRIBUNE_TEST_FB_TOKEN", token)
            .output()
            .unwrap()
    };
    let good = doctor(TOKEN);
    let out = String::from_utf8_lossy(&good.stdout);
    assert!(good.status.success(), "{out}");
    assert!(
        out.contains("facebook:brand") && out.contains("Page Facebook, 214507731 followers"),
        "{out}"
    );
    let bad = doctor("an-expired-token");
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    let line = out.lines().find(|l| l.contains("facebook:brand")).unwrap();
    assert!(
        line.contains("the Page token expired") && line.contains("TRIBUNE_TEST_FB_TOKEN"),
        "{line}"
    );
    assert!(!out.contains("an-expired-token"), "{out}");
}

#[test]
fn messenger_a_recommendation_and_a_visitor_post_arrive_and_a_dm_is_answered_through_the_send_api()
{
    let Some(fixtures) = fixtures_dir("meta/facebook") else {
        return;
    };
    if !tmux_available() {
        return;
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (tx, _rx) = mpsc::channel();
    let server = graph(&fixtures, seen.clone(), tx);
    let dir = tempfile::tempdir().unwrap();
    let (_, command) = console(dir.path(), &server);
    let tmux = Tmux::start("facebook-dm", &command);
    tmux.wait_for("Where is order 42?");
    tmux.wait_for("Rude staff");
    let screen = tmux.wait_for("lovely staff");
    assert!(
        screen.contains("FB dm") && screen.contains("FB rev") && screen.contains("1★"),
        "{screen}"
    );
    tmux.open_found("order 42");
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Hi Léa, it ships today.");
    tmux.send_reply();
    tmux.wait_for("answered after");
    // The dashboard: followers from the Page, reach, views and engagement from its insights.
    tmux.keys(&["D"]);
    let dashboard = tmux.wait_for("7.3k");
    assert!(
        dashboard.contains("21.9k") && dashboard.contains("640") && dashboard.contains("215M"),
        "{dashboard}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("7.3k");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let seen = seen.lock().unwrap();
    let insights = seen
        .requests
        .iter()
        .find(|r| r.target.starts_with(&format!("/v24.0/{PAGE}/insights?")))
        .expect("insights asked for");
    assert!(
        !insights.target.contains("page_fans") && !insights.target.contains("page_impressions")
    );
    let sent: Vec<&Request> = seen
        .requests
        .iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].target, format!("/v24.0/{PAGE}/messages"));
    let body: serde_json::Value = serde_json::from_str(&sent[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"recipient": {"id": "5551"}, "messaging_type": "RESPONSE", "message": {"text": "Hi Léa, it ships today."}})
    );
}

#[test]
fn a_messenger_reply_past_the_24_hour_window_is_refused_in_the_console() {
    use tribune::app::{Action, State};
    use tribune::model::{Channel, Kind, NewMessage};
    let dir = tempfile::tempdir().unwrap();
    let store = tribune::store::Store::open(&dir.path().join("store")).unwrap();
    let now = crate::support::now();
    let old = NewMessage::inbound(
        Channel::Facebook,
        "m_9",
        "Anyone there?",
        now - jiff::SignedDuration::from_hours(30),
    )
    .kind(Kind::Direct)
    .by("5551", None);
    store.insert(old, None).unwrap();
    let mut state = State::new(
        crate::support::service::default_policies(),
        now,
        "test".into(),
    );
    state.apply(Action::Service(tribune::service::Event::Loaded {
        inbox: tribune::service::Backlog::whole(store.all_messages().unwrap()),
        drafts: vec![],
        outbox: vec![],
        assigned: vec![],
        changes: 0,
    }));
    state.apply(Action::Reply);
    state.apply(Action::ComposerPaste("Sorry for the wait".into()));
    let effects = state.apply(Action::Send);
    assert!(
        effects.iter().all(|e| !matches!(
            e,
            tribune::app::Effect::Command(tribune::service::Command::SendReply { .. })
        )),
        "nothing is sent"
    );
    let said = state.notice.text.clone().unwrap_or_default();
    assert!(
        said.contains("within 24 hours") && said.contains("1d06"),
        "{said}"
    );
    assert!(
        state.replying.composer.is_some(),
        "the draft stays in the composer"
    );
}

#[test]
fn a_comment_answered_privately_goes_to_messenger_once() {
    let Some(fixtures) = fixtures_dir("meta/facebook") else {
        return;
    };
    if !tmux_available() {
        return;
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (tx, _rx) = mpsc::channel();
    let server = graph(&fixtures, seen.clone(), tx);
    let dir = tempfile::tempdir().unwrap();
    let (_, command) = console(dir.path(), &server);
    let tmux = Tmux::start("facebook-private", &command);
    tmux.wait_for("Boa noite");
    tmux.open_found("boa noite");
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("^o private");
    tmux.keys(&["C-o"]);
    tmux.wait_for("privately on Messenger");
    tmux.text("Olá! Enviamos os detalhes em privado.");
    tmux.send_reply();
    tmux.wait_for("answered after");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    let seen = seen.lock().unwrap();
    let posts: Vec<&Request> = seen
        .requests
        .iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(
        posts.len(),
        1,
        "one private reply, nothing under the comment"
    );
    assert_eq!(posts[0].target, format!("/v24.0/{PAGE}/messages"));
    let body: serde_json::Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"recipient": {"comment_id": COMMENT}, "message": {"text": "Olá! Enviamos os detalhes em privado."}})
    );
}

#[test]
fn a_private_reply_sent_again_after_a_crash_is_taken_as_sent() {
    use tribune::connectors::meta::{client::GraphClient, page::FacebookPoster};
    use tribune::connectors::post::{PostRequest, Poster};
    let Some(fixtures) = fixtures_dir("meta/facebook") else {
        return;
    };
    let seen = Arc::new(Mutex::new(Seen::default()));
    let (tx, _rx) = mpsc::channel();
    let server = graph(&fixtures, seen.clone(), tx);
    let poster = FacebookPoster {
        client: GraphClient::new(&server.base_url(), TOKEN.into()).unwrap(),
        page_id: PAGE.into(),
    };
    let request = PostRequest {
        channel: tribune::model::Channel::Facebook,
        text: "Details in private".into(),
        in_reply_to: COMMENT.into(),
        idempotency_key: "k1".into(),
        mention: None,
        direct: false,
        private: true,
    };
    let first = crate::support::block_on(poster.post(request.clone())).unwrap();
    assert_eq!(first.external_id, "m_private0");
    // The second is refused by Meta (one per comment): it went out before, so it is sent.
    let again = crate::support::block_on(poster.post(request)).unwrap();
    assert_eq!(again.external_id, format!("private-reply-{COMMENT}"));
    assert_eq!(seen.lock().unwrap().replies.len(), 1);
}
