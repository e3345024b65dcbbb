//! The search index against a plain scan of the same messages.

use super::*;
use crate::connectors::demo::DemoWorld;
use crate::model::Channel;
use crate::model::testing::inbound;
use jiff::Timestamp;
use rand::{Rng, SeedableRng};

/// Demo messages in French and English, and a few written to trip a search up.
fn corpus() -> Vec<Message> {
    let mut world = DemoWorld::new(21, 0);
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    let mut messages: Vec<Message> = (0..3_000u64)
        .map(|i| {
            let new = world.next_message(at);
            Message::from_new(MessageId(i + 1), MessageId(i + 1), new)
        })
        .collect();
    let tricky = [
        "REMBOURSEMENT immédiat svp",
        "Je veux un remboursément !!!",
        "Crème brûlée froide 😡😡",
        "ŒUVRE d'art ce café ☕️",
        "line one\nline two\tremboursement",
        "Ça ne marche pas, Élodie l'a dit",
        "emoji only 😡",
        "İstanbul coffee",
    ];
    for (i, text) in tricky.iter().enumerate() {
        let id = 10_000 + i as u64;
        let mut m = inbound(id, Channel::Mastodon, at, text);
        m.author.name = Some("Élodie Lefèvre".into());
        messages.push(m);
    }
    messages
}

fn naive(messages: &[Message], query: &Query) -> HashSet<MessageId> {
    messages
        .iter()
        .filter(|m| query.matches(m))
        .map(|m| m.id)
        .collect()
}

#[test]
fn the_index_finds_exactly_what_a_naive_scan_finds() {
    let messages = corpus();
    let index = SearchIndex::build(messages.iter());
    assert_eq!(index.len(), messages.len());
    let mut queries: Vec<String> = [
        "remboursement",
        "REMBOURSEMENT",
        "Remboursément",
        "creme brulee",
        "CRÈME",
        "oeuvre",
        "Œuvre",
        "😡",
        "😡😡",
        "☕",
        "élodie",
        "ELODIE lefevre",
        "line two",
        "ca marche",
        "istanbul",
        "i̇stanbul",
        "livraison colis",
        "delivery",
        "never",
        "nothing-matches-this",
        "a",
        "",
        "   ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // And a few hundred words taken from the messages themselves, in random case.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    for _ in 0..300 {
        let m = &messages[rng.gen_range(0..messages.len())];
        let words: Vec<&str> = m.text.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        let word = words[rng.gen_range(0..words.len())];
        let word = if rng.gen_bool(0.5) {
            word.to_uppercase()
        } else {
            word.to_string()
        };
        queries.push(word);
    }
    let mut hits = 0;
    for q in &queries {
        let query = Query::parse(q);
        let expected = naive(&messages, &query);
        assert_eq!(index.search(&query), expected, "query {q:?}");
        hits += expected.len();
    }
    assert!(hits > 1_000, "the queries find things: {hits}");
    // Case and accents do not matter, either way round.
    let find = |q: &str| index.search(&Query::parse(q));
    assert_eq!(find("remboursement"), find("REMBOURSÉMENT"));
    assert!(find("remboursement").contains(&MessageId(10_000)));
    assert!(find("remboursement").contains(&MessageId(10_001)));
    assert!(
        find("remboursement").contains(&MessageId(10_004)),
        "across a newline in the text"
    );
    assert!(find("😡").contains(&MessageId(10_002)) && find("😡").contains(&MessageId(10_006)));
    assert!(
        find("😡😡").contains(&MessageId(10_002)) && !find("😡😡").contains(&MessageId(10_006))
    );
    assert!(
        find("elodie").contains(&MessageId(10_003)),
        "by the author's name"
    );
}

#[test]
fn a_message_is_indexed_once() {
    let messages = corpus();
    let mut index = SearchIndex::build(messages.iter().take(10));
    for m in messages.iter().take(20) {
        index.add(m);
    }
    assert_eq!(index.len(), 20);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_any_query(texts in prop::collection::vec("\\PC{0,40}", 1..30), q in "\\PC{0,6}") {
            let at = Timestamp::from_second(1_800_000_000).unwrap();
            let messages: Vec<Message> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| inbound(i as u64 + 1, Channel::Bluesky, at, t))
                .collect();
            let index = SearchIndex::build(messages.iter());
            let query = Query::parse(&q);
            prop_assert_eq!(index.search(&query), naive(&messages, &query));
        }
    }
}
