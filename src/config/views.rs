//! Saved views, `[[view]]`: a name for the sidebar, a query in the language of `/`, and
//! optionally a key of the inbox that selects it. A view named as one of the ten defaults
//! (All, Unanswered, Criticism, Breaching SLA, Reviews, each channel) replaces its query;
//! others follow them.

use super::Key;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ViewConfig {
    pub name: String,
    #[serde(default)]
    pub query: String,
    pub key: Option<Key>,
    /// What the sidebar counts: the messages waiting for a reply, or all of them.
    pub count: Option<ViewCount>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ViewCount {
    Waiting,
    All,
}

/// Each view has a name of its own and a query that parses; else which view and why.
pub(super) fn check_views(views: &[ViewConfig]) -> Result<(), (usize, &'static str, String)> {
    for (i, v) in views.iter().enumerate() {
        if v.name.trim().is_empty() {
            return Err((i, "name", "a view needs a name".into()));
        }
        if views[..i]
            .iter()
            .any(|w| w.name.trim().eq_ignore_ascii_case(v.name.trim()))
        {
            return Err((i, "name", format!("another view is named {}", v.name)));
        }
        if let Err(e) = crate::query::parse(&v.query) {
            return Err((i, "query", format!("the query, {e}")));
        }
    }
    Ok(())
}
