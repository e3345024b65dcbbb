//! Meta's Graph API, for Facebook Pages and Instagram professional accounts. So far, what
//! both networks' connectors share: errors turned into what to do, and the usage headers read
//! to slow down before Meta throttles (`graph`).

pub mod graph;
