//! The demo world: who writes, about what, in which mood and where, with bursts of criticism.

use super::compose::{self, Mood};
use super::metrics::MetricDrift;
use super::people::{self, Disposition, Person};
use super::phrases::Topic;
use crate::model::{Channel, Direction, Kind, Message, MetricSample, NewMessage};
use jiff::{SignedDuration, Timestamp};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const POPULATION: usize = 160;
/// Hourly metric history written on first start: 30 days, enough for every panel period.
const METRIC_HISTORY_HOURS: i64 = 30 * 24;

/// A run of criticism about one topic, arriving faster than usual.
struct Burst {
    topic: Topic,
    remaining: u32,
}

pub struct DemoWorld {
    rng: ChaCha8Rng,
    people: Vec<Person>,
    seq: u64,
    burst: Option<Burst>,
    drift: MetricDrift,
}

impl DemoWorld {
    /// A world for `seed`, resuming after `seq` messages already produced.
    pub fn new(seed: u64, seq: u64) -> DemoWorld {
        // The population depends on the seed only, so people stay the same across restarts.
        let mut people_rng = ChaCha8Rng::seed_from_u64(seed);
        let people = people::population(&mut people_rng, POPULATION);
        DemoWorld {
            rng: ChaCha8Rng::seed_from_u64(seed ^ seq.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            people,
            seq,
            burst: None,
            drift: MetricDrift::new(),
        }
    }

    /// How many messages this world has produced; the connector's cursor.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    pub fn in_burst(&self) -> bool {
        self.burst.is_some()
    }

    /// The pause before the next live message: `min..max`, much shorter during a burst.
    pub fn next_gap(&mut self, min: SignedDuration, max: SignedDuration) -> SignedDuration {
        if self.burst.is_some() {
            return SignedDuration::from_millis(self.rng.gen_range(200..900));
        }
        let (lo, hi) = (
            min.as_millis() as i64,
            max.as_millis().max(min.as_millis() + 1) as i64,
        );
        SignedDuration::from_millis(self.rng.gen_range(lo..hi))
    }

    /// The next inbound message, written at `at`.
    pub fn next_message(&mut self, at: Timestamp) -> NewMessage {
        self.next_inbound(at).0
    }

    /// The next inbound message and the mood it was written in.
    fn next_inbound(&mut self, at: Timestamp) -> (NewMessage, Mood) {
        self.maybe_start_burst();
        let person_index = self.rng.gen_range(0..self.people.len());
        let channel = {
            let p = &self.people[person_index];
            p.channels[self.rng.gen_range(0..p.channels.len())]
        };
        let (mood, topic) = match &mut self.burst {
            Some(b) => {
                b.remaining -= 1;
                let topic = b.topic;
                if b.remaining == 0 {
                    self.burst = None;
                }
                (Mood::Annoyed, topic)
            }
            None => (
                self.mood_of(self.people[person_index].disposition),
                Topic::ALL[self.rng.gen_range(0..Topic::ALL.len())],
            ),
        };
        (self.compose(person_index, channel, mood, topic, at), mood)
    }

    /// Messages and samples of the past `span` before `now`: inbound messages, some already
    /// answered by the brand, some followed up by their author; hourly metric samples.
    pub fn backlog(
        &mut self,
        now: Timestamp,
        count: u32,
        span: SignedDuration,
    ) -> (Vec<NewMessage>, Vec<MetricSample>) {
        let out = self.backlog_messages(now, count, span);
        let mut samples = Vec::new();
        for h in (0..=METRIC_HISTORY_HOURS).rev() {
            samples.extend(self.drift.sample(
                &mut self.rng,
                now - SignedDuration::from_hours(h),
                1.0,
            ));
        }
        (out, samples)
    }

