//! tribune: a terminal console for community management.
//!
//! The modules follow the data's path: `connectors` → `ingest` → `store` → domain (`model`,
//! `sla`) → `service` (commands in, events out) → `app` (state and actions) → `ui` (drawing),
//! with `tui` running the console in a terminal, `serve` serving consoles over SSH, and `cli` on
//! top. ARCHITECTURE.md has the
//! layers, what each may use, and the central types.

pub mod app;
pub mod buzz;
pub mod cli;
pub mod clock;
pub mod config;
pub mod connectors;
pub(crate) mod duration;
pub mod incident;
pub mod ingest;
pub mod jsonl;
pub mod metrics;
pub mod model;
pub mod profile;
pub mod query;
pub mod report;
pub mod search;
pub mod sentiment;
pub(crate) mod serve;
pub mod service;
pub mod sla;
pub mod snooze;
pub mod store;
pub mod summary;
pub mod templates;
pub mod text;
mod time_serde;
pub mod tone;
pub(crate) mod tui;
pub mod ui;
