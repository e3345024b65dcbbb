//! The dashboard over kept readings: changes over each period, totals, rates never invented.

use super::*;
use crate::model::{Kind, SentimentLabel, testing};

fn at(hours: f64) -> Timestamp {
    Timestamp::from_second(1_800_057_600 + (hours * 3600.0) as i64).unwrap()
}

fn add(r: &mut Readings, channel: Channel, metric: Metric, points: &[(f64, f64)]) {
    r.insert(
        (channel, metric),
        points
            .iter()
            .map(|&(h, value)| MetricSample {
                channel,
                metric,
                value,
                at: at(h),
            })
            .collect(),
    );
}

/// Instagram reports everything, Mastodon followers and engagement only; now is hour 48.
fn readings() -> Readings {
    let mut r = Readings::new();
    add(
        &mut r,
        Channel::Instagram,
        Metric::Followers,
        &[(0.0, 10_000.0), (24.0, 12_000.0), (48.0, 12_400.0)],
    );
    add(
        &mut r,
        Channel::Instagram,
        Metric::Reach,
        &[(24.0, 3_000.0), (48.0, 3_600.0)],
    );
    add(
        &mut r,
        Channel::Instagram,
        Metric::Impressions,
        &[(24.0, 5_000.0), (48.0, 8_000.0)],
    );
    add(
        &mut r,
        Channel::Instagram,
        Metric::Engagement,
        &[(24.0, 200.0), (48.0, 400.0)],
    );
    add(
        &mut r,
        Channel::Mastodon,
        Metric::Followers,
        &[(0.0, 1_000.0), (36.0, 1_100.0)],
    );
    add(
        &mut r,
        Channel::Mastodon,
        Metric::Engagement,
        &[(12.0, 50.0), (47.0, 80.0)],
    );
    r
}

fn build_at_48h(period: Period) -> Dashboard {
    build(
        period,
        at(48.0),
        &readings(),
        &[],
        &Policies::from_config(&Default::default()),
    )
}

#[test]
fn period_deltas_run_from_the_reading_in_force_at_the_start() {
    let d = build_at_48h(Period::Day);
    let ig = &d.rows[0];
    assert_eq!(ig.channel, Some(Channel::Mastodon), "channel order");
    let ig = d
        .rows
        .iter()
        .find(|r| r.channel == Some(Channel::Instagram))
        .unwrap();
    match ig.figure(Measure::Followers) {
        Figure::Value {
            current, change, ..
        } => {
            assert_eq!(*current, 12_400.0);
            let c = change.unwrap();
            assert_eq!(c.absolute, 400.0);
            assert!((c.percent.unwrap() - 400.0 / 120.0).abs() < 1e-9);
        }
        other => panic!("{other:?}"),
    }
    // Over 7 days the series starts inside the period: from its first reading.
    let week = build_at_48h(Period::Week);
    let ig = week
        .rows
        .iter()
        .find(|r| r.channel == Some(Channel::Instagram))
        .unwrap();
    let Figure::Value { change, .. } = ig.figure(Measure::Followers) else {
        panic!()
    };
    assert_eq!(change.unwrap().absolute, 2_400.0);
}

#[test]
fn engagement_rate_is_engagement_over_impressions_and_never_invented() {
    let d = build_at_48h(Period::Day);
    let ig = d
        .rows
        .iter()
        .find(|r| r.channel == Some(Channel::Instagram))
        .unwrap();
    let Figure::Value {
        current,
        change,
        points,
    } = ig.figure(Measure::Rate)
    else {
        panic!("Instagram has a rate")
    };
    assert_eq!(*current, 0.05);
    // 200/5000 = 4 % at the start of the day: +1 point.
    assert!((change.unwrap().absolute - 0.01).abs() < 1e-12);
    assert!(points.iter().all(|(_, r)| *r == 0.04 || *r == 0.05));

    let masto = d
        .rows
        .iter()
        .find(|r| r.channel == Some(Channel::Mastodon))
        .unwrap();
    for m in [Measure::Reach, Measure::Impressions, Measure::Rate] {
        match masto.figure(m) {
            Figure::Unavailable(why) => assert!(why.contains("Mastodon"), "{why}"),
            other => panic!("{m:?} on Mastodon: {other:?}"),
        }
    }
}

#[test]
fn totals_sum_the_channels_that_report_each_figure() {
    let d = build_at_48h(Period::Day);
    let total = d.total().unwrap();
    assert_eq!(total.title(), "Total");
    assert_eq!(total.figure(Measure::Followers).current(), Some(13_500.0));
    let Figure::Value { change, points, .. } = total.figure(Measure::Followers) else {
        panic!()
    };
    // At the day's start: 12,000 + 1,000.
    assert_eq!(change.unwrap().absolute, 500.0);
    assert_eq!(points.last().unwrap().1, 13_500.0);
    assert_eq!(total.figure(Measure::Engagement).current(), Some(480.0));
    // Reach only from Instagram; the rate only over channels with impressions.
    assert_eq!(total.figure(Measure::Reach).current(), Some(3_600.0));
    assert_eq!(total.figure(Measure::Rate).current(), Some(0.05));
}

#[test]
fn a_reported_figure_without_readings_says_so() {
    let mut r = readings();
    r.remove(&(Channel::Instagram, Metric::Reach));
    let d = build(
        Period::Day,
        at(48.0),
        &r,
        &[],
        &Policies::from_config(&Default::default()),
    );
    let ig = d
        .rows
        .iter()
        .find(|r| r.channel == Some(Channel::Instagram))
        .unwrap();
    assert_eq!(
        ig.figure(Measure::Reach),
        &Figure::Unavailable("no reading received yet".into())
    );
    // No readings at all: no rows to show.
    let empty = build(
        Period::Day,
        at(48.0),
        &Readings::new(),
        &[],
        &Policies::from_config(&Default::default()),
    );
    assert!(empty.rows.is_empty());
}

#[test]
fn inbox_kpis_count_the_period() {
    let message = |id: u64, hours: f64, label: SentimentLabel, rating: Option<u8>| {
        let mut m = testing::inbound(id, Channel::GoogleReviews, at(hours), "");
        if rating.is_some() {
            (m.kind, m.rating) = (Kind::Review, rating);
        }
        testing::labelled(m, label)
    };
    use SentimentLabel::*;
    let messages = vec![
        message(1, 10.0, Neg, None), // before the last 24 h
        message(2, 25.5, Pos, Some(5)),
        message(3, 30.2, Pos, Some(4)),
        message(4, 47.9, Neg, Some(1)),
        message(5, 47.95, Neu, None),
    ];
    let d = build(
        Period::Day,
        at(48.0),
        &Readings::new(),
        &messages,
        &Policies::from_config(&Default::default()),
    );
    let k = &d.inbox;
    assert_eq!(k.figures.inbound, 4);
    assert_eq!(k.pos_neg_ratio, Some(2.0));
    assert_eq!(k.per_day, 4.0);
    assert_eq!(k.figures.reviews.count, 3);
    assert_eq!(k.volume.len(), 24);
    assert_eq!(k.volume[1], 1);
    assert_eq!(k.volume[6], 1);
    assert_eq!(k.volume[23], 2);
    assert_eq!(k.volume.iter().sum::<u64>(), 4);
}
