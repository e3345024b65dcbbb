//! When a snoozed message comes back: in an hour, tomorrow or next week at the start of
//! business hours, or at a date or after a delay the agent types.

use crate::sla::Calendar;
use jiff::civil::{Date, DateTime, Weekday};
use jiff::{SignedDuration, Timestamp};

/// The choices offered by `z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    InAnHour,
    /// The next business day's opening.
    Tomorrow,
    /// The opening of the first business day of next week.
    NextWeek,
}

impl Choice {
    pub fn until(self, now: Timestamp, calendar: &Calendar) -> Timestamp {
        let today = calendar.date_of(now);
        let opening = |from: Option<Date>| {
            from.and_then(|d| calendar.opening_on_or_after(d))
                .unwrap_or(now + SignedDuration::from_hours(24))
        };
        match self {
            Choice::InAnHour => now + SignedDuration::from_hours(1),
            Choice::Tomorrow => opening(today.tomorrow().ok()),
            Choice::NextWeek => {
                let monday = today.nth_weekday(1, Weekday::Monday).ok();
                opening(monday)
            }
        }
    }
}

/// What the agent typed: a delay (`90m`, `2h`, `3d`, `1w`), a date (`2026-12-03`: that day's
/// opening, or the next business day's), or a date and time (`2026-12-03 14:00`, in the
/// team's time zone). It must be in the future.
pub fn parse(text: &str, now: Timestamp, calendar: &Calendar) -> Result<Timestamp, String> {
    let text = text.trim();
    let until = if let Some(delay) = crate::query::parse_age(text) {
        now + delay
    } else if let (true, Ok(at)) = (
        text.contains(':'),
        text.replace(' ', "T").parse::<DateTime>(),
    ) {
        calendar
            .time_zone()
            .to_timestamp(at)
            .map_err(|_| format!("{text} does not exist in the team's time zone."))?
    } else if let (false, Ok(day)) = (text.contains(':'), text.parse::<Date>()) {
        calendar
            .opening_on_or_after(day)
            .ok_or_else(|| format!("{day} has no business day after it."))?
    } else {
        return Err(format!(
            "“{text}” is not a delay (2h, 3d) nor a date (2026-12-03, or 2026-12-03 14:00)."
        ));
    };
    if until <= now {
        return Err("That time has passed; snooze until a later one.".into());
    }
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SlaConfig;

    /// Paris, Monday to Friday, 09:00–18:00 (the defaults).
    fn calendar() -> Calendar {
        Calendar::from_config(&SlaConfig {
            timezone: crate::config::values::TimeZoneName("Europe/Paris".into()),
            ..SlaConfig::default()
        })
    }

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_choices_land_on_business_openings() {
        let c = calendar();
        // Friday 27 November 2026, 16:30 in Paris.
        let now = at("2026-11-27T15:30:00Z");
        assert_eq!(Choice::InAnHour.until(now, &c), at("2026-11-27T16:30:00Z"));
        // Tomorrow is Saturday: Monday's opening.
        assert_eq!(Choice::Tomorrow.until(now, &c), at("2026-11-30T08:00:00Z"));
        assert_eq!(Choice::NextWeek.until(now, &c), at("2026-11-30T08:00:00Z"));
        // From a Monday, next week is the Monday after.
        let monday = at("2026-11-30T10:00:00Z");
        assert_eq!(
            Choice::Tomorrow.until(monday, &c),
            at("2026-12-01T08:00:00Z")
        );
        assert_eq!(
            Choice::NextWeek.until(monday, &c),
            at("2026-12-07T08:00:00Z")
        );
    }

    #[test]
    fn typed_delays_and_dates() {
        let c = calendar();
        let now = at("2026-11-27T15:30:00Z");
        assert_eq!(parse("2h", now, &c), Ok(at("2026-11-27T17:30:00Z")));
        assert_eq!(parse("2026-12-05", now, &c), Ok(at("2026-12-07T08:00:00Z")));
        assert_eq!(
            parse("2026-12-03 14:00", now, &c),
            Ok(at("2026-12-03T13:00:00Z"))
        );
        assert!(parse("2026-11-01", now, &c).unwrap_err().contains("passed"));
        assert!(parse("soon", now, &c).unwrap_err().contains("not a delay"));
    }
}
