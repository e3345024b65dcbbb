//! The words that set a spike apart: those carried by many of its messages and by few of the
//! messages that came before it.

use crate::model::Message;
use std::collections::{HashMap, HashSet};

/// Function words of English and French that say nothing about a topic.
const STOP: &[&str] = &[
    "the", "and", "for", "you", "your", "with", "this", "that", "are", "was", "not", "but", "have",
    "has", "had", "from", "they", "them", "what", "when", "who", "why", "how", "all", "any", "can",
    "our", "out", "its", "it's", "i'm", "just", "again", "still", "about", "there", "their",
    "been", "were", "will", "would", "could", "should", "than", "then", "les", "des", "une", "est",
    "pas", "pour", "que", "qui", "avec", "sur", "dans", "vous", "nous", "mon", "mes", "son", "ses",
    "ces", "cette", "mais", "plus", "tout", "tous", "très", "bien", "fait", "été", "aux", "par",
    "elle", "ils", "sont", "suis", "j'ai", "c'est", "n'est", "encore", "toujours", "même", "rien",
    "quand", "comme", "leur",
];

/// Up to `limit` words most over-represented among `spike` compared with `before`, each
/// with the number of spike messages carrying it. A word must appear in at least two spike
/// messages and a fifth of them.
pub fn over_represented(
    spike: &[&Message],
    before: &[&Message],
    limit: usize,
) -> Vec<(String, usize)> {
    let in_spike = document_counts(spike);
    let in_before = document_counts(before);
    let (ns, nb) = (spike.len() as f64, before.len() as f64);
    let floor = 2.max(spike.len().div_ceil(5));
    let mut scored: Vec<(f64, String, usize)> = in_spike
        .into_iter()
        .filter(|(_, n)| *n >= floor)
        .map(|(word, n)| {
            let b = in_before.get(&word).copied().unwrap_or(0) as f64;
            // Smoothed ratio of the share of messages carrying the word.
            let lift = ((n as f64 + 0.5) / (ns + 1.0)) / ((b + 0.5) / (nb + 1.0));
            (lift, word, n)
        })
        .filter(|(lift, _, _)| *lift >= 2.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, word, n)| (word, n))
        .collect()
}

/// In how many messages each word appears.
/// Up to `limit` words carried by the most of `messages`, each with how many carry it (an
/// incident's top words).
pub fn most_common(messages: &[&Message], limit: usize) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = document_counts(messages).into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(limit);
    counts
}

fn document_counts(messages: &[&Message]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for m in messages {
        // Escape sequences out first: `\x1b[31mrefund` is the word "refund".
        let text = crate::text::sanitize(&m.text);
        let words: HashSet<String> = words(&text).collect();
        for w in words {
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    counts
}

/// Lower-cased words of three letters or more, not function words.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| {
            w.trim_matches(|c| c == '\'' || c == '’')
                .replace('’', "'")
                .to_lowercase()
        })
        .filter(|w| w.chars().count() >= 3 && w.chars().any(char::is_alphabetic))
        .filter(|w| !STOP.contains(&w.as_str()))
}
