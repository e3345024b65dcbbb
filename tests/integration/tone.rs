//! The tone check against hand-written (message, reply) pairs in both languages, each with
//! the findings a careful community manager would raise (none for a good reply); and in a
//! real terminal: a bare refusal to a complaint is shown, Esc keeps the draft, Enter sends,
//! and an unfilled template field cannot be sent.

use crate::e2e_tmux::start;
use crate::support::tmux_available;
use tribune::tone::{self, Answered, Settings};

fn settings() -> Settings {
    Settings {
        brand_domains: vec!["novacafe.fr".into(), "novacafe.com".into()],
        ..Settings::default()
    }
}

fn names(review: &tone::Review) -> Vec<String> {
    let mut v: Vec<String> = review
        .findings
        .iter()
        .map(|f| {
            serde_json::to_value(f.check)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    v.sort();
    v
}

#[test]
fn hand_written_pairs_raise_the_expected_findings() {
    let path = format!("{}/tests/tone_cases/pairs.tsv", env!("CARGO_MANIFEST_DIR"));
    let content = std::fs::read_to_string(path).unwrap();
    let mut failures = Vec::new();
    let mut pairs = 0;
    let mut clean = 0;
    for (n, line) in content.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "pairs.tsv:{}: four columns", n + 1);
        pairs += 1;
        let mut expected: Vec<String> = match cols[0] {
            "-" => vec![],
            list => list.split(',').map(str::to_string).collect(),
        };
        expected.sort();
        clean += expected.is_empty() as usize;
        let name = (cols[1] != "-").then_some(cols[1]);
        let review = tone::check(cols[3], &Answered::from_text(cols[2], name), &settings());
        assert!(review.blocked.is_none());
        let got = names(&review);
        if got != expected {
            failures.push(format!(
                "pairs.tsv:{}: expected {expected:?}, got {got:?} {:?}\n  to: {}\n  reply: {}",
                n + 1,
                review.findings.iter().map(|f| &f.words).collect::<Vec<_>>(),
                cols[2],
                cols[3]
            ));
        }
    }
    assert!(pairs >= 40 && clean >= 10, "{pairs} pairs, {clean} clean");
    assert!(
        failures.is_empty(),
        "{} of {pairs} pairs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn an_empty_reply_or_an_unfilled_field_blocks_and_each_check_can_be_turned_off() {
    let to = Answered::from_text("My order never arrived", Some("Sam Evans"));
    let blocked = tone::check("  \n", &to, &settings()).blocked;
    assert_eq!(blocked, Some(tone::Blocked::Empty));
    let blocked = tone::check("Sam, sorry: order ⟨order?⟩ left today?", &to, &settings()).blocked;
    assert_eq!(blocked, Some(tone::Blocked::Placeholder("⟨order?⟩".into())));
    let bare = "No.";
    assert_eq!(tone::check(bare, &to, &settings()).findings.len(), 4);
    let quiet = Settings {
        refusal: false,
        apology: false,
        invitation: false,
        name: false,
        ..settings()
    };
    assert!(tone::check(bare, &to, &quiet).is_clean());
}

#[test]
fn a_bare_refusal_is_shown_kept_on_esc_and_sent_on_enter_and_a_field_blocks() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = start(dir.path(), "tone");
    tmux.wait_for("✖-");
    // In Unanswered, the search finds French complaints about cancelling a subscription
    // (the live demo may add rows above the selection: any of them is still to answer).
    tmux.keys(&["2"]);
    tmux.wait_for("Unanswered ·");
    tmux.keys(&["/"]);
    tmux.text("résilier");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Impossible de résilier");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Non, impossible.");
    tmux.keys(&["C-s"]);
    let shown = tmux.wait_for("Tone check:");
    assert!(shown.contains("a refusal with no alternative"), "{shown}");
    assert!(shown.contains("impossible, non"), "{shown}");
    assert!(
        shown.contains("criticism answered without an apology"),
        "{shown}"
    );
    // Esc: back to the draft, the text as it was, nothing queued.
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Tone check:");
    let draft = tmux.wait_for("Back to your draft");
    assert!(draft.contains("Non, impossible."), "{draft}");
    assert!(!draft.contains("◷ queued"), "{draft}");
    // Enter after ^s: sent anyway.
    tmux.keys(&["C-s"]);
    tmux.wait_for("Tone check:");
    tmux.keys(&["Enter"]);
    tmux.wait_for("◷ queued");

    // A template field left unfilled cannot be sent: the composer says so and keeps it.
    tmux.wait_for("Reply queued");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Désolés, votre commande ⟨order?⟩ part demain. Écrivez-nous en privé ?");
    tmux.keys(&["C-s"]);
    let refused = tmux.wait_for("fill in ⟨order?⟩ first");
    assert!(refused.contains("Reply to"), "{refused}");
    assert!(!refused.contains("Tone check:"), "{refused}");
}
