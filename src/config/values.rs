//! Config value types that validate themselves while parsing, so errors carry the key's line.

use serde::{Deserialize, Deserializer, de::Error};

/// A duration written like `90m`, `24h`, `7d`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfigDuration(jiff::SignedDuration);

impl ConfigDuration {
    pub fn secs(s: i64) -> Self {
        ConfigDuration(jiff::SignedDuration::from_secs(s))
    }
    pub fn minutes(m: i64) -> Self {
        ConfigDuration(jiff::SignedDuration::from_mins(m))
    }
    pub fn hours(h: i64) -> Self {
        ConfigDuration(jiff::SignedDuration::from_hours(h))
    }
    pub fn get(self) -> jiff::SignedDuration {
        self.0
    }
}

impl<'de> Deserialize<'de> for ConfigDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let v = crate::duration::parse(&s).map_err(D::Error::custom)?;
        if v.is_zero() {
            return Err(D::Error::custom("a duration must be longer than zero"));
        }
        Ok(ConfigDuration(v))
    }
}

/// A delay that may be zero, e.g. `undo_window = "0s"` to turn the window off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Delay(pub jiff::SignedDuration);

impl<'de> Deserialize<'de> for Delay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim() == "0" {
            return Ok(Delay(jiff::SignedDuration::ZERO));
        }
        crate::duration::parse(&s)
            .map(Delay)
            .map_err(D::Error::custom)
    }
}

/// An IANA time zone name that the tz database knows.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeZoneName(pub String);

impl Default for TimeZoneName {
    /// The machine's own zone, where business hours are most likely meant.
    fn default() -> Self {
        let system = jiff::tz::TimeZone::system();
        TimeZoneName(system.iana_name().unwrap_or("UTC").to_string())
    }
}

impl TimeZoneName {
    pub fn zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.0).unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

impl<'de> Deserialize<'de> for TimeZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        jiff::tz::TimeZone::get(&s).map_err(|_| {
            D::Error::custom(format!(
                "`{s}` is not a known time zone (e.g. Europe/Paris)"
            ))
        })?;
        Ok(TimeZoneName(s))
    }
}

/// A share between 0 and 1, e.g. `warn_at = 0.75`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fraction(pub f64);

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if !(v > 0.0 && v < 1.0) {
            return Err(D::Error::custom(format!(
                "{v} must lie strictly between 0 and 1"
            )));
        }
        Ok(Fraction(v))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const MONDAY_TO_FRIDAY: [Weekday; 5] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ];
}

/// Opening hours like `09:00-18:00`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BusinessHours {
    pub open: jiff::civil::Time,
    pub close: jiff::civil::Time,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            open: jiff::civil::time(9, 0, 0, 0),
            close: jiff::civil::time(18, 0, 0, 0),
        }
    }
}

impl<'de> Deserialize<'de> for BusinessHours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || D::Error::custom(format!("`{s}` is not a range of hours like 09:00-18:00"));
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let open: jiff::civil::Time = a.trim().parse().map_err(|_| bad())?;
        let close: jiff::civil::Time = b.trim().parse().map_err(|_| bad())?;
        if open >= close {
            return Err(D::Error::custom(format!("`{s}` closes before it opens")));
        }
        Ok(BusinessHours { open, close })
    }
}

/// A number of review stars, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stars(pub u8);

impl<'de> Deserialize<'de> for Stars {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match i64::deserialize(d)? {
            n @ 1..=5 => Ok(Stars(n as u8)),
            _ => Err(D::Error::custom("must be a number of stars from 1 to 5")),
        }
    }
}

/// A number greater than zero (a count of standard deviations).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Positive(pub f64);

impl<'de> Deserialize<'de> for Positive {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match f64::deserialize(d)? {
            v if v.is_finite() && v > 0.0 => Ok(Positive(v)),
            _ => Err(D::Error::custom("must be a positive number, like 3")),
        }
    }
}

/// A ratio of 1 or more (how many times its usual share).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lift(pub f64);

impl<'de> Deserialize<'de> for Lift {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match f64::deserialize(d)? {
            v if v.is_finite() && v >= 1.0 => Ok(Lift(v)),
            _ => Err(D::Error::custom(
                "must be 1 or more (1 ignores the share of negatives)",
            )),
        }
    }
}

/// The bad-buzz window: long enough to count a spike (10 s or more).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuzzWindow(pub ConfigDuration);

impl<'de> Deserialize<'de> for BuzzWindow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let window = ConfigDuration::deserialize(d)?;
        if window.get() < jiff::SignedDuration::from_secs(10) {
            return Err(D::Error::custom("must be at least 10s"));
        }
        Ok(BuzzWindow(window))
    }
}

/// The days of the week the team works: at least one.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessDays(pub Vec<Weekday>);

impl<'de> Deserialize<'de> for BusinessDays {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let days = Vec::<Weekday>::deserialize(d)?;
        if days.is_empty() {
            return Err(D::Error::custom(
                "must list at least one day, or business-time targets would never fall due",
            ));
        }
        Ok(BusinessDays(days))
    }
}
