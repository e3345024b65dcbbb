//! Business time: deadlines across closed hours, weekends, holidays and clock changes.

use super::*;
use crate::config::Config;

fn calendar(toml: &str) -> Calendar {
    let config = Config::parse(toml, std::path::Path::new("t.toml")).unwrap();
    Calendar::from_config(&config.sla)
}

fn paris() -> Calendar {
    calendar(
        "[sla]\ntimezone = 'Europe/Paris'\nbusiness_days = ['mon','tue','wed','thu','fri']\nbusiness_hours = '09:00-18:00'\nholidays = ['2026-12-25']\n",
    )
}

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn h(n: i64) -> SignedDuration {
    SignedDuration::from_hours(n)
}

#[test]
fn inside_hours_the_deadline_is_plain_addition() {
    // Tuesday 10:00 Paris (09:00Z in winter) + 1h = 11:00 Paris.
    assert_eq!(
        paris().add(t("2026-11-24T09:00:00Z"), h(1)),
        t("2026-11-24T10:00:00Z")
    );
}

#[test]
fn outside_hours_the_clock_waits_for_the_opening() {
    // Tuesday 20:00 Paris: nothing counts until Wednesday 09:00, so 1h → 10:00.
    assert_eq!(
        paris().add(t("2026-11-24T19:00:00Z"), h(1)),
        t("2026-11-25T09:00:00Z")
    );
    // 07:30 Paris, before opening.
    assert_eq!(
        paris().add(t("2026-11-24T06:30:00Z"), h(1)),
        t("2026-11-24T09:00:00Z")
    );
}

#[test]
fn a_target_runs_over_the_evening_and_the_weekend() {
    // Friday 17:00 Paris + 2h: one hour on Friday, one on Monday.
    assert_eq!(
        paris().add(t("2026-11-27T16:00:00Z"), h(2)),
        t("2026-11-30T09:00:00Z")
    );
    // A message on Saturday waits for Monday 09:00.
    assert_eq!(
        paris().add(t("2026-11-28T11:00:00Z"), h(1)),
        t("2026-11-30T09:00:00Z")
    );
}

#[test]
fn twenty_four_hours_means_twenty_four_business_hours() {
    // Monday 09:00 Paris + 24h = 9h Mon + 9h Tue + 6h Wed → Wednesday 15:00 Paris.
    assert_eq!(
        paris().add(t("2026-11-23T08:00:00Z"), h(24)),
        t("2026-11-25T14:00:00Z")
    );
}

#[test]
fn holidays_are_skipped() {
    // Thursday 24 Dec 17:00 Paris + 2h: 1h on Thursday, Friday 25 is off, 1h on Monday 28.
    assert_eq!(
        paris().add(t("2026-12-24T16:00:00Z"), h(2)),
        t("2026-12-28T09:00:00Z")
    );
}

#[test]
fn the_spring_and_autumn_clock_changes_move_the_opening_instant() {
    // Friday 27 March 2026 17:00 CET (16:00Z) + 2h ends Monday 30 March 10:00 CEST = 08:00Z.
    assert_eq!(
        paris().add(t("2026-03-27T16:00:00Z"), h(2)),
        t("2026-03-30T08:00:00Z")
    );
    // Friday 23 October 17:00 CEST (15:00Z) + 2h ends Monday 26 October 10:00 CET = 09:00Z.
    assert_eq!(
        paris().add(t("2026-10-23T15:00:00Z"), h(2)),
        t("2026-10-26T09:00:00Z")
    );
}

#[test]
fn a_day_with_a_clock_change_is_as_long_as_it_really_is() {
    let night = calendar(
        "[sla]\ntimezone = 'Europe/Paris'\nbusiness_days = ['mon','tue','wed','thu','fri','sat','sun']\nbusiness_hours = '01:00-04:00'\n",
    );
    // 29 March: 02:00 → 03:00, so 01:00–04:00 lasts two hours.
    assert_eq!(
        night.between(t("2026-03-28T12:00:00Z"), t("2026-03-29T12:00:00Z")),
        h(2)
    );
    // 25 October: 03:00 → 02:00, so it lasts four.
    assert_eq!(
        night.between(t("2026-10-24T12:00:00Z"), t("2026-10-25T12:00:00Z")),
        h(4)
    );
    // From 01:00 CET on 29 March (00:00Z) three business hours: two that night, one the
    // next night from 01:00 CEST (23:00Z on the 29th).
    assert_eq!(
        night.add(t("2026-03-29T00:00:00Z"), h(3)),
        t("2026-03-30T00:00:00Z")
    );
}

#[test]
fn business_time_between_two_instants() {
    let p = paris();
    // Friday 17:00 → Monday 10:00 Paris: two business hours.
    assert_eq!(
        p.between(t("2026-11-27T16:00:00Z"), t("2026-11-30T09:00:00Z")),
        h(2)
    );
    assert_eq!(
        p.between(t("2026-11-30T09:00:00Z"), t("2026-11-27T16:00:00Z")),
        -h(2)
    );
    // A whole weekend adds nothing.
    assert_eq!(
        p.between(t("2026-11-28T00:00:00Z"), t("2026-11-29T23:00:00Z")),
        SignedDuration::ZERO
    );
}

#[test]
fn a_calendar_without_open_days_is_never_due() {
    let mut closed = paris();
    closed.days = [false; 7];
    closed.work_out_known_days();
    assert_eq!(closed.add(t("2026-11-24T09:00:00Z"), h(1)), Timestamp::MAX);
}

#[test]
fn a_long_span_counts_whole_weeks_in_the_middle() {
    let p = paris();
    // From Monday 2 February to Monday 29 June 2026 (21 weeks, no holiday in the list but
    // one clock change inside): 21 weeks of 45 business hours.
    let from = t("2026-02-02T08:00:00Z");
    let to = t("2026-06-29T07:00:00Z");
    assert_eq!(p.between(from, to), h(21 * 45));
    // Short spans are still exact, and the two ways agree on whole weeks.
    assert_eq!(
        p.between(t("2026-02-02T08:00:00Z"), t("2026-02-09T08:00:00Z")),
        h(45)
    );
}

#[test]
fn the_days_worked_out_in_advance_are_the_days_as_the_tz_database_has_them() {
    let cal = paris();
    assert_eq!(cal.known.len(), 2 * KNOWN_DAYS as usize);
    // Every known day, and days on either side of the table, clock changes and holidays
    // included.
    let first = cal
        .known_from
        .checked_sub(jiff::Span::new().days(3))
        .unwrap();
    for day in first
        .series(jiff::Span::new().days(1))
        .take(2 * KNOWN_DAYS as usize + 6)
    {
        assert_eq!(cal.hours_of(day), cal.day_hours(day), "{day}");
    }
    assert_eq!(cal.hours_of(jiff::civil::date(2026, 12, 25)), None);
    // A day of 23 hours in Paris: still open 09:00–18:00 local, in UTC an hour earlier than
    // the day before.
    let before = cal.hours_of(jiff::civil::date(2026, 3, 27)).unwrap();
    let after = cal.hours_of(jiff::civil::date(2026, 3, 30)).unwrap();
    assert_eq!(before.0, t("2026-03-27T08:00:00Z"));
    assert_eq!(after.0, t("2026-03-30T07:00:00Z"));
}
