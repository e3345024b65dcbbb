//! Bluesky traffic for tests: the AppView snapshots (real server output with ids replaced by
//! placeholders, as JS template literals) read as JSON, and the recorded bsky.social answers.

use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn fixtures() -> Option<PathBuf> {
    super::fixtures_dir("bluesky")
}

pub fn recorded(dir: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join("recorded").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// One export of a `.snap` file as JSON. Placeholders become ids of the right shape, made
/// distinct by `prefix` (each export numbers its own): `user(0)` → `did:plc:{prefix}0`,
/// `record(1)` → an at-uri, `cids(2)` → a cid.
pub fn snapshot(dir: &Path, file: &str, export: &str, prefix: &str) -> Value {
    let text = std::fs::read_to_string(dir.join("appview-snapshots").join(file)).unwrap();
    let head = format!("exports[`{export}`] = `");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("no export `{export}` in {file}"))
        + head.len();
    let end = start + text[start..].find("\n`;").unwrap();
    let body = &text[start..end];
    // The literal's JS: trailing commas before a closing bracket.
    let mut json = String::with_capacity(body.len());
    let lines: Vec<&str> = body.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
        let closes = next.is_some_and(|n| n.trim_start().starts_with(['}', ']']));
        match line.strip_suffix(',') {
            Some(kept) if closes => json.push_str(kept),
            _ => json.push_str(line),
        }
        json.push('\n');
    }
    let json = placeholders(&json, "user(", |n| format!("did:plc:{prefix}{n}"));
    let json = placeholders(&json, "record(", |n| {
        format!("at://did:plc:{prefix}/app.bsky.feed.post/rec{n}")
    });
    let json = placeholders(&json, "cids(", |n| format!("bafy{prefix}{n}"));
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{export}: {e}"))
}

fn placeholders(text: &str, open: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with(')') {
            out.push_str(&rest[..at]);
            out.push_str(&with(&digits));
            rest = &after[digits.len() + 1..];
        } else {
            out.push_str(&rest[..at + open.len()]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}
