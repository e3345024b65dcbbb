//! Facebook comment listings read from the recorded answers (the shared fixtures, where they
//! are here) and from the shapes Meta documents.

use super::*;

fn fixture(name: &str) -> Option<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures/meta/facebook")
        .join(name);
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipped: ../shared/fixtures/meta is not here");
            None
        }
    }
}

#[test]
fn a_recorded_listing_of_two_pages_reads_whole_with_replies_linked() {
    let (Some(p1), Some(p2)) = (fixture("comments_p1.json"), fixture("comments_p2.json")) else {
        return;
    };
    let first: Listing<Comment> = serde_json::from_str(&p1).unwrap();
    let second: Listing<Comment> = serde_json::from_str(&p2).unwrap();
    assert_eq!(first.after(), Some("after"), "a next page is announced");
    assert_eq!(second.after(), None, "the last page has no next");
    let all: Vec<Comment> = first.data.into_iter().chain(second.data).collect();
    let (messages, skipped) = comments_to_messages(&all, "19292868552", "Brand");
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(messages.len(), 15);
    let first = &messages[0];
    // No id is given to this app: the permalink's is used, as the Graph API spells ids.
    assert_eq!(first.external_id, "10158407654328553_10158407835073553");
    assert_eq!(first.direction, Direction::Inbound);
    assert_eq!(first.kind, Kind::Comment);
    assert_eq!(first.channel, Channel::Facebook);
    assert_eq!(
        first.created_at,
        "2021-08-10T18:45:03Z".parse::<jiff::Timestamp>().unwrap()
    );
    assert!(first.text.starts_with("Boa noite"));
    // Replies (flattened in by filter=stream) answer their comment.
    let replies: Vec<&NewMessage> = messages
        .iter()
        .filter(|m| m.in_reply_to.is_some())
        .collect();
    assert_eq!(replies.len(), 5);
    for r in replies {
        let parent = r.in_reply_to.as_deref().unwrap();
        assert!(parent.starts_with("10158407654328553_"), "{parent}");
        assert_ne!(parent, r.external_id);
    }
}

#[test]
fn a_single_comment_with_its_id_and_the_pages_own_replies() {
    let Some(one) = fixture("comment_info.json") else {
        return;
    };
    let c: Comment = serde_json::from_str(&one).unwrap();
    let (messages, _) = comments_to_messages(&[c], "19292868552", "Brand");
    assert_eq!(
        messages[0].external_id,
        "10158371815748553_10158371930463553"
    );
    assert_eq!(messages[0].text, "This is really nice");

    let listing: Listing<Comment> = serde_json::from_str(
        r#"{"data":[
            {"id":"1_2","message":"Where is my order?","created_time":"2026-11-20T09:00:00+0000","from":{"id":"77","name":"Paula"},"like_count":3,"is_hidden":false,"attachment":{"type":"photo"}},
            {"id":"1_3","message":"We are on it","created_time":"2026-11-20T09:05:00+0100","from":{"id":"19292868552","name":"Brand"},"parent":{"id":"1_2","created_time":"x"}},
            {"id":"1_4","message":"no time"},
            {"message":"no id at all","created_time":"2026-11-20T09:00:00+0000"},
            {"id":"1_5","created_time":"2026-11-20T09:10:00+0000","from":{"id":"78"}}
        ],"paging":{"cursors":{"before":"b","after":"a"}},"summary":{"order":"chronological","total_count":5}}"#,
    )
    .unwrap();
    assert_eq!(listing.after(), None, "no next: this is the last page");
    let (messages, skipped) = comments_to_messages(&listing.data, "19292868552", "Brand");
    assert_eq!(
        skipped,
        vec![Skipped::NoTime("1_4".into()), Skipped::NoId],
        "malformed items are skipped, the rest kept"
    );
    assert_eq!(messages.len(), 3);
    assert_eq!(messages[0].author.name.as_deref(), Some("Paula"));
    assert_eq!(messages[0].author.handle, "77");
    let reply = &messages[1];
    assert_eq!(
        reply.direction,
        Direction::Outbound,
        "the Page's own comment"
    );
    assert_eq!(reply.in_reply_to.as_deref(), Some("1_2"));
    assert_eq!(
        reply.created_at,
        "2026-11-20T08:05:00Z".parse::<jiff::Timestamp>().unwrap()
    );
    // A comment with only a sticker or a photo has no text; it is still a comment.
    assert_eq!(messages[2].text, "");
    assert_eq!(messages[2].author.name.as_deref(), Some("A Facebook user"));
}

#[test]
fn permalinks_give_ids_only_when_they_carry_them() {
    assert_eq!(
        ids_from_permalink(
            "https://www.facebook.com/1/posts/22/?comment_id=33&reply_comment_id=44"
        ),
        Some(("22_44".into(), Some("22_33".into())))
    );
    assert_eq!(
        ids_from_permalink("https://www.facebook.com/1/posts/22?comment_id=33"),
        Some(("22_33".into(), None))
    );
    assert_eq!(
        ids_from_permalink("https://www.facebook.com/1/posts/22/"),
        None
    );
    assert_eq!(
        ids_from_permalink("https://www.facebook.com/1/posts/22/?comment_id=3%263"),
        None
    );
    assert_eq!(parse_time("not a time"), None);
}
