//! The demo's vocabulary: sentence parts that combine into thousands of distinct messages.
//! Slots in braces are filled by the composer: {product} {order} {days} {weekday} {staff}
//! {city} {amount} {brand} {hours}.

/// What a message is about; bursts of criticism pick one topic and stay on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Topic {
    Delivery,
    Product,
    Billing,
    App,
    Staff,
    Shop,
    Subscription,
}

impl Topic {
    pub(super) const ALL: [Topic; 7] = [
        Topic::Delivery,
        Topic::Product,
        Topic::Billing,
        Topic::App,
        Topic::Staff,
        Topic::Shop,
        Topic::Subscription,
    ];
}

/// One language's phrase bank.
pub(super) struct Phrases {
    pub greetings: &'static [&'static str],
    pub praise: fn(Topic) -> &'static [&'static str],
    pub criticism: fn(Topic) -> &'static [&'static str],
    pub questions: fn(Topic) -> &'static [&'static str],
    pub neutral: &'static [&'static str],
    pub criticism_details: &'static [&'static str],
    pub urgency: &'static [&'static str],
    pub praise_closers: &'static [&'static str],
    pub question_closers: &'static [&'static str],
    pub mixed_joiners: &'static [&'static str],
    pub thanks_after_reply: &'static [&'static str],
    pub still_upset_after_reply: &'static [&'static str],
    pub products: &'static [&'static str],
    pub weekdays: &'static [&'static str],
}

pub(super) const POSITIVE_EMOJI: &[&str] = &[
    "😍", "👍", "🙏", "☕", "❤️", "✨", "😊", ":)", "🥰", "👏", "💯",
];
pub(super) const NEGATIVE_EMOJI: &[&str] = &["😡", "😤", "👎", ":(", "🤬", "😞", "🙄", "💸", "😠"];
pub(super) const NEUTRAL_EMOJI: &[&str] = &["🤔", "☕", "📦", "🙂", "👀"];
pub(super) const STAFF: &[&str] = &[
    "Léa", "Karim", "Sophie", "Tom", "Inès", "Hugo", "Maya", "Jules",
];
pub(super) const CITIES: &[&str] = &[
    "Lyon",
    "Paris",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Montréal",
    "Bruxelles",
    "Genève",
];

pub(super) mod en;
pub(super) mod fr;
