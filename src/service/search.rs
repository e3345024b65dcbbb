//! The search index as the service keeps it: caught up with the store on a thread at start
//! (instant when it is current; a full build for a new or foreign index), then fed each
//! batch the service stores and committed at most once a second (`COMMIT_EVERY`); consoles
//! judge the messages told since the last commit by reading them.

use super::Event;
use super::worker::{Input, Worker};
use crate::model::{Message, MessageId};
use crate::search::Indexer;

pub(super) enum SearchFeed {
    /// Catching up on its thread; what is stored meanwhile waits here.
    CatchingUp(Vec<Message>),
    Ready(Box<Indexer>),
    /// The index could not be opened or written: search says so.
    Failed(String),
}

impl Default for SearchFeed {
    fn default() -> Self {
        SearchFeed::CatchingUp(Vec::new())
    }
}

/// What the catching-up thread hands back: the writer, and the last message it read.
pub(super) type CaughtUp = Result<(Box<Indexer>, Option<MessageId>), String>;

impl Worker {
    /// Opens the index and catches it up on a thread of its own (seconds for a million
    /// messages never indexed); the worker hears when it is done.
    pub(super) fn start_search_index(&mut self) {
        let reader = self.store.message_reader();
        let Some(input) = self.input.clone() else {
            return;
        };
        std::thread::spawn(move || {
            let caught_up = crate::ingest::open_index(&reader)
                .map(|indexer| {
                    let last = indexer.reader().watermark().map(|w| w.upto);
                    (Box::new(indexer), last)
                })
                .map_err(|e| e.to_string());
            let _ = input.send(Input::SearchCaughtUp(caught_up));
        });
    }

    /// The index caught up: what was stored meanwhile (after the last message it read) goes
    /// in, and every console can search.
    pub(super) fn on_search_caught_up(&mut self, caught_up: CaughtUp) {
        let waiting = match std::mem::take(&mut self.search) {
            SearchFeed::CatchingUp(waiting) => waiting,
            _ => Vec::new(),
        };
        self.search = match caught_up {
            Ok((mut indexer, last)) => {
                let added = waiting
                    .iter()
                    .filter(|m| last.is_none_or(|l| m.id > l))
                    .try_for_each(|m| indexer.add(m))
                    .and_then(|()| indexer.commit());
                match added {
                    Ok(()) => SearchFeed::Ready(indexer),
                    Err(e) => SearchFeed::Failed(e.to_string()),
                }
            }
            Err(why) => SearchFeed::Failed(why),
        };
        if let SearchFeed::Failed(why) = &self.search {
            tracing::error!(error = why, "no search index");
        }
        if let Some(event) = self.search_event() {
            self.consoles.broadcast(event);
        }
    }

    /// What a console is told of search: the index, or why there is none (None while the
    /// index catches up: it is told when done).
    fn search_event(&self) -> Option<Event> {
        match &self.search {
            SearchFeed::Ready(indexer) => Some(Event::SearchReady(Ok(indexer.reader().clone()))),
            SearchFeed::Failed(why) => Some(Event::SearchReady(Err(format!(
                "Search is unavailable: {why}."
            )))),
            SearchFeed::CatchingUp(_) => None,
        }
    }

    /// Tells the console that just attached, once there is something to tell.
    pub(super) fn tell_search(&self) {
        if let Some(event) = self.search_event() {
            self.consoles.answer(event);
        }
    }

    /// Commits what waits in the index once it is due (on each outbox tick).
    pub(super) fn commit_search_if_due(&mut self) {
        self.index_stored(&[]);
    }

    /// Commits what waits now: a console attaching hears of every message stored so far in
    /// its backlog, not as a change, so the index must already hold them all.
    pub(super) fn commit_search_now(&mut self) {
        if let SearchFeed::Ready(indexer) = &mut self.search
            && indexer.uncommitted() > 0
            && let Err(e) = indexer.commit()
        {
            tracing::error!(error = %e, "the search index stopped taking messages");
            self.search = SearchFeed::Failed(e.to_string());
        }
    }

    /// Messages just stored go into the index, committed at most every `COMMIT_EVERY`
    /// (consoles judge the messages told since the last commit by reading them).
    pub(super) fn index_stored(&mut self, stored: &[Message]) {
        match &mut self.search {
            SearchFeed::CatchingUp(waiting) => waiting.extend(stored.iter().cloned()),
            SearchFeed::Ready(indexer) => {
                let done = stored
                    .iter()
                    .try_for_each(|m| indexer.add(m))
                    .and_then(|()| {
                        if indexer.commit_due() {
                            indexer.commit()
                        } else {
                            Ok(())
                        }
                    });
                if let Err(e) = done {
                    // Searching goes on over what was committed; the next start catches up.
                    tracing::error!(error = %e, "the search index stopped taking messages");
                    self.search = SearchFeed::Failed(e.to_string());
                    if let Some(event) = self.search_event() {
                        self.consoles.broadcast(event);
                    }
                }
            }
            SearchFeed::Failed(_) => {}
        }
    }
}
