//! A known week imported from JSONL, then `tribune report --as-of … --json` checked field by
//! field against figures worked out by hand below.
//!
//! Calendar: Europe/Paris, Monday–Friday 09:00–18:00 (UTC+1 in November). Policies:
//! negative within 1 business hour, everything else within 24. The report is taken on
//! Friday 20 November 2026 at 18:00 Paris (17:00Z), over the 7 days before.

use serde_json::{Value, json};
use std::process::Command;

const CONFIG: &str = r#"
[sla]
timezone = "Europe/Paris"
business_days = ["mon", "tue", "wed", "thu", "fri"]
business_hours = "09:00-18:00"
warn_at = 0.75

[[sla.policy]]
name = "criticism"
match = { sentiment = "neg" }
first_response = "1h"

[[sla.policy]]
name = "default"
first_response = "24h"
"#;

pub(crate) fn line(
    id: &str,
    channel: &str,
    direction: &str,
    kind: &str,
    at: &str,
    text: &str,
    extra: Value,
) -> String {
    let mut v = json!({
        "channel": channel, "account": "brand", "external_id": id, "kind": kind,
        "direction": direction, "author": {"handle": format!("@{id}")}, "text": text,
        "created_at": at, "lang": "en",
    });
    if let (Value::Object(base), Value::Object(more)) = (&mut v, extra) {
        base.extend(more);
    }
    v.to_string()
}

/// The brand's reply `id` to `to`, written by `agent` (None: sent from elsewhere).
pub(crate) fn reply(id: &str, channel: &str, to: &str, at: &str, agent: Option<&str>) -> String {
    let author = match agent {
        Some(a) => json!({"handle": "@brand", "name": a}),
        None => json!({"handle": "@brand"}),
    };
    line(
        id,
        channel,
        "outbound",
        "comment",
        at,
        "Thanks for telling us, we are on it.",
        json!({"in_reply_to": to, "author": author}),
    )
}

fn scenario() -> String {
    let none = json!({});
    [
        // Before the period: ignored.
        line(
            "m8",
            "mastodon",
            "inbound",
            "mention",
            "2026-11-10T09:00:00Z",
            "This is terrible",
            none.clone(),
        ),
        reply("r8", "mastodon", "m8", "2026-11-10T09:10:00Z", Some("ana")),
        // Monday 10:00 Paris, negative: due 11:00, answered 10:30 (1800 s, in time).
        line(
            "m1",
            "mastodon",
            "inbound",
            "mention",
            "2026-11-16T09:00:00Z",
            "This is terrible, worst service ever",
            none.clone(),
        ),
        reply("r1", "mastodon", "m1", "2026-11-16T09:30:00Z", Some("ana")),
        // Monday 11:00, neutral: due Wednesday 17:00 Paris; answered Tuesday (86400 s, in time).
        line(
            "m2",
            "mastodon",
            "inbound",
            "mention",
            "2026-11-16T10:00:00Z",
            "Do you ship to Belgium?",
            none.clone(),
        ),
        // The customer of m1 writes again after the answer: the thread needs a reply again.
        line(
            "m10",
            "mastodon",
            "inbound",
            "mention",
            "2026-11-16T12:00:00Z",
            "Still not fixed, this is terrible",
            json!({"in_reply_to": "r1"}),
        ),
        reply(
            "r10",
            "mastodon",
            "m10",
            "2026-11-16T12:20:00Z",
            Some("ana"),
        ),
        reply("r2", "mastodon", "m2", "2026-11-17T10:00:00Z", Some("ben")),
        // Tuesday 17:30 Paris, negative: due Wednesday 09:30; answered 10:00 (59400 s, late).
        line(
            "m3",
            "facebook",
            "inbound",
            "comment",
            "2026-11-17T16:30:00Z",
            "Awful, my order is wrong and the staff were rude",
            none.clone(),
        ),
        reply("r3", "facebook", "m3", "2026-11-18T09:00:00Z", None),
        // Wednesday, positive, never answered; due next Monday: not yet counted.
        line(
            "m4",
            "facebook",
            "inbound",
            "comment",
            "2026-11-18T12:00:00Z",
            "Thanks, lovely coffee!",
            none.clone(),
        ),
        // Thursday 09:00 Paris, a 1-star review: due 10:00, never answered (breached).
        line(
            "m5",
            "google_reviews",
            "inbound",
            "review",
            "2026-11-19T08:00:00Z",
            "Terrible",
            json!({"rating": 1}),
        ),
        // Friday: a 5-star review, a neutral question answered only after the report time,
        // and a negative at 17:30 Paris, due Monday 09:30.
        line(
            "m6",
            "google_reviews",
            "inbound",
            "review",
            "2026-11-20T10:00:00Z",
            "Great coffee, lovely staff",
            json!({"rating": 5}),
        ),
        line(
            "m9",
            "facebook",
            "inbound",
            "comment",
            "2026-11-20T09:00:00Z",
            "Can I change my delivery address?",
            none.clone(),
        ),
        line(
            "m7",
            "mastodon",
            "inbound",
            "mention",
            "2026-11-20T16:30:00Z",
            "Still broken, terrible",
            none,
        ),
        reply("r9", "facebook", "m9", "2026-11-20T18:00:00Z", Some("ben")),
    ]
    .join("\n")
}

