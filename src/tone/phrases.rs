//! The phrase lists the tone check matches, loaded once from `phrases.tsv`.

use super::words::{Words, split};
use crate::sentiment::Lang;
use crate::sentiment::fold::fold;
use std::sync::OnceLock;

const PHRASES: &str = include_str!("phrases.tsv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Refusal,
    RefusalStart,
    NotRefusal,
    Alternative,
    Apology,
    Blame,
    Invitation,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "refusal" => Kind::Refusal,
            "refusal_start" => Kind::RefusalStart,
            "not_refusal" => Kind::NotRefusal,
            "alternative" => Kind::Alternative,
            "apology" => Kind::Apology,
            "blame" => Kind::Blame,
            "invitation" => Kind::Invitation,
            _ => return None,
        })
    }

    /// Kinds that only count as the reply's first words.
    fn at_start_only(self) -> bool {
        matches!(self, Kind::RefusalStart | Kind::NotRefusal)
    }
}

struct Phrase {
    lang: Lang,
    kind: Kind,
    words: Vec<String>,
}

pub(super) struct Phrases(Vec<Phrase>);

pub(super) fn table() -> &'static Phrases {
    static TABLE: OnceLock<Phrases> = OnceLock::new();
    TABLE.get_or_init(|| {
        Phrases(
            PHRASES
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .filter_map(|l| {
                    let mut cols = l.split('\t');
                    let lang = Lang::from_tag(cols.next()?)?;
                    let kind = Kind::parse(cols.next()?)?;
                    let words = split(&fold(cols.next()?.trim()));
                    (!words.is_empty()).then_some(Phrase { lang, kind, words })
                })
                .collect(),
        )
    })
}

impl Phrases {
    /// The phrases of `kind` in `lang` that the reply holds, as written in the reply's words.
    pub(super) fn find(&self, words: &Words, lang: Lang, kind: Kind) -> Vec<String> {
        let list = words.list();
        self.0
            .iter()
            .filter(|p| p.lang == lang && p.kind == kind)
            .filter(|p| {
                let n = p.words.len();
                if kind.at_start_only() {
                    list.len() >= n && list[..n] == p.words[..]
                } else {
                    list.windows(n).any(|w| w == &p.words[..])
                }
            })
            .map(|p| p.words.join(" "))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_data_file_is_read() {
        let lines = PHRASES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(table().0.len(), lines);
    }
}
