//! The bad-buzz alert: what raises it, what does not, and the words it shows.

use super::*;

fn t0() -> Timestamp {
    "2026-11-20T00:00:00Z".parse().unwrap()
}

fn secs(s: f64) -> Timestamp {
    t0() + SignedDuration::from_millis((s * 1000.0) as i64)
}

/// A steady stream: `per_minute` inbound messages, `negative_every`-th of them negative,
/// from `from` to `to` seconds.
fn steady(from: f64, to: f64, per_minute: f64, negative_every: u32) -> Vec<Arrival> {
    let gap = 60.0 / per_minute;
    let mut out = Vec::new();
    let mut i = 0u32;
    let mut t = from;
    while t < to {
        out.push(Arrival {
            at: secs(t),
            negative: i.is_multiple_of(negative_every),
        });
        i += 1;
        t += gap;
    }
    out
}

fn sorted(mut v: Vec<Arrival>) -> Vec<Arrival> {
    v.sort_by_key(|a| a.at);
    v
}

const HOUR: f64 = 3600.0;

#[test]
fn a_flat_baseline_never_alerts() {
    let s = Settings::default();
    let a = steady(0.0, 12.0 * HOUR, 10.0, 3);
    for minute in (60..12 * 60).step_by(7) {
        assert_eq!(
            detect(&a, secs(minute as f64 * 60.0), &s),
            None,
            "minute {minute}"
        );
    }
}

#[test]
fn a_gradual_rise_is_learnt_not_alerted() {
    let s = Settings::default();
    // Negatives triple over twelve hours (one in four → three in four), volume steady.
    let mut a = Vec::new();
    let mut t = 0.0;
    let mut owed = 0.0;
    while t < 12.0 * HOUR {
        // Deterministic: a negative each time the target share has accrued one.
        owed += 0.25 + 0.5 * t / (12.0 * HOUR);
        let negative = owed >= 1.0;
        if negative {
            owed -= 1.0;
        }
        a.push(Arrival {
            at: secs(t),
            negative,
        });
        t += 6.0;
    }
    for minute in (60..12 * 60).step_by(5) {
        assert_eq!(
            detect(&a, secs(minute as f64 * 60.0), &s),
            None,
            "minute {minute}"
        );
    }
}

#[test]
fn a_sharp_burst_alerts_within_the_window_and_clears_on_recovery() {
    let s = Settings::default();
    let burst_at = 6.0 * HOUR;
    let mut a = steady(0.0, 8.0 * HOUR, 10.0, 3);
    // 25 complaints in 30 seconds.
    a.extend((0..25).map(|i| Arrival {
        at: secs(burst_at + i as f64 * 1.2),
        negative: true,
    }));
    let a = sorted(a);
    assert_eq!(detect(&a, secs(burst_at - 60.0), &s), None, "before");
    // Raised no later than the configured window after the burst began.
    let raised = (0..=s.window.as_secs())
        .step_by(15)
        .find_map(|d| detect(&a, secs(burst_at + d as f64), &s).map(|sp| (d, sp)));
    let (delay, spike) = raised.expect("the burst raises an alert");
    assert!(delay <= s.window.as_secs(), "{delay}s late");
    assert!(
        spike.count as f64 >= spike.baseline + 3.0 * spike.deviation,
        "{spike:?}"
    );
    assert!(spike.started >= secs(burst_at - 120.0) && spike.started <= secs(burst_at));
    // The usual count: one in three of 20 messages per window.
    assert!((spike.baseline - 6.67).abs() < 0.5, "{spike:?}");
    // Still on during the burst's window, off once the window has slid past it.
    assert!(detect(&a, secs(burst_at + 60.0), &s).is_some());
    assert_eq!(
        detect(&a, secs(burst_at + 30.0 + 150.0), &s),
        None,
        "recovered"
    );
}

#[test]
fn a_busier_day_in_the_usual_mood_is_not_a_bad_buzz() {
    let s = Settings::default();
    // Volume triples suddenly at hour 6, the share of negatives stays one in three.
    let a = sorted(
        steady(0.0, 6.0 * HOUR, 10.0, 3)
            .into_iter()
            .chain(steady(6.0 * HOUR, 7.0 * HOUR, 30.0, 3))
            .collect(),
    );
    for minute in (6 * 60..7 * 60).step_by(3) {
        assert_eq!(
            detect(&a, secs(minute as f64 * 60.0), &s),
            None,
            "minute {minute}"
        );
    }
}

