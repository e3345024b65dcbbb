//! Timestamps as integer milliseconds in the store: compact, and readable by any serde format
//! (postcard cannot carry jiff's string form without a self-describing format).

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    t.as_millisecond().serialize(s)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    let ms = i64::deserialize(d)?;
    Timestamp::from_millisecond(ms).map_err(serde::de::Error::custom)
}

pub(crate) mod option {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        t.map(|t| t.as_millisecond()).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Timestamp>, D::Error> {
        match Option::<i64>::deserialize(d)? {
            None => Ok(None),
            Some(ms) => Timestamp::from_millisecond(ms)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}
