//! The search index as the service keeps it: caught up with the store on a thread at start
//! (instant when it is current; a full build for a new or foreign index), then fed each
//! batch the service stores and committed before consoles hear of the batch, so that a query
//! never misses a message a console was told about.

use super::Event;
use super::worker::{Input, Worker};
use crate::model::{Message, MessageId};
use crate::search::{Indexer, TextIndex};

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
            let caught_up = (|| {
                let dir = crate::search::index::dir_for(reader.path());
                let index = TextIndex::open(&dir).map_err(|e| e.to_string())?;
                let mut indexer = index.indexer().map_err(|e| e.to_string())?;
                let read = crate::ingest::catch_up_index(&reader, &mut indexer)
                    .map_err(|e| e.to_string())?;
                if read > 0 {
                    tracing::info!(read, "search index caught up with the store");
                }
                let last = indexer.reader().watermark().map(|w| w.upto);
                Ok((Box::new(indexer), last))
            })();
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
