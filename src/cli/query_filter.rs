//! `--query` for the commands that read every message (`export`, `report`): the query
//! language of `/`, judged by reading each inbound message, with what the store knows of
//! people (VIP, linked handles) and assignment, and the response-time policies for
//! `is:breached` and `is:warning`.

use crate::config::Config;
use crate::model::{Message, MessageId};
use crate::query::{Facts, Is, Plan};
use crate::search::leaves::ReadQuery;
use crate::sla::{Policies, SlaState};
use crate::store::Store;
use crate::summary::Summary;
use jiff::Timestamp;
use std::collections::{HashMap, HashSet};

pub(super) struct MessageFilter {
    plan: Plan,
    read: ReadQuery,
    /// The `from:` leaves' authors (None for the other leaves).
    authors: Vec<Option<HashSet<u32>>>,
    vip: HashSet<u32>,
    assigned: HashMap<MessageId, String>,
    influencer_followers: u64,
    agent: String,
    policies: Policies,
    now: Timestamp,
}

impl MessageFilter {
    /// The filter of `text` over `messages` (read once more here for `from:`); a mistake in
    /// the query is one sentence naming where it is.
    pub(super) fn new(
        text: &str,
        store: &Store,
        config: &Config,
        policies: &Policies,
        now: Timestamp,
        messages: &[Message],
    ) -> anyhow::Result<MessageFilter> {
        let query = crate::query::parse(text).map_err(|e| anyhow::anyhow!("--query {e}."))?;
        let links = store.links()?;
        let read = ReadQuery::new(&query);
        Ok(MessageFilter {
            plan: Plan::new(&query, now, policies.calendar().time_zone()),
            authors: read.authors(messages.iter(), &links),
            read,
            vip: crate::profile::vip_hashes(store.people()?.iter().map(|(k, r)| (k, r)), &links),
            assigned: store.assignments()?.into_iter().collect(),
            influencer_followers: config.profiles.influencer_followers,
            agent: super::console::local_agent(config),
            policies: policies.clone(),
            now,
        })
    }

    /// Whether the query finds `m` (an inbound message; the brand's own are not judged).
    pub(super) fn admits(&self, m: &Message) -> bool {
        m.is_inbound()
            && self.plan.matches(&Whole {
                filter: self,
                summary: m.summary(),
                held: self.read.held(m),
                message: m,
            })
    }
}

struct Whole<'a> {
    filter: &'a MessageFilter,
    summary: Summary,
    held: Vec<bool>,
    message: &'a Message,
}

impl Facts for Whole<'_> {
    fn summary(&self) -> &Summary {
        &self.summary
    }

    fn text(&self, n: usize) -> bool {
        self.held.get(n).copied().unwrap_or(false)
            || self
                .filter
                .authors
                .get(n)
                .and_then(Option::as_ref)
                .is_some_and(|a| a.contains(&self.summary.author))
    }

    fn tagged(&self, tag: &str) -> bool {
        crate::search::has_tag(&self.message.tags, tag)
    }

    fn is(&self, flag: Is) -> bool {
        let f = self.filter;
        let state = || f.policies.countdown(self.message, f.now).map(|c| c.state);
        match flag {
            Is::Breached => state() == Some(SlaState::Breached),
            Is::Warning => state() == Some(SlaState::Warning),
            Is::Vip => f.vip.contains(&self.summary.author),
            Is::Influencer => u64::from(self.summary.followers) >= f.influencer_followers,
            Is::Mine => f
                .assigned
                .get(&self.message.id)
                .is_some_and(|a| *a == f.agent),
            Is::Unassigned => !f.assigned.contains_key(&self.message.id),
            _ => false,
        }
    }
}
