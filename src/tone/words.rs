//! A reply as the tone check reads it: folded words (lower case, no accents), apostrophes
//! and hyphens kept inside them so "n'est" and "écrivez-nous" match as written.

use crate::sentiment::fold::fold;

pub(super) struct Words(Vec<String>);

impl Words {
    pub(super) fn of(text: &str) -> Words {
        Words(split(&fold(&text.replace('’', "'"))))
    }

    pub(super) fn list(&self) -> &[String] {
        &self.0
    }

    pub(super) fn contains_word(&self, word: &str) -> bool {
        self.0.iter().any(|w| w == word)
    }
}

/// One word folded as replies are.
pub(super) fn fold_word(word: &str) -> String {
    split(&fold(word)).into_iter().next().unwrap_or_default()
}

pub(super) fn split(folded: &str) -> Vec<String> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}
