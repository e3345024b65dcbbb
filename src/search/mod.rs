//! Full-text search: how text becomes terms (`analysis`), the index on disk that finds
//! them among a million messages (`index`, tantivy), and the judgement of one message by a
//! query's text leaves (`leaves`), which the index must agree with.

pub mod analysis;
pub mod index;
pub mod leaves;
pub mod relevance;

pub use index::{Hits, IdBits, IndexError, Indexer, TextIndex, Watermark};
pub use leaves::{LeafTerms, MessageTerms};
pub use relevance::Scores;

/// Whether `tags` hold `tag` as `tag:` reads it (folded and trimmed by the parser).
pub fn has_tag(tags: &[String], tag: &str) -> bool {
    tags.iter().any(|t| fold(t).trim() == tag)
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

#[cfg(test)]
mod tests;
