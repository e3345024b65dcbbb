//! `tribune serve` with the real OpenSSH client: two agents in their own terminals on one
//! inbox — a reply by one stops the other's countdown, a second writer is warned, a reply on
//! a conversation that moved on is asked about, assignment shows on the other's row, a cut
//! session leaves no ghost and loses no draft — and everything but the console is refused.

use crate::support::{Tmux, tmux_available, walk};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Whether the OpenSSH client is here; says so when it is not (.ci/run installs it).
fn ssh_available() -> bool {
    let ok = Command::new("ssh").arg("-V").output().is_ok() && tmux_available();
    if !ok {
        eprintln!(
            "SKIPPED: the OpenSSH client is not installed (.ci/run installs openssh-client with apt-get); the team tests need it."
        );
    }
    ok
}

/// A key pair made by ssh-keygen, as an agent would make theirs.
fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let key = dir.join(name);
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    (key, public.trim().to_string())
}

/// The team's folder: keys for ana and bob (eve has one too, unknown to the server), the
/// config naming them, and an inbox of three complaints imported into the store.
struct Team {
    dir: tempfile::TempDir,
    keys: Vec<PathBuf>,
}

impl Team {
    fn new(extra_config: &str) -> Team {
        let dir = tempfile::tempdir().unwrap();
        let (ana, ana_pub) = keygen(dir.path(), "ana");
        let (bob, bob_pub) = keygen(dir.path(), "bob");
        let (eve, _) = keygen(dir.path(), "eve");
        std::fs::write(
            dir.path().join("authorized_bob"),
            format!("# bob's laptop\n{bob_pub}\n"),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("tribune.toml"),
            format!(
                "[[agent]]\nname = \"ana\"\ndisplay_name = \"Ana\"\nkeys = [\"{ana_pub}\"]\n\n\
                 [[agent]]\nname = \"bob\"\nauthorized_keys = \"authorized_bob\"\n\n\
                 [outbox]\nundo_window = \"0s\"\n{extra_config}"
            ),
        )
        .unwrap();
        let now = jiff::Timestamp::now();
        let line = |id: &str, who: &str, text: &str, minutes: i64| {
            let at = now - jiff::SignedDuration::from_mins(minutes);
            format!(
                r#"{{"channel":"mastodon","account":"@brand@example.social","external_id":"{id}","kind":"mention","direction":"inbound","author":{{"handle":"@{who}@example.org","name":"{who}"}},"text":"{text}","created_at":"{at}","lang":"en"}}"#
            )
        };
        let inbox = [
            line(
                "1",
                "paula",
                "Parcel A never arrived, this is unacceptable",
                40,
            ),
            line("2", "rémi", "Refund B still missing after two weeks", 30),
            line(
                "3",
                "carla",
                "Coupon C rejected at checkout, very annoying",
                20,
            ),
        ]
        .join("\n");
        let file = dir.path().join("inbox.jsonl");
        std::fs::write(&file, inbox).unwrap();
        let team = Team {
            dir,
            keys: vec![ana, bob, eve],
        };
        crate::support::succeed(team.tribune().arg("import").arg(&file));
        team
    }

