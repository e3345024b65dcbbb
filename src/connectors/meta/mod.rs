//! Meta's Graph API, for Facebook Pages and Instagram professional accounts: errors turned
//! into what to do and the usage headers read to slow down before Meta throttles (`graph`),
//! the client that reads every answer so (`client`), Facebook comment listings read into inbox
//! messages (`facebook`), a Page as a source and a place to reply (`page`), and an Instagram
//! professional account the same way (`instagram`), with their audience figures (`insights`).
//! A Page's visitor posts, mentions, recommendations and Messenger conversations are read too
//! (`page_items`).

pub mod client;
pub mod facebook;
pub mod graph;
pub mod insights;
pub mod instagram;
pub mod page;
pub mod page_items;
