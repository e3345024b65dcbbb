//! `tribune import` and `tribune export` as a user runs them.

use crate::support::tribune;

use std::process::Command;
use tribune::model::Channel;
use tribune::store::Store;

const FILE: &str = r#"{"channel":"mastodon","account":"@brand@example.social","external_id":"109","kind":"mention","direction":"inbound","author":{"handle":"@ana@example.org","name":"Ana","followers":1200},"text":"Ma commande n'est jamais arrivée…","created_at":"2026-11-20T09:15:00Z","in_reply_to":null,"rating":null,"url":"https://example.social/@ana/109","lang":"fr"}
{"channel":"mastodon","external_id":"110","direction":"outbound","text":"Bonjour Ana, nous regardons tout de suite.","created_at":"2026-11-20T09:42:30Z","in_reply_to":"109"}
this is not json
{"channel":"google_reviews","external_id":"r1","kind":"review","direction":"inbound","author":{"handle":"Bob D."},"text":"Great coffee","created_at":"2026-11-19T18:00:00Z","rating":5}
{"channel":"friendster","external_id":"x","direction":"inbound","text":"?","created_at":"2026-11-20T09:15:00Z"}

{"channel":"bluesky","external_id":"b1","direction":"inbound","text":"no date"}
{"channel":"bluesky","external_id":"b2","direction":"inbound","text":"Love it 😍","created_at":"2026-11-20T10:00:00+01:00"}
"#;

#[test]
fn import_reports_bad_lines_links_replies_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("messages.jsonl");
    std::fs::write(&file, FILE).unwrap();

    let out = tribune(dir.path())
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Imported 4 new messages"), "{stdout}");
    assert!(stdout.contains("3 bad lines skipped"), "{stdout}");
    assert!(
        stderr.contains("messages.jsonl:3: skipped, not a JSON object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("messages.jsonl:5: skipped, unknown channel `friendster`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("messages.jsonl:7: skipped, the required field `created_at` is missing"),
        "{stderr}"
    );

    let again = tribune(dir.path())
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("Imported 0 new messages"), "{stdout}");
    assert!(stdout.contains("4 already stored"), "{stdout}");

    let store = Store::open(&dir.path().join("store")).unwrap();
    assert_eq!(store.message_count(), 4);
    let asked = store
        .find_external(Channel::Mastodon, "109")
        .unwrap()
        .unwrap();
    let reply = store
        .find_external(Channel::Mastodon, "110")
        .unwrap()
        .unwrap();
    assert_eq!(reply.conversation, asked.id);
    let first_response = asked.answered_at.unwrap().duration_since(asked.created_at);
    assert_eq!(first_response.as_secs(), 27 * 60 + 30);
}

#[test]
fn export_writes_jsonl_that_imports_back_into_an_empty_store() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("messages.jsonl");
    std::fs::write(&file, FILE).unwrap();
    assert!(
        tribune(dir.path())
            .arg("import")
            .arg(&file)
            .status()
            .unwrap()
            .success()
    );

    let out = tribune(dir.path()).arg("export").output().unwrap();
    assert!(out.status.success());
    let exported = String::from_utf8(out.stdout).unwrap();
    assert_eq!(exported.lines().count(), 4);
    assert!(
        exported.contains(r#""answered_at":"2026-11-20T09:42:30Z""#),
        "{exported}"
    );

    let other = tempfile::tempdir().unwrap();
    let round = other.path().join("round.jsonl");
    std::fs::write(&round, &exported).unwrap();
    let out = tribune(other.path())
        .arg("import")
        .arg(&round)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Imported 4 new messages"));
    let store = Store::open(&other.path().join("store")).unwrap();
    let asked = store
        .find_external(Channel::Mastodon, "109")
        .unwrap()
        .unwrap();
    assert!(
        asked.answered_at.is_some(),
        "the reply still answers its message after a round trip"
    );
}