#[test]
fn after_a_quiet_night_a_busy_morning_clears_once_its_burst_is_over() {
    // Twelve sparse hours (one message in five minutes), then a steady forty a minute in the
    // usual mood with a burst of 25 complaints ten minutes in: the spike is raised, and it
    // ends when the burst does although the baseline still remembers the quiet night.
    let s = Settings::default();
    let morning = 12.0 * HOUR;
    let mut a = steady(0.0, morning, 0.2, 3);
    a.extend(steady(morning, morning + HOUR, 40.0, 3));
    a.extend((0..25).map(|i| Arrival {
        at: secs(morning + 600.0 + i as f64),
        negative: true,
    }));
    let a = sorted(a);
    assert!(detect(&a, secs(morning + 630.0), &s).is_some(), "the burst");
    for minute in 15..60 {
        let t = secs(morning + minute as f64 * 60.0);
        assert_eq!(detect(&a, t, &s), None, "minute {minute} of the morning");
    }
}

#[test]
fn a_handful_of_complaints_on_a_quiet_channel_is_below_the_minimum() {
    let s = Settings::default();
    let mut a = steady(0.0, 8.0 * HOUR, 0.5, 4);
    a.extend((0..6).map(|i| Arrival {
        at: secs(6.0 * HOUR + i as f64),
        negative: true,
    }));
    let a = sorted(a);
    assert_eq!(detect(&a, secs(6.0 * HOUR + 30.0), &s), None);
    // With a lower minimum in config, the same six raise it.
    let sensitive = Settings { min_count: 5, ..s };
    assert!(detect(&a, secs(6.0 * HOUR + 30.0), &sensitive).is_some());
}

#[test]
fn the_demo_sources_bursts_of_criticism_raise_it() {
    use crate::connectors::demo::DemoWorld;
    use crate::model::{Direction, Message, MessageId};
    let s = Settings::default();
    let mut world = DemoWorld::new(11, 0);
    let (min, max) = (SignedDuration::from_secs(1), SignedDuration::from_secs(5));
    let mut now = t0();
    let mut messages: Vec<Message> = Vec::new();
    let mut bursts: Vec<(Timestamp, Timestamp)> = Vec::new();
    let mut was = false;
    // About a day of the live stream.
    while now < t0() + SignedDuration::from_hours(24) {
        now += world.next_gap(min, max);
        let new = world.next_message(now);
        let id = messages.len() as u64 + 1;
        let mut m = Message::from_new(MessageId(id), MessageId(id), new);
        m.sentiment = Some(crate::sentiment::tag(&m.text, m.rating, m.lang.as_deref()));
        assert_eq!(m.direction, Direction::Inbound);
        messages.push(m);
        match (was, world.in_burst()) {
            (false, true) => bursts.push((now, now)),
            (true, _) => bursts.last_mut().expect("started").1 = now,
            _ => {}
        }
        was = world.in_burst();
    }
    // Bursts that start once the baseline has a few hours behind it.
    let judged: Vec<_> = bursts
        .iter()
        .filter(|(start, _)| *start > t0() + SignedDuration::from_hours(3))
        .collect();
    assert!(judged.len() >= 3, "{} bursts", judged.len());
    let arrivals: Vec<Arrival> = messages.iter().filter_map(Arrival::of).collect();
    let mut raised = 0;
    for (start, end) in &judged {
        let within = (0..=s.window.as_secs() + (*end - *start).as_secs())
            .step_by(10)
            .any(|d| detect(&arrivals, *start + SignedDuration::from_secs(d), &s).is_some());
        raised += within as usize;
    }
    assert!(
        raised * 10 >= judged.len() * 8,
        "{raised} of {} bursts raised the alert",
        judged.len()
    );
    // Away from bursts, the alert stays quiet nearly all the time, overall and per channel.
    let scopes: Vec<Vec<Arrival>> = std::iter::once(arrivals.clone())
        .chain(Channel::ALL.into_iter().map(|c| {
            messages
                .iter()
                .filter(|m| m.channel == c)
                .filter_map(Arrival::of)
                .collect()
        }))
        .collect();
    let mut quiet_checks = 0;
    let mut false_alarms = 0;
    let mut t = t0() + SignedDuration::from_hours(3);
    while t < now {
        let near_burst = bursts
            .iter()
            .any(|(b, e)| t >= *b - SignedDuration::from_mins(1) && t <= *e + s.window * 2);
        if !near_burst {
            for scope in &scopes {
                quiet_checks += 1;
                if let Some(sp) = detect(scope, t, &s) {
                    eprintln!("false alarm at {t}: {sp:?}");
                    false_alarms += 1;
                }
            }
        }
        t += SignedDuration::from_mins(5);
    }
    eprintln!(
        "{raised} of {} bursts raised; {false_alarms} alarms in {quiet_checks} quiet checks",
        judged.len()
    );
    assert!(
        false_alarms * 50 <= quiet_checks,
        "{false_alarms} false alarms in {quiet_checks} checks"
    );
}