    /// The messages of `backlog` alone (the audience figures do not move).
    pub fn backlog_messages(
        &mut self,
        now: Timestamp,
        count: u32,
        span: SignedDuration,
    ) -> Vec<NewMessage> {
        let span_ms = span.as_millis() as i64;
        let mut times: Vec<i64> = (0..count).map(|_| self.rng.gen_range(0..span_ms)).collect();
        times.sort_unstable_by(|a, b| b.cmp(a));
        let mut out = Vec::new();
        for back in times {
            let at = now - SignedDuration::from_millis(back);
            let (inbound, mood) = self.next_inbound(at);
            let waited = SignedDuration::from_millis(back);
            // Teams answer most of what is old; the recent part of the backlog still waits.
            let answer_share = match waited.as_hours() {
                0 => 0.0,
                1..=5 => 0.6,
                6..=23 => 0.85,
                _ => 0.95,
            };
            let answered = self.rng.gen_bool(answer_share);
            let original = inbound.clone();
            out.push(inbound);
            if answered {
                let delay = SignedDuration::from_secs(
                    self.rng
                        .gen_range(120..(waited.as_secs() * 9 / 10).max(121)),
                );
                let reply = self.brand_reply(&original, mood, original.created_at + delay);
                let later = reply.created_at + SignedDuration::from_mins(self.rng.gen_range(5..60));
                let follows = original.channel != Channel::GoogleReviews
                    && later < now
                    && self.rng.gen_bool(0.25);
                let reply_id = reply.external_id.clone();
                out.push(reply);
                if follows {
                    let follow = self.follow_up_to(&original, &reply_id, later);
                    // Old follow-ups were mostly answered too.
                    let waited = now.duration_since(later);
                    if waited > SignedDuration::from_hours(2) && self.rng.gen_bool(0.85) {
                        let at = later
                            + SignedDuration::from_secs(
                                self.rng.gen_range(60..waited.as_secs().max(61)),
                            );
                        out.push(self.brand_reply(&follow, Mood::Pleased, at));
                    }
                    out.push(follow);
                }
            }
        }
        out.sort_by_key(|m| m.created_at);
        out
    }

    /// Live metric readings, `hours` after the previous ones.
    pub fn samples(&mut self, at: Timestamp, hours: f64) -> Vec<MetricSample> {
        self.drift.sample(&mut self.rng, at, hours)
    }

    /// Sometimes the customer answers the brand's reply: thanks, or still upset.
    pub fn follow_up(
        &mut self,
        original: &Message,
        reply_external_id: &str,
        at: Timestamp,
    ) -> Option<NewMessage> {
        if !self.rng.gen_bool(0.4) {
            return None;
        }
        let as_new = NewMessage {
            channel: original.channel,
            account: original.account.clone(),
            external_id: original.external_id.clone(),
            kind: original.kind,
            direction: original.direction,
            author: original.author.clone(),
            text: original.text.clone(),
            created_at: original.created_at,
            rating: original.rating,
            in_reply_to: original.in_reply_to.clone(),
            url: original.url.clone(),
            lang: original.lang.clone(),
        };
        Some(self.follow_up_to(&as_new, reply_external_id, at))
    }

    fn follow_up_to(
        &mut self,
        original: &NewMessage,
        reply_external_id: &str,
        at: Timestamp,
    ) -> NewMessage {
        let french = original.lang.as_deref() == Some("fr") || looks_french(&original.text);
        let bank = compose::bank(french);
        let upset = original.rating.is_some_and(|r| r <= 2) || self.rng.gen_bool(0.3);
        let lines = if upset {
            bank.still_upset_after_reply
        } else {
            bank.thanks_after_reply
        };
        let line = compose::pick(&mut self.rng, lines);
        let text = compose::fill_slots(&mut self.rng, french, line);
        let kind = if original.kind == Kind::Review {
            Kind::Comment
        } else {
            original.kind
        };
        NewMessage {
            external_id: self.next_id(),
            kind,
            text,
            created_at: at,
            rating: None,
            in_reply_to: Some(reply_external_id.to_string()),
            url: None,
            ..original.clone()
        }
    }

    fn brand_reply(&mut self, to: &NewMessage, mood: Mood, at: Timestamp) -> NewMessage {
        let french = to.lang.as_deref() == Some("fr") || looks_french(&to.text);
        let first = to
            .author
            .name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
            .unwrap_or("");
        NewMessage {
            external_id: self.next_id(),
            direction: Direction::Outbound,
            author: brand_author(to.channel),
            text: compose::brand_reply(&mut self.rng, french, first, mood),
            created_at: at,
            rating: None,
            in_reply_to: Some(to.external_id.clone()),
            url: None,
            ..to.clone()
        }
    }

