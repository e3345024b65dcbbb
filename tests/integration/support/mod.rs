//! Helpers shared by the end-to-end tests: a tmux session driven like a user's terminal.

pub mod bluesky;
pub mod cassette;
pub mod http;
pub mod screen;
pub mod service;

use std::process::Command;
use std::time::{Duration, Instant};

/// The agent a local console works as when the config names none: the login name.
pub fn local_agent() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "agent".into())
}

/// The shell line that runs the console on `data` with `config` and `env` (an account's
/// secrets), then prints `EXITED=` with its status and stays, for a tmux pane.
pub fn console_command(
    data: &std::path::Path,
    config: &std::path::Path,
    env: &[(&str, &str)],
) -> String {
    let env: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!(
        "{} {} --data-dir {} --config {}; s=$?; printf \"\\nEXITED=%s\\n\" $s; sleep 600",
        env.join(" "),
        env!("CARGO_BIN_EXE_tribune"),
        data.display(),
        config.display()
    )
}

pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// A detached 100x30 session named `e2e` on its own server, running `command`.
    pub fn start(name: &str, command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("tribune-{name}-{}", std::process::id()),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            "100",
            "-y",
            "30",
            command,
        ]);
        tmux
    }

    /// The pid of the program the pane's shell runs (`name`).
    pub fn child_pid(&self, name: &str) -> String {
        let shell = self.run(&["display", "-p", "-t", "e2e", "#{pane_pid}"]);
        let out = Command::new("pgrep")
            .args(["-P", shell.trim(), name])
            .output()
            .expect("pgrep runs");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Searches the view for `words` and opens the one message found (the search index is
    /// built by the service on the first `/`: Enter waits until it has found the message).
    pub fn open_found(&self, words: &str) {
        self.keys(&["/"]);
        self.text(words);
        self.keys(&["Enter"]);
        self.wait_for(&format!("1 matching “{words}”"));
        self.keys(&["Enter"]);
    }

    /// Kills the pane's tribune with SIGKILL (no destructor, no flush) and waits until the
    /// pane's shell says it ended (the command prints `EXITED=`).
    pub fn kill_9_tribune(&self) {
        let pid = self.child_pid("tribune");
        assert!(!pid.is_empty(), "tribune runs in the pane");
        Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .expect("kill runs");
        self.wait_for("EXITED=");
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Polls the screen until `gone` no longer shows (a key after Esc must not arrive in
    /// the same read, or the terminal reports Alt+key).
    pub fn wait_until_gone(&self, gone: &str) {
        let start = Instant::now();
        while self.screen().contains(gone) {
            if start.elapsed() > Duration::from_secs(60) {
                panic!(
                    "`{gone}` never went away; the screen was:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends the composer's reply (^s), and past the tone check's findings when it shows
    /// some (Enter sends anyway): for tests about something else than the tone check.
    pub fn send_reply(&self) {
        self.keys(&["C-s"]);
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains("Tone check:") {
                self.keys(&["Enter"]);
                self.wait_until_gone("Tone check:");
                return;
            }
            if !screen.contains("Reply to") || screen.contains("Not sent") {
                return;
            }
            if start.elapsed() > Duration::from_secs(60) {
                panic!("the reply never left the composer; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls the screen until `wanted` shows; the limit only guards against a hung binary.
    pub fn wait_for(&self, wanted: &str) -> String {
        self.wait_for_all(&[wanted])
    }

    /// Polls the screen until every one of `wanted` shows on the same screen.
    pub fn wait_for_all(&self, wanted: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if wanted.iter().all(|w| screen.contains(w)) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(60) {
                panic!("`{wanted:?}` never appeared together; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Whether tmux runs here; says so once per test when it does not.
pub fn tmux_available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "SKIPPED: tmux is not installed (.ci/run installs it with apt-get); this end-to-end test needs a real terminal."
        );
    }
    ok
}

/// Every file under `dir`.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// A folder of recorded traffic beside the repository (`../shared/fixtures/<network>`), or
/// None with a skip message when it is not there (a clone on its own).
pub fn fixtures_dir(network: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(network);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is not here (recorded traffic lives beside the repository)",
            dir.display()
        );
        None
    }
}

/// The tribune binary on the data directory `data`, with no config file of the user's.
pub fn tribune(data: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tribune"));
    c.arg("--data-dir")
        .arg(data)
        .arg("--config")
        .arg(data.join("none.toml"));
    c
}

/// Runs a command to completion; its failure fails the test with what it printed.
pub fn succeed(command: &mut Command) -> std::process::Output {
    let out = command.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The fixed moment the console and service tests run at (a Friday morning in Paris).
pub fn now() -> jiff::Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}
