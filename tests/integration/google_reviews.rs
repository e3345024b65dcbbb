//! Google Business Profile reviews against a loopback server answering as Google documents
//! its token endpoint and `reviews.list` / `reviews.updateReply` (no recorded traffic with a
//! usable licence exists: the shapes are the reference's): reviews arrive with their stars over
//! two pages, the reply is one `PUT` of the right shape, access tokens are renewed before they
//! expire and never shown, and a revoked refresh token is said in one line.

use crate::support::http::{Request, Response, Server, url_form};
use crate::support::{Tmux, console_command, tmux_available, walk};
use std::sync::{Arc, Mutex};

const CLIENT_SECRET: &str = "gcs-secret-91aa";
const REFRESH: &str = "1//refresh-token-5c3e";
const LOCATION: &str = "accounts/108/locations/204";

#[derive(Default)]
struct Seen {
    requests: Vec<Request>,
    /// Told when the first reply is written; its answer is then held (tribune is killed).
    hold_first: Option<std::sync::mpsc::Sender<()>>,
    tokens_issued: usize,
    reply: Option<(String, String)>,
}

fn json(status: u16, body: String) -> Response {
    Response {
        status,
        headers: vec![(
            "content-type".into(),
            "application/json; charset=UTF-8".into(),
        )],
        body,
    }
}

fn google(seen: Arc<Mutex<Seen>>) -> Server {
    Server::start(Arc::new(move |r: &Request| {
        let mut s = seen.lock().unwrap();
        s.requests.push(r.clone());
        let path = r.target.split('?').next().unwrap_or("");
        if r.method == "POST" && path == "/token" {
            let form = url_form(&r.body);
            if form.get("refresh_token").map(String::as_str) != Some(REFRESH)
                || form.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET)
            {
                return json(400, r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#.into());
            }
            s.tokens_issued += 1;
            // A token good for one second past the minute tribune renews ahead of: renewed
            // at every poll.
            return json(
                200,
                format!(
                    r#"{{"access_token":"ya29.access-{}","expires_in":61,"scope":"https://www.googleapis.com/auth/business.manage","token_type":"Bearer"}}"#,
                    s.tokens_issued
                ),
            );
        }
        let current = format!("Bearer ya29.access-{}", s.tokens_issued);
        if r.headers.get("authorization") != Some(&current) {
            return json(401, r#"{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}"#.into());
        }
        let reviews = format!("/v4/{LOCATION}/reviews");
        let performance = "/v1/locations/204:fetchMultiDailyMetricsTimeSeries";
        match (r.method.as_str(), path) {
            // Yesterday's figures, as the Performance API sends them (counts as strings).
            ("GET", p) if p == performance => {
                let yesterday = jiff::tz::TimeZone::UTC
                    .to_datetime(jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24))
                    .date();
                let date = format!(r#"{{"year":{},"month":{},"day":{}}}"#, yesterday.year(), yesterday.month(), yesterday.day());
                json(200, format!(
                    r#"{{"multiDailyMetricTimeSeries":[{{"dailyMetricTimeSeries":[
                        {{"dailyMetric":"BUSINESS_IMPRESSIONS_MOBILE_SEARCH","timeSeries":{{"datedValues":[{{"date":{date},"value":"4000"}}]}}}},
                        {{"dailyMetric":"BUSINESS_IMPRESSIONS_DESKTOP_MAPS","timeSeries":{{"datedValues":[{{"date":{date},"value":"321"}}]}}}},
                        {{"dailyMetric":"WEBSITE_CLICKS","timeSeries":{{"datedValues":[{{"date":{date},"value":"30"}}]}}}},
                        {{"dailyMetric":"CALL_CLICKS","timeSeries":{{"datedValues":[{{"date":{date},"value":"12"}}]}}}}
                    ]}}]}}"#
                ))
            }
            ("GET", p) if p == reviews && r.target.contains("pageToken=page-2") => json(200, format!(
                r#"{{"reviews":[{{"name":"{LOCATION}/reviews/r2","reviewId":"r2","reviewer":{{"isAnonymous":true}},"starRating":"FIVE","createTime":"2026-11-10T10:00:00Z","updateTime":"2026-11-10T10:00:00Z"}}],"averageRating":3.5,"totalReviewCount":2}}"#
            )),
            ("GET", p) if p == reviews => {
                let reply = s.reply.as_ref().map(|(text, at)| format!(r#","reviewReply":{{"comment":"{text}","updateTime":"{at}"}}"#)).unwrap_or_default();
                json(200, format!(
                    r#"{{"reviews":[{{"name":"{LOCATION}/reviews/r1","reviewId":"r1","reviewer":{{"displayName":"Paula M.","profilePhotoUrl":"https://lh3.googleusercontent.com/p","isAnonymous":false}},"starRating":"TWO","comment":"Cold coffee and a long wait at the Lyon shop.","createTime":"2026-11-28T09:00:00Z","updateTime":"2026-11-28T09:00:00Z"{reply}}}],"averageRating":3.5,"totalReviewCount":2,"nextPageToken":"page-2"}}"#
                ))
            }
            ("PUT", p) if p == format!("{reviews}/r1/reply") => {
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap_or_default();
                let text = body["comment"].as_str().unwrap_or_default().to_string();
                let at = "2026-11-29T10:00:00Z".to_string();
                s.reply = Some((text.clone(), at.clone()));
                if let Some(first) = s.hold_first.take() {
                    drop(s);
                    let _ = first.send(());
                    std::thread::sleep(std::time::Duration::from_secs(5));
                }
                json(200, serde_json::json!({"comment": text, "updateTime": at}).to_string())
            }
            _ => json(404, r#"{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}"#.into()),
        }
    }))
}