    fn maybe_start_burst(&mut self) {
        if self.burst.is_none() && self.rng.gen_bool(0.002) {
            self.burst = Some(Burst {
                topic: Topic::ALL[self.rng.gen_range(0..Topic::ALL.len())],
                remaining: self.rng.gen_range(12..30),
            });
        }
    }

    fn mood_of(&mut self, d: Disposition) -> Mood {
        let (pleased, curious) = match d {
            Disposition::Promoter => (0.65, 0.25),
            Disposition::Neutral => (0.30, 0.45),
            Disposition::Detractor => (0.10, 0.30),
        };
        let x: f64 = self.rng.r#gen();
        if x < pleased {
            Mood::Pleased
        } else if x < pleased + curious {
            Mood::Curious
        } else {
            Mood::Annoyed
        }
    }

    fn compose(
        &mut self,
        person: usize,
        channel: Channel,
        mood: Mood,
        topic: Topic,
        at: Timestamp,
    ) -> NewMessage {
        let french = self.people[person].french;
        let (kind, rating, mood) = self.kind_for(channel, mood);
        let text = compose::body(&mut self.rng, french, mood, topic);
        let external_id = self.next_id();
        let author = self.people[person].author_on(channel);
        NewMessage {
            channel,
            account: brand_account(channel).to_string(),
            url: Some(post_url(channel, &external_id)),
            external_id,
            kind,
            direction: Direction::Inbound,
            author,
            text,
            created_at: at,
            rating,
            in_reply_to: None,
            // Only the fediverse and Bluesky tell the language of a post.
            lang: matches!(channel, Channel::Mastodon | Channel::Bluesky)
                .then(|| if french { "fr" } else { "en" }.to_string()),
        }
    }

    /// The kind a message takes on a network, and a star rating for reviews.
    fn kind_for(&mut self, channel: Channel, mood: Mood) -> (Kind, Option<u8>, Mood) {
        if channel == Channel::GoogleReviews {
            let (rating, mood) = match mood {
                Mood::Pleased => (self.rng.gen_range(4..=5), Mood::Pleased),
                Mood::Annoyed => (self.rng.gen_range(1..=2), Mood::Annoyed),
                _ => (3, Mood::Mixed),
            };
            return (Kind::Review, Some(rating), mood);
        }
        let x = self.rng.gen_range(0..100);
        let kind = match (mood, x) {
            (Mood::Annoyed, 0..=29) => Kind::Complaint,
            (_, 0..=39) => Kind::Comment,
            (_, 40..=79) => Kind::Mention,
            _ if channel == Channel::Bluesky => Kind::Mention,
            _ => Kind::Direct,
        };
        (kind, None, mood)
    }

    fn next_id(&mut self) -> String {
        self.seq += 1;
        format!("demo-{}", self.seq)
    }
}

/// The brand's own account on each network.
pub fn brand_account(channel: Channel) -> &'static str {
    match channel {
        Channel::Mastodon => "@novacafe@mastodon.social",
        Channel::Bluesky => "novacafe.bsky.social",
        Channel::Facebook => "Nova Café",
        Channel::Instagram => "@novacafe",
        Channel::GoogleReviews => "Nova Café Lyon",
    }
}

pub fn brand_author(channel: Channel) -> crate::model::Author {
    crate::model::Author {
        handle: brand_account(channel).to_string(),
        name: Some("Nova Café".into()),
        followers: None,
    }
}

fn post_url(channel: Channel, id: &str) -> String {
    match channel {
        Channel::Mastodon => format!("https://mastodon.social/@novacafe/{id}"),
        Channel::Bluesky => format!("https://bsky.app/profile/novacafe.bsky.social/post/{id}"),
        Channel::Facebook => format!("https://www.facebook.com/novacafe/posts/{id}"),
        Channel::Instagram => format!("https://www.instagram.com/p/{id}/"),
        Channel::GoogleReviews => format!("https://maps.google.com/?cid=novacafe&review={id}"),
    }
}

/// Facebook and Instagram do not tell the language; the demo knows it from the words.
fn looks_french(text: &str) -> bool {
    const MARKERS: &[&str] = &[
        " je ", " vous ", " le ", " la ", "merci", " est ", "bonjour", " pas ",
    ];
    let t = format!(" {} ", text.to_lowercase());
    MARKERS.iter().filter(|m| t.contains(*m)).count() >= 2
}
