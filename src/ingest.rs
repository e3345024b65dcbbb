//! The one path by which messages enter the store: dedup, threading, answered marks, samples,
//! the source's cursor, then a flush, so whatever a source was told is stored is durable.

use crate::connectors::SourceBatch;
use crate::model::{Direction, Message, NewMessage, Sentiment};
use crate::search::{Indexer, Watermark};
use crate::sentiment;
use crate::store::{Inserted, MessageReader, Store, StoreError};

/// What a batch changed.
#[derive(Debug, Default)]
pub struct Ingested {
    /// Messages stored for the first time.
    pub stored: Vec<Message>,
    /// Earlier inbound messages that a reply in this batch answered.
    pub answered: Vec<Message>,
    /// Messages already in the store, skipped.
    pub duplicates: usize,
}

impl Ingested {
    /// Every message whose stored form changed, newest state last.
    pub fn changed(&self) -> impl Iterator<Item = &Message> {
        self.stored.iter().chain(self.answered.iter())
    }
}

/// Every inbound message is tagged as it arrives; the brand's own messages are not.
fn tag(new: &NewMessage) -> Option<Sentiment> {
    (new.direction == Direction::Inbound)
        .then(|| sentiment::tag(&new.text, new.rating, new.lang.as_deref()))
}

/// Tags the inbound messages among `messages` (read from `store`) that were stored before
/// tagging existed or by an older tribune, in the store and in the list. Agent overrides and
/// earlier tags are left as they are. Returns how many were tagged.
pub fn tag_untagged(store: &Store, messages: &mut [Message]) -> Result<usize, StoreError> {
    let mut tagged = 0;
    for m in messages.iter_mut() {
        if m.is_inbound() && m.sentiment.is_none() {
            let tag = sentiment::tag(&m.text, m.rating, m.lang.as_deref());
            if let Some(updated) = store.update(m.id, |m| {
                if m.sentiment.is_none() {
                    m.sentiment = Some(tag.clone());
                }
            })? {
                *m = updated;
                tagged += 1;
            }
        }
    }
    if tagged > 0 {
        store.flush()?;
    }
    Ok(tagged)
}

/// Every inbound message's summary, what a console opens on. A store written before
/// summaries existed is read through once (a message at a time: it may hold a million): its
/// untagged messages are tagged, every message summarised, and it opens fast from then on.
pub fn summaries(store: &Store) -> Result<Vec<crate::summary::Summary>, StoreError> {
    if !store.summaries_complete()? {
        let mut untagged = Vec::new();
        store.scan().for_each(|m| {
            if m.is_inbound() && m.sentiment.is_none() {
                untagged.push(m.id);
            }
        })?;
        for ids in untagged.chunks(1_000) {
            let mut messages = Vec::with_capacity(ids.len());
            for &id in ids {
                messages.extend(store.get(id)?);
            }
            tag_untagged(store, &mut messages)?;
        }
        store.rebuild_summaries()?;
    }
    store.summaries()
}

/// Stores a batch durably, and gives the new messages to the search index (`search`; the
/// caller commits it). The cursor is written after its messages, so a crash can only make a
/// source send again what is already stored (and dedup drops it). An index that fails is
/// logged, not the batch's failure: the store is the truth, and the index catches up at the
/// next start (`catch_up_index`).
pub fn ingest(
    store: &Store,
    batch: SourceBatch,
    search: Option<&mut Indexer>,
) -> Result<Ingested, StoreError> {
    let mut out = Ingested::default();
    let tagged: Vec<_> = batch
        .messages
        .into_iter()
        .map(|new| {
            let sentiment = tag(&new);
            (new, sentiment)
        })
        .collect();
    for inserted in store.insert_batch(tagged)? {
        match inserted {
            Inserted::New { message, answered } => {
                out.stored.push(*message);
                out.answered.extend(answered);
            }
            Inserted::Duplicate(_) => out.duplicates += 1,
        }
    }
    if !batch.samples.is_empty() {
        store.add_samples(&batch.samples)?;
    }
    if let Some(cursor) = &batch.cursor {
        store.set_cursor(&batch.source, cursor)?;
    }
    store.flush()?;
    if let Some(indexer) = search {
        for m in &out.stored {
            if let Err(e) = indexer.add(m) {
                tracing::error!(error = %e, "a message could not be indexed for search");
                break;
            }
        }
    }
    Ok(out)
}

/// The search index of a store, opened for writing and brought up to the store.
pub fn open_index(store: &MessageReader) -> Result<Indexer, CatchUpError> {
    let index = crate::search::TextIndex::open(&crate::search::index::dir_for(store.path()))?;
    let mut indexer = index.indexer()?;
    let read = catch_up_index(store, &mut indexer)?;
    if read > 0 {
        tracing::info!(read, "search index caught up with the store");
    }
    Ok(indexer)
}

/// The search index fed by a command that stores messages without a service (`import`,
/// `generate`): an index that fails is said once and dropped, the store going on (the next
/// start catches the index up).
pub struct SearchFeed(Option<Indexer>);

impl SearchFeed {
    pub fn open(store: &Store) -> SearchFeed {
        SearchFeed(
            open_index(&store.message_reader())
                .map_err(|e| SearchFeed::warn(&e.to_string()))
                .ok(),
        )
    }

    pub fn indexer(&mut self) -> Option<&mut Indexer> {
        self.0.as_mut()
    }

    /// Commits once `count` messages wait (0: whatever waits).
    pub fn commit_past(&mut self, count: usize) {
        if let Some(indexer) = self.0.as_mut()
            && let Err(e) = indexer.commit_past(count.max(1))
        {
            SearchFeed::warn(&e.to_string());
            self.0 = None;
        }
    }

    fn warn(why: &str) {
        tracing::warn!(error = why, "search index dropped for this run");
        eprintln!("Note: {why}; the search index will catch up at the next start.");
    }
}

/// Brings the search index up to the store: the messages stored after its last commit are
/// added (all of them when the index is new, or was made from another store: a restored
/// backup), committed every 50,000 so that a long catch-up interrupted resumes. Returns how
/// many messages were read.
pub fn catch_up_index(store: &MessageReader, indexer: &mut Indexer) -> Result<usize, CatchUpError> {
    let watermark = indexer.reader().watermark();
    let after = match watermark {
        Some(w) => match store.get(w.upto)? {
            Some(m) if Watermark::of(&m) == w => Some(w.upto),
            _ => {
                tracing::warn!("the search index was made from another store: made again");
                indexer.clear()?;
                None
            }
        },
        None if !indexer.reader().is_empty() => {
            indexer.clear()?;
            None
        }
        None => None,
    };
    let mut read = 0;
    let mut failed = None;
    store.scan().for_each_after(after, |m| {
        if failed.is_some() {
            return;
        }
        read += 1;
        failed = indexer
            .add(m)
            .and_then(|()| indexer.commit_past(50_000))
            .err();
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    indexer.commit()?;
    Ok(read)
}

#[derive(Debug, thiserror::Error)]
pub enum CatchUpError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(#[from] crate::search::IndexError),
}
