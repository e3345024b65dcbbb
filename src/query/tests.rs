//! The parser: queries and what they mean, mistakes and where they are, completion.

use super::*;
use crate::model::{Channel, Kind, SentimentLabel};

fn word(w: &str) -> TextLeaf {
    TextLeaf::Word(w.into())
}

/// A query written back as a compact form: leaves by their text, filters by name.
fn shape(q: &Query) -> String {
    fn node(e: &Expr, q: &Query) -> String {
        match e {
            Expr::And(all) => format!(
                "and({})",
                all.iter().map(|e| node(e, q)).collect::<Vec<_>>().join(",")
            ),
            Expr::Or(any) => format!(
                "or({})",
                any.iter().map(|e| node(e, q)).collect::<Vec<_>>().join(",")
            ),
            Expr::Not(e) => format!("not({})", node(e, q)),
            Expr::Text(n) => match &q.leaves[*n] {
                TextLeaf::Word(w) => w.clone(),
                TextLeaf::Phrase(p) => format!("\"{p}\""),
                TextLeaf::From(f) => format!("from={f}"),
                TextLeaf::Lang(l) => format!("lang={l}"),
            },
            Expr::Filter(f) => format!("{f:?}"),
        }
    }
    q.expr.as_ref().map_or("ALL".into(), |e| node(e, q))
}

#[test]
fn queries_and_what_they_mean() {
    let table = [
        ("", "ALL"),
        ("   ", "ALL"),
        ("refund", "refund"),
        ("refund late", "and(refund,late)"),
        ("Remboursé", "Remboursé"),
        ("\"my order\" late", "and(\"my order\",late)"),
        ("-thanks", "not(thanks)"),
        ("refund late OR slow", "and(refund,or(late,slow))"),
        ("(a OR b) c", "and(or(a,b),c)"),
        ("-(a b)", "not(and(a,b))"),
        ("a or b", "and(a,or,b)"),
        ("e-mail don't", "and(e-mail,don't)"),
        ("3:45 http://x.fr", "and(3:45,http://x.fr)"),
        ("from:ana", "from=ana"),
        ("from:\"Ana Martin\"", "from=Ana Martin"),
        ("channel:instagram", "Channel(Instagram)"),
        ("channel:IG", "Channel(Instagram)"),
        ("channel:google", "Channel(GoogleReviews)"),
        ("kind:dm", "Kind(Direct)"),
        ("sentiment:negative", "Sentiment(Neg)"),
        ("rating:<=2", "Rating(Le, 2)"),
        ("rating:5", "Rating(Eq, 5)"),
        ("followers:>10k", "Followers(Gt, 10000)"),
        ("followers:>=1m", "Followers(Ge, 1000000)"),
        ("lang:FR", "lang=fr"),
        ("tag:Livraison", "Tag(\"livraison\")"),
        ("is:unanswered", "Is(Unanswered)"),
        ("IS:Breached", "Is(Breached)"),
        ("after:2026-11-20", "After(Day(2026-11-20))"),
        ("before:2h", "Before(Ago(2h))"),
        ("after:3d", "After(Ago(72h))"),
        (
            "after:2026-11-30T10:00:00Z",
            "After(At(2026-11-30T10:00:00Z))",
        ),
        ("after:1w", "After(Ago(168h))"),
        (
            "channel:instagram sentiment:neg delivery after:8h is:unanswered",
            "and(Channel(Instagram),Sentiment(Neg),delivery,After(Ago(8h)),Is(Unanswered))",
        ),
        ("😡 -🙂", "and(😡,not(🙂))"),
    ];
    for (text, want) in table {
        let q = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(shape(&q), want, "{text:?}");
    }
}

#[test]
fn mistakes_say_where_and_what_was_expected() {
    // (query, position counted from 1, the start of the message)
    let table = [
        ("chanel:instagram", 1, "there is no field chanel:"),
        ("channel:twitter", 9, "channel: takes mastodon, bluesky"),
        ("rating:9", 8, "rating: takes a number of stars from 1 to 5"),
        ("rating:<=x", 8, "rating: takes"),
        ("followers:lots", 11, "followers: takes a number"),
        ("is:urgentish", 4, "is: takes unanswered, answered"),
        (
            "after:yesterday",
            7,
            "after: takes a date (2026-11-20) or an age",
        ),
        ("before:2026-13-01", 8, "before: takes a date"),
        ("sentiment:", 11, "sentiment: takes pos, neu or neg"),
        ("lang:french", 6, "lang: takes a language code"),
        ("refund \"my order", 8, "this quote is never closed"),
        ("(late OR slow", 1, "this ( is never closed"),
        ("late)", 5, "this ) closes no ("),
        ("late OR", 8, "expected a term after OR"),
        ("OR late", 1, "expected a term before OR"),
        ("a () b", 4, "expected a term inside ( )"),
        ("\"\"", 1, "an empty phrase"),
        ("- late", 0, ""),
    ];
    for (text, at, start) in table {
        match parse(text) {
            Err(e) if at > 0 => {
                assert_eq!(e.at + 1, at, "{text:?}: {e}");
                assert!(e.message.starts_with(start), "{text:?}: {}", e.message);
                assert!(e.to_string().starts_with(&format!("at {at}: ")));
            }
            Ok(q) if at == 0 => assert!(!q.is_empty(), "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

#[test]
fn a_query_says_which_states_it_names() {
    let q = parse("refund (is:spam OR is:snoozed)").unwrap();
    assert!(q.mentions(Is::Spam) && q.mentions(Is::Snoozed));
    assert!(!q.mentions(Is::Resolved));
    assert!(!parse("spam").unwrap().mentions(Is::Spam));
}

#[test]
fn tab_completes_fields_and_states() {
    assert_eq!(complete("refund cha").as_deref(), Some("refund channel:"));
    assert_eq!(complete("-sen").as_deref(), Some("-sentiment:"));
    assert_eq!(complete("is:unan").as_deref(), Some("is:unanswered"));
    // "a" starts after: only.
    assert_eq!(complete("a").as_deref(), Some("after:"));
    // Several fit: their common start.
    assert_eq!(complete("is:").as_deref(), None);
    assert_eq!(complete("f").as_deref(), None);
    assert_eq!(complete("fo").as_deref(), Some("followers:"));
    assert_eq!(complete("zzz"), None);
    assert_eq!(complete("channel:ins"), None);
}

#[test]
fn parsed_values_are_what_the_fields_compare() {
    let q = parse("channel:mastodon kind:review sentiment:pos refund").unwrap();
    assert_eq!(q.leaves, vec![word("refund")]);
    let Some(Expr::And(all)) = q.expr else {
        panic!()
    };
    assert_eq!(all[0], Expr::Filter(Filter::Channel(Channel::Mastodon)));
    assert_eq!(all[1], Expr::Filter(Filter::Kind(Kind::Review)));
    assert_eq!(all[2], Expr::Filter(Filter::Sentiment(SentimentLabel::Pos)));
    assert!(Cmp::Le.holds(2, 2) && !Cmp::Lt.holds(2, 2) && Cmp::Gt.holds(3, 2));
}
