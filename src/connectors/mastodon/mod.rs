//! Mastodon: posting replies (`POST /api/v1/statuses`). Reading mentions comes with the
//! Mastodon connector.

mod post;

pub use post::MastodonPoster;
