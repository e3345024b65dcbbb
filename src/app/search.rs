//! Searching the inbox (`/`): the query (the language of `crate::query`) is typed in the
//! status bar and filters the current view as it is typed; Enter keeps it, Esc drops it, Tab
//! completes a field name. A mistake is shown under the query, pointing at where it is, and
//! the last good results stay meanwhile.
//!
//! The text leaves are answered by the on-disk index the service keeps (`TextIndex`), or,
//! when the console holds every message (small tools, tests), by reading them; the rest of
//! the query is judged on each message's summary.

use super::state::State;
use crate::model::{Message, MessageId, Status};
use crate::query::{Facts, Is, Plan, Query, QueryError, TextLeaf};
use crate::search::leaves::ReadQuery;
use crate::search::{Hits, IdBits, LeafTerms, TextIndex};
use crate::sla::SlaState;
use crate::summary::Summary;
use crossterm::event::{KeyCode, KeyEvent};
use std::collections::HashSet;

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

/// The inbound messages a query holds for (a search's, or a saved view's), kept up to date
/// as messages change.
#[derive(Debug, Default)]
pub(super) struct Found {
    query: Query,
    matches: HashSet<MessageId>,
    /// The `from:` leaves' authors as last answered (a message arriving later by one of
    /// them, or by a handle linked to them, matches).
    authors: Vec<Option<HashSet<u32>>>,
}

impl Found {
    /// Whether `id` is found: every message for an empty query.
    pub(super) fn admits(&self, id: MessageId) -> bool {
        self.query.is_empty() || self.matches.contains(&id)
    }

    pub(super) fn reveals(&self, status: Status) -> bool {
        reveals(&self.query, status)
    }

    pub(super) fn len(&self) -> usize {
        self.matches.len()
    }
}

/// Whether `query` asks for messages the views hide: snoozed ones by `is:snoozed`, or by
/// asking for breaches (snoozing does not hide a breach); spam by `is:spam`.
fn reveals(query: &Query, status: Status) -> bool {
    match status {
        Status::Snoozed => [Is::Snoozed, Is::Breached, Is::Warning]
            .into_iter()
            .any(|f| query.mentions(f)),
        Status::Spam => query.mentions(Is::Spam),
        _ => true,
    }
}

/// A text leaf, answered: the messages it holds for (or, for `from:`, the authors), or
/// whether it holds for the one message read.
pub(super) enum Answer {
    Hits(Hits),
    Authors(HashSet<u32>),
    Held(bool),
}

/// What a query needs of the console to judge one message by its summary.
struct ConsoleFacts<'a> {
    summary: &'a Summary,
    answers: &'a [Answer],
    state: &'a State,
    vip: &'a HashSet<u32>,
}

