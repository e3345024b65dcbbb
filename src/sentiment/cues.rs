//! Complaint and urgency cues: flagged apart from the tone, because "my bag never arrived" is
//! a complaint even without a negative word.

/// A set of cues, one bit each.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Urgency(u8);

impl Urgency {
    pub const REFUND: Urgency = Urgency(1);
    pub const SCAM: Urgency = Urgency(1 << 1);
    pub const LEGAL: Urgency = Urgency(1 << 2);
    pub const NOT_RECEIVED: Urgency = Urgency(1 << 3);
    pub const CANCEL: Urgency = Urgency(1 << 4);
    pub const DOUBLE_CHARGE: Urgency = Urgency(1 << 5);
    pub const STILL_WAITING: Urgency = Urgency(1 << 6);

    const NAMES: [(Urgency, &'static str); 7] = [
        (Urgency::REFUND, "refund"),
        (Urgency::SCAM, "scam"),
        (Urgency::LEGAL, "legal"),
        (Urgency::NOT_RECEIVED, "not_received"),
        (Urgency::CANCEL, "cancel"),
        (Urgency::DOUBLE_CHARGE, "double_charge"),
        (Urgency::STILL_WAITING, "still_waiting"),
    ];

    pub fn from_name(name: &str) -> Option<Urgency> {
        Urgency::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(u, _)| *u)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, other: Urgency) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    pub fn insert(&mut self, other: Urgency) {
        self.0 |= other.0;
    }

    pub fn count(self) -> u32 {
        self.0.count_ones()
    }

    /// The names of the cues present, e.g. `["refund", "still_waiting"]`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Urgency::NAMES
            .into_iter()
            .filter(move |(u, _)| self.contains(*u))
            .map(|(_, n)| n)
    }
}
