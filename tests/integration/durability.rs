//! What a second process and `kill -9` do to the store.

use crate::support::tribune;

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use tribune::store::Store;

#[test]
fn a_second_process_gets_one_clear_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let _held = Store::open(&store_dir).unwrap();
    let out = tribune(dir.path()).arg("export").output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "The store at {} is already open in another tribune process",
            store_dir.display()
        )),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn kill_9_during_import_keeps_every_acknowledged_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        for i in 0..50_000 {
            writeln!(
                f,
                r#"{{"channel":"bluesky","external_id":"k{i}","direction":"inbound","text":"message number {i}","created_at":"2026-11-20T09:15:00Z"}}"#
            )
            .unwrap();
        }
    }
    let mut child = tribune(dir.path())
        .arg("import")
        .arg(&file)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut acknowledged = 0usize;
    let mut seen = 0;
    for line in stderr.lines() {
        let line = line.unwrap();
        // "progress: 12% · 24000 lines read · 24000 stored": flushed before printed.
        if let Some(stored) = line
            .strip_suffix(" stored")
            .and_then(|l| l.rsplit(' ').next())
        {
            acknowledged = stored.parse().unwrap();
            seen += 1;
            if seen == 3 {
                break;
            }
        }
    }
    assert!(acknowledged > 0, "the import reported progress");
    // SIGKILL: no destructor, no flush, no goodbye.
    child.kill().unwrap();
    child.wait().unwrap();

    let store = Store::open(&dir.path().join("store")).unwrap();
    let count = store.message_count();
    assert!(
        count >= acknowledged,
        "{count} stored < {acknowledged} acknowledged"
    );
    for i in 0..acknowledged {
        assert!(
            store
                .find_external(tribune::model::Channel::Bluesky, &format!("k{i}"))
                .unwrap()
                .is_some(),
            "acknowledged message k{i} was lost"
        );
    }
    // The search index, killed with the import between its commits, catches up at the next
    // start: every stored message is found, none twice.
    let indexer = tribune::ingest::open_index(&store.message_reader()).unwrap();
    let number = tribune::search::LeafTerms::of(&tribune::query::TextLeaf::Word("number".into()));
    let tribune::search::Hits::Some(found) = indexer.reader().hits(&number).unwrap() else {
        panic!("a word finds some messages");
    };
    assert_eq!(found.len(), count, "every stored message is searchable");
    assert_eq!(indexer.reader().len(), count as u64, "none indexed twice");
    drop((indexer, store));
    // And the import can be finished afterwards without duplicates.
    crate::support::succeed(tribune(dir.path()).arg("import").arg(&file));
    let store = Store::open(&dir.path().join("store")).unwrap();
    assert_eq!(store.message_count(), 50_000);
}
