//! Reviews read into messages, from the shape Google documents for `reviews.list`.

use super::*;

const LIST: &str = r#"{
  "reviews": [
    {"name":"accounts/1/locations/2/reviews/r1","reviewId":"r1",
     "reviewer":{"displayName":"Paula M.","profilePhotoUrl":"https://x/p.jpg","isAnonymous":false},
     "starRating":"TWO","comment":"Cold coffee and a long wait.",
     "createTime":"2026-11-18T09:00:00Z","updateTime":"2026-11-20T08:00:00.123Z",
     "reviewReply":{"comment":"Sorry Paula, we are on it.","updateTime":"2026-11-20T09:00:00Z"}},
    {"name":"accounts/1/locations/2/reviews/r2","reviewId":"r2",
     "reviewer":{"isAnonymous":true},"starRating":"FIVE",
     "createTime":"2026-11-19T10:00:00Z","updateTime":"2026-11-19T10:00:00Z"},
    {"name":"accounts/1/locations/2/reviews/r3","reviewId":"r3","starRating":"STAR_RATING_UNSPECIFIED_NEW",
     "comment":"ok","createTime":"2026-11-19T11:00:00Z","updateTime":"2026-11-19T11:00:00Z","unknownField":1},
    {"name":"accounts/1/locations/2/reviews/r4","comment":"no id"}
  ],
  "averageRating": 3.5, "totalReviewCount": 4, "nextPageToken": "page-2"
}"#;

fn list() -> api::ReviewList {
    serde_json::from_str(LIST).unwrap()
}

#[test]
fn reviews_read_with_stars_authors_and_the_owners_reply() {
    let list = list();
    assert_eq!(list.next_page_token.as_deref(), Some("page-2"));
    let messages = reviews_to_messages(&list.reviews, "Nova Café", None);
    // r1, its reply, r2, r3; r4 has no id and is skipped. On a first start the change made
    // to r1 before tribune saw it is not news.
    assert_eq!(messages.len(), 4);
    let r1 = &messages[0];
    assert_eq!((r1.external_id.as_str(), r1.rating), ("r1", Some(2)));
    assert_eq!(r1.kind, Kind::Review);
    assert_eq!(r1.author.name.as_deref(), Some("Paula M."));
    assert_eq!(r1.text, "Cold coffee and a long wait.");
    let reply = &messages[1];
    assert_eq!(reply.direction, Direction::Outbound);
    assert_eq!(reply.in_reply_to.as_deref(), Some("r1"));
    assert_eq!(reply.external_id, "r1/reply@2026-11-20T09:00:00Z");
    // A rating with no text, from an anonymous reviewer; an unknown rating value.
    assert_eq!(
        (messages[2].rating, messages[2].text.as_str()),
        (Some(5), "")
    );
    assert_eq!(messages[2].author.name.as_deref(), Some("A Google user"));
    assert_eq!(messages[3].rating, None);
}

#[test]
fn a_review_changed_since_the_last_poll_is_the_customer_speaking_again() {
    let since: Timestamp = "2026-11-19T12:00:00Z".parse().unwrap();
    let messages = reviews_to_messages(&list().reviews, "Nova Café", Some(since));
    let update = messages
        .iter()
        .find(|m| m.external_id.starts_with("r1@"))
        .expect("r1's change is a message");
    assert_eq!(update.direction, Direction::Inbound);
    assert_eq!(update.in_reply_to.as_deref(), Some("r1"));
    assert_eq!(
        update.created_at,
        "2026-11-20T08:00:00.123Z".parse::<Timestamp>().unwrap()
    );
    // The owner's reply came after the change: it answers the change.
    let reply = messages
        .iter()
        .find(|m| m.direction == Direction::Outbound)
        .unwrap();
    assert_eq!(
        reply.in_reply_to.as_deref(),
        Some(update.external_id.as_str())
    );
    // r2 was never changed: one message.
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.external_id.starts_with("r2"))
            .count(),
        1
    );
}
