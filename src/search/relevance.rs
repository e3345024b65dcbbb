//! Relevance: how well each message answers a query's words, as the index scores them
//! (BM25 over the words and phrases the query asks for, not those it excludes), so that
//! results can be listed best first instead of most urgent first.

use super::index::{IndexError, TextIndex};
use super::leaves::LeafTerms;
use crate::model::MessageId;
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::BooleanQuery;

/// Each message's score for the words asked for; a message the words do not find has none.
pub type Scores = HashMap<MessageId, f32>;

impl TextIndex {
    /// The scores of the messages found by any of `leaves` (words and phrases).
    pub fn relevance(&self, leaves: &[&LeafTerms]) -> Result<Scores, IndexError> {
        let queries: Vec<_> = leaves
            .iter()
            .filter(|l| matches!(l, LeafTerms::Words { .. }) && !l.is_void())
            .map(|l| self.leaf_query(l))
            .collect();
        if queries.is_empty() {
            return Ok(Scores::new());
        }
        let query = BooleanQuery::union(queries);
        Ok(self.searcher().search(&query, &ScoresOf)?)
    }
}

/// Collects every document found with its score, by the `id` fast field.
struct ScoresOf;

struct SegmentScores {
    column: Column<u64>,
    scores: Vec<(MessageId, f32)>,
}

impl Collector for ScoresOf {
    type Fruit = Scores;
    type Child = SegmentScores;

    fn for_segment(
        &self,
        _: u32,
        segment: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentScores> {
        Ok(SegmentScores {
            column: segment.fast_fields().u64("id")?,
            scores: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(MessageId, f32)>>) -> tantivy::Result<Scores> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentScores {
    type Fruit = Vec<(MessageId, f32)>;

    fn collect(&mut self, doc: u32, score: tantivy::Score) {
        if let Some(id) = self.column.first(doc) {
            self.scores.push((MessageId(id), score));
        }
    }

    fn harvest(self) -> Vec<(MessageId, f32)> {
        self.scores
    }
}