impl Facts for ConsoleFacts<'_> {
    fn summary(&self) -> &Summary {
        self.summary
    }

    fn text(&self, n: usize) -> bool {
        match self.answers.get(n) {
            Some(Answer::Hits(h)) => h.contains(self.summary.id),
            Some(Answer::Authors(a)) => a.contains(&self.summary.author),
            Some(Answer::Held(held)) => *held,
            None => false,
        }
    }

    fn tagged(&self, tag: &str) -> bool {
        self.state
            .shared
            .tags
            .get(&self.summary.id)
            .is_some_and(|tags| crate::search::has_tag(tags, tag))
    }

    fn is(&self, flag: Is) -> bool {
        let s = self.summary;
        let state_of = || self.state.shared.waiting.get(&s.id).map(|w| w.state);
        match flag {
            Is::Breached => state_of() == Some(SlaState::Breached),
            Is::Warning => state_of() == Some(SlaState::Warning),
            Is::Vip => self.vip.contains(&s.author),
            Is::Influencer => {
                u64::from(s.followers) >= self.state.shared.people.influencer_followers
            }
            Is::Mine => self
                .state
                .shared
                .assigned
                .get(&s.id)
                .is_some_and(|a| *a == self.state.agent),
            Is::Unassigned => !self.state.shared.assigned.contains_key(&s.id),
            _ => false,
        }
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

    /// The inbound messages `query` holds for, or None while the index is not ready.
    pub(super) fn find(&mut self, query: Query) -> Option<Found> {
        let mut matches = HashSet::new();
        let answers = self.judge(&query, |s| {
            matches.insert(s.id);
        })?;
        let authors: Vec<Option<HashSet<u32>>> = answers
            .into_iter()
            .map(|a| match a {
                Answer::Authors(set) => Some(set),
                Answer::Hits(_) | Answer::Held(_) => None,
            })
            .collect();
        let mut found = Found {
            query,
            matches,
            authors,
        };
        // What the index has not committed yet is judged by reading it.
        self.forget_indexed();
        let recent = std::mem::take(&mut self.search.recent);
        self.refind(&mut found, &recent);
        self.search.recent = recent;
        Some(found)
    }

    /// Judges `changed` messages again: into `found` when they match, out when they no
    /// longer do.
    pub(super) fn refind(&self, found: &mut Found, changed: &[Message]) {
        for (id, matched) in self.judge_read(&found.query, &found.authors, changed) {
            if matched {
                found.matches.insert(id);
            } else {
                found.matches.remove(&id);
            }
        }
    }

    /// The inbound messages `query` holds for (and its leaves' answers), or None while the
    /// index is not ready.
    /// Hands each inbound message `query` holds for to `each` (those the views hide only when
    /// the query asks for them), and returns its leaves' answers; None while the index is
    /// not ready.
    pub(super) fn judge(
        &self,
        query: &Query,
        mut each: impl FnMut(&Summary),
    ) -> Option<Vec<Answer>> {
        let index = self.shared.index.read();
        let summaries = index.oldest_first();
        let answers = self.answer_leaves(query, summaries)?;
        let plan = Plan::new(query, self.now, self.policies.calendar().time_zone());
        let vip = self.vip_authors();
        for s in summaries {
            let shown = !super::index::hidden(s.status) || reveals(query, s.status);
            let facts = ConsoleFacts {
                summary: s,
                answers: &answers,
                state: self,
                vip: &vip,
            };
            if shown && plan.matches(&facts) {
                each(s);
            }
        }
        Some(answers)
    }

    /// Each text leaf answered by the index, or by reading the messages when the console
    /// holds them all.
    fn answer_leaves(&self, query: &Query, summaries: &[Summary]) -> Option<Vec<Answer>> {
        let terms: Vec<LeafTerms> = query.leaves.iter().map(LeafTerms::of).collect();
        if terms.is_empty() {
            return Some(Vec::new());
        }
        let hits: Vec<Hits> = if self.shared.messages.is_complete() {
            let read = ReadQuery::new(query);
            let mut bits = vec![IdBits::default(); terms.len()];
            for m in self.shared.messages.values().filter(|m| m.is_inbound()) {
                for (found, held) in bits.iter_mut().zip(read.held(m)) {
                    if held {
                        found.insert(m.id);
                    }
                }
            }
            bits.into_iter().map(Hits::Some).collect()
        } else {
            let index = self.search.index.as_ref()?;
            let mut out = Vec::with_capacity(terms.len());
            for t in &terms {
                match index.hits(t) {
                    Ok(h) => out.push(h),
                    Err(e) => {
                        tracing::error!(error = %e, "search failed");
                        out.push(Hits::Some(IdBits::default()));
                    }
                }
            }
            out
        };
        Some(
            query
                .leaves
                .iter()
                .zip(hits)
                .map(|(leaf, hits)| match leaf {
                    TextLeaf::From(_) => Answer::Authors(self.people_of(&hits, summaries)),
                    _ => Answer::Hits(hits),
                })
                .collect(),
        )
    }

    /// The authors of the messages hit, with every handle linked to the same person.
    fn people_of(&self, hits: &Hits, summaries: &[Summary]) -> HashSet<u32> {
        let mut authors: HashSet<u32> = summaries
            .iter()
            .filter(|s| hits.contains(s.id))
            .map(|s| s.author)
            .collect();
        crate::profile::with_linked(&mut authors, &self.shared.people.links);
        authors
    }

    fn vip_authors(&self) -> HashSet<u32> {
        crate::profile::vip_hashes(&self.shared.people.records, &self.shared.people.links)
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
    fn forget_indexed(&mut self) {
        let upto = self.search.index.as_ref().and_then(TextIndex::indexed_upto);
        if let Some(upto) = upto {
            self.search.recent.retain(|m| m.id > upto);
        }
    }

    /// Judges inbound messages by reading them (not through the index): `authors` are the
    /// `from:` leaves' last answers.
    fn judge_read(
        &self,
        query: &Query,
        authors: &[Option<HashSet<u32>>],
        messages: &[Message],
    ) -> Vec<(MessageId, bool)> {
        let read = ReadQuery::new(query);
        let plan = Plan::new(query, self.now, self.policies.calendar().time_zone());
        let vip = self.vip_authors();
        let mut verdicts = Vec::new();
        for m in messages.iter().filter(|m| m.is_inbound()) {
            let summary = m.summary();
            let answers: Vec<Answer> = read
                .held(m)
                .into_iter()
                .zip(&query.leaves)
                .enumerate()
                .map(|(n, (held, leaf))| match leaf {
                    // By the authors last answered, or by this message's own author.
                    TextLeaf::From(_) => {
                        let mut known = authors.get(n).cloned().flatten().unwrap_or_default();
                        if held {
                            known.insert(summary.author);
                            crate::profile::with_linked(&mut known, &self.shared.people.links);
                        }
                        Answer::Authors(known)
                    }
                    _ => Answer::Held(held),
                })
                .collect();
            let facts = ConsoleFacts {
                summary: &summary,
                answers: &answers,
                state: self,
                vip: &vip,
            };
            let shown = !super::index::hidden(m.status) || reveals(query, m.status);
            verdicts.push((m.id, shown && plan.matches(&facts)));
        }
        verdicts
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
