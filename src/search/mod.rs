//! Full-text search over the inbox: every word of the query must appear, in any case and
//! with or without accents, in a message's text, author handle or author name.
//!
//! The index is one flat string of every message's folded text (lower case, no diacritics),
//! one per line, searched with a SIMD substring finder (memchr's `memmem`) for the longest
//! query word; the few messages it hits are checked for the other words. A flat corpus
//! scans a million short messages in tens of milliseconds and costs about their text in
//! memory, where an n-gram index would cost several times that.

use crate::model::{Message, MessageId};
use memchr::memmem;
use std::collections::HashSet;

/// What a user typed, folded: the words that must all appear.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut words: Vec<String> = fold(text).split_whitespace().map(str::to_string).collect();
        words.sort();
        words.dedup();
        // The longest word first: the rarest in practice, so the scan hits least.
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Query { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The naive answer for one message: its folded entry holds every word.
    pub fn matches(&self, m: &Message) -> bool {
        let entry = entry_of(m);
        self.words.iter().all(|w| entry.contains(w.as_str()))
    }
}

#[derive(Debug, Default, Clone)]
pub struct SearchIndex {
    /// Folded entries, each ended by a newline (folded text never holds one).
    corpus: String,
    /// Where each entry starts in `corpus`, in the order of `ids`.
    starts: Vec<usize>,
    ids: Vec<MessageId>,
    known: HashSet<MessageId>,
}

impl SearchIndex {
    pub fn build<'a>(messages: impl Iterator<Item = &'a Message>) -> SearchIndex {
        let mut index = SearchIndex::default();
        for m in messages {
            index.add(m);
        }
        index
    }

    /// The index over every message of the store.
    pub fn build_from(
        scan: &crate::store::MessageScan,
    ) -> Result<SearchIndex, crate::store::StoreError> {
        let mut index = SearchIndex::default();
        scan.for_each(|m| index.add(m))?;
        Ok(index)
    }

    /// Adds a message once (a message's text never changes after it is stored).
    pub fn add(&mut self, m: &Message) {
        if !self.known.insert(m.id) {
            return;
        }
        self.starts.push(self.corpus.len());
        self.ids.push(m.id);
        push_entry(&mut self.corpus, m);
        self.corpus.push('\n');
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Memory the index holds, roughly: the folded text and two words per message.
    pub fn bytes(&self) -> usize {
        self.corpus.capacity()
            + self.starts.capacity() * std::mem::size_of::<usize>()
            + self.ids.capacity() * std::mem::size_of::<MessageId>()
            + self.known.capacity() * std::mem::size_of::<MessageId>() * 2
    }

    /// The messages holding every word of `query` (all of them for an empty query).
    pub fn search(&self, query: &Query) -> HashSet<MessageId> {
        let Some((first, rest)) = query.words.split_first() else {
            return self.ids.iter().copied().collect();
        };
        let others: Vec<memmem::Finder> = rest.iter().map(memmem::Finder::new).collect();
        let mut found = HashSet::new();
        let mut last_entry = usize::MAX;
        for at in memmem::find_iter(self.corpus.as_bytes(), first.as_bytes()) {
            let entry = self.starts.partition_point(|&s| s <= at) - 1;
            if entry == last_entry {
                continue;
            }
            last_entry = entry;
            let end = self
                .starts
                .get(entry + 1)
                .copied()
                .unwrap_or(self.corpus.len());
            let text = &self.corpus.as_bytes()[self.starts[entry]..end];
            if others.iter().all(|f| f.find(text).is_some()) {
                found.insert(self.ids[entry]);
            }
        }
        found
    }
}

/// Lower case without diacritics; control characters (newlines among them) become spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_folded(&mut out, text);
    out
}

fn push_folded(out: &mut String, text: &str) {
    for c in text.chars() {
        let c = match c {
            '’' => '\'',
            c if c.is_control() => ' ',
            c => c,
        };
        crate::sentiment::fold::push_folded(out, c);
    }
}

/// What a message is found by: author handle and name, then the text.
fn push_entry(out: &mut String, m: &Message) {
    push_folded(out, &m.author.handle);
    out.push(' ');
    if let Some(name) = &m.author.name {
        push_folded(out, name);
        out.push(' ');
    }
    push_folded(out, &m.text);
}

fn entry_of(m: &Message) -> String {
    let mut s = String::new();
    push_entry(&mut s, m);
    s
}

#[cfg(test)]
mod tests;
