//! Reply templates: loaded from `templates.toml`, filled from the message, and ranked for the
//! situation (a complaint first proposes an apology with a solution, praise proposes thanks, a
//! question an answer stub), then by fuzzy match on what the agent types.

mod render;

pub use render::{Fill, render};

use crate::model::{Kind, Message, SentimentLabel};
use serde::Deserialize;
use std::path::Path;

/// The templates tribune ships (`config/templates.toml` in the repository).
const SHIPPED: &str = include_str!("../../config/templates.toml");

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    pub lang: String,
    #[serde(default)]
    pub fits: Vec<Situation>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Situation {
    Complaint,
    Praise,
    Question,
    General,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "template", default)]
    templates: Vec<Template>,
}

/// Parses a templates file; errors name the file, the line and the key.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Template>, String> {
    crate::config::parse_toml::<File>(text, path)
        .map(|f| f.templates)
        .map_err(|e| e.to_string())
}

/// The user's templates file when there is one, otherwise the shipped templates.
pub fn load(user_file: &Path) -> Result<Vec<Template>, String> {
    match std::fs::read_to_string(user_file) {
        Ok(text) => parse(&text, user_file),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            parse(SHIPPED, Path::new("config/templates.toml"))
        }
        Err(e) => Err(format!("Cannot read {}: {e}.", user_file.display())),
    }
}

pub fn shipped() -> Vec<Template> {
    parse(SHIPPED, Path::new("config/templates.toml")).unwrap_or_default()
}

/// What kind of answer a message calls for.
pub fn situation(m: &Message) -> Situation {
    let negative = m
        .sentiment
        .as_ref()
        .is_some_and(|s| s.label == SentimentLabel::Neg);
    let positive = m
        .sentiment
        .as_ref()
        .is_some_and(|s| s.label == SentimentLabel::Pos);
    if negative
        || m.kind == Kind::Complaint
        || !m.urgency().is_empty()
        || m.rating.is_some_and(|r| r <= 2)
    {
        Situation::Complaint
    } else if positive || m.rating.is_some_and(|r| r >= 4) {
        Situation::Praise
    } else if m.text.contains('?') {
        Situation::Question
    } else {
        Situation::General
    }
}

/// The templates in the order to offer them for `m`, filtered by `query` (fuzzy, on name and
/// text): those that fit the situation first, in the message's language first.
pub fn suggest<'a>(templates: &'a [Template], m: &Message, query: &str) -> Vec<&'a Template> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};
    let situation = situation(m);
    let lang = m
        .lang
        .as_deref()
        .and_then(crate::sentiment::Lang::from_tag)
        .unwrap_or_else(|| crate::sentiment::detect(&m.text));
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut ranked: Vec<(u32, usize, &Template)> = templates
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            // What the agent types leads; a match in the name counts double.
            let fuzzy = if query.trim().is_empty() {
                0
            } else {
                let mut score = |s: &str| pattern.score(Utf32Str::new(s, &mut buf), &mut matcher);
                let best = score(&t.name).map(|s| s * 2).max(score(&t.text))?;
                best * 100
            };
            let fits = if t.fits.contains(&situation) { 200 } else { 0 };
            let same_lang = if t.lang == lang.as_str() { 100 } else { 0 };
            Some((fuzzy + fits + same_lang, i, t))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, _, t)| t).collect()
}

#[cfg(test)]
mod tests;
