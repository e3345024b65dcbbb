//! Searching the inbox (`/`): the query is typed in the status bar and filters the current
//! view as it is typed; Enter keeps it, Esc drops it. The index is built on first use and
//! grows with every message stored after.

use super::action::Effect;
use super::state::State;
use crate::model::{Message, MessageId};
use crate::search::{Query, SearchIndex};
use crate::service::Command;
use crossterm::event::{KeyCode, KeyEvent};
use std::collections::HashSet;

#[derive(Debug, Default)]
pub struct SearchBar {
    pub text: super::LineInput,
    /// The query is being typed (the status bar shows it with a cursor).
    pub editing: bool,
    query: Query,
    matches: HashSet<MessageId>,
}

impl SearchBar {
    /// Whether the filter applies to `id`: every message while the query is empty.
    pub fn admits(&self, id: MessageId) -> bool {
        self.query.is_empty() || self.matches.contains(&id)
    }

    pub fn is_active(&self) -> bool {
        !self.query.is_empty()
    }
}

impl State {
    /// Opens the query line. The index is built on first use: here from the messages held
    /// when they are all of them, otherwise by the service over the store (seconds at a
    /// million), the query waiting for it meanwhile.
    pub(super) fn start_search(&mut self, effects: &mut Vec<Effect>) {
        if self.search.index.is_none() {
            if self.shared.messages.is_complete() {
                self.search.index = Some(SearchIndex::build(self.shared.messages.values()));
            } else if self.search.pending.is_none() {
                self.search.pending = Some(Vec::new());
                effects.push(Effect::Command(Command::IndexSearch));
            }
        }
        let bar = self.search.bar.get_or_insert_with(SearchBar::default);
        bar.editing = true;
    }

    /// The service's index arrived: what was stored while it was built goes in too (the
    /// index takes each message once), and the query typed meanwhile runs.
    pub(super) fn on_search_index(&mut self, mut index: SearchIndex) {
        for m in self.search.pending.take().unwrap_or_default() {
            index.add(&m);
        }
        self.search.index = Some(index);
        if self.search.bar.is_some() {
            self.run_search();
        }
    }

    pub(super) fn search_key(&mut self, key: KeyEvent) {
        let Some(bar) = self.search.bar.as_mut() else {
            return;
        };
        if bar.text.edit(&key) {
            self.run_search();
            return;
        }
        match key.code {
            KeyCode::Enter => {
                bar.editing = false;
                if bar.text.is_blank() {
                    self.search.bar = None;
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
        let (Some(bar), Some(index)) = (self.search.bar.as_mut(), self.search.index.as_ref())
        else {
            return;
        };
        bar.query = Query::parse(bar.text.as_str());
        bar.matches = index.search(&bar.query);
        self.selected = 0;
        self.list_offset.set(0);
        self.rebuild_inbox();
    }

    /// New or changed messages: into the index, and into the results when they match.
    pub(super) fn search_changed(&mut self, changed: &[Message]) {
        if let Some(index) = self.search.index.as_mut() {
            for m in changed {
                index.add(m);
            }
        }
        if let Some(pending) = self.search.pending.as_mut() {
            pending.extend(changed.iter().cloned());
        }
        if let Some(bar) = self.search.bar.as_mut() {
            for m in changed {
                if bar.query.matches(m) {
                    bar.matches.insert(m.id);
                }
            }
        }
    }
}
