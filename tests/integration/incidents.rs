//! Incidents from the command line: a burst imported, an incident opened on its query from
//! a moment on, a message imported later joining it, a note, the close, the list, and the
//! report's figures against ones worked out by hand.

use crate::report::{line, reply, tribune};
use serde_json::{Value, json};

fn import(dir: &std::path::Path, name: &str, lines: &[String]) {
    let file = dir.join(name);
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = tribune(dir, &["import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let out = tribune(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_incident_holds_its_burst_and_late_arrivals_and_reports_figures_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tribune.toml"), "").unwrap();
    let none = json!({});
    let m = |id: &str, at: &str, text: &str| {
        line(id, "mastodon", "inbound", "mention", at, text, none.clone())
    };
    import(
        dir.path(),
        "burst.jsonl",
        &[
            // Before the incident starts: not part of it.
            m("b0", "2026-11-20T09:50:00Z", "My parcel is late"),
            m(
                "b1",
                "2026-11-20T10:02:00Z",
                "Parcel never arrived, refund me",
            ),
            m(
                "b2",
                "2026-11-20T10:05:00Z",
                "Where is my parcel? Still waiting",
            ),
            m("b3", "2026-11-20T10:14:00Z", "Parcel lost again, terrible"),
            // Not found by the query.
            m("b4", "2026-11-20T10:21:00Z", "Do you sell gift cards?"),
            // First responses: 600 s (ana) and 1800 s (bob).
            reply("r1", "mastodon", "b1", "2026-11-20T10:12:00Z", Some("ana")),
            reply("r2", "mastodon", "b2", "2026-11-20T10:35:00Z", Some("bob")),
        ],
    );
    let opened = ok(
        dir.path(),
        &[
            "incidents",
            "open",
            "parcels",
            "--query",
            "parcel",
            "--since",
            "2026-11-20T10:00:00Z",
        ],
    );
    assert!(opened.contains("Incident parcels opened"), "{opened}");
    // A second incident of that name, or a bad query, is one sentence and a failure.
    let again = tribune(
        dir.path(),
        &["incidents", "open", "Parcels", "--query", "x"],
    );
    assert!(!again.status.success());
    let bad = tribune(
        dir.path(),
        &["incidents", "open", "x", "--query", "chanel:ig"],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--query"));

    // A message arriving after the incident was opened joins it.
    import(
        dir.path(),
        "later.jsonl",
        &[m("b5", "2026-11-20T10:40:00Z", "My parcel is broken")],
    );
    ok(
        dir.path(),
        &[
            "incidents",
            "note",
            "parcels",
            "Carrier confirms a depot outage",
        ],
    );
    ok(dir.path(), &["incidents", "close", "parcels"]);
    let list = ok(dir.path(), &["incidents"]);
    assert!(list.starts_with("parcels  · closed"), "{list}");

    let report: Value = serde_json::from_str(&ok(
        dir.path(),
        &["report", "--incident", "parcels", "--json"],
    ))
    .unwrap();
    let totals = &report["report"];
    assert_eq!(totals["inbound"], json!(4));
    assert_eq!(
        (&totals["answered"], &totals["unanswered"]),
        (&json!(2), &json!(2))
    );
    assert_eq!(
        totals["first_response"],
        json!({"median_s": 1200.0, "p90_s": 1800.0})
    );
    let agents = &report["report"]["by_agent"];
    assert_eq!(agents["ana"]["first_responses"], json!(1));
    assert_eq!(agents["bob"]["first_responses"], json!(1));
    // Per 10 minutes from 10:00: b1 b2 (both answered), b3, nothing, nothing, b5.
    let slots: Vec<(u64, u64)> = report["per_10_min"]
        .as_array()
        .unwrap()
        .iter()
        .take(6)
        .map(|s| {
            (
                s["count"].as_u64().unwrap(),
                s["answered"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(slots, [(2, 2), (1, 0), (0, 0), (0, 0), (1, 0), (0, 0)]);
    let negatives: u64 = report["per_10_min"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["negative"].as_u64().unwrap())
        .sum();
    assert_eq!(negatives, 4);
    assert_eq!(report["top_words"][0], json!(["parcel", 4]));
    assert_eq!(
        report["incident"]["timeline"][0]["text"],
        json!("Carrier confirms a depot outage")
    );

    // The audit log keeps who opened, noted and closed it.
    let store = tribune::store::Store::open(&dir.path().join("store")).unwrap();
    let actions: Vec<String> = store
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("incident"))
        .collect();
    assert_eq!(
        actions,
        ["incident_open", "incident_note", "incident_close"]
    );
}
