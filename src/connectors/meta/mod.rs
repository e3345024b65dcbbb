//! Meta's Graph API, for Facebook Pages and Instagram professional accounts. So far, what
//! the connectors will stand on: errors turned into what to do and the usage headers read to
//! slow down before Meta throttles (`graph`), and Facebook comment listings read into inbox
//! messages (`facebook`). The connectors themselves (polling, replies, insights) come next.

pub mod facebook;
pub mod graph;
