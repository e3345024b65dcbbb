//! A store is never written into once damaged, a full disk is said as such and costs nothing,
//! and backups bring a store back: all through the binary, as a user runs it.

use crate::support::{Tmux, succeed, tmux_available, tribune};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// Every file under the store with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::support::walk(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().display().to_string(), bytes)
        })
        .collect()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A demo store of `count` messages, closed cleanly.
fn demo_store(data: &Path, count: u32) {
    succeed(tribune(data).args([
        "demo",
        "generate",
        "--count",
        &count.to_string(),
        "--seed",
        "4",
    ]));
}

fn export(data: &Path) -> Vec<u8> {
    succeed(tribune(data).args(["--demo", "export"])).stdout
}

#[test]
fn a_damaged_store_is_left_byte_for_byte_and_the_newest_backup_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    demo_store(data, 400);
    let before = export(data);
    let backed = succeed(tribune(data).args(["--demo", "backup"]));
    assert!(text(&backed).starts_with("Backed up "), "{}", text(&backed));
    let backup = std::fs::read_dir(data.join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("a backup file");

    // Bytes overwritten all along the log, as a failing disk or a stray write does (sled's
    // file also holds space it no longer uses: damage there alone harms nothing).
    let store = data.join("demo-store");
    let db = store.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    for block in bytes.chunks_mut(64 * 1024) {
        for b in block.iter_mut().skip(1024).take(64) {
            *b ^= 0x5A;
        }
    }
    std::fs::write(&db, &bytes).unwrap();
    let damaged = contents(&store);

    let file = data.join("more.jsonl");
    std::fs::write(&file, "{\"channel\":\"bluesky\",\"external_id\":\"x1\",\"direction\":\"inbound\",\"text\":\"hi\",\"created_at\":\"2026-11-20T10:00:00Z\"}\n").unwrap();
    let runs: [&[&str]; 5] = [
        &["--demo", "export"],
        &["--demo", "report"],
        &["--demo", "backup"],
        &["--demo", "import", file.to_str().unwrap()],
        &["--demo"],
    ];
    for args in runs {
        let out = tribune(data).args(args).output().unwrap();
        let said = text(&out);
        assert!(!out.status.success(), "{args:?}: {said}");
        assert!(said.contains("is damaged"), "{args:?}: {said}");
        assert!(said.contains("nothing was changed"), "{args:?}: {said}");
        assert!(
            said.contains(&format!("tribune restore {}", backup.display())),
            "{args:?} names the newest backup: {said}"
        );
        assert!(
            !said.contains("backtrace") && !said.contains("Os {"),
            "{said}"
        );
        assert!(
            contents(&store) == damaged,
            "{args:?} wrote into the damaged store"
        );
    }
    let doctor = tribune(data).arg("doctor").output().unwrap();
    assert!(!doctor.status.success());
    assert!(
        contents(&store) == damaged,
        "doctor wrote into the damaged store"
    );

    // Restored: the same messages as before; the damaged store kept aside, as it was.
    let restored = succeed(tribune(data).args(["--demo", "restore", backup.to_str().unwrap()]));
    let said = text(&restored);
    assert!(said.contains("Restored "), "{said}");
    assert_eq!(export(data), before);
    let aside = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains("demo-store.before-restore-"))
        .expect("the damaged store moved aside");
    assert!(contents(&aside) == damaged);
}

#[test]
fn a_backup_is_taken_while_the_console_runs_and_a_restore_then_refused() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let line = format!(
        "{} --data-dir {} --config {} --demo --seed 3",
        env!("CARGO_BIN_EXE_tribune"),
        data.display(),
        data.join("none.toml").display()
    );
    let tmux = Tmux::start("backup-live", &line);
    tmux.wait_for(" new"); // rows are shown: the backlog is stored
    let out = succeed(tribune(data).args(["--demo", "backup"]));
    let said = text(&out);
    assert!(said.starts_with("Backed up "), "{said}");
    let backup = said
        .trim()
        .rsplit(" to ")
        .next()
        .unwrap()
        .trim_end_matches('.')
        .to_string();
    let refused = tribune(data)
        .args(["--demo", "restore", &backup])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("already open in another tribune"),
        "{}",
        text(&refused)
    );
    tmux.keys(&["q"]);
    // The backup holds what the console had stored: it restores into a store of its own.
    let elsewhere = tempfile::tempdir().unwrap();
    succeed(tribune(elsewhere.path()).args(["--demo", "restore", &backup]));
    let restored = export(elsewhere.path());
    assert!(restored.len() > 1000, "the backlog is in the backup");
}

