//! The integration tests, in one binary (one link of the crate instead of one per file): the
//! binary driven as a user drives it (tmux, the command line), the connectors against local
//! servers answering as the real APIs do, the service and the console over a real store.
// Tests stop at the first surprise (helpers outside #[test] functions unwrap too); the
// helpers in support/ are a test crate's own, pub to its modules.
#![allow(clippy::unwrap_used, clippy::expect_used, unreachable_pub)]

mod support;

mod bench_cli;
mod bluesky;
mod dashboard;
mod durability;
mod e2e_bulk;
mod e2e_tmux;
mod facebook;
mod google_reviews;
mod import_export;
mod inbox_index;
mod incidents;
mod instagram;
mod lazy_console;
mod marks;
mod mastodon;
mod outbox;
mod outbox_service;
mod parsers_fuzz;
mod profile;
mod render;
mod report;
mod search_service;
mod sentiment;
mod sentiment_flow;
mod store_safety;
mod team_service;
mod team_ssh;
mod tidy;
mod tone;
mod triage_service;
