//! The one path by which messages enter the store: dedup, threading, answered marks, samples,
//! the source's cursor, then a flush, so whatever a source was told is stored is durable.

use crate::connectors::SourceBatch;
use crate::model::{Direction, Message, NewMessage, Sentiment};
use crate::sentiment;
use crate::store::{Inserted, Store, StoreError};

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

/// Stores a batch durably. The cursor is written after its messages, so a crash can only
/// make a source send again what is already stored (and dedup drops it).
pub fn ingest(store: &Store, batch: SourceBatch) -> Result<Ingested, StoreError> {
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
    Ok(out)
}
