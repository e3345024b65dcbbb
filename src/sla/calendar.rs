//! Business time: the open hours of business days in the team's time zone, holidays off.
//! Instants are turned into local dates and hours through the tz database (jiff), so a day
//! on which the clocks change is as long as it really is.

use crate::config::{SlaConfig, values::Weekday};
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeSet;

/// How far ahead a deadline is looked for: beyond it, a target counts as never due (only a
/// calendar without any open day gets there).
const HORIZON_DAYS: usize = 3 * 366;
/// Days counted exactly at each end of a long span.
const EXACT_DAYS: i64 = 28;

/// Days before and after today whose open hours are worked out once, when the calendar is
/// made: the schedules of tens of thousands of waiting messages at start then look them up
/// rather than asking the tz database twice a day each.
const KNOWN_DAYS: i64 = 400;

#[derive(Debug, Clone)]
pub struct Calendar {
    tz: TimeZone,
    /// Open days, Monday first.
    days: [bool; 7],
    open: Time,
    close: Time,
    holidays: BTreeSet<Date>,
    /// The open hours of the days from `known_from` on, as `day_hours` gives them.
    known_from: Date,
    known: Vec<Option<(Timestamp, Timestamp)>>,
}

impl Calendar {
    pub fn from_config(sla: &SlaConfig) -> Calendar {
        let mut days = [false; 7];
        for d in &sla.business_days.0 {
            days[weekday_index(*d)] = true;
        }
        let mut calendar = Calendar {
            tz: sla.timezone.zone(),
            days,
            open: sla.business_hours.open,
            close: sla.business_hours.close,
            holidays: sla.holidays.iter().copied().collect(),
            known_from: Date::MIN,
            known: Vec::new(),
        };
        calendar.work_out_known_days();
        calendar
    }

    /// Works out the open hours of the days around today (see `KNOWN_DAYS`).
    fn work_out_known_days(&mut self) {
        let today = self.local_date(Timestamp::now());
        if let Ok(first) = today.checked_sub(jiff::Span::new().days(KNOWN_DAYS)) {
            self.known = first
                .series(jiff::Span::new().days(1))
                .take(2 * KNOWN_DAYS as usize)
                .map(|day| self.day_hours(day))
                .collect();
            self.known_from = first;
        }
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The instants a day opens and closes, or None on a day off.
    fn hours_of(&self, day: Date) -> Option<(Timestamp, Timestamp)> {
        let offset = self.known_from.duration_until(day).as_secs() / (24 * 3600);
        match usize::try_from(offset).ok().and_then(|i| self.known.get(i)) {
            Some(hours) => *hours,
            None => self.day_hours(day),
        }
    }

    fn day_hours(&self, day: Date) -> Option<(Timestamp, Timestamp)> {
        let weekday = day.weekday().to_monday_zero_offset() as usize;
        if !self.days[weekday] || self.holidays.contains(&day) {
            return None;
        }
        // An hour the clocks skip resolves to the instant after the gap.
        let at = |t: Time| self.tz.to_timestamp(day.to_datetime(t)).ok();
        Some((at(self.open)?, at(self.close)?))
    }

    fn local_date(&self, t: Timestamp) -> Date {
        self.tz.to_datetime(t).date()
    }

    /// The instant business opens on `day`, or on the first business day after it.
    pub fn opening_on_or_after(&self, day: Date) -> Option<Timestamp> {
        day.series(jiff::Span::new().days(1))
            .take(HORIZON_DAYS)
            .find_map(|d| self.hours_of(d).map(|(open, _)| open))
    }

    /// The day `t` falls on, in the team's time zone.
    pub fn date_of(&self, t: Timestamp) -> Date {
        self.local_date(t)
    }

    /// The instant `amount` of business time after `start`.
    pub fn add(&self, start: Timestamp, amount: SignedDuration) -> Timestamp {
        let mut left = amount;
        let mut day = self.local_date(start);
        for _ in 0..HORIZON_DAYS {
            if let Some((open, close)) = self.hours_of(day) {
                let from = open.max(start);
                if from < close {
                    let available = close.duration_since(from);
                    if left <= available {
                        return from + left;
                    }
                    left -= available;
                }
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        Timestamp::MAX
    }

    /// Business time from `from` to `to`; negative when `to` comes first.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        if to < from {
            return -self.between(to, from);
        }
        // A span of months (an old message never answered) is counted day by day only at
        // its ends; the whole weeks in the middle count as ordinary weeks, so a countdown
        // refreshed every second stays cheap. Holidays and clock changes there are ignored.
        let (first, last) = (self.local_date(from), self.local_date(to));
        let days = first.until(last).map(|s| s.get_days() as i64).unwrap_or(0);
        if days > 2 * EXACT_DAYS + 14 {
            let weeks = (days - 2 * EXACT_DAYS) / 7;
            let middle = first.checked_add(jiff::Span::new().days(EXACT_DAYS)).ok();
            let resume = middle.and_then(|m| m.checked_add(jiff::Span::new().days(weeks * 7)).ok());
            if let (Some(middle), Some(resume)) = (middle, resume) {
                let at = |d: Date| self.tz.to_timestamp(d.to_datetime(Time::midnight())).ok();
                if let (Some(m), Some(r)) = (at(middle), at(resume)) {
                    return self.between_days(from, m)
                        + self.ordinary_week() * weeks as i32
                        + self.between_days(r, to);
                }
            }
        }
        self.between_days(from, to)
    }

    /// Business time in an ordinary week: open hours times open days.
    fn ordinary_week(&self) -> SignedDuration {
        let open_days = self.days.iter().filter(|&&d| d).count() as i32;
        let hours = self.open.until(self.close).ok();
        hours
            .and_then(|s| SignedDuration::try_from(s).ok())
            .map_or(SignedDuration::ZERO, |d| d * open_days)
    }

    /// Business time from `from` to `to`, day by day.
    fn between_days(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        let mut total = SignedDuration::ZERO;
        let mut day = self.local_date(from);
        let last = self.local_date(to);
        while day <= last {
            if let Some((open, close)) = self.hours_of(day) {
                let (a, b) = (open.max(from), close.min(to));
                if a < b {
                    total += b.duration_since(a);
                }
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        total
    }
}

fn weekday_index(d: Weekday) -> usize {
    match d {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed => 2,
        Weekday::Thu => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

#[cfg(test)]
mod tests;
