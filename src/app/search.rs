//! Searching the inbox (`/`): the query (the language of `crate::query`) is typed in the
//! status bar and filters the current view as it is typed; Enter keeps it, Esc drops it, Tab
//! completes a field name. A mistake is shown under the query, pointing at where it is, and
//! the last good results stay meanwhile.
//!
//! The query is judged as `judging` judges any: its text leaves answered by the on-disk
//! index the service keeps (`TextIndex`), the rest on each message's summary.

use super::judging::{Found, reveals};
use super::state::State;
use crate::model::{Message, MessageId, Status};
use crate::query::QueryError;
use crate::search::{LeafTerms, TextIndex};
use crossterm::event::{KeyCode, KeyEvent};

#[derive(Debug, Default)]
pub struct SearchBar {
    pub text: super::LineInput,
    /// The query is being typed (the status bar shows it with a cursor).
    pub editing: bool,
    /// The mistake in what is typed, if any (the results are the last good query's).
    pub error: Option<QueryError>,
    found: Found,
    /// The query waits for the service's index.
    pub waiting: bool,
    /// Results best first (by how well they answer the query's words) rather than most
    /// urgent first, and the scores that order them (worked out when asked).
    pub by_relevance: bool,
    scores: Option<crate::search::Scores>,
}

impl SearchBar {
    /// Whether the filter applies to `id`: every message while the query is empty.
    pub fn admits(&self, id: MessageId) -> bool {
        self.found.admits(id)
    }

    pub fn is_active(&self) -> bool {
        !self.found.query.is_empty()
    }

    /// Whether the query asks for messages the views hide (`is:snoozed`, `is:spam`).
    pub fn reveals(&self, status: Status) -> bool {
        reveals(&self.found.query, status)
    }

    /// A row's place in relevance order: the better scored first; those the words do not
    /// score (found by fields alone, or not yet indexed) after them.
    pub(super) fn relevance_rank(&self, id: MessageId) -> std::cmp::Reverse<u32> {
        let score = self.scores.as_ref().and_then(|s| s.get(&id)).copied();
        // Scores are positive: their bits order as the numbers do.
        std::cmp::Reverse(score.map_or(0, |s| s.max(0.0).to_bits()))
    }
}

impl State {
    /// Opens the query line.
    pub(super) fn start_search(&mut self) {
        let bar = self.search.bar.get_or_insert_with(SearchBar::default);
        bar.editing = true;
    }

    /// The service's index is ready: a query typed meanwhile runs.
    pub(super) fn on_search_index(&mut self, index: TextIndex) {
        self.search.index = Some(index);
        self.search.unavailable = None;
        if self.search.bar.as_ref().is_some_and(|b| b.waiting) {
            self.run_search();
        }
        // Saved views that read words can be found and counted now.
        self.refresh_saved_views();
        self.rebuild_inbox();
    }

    pub(super) fn search_key(&mut self, key: KeyEvent) {
        let Some(bar) = self.search.bar.as_mut() else {
            return;
        };
        if key.code == KeyCode::Tab {
            if let Some(done) = crate::query::complete(bar.text.as_str()) {
                bar.text = super::LineInput::from(done.as_str());
                self.run_search();
            }
            return;
        }
        if bar.text.edit(&key) {
            self.run_search();
            return;
        }
        match key.code {
            KeyCode::Enter => {
                bar.editing = false;
                if bar.text.is_blank() {
                    self.search.bar = None;
                } else if bar.error.is_some() {
                    // A query with a mistake stays open to be mended.
                    bar.editing = true;
                }
            }
            KeyCode::Esc => self.clear_search(),
            _ => {}
        }
    }

    pub(super) fn clear_search(&mut self) {
        self.search.bar = None;
        self.rebuild_inbox();
    }

    fn run_search(&mut self) {
        let Some(bar) = self.search.bar.as_mut() else {
            return;
        };
        let query = match crate::query::parse(bar.text.as_str()) {
            Err(e) => {
                bar.error = Some(e);
                return;
            }
            Ok(query) => {
                bar.error = None;
                query
            }
        };
        let found = self.find(query);
        let Some(bar) = self.search.bar.as_mut() else {
            return;
        };
        match found {
            Some(found) => {
                bar.found = found;
                bar.scores = None;
                bar.waiting = false;
            }
            // The service's index is not ready yet: the query runs when it is.
            None => {
                bar.waiting = true;
                return;
            }
        }
        self.score_search();
        self.selected = 0;
        self.list_offset.set(0);
        self.rebuild_inbox();
    }