/// A small filesystem of its own, where this machine lets a test mount one (as root in CI).
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(megabytes: u32) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!("tribune-full-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&dir)
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!(
                "SKIPPED: no tmpfs can be mounted here (it needs root); the full-disk test did not run."
            );
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        Some(Tmpfs(dir))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// A full disk in one sentence, saying what to do, with no system error number (an import's
/// progress lines before it aside).
fn full_disk_said(out: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let said: String = stderr
        .lines()
        .filter(|l| !l.starts_with("progress:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(said.contains("No space left on the disk holding"), "{said}");
    assert!(said.contains("free some space and try again"), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "one sentence: {said}");
    assert!(!said.contains("os error"), "{said}");
}

#[test]
fn a_full_disk_is_said_in_one_sentence_and_everything_is_there_once_space_is_freed() {
    let Some(disk) = Tmpfs::mount(96) else { return };
    let data = disk.0.join("data");
    demo_store(&data, 300);
    let before = export(&data);
    // Fill the disk to the last byte.
    let filler = disk.0.join("filler");
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=64k"])
        .arg(format!("of={}", filler.display()))
        .output();
    // Reading needs room only when sled has something to write as it opens: then it is said.
    for args in [&["--demo", "export"][..], &["--demo", "report"][..]] {
        let out = tribune(&data).args(args).output().unwrap();
        if !out.status.success() {
            full_disk_said(&out);
        }
    }
    // Writing needs room beyond what sled holds in reserve: an import of tens of thousands of
    // messages (far more than a segment's slack) says so.
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("more.jsonl");
    let lines: Vec<String> = (0..40_000)
        .map(|i| {
            format!(
                r#"{{"channel":"mastodon","external_id":"full-{i}","direction":"inbound","text":"Message {i} written while the disk is full, with some words to take room","created_at":"2026-11-20T09:15:00Z"}}"#
            )
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = tribune(&data)
        .args(["--demo", "import"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    full_disk_said(&out);
    let left = std::fs::read_dir(data.join("demo-store"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".generating"))
        .count();
    assert_eq!(left, 0, "no unfinished snapshot is left behind");
    std::fs::remove_file(&filler).unwrap();
    // Every message is readable once there is room (an import batch written before the disk
    // filled may be there too).
    let after = String::from_utf8(export(&data)).unwrap();
    let before = String::from_utf8(before).unwrap();
    let missing = before.lines().filter(|l| !after.contains(l)).count();
    assert_eq!(missing, 0, "every message is readable once there is room");
}

#[test]
fn a_store_folder_holding_other_files_is_refused_not_passed_over_for_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::write(store.join("notes.txt"), "mine").unwrap();
    let out = tribune(dir.path()).output().unwrap();
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("holds files that are not a tribune store"),
        "{said}"
    );
    assert!(
        !dir.path().join("demo-store").exists(),
        "the demo was not opened instead"
    );
    assert_eq!(std::fs::read(store.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn a_few_bytes_changed_anywhere_in_a_sealed_store_are_refused_but_a_copy_opens() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    demo_store(data, 200);
    let before = export(data);
    let store = data.join("demo-store");

    // Copied elsewhere (new inodes and times, the same bytes): opens as it was.
    let moved = tempfile::tempdir().unwrap();
    let copy = moved.path().join("demo-store");
    std::fs::create_dir_all(copy.join("blobs")).unwrap();
    for (name, bytes) in contents(&store) {
        std::fs::write(copy.join(name), bytes).unwrap();
    }
    assert_eq!(export(moved.path()), before);

    // 16 bytes flipped where sled keeps nothing it still reads: still not what tribune wrote.
    let db = store.join("db");
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes.len() / 2;
    for b in &mut bytes[at..at + 16] {
        *b ^= 0xFF;
    }
    std::fs::write(&db, &bytes).unwrap();
    let changed = contents(&store);
    let out = tribune(data).args(["--demo", "export"]).output().unwrap();
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("changed by something other than tribune"),
        "{said}"
    );
    assert!(
        said.contains("tribune.seal"),
        "the way to accept the change: {said}"
    );
    assert!(
        contents(&store) == changed,
        "the changed store is left as it is"
    );
}
