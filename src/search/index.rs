//! The full-text index on disk (tantivy), beside the store: every inbound message's text,
//! author and language, added as messages are stored and committed with the last id it
//! holds, so that a restart finds it ready and only the messages stored after that commit
//! (a crash between the store's flush and the index's commit) are added again.
//!
//! One process writes it (the store's owner, through an `Indexer`); consoles read it through
//! a `TextIndex`, which the writer reloads on each commit.

use super::analysis::{self, ENGLISH, FRENCH, PLAIN, TextField};
use super::leaves::LeafTerms;
use crate::model::{Message, MessageId};
use std::path::{Path, PathBuf};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, BooleanQuery, PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

#[derive(Debug, thiserror::Error)]
#[error("the search index {0}")]
pub struct IndexError(String);

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError(format!("failed: {e}"))
    }
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    english: Field,
    french: Field,
    author: Field,
    lang: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | FAST),
        english: b.add_text_field("english", text(ENGLISH)),
        french: b.add_text_field("french", text(FRENCH)),
        author: b.add_text_field("author", text(PLAIN)),
        lang: b.add_text_field("lang", STRING),
    };
    (b.build(), fields)
}

/// Where a store's index lives: beside it (inside, it would change the store's seal).
pub fn dir_for(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".search");
    store.with_file_name(name)
}

/// What the last commit holds: every inbound message up to `upto`, which is the message
/// `check` names (a store restored from elsewhere has another message under that id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Watermark {
    pub upto: MessageId,
    pub check: String,
}

impl Watermark {
    pub fn of(m: &Message) -> Watermark {
        Watermark {
            upto: m.id,
            check: format!("{}/{}", m.channel, m.external_id),
        }
    }
}

/// A reader of the index; cheap to clone, shared by every console of a process.
#[derive(Clone)]
pub struct TextIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for TextIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextIndex")
    }
}

impl TextIndex {
    /// Opens the index in `dir`, making it when there is none or when what is there cannot
    /// be read (it is rebuilt from the store then: nothing in it is only there).
    pub fn open(dir: &Path) -> Result<TextIndex, IndexError> {
        let (schema, fields) = schema();
        std::fs::create_dir_all(dir)
            .map_err(|e| IndexError(format!("folder {} cannot be made: {e}", dir.display())))?;
        let opened = match Index::open_in_dir(dir) {
            Ok(index) if index.schema() == schema => Ok(index),
            // Another schema, or files that cannot be read: nothing in it is only there.
            _ => {
                if std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some()) {
                    tracing::warn!(dir = %dir.display(), "the search index cannot be read: made again");
                    let _ = std::fs::remove_dir_all(dir);
                    let _ = std::fs::create_dir_all(dir);
                }
                Index::create_in_dir(dir, schema)
            }
        };
        let index = opened?;
        for name in [ENGLISH, FRENCH, PLAIN] {
            index.tokenizers().register(name, analysis::analyzer(name));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(TextIndex {
            index,
            reader,
            fields,
        })
    }

    /// What the last commit says it holds (None: nothing yet).
    pub fn watermark(&self) -> Option<Watermark> {
        let metas = self.index.load_metas().ok()?;
        serde_json::from_str(metas.payload.as_deref()?).ok()
    }

    /// The one writer (the store's owner). 15 MB of buffer: the least tantivy takes, and
    /// what keeps the owner's memory small.
    pub fn indexer(&self) -> Result<Indexer, IndexError> {
        let writer = self.index.writer_with_num_threads(1, 15_000_000)?;
        Ok(Indexer {
            index: self.clone(),
            writer,
            added: 0,
            last: None,
            failed: false,
            last_commit: std::time::Instant::now(),
        })
    }

    /// The newest message the readers see (messages are added in id order, so every one
    /// before it is there too); read from the segments' own figures, no file is opened.
    pub fn indexed_upto(&self) -> Option<MessageId> {
        self.reader
            .searcher()
            .segment_readers()
            .iter()
            .filter_map(|s| s.fast_fields().u64("id").ok())
            .filter(|c| c.num_docs() > 0)
            .map(|c| c.max_value())
            .max()
            .map(MessageId)
    }

    /// How many messages the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The messages a text leaf holds for.
    pub fn hits(&self, leaf: &LeafTerms) -> Result<Hits, IndexError> {
        if leaf.is_void() {
            return Ok(Hits::Every);
        }
        let query = self.leaf_query(leaf);
        let ids = self.reader.searcher().search(&*query, &IdsOf)?;
        Ok(Hits::Some(ids))
    }

    /// The index's query for a text leaf.
    pub(super) fn leaf_query(&self, leaf: &LeafTerms) -> Box<dyn Query> {
        let f = self.fields;
        match leaf {
            LeafTerms::Words {
                english,
                french,
                plain,
            } => Box::new(BooleanQuery::union(vec![
                terms_query(f.english, english),
                terms_query(f.french, french),
                terms_query(f.author, plain),
            ])),
            LeafTerms::From(plain) => terms_query(f.author, plain),
            LeafTerms::Lang(code) => Box::new(TermQuery::new(
                Term::from_field_text(f.lang, code),
                IndexRecordOption::Basic,
            )),
        }
    }

    pub(super) fn searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The whole index, for tests and benchmarks.
    pub fn all(&self) -> Result<Hits, IndexError> {
        let ids = self.reader.searcher().search(&AllQuery, &IdsOf)?;
        Ok(Hits::Some(ids))
    }
}

/// Consecutive terms in a field: one term, or a phrase.
fn terms_query(field: Field, terms: &[String]) -> Box<dyn Query> {
    let mut terms: Vec<Term> = terms
        .iter()
        .map(|t| Term::from_field_text(field, t))
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms.remove(0),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new(terms))
    }
}

