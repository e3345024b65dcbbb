//! Splits social text into the units sentiment is read from: folded words, emoji and
//! emoticons, `!`, `?` and clause boundaries. Mentions, URLs and `#` marks are skipped.
//! Tokens point into one folded buffer, so tokenising allocates nothing per word.

use super::fold::{collapse_elongation_at, push_folded};
use super::lexicon::WordInfo;
use rustc_hash::FxHashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word; `caps` when written in capitals (two letters or more), `elongated` when a
    /// letter was repeated for emphasis (`sooo`).
    Word {
        caps: bool,
        elongated: bool,
    },
    /// A French elided article or pronoun (`j'`, `n'`, `c'`…), kept for negation.
    Elision,
    /// An emoji or an emoticon.
    Symbol,
    Bang,
    Question,
    /// `.` `,` `;` `:` and the like: the end of a clause (and of a negation's reach).
    Stop,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Kind,
    start: u32,
    end: u32,
    /// What the lexicons know of this word, set by `annotate`.
    pub info: Option<&'static WordInfo>,
}

#[derive(Default)]
pub struct Tokens {
    buf: String,
    pub list: Vec<Token>,
    /// Words with at least one letter, and how many of them are in capitals.
    pub words: u32,
    pub caps_words: u32,
    /// Letters with the accents French writes (`é`, `è`, `à`, `ç`…), a hint of the language.
    pub french_accents: u32,
    /// Links shared in the text (skipped, but counted: a link marks relayed news).
    pub links: u32,
}

/// Elided forms that French glues to the next word with an apostrophe.
const ELISIONS: &[&str] = &[
    "l", "j", "c", "d", "n", "m", "t", "s", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Emoticons, longest first so `:-)` wins over `:-`.
const EMOTICONS: &[&str] = &[
    ">:(", ":'(", ":-)", ":-(", ":-D", ":-/", ";-)", "</3", ":)", ":(", ":D", ":]", ":[", ":/",
    ";)", ":p", ":P", ":@", "<3", "^^", "xD", "XD",
];

impl Tokens {
    pub fn text(&self, t: &Token) -> &str {
        &self.buf[t.start as usize..t.end as usize]
    }

    /// Tokenises `text`, replacing what was there. `split_elision` turns `j'adore` into
    /// `j'` + `adore` (French); otherwise `don't` stays one word (English).
    pub fn fill(&mut self, text: &str, split_elision: bool) {
        self.buf.clear();
        self.list.clear();
        self.words = 0;
        self.caps_words = 0;
        self.french_accents = 0;
        self.links = 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().unwrap_or(' ');
            let at_start = i == 0 || bytes[i - 1].is_ascii_whitespace();
            if c.is_whitespace() {
                i += c.len_utf8();
            } else if at_start
                && (c == '@' || text[i..].starts_with("http") || text[i..].starts_with("www."))
            {
                self.links += (c != '@') as u32;
                i = skip_to_space(text, i);
            } else if at_start
                && may_open_emoticon(c)
                && let Some(e) = emoticon_at(text, i)
            {
                self.push_raw(e, Kind::Symbol);
                i += e.len();
            } else if c.is_alphanumeric() {
                i = self.word(text, i, split_elision);
            } else if is_emoji(c) {
                let mut s = [0u8; 4];
                self.push_raw(c.encode_utf8(&mut s), Kind::Symbol);
                i += c.len_utf8();
            } else {
                match c {
                    '!' => self.push_raw("!", Kind::Bang),
                    '?' => self.push_raw("?", Kind::Question),
                    '.' | ',' | ';' | ':' | '…' | '(' | ')' | '\n' | '"' | '«' | '»' | '–'
                    | '—' => self.push_raw("", Kind::Stop),
                    _ => {}
                }
                i += c.len_utf8();
            }
        }
    }

    /// Looks every word up once; the rules and the language detector read the result.
    pub fn annotate(&mut self, words: &'static FxHashMap<Box<str>, WordInfo>) {
        for t in &mut self.list {
            if matches!(t.kind, Kind::Word { .. } | Kind::Elision) {
                let word = &self.buf[t.start as usize..t.end as usize];
                t.info = words.get(word);
                // "trooop" reads as "trop", "nuuul" as "nul": the word behind the emphasis.
                if t.info.is_none()
                    && matches!(
                        t.kind,
                        Kind::Word {
                            elongated: true,
                            ..
                        }
                    )
                {
                    t.info = words.get(super::fold::collapse_doubles(word).as_str());
                }
            }
        }
    }

    fn push_raw(&mut self, s: &str, kind: Kind) {
        let start = self.buf.len() as u32;
        self.buf.push_str(s);
        self.list.push(Token {
            kind,
            info: None,
            start,
            end: self.buf.len() as u32,
        });
    }

    /// Reads one word from `i`, folding it straight into the buffer; returns where it ended.
    fn word(&mut self, text: &str, i: usize, split_elision: bool) -> usize {
        let mut start = self.buf.len();
        let (mut upper, mut lower) = (0u32, 0u32);
        let bytes = text.as_bytes();
        let mut at = i;
        // Whether a letter may repeat three times (`sooo`); only then is the word collapsed.
        let mut repeats = false;
        loop {
            // Most words are plain ASCII: copy the run at once and lower it in place.
            let run_start = at;
            while at < bytes.len() && bytes[at].is_ascii_alphanumeric() {
                repeats |= at >= i + 2 && bytes[at] == bytes[at - 1] && bytes[at] == bytes[at - 2];
                upper += bytes[at].is_ascii_uppercase() as u32;
                lower += bytes[at].is_ascii_lowercase() as u32;
                at += 1;
            }
            if at > run_start {
                let from = self.buf.len();
                self.buf.push_str(&text[run_start..at]);
                self.buf.as_mut_str()[from..].make_ascii_lowercase();
            }
            let Some(c) = text[at..].chars().next() else {
                return self.finish_word(start, upper, lower, at, repeats);
            };
            if c == '\'' || c == '’' {
                let after = at + c.len_utf8();
                if !text[after..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic)
                {
                    return self.finish_word(start, upper, lower, at, repeats);
                }
                self.buf.push('\'');
                if split_elision && ELISIONS.contains(&&self.buf[start..self.buf.len() - 1]) {
                    self.list.push(Token {
                        info: None,
                        kind: Kind::Elision,
                        start: start as u32,
                        end: self.buf.len() as u32,
                    });
                    start = self.buf.len();
                    upper = 0;
                    lower = 0;
                }
                at = after;
            } else if c.is_alphanumeric() {
                if is_french_accent(c) {
                    self.french_accents += 1;
                }
                if c.is_uppercase() {
                    upper += 1;
                } else if c.is_lowercase() {
                    lower += 1;
                }
                push_folded(&mut self.buf, c);
                at += c.len_utf8();
                repeats = true;
            } else {
                return self.finish_word(start, upper, lower, at, repeats);
            }
        }
    }

    fn finish_word(
        &mut self,
        start: usize,
        upper: u32,
        lower: u32,
        end: usize,
        repeats: bool,
    ) -> usize {
        if self.buf.len() == start {
            return end;
        }
        let elongated = repeats && collapse_elongation_at(&mut self.buf, start);
        let caps = upper >= 2 && lower == 0;
        if upper + lower > 0 {
            self.words += 1;
            self.caps_words += caps as u32;
        }
        self.list.push(Token {
            info: None,
            kind: Kind::Word { caps, elongated },
            start: start as u32,
            end: self.buf.len() as u32,
        });
        end
    }
}