fn config(dir: &std::path::Path, base: &str) -> std::path::PathBuf {
    let config = dir.join("tribune.toml");
    std::fs::write(
        &config,
        format!(
            "[[account]]\nchannel = \"google_reviews\"\nname = \"Nova Café\"\nlocation = \"{LOCATION}\"\nbase_url = \"{base}\"\noauth_env_prefix = \"TRIBUNE_TEST_GOOGLE\"\npoll_interval = \"2s\"\n\n[outbox]\nundo_window = \"0s\"\n"
        ),
    )
    .unwrap();
    config
}

#[test]
fn reviews_arrive_over_two_pages_and_the_reply_is_one_put_with_tokens_renewed_unseen() {
    if !tmux_available() {
        return;
    }
    let seen = Arc::new(Mutex::new(Seen::default()));
    let server = google(seen.clone());
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &server.base_url());
    let data = dir.path().join("data");
    let command = console_command(
        &data,
        &config,
        &[
            (
                "TRIBUNE_TEST_GOOGLE_CLIENT_ID",
                "client-1.apps.googleusercontent.com",
            ),
            ("TRIBUNE_TEST_GOOGLE_CLIENT_SECRET", CLIENT_SECRET),
            ("TRIBUNE_TEST_GOOGLE_REFRESH_TOKEN", REFRESH),
        ],
    );
    let tmux = Tmux::start("google", &command);
    tmux.wait_for("Cold coffee");
    let screen = tmux.wait_for("5★");
    assert!(
        screen.contains("GR rev") && screen.contains("2★"),
        "{screen}"
    );
    tmux.open_found("cold coffee");
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Sorry Paula, a new barista starts Monday.");
    tmux.send_reply();
    tmux.wait_for("answered after");
    // The next polls read the reply back: still one reply in the thread.
    let before = seen.lock().unwrap().tokens_issued;
    while seen.lock().unwrap().tokens_issued < before + 2 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let screen = tmux.screen();
    assert_eq!(
        screen.matches("a new barista starts Monday").count(),
        1,
        "{screen}"
    );
    // The dashboard: the location's impressions and actions from the Performance API.
    tmux.keys(&["D"]);
    let dashboard = tmux.wait_for("4.3k");
    assert!(dashboard.contains("42"), "{dashboard}");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("4.3k");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    let scrollback = tmux.run(&["capture-pane", "-p", "-S", "-", "-t", "e2e"]);

    let seen = seen.lock().unwrap();
    let puts: Vec<&Request> = seen.requests.iter().filter(|r| r.method == "PUT").collect();
    assert_eq!(puts.len(), 1, "one reply");
    assert_eq!(puts[0].target, format!("/v4/{LOCATION}/reviews/r1/reply"));
    let body: serde_json::Value = serde_json::from_str(&puts[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"comment": "Sorry Paula, a new barista starts Monday."})
    );
    let asked = seen
        .requests
        .iter()
        .find(|r| r.target.contains("fetchMultiDailyMetricsTimeSeries"))
        .expect("the daily figures were asked for");
    assert!(
        asked.target.contains("dailyMetrics=WEBSITE_CLICKS"),
        "{}",
        asked.target
    );
    // Both pages were read, newest first.
    assert!(
        seen.requests
            .iter()
            .any(|r| r.target.contains("pageToken=page-2"))
    );
    assert!(
        seen.requests
            .iter()
            .any(|r| r.target.contains("orderBy=updateTime+desc")
                || r.target.contains("orderBy=updateTime%20desc"))
    );
    // Tokens were renewed as they expired, and no secret reached the screen or a file.
    assert!(seen.tokens_issued >= 3, "{}", seen.tokens_issued);
    for secret in [CLIENT_SECRET, REFRESH, "ya29.access-"] {
        assert!(!scrollback.contains(secret), "{secret} on screen");
        for file in walk(dir.path()) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{secret} in {}",
                file.display()
            );
        }
    }
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
fn a_revoked_refresh_token_is_said_in_one_line() {
    let server = google(Arc::new(Mutex::new(Seen::default())));
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &server.base_url());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("--config")
        .arg(&config)
        .arg("doctor")
        .env("TRIBUNE_TEST_GOOGLE_CLIENT_ID", "client-1")
        .env("TRIBUNE_TEST_GOOGLE_CLIENT_SECRET", CLIENT_SECRET)
        .env("TRIBUNE_TEST_GOOGLE_REFRESH_TOKEN", "1//revoked")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    let line = said
        .lines()
        .find(|l| l.contains("google_reviews:"))
        .unwrap();
    assert!(line.contains("revoked or has expired"), "{line}");
    assert!(line.contains("TRIBUNE_TEST_GOOGLE_*"), "{line}");
    assert!(
        !said.contains(CLIENT_SECRET) && !said.contains("1//revoked"),
        "{said}"
    );
}

