//! Telling English from French per message, from the words every sentence needs. A full
//! language identifier (e.g. whatlang) costs tens of microseconds a text; this costs a scan,
//! and tribune only has to choose between two lexicons.

use super::tokens::Tokens;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
    /// Neither language showed; both lexicons are consulted.
    Unknown,
}

impl Lang {
    /// The language a network states (`fr`, `fr-CA`, `en-GB`…), if it is one of ours.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Unknown => "unknown",
        }
    }
}

pub const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "un", "une", "et", "est", "je", "tu", "il", "elle",
    "nous", "vous", "ils", "pas", "ne", "que", "qui", "pour", "avec", "sur", "dans", "au", "aux",
    "ce", "cette", "mon", "ma", "mes", "votre", "vos", "tres", "mais", "ou", "ca", "c'", "j'",
    "n'", "qu'", "l'", "d'", "suis", "sont", "fait", "tout", "plus", "bien", "merci", "bonjour",
    "toujours", "rien", "encore", "chez", "depuis", "aussi",
];
pub const ENGLISH: &[&str] = &[
    "the", "a", "an", "and", "is", "are", "was", "were", "i", "you", "he", "she", "it", "we",
    "they", "not", "no", "to", "of", "in", "on", "for", "with", "my", "your", "this", "that",
    "have", "has", "had", "be", "been", "but", "or", "at", "from", "just", "so", "what", "do",
    "does", "did", "can", "will", "would", "me", "im", "dont", "don't", "get", "got", "thanks",
    "please", "why", "how", "still", "again", "it's", "i'm",
];

/// Detects the language of `text` (tokenising it first).
pub fn detect(text: &str) -> Lang {
    let mut tokens = Tokens::default();
    tokens.fill(text, true);
    tokens.annotate(&super::engine().lexicons.words);
    detect_tokens(&tokens)
}

/// Counts the function words of each language, and French accents, among the tokens: one
/// hash lookup a word, so detection costs little beside tagging.
pub fn detect_tokens(tokens: &Tokens) -> Lang {
    let (mut fr, mut en) = (tokens.french_accents, 0u32);
    for info in tokens.list.iter().filter_map(|t| t.info) {
        fr += (info.function & 1) as u32;
        en += (info.function >> 1) as u32;
    }
    match (fr, en) {
        (0, 0) => Lang::Unknown,
        (f, e) if f > e => Lang::Fr,
        (f, e) if e > f => Lang::En,
        _ => Lang::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_two_languages_apart() {
        assert_eq!(detect("Ma commande n'est jamais arrivée"), Lang::Fr);
        assert_eq!(detect("c'est trop bien"), Lang::Fr);
        assert_eq!(detect("My bag never arrived and nobody answers"), Lang::En);
        assert_eq!(detect("😡😡"), Lang::Unknown);
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("de"), None);
    }
}
