//! `tribune bench` end to end on a small store: it makes the store, measures, and reports
//! every figure as JSON; a second run reuses the store. (Figures are read, never judged by
//! time here: budgets are for the bench itself.)

fn bench(data: &std::path::Path) -> serde_json::Value {
    let out = crate::support::succeed(crate::support::tribune(data).args([
        "bench",
        "--messages",
        "400",
        "--runs",
        "1",
        "--json",
    ]));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn bench_reports_every_figure_and_reuses_its_store() {
    let data = tempfile::tempdir().unwrap();
    let figures = bench(data.path());
    assert_eq!(figures["messages"], 400);
    for timing in [
        "open_to_first_frame",
        "key_move",
        "key_open",
        "key_switch_view",
        "render_120x40",
        "render_200x60",
    ] {
        let t = &figures[timing];
        let (min, median, max) = (
            t["min_ms"].as_f64().unwrap(),
            t["median_ms"].as_f64().unwrap(),
            t["max_ms"].as_f64().unwrap(),
        );
        assert!(min <= median && median <= max, "{timing}: {t}");
    }
    // A common and a rare word in each language, then words and fields combined, through
    // the console on the on-disk index.
    let searched = figures["search"]["queries"].as_array().unwrap();
    assert_eq!(searched.len(), 9);
    assert!(
        searched.iter().any(|s| s["hits"].as_u64().unwrap() > 0),
        "{searched:?}"
    );
    for s in searched {
        assert!(s["index"]["median_ms"].as_f64().unwrap() >= 0.0);
    }
    assert!(figures["search"]["first_search_ms"].as_f64().unwrap() > 0.0);
    assert!(figures["search"]["index_disk_mb"].as_f64().unwrap() > 0.0);
    assert!(figures["ingest_messages_per_s"].as_f64().unwrap() > 0.0);
    assert!(figures["sentiment_texts_per_s"].as_f64().unwrap() > 0.0);
    // Moving one row rewrites a few cells, not the screen (120x40 = 4,800 cells).
    let moved = figures["move_one_row_bytes"].as_u64().unwrap();
    assert!(moved > 0 && moved < 4_800, "{moved}");
    // The store made by the first run is measured again, not made anew.
    let again = bench(data.path());
    assert_eq!(again["messages"], 400);
    let stores: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.starts_with("bench-store") && !name.ends_with(".search")
        })
        .collect();
    assert_eq!(stores.len(), 1);
}
