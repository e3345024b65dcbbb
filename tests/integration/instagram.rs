//! An Instagram professional account against a loopback Graph API answering with recorded
//! responses (the shared fixtures): comments, a reply under a comment and a tagged media arrive
//! in the inbox; a reply to a reply goes to its first comment's thread, once, with the right
//! request, and the composer says where it goes.

use crate::support::http::{Request, Response, Server, url_form};
use crate::support::{Tmux, console_command, fixtures_dir, tmux_available};
use std::sync::{Arc, Mutex};

const TOKEN: &str = "ig-token-77ab";
const IG: &str = "17841407673135339";
/// The recorded comment the recorded reply answers.
const TOP: &str = "17858154961981086";
const REPLY: &str = "17847314687296283";

#[derive(Default)]
struct Seen {
    requests: Vec<Request>,
    /// Told when the first reply is created; its answer is then held (tribune is killed).
    hold_first: Option<std::sync::mpsc::Sender<()>>,
    /// Replies created under a top-level comment: (comment, id, text).
    created: Vec<(String, String, String)>,
}

fn json(body: String) -> Response {
    Response {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            (
                "x-app-usage".into(),
                r#"{"call_count":12,"total_cputime":3,"total_time":4}"#.into(),
            ),
        ],
        body,
    }
}