    /// `o`: a search's results best first, or most urgent first again.
    pub(super) fn toggle_order(&mut self) {
        let Some(bar) = self.search.bar.as_mut().filter(|b| b.is_active()) else {
            self.notify("Relevance orders a search's results: search with / first.");
            return;
        };
        bar.by_relevance = !bar.by_relevance;
        let by_relevance = bar.by_relevance;
        self.score_search();
        self.notify(match by_relevance {
            true => "Results best first: by how well they answer the words (o: most urgent first).",
            false => "Results most urgent first (o: best first).",
        });
        self.selected = 0;
        self.list_offset.set(0);
        self.rebuild_inbox();
    }

    /// Scores the search's results by its words when they are to be listed best first.
    fn score_search(&mut self) {
        let Some(bar) = self.search.bar.as_ref() else {
            return;
        };
        if !bar.by_relevance || bar.scores.is_some() {
            return;
        }
        let query = &bar.found.query;
        let terms: Vec<LeafTerms> = query
            .wanted_leaves()
            .into_iter()
            .filter_map(|n| query.leaves.get(n))
            .map(LeafTerms::of)
            .collect();
        let scores = match &self.search.index {
            Some(index) => index.relevance(&terms.iter().collect::<Vec<_>>()),
            None => return,
        };
        let scores = scores.unwrap_or_else(|e| {
            tracing::error!(error = %e, "scoring failed");
            Default::default()
        });
        if let Some(bar) = self.search.bar.as_mut() {
            bar.scores = Some(scores);
        }
    }

    /// New or changed messages: into the results when they match, out when they no longer
    /// do (a status, an answer); new ones are kept until the index has them.
    pub(super) fn search_changed(&mut self, changed: &[Message]) {
        if self.search.index.is_some() {
            let known = self.search.recent.last().map(|m| m.id);
            self.search.recent.extend(
                changed
                    .iter()
                    .filter(|m| m.is_inbound() && known.is_none_or(|k| m.id > k))
                    .cloned(),
            );
            // Also when not searching: a console keeps only what the index lacks.
            self.forget_indexed();
            // A bound, should the index stop committing.
            let over = self.search.recent.len().saturating_sub(RECENT_MAX);
            self.search.recent.drain(..over);
        }
        if let Some(mut bar) = self.search.bar.take() {
            if bar.is_active() {
                self.refind(&mut bar.found, changed);
            }
            self.search.bar = Some(bar);
        }
        if let Some((view, mut found)) = self.search.custom.take() {
            self.refind(&mut found, changed);
            self.search.custom = Some((view, found));
        }
        self.search.custom_outdated = true;
    }

    /// Lets go of the recent messages the index now holds.
    pub(super) fn forget_indexed(&mut self) {
        let upto = self.search.index.as_ref().and_then(TextIndex::indexed_upto);
        if let Some(upto) = upto {
            self.search.recent.retain(|m| m.id > upto);
        }
    }
}

/// Messages kept for judging by reading while the index has not committed them.
const RECENT_MAX: usize = 50_000;

impl State {
    /// Runs `text` as the search's query at once, as if typed (benchmarks, scripts): how
    /// many inbound messages it finds (None while the index is not ready), or its mistake.
    pub fn search_for(&mut self, text: &str) -> Result<Option<usize>, QueryError> {
        if text.trim().is_empty() {
            self.clear_search();
            return Ok(Some(self.inbox.total()));
        }
        let bar = self.search.bar.get_or_insert_with(SearchBar::default);
        bar.text = super::LineInput::from(text);
        self.run_search();
        let bar = self.search.bar.as_ref();
        match bar.and_then(|b| b.error.clone()) {
            Some(e) => Err(e),
            None => Ok(bar.filter(|b| !b.waiting).map(|b| b.found.len())),
        }
    }
}