pub(crate) fn tribune(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tribune"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--config")
        .arg(dir.join("tribune.toml"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_known_week_gives_the_figures_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tribune.toml"), CONFIG).unwrap();
    let file = dir.path().join("week.jsonl");
    std::fs::write(&file, scenario()).unwrap();
    let import = tribune(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );

    let out = tribune(
        dir.path(),
        &[
            "report",
            "--as-of",
            "2026-11-20T17:00:00Z",
            "--since",
            "7d",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Value = serde_json::from_slice(&out.stdout).expect("one JSON object on stdout");

    assert_eq!(r["as_of"], "2026-11-20T17:00:00Z");
    assert_eq!(r["since"], "2026-11-13T17:00:00Z");
    // m1 m2 m3 m4 m5 m6 m7 m9 m10; m8 is older.
    assert_eq!(r["inbound"], 9);
    // m1 (1800 s), m10 (1200 s), m2 (86400 s), m3 (59400 s); m9's reply came after.
    assert_eq!(r["answered"], 4);
    assert_eq!(r["unanswered"], 5);
    // Sorted 1200, 1800, 59400, 86400: median (1800 + 59400) / 2, p90 the 4th of 4.
    assert_eq!(
        r["first_response"],
        json!({"median_s": 30600.0, "p90_s": 86400.0})
    );
    // Counted: the four answered (m3 late) and m5, whose deadline passed: 3 of 5.
    assert_eq!(r["within_sla_pct"], 60.0);
    assert_eq!(r["breached_open"], 1);
    // m5, written Thursday 08:00Z: 33 hours before the report.
    assert_eq!(r["oldest_unanswered_negative_s"], 118800);
    assert_eq!(
        r["sentiment"],
        json!({"pos": 2, "neu": 2, "neg": 5, "set_by_agent": 0})
    );
    assert_eq!(
        r["reviews"],
        json!({"count": 2, "avg_rating": 3.0, "csat_pct": 50.0})
    );

    let mastodon = &r["by_channel"]["mastodon"];
    assert_eq!(
        (mastodon["inbound"].clone(), mastodon["answered"].clone()),
        (json!(4), json!(3))
    );
    assert_eq!(
        mastodon["first_response"],
        json!({"median_s": 1800.0, "p90_s": 86400.0})
    );
    assert_eq!(mastodon["within_sla_pct"], 100.0);

    // The same report of what a query finds: Mastodon's messages and the replies to them
    // (the figures of its line above).
    let out = tribune(
        dir.path(),
        &[
            "report",
            "--as-of",
            "2026-11-20T17:00:00Z",
            "--json",
            "--query",
            "channel:mastodon",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let q: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (q["inbound"].clone(), q["answered"].clone()),
        (json!(4), json!(3))
    );
    assert_eq!(q["first_response"], mastodon["first_response"]);
    assert_eq!(q["by_channel"].as_object().unwrap().len(), 1);
    // A mistake is one sentence, pointing at it.
    let out = tribune(dir.path(), &["report", "--query", "sentiment:angry"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--query at 11: sentiment: takes pos, neu or neg"),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert_eq!(mastodon["oldest_unanswered_negative_s"], 1800);
    let facebook = &r["by_channel"]["facebook"];
    assert_eq!(
        (facebook["inbound"].clone(), facebook["answered"].clone()),
        (json!(3), json!(1))
    );
    assert_eq!(facebook["within_sla_pct"], 0.0);
    assert_eq!(facebook["oldest_unanswered_negative_s"], Value::Null);
    let reviews = &r["by_channel"]["google_reviews"];
    assert_eq!(
        (reviews["inbound"].clone(), reviews["breached_open"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        reviews["first_response"],
        json!({"median_s": null, "p90_s": null})
    );
    assert_eq!(reviews["reviews"]["csat_pct"], 50.0);

    assert_eq!(
        r["by_agent"],
        json!({
            "ana": {"replies": 2, "first_responses": 2, "first_response": {"median_s": 1500.0, "p90_s": 1800.0}},
            "ben": {"replies": 1, "first_responses": 1, "first_response": {"median_s": 86400.0, "p90_s": 86400.0}},
            "elsewhere": {"replies": 1, "first_responses": 1, "first_response": {"median_s": 59400.0, "p90_s": 59400.0}},
        })
    );
    assert_eq!(
        r["by_day"],
        json!([
            {"date": "2026-11-16", "inbound": 3, "answered": 3, "median_s": 1800.0, "within_sla_pct": 100.0},
            {"date": "2026-11-17", "inbound": 1, "answered": 1, "median_s": 59400.0, "within_sla_pct": 0.0},
            {"date": "2026-11-18", "inbound": 1, "answered": 0, "median_s": null, "within_sla_pct": null},
            {"date": "2026-11-19", "inbound": 1, "answered": 0, "median_s": null, "within_sla_pct": 0.0},
            {"date": "2026-11-20", "inbound": 3, "answered": 0, "median_s": null, "within_sla_pct": null},
        ])
    );
}

#[test]
fn bad_arguments_get_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tribune.toml"), CONFIG).unwrap();
    let out = tribune(dir.path(), &["report", "--json"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("There is no store"));
    let out = tribune(dir.path(), &["report", "--as-of", "yesterday"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not an RFC 3339 time"));
}