    /// The same team with another undo window.
    fn undo_window(self, window: &str) -> Team {
        let config = self.dir.path().join("tribune.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(
            &config,
            text.replace(
                "undo_window = \"0s\"",
                &format!("undo_window = \"{window}\""),
            ),
        )
        .unwrap();
        self
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn tribune(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tribune"));
        c.arg("--data-dir")
            .arg(self.data())
            .arg("--config")
            .arg(self.dir.path().join("tribune.toml"));
        c
    }

    /// Starts `tribune serve` on a free port; returns it and the address it printed.
    fn serve(&self, env: &[(&str, &str)]) -> (Child, String) {
        let mut child = self
            .tribune()
            .args(["serve", "--listen", "127.0.0.1:0"])
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let first = lines.next().unwrap().unwrap();
        let address = first
            .split("listening on ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("serve says where it listens: {first}"))
            .to_string();
        let host_key = lines.next().unwrap().unwrap();
        assert!(host_key.starts_with("host key SHA256:"), "{host_key}");
        // The rest of what it prints is read, so it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        (child, address)
    }

    /// The `ssh` command line for `key` (0 ana, 1 bob, 2 eve) to the server at `address`.
    fn ssh(&self, key: usize, address: &str, extra: &str) -> String {
        let port = address.rsplit(':').next().unwrap();
        format!(
            "ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
             -o IdentitiesOnly=yes -o BatchMode=yes -o LogLevel=ERROR -p {port} -i {} {extra} whoever@127.0.0.1",
            self.keys[key].display()
        )
    }

    /// An agent's terminal: ssh in a tmux pane of its own.
    fn agent(&self, name: &str, key: usize, address: &str) -> Tmux {
        let command = format!(
            "{}; printf '\\nSSH-EXITED=%s\\n' $?; sleep 600",
            self.ssh(key, address, "-t")
        );
        Tmux::start(&format!("team-{name}"), &command)
    }
}

fn sh(command: &str) -> std::process::Output {
    Command::new("sh").arg("-c").arg(command).output().unwrap()
}

fn stop(mut server: Child) {
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    let status = server.wait().unwrap();
    assert!(status.success(), "serve exits cleanly on SIGTERM: {status}");
}

#[test]
fn two_agents_over_ssh_see_each_other_and_never_reply_twice_by_accident() {
    if !ssh_available() {
        return;
    }
    let team = Team::new("");
    let (server, address) = team.serve(&[]);
    let ana = team.agent("ana", 0, &address);
    let bob = team.agent("bob", 1, &address);
    ana.wait_for("Coupon C rejected");
    bob.wait_for("Coupon C rejected");

    // Both look at the parcel complaint. Ana assigns it to herself: Bob's row says so.
    for agent in [&ana, &bob] {
        agent.open_found("parcel");
        agent.wait_for("reply due");
    }
    ana.keys(&["a"]);
    ana.wait_for("Assign to: m me · 1 ana · 2 bob");
    ana.keys(&["m"]);
    ana.wait_for("assigned to you");
    bob.wait_for("→ana");

    // Both start a reply to it: Bob, second, is warned.
    ana.keys(&["r"]);
    ana.text("Sorry Paula, we are on it");
    bob.wait_for("✎ ana is writing a reply");
    bob.keys(&["r"]);
    bob.wait_for("ana is already writing a reply to this message");
    bob.text("Bob here, looking into it");

    // Ana sends: on Bob's screen the thread shows her reply and the countdown stops.
    ana.send_reply();
    ana.wait_for("answered after");
    bob.wait_for("answered after");

    // Bob sends on the conversation Ana answered meanwhile: he is shown what changed and
    // asked; he goes back to his draft, and, having now seen her reply, sends his on purpose.
    bob.send_reply();
    let asked = bob.wait_for("Not sent yet: the conversation moved on");
    assert!(asked.contains("ana replied"), "{asked}");
    bob.keys(&["n"]);
    bob.wait_for("Back to your draft");
    bob.send_reply();
    bob.wait_for("(brand · bob)");

    // Bob starts another reply, then his connection is cut (the client killed): Ana's
    // screen drops his presence, and his draft is there when he is back.
    bob.keys(&["r"]);
    bob.wait_for("Reply to");
    bob.text("Draft kept through a cut");
    // Saved with every key typed: over a loaded machine's SSH the keys arrive one by one, and
    // a save shown for the first few is not yet the draft.
    bob.wait_for_all(&["Draft kept through a cut", "draft saved"]);
    ana.wait_for("✎ bob is writing a reply");
    let client = bob.child_pid("ssh");
    assert!(!client.is_empty(), "ssh runs in Bob's pane");
    Command::new("kill")
        .args(["-KILL", &client])
        .status()
        .unwrap();
    bob.wait_for("SSH-EXITED=");
    ana.wait_until_gone("bob is writing");
    drop(bob);
    let bob = team.agent("bob-again", 1, &address);
    bob.wait_for("Coupon C rejected");
    bob.open_found("parcel");
    bob.wait_for("▸ paula");
    bob.keys(&["r"]);
    bob.wait_for("Draft kept through a cut");

    // Nothing but the console: no command, no forwarding, no other key, no password.
    let exec = sh(&team
        .ssh(0, &address, "-T")
        .replace("whoever@127.0.0.1", "whoever@127.0.0.1 id"));
    assert!(!exec.status.success());
    assert!(!String::from_utf8_lossy(&exec.stdout).contains("uid="));
    let local_forward = sh(&team.ssh(0, &address, "-W 127.0.0.1:9"));
    assert!(!local_forward.status.success(), "{local_forward:?}");
    let remote_forward = sh(&team.ssh(
        0,
        &address,
        "-N -o ExitOnForwardFailure=yes -R 127.0.0.1:0:127.0.0.1:9",
    ));
    assert!(!remote_forward.status.success(), "{remote_forward:?}");
    let stranger = sh(&team.ssh(2, &address, "-T"));
    assert_eq!(stranger.status.code(), Some(255));
    assert!(
        String::from_utf8_lossy(&stranger.stderr).contains("Permission denied"),
        "{stranger:?}"
    );
    let password = sh(&team.ssh(
        0,
        &address,
        "-T -o PubkeyAuthentication=no -o PreferredAuthentications=password,keyboard-interactive",
    ));
    assert!(
        String::from_utf8_lossy(&password.stderr).contains("Permission denied (publickey)"),
        "{password:?}"
    );

    // A local tribune on the served store says how to reach the server.
    let local = team.tribune().output().unwrap();
    let said = String::from_utf8_lossy(&local.stderr);
    assert!(!local.status.success());
    assert!(said.contains("ssh -p"), "{said}");
    let doctor = team.tribune().arg("doctor").output().unwrap();
    let doctor = String::from_utf8_lossy(&doctor.stdout);
    assert!(doctor.contains("tribune serve listening on"), "{doctor}");
    assert!(doctor.contains("connected: ana, bob"), "{doctor}");

    // The client's window grows (SSH window-change): the console lays itself out again, with
    // the sidebar a wide terminal has.
    assert!(!ana.screen().contains(" Views "));
    ana.run(&["resize-window", "-t", "e2e", "-x", "140", "-y", "35"]);
    ana.wait_for(" Views ");

    bob.keys(&["Escape"]);
    bob.wait_until_gone("Reply to");
    bob.keys(&["q"]);
    bob.wait_for("SSH-EXITED=0");
    ana.keys(&["q"]);
    ana.wait_for("SSH-EXITED=0");
    stop(server);

    // The report counts each agent's replies; the audit says who assigned.
    let report = crate::support::succeed(team.tribune().args(["report", "--json"]));
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let agents = &report["by_agent"];
    assert_eq!(agents["ana"]["replies"], 1, "{report}");
    assert_eq!(agents["bob"]["replies"], 1, "{report}");
    let store = tribune::store::Store::open(&team.data().join("store")).unwrap();
    let audit = store.audit_log().unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.agent == "ana" && e.action == "assign" && e.detail == "ana"),
        "{audit:?}"
    );
}

