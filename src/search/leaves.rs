//! A query's text leaves as terms, and the judgement of one message by them — the naive
//! answer the index must agree with, used for messages that arrive while a query is shown
//! and by the commands that read every message anyway (`export`, `report`).

use super::analysis::{self, ENGLISH, FRENCH, PLAIN, TextField};
use crate::model::Message;
use crate::query::TextLeaf;

/// One text leaf, analysed as each field reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafTerms {
    /// Words or a phrase: found in the text (stemmed as the message's language) or in the
    /// author's handle and name. No terms at all (`!!!`) holds for every message.
    Words {
        english: Vec<String>,
        french: Vec<String>,
        plain: Vec<String>,
    },
    /// `from:`: the handle or the name.
    From(Vec<String>),
    /// `lang:`.
    Lang(String),
}

impl LeafTerms {
    pub fn of(leaf: &TextLeaf) -> LeafTerms {
        let words = |text: &str| LeafTerms::Words {
            english: analysis::terms(&mut analysis::analyzer(ENGLISH), text),
            french: analysis::terms(&mut analysis::analyzer(FRENCH), text),
            plain: analysis::terms(&mut analysis::analyzer(PLAIN), text),
        };
        match leaf {
            TextLeaf::Word(w) => words(w),
            TextLeaf::Phrase(p) => words(p),
            TextLeaf::From(who) => {
                LeafTerms::From(analysis::terms(&mut analysis::analyzer(PLAIN), who))
            }
            TextLeaf::Lang(code) => LeafTerms::Lang(code.clone()),
        }
    }

    /// Whether the leaf holds for every message whatever its text.
    pub fn is_void(&self) -> bool {
        match self {
            LeafTerms::Words { plain, .. } | LeafTerms::From(plain) => plain.is_empty(),
            LeafTerms::Lang(_) => false,
        }
    }
}

/// A message as the leaves read it: its text's terms in its field, its author's terms, its
/// language.
#[derive(Debug, Clone)]
pub struct MessageTerms {
    pub field: TextField,
    pub text: Vec<String>,
    pub author: Vec<String>,
    pub lang: String,
}

impl MessageTerms {
    pub fn of(m: &Message) -> MessageTerms {
        let lang = analysis::lang_of(m);
        let field = analysis::field_for(&lang);
        let analyzer = match field {
            TextField::English => ENGLISH,
            TextField::French => FRENCH,
        };
        MessageTerms {
            field,
            text: analysis::terms(&mut analysis::analyzer(analyzer), &m.text),
            author: analysis::terms(&mut analysis::analyzer(PLAIN), &analysis::author_text(m)),
            lang,
        }
    }

    pub fn holds(&self, leaf: &LeafTerms) -> bool {
        if leaf.is_void() {
            return true;
        }
        match leaf {
            LeafTerms::Words {
                english,
                french,
                plain,
            } => {
                let stemmed = match self.field {
                    TextField::English => english,
                    TextField::French => french,
                };
                in_order(&self.text, stemmed) || in_order(&self.author, plain)
            }
            LeafTerms::From(plain) => in_order(&self.author, plain),
            LeafTerms::Lang(code) => self.lang == *code,
        }
    }
}

/// Whether `needle` appears in `hay` as consecutive terms.
fn in_order(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A query's text leaves analysed once, to judge whole messages by reading them (the
/// commands that read every message anyway: `export`, `report`).
pub struct ReadQuery {
    leaves: Vec<(bool, LeafTerms)>,
}

impl ReadQuery {
    pub fn new(query: &crate::query::Query) -> ReadQuery {
        ReadQuery {
            leaves: query
                .leaves
                .iter()
                .map(|l| (matches!(l, TextLeaf::From(_)), LeafTerms::of(l)))
                .collect(),
        }
    }

    /// Which leaves hold for `m` read on its own (`from:` by its own handle and name).
    pub fn held(&self, m: &Message) -> Vec<bool> {
        if self.leaves.is_empty() {
            return Vec::new();
        }
        let read = MessageTerms::of(m);
        self.leaves.iter().map(|(_, t)| read.holds(t)).collect()
    }

    /// For each `from:` leaf, the authors it holds for among `messages`, with the handles
    /// linked to the same person (None for the other leaves).
    pub fn authors<'a>(
        &self,
        messages: impl Iterator<Item = &'a Message>,
        links: &crate::profile::Links,
    ) -> Vec<Option<std::collections::HashSet<u32>>> {
        let mut out: Vec<Option<std::collections::HashSet<u32>>> = self
            .leaves
            .iter()
            .map(|(from, _)| from.then(Default::default))
            .collect();
        if out.iter().all(Option::is_none) {
            return out;
        }
        for m in messages.filter(|m| m.is_inbound()) {
            let read = MessageTerms::of(m);
            for (set, (_, terms)) in out.iter_mut().zip(&self.leaves) {
                if let Some(set) = set
                    && read.holds(terms)
                {
                    set.insert(crate::profile::author_hash(m.channel, &m.author.handle));
                }
            }
        }
        for set in out.iter_mut().flatten() {
            crate::profile::with_linked(set, links);
        }
        out
    }
}