/// The messages a leaf holds for: a set of ids as bits (a million ids are 125 KB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hits {
    Every,
    Some(IdBits),
}

impl Hits {
    pub fn contains(&self, id: MessageId) -> bool {
        match self {
            Hits::Every => true,
            Hits::Some(bits) => bits.contains(id),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdBits {
    words: Vec<u64>,
    len: usize,
}

impl IdBits {
    pub fn insert(&mut self, id: MessageId) {
        let (word, bit) = ((id.0 / 64) as usize, id.0 % 64);
        if word >= self.words.len() {
            self.words.resize(word + 1, 0);
        }
        if self.words[word] & (1 << bit) == 0 {
            self.len += 1;
        }
        self.words[word] |= 1 << bit;
    }

    pub fn contains(&self, id: MessageId) -> bool {
        self.words
            .get((id.0 / 64) as usize)
            .is_some_and(|w| w & (1 << (id.0 % 64)) != 0)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn union(mut self, other: IdBits) -> IdBits {
        if other.words.len() > self.words.len() {
            return other.union(self);
        }
        for (w, o) in self.words.iter_mut().zip(other.words) {
            *w |= o;
        }
        self.len = self.words.iter().map(|w| w.count_ones() as usize).sum();
        self
    }
}

/// Collects the ids (the `id` fast field) of the documents a query finds.
struct IdsOf;

struct SegmentIds {
    column: Column<u64>,
    ids: IdBits,
}

impl Collector for IdsOf {
    type Fruit = IdBits;
    type Child = SegmentIds;

    fn for_segment(&self, _: u32, segment: &tantivy::SegmentReader) -> tantivy::Result<SegmentIds> {
        Ok(SegmentIds {
            column: segment.fast_fields().u64("id")?,
            ids: IdBits::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<IdBits>) -> tantivy::Result<IdBits> {
        Ok(fruits.into_iter().fold(IdBits::default(), IdBits::union))
    }
}

impl SegmentCollector for SegmentIds {
    type Fruit = IdBits;

    fn collect(&mut self, doc: u32, _: tantivy::Score) {
        if let Some(id) = self.column.first(doc) {
            self.ids.insert(MessageId(id));
        }
    }

    fn harvest(self) -> IdBits {
        self.ids
    }
}

/// The index's writer: messages go in as they are stored, and a commit makes them
/// searchable (and durable) with the last one's watermark.
pub struct Indexer {
    index: TextIndex,
    writer: IndexWriter,
    /// Messages added since the last commit.
    added: usize,
    /// The newest message seen (inbound or not) since the last commit.
    last: Option<Watermark>,
    /// A message could not be added: nothing more is committed, so the watermark never
    /// passes it, and the next start adds it again.
    failed: bool,
    last_commit: std::time::Instant,
}

/// How long added messages may wait for their commit: a commit writes a segment and syncs
/// it (milliseconds), so one per batch of a busy source would slow ingest several times.
/// Consoles read the messages told since the last commit themselves meanwhile.
pub const COMMIT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

impl Indexer {
    pub fn reader(&self) -> &TextIndex {
        &self.index
    }

    /// Adds a stored message (only inbound messages are searched; every message moves the
    /// watermark).
    pub fn add(&mut self, m: &Message) -> Result<(), IndexError> {
        if self.failed {
            return Err(IndexError("stopped taking messages after an error".into()));
        }
        let added = self.add_unchecked(m);
        self.failed = added.is_err();
        added
    }

    fn add_unchecked(&mut self, m: &Message) -> Result<(), IndexError> {
        if self.last.as_ref().is_none_or(|w| w.upto < m.id) {
            self.last = Some(Watermark::of(m));
        }
        if !m.is_inbound() {
            return Ok(());
        }
        let f = self.index.fields;
        let lang = analysis::lang_of(m);
        let text_field = match analysis::field_for(&lang) {
            TextField::English => f.english,
            TextField::French => f.french,
        };
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, m.id.0);
        doc.add_text(text_field, &m.text);
        doc.add_text(f.author, analysis::author_text(m));
        doc.add_text(f.lang, &lang);
        self.writer.add_document(doc)?;
        self.added += 1;
        Ok(())
    }

    /// Messages added since the last commit.
    pub fn uncommitted(&self) -> usize {
        self.added
    }

    /// Makes what was added searchable and durable, then reloads the readers.
    pub fn commit(&mut self) -> Result<(), IndexError> {
        if self.failed {
            return Err(IndexError("stopped taking messages after an error".into()));
        }
        let Some(last) = self.last.take() else {
            return Ok(());
        };
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&last).unwrap_or_default());
        commit.commit()?;
        self.added = 0;
        self.last_commit = std::time::Instant::now();
        self.index.reader.reload()?;
        Ok(())
    }

    /// Whether what waits should be committed now (`COMMIT_EVERY`, or many waiting).
    pub fn commit_due(&self) -> bool {
        self.last.is_some() && (self.added >= 20_000 || self.last_commit.elapsed() >= COMMIT_EVERY)
    }

    /// Commits once `count` messages wait (long imports: a commit a batch would cost more
    /// than the batch).
    pub fn commit_past(&mut self, count: usize) -> Result<(), IndexError> {
        if self.added >= count {
            self.commit()
        } else {
            Ok(())
        }
    }

    /// Empties the index (its store is not the one it was made from).
    pub fn clear(&mut self) -> Result<(), IndexError> {
        self.writer.delete_all_documents()?;
        self.writer.commit()?;
        self.last = None;
        self.added = 0;
        self.failed = false;
        self.index.reader.reload()?;
        Ok(())
    }
}
