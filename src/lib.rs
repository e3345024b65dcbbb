//! tribune: a terminal console for community management.
//!
//! The modules follow the data's path: `connectors` → `ingest` → `store` → domain (`model`,
//! `sla`) → `service` (commands in, events out) → `app` (state and actions) → `ui` (drawing).

pub mod clock;
pub mod config;
pub mod duration;
pub mod model;
pub mod store;
pub mod text;
mod time_serde;
