//! Text from the outside world made safe and measurable for a terminal.

pub mod limits;
mod sanitize;
pub mod secrets;
mod width;

pub use sanitize::sanitize;
pub use width::{excerpt, truncate_to_width};
