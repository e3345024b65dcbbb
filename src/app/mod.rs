//! The console's state and the actions that change it. It knows no terminal: the event loop
//! (`tui`) feeds it actions and draws it with `ui`.

mod action;
mod asking;
mod cache;
mod composer;
mod countdowns;
mod dashboard;
mod events;
mod inbox;
mod incidents;
mod index;
mod judging;
mod keymap;
mod keys;
mod layers;
mod line_input;
mod marks;
mod profile;
mod replying;
mod rows;
mod saved_views;
mod search;
mod state;
mod team;
mod tone_check;
mod views;

pub use action::{Action, Effect};
pub use asking::{Asked, LineAsk};
pub use cache::MessageCache;
pub use composer::{Composer, Writing};
pub use dashboard::DashboardPanel;
pub use incidents::IncidentHeading;
pub use keymap::{Binding, Help, Key, Keymap, KeysError};
pub use keys::action_for_key;
pub use layers::Layer;
pub use line_input::LineInput;
pub use marks::{Bulk, Marks};

/// Terminals at least this wide show the dashboard strip above the inbox.
pub const STRIP_MIN_WIDTH: u16 = 150;
pub use profile::ProfileScreen;

pub use countdowns::Pulse;
pub use index::SharedIndex;
pub use rows::ViewRows;
pub use search::SearchBar;
pub use state::{Focus, State};
pub use state::{Picker, Prompt};
pub use team::{Assignee, HeldReply, Team};
pub use views::{View, ViewDef, urgency_key};
