//! Bulk triage end to end in a real terminal: five rows marked, one template replied to each
//! (each reply filled from its own message), the whole batch undone inside the undo window,
//! then sent and answering each message.

use crate::support::{Tmux, tmux_available};
use tribune::model::OutboxState;

/// Marks the view's first five rows and replies to them with the first template offered.
fn reply_to_the_first_five(tmux: &Tmux) {
    tmux.keys(&["g", "x", "x", "x", "x", "x"]);
    tmux.wait_for("5 marked");
    tmux.keys(&["r"]);
    tmux.wait_for("Template for 5 marked messages");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Reply to 5 marked messages");
    tmux.keys(&["y"]);
    tmux.wait_for("5 replies queued");
}

#[test]
fn a_template_replied_to_five_marked_messages_is_undone_at_once_then_sent_to_each() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tribune.toml");
    // Long enough to undo on a loaded CI machine (8 s was not: "Undone: 0 replies taken
    // back; 5 had already left"), short enough to wait for.
    std::fs::write(&config, "[outbox]\nundo_window = \"20s\"\n").unwrap();
    let command = format!(
        "{} --data-dir {} --config {} --demo --seed 7; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        env!("CARGO_BIN_EXE_tribune"),
        dir.path().display(),
        config.display()
    );
    let tmux = Tmux::start("bulk", &command);
    tmux.wait_for("✖-");

    // The Unanswered view; the first five rows marked.
    tmux.keys(&["2"]);
    tmux.wait_for("Unanswered ·");
    reply_to_the_first_five(&tmux);
    tmux.keys(&["u"]);
    tmux.wait_for("Undone: 5 replies taken back");

    // Again, and this time they leave.
    reply_to_the_first_five(&tmux);
    tmux.wait_for("↑5 out");
    tmux.wait_until_gone("↑5 out");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED=");
    assert!(screen.contains("EXITED=0"), "{screen}");

    // Five replies cancelled, five sent; each sent one stored in its message's thread,
    // answering it, and filled from that message's author.
    let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
    let outbox = store.outbox().unwrap();
    let cancelled = outbox
        .iter()
        .filter(|e| e.state == OutboxState::Cancelled)
        .count();
    let sent: Vec<_> = outbox
        .iter()
        .filter(|e| matches!(e.state, OutboxState::Sent { .. }))
        .collect();
    assert_eq!((cancelled, sent.len()), (5, 5), "{outbox:#?}");
    let mut texts = std::collections::HashSet::new();
    for entry in sent {
        let asked = store.get(entry.message).unwrap().unwrap();
        let fill = tribune::templates::Fill::from_message(&asked, "agent");
        let first_name = fill.first_name.unwrap();
        assert!(
            entry.text.contains(&first_name),
            "{:?} is filled from {first_name}",
            entry.text
        );
        assert!(!entry.text.contains('{') && !entry.text.contains('⟨'));
        let thread = store.conversation(asked.conversation).unwrap();
        let reply = thread
            .messages
            .iter()
            .find(|m| !m.is_inbound() && m.text == entry.text)
            .expect("the reply is in the thread");
        assert_eq!(
            store.get(asked.id).unwrap().unwrap().answered_at,
            Some(reply.created_at),
            "the reply is the message's first response"
        );
        texts.insert(entry.text.clone());
    }
    assert_eq!(texts.len(), 5, "each reply is its own");
}
