//! The lexicons, loaded once from the data files compiled into the binary (see
//! `lexicon/README.md` for their sources and licences).

use super::cues::Urgency;
use super::fold::fold;
use super::lang::{self, Lang};
use super::roles::{self, Role};
use super::tokens::Tokens;
use rustc_hash::FxHashMap;

const VADER_EN: &str = include_str!("lexicon/vader_en.tsv");
const PATTERN_FR: &str = include_str!("lexicon/pattern_fr.tsv");
const CUSTOM_EN: &str = include_str!("lexicon/custom_en.tsv");
const CUSTOM_FR: &str = include_str!("lexicon/custom_fr.tsv");
const EMOJI: &str = include_str!("lexicon/emoji.tsv");
const IDIOMS: &str = include_str!("lexicon/idioms.tsv");
const CUES: &str = include_str!("lexicon/cues.tsv");

/// Pattern's French polarities run from −1 to +1; VADER's scale from −4 to +4.
const PATTERN_TO_VADER: f32 = 3.0;

/// The words of a phrase after its first, and what the phrase means.
type PhraseTail<T> = (Vec<Box<str>>, T);

/// Multi-word phrases indexed by their first word.
pub(super) struct Phrases<T> {
    by_first: FxHashMap<Box<str>, Vec<PhraseTail<T>>>,
}

impl<T: Copy> Phrases<T> {
    fn new() -> Self {
        Phrases {
            by_first: FxHashMap::default(),
        }
    }

    fn add(&mut self, words: Vec<Box<str>>, value: T) {
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        let entry = self.by_first.entry(first.clone()).or_default();
        entry.push((rest.to_vec(), value));
        // Longest phrases first, so `ça ne marche pas` wins over `ça marche`.
        entry.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
    }

    /// The longest phrase starting at `words[0]`: its length in words and its value.
    pub(super) fn longest<'a>(
        &self,
        first: &str,
        next: impl Fn(usize) -> Option<&'a str>,
    ) -> Option<(usize, T)> {
        let candidates = self.by_first.get(first)?;
        candidates
            .iter()
            .find(|(rest, _)| rest.iter().enumerate().all(|(k, w)| next(k) == Some(w)))
            .map(|(rest, v)| (rest.len() + 1, *v))
    }
}

/// All a language knows about one folded word, found with one lookup.
#[derive(Debug, Clone, Copy, Default)]
pub struct Entry {
    pub valence: Option<f32>,
    pub role: Role,
    /// Some idiom or cue phrase begins with this word: only then are phrases tried.
    pub starts_idiom: bool,
    pub starts_cue: bool,
}

/// A word as both languages know it, and whether it is one of their function words (bit 0
/// French, bit 1 English), which is how a message's language is told.
#[derive(Debug, Default)]
pub struct WordInfo {
    pub en: Option<Entry>,
    pub fr: Option<Entry>,
    pub function: u8,
}

impl WordInfo {
    /// The entry that applies in `lang`; an unknown language reads English first.
    pub fn entry(&self, lang: Lang) -> Option<(Entry, Lang)> {
        match lang {
            Lang::En => self.en.map(|e| (e, Lang::En)),
            Lang::Fr => self.fr.map(|e| (e, Lang::Fr)),
            Lang::Unknown => self
                .en
                .map(|e| (e, Lang::En))
                .or(self.fr.map(|e| (e, Lang::Fr))),
        }
    }
}

/// The phrases one language needs.
pub(super) struct LangLexicon {
    pub idioms: Phrases<f32>,
    pub cues: Phrases<Urgency>,
}

pub(super) struct Lexicons {
    /// Every known folded word, one lookup away: tokens are annotated with their entry once.
    pub words: FxHashMap<Box<str>, WordInfo>,
    pub en: LangLexicon,
    pub fr: LangLexicon,
    pub symbols: FxHashMap<Box<str>, f32>,
}

