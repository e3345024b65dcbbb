//! End to end in a real terminal: the binary runs in tmux on the seeded demo source; keys are
//! sent as a user types them and the screen is read back with `capture-pane`.

use crate::support::{Tmux, tmux_available};
use std::path::Path;
use std::process::Command;

/// The console on the seeded demo source, in tmux; the shell says how it exited.
pub(crate) fn start(data: &Path, name: &str) -> Tmux {
    let command = format!(
        "{} --data-dir {} --config {} --demo --seed 7; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        env!("CARGO_BIN_EXE_tribune"),
        data.display(),
        data.join("none.toml").display()
    );
    Tmux::start(name, &command)
}

#[test]
fn reply_from_the_inbox_and_quit_cleanly() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = start(dir.path(), "reply");
    tmux.wait_for("✖-"); // the backlog is in: overdue rows lead the inbox

    // Move, open, reply, type two lines, send.
    tmux.keys(&["j", "j", "Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Bonjour, nous regardons ça tout de suite.");
    tmux.keys(&["Enter"]);
    tmux.text("Can you DM us your order number?");
    tmux.send_reply();
    // The reply joins the thread (its text is checked in the store below: a long thread
    // may push it past the pane's last row) and the countdown stops.
    let screen = tmux.wait_for("(brand");
    assert!(
        screen.contains("answered after"),
        "the countdown stopped:\n{screen}"
    );

    // Help overlay, then quit.
    tmux.keys(&["?"]);
    tmux.wait_for("Esc or ? closes");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Esc or ? closes");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED=");
    assert!(screen.contains("EXITED=0"), "{screen}");
    assert_eq!(
        tmux.run(&["display", "-p", "-t", "e2e", "#{alternate_on}"])
            .trim(),
        "0",
        "the alternate screen was left"
    );

    // The reply is in the store, in the thread of the message it answers.
    let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
    let reply = store
        .all_messages()
        .unwrap()
        .into_iter()
        .find(|m| m.text.starts_with("Bonjour, nous regardons"))
        .expect("the reply was stored");
    assert_eq!(
        reply.text,
        "Bonjour, nous regardons ça tout de suite.\nCan you DM us your order number?"
    );
    let thread = store.conversation(reply.conversation).unwrap();
    assert!(
        thread
            .messages
            .iter()
            .any(|m| m.is_inbound() && m.answered_at == Some(reply.created_at))
    );
}

#[test]
fn a_draft_survives_quitting_and_sigterm_restores_the_terminal() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = start(dir.path(), "draft");
    tmux.wait_for("✖-"); // the backlog is in: overdue rows lead the inbox
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    tmux.text("Half-written answer");
    tmux.keys(&["Escape"]);
    tmux.wait_for("✎");
    // SIGTERM, as a closing session or `kill` sends it.
    let tribune_pid = tmux.child_pid("tribune");
    assert!(
        !tribune_pid.is_empty(),
        "tribune runs under the pane's shell"
    );
    Command::new("kill")
        .args(["-TERM", &tribune_pid])
        .status()
        .unwrap();
    let screen = tmux.wait_for("EXITED=");
    assert!(screen.contains("EXITED=0"), "{screen}");
    assert_eq!(
        tmux.run(&["display", "-p", "-t", "e2e", "#{alternate_on}"])
            .trim(),
        "0"
    );

    let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
    let drafts = store
        .drafted_messages(&crate::support::local_agent())
        .unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        store
            .draft(drafts[0], &crate::support::local_agent())
            .unwrap()
            .unwrap()
            .text,
        "Half-written answer"
    );
}

#[test]
fn an_agent_sets_a_sentiment_and_sees_why_the_tagger_read_it() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = start(dir.path(), "sentiment");
    tmux.wait_for("✖-");
    tmux.keys(&["Enter"]);
    // The thread says how the tagger read the message, and why.
    let screen = tmux.wait_for("why:");
    assert!(
        screen.contains("- negative")
            || screen.contains("= neutral")
            || screen.contains("+ positive"),
        "{screen}"
    );
    tmux.keys(&["s"]);
    tmux.wait_for("Sentiment: + positive");
    tmux.keys(&["="]);
    let screen = tmux.wait_for("(set by an agent)");
    assert!(screen.contains("= neutral (set by an agent)"), "{screen}");
    assert!(screen.contains("tagger read:"), "{screen}");
    // Esc on the question changes nothing.
    tmux.keys(&["s"]);
    tmux.wait_for("Esc cancel");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("Esc cancel");
    // The report screen counts the agent's label; Esc closes it.
    tmux.keys(&["R"]);
    let screen = tmux.wait_for("within target");
    assert!(screen.contains("(1 by agents)"), "{screen}");
    assert!(screen.contains("median first response"), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_until_gone("within target");
    // The Criticism and Breaching views.
    tmux.keys(&["3"]);
    tmux.wait_for("Criticism ·");
    tmux.keys(&["4"]);
    tmux.wait_for("Breaching SLA ·");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED=");
    assert!(screen.contains("EXITED=0"), "{screen}");

    let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
    let overridden: Vec<_> = store
        .all_messages()
        .unwrap()
        .into_iter()
        .filter(|m| m.sentiment.as_ref().is_some_and(|s| s.by_agent))
        .collect();
    assert_eq!(overridden.len(), 1);
    assert_eq!(
        overridden[0].sentiment.as_ref().unwrap().label,
        tribune::model::SentimentLabel::Neu
    );
    let untagged_inbound = store
        .all_messages()
        .unwrap()
        .into_iter()
        .filter(|m| m.is_inbound() && m.sentiment.is_none())
        .count();
    assert_eq!(untagged_inbound, 0, "every inbound message is tagged");
}

