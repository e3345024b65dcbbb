//! Building a `NewMessage` by saying only what matters — for tests, tools and importers: an
//! inbound or outbound message with plain defaults (a comment to `brand` from `@someone`, no
//! audience, rating, reply or language), then what differs.

use super::{Author, Channel, Direction, Kind, NewMessage};
use jiff::Timestamp;

impl NewMessage {
    /// A comment to the brand from `@someone`, written at `at`.
    pub fn inbound(channel: Channel, external_id: &str, text: &str, at: Timestamp) -> NewMessage {
        NewMessage {
            channel,
            account: "brand".into(),
            external_id: external_id.into(),
            kind: Kind::Comment,
            direction: Direction::Inbound,
            author: Author {
                handle: "@someone".into(),
                name: None,
                followers: None,
            },
            text: text.into(),
            created_at: at,
            rating: None,
            in_reply_to: None,
            url: None,
            lang: None,
        }
    }

    /// The brand's reply to `in_reply_to`, written at `at`.
    pub fn outbound(
        channel: Channel,
        external_id: &str,
        in_reply_to: &str,
        text: &str,
        at: Timestamp,
    ) -> NewMessage {
        let mut m = NewMessage::inbound(channel, external_id, text, at);
        m.direction = Direction::Outbound;
        m.author.handle = "brand".into();
        m.in_reply_to = Some(in_reply_to.into());
        m
    }

    pub fn account(mut self, account: &str) -> Self {
        self.account = account.into();
        self
    }

    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Written by `handle`, followed by `followers` people when the network says.
    pub fn by(mut self, handle: &str, followers: Option<u64>) -> Self {
        self.author.handle = handle.into();
        self.author.followers = followers;
        self
    }

    pub fn named(mut self, name: &str) -> Self {
        self.author.name = Some(name.into());
        self
    }

    pub fn rating(mut self, stars: Option<u8>) -> Self {
        self.rating = stars;
        self
    }

    pub fn replying_to(mut self, external_id: &str) -> Self {
        self.in_reply_to = Some(external_id.into());
        self
    }

    pub fn lang(mut self, lang: &str) -> Self {
        self.lang = Some(lang.into());
        self
    }
}
