//! The on-disk index against a plain reading of the same messages: a query answered with
//! the index's hits must find exactly what judging each message by its own text finds —
//! accents, case, emoji, phrases, fields combined, negation.

use super::*;
use crate::connectors::demo::DemoWorld;
use crate::model::testing::inbound;
use crate::model::{Channel, Message, MessageId};
use crate::query::{Facts, Is, Plan, Query};
use crate::summary::Summary;
use jiff::Timestamp;
use std::collections::BTreeSet;

/// Demo messages in French and English, and a few written to trip a search up.
fn corpus() -> Vec<Message> {
    let mut world = DemoWorld::new(21, 0);
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    let mut messages: Vec<Message> = (0..2_000u64)
        .map(|i| {
            let new = world.next_message(at + jiff::SignedDuration::from_mins(i as i64));
            let mut m = Message::from_new(MessageId(i + 1), MessageId(i + 1), new);
            m.sentiment = Some(crate::sentiment::tag(&m.text, m.rating, m.lang.as_deref()));
            m
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
        "İstanbul coffee, refunded twice",
        "my order still hasn't shipped",
    ];
    for (i, text) in tricky.iter().enumerate() {
        let id = 10_000 + i as u64;
        let mut m = inbound(id, Channel::Mastodon, at, text);
        m.author.name = Some("Élodie Lefèvre".into());
        messages.push(m);
    }
    messages
}

fn indexed(messages: &[Message]) -> (tempfile::TempDir, TextIndex) {
    let dir = tempfile::tempdir().unwrap();
    let index = TextIndex::open(&dir.path().join("index")).unwrap();
    let mut indexer = index.indexer().unwrap();
    for m in messages {
        indexer.add(m).unwrap();
    }
    indexer.commit().unwrap();
    (dir, index)
}

struct Judged<'a> {
    summary: Summary,
    text: &'a dyn Fn(usize) -> bool,
}

impl Facts for Judged<'_> {
    fn summary(&self) -> &Summary {
        &self.summary
    }
    fn text(&self, n: usize) -> bool {
        (self.text)(n)
    }
    fn tagged(&self, _: &str) -> bool {
        false
    }
    fn is(&self, _: Is) -> bool {
        false
    }
}

fn plan(query: &Query) -> Plan {
    let now = Timestamp::from_second(1_800_100_000).unwrap();
    Plan::new(query, now, &jiff::tz::TimeZone::UTC)
}

fn with_index(index: &TextIndex, messages: &[Message], query: &Query) -> BTreeSet<MessageId> {
    let hits: Vec<Hits> = query
        .leaves
        .iter()
        .map(|l| index.hits(&LeafTerms::of(l)).unwrap())
        .collect();
    let plan = plan(query);
    messages
        .iter()
        .filter(|m| {
            let text = |n: usize| hits[n].contains(m.id);
            plan.matches(&Judged {
                summary: m.summary(),
                text: &text,
            })
        })
        .map(|m| m.id)
        .collect()
}

fn by_reading(messages: &[Message], query: &Query) -> BTreeSet<MessageId> {
    let terms: Vec<LeafTerms> = query.leaves.iter().map(LeafTerms::of).collect();
    let plan = plan(query);
    messages
        .iter()
        .filter(|m| {
            let read = MessageTerms::of(m);
            let text = |n: usize| read.holds(&terms[n]);
            plan.matches(&Judged {
                summary: m.summary(),
                text: &text,
            })
        })
        .map(|m| m.id)
        .collect()
}

#[test]
fn the_index_finds_exactly_what_reading_each_message_finds() {
    let messages = corpus();
    let (_dir, index) = indexed(&messages);
    assert_eq!(index.len(), messages.len() as u64);
    let queries = [
        "remboursement",
        "REMBOURSEMENT",
        "Remboursément",
        "remboursements",
        "creme brulee",
        "\"crème brûlée\"",
        "\"brulee creme\"",
        "CRÈME",
        "oeuvre",
        "Œuvre",
        "😡",
        "☕",
        "-😡 froide",
        "élodie",
        "from:elodie",
        "from:\"élodie lefèvre\"",
        "refund",
        "refunds OR remboursement",
        "\"hasn't shipped\"",
        "hasn't",
        "commande -livraison",
        "lang:fr commande",
        "lang:en -order",
        "channel:mastodon (coffee OR café)",
        "sentiment:neg kind:complaint",
        "rating:<=2 OR rating:5",
        "after:2027-01-15 before:2027-01-16 commande",
        "after:12h is:criticism",
        "-(order OR commande) -sentiment:pos",
        "followers:>1000 -lang:en",
        "!!!",
        "-!!!",
    ];
    let mut some_found = 0;
    for q in queries {
        let query = crate::query::parse(q).unwrap();
        let want = by_reading(&messages, &query);
        assert_eq!(with_index(&index, &messages, &query), want, "query {q:?}");
        some_found += usize::from(!want.is_empty() && want.len() < messages.len());
    }
    // The queries are not all trivially empty or full.
    assert!(some_found >= 20, "only {some_found} queries found a part");
}

#[test]
fn stemming_and_folding_find_forms_of_a_word() {
    let messages = corpus();
    let (_dir, index) = indexed(&messages);
    let found = |q: &str| with_index(&index, &messages, &crate::query::parse(q).unwrap());
    assert!(found("refund").contains(&MessageId(10_007)), "refunded");
    assert!(
        found("remboursement").contains(&MessageId(10_001)),
        "accent typed"
    );
    assert!(
        !found("\"shipped hasn't\"").contains(&MessageId(10_008)),
        "order"
    );
}

