//! Text from the outside world made safe and measurable for a terminal.

mod sanitize;
mod width;

pub use sanitize::sanitize;
pub use width::{excerpt, truncate_to_width};