#[test]
fn the_spikes_words_are_those_it_over_represents() {
    let message =
        |id: u64, text: &str| crate::model::testing::inbound(id, Channel::Instagram, t0(), text);
    let before: Vec<Message> = (0..40)
        .map(|i| {
            message(
                i,
                ["Love the coffee, NovaCafe!", "Where is my order?"][i as usize % 2],
            )
        })
        .collect();
    let spike: Vec<Message> = (100..110)
        .map(|i| {
            message(
                i,
                "NovaCafe your Coffee arrived MOULDY again, mouldy beans. Refund!",
            )
        })
        .chain([message(200, "Delivery late")])
        .collect();
    let words = over_represented(
        &spike.iter().collect::<Vec<_>>(),
        &before.iter().collect::<Vec<_>>(),
        5,
    );
    let names: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(
        names.contains(&"mouldy") && names.contains(&"refund"),
        "{names:?}"
    );
    assert!(
        !names.contains(&"novacafe") && !names.contains(&"coffee"),
        "{names:?}"
    );
    assert_eq!(words.iter().find(|(w, _)| w == "mouldy").unwrap().1, 10);
}

#[test]
fn a_spikes_words_are_read_from_the_text_without_its_escape_sequences() {
    let message =
        |id: u64, text: &str| crate::model::testing::inbound(id, Channel::Instagram, t0(), text);
    let before: Vec<Message> = (0..20).map(|i| message(i, "Love the coffee")).collect();
    let spike: Vec<Message> = (100..110)
        .map(|i| message(i, "\u{1b}[31mrefund\u{1b}[0m now, \u{1b}]0;owned\u{7}scam"))
        .collect();
    let words = over_represented(
        &spike.iter().collect::<Vec<_>>(),
        &before.iter().collect::<Vec<_>>(),
        5,
    );
    let names: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
    assert!(
        names.contains(&"refund") && names.contains(&"scam"),
        "{names:?}"
    );
    assert!(
        names.iter().all(|w| !w.contains("31m") && *w != "owned"),
        "{names:?}"
    );
}

#[test]
fn a_spikes_words_are_kept_until_it_grows_by_a_quarter() {
    use crate::model::SentimentLabel;
    use crate::model::testing::{inbound, labelled};
    let s = Settings::default();
    let mut messages: Vec<Message> = steady(0.0, 8.0 * HOUR, 10.0, 3)
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (text, label) = if a.negative {
                ("Cold coffee today", SentimentLabel::Neg)
            } else {
                ("Lovely coffee", SentimentLabel::Pos)
            };
            labelled(inbound(i as u64 + 1, Channel::Instagram, a.at, text), label)
        })
        .collect();
    for i in 0..25u64 {
        let m = inbound(
            100_000 + i,
            Channel::Instagram,
            secs(6.0 * HOUR + i as f64),
            "Mouldy beans",
        );
        messages.push(labelled(m, SentimentLabel::Neg));
    }
    let now = secs(6.0 * HOUR + 30.0);
    let first = alerts(messages.iter(), now, &s, &[]);
    assert!(
        first[0].words.iter().any(|(w, _)| w == "mouldy"),
        "{:?}",
        first[0].words
    );
    // Known with other words over as many messages: kept as known.
    let mut known = first.clone();
    known[0].words = vec![("kept".into(), 1)];
    let again = alerts(messages.iter(), now, &s, &known);
    assert_eq!(again[0].words, known[0].words);
    // Known over far fewer messages: the spike grew, its words are drawn again.
    known[0].words_over /= 2;
    let grown = alerts(messages.iter(), now, &s, &known);
    assert!(grown[0].words.iter().any(|(w, _)| w == "mouldy"));
}