#[test]
fn the_watermark_names_the_last_message_committed() {
    let messages = corpus();
    let dir = tempfile::tempdir().unwrap();
    let index = TextIndex::open(dir.path()).unwrap();
    assert_eq!(index.watermark(), None);
    let mut indexer = index.indexer().unwrap();
    for m in &messages[..10] {
        indexer.add(m).unwrap();
    }
    indexer.commit().unwrap();
    assert_eq!(index.watermark(), Some(Watermark::of(&messages[9])));
    assert_eq!(index.indexed_upto(), Some(messages[9].id));
    // Added but not committed: not searchable, and the watermark stays.
    indexer.add(&messages[10]).unwrap();
    assert_eq!(index.len(), 10);
    drop(indexer);
    let reopened = TextIndex::open(dir.path()).unwrap();
    assert_eq!(reopened.watermark(), Some(Watermark::of(&messages[9])));
    assert_eq!(reopened.len(), 10);
}

#[test]
fn an_unreadable_index_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("meta.json"), b"{ not json").unwrap();
    let index = TextIndex::open(dir.path()).unwrap();
    assert!(index.is_empty());
    assert_eq!(index.watermark(), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Words that appear in the corpus in several forms, and a few that do not.
    const WORDS: &[&str] = &[
        "commande",
        "Commandé",
        "livraison",
        "café",
        "CAFE",
        "remboursement",
        "order",
        "orders",
        "refund",
        "coffee",
        "😡",
        "☕",
        "élodie",
        "still",
        "toujours",
        "zzz",
    ];
    const FIELDS: &[&str] = &[
        "channel:mastodon",
        "channel:bluesky",
        "kind:complaint",
        "kind:review",
        "sentiment:neg",
        "sentiment:pos",
        "rating:<=2",
        "lang:fr",
        "lang:en",
        "from:elodie",
        "after:6h",
        "before:2027-01-10",
        "followers:>500",
        "is:criticism",
        "is:unanswered",
    ];

    fn term() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(WORDS).prop_map(str::to_string),
            prop::sample::select(FIELDS).prop_map(str::to_string),
            (prop::sample::select(WORDS), prop::sample::select(WORDS))
                .prop_map(|(a, b)| format!("\"{a} {b}\"")),
        ]
    }

    fn query() -> impl Strategy<Value = String> {
        let leaf =
            (any::<bool>(), term()).prop_map(|(not, t)| if not { format!("-{t}") } else { t });
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 1..4).prop_map(|v| v.join(" ")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} OR {b}")),
                inner.prop_map(|q| format!("({q})")),
            ]
        })
    }

    fn shared() -> &'static (Vec<Message>, tempfile::TempDir, TextIndex) {
        static SHARED: std::sync::OnceLock<(Vec<Message>, tempfile::TempDir, TextIndex)> =
            std::sync::OnceLock::new();
        SHARED.get_or_init(|| {
            let messages = corpus();
            let (dir, index) = indexed(&messages);
            (messages, dir, index)
        })
    }

    proptest! {
        #[test]
        fn any_query_over_the_corpus(q in query()) {
            let (messages, _, index) = shared();
            let query = crate::query::parse(&q).unwrap();
            prop_assert_eq!(with_index(index, messages, &query), by_reading(messages, &query));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn any_text_any_words(texts in prop::collection::vec("\\PC{0,40}", 1..20), q in "\\PC{0,8}") {
            let at = Timestamp::from_second(1_800_000_000).unwrap();
            let messages: Vec<Message> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| inbound(i as u64 + 1, Channel::Bluesky, at, t))
                .collect();
            let (_dir, index) = indexed(&messages);
            // Any typed text either parses or is refused; what parses agrees.
            if let Ok(query) = crate::query::parse(&q) {
                prop_assert_eq!(with_index(&index, &messages, &query), by_reading(&messages, &query));
            }
        }
    }
}

#[test]
fn relevance_scores_the_words_wanted_and_the_best_answer_first() {
    let at = Timestamp::from_second(1_800_000_000).unwrap();
    let texts = [
        "refund",
        "I was promised a refund, a refund for a parcel that never came, and no refund yet",
        "the espresso machine leaks",
        "refund please, and the espresso was cold",
    ];
    let messages: Vec<Message> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| inbound(i as u64 + 1, Channel::Mastodon, at, t))
        .collect();
    let (_dir, index) = indexed(&messages);
    let query = crate::query::parse("refund -espresso").unwrap();
    assert_eq!(query.wanted_leaves(), [0], "a word excluded is not scored");
    let terms: Vec<LeafTerms> = query
        .wanted_leaves()
        .iter()
        .map(|&n| LeafTerms::of(&query.leaves[n]))
        .collect();
    let scores = index.relevance(&terms.iter().collect::<Vec<_>>()).unwrap();
    let score = |id: u64| scores.get(&MessageId(id)).copied();
    assert_eq!(score(3), None, "the words do not find it");
    // A message all about it, and one that says it thrice, before one that says it once
    // among other words.
    assert!(score(1) > score(4) && score(2) > score(4), "{scores:?}");
}