#[test]
fn editor_note_and_a_draft_that_survives_kill_9() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // An "editor" that appends a line, as a person would type one.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Written in the editor: merci 🙏 東京\\n' >> \"$1\"\n",
    )
    .unwrap();
    Command::new("chmod")
        .arg("+x")
        .arg(&editor)
        .status()
        .unwrap();
    let command = format!(
        "EDITOR={} {} --data-dir {} --config {} --demo --seed 7; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        editor.display(),
        env!("CARGO_BIN_EXE_tribune"),
        dir.path().display(),
        dir.path().join("none.toml").display()
    );
    let tmux = Tmux::start("editor", &command);
    tmux.wait_for("✖-");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["E"]);
    tmux.wait_for("Written in the editor: merci 🙏 東京");
    // Confirmed on disk, then the process is killed outright.
    tmux.wait_for("✓ draft saved");
    let pid = tmux.child_pid("tribune");
    Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    tmux.wait_for("EXITED=");
    tmux.run(&["kill-session", "-t", "e2e"]);

    let tmux = Tmux::start("editor2", &command);
    tmux.wait_for("✎");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Written in the editor: merci 🙏 東京");
    // An internal note on the same thread: shown to agents, never sent.
    tmux.keys(&["Escape"]);
    tmux.wait_for("Draft kept");
    tmux.keys(&["n"]);
    tmux.wait_for("agents only, never sent");
    tmux.text("VIP customer, call back tomorrow");
    tmux.send_reply();
    tmux.wait_for("✎ note");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED=0");
    let store = tribune::store::Store::open(&dir.path().join("demo-store")).unwrap();
    // The note is stored on the thread (the pane may be too short to show its text).
    let noted = store.all_messages().unwrap().iter().any(|m| {
        store
            .notes(m.conversation)
            .unwrap()
            .iter()
            .any(|n| n.text == "VIP customer, call back tomorrow")
    });
    assert!(noted, "the note is stored");
    assert!(
        store
            .all_messages()
            .unwrap()
            .iter()
            .all(|m| !m.text.contains("VIP customer")),
        "a note is never a message"
    );
}

#[test]
fn a_terminal_that_goes_away_ends_the_console_cleanly_with_the_draft_kept() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = start(dir.path(), "hangup");
    tmux.wait_for("✖-");
    tmux.keys(&["Enter"]);
    tmux.wait_for("reply due");
    tmux.keys(&["r"]);
    tmux.wait_for("Reply to");
    // Typed, and still in the composer when the connection drops.
    tmux.text("Answer typed just before the line dropped");
    tmux.wait_for("before the line dropped");
    let pid = tmux.child_pid("tribune");
    assert!(!pid.is_empty());
    // The terminal goes away as when an SSH connection is cut: SIGHUP, then no terminal.
    tmux.run(&["kill-server"]);
    let gone = std::time::Instant::now();
    while Command::new("kill")
        .args(["-0", &pid])
        .status()
        .unwrap()
        .success()
    {
        assert!(gone.elapsed().as_secs() < 60, "tribune is still running");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(dir.path().join("tribune.log")).unwrap();
    assert!(!log.contains("panic"), "{log}");
    let store_dir = dir.path().join("demo-store");
    assert!(
        store_dir.join("tribune.seal").exists(),
        "the store was closed whole"
    );
    let store = tribune::store::Store::open(&store_dir).unwrap();
    let drafts = store
        .drafted_messages(&crate::support::local_agent())
        .unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(
        store
            .draft(drafts[0], &crate::support::local_agent())
            .unwrap()
            .unwrap()
            .text,
        "Answer typed just before the line dropped"
    );
}
