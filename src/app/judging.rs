//! Judging messages by a query, for the search bar and for saved views: the text leaves
//! answered by the on-disk index (or by reading the messages when the console holds them
//! all), the rest judged on each message's summary, and the messages told since the index's
//! last commit judged by reading them. `Found` is what a query holds for, kept up to date as
//! messages change.

use super::state::State;
use crate::model::{Message, MessageId, Status};
use crate::query::{Facts, Is, Plan, Query, TextLeaf};
use crate::search::leaves::ReadQuery;
use crate::search::{Hits, IdBits, LeafTerms};
use crate::sla::SlaState;
use crate::summary::Summary;
use std::collections::HashSet;

/// The inbound messages a query holds for (a search's, or a saved view's), kept up to date
/// as messages change.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) query: Query,
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

    /// The messages found, in no order.
    pub(super) fn ids(&self) -> Vec<MessageId> {
        self.matches.iter().copied().collect()
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
pub(super) fn reveals(query: &Query, status: Status) -> bool {
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
