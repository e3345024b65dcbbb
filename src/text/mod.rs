//! Text from the outside world made safe and measurable for a terminal.

pub mod limits;
mod sanitize;
mod width;

pub use sanitize::sanitize;
pub use width::{excerpt, truncate_to_width};