impl Lexicons {
    pub(super) fn load() -> Lexicons {
        let mut en = LangLexicon::empty();
        let mut fr = LangLexicon::empty();
        let mut en_words = FxHashMap::default();
        let mut fr_words = FxHashMap::default();
        read_words(VADER_EN, 1.0, &mut en_words);
        read_words(CUSTOM_EN, 1.0, &mut en_words);
        read_words(PATTERN_FR, PATTERN_TO_VADER, &mut fr_words);
        read_words(CUSTOM_FR, 1.0, &mut fr_words);
        add_french_plurals(CUSTOM_FR, &mut fr_words);
        for (words, french) in [(&mut en_words, false), (&mut fr_words, true)] {
            for (word, role) in roles::of(french) {
                words.entry(word.into()).or_default().role = role;
            }
        }
        let mut symbols = FxHashMap::default();
        for (key, value) in rows(EMOJI) {
            if let Ok(v) = value.parse() {
                symbols.insert(key.into(), v);
            }
        }
        let mut tokens = Tokens::default();
        for line in data_lines(IDIOMS) {
            let mut cols = line.split('\t');
            let (Some(lang), Some(phrase), Some(value)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Ok(v) = value.trim().parse() else {
                continue;
            };
            let target = if lang == "fr" { &mut fr } else { &mut en };
            target
                .idioms
                .add(phrase_words(&mut tokens, phrase, lang == "fr"), v);
        }
        for line in data_lines(CUES) {
            let mut cols = line.split('\t');
            let (Some(lang), Some(kind), Some(phrase)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let Some(u) = Urgency::from_name(kind) else {
                continue;
            };
            let target = if lang == "fr" { &mut fr } else { &mut en };
            target
                .cues
                .add(phrase_words(&mut tokens, phrase.trim(), lang == "fr"), u);
        }
        for (lexicon, words) in [(&en, &mut en_words), (&fr, &mut fr_words)] {
            for first in lexicon.idioms.by_first.keys() {
                words.entry(first.clone()).or_default().starts_idiom = true;
            }
            for first in lexicon.cues.by_first.keys() {
                words.entry(first.clone()).or_default().starts_cue = true;
            }
        }
        let mut words: FxHashMap<Box<str>, WordInfo> = FxHashMap::default();
        for (word, e) in en_words {
            words.entry(word).or_default().en = Some(e);
        }
        for (word, e) in fr_words {
            words.entry(word).or_default().fr = Some(e);
        }
        for (list, bit) in [(lang::FRENCH, 1), (lang::ENGLISH, 2)] {
            for w in list {
                words.entry((*w).into()).or_default().function |= bit;
            }
        }
        Lexicons {
            words,
            en,
            fr,
            symbols,
        }
    }

    pub(super) fn lang(&self, lang: Lang) -> &LangLexicon {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En | Lang::Unknown => &self.en,
        }
    }
}

impl LangLexicon {
    fn empty() -> Self {
        LangLexicon {
            idioms: Phrases::new(),
            cues: Phrases::new(),
        }
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    data_lines(text).filter_map(|l| l.split_once('\t'))
}

fn read_words(text: &str, scale: f32, into: &mut FxHashMap<Box<str>, Entry>) {
    for (word, value) in rows(text) {
        // A later file gives 0 to take a word out: a feeling the source saw that social
        // text does not carry (`sur` is `sûr` folded, but mostly the preposition).
        if let Ok(v) = value.trim().parse::<f32>() {
            into.entry(fold(word.trim()).into()).or_default().valence =
                (v != 0.0).then_some(v * scale);
        }
    }
}

/// A French feeling word listed for tribune covers its plural (`lamentable` → `lamentables`)
/// unless the plural is listed too: Pattern's weaker score for the plural would otherwise win.
fn add_french_plurals(text: &str, into: &mut FxHashMap<Box<str>, Entry>) {
    let listed: Vec<String> = rows(text).map(|(w, _)| fold(w.trim())).collect();
    for (word, value) in rows(text) {
        let word = fold(word.trim());
        let Ok(v) = value.trim().parse::<f32>() else {
            continue;
        };
        if v == 0.0 || word.ends_with(['s', 'x', 'z']) || word.contains(' ') {
            continue;
        }
        let plural = format!("{word}s");
        if !listed.contains(&plural) {
            into.entry(plural.into()).or_default().valence = Some(v);
        }
    }
}

/// A phrase split exactly as messages are, so matching compares like with like.
fn phrase_words(tokens: &mut Tokens, phrase: &str, french: bool) -> Vec<Box<str>> {
    tokens.fill(phrase, french);
    tokens
        .list
        .iter()
        .map(|t| Box::from(tokens.text(t)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word listed twice would score as its last line says, whatever the first said (forms
    /// that fold alike, `adore` and `adoré`, are variants and may differ).
    #[test]
    fn no_word_or_phrase_is_listed_twice() {
        for (name, text, key_columns) in [
            ("custom_en.tsv", CUSTOM_EN, 1),
            ("custom_fr.tsv", CUSTOM_FR, 1),
            ("emoji.tsv", EMOJI, 1),
            ("idioms.tsv", IDIOMS, 2),
        ] {
            let mut seen = std::collections::HashSet::new();
            for line in data_lines(text) {
                let key: Vec<String> = line
                    .split('\t')
                    .take(key_columns)
                    .map(|k| k.trim().to_string())
                    .collect();
                assert!(seen.insert(key.clone()), "{name}: {key:?} twice");
            }
        }
    }
}