#[test]
fn a_missing_file_is_one_clear_sentence_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = tribune(dir.path())
        .arg("import")
        .arg(dir.path().join("nope.jsonl"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("tribune: Cannot read"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn a_bad_config_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(&config, "[sla]\nwarn_at = 2\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tribune"))
        .arg("--data-dir")
        .arg(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("export")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tribune.toml, line 2, key `sla.warn_at`"),
        "{stderr}"
    );
}

#[test]
fn demo_generate_fills_the_demo_store_with_threads_reviews_and_samples_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_tribune"))
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--config")
            .arg(dir.path().join("none.toml"))
            .args(["demo", "generate", "--count", "3000", "--seed", "5"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("Generated 3000 demo messages"));
    {
        let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
        let messages = store.all_messages().unwrap();
        assert_eq!(messages.len(), 3000);
        let replies = messages.iter().filter(|m| !m.is_inbound()).count();
        assert!(replies > 500, "the brand answered much of it: {replies}");
        assert!(
            messages
                .iter()
                .any(|m| m.kind == tribune::model::Kind::Review && m.rating.is_some())
        );
        // Replies sit in their customer's thread, and answered messages know when.
        let answered = messages.iter().filter(|m| m.answered_at.is_some()).count();
        assert!(answered > 500, "{answered}");
        assert!(
            messages
                .iter()
                .filter(|m| m.is_inbound())
                .all(|m| m.sentiment.is_some())
        );
        let first = messages.iter().map(|m| m.created_at).min().unwrap();
        let span = jiff::Timestamp::now().duration_since(first);
        assert!(span.as_hours() > 24 * 300, "spread over the year: {span}");
        assert!(
            store.cursor("demo").unwrap().is_some(),
            "the live demo continues after it"
        );
    }
    // The same seed again adds nothing.
    let again = run();
    assert!(again.status.success());
    let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
    assert_eq!(store.message_count(), 3000);
}

#[test]
fn endless_input_a_directory_and_a_file_of_bad_lines_fail_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let import = |path: &std::path::Path| {
        tribune(dir.path())
            .arg("import")
            .arg(path)
            .output()
            .unwrap()
    };

    // /dev/zero: no newline ever comes; memory stays bounded and the import says why it stops.
    let endless = import(std::path::Path::new("/dev/zero"));
    let stderr = String::from_utf8_lossy(&endless.stderr);
    assert_eq!(endless.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("/dev/zero: line 1 goes on for over 256 MB"),
        "{stderr}"
    );
    assert!(stderr.contains("this is not a JSONL file"), "{stderr}");

    let folder = import(dir.path());
    let stderr = String::from_utf8_lossy(&folder.stderr);
    assert!(!folder.status.success());
    assert!(
        stderr.contains(&format!("{} is a directory", dir.path().display())),
        "{stderr}"
    );

    let garbage = dir.path().join("garbage.jsonl");
    std::fs::write(&garbage, "not json\n{\"also\": \"not a message\"}\n").unwrap();
    let all_bad = import(&garbage);
    let stderr = String::from_utf8_lossy(&all_bad.stderr);
    assert!(!all_bad.status.success(), "{stderr}");
    assert!(stderr.contains("garbage.jsonl:1: skipped"), "{stderr}");
    assert!(stderr.contains("Nothing was imported from"), "{stderr}");
}

#[test]
fn a_byte_order_mark_and_an_overlong_line_do_not_cost_the_lines_around_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bom.jsonl");
    let good = FILE.lines().next().unwrap();
    let long = format!("{{\"text\":\"{}\"}}", "x".repeat(17 * 1024 * 1024));
    std::fs::write(
        &file,
        format!("\u{feff}{good}\n{long}\n{}\n", FILE.lines().nth(3).unwrap()),
    )
    .unwrap();
    let out = tribune(dir.path())
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("bom.jsonl:2: skipped, longer than 16 MB"),
        "{stderr}"
    );
    assert!(!stderr.contains("bom.jsonl:1:"), "{stderr}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Imported 2 new messages"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn keys_rebound_in_the_config_are_checked_by_name_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    std::fs::write(
        &config,
        "[ui]\nbell_on_breach = false\n\n[keys.inbox]\nresolve = \"x\"\nrezolve = \"y\"\n",
    )
    .unwrap();
    let run = |what: &str| {
        Command::new(env!("CARGO_BIN_EXE_tribune"))
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--config")
            .arg(&config)
            .arg(what)
            .output()
            .unwrap()
    };
    let doctor = run("doctor");
    let out = String::from_utf8_lossy(&doctor.stdout);
    assert!(!doctor.status.success());
    assert!(
        out.contains("tribune.toml, line 6, key `keys.inbox.rezolve`: no binding of that name"),
        "{out}"
    );
    std::fs::write(&config, "[keys.inbox]\nresolve = \"Hyper-x\"\n").unwrap();
    let export = run("export");
    let err = String::from_utf8_lossy(&export.stderr);
    assert!(!export.status.success());
    assert!(err.contains("line 2, key `keys.inbox.resolve`"), "{err}");
    assert!(
        err.contains("`Hyper-x` is not a key tribune knows"),
        "{err}"
    );
}

#[test]
fn export_takes_the_query_language_of_the_console() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("messages.jsonl");
    std::fs::write(&file, FILE).unwrap();
    crate::support::succeed(tribune(dir.path()).arg("import").arg(&file));
    let ids = |query: &str| -> Vec<String> {
        let out = crate::support::succeed(tribune(dir.path()).args(["export", "--query", query]));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["external_id"].as_str().unwrap().to_string()
            })
            .collect()
    };
    // Stemmed and folded: "commandes" finds « commande », "arrivee" « arrivée ».
    assert_eq!(ids("commandes arrivee"), ["109"]);
    assert_eq!(ids("from:ana"), ["109"]);
    assert_eq!(ids("😍 OR coffee"), ["r1", "b2"]);
    assert_eq!(ids("kind:review rating:>=4"), ["r1"]);
    // 109 was answered; the brand's own reply is never judged.
    assert_eq!(ids("is:unanswered -channel:google"), ["b2"]);
    assert!(ids("lang:fr -commande").is_empty());
}
