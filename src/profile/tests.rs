//! A person's profile: tags from audience, tone and the agents' marks.

use super::*;
use crate::model::testing::{inbound, labelled};

fn at(day: i64) -> Timestamp {
    Timestamp::from_second(1_800_057_600 + day * 86_400).unwrap()
}

#[test]
fn tags_follow_audience_tone_and_the_agents_mark() {
    let mut a = labelled(
        inbound(1, Channel::Instagram, at(0), "bad"),
        SentimentLabel::Neg,
    );
    a.author.handle = "@ana_martin".into();
    a.author.followers = Some(12_000);
    let mut b = labelled(
        inbound(2, Channel::Bluesky, at(7), "worse"),
        SentimentLabel::Neg,
    );
    b.author.handle = "ana.martin.bsky.social".into();
    b.author.followers = Some(300);
    let mut c = labelled(
        inbound(3, Channel::Bluesky, at(14), "ok"),
        SentimentLabel::Pos,
    );
    c.author.handle = "ana.martin.bsky.social".into();
    let messages = [a, b, c];
    let vip = PersonRecord {
        vip: true,
        ..PersonRecord::default()
    };
    let p = build(
        "anamartin",
        messages.iter(),
        &Links::new(),
        Some(&vip),
        10_000,
        at(28),
    );
    assert_eq!(p.tags, vec![Tag::Vip, Tag::Influencer, Tag::Detractor]);
    assert_eq!(p.handles.len(), 2);
    assert_eq!(p.audience, Some(12_000));
    assert_eq!(p.messages, 3);
    // Three messages over four weeks.
    assert_eq!(p.per_week, 0.75);
    assert_eq!(
        (p.first_contact, p.last_contact),
        (Some(at(0)), Some(at(14)))
    );
    let q = build(
        "anamartin",
        messages.iter(),
        &Links::new(),
        None,
        50_000,
        at(28),
    );
    assert_eq!(q.tags, vec![Tag::Detractor]);
}
