//! The rules of the tree that can be checked (ARCHITECTURE.md says why each holds): every
//! source file opens with its `//!` doc, no file grows past 600 lines, and each layer names
//! only the layers it may use.

use std::path::{Path, PathBuf};

/// A layer and the modules it must never name (`crate::<module>`).
const FORBIDDEN: &[(&str, &[&str])] = &[
    // The console's state knows no terminal and no drawing.
    ("app", &["ui", "tui", "cli", "serve"]),
    // Drawing reads the state only: no store, no service, no I/O.
    (
        "ui",
        &["store", "service", "tui", "cli", "connectors", "ingest"],
    ),
    // The service serves consoles without knowing them.
    ("service", &["app", "ui", "tui", "cli", "serve"]),
    // The team server serves consoles: it never opens the store or reaches a network itself
    // (the service does), and the command line starts it.
    ("serve", &["store", "connectors", "ingest", "cli"]),
    // The store keeps what it is given.
    (
        "store",
        &["app", "ui", "tui", "cli", "service", "connectors", "ingest"],
    ),
    // The domain stands on its own.
    (
        "model",
        &[
            "store",
            "service",
            "app",
            "ui",
            "tui",
            "cli",
            "connectors",
            "ingest",
        ],
    ),
    (
        "connectors",
        &["service", "app", "ui", "tui", "cli", "ingest"],
    ),
    // The query language and full-text search are domain: the service feeds the index,
    // consoles read it.
    (
        "query",
        &["store", "service", "app", "ui", "tui", "cli", "ingest"],
    ),
    (
        "search",
        &["store", "service", "app", "ui", "tui", "cli", "ingest"],
    ),
    (
        "snooze",
        &["store", "service", "app", "ui", "tui", "cli", "ingest"],
    ),
    // The tone check reads text against text: the console and the command line call it.
    (
        "tone",
        &["store", "service", "app", "ui", "tui", "cli", "ingest"],
    ),
    // Incidents are values: the service stores them, consoles and the command line show them.
    (
        "incident",
        &["store", "service", "app", "ui", "tui", "cli", "ingest"],
    ),
];

const MAX_LINES: usize = 600;

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a source file belongs to (`src/app/keys.rs` → `app`).
fn layer_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).unwrap();
    let first = relative
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_source_file_opens_with_its_doc() {
    let missing: Vec<String> = sources(&src())
        .into_iter()
        .filter(|p| !std::fs::read_to_string(p).unwrap().starts_with("//!"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "no `//!` doc at the top of: {missing:#?}"
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = sources(&src())
        .into_iter()
        .filter_map(|p| {
            let lines = std::fs::read_to_string(&p).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", p.display()))
        })
        .collect();
    assert!(long.is_empty(), "split by responsibility: {long:#?}");
}

#[test]
fn each_layer_names_only_what_it_may_use() {
    let mut crossings = Vec::new();
    for path in sources(&src()) {
        let layer = layer_of(&path);
        let Some((_, forbidden)) = FORBIDDEN.iter().find(|(l, _)| *l == layer) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for module in *forbidden {
                if code.contains(&format!("crate::{module}::"))
                    || code.contains(&format!("crate::{module};"))
                    || code.contains(&format!("crate::{{{module}"))
                {
                    crossings.push(format!(
                        "{}:{}: {layer} names {module}",
                        path.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(crossings.is_empty(), "layers crossed: {crossings:#?}");
}

#[test]
fn the_readme_lists_every_key_of_the_keymap() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = &readme[readme.find("## Keys").unwrap()..readme.find("## Response time").unwrap()];
    let keymap = tribune::app::Keymap::default();
    let missing: Vec<String> = keymap
        .bindings()
        .iter()
        .filter(|b| {
            b.layer == tribune::app::Layer::Inbox && matches!(b.help, tribune::app::Help::Line(_))
        })
        .filter_map(|b| {
            let key = b.keys.first()?.label().replace('^', "Ctrl-");
            (!table.contains(&format!("`{key}`"))).then(|| format!("{} ({key})", b.name))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "keys the README does not list: {missing:?}"
    );
}