#[test]
fn a_reply_put_again_after_kill_9_is_still_one_reply() {
    if !tmux_available() {
        return;
    }
    let (first_tx, first_rx) = std::sync::mpsc::channel();
    let seen = Arc::new(Mutex::new(Seen {
        hold_first: Some(first_tx),
        ..Seen::default()
    }));
    let server = google(seen.clone());
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path(), &server.base_url());
    let data = dir.path().join("data");
    let command = console_command(
        &data,
        &config,
        &[
            (
                "TRIBUNE_TEST_GOOGLE_CLIENT_ID",
                "client-1.apps.googleusercontent.com",
            ),
            ("TRIBUNE_TEST_GOOGLE_CLIENT_SECRET", CLIENT_SECRET),
            ("TRIBUNE_TEST_GOOGLE_REFRESH_TOKEN", REFRESH),
        ],
    );
    let open = |tmux: &Tmux| {
        tmux.wait_for("Cold coffee");
        tmux.open_found("cold coffee");
    };
    let tmux = Tmux::start("google-kill", &command);
    open(&tmux);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("We are sorry, Paula.");
    tmux.send_reply();
    first_rx
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the reply reaches Google");
    tmux.kill_9_tribune();
    tmux.run(&["kill-session", "-t", "e2e"]);

    let tmux = Tmux::start("google-kill2", &command);
    open(&tmux);
    tmux.wait_for("answered after");
    let screen = tmux.wait_for("We are sorry, Paula.");
    assert_eq!(
        screen.matches("We are sorry, Paula.").count(),
        1,
        "{screen}"
    );
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    drop(tmux);
    let store = tribune::store::Store::open(&data.join("store")).unwrap();
    let replies: Vec<_> = store
        .all_messages()
        .unwrap()
        .into_iter()
        .filter(|m| !m.is_inbound())
        .collect();
    assert_eq!(replies.len(), 1, "{replies:#?}");
    assert_eq!(
        seen.lock().unwrap().reply.as_ref().map(|(t, _)| t.as_str()),
        Some("We are sorry, Paula.")
    );
}