fn is_french_accent(c: char) -> bool {
    matches!(
        c,
        'é' | 'è' | 'ê' | 'à' | 'ç' | 'ù' | 'û' | 'ô' | 'î' | 'œ' | 'É' | 'È' | 'À' | 'Ç'
    )
}

fn skip_to_space(text: &str, i: usize) -> usize {
    text[i..]
        .find(char::is_whitespace)
        .map(|n| i + n)
        .unwrap_or(text.len())
}

fn may_open_emoticon(c: char) -> bool {
    matches!(c, ':' | ';' | '<' | '>' | '^' | 'x' | 'X')
}

fn emoticon_at(text: &str, i: usize) -> Option<&'static str> {
    let rest = &text[i..];
    EMOTICONS.iter().copied().find(|e| {
        rest.starts_with(e)
            && rest[e.len()..]
                .chars()
                .next()
                .is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation())
    })
}

/// Pictographs and dingbats that carry feeling; modifiers and joiners are not among them.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1F5FF | 0x1F600..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF | 0x1FA70..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55)
        && !matches!(c as u32, 0x1F3FB..=0x1F3FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, french: bool) -> Vec<String> {
        let mut t = Tokens::default();
        t.fill(text, french);
        t.list.iter().map(|k| t.text(k).to_string()).collect()
    }

    #[test]
    fn french_elision_is_split_and_english_contractions_kept() {
        assert_eq!(
            words("J'adore, c'est génial", true),
            ["j'", "adore", "", "c'", "est", "genial"]
        );
        assert_eq!(
            words("I don't like it", false),
            ["i", "don't", "like", "it"]
        );
        assert_eq!(
            words("n’est pas arrivée", true),
            ["n'", "est", "pas", "arrivee"]
        );
    }

    #[test]
    fn mentions_urls_and_hashtags() {
        assert_eq!(
            words("@united thanks #great http://x.y/z :) 😡", false),
            ["thanks", "great", ":)", "😡"]
        );
    }

    #[test]
    fn caps_and_elongation_are_marked() {
        let mut t = Tokens::default();
        t.fill("sooo GOOD", false);
        assert_eq!(
            t.list[0].kind,
            Kind::Word {
                caps: false,
                elongated: true
            }
        );
        assert_eq!(
            t.list[1].kind,
            Kind::Word {
                caps: true,
                elongated: false
            }
        );
        assert_eq!(t.text(&t.list[0]), "soo");
    }
}
