//! How text becomes searchable terms, the same for the index and for judging one message:
//! words (runs of letters and digits) and symbols (each emoji its own term), in lower case
//! and without accents, stemmed in the message's language — English or French — so that
//! `refund` finds "refunded" and `livraisons` finds « livraison ». A message's handle and
//! name are terms too, unstemmed.

use crate::model::Message;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The analyzers' names in the index's tokenizer manager.
pub(super) const ENGLISH: &str = "tribune_en";
pub(super) const FRENCH: &str = "tribune_fr";
pub(super) const PLAIN: &str = "tribune_plain";

/// Which of the two stemmed fields holds a message's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    English,
    French,
}

pub(super) fn analyzer(name: &str) -> TextAnalyzer {
    let base = TextAnalyzer::builder(WordsAndSymbols::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    match name {
        ENGLISH => base.filter(Stemmer::new(Language::English)).build(),
        FRENCH => base.filter(Stemmer::new(Language::French)).build(),
        _ => base.build(),
    }
}

/// The terms of `text` under an analyzer, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The language a message is searched in: the network's stated one, else the tagger's
/// reading (two letters, lower case; `und` when neither is known).
pub fn lang_of(m: &Message) -> String {
    if let Some(tag) = m.lang.as_deref() {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase()) {
            return primary;
        }
    }
    match crate::sentiment::lang::detect(&m.text) {
        crate::sentiment::lang::Lang::En => "en".into(),
        crate::sentiment::lang::Lang::Fr => "fr".into(),
        crate::sentiment::lang::Lang::Unknown => "und".into(),
    }
}

/// French text is stemmed as French; every other language as English (the milder one).
pub fn field_for(lang: &str) -> TextField {
    if lang == "fr" {
        TextField::French
    } else {
        TextField::English
    }
}

/// What a message's author is found by: the handle, then the name.
pub fn author_text(m: &Message) -> String {
    match &m.author.name {
        Some(name) => format!("{} {name}", m.author.handle),
        None => m.author.handle.clone(),
    }
}

/// Splits text into words (letters and digits) and symbols (an emoji, a pictograph: one
/// term each). Punctuation, spaces, joiners and variation selectors separate terms.
#[derive(Clone, Default)]
pub struct WordsAndSymbols {
    token: Token,
}

pub struct WordsAndSymbolsStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for WordsAndSymbols {
    type TokenStream<'a> = WordsAndSymbolsStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndSymbolsStream<'a> {
        self.token.reset();
        WordsAndSymbolsStream {
            text,
            at: 0,
            token: &mut self.token,
        }
    }
}

/// A character searched as a term of its own: pictographs, emoji, arrows and other symbols
/// (from the arrows block up), but not the joiners, selectors and modifiers around emoji.
fn is_symbol(c: char) -> bool {
    let n = c as u32;
    !c.is_alphanumeric()
        && !c.is_whitespace()
        && !c.is_control()
        && n >= 0x2190
        && !(0x3000..=0x303F).contains(&n)
        && !(0xFE00..=0xFE0F).contains(&n)
        && !(0xFF00..=0xFF65).contains(&n)
        && !(0x1F3FB..=0x1F3FF).contains(&n)
        && !(0xE0000..=0xE007F).contains(&n)
}

impl TokenStream for WordsAndSymbolsStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        let rest = &self.text[self.at..];
        for (offset, c) in rest.char_indices() {
            let start = self.at + offset;
            let end = if c.is_alphanumeric() {
                rest[offset..]
                    .char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map_or(self.text.len(), |(i, _)| start + i)
            } else if is_symbol(c) {
                start + c.len_utf8()
            } else {
                continue;
            };
            self.token.position = self.token.position.wrapping_add(1);
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.text.push_str(&self.text[start..end]);
            self.at = end;
            return true;
        }
        self.at = self.text.len();
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english(text: &str) -> Vec<String> {
        terms(&mut analyzer(ENGLISH), text)
    }

    #[test]
    fn words_fold_case_and_accents_and_stem() {
        assert_eq!(english("Refunded, REFUNDS!"), ["refund", "refund"]);
        assert_eq!(
            terms(&mut analyzer(FRENCH), "Les livraisons étaient en retard"),
            ["le", "livraison", "etaient", "en", "retard"]
        );
        assert_eq!(
            terms(&mut analyzer(PLAIN), "@Zoé.Martin"),
            ["zoe", "martin"]
        );
    }

    #[test]
    fn each_emoji_is_a_term_and_joiners_are_not() {
        assert_eq!(
            english("so slow🐌🐌 ❤️ 👍🏽"),
            ["so", "slow", "🐌", "🐌", "❤", "👍"]
        );
        assert_eq!(english("a—b … «c»"), ["a", "b", "c"]);
    }

    #[test]
    fn positions_count_terms() {
        let mut a = analyzer(ENGLISH);
        let mut stream = a.token_stream("one, two 🔥 three");
        let mut positions = Vec::new();
        while stream.advance() {
            positions.push(stream.token().position);
        }
        assert_eq!(positions, [0, 1, 2, 3]);
    }
}
