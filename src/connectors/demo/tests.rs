//! The demo source: reproducible, varied in both languages, with bursts and a backlog.

use super::DemoWorld;
use crate::model::{Channel, Direction, Kind};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashSet;

fn at() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

#[test]
fn the_same_seed_gives_the_same_stream() {
    let mut a = DemoWorld::new(7, 0);
    let mut b = DemoWorld::new(7, 0);
    for _ in 0..50 {
        assert_eq!(a.next_message(at()), b.next_message(at()));
    }
    let mut c = DemoWorld::new(8, 0);
    let differs = (0..20).any(|_| a.next_message(at()).text != c.next_message(at()).text);
    assert!(differs);
}

#[test]
fn the_stream_is_varied_in_both_languages_on_every_network() {
    let mut w = DemoWorld::new(11, 0);
    let messages: Vec<_> = (0..3000).map(|_| w.next_message(at())).collect();
    let texts: HashSet<_> = messages.iter().map(|m| m.text.as_str()).collect();
    assert!(texts.len() > 1500, "only {} distinct texts", texts.len());
    let words: HashSet<_> = messages
        .iter()
        .flat_map(|m| m.text.split_whitespace())
        .collect();
    assert!(words.len() > 600, "only {} distinct words", words.len());
    for channel in Channel::ALL {
        assert!(
            messages.iter().any(|m| m.channel == channel),
            "{channel} missing"
        );
    }
    for kind in Kind::ALL {
        assert!(messages.iter().any(|m| m.kind == kind), "{kind:?} missing");
    }
    assert!(messages.iter().any(|m| m.lang.as_deref() == Some("fr")));
    assert!(messages.iter().any(|m| m.lang.as_deref() == Some("en")));
    let reviews: Vec<_> = messages.iter().filter_map(|m| m.rating).collect();
    assert!(
        (1..=5).all(|r| reviews.contains(&r)),
        "every star rating appears"
    );
    let authors: HashSet<_> = messages.iter().map(|m| m.author.name.clone()).collect();
    assert!(authors.len() < 170, "authors recur: {}", authors.len());
    let audiences: Vec<_> = messages.iter().filter_map(|m| m.author.followers).collect();
    assert!(audiences.iter().any(|&f| f < 500) && audiences.iter().any(|&f| f > 20_000));
}

#[test]
fn bursts_of_criticism_happen_and_end() {
    let mut w = DemoWorld::new(3, 0);
    let mut bursts = 0;
    let mut was = false;
    for _ in 0..5000 {
        w.next_message(at());
        if w.in_burst() && !was {
            bursts += 1;
        }
        was = w.in_burst();
    }
    assert!(bursts >= 5, "{bursts} bursts in 5000 messages");
}

#[test]
fn the_backlog_holds_answered_threads_and_a_month_of_samples() {
    let mut w = DemoWorld::new(7, 0);
    let (messages, samples) = w.backlog(at(), 300, SignedDuration::from_hours(72));
    let inbound = messages
        .iter()
        .filter(|m| m.direction == Direction::Inbound)
        .count();
    let replies: Vec<_> = messages
        .iter()
        .filter(|m| m.direction == Direction::Outbound)
        .collect();
    assert!(inbound >= 300);
    assert!(replies.len() > 150, "{} replies", replies.len());
    let ids: HashSet<_> = messages.iter().map(|m| m.external_id.as_str()).collect();
    assert_eq!(ids.len(), messages.len(), "external ids are unique");
    for r in replies {
        let parent = r.in_reply_to.as_deref().unwrap();
        let p = messages.iter().find(|m| m.external_id == parent).unwrap();
        assert!(p.created_at < r.created_at && r.created_at <= at());
    }
    assert!(
        messages
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at)
    );
    let span = samples.last().unwrap().at - samples.first().unwrap().at;
    assert!(span >= SignedDuration::from_hours(24 * 30));
}

#[test]
fn a_resumed_world_does_not_reuse_ids() {
    let mut w = DemoWorld::new(5, 0);
    let first = w.next_message(at());
    let resumed_at = w.seq();
    let mut again = DemoWorld::new(5, resumed_at);
    assert_ne!(again.next_message(at()).external_id, first.external_id);
}