#[test]
fn the_networks_token_stays_in_the_server() {
    if !ssh_available() {
        return;
    }
    let Some(fixtures) = crate::support::cassette::fixtures() else {
        return;
    };
    let (mastodon, _) = crate::mastodon::recorded_mastodon(&fixtures);
    let team = Team::new(&format!(
        "\n[[account]]\nchannel = \"mastodon\"\nname = \"brand\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_MASTODON_TOKEN\"\npoll_interval = \"2s\"\n",
        mastodon.base_url()
    ));
    let token = crate::mastodon::TOKEN;
    let (server, address) = team.serve(&[("TRIBUNE_TEST_MASTODON_TOKEN", token)]);
    let ana = team.agent("token", 0, &address);
    let screen = ana.wait_for("@mastodonpy_test hello!");
    ana.keys(&["?"]);
    let help = ana.wait_for("Esc or ? closes");
    ana.keys(&["Escape"]);
    ana.wait_until_gone("Esc or ? closes");
    ana.keys(&["q"]);
    ana.wait_for("SSH-EXITED=0");
    let scrollback = ana.run(&["capture-pane", "-p", "-S", "-", "-t", "e2e"]);
    stop(server);
    for seen in [&screen, &help, &scrollback] {
        assert!(!seen.contains(token), "the token reached an agent's screen");
    }
    // Nor any file the agent's side holds (its keys and the tmux pane are all it has).
    for file in walk(team.dir.path())
        .into_iter()
        .filter(|f| !f.starts_with(team.data()))
    {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(token),
            "{}",
            file.display()
        );
    }
}

