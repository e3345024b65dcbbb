//! The console's state, the actions that change it, and the event loop that feeds them.

mod action;
mod cache;
mod composer;
mod countdowns;
mod dashboard;
mod events;
mod inbox;
mod index;
mod keys;
mod profile;
mod replying;
mod rows;
mod run;
mod search;
mod state;
mod views;

pub use action::{Action, Effect};
pub use cache::MessageCache;
pub use composer::{Composer, Writing};
pub use dashboard::DashboardPanel;
pub use keys::action_for_key;
pub use profile::ProfileScreen;

/// Every key and what it does, for the help overlay.
pub fn keys_help() -> &'static [(&'static str, &'static str)] {
    keys::HELP
}
pub use countdowns::Pulse;
pub use rows::InboxRows;
pub use run::run;
pub use search::SearchBar;
pub use state::{Focus, State};
pub use state::{Picker, Prompt};
pub use views::{View, urgency_key};