fn graph(dir: &std::path::Path, seen: Arc<Mutex<Seen>>) -> Server {
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let user = read("users_user_fields.json");
    let insights = read("users_user_insights_new.json");
    let media: serde_json::Value = serde_json::from_str(&read("users_medias_p1.json")).unwrap();
    let first_media = media["data"][0]["id"].as_str().unwrap().to_string();
    let mut comments: serde_json::Value =
        serde_json::from_str(&read("medias_comments_p1.json")).unwrap();
    // The recorded reply, nested under its comment as `replies{…}` returns it.
    comments["data"][0]["replies"] = serde_json::from_str(&read("comments_replies.json")).unwrap();
    let media = media.to_string();
    Server::start(Arc::new(move |r: &Request| {
        seen.lock().unwrap().requests.push(r.clone());
        if r.headers.get("authorization").map(String::as_str) != Some(&format!("Bearer {TOKEN}")) {
            return Response {
                status: 400,
                headers: vec![],
                body: r#"{"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}}"#.into(),
            };
        }
        let path = r.target.split('?').next().unwrap_or("");
        let path = path.strip_prefix("/v24.0/").unwrap_or(path);
        match (r.method.as_str(), path) {
            ("GET", p) if p == IG => json(user.clone()),
            ("GET", p) if p == format!("{IG}/media") => json(media.clone()),
            ("GET", p) if p == format!("{IG}/insights") => json(insights.clone()),
            ("GET", p) if p == format!("{IG}/tags") => json(
                r#"{"data":[{"id":"55","caption":"Our first latte art with @facebookfordevelopers","timestamp":"2026-11-20T09:00:00+0000","username":"ana.barista","permalink":"https://www.instagram.com/p/X55/"}]}"#.into(),
            ),
            ("GET", p) if p == format!("{first_media}/comments") => json(comments.to_string()),
            ("GET", p) if p.ends_with("/comments") => json(r#"{"data":[]}"#.into()),
            ("GET", p) if p == REPLY => json(format!(r#"{{"id":"{REPLY}","parent_id":"{TOP}"}}"#)),
            ("GET", p) if p.ends_with("/replies") => {
                let on = p.trim_end_matches("/replies");
                let data: Vec<serde_json::Value> = seen
                    .lock()
                    .unwrap()
                    .created
                    .iter()
                    .filter(|(c, _, _)| c == on)
                    .map(|(_, id, text)| serde_json::json!({"id": id, "text": text, "timestamp": "2026-11-20T10:00:00+0000", "username": "facebookfordevelopers"}))
                    .collect();
                json(serde_json::json!({ "data": data }).to_string())
            }
            ("GET", p) => json(format!(r#"{{"id":"{p}"}}"#)),
            ("POST", p) if p.ends_with("/replies") => {
                let on = p.trim_end_matches("/replies").to_string();
                let text = url_form(&r.body).get("message").cloned().unwrap_or_default();
                let mut s = seen.lock().unwrap();
                let id = format!("1790000000000{}", s.created.len());
                s.created.push((on, id.clone(), text));
                if let Some(first) = s.hold_first.take() {
                    drop(s);
                    let _ = first.send(());
                    std::thread::sleep(std::time::Duration::from_secs(5));
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

/// The console's data folder and shell line, on an Instagram account served by `server`.
fn console(dir: &std::path::Path, server: &Server) -> (std::path::PathBuf, String) {
    let config = dir.join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"instagram\"\nname = \"brand\"\nig_user_id = \"{IG}\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_IG_TOKEN\"\npoll_interval = \"2s\"\n\n[outbox]\nundo_window = \"0s\"\n",
            server.base_url()
        ),
    )
    .unwrap();
    let data = dir.join("data");
    let command = console_command(&data, &config, &[("TRIBUNE_TEST_IG_TOKEN", TOKEN)]);
    (data, command)
}

#[test]
fn comments_and_mentions_arrive_and_a_reply_to_a_reply_goes_to_its_first_comment() {
    let Some(fixtures) = fixtures_dir("meta/instagram") else {
        return;
    };
    if !tmux_available() {
        return;
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let server = graph(&fixtures, seen.clone());
    let dir = tempfile::tempdir().unwrap();
    let (data, command) = console(dir.path(), &server);
    let tmux = Tmux::start("instagram", &command);
    // The recorded comments, the reply under one, and a tagged post as a mention.
    tmux.wait_for("Beautiful!");
    tmux.wait_for("nihao");
    let screen = tmux.wait_for("latte art");
    assert!(
        screen.contains("IG men") && screen.contains("IG cmt"),
        "{screen}"
    );
    tmux.open_found("nihao");
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("in its first comment's thread");
    tmux.text("Thank you! 🙏");
    tmux.send_reply();
    tmux.wait_for("(brand · ");
    // The dashboard: followers and the day's reach, views and interactions from the recorded
    // insights (64,363 followers; 14,516,883 accounts reached).
    tmux.keys(&["D"]);
    let dashboard = tmux.wait_for("14.5M");
    assert!(dashboard.contains("64.4k"), "{dashboard}");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("14.5M");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");

    let seen = seen.lock().unwrap();
    let posts: Vec<&Request> = seen
        .requests
        .iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "one reply posted");
    assert_eq!(
        posts[0].target,
        format!("/v24.0/{TOP}/replies"),
        "to the first comment"
    );
    assert_eq!(
        url_form(&posts[0].body).get("message").map(String::as_str),
        Some("Thank you! 🙏")
    );
    assert!(seen.requests.iter().all(|r| !r.target.contains(TOKEN)));
    // Insights by their current names, not the retired `impressions`.
    let asked = seen
        .requests
        .iter()
        .find(|r| r.target.starts_with(&format!("/v24.0/{IG}/insights?")))
        .expect("insights asked for");
    assert!(
        asked
            .target
            .contains("metric=reach%2Cviews%2Ctotal_interactions"),
        "{}",
        asked.target
    );
    assert!(!asked.target.contains("impressions"));
    let store = tribune::store::Store::open(&data.join("store")).unwrap();
    let replies: Vec<_> = store
        .all_messages()
        .unwrap()
        .into_iter()
        .filter(|m| !m.is_inbound())
        .collect();
    assert_eq!(replies.len(), 1, "{replies:#?}");
}

#[test]
fn a_reply_whose_answer_never_came_back_is_not_posted_again_after_kill_9() {
    let Some(fixtures) = fixtures_dir("meta/instagram") else {
        return;
    };
    if !tmux_available() {
        return;
    }
    let (first_tx, first_rx) = std::sync::mpsc::channel();
    let seen = Arc::new(Mutex::new(Seen {
        hold_first: Some(first_tx),
        ..Seen::default()
    }));
    let server = graph(&fixtures, seen.clone());
    let dir = tempfile::tempdir().unwrap();
    let (_, command) = console(dir.path(), &server);
    let open_beautiful = |tmux: &Tmux| {
        tmux.wait_for("nihao");
        tmux.open_found("nihao");
    };
    let tmux = Tmux::start("instagram-kill", &command);
    open_beautiful(&tmux);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Xièxie!");
    tmux.send_reply();
    first_rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the reply reaches Graph");
    tmux.kill_9_tribune();
    tmux.run(&["kill-session", "-t", "e2e"]);

    let tmux = Tmux::start("instagram-kill2", &command);
    open_beautiful(&tmux);
    tmux.wait_for("Xièxie!");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    let seen = seen.lock().unwrap();
    let posts = seen.requests.iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 1, "posted once");
    assert_eq!(seen.created.len(), 1);
}