#[test]
fn a_reply_queued_when_the_server_is_killed_is_sent_once_after_restart() {
    if !ssh_available() {
        return;
    }
    let Some(fixtures) = crate::support::cassette::fixtures() else {
        return;
    };
    let (mastodon, posts) = crate::mastodon::recorded_mastodon(&fixtures);
    let team = Team::new(&format!(
        "\n[[account]]\nchannel = \"mastodon\"\nname = \"brand\"\nbase_url = \"{}\"\ntoken_env = \"TRIBUNE_TEST_MASTODON_TOKEN\"\npoll_interval = \"2s\"\n",
        mastodon.base_url()
    ))
    .undo_window("3s");
    let env = [("TRIBUNE_TEST_MASTODON_TOKEN", crate::mastodon::TOKEN)];
    let (mut server, address) = team.serve(&env);
    let ana = team.agent("kill", 0, &address);
    ana.wait_for("@mastodonpy_test hello!");
    ana.open_found("mastodonpy");
    ana.wait_for("reply due");
    ana.keys(&["r"]);
    ana.wait_for("Reply to");
    ana.text("Thanks, we are on it");
    ana.send_reply();
    ana.wait_for("◷ queued");
    // SIGKILL while the reply waits out its undo window: no goodbye, no flush.
    server.kill().unwrap();
    server.wait().unwrap();
    ana.wait_for("SSH-EXITED=");
    assert!(
        posts.lock().unwrap().is_empty(),
        "nothing left before the kill"
    );

    let (server, _) = team.serve(&env);
    let start = std::time::Instant::now();
    while posts.lock().unwrap().is_empty() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "the reply never left after the restart"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    stop(server);
    let posts = posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 1, "one idempotency key: {posts:?}");
    assert_eq!(posts.values().sum::<usize>(), 1, "posted once: {posts:?}");
    let store = tribune::store::Store::open(&team.data().join("store")).unwrap();
    let replies: Vec<_> = store
        .all_messages()
        .unwrap()
        .into_iter()
        .filter(|m| !m.is_inbound() && m.text.contains("Thanks, we are on it"))
        .collect();
    assert_eq!(replies.len(), 1, "{replies:#?}");
}

#[test]
fn a_client_gone_silent_is_let_go_by_keepalives() {
    if !ssh_available() {
        return;
    }
    let team = Team::new("");
    let (server, address) = team.serve(&[]);
    let connected = |who: &str| {
        let out = team.tribune().arg("doctor").output().unwrap();
        String::from_utf8_lossy(&out.stdout).contains(who)
    };
    // A client that stops answering without closing its connection: a frozen laptop, a
    // network that drops packets. It is stopped outside tmux (tmux wakes its panes up).
    let port = address.rsplit(':').next().unwrap().to_string();
    let mut client = Command::new("ssh")
        .args([
            "-tt",
            "-F",
            "/dev/null",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-p",
            &port,
            "-i",
        ])
        .arg(&team.keys[1])
        .arg("bob@127.0.0.1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !connected("connected: bob") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "bob never connected"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Command::new("kill")
        .args(["-STOP", &client.id().to_string()])
        .status()
        .unwrap();
    let start = std::time::Instant::now();
    while !connected("0 agent(s) connected") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "the silent client was never let go"
        );
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let _ = client.kill();
    let _ = client.wait();
    stop(server);
}
