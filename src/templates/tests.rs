//! Templates: placeholders filled from the message, the shipped file's rules, suggestions that
//! fit the situation, and errors that name their line.

use super::*;
use crate::model::{Author, Channel, Direction, MessageId, NewMessage, Sentiment};

fn message(text: &str, kind: Kind, label: Option<SentimentLabel>, lang: Option<&str>) -> Message {
    let mut m = Message::from_new(
        MessageId(1),
        MessageId(1),
        NewMessage {
            channel: Channel::Mastodon,
            account: "@novacafe@example.social".into(),
            external_id: "1".into(),
            kind,
            direction: Direction::Inbound,
            author: Author {
                handle: "@ana@example.org".into(),
                name: Some("Ana Martin".into()),
                followers: None,
            },
            text: text.into(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
            rating: None,
            in_reply_to: None,
            url: None,
            lang: lang.map(str::to_string),
        },
    );
    m.sentiment = label.map(|label| Sentiment {
        label,
        score: 0.0,
        by_agent: false,
        urgency: Default::default(),
    });
    m
}

#[test]
fn placeholders_are_filled_from_the_message() {
    let m = message(
        "Order #NC39685 never arrived",
        Kind::Mention,
        Some(SentimentLabel::Neg),
        None,
    );
    let fill = Fill::from_message(&m, "tom");
    assert_eq!(
        render(
            "Hi {first_name} ({author}), {order} on {channel} · {agent} for {brand}",
            &fill
        ),
        "Hi Ana (@ana@example.org), #NC39685 on Mastodon · tom for @novacafe@example.social"
    );
    let m = message(
        "Ma commande 48213 n'est jamais arrivée",
        Kind::Mention,
        None,
        None,
    );
    assert_eq!(Fill::from_message(&m, "x").order.as_deref(), Some("48213"));
}

#[test]
fn missing_or_unknown_placeholders_are_marked_never_a_panic() {
    let m = message("Hello", Kind::Mention, None, None);
    let fill = Fill::from_message(&m, "tom");
    assert_eq!(render("About {order}.", &fill), "About ⟨order?⟩.");
    assert_eq!(
        render("{coupon} {first_name}", &fill),
        "⟨unknown: coupon⟩ Ana"
    );
    assert_eq!(
        render("a { b } {} {{first_name}} {", &fill),
        "a { b } {} {Ana} {"
    );
    assert_eq!(render("", &fill), "");
    let empty = Fill::default();
    assert_eq!(render("{first_name}", &empty), "⟨first_name?⟩");
}

#[test]
fn the_shipped_templates_parse_and_follow_the_rules() {
    let all = shipped();
    assert!(all.len() >= 12);
    for lang in ["en", "fr"] {
        for s in [Situation::Complaint, Situation::Praise, Situation::Question] {
            assert!(
                all.iter().any(|t| t.lang == lang && t.fits.contains(&s)),
                "no {lang} template for {s:?}"
            );
        }
    }
    // Every one invites an answer.
    for t in &all {
        assert!(
            t.text.contains('?') || t.text.contains("reply") || t.text.contains("répondez"),
            "{}",
            t.name
        );
    }
}

#[test]
fn suggestions_fit_the_situation_and_the_language() {
    let all = shipped();
    let complaint = message(
        "Ma commande n'est jamais arrivée",
        Kind::Complaint,
        Some(SentimentLabel::Neg),
        Some("fr"),
    );
    let first = suggest(&all, &complaint, "")[0];
    assert_eq!(
        (
            first.lang.as_str(),
            first.fits.contains(&Situation::Complaint)
        ),
        ("fr", true)
    );
    let praise = message(
        "Thanks, lovely coffee!",
        Kind::Comment,
        Some(SentimentLabel::Pos),
        None,
    );
    let first = suggest(&all, &praise, "")[0];
    assert_eq!(
        (first.lang.as_str(), first.fits[0]),
        ("en", Situation::Praise)
    );
    let question = message(
        "Do you ship to Belgium?",
        Kind::Comment,
        Some(SentimentLabel::Neu),
        None,
    );
    assert_eq!(suggest(&all, &question, "")[0].fits[0], Situation::Question);
    // Typing filters, fuzzily.
    let refunds = suggest(&all, &complaint, "rembours");
    assert!(
        refunds[0].name.contains("Remboursement"),
        "{:?}",
        refunds[0].name
    );
    assert!(suggest(&all, &complaint, "zzzzqqq").is_empty());
}

#[test]
fn a_bad_templates_file_names_the_line_and_key() {
    let e = parse(
        "[[template]]\nname = 'x'\nlang = 'en'\nfits = ['angry']\ntext = 'hi'\n",
        Path::new("t.toml"),
    )
    .unwrap_err();
    assert!(e.contains("t.toml, line 4, key `template[0].fits"), "{e}");
}
