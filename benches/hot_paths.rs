//! Criterion benchmarks of the hot paths underneath the console.
// A benchmark stops at the first surprise, like a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use tribune::connectors::SourceBatch;
use tribune::connectors::demo::DemoWorld;

fn at() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

fn sanitize(c: &mut Criterion) {
    let text =
        "Bonjour \x1b[31mNovaCafe\x1b[0m, ma commande 😡 東京 n'est jamais arrivée…".repeat(4);
    c.bench_function("sanitize a hostile message", |b| {
        b.iter(|| tribune::text::sanitize(black_box(&text)))
    });
}

fn demo_stream(c: &mut Criterion) {
    let mut world = DemoWorld::new(7, 0);
    c.bench_function("compose one demo message", |b| {
        b.iter(|| world.next_message(black_box(at())))
    });
}

fn ingest(c: &mut Criterion) {
    c.bench_function("ingest a batch of 1000 messages into sled", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = tribune::store::Store::open(dir.path()).unwrap();
                let mut world = DemoWorld::new(9, 0);
                let messages = (0..1000).map(|_| world.next_message(at())).collect();
                (dir, store, messages)
            },
            |(_dir, store, messages)| {
                let batch = SourceBatch {
                    source: "bench".into(),
                    messages,
                    samples: vec![],
                    cursor: None,
                };
                tribune::ingest::ingest(&store, batch, None).unwrap()
            },
            criterion::BatchSize::PerIteration,
        )
    });
}

fn sentiment(c: &mut Criterion) {
    // Short social texts in both languages, composed by the demo source (our own text).
    let mut world = DemoWorld::new(11, 0);
    let texts: Vec<String> = (0..1000).map(|_| world.next_message(at()).text).collect();
    tribune::sentiment::warm_up();
    let mut group = c.benchmark_group("sentiment");
    group.throughput(criterion::Throughput::Elements(texts.len() as u64));
    group.bench_function(
        "tag 1000 short demo texts (en+fr, language detected)",
        |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| tribune::sentiment::analyze(black_box(t), None, None).score)
                    .sum::<f32>()
            })
        },
    );
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut world = DemoWorld::new(7, 0);
    let policies = tribune::sla::Policies::from_config(&tribune::config::Config::default().sla);
    let mut state = tribune::app::State::new(policies, at(), "bench".into());
    let messages = (0..2000u64)
        .map(|i| {
            let id = tribune::model::MessageId(i + 1);
            tribune::model::Message::from_new(id, id, world.next_message(at()))
        })
        .collect();
    state.apply(tribune::app::Action::Service(
        tribune::service::Event::Loaded {
            inbox: tribune::service::Backlog::whole(messages),
            drafts: vec![],
            outbox: vec![],
            assigned: vec![],
            changes: 0,
        },
    ));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("draw the inbox at 120x40 (2000 messages)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| tribune::ui::draw(f, &state))
                .unwrap()
                .area
        })
    });
}

/// A year of readings every 30 s on every series, as kept after down-sampling, and the
/// 30-day dashboard over them; then the bad-buzz replay over a busy day.
fn panels(c: &mut Criterion) {
    use tribune::metrics::{Period, dashboard, series};
    use tribune::model::{Channel, Metric, MetricSample};
    let now = at();
    let mut readings = dashboard::Readings::new();
    for channel in Channel::ALL {
        for metric in Metric::ALL {
            let raw: Vec<MetricSample> = (0..365 * 2880)
                .map(|i| MetricSample {
                    channel,
                    metric,
                    value: 1000.0 + (i % 977) as f64,
                    at: now - jiff::SignedDuration::from_secs(30 * (365 * 2880 - i)),
                })
                .collect();
            let kept = series::downsample(&raw, now);
            let since = now - Period::Month.duration();
            let from = kept.partition_point(|s| s.at < since).saturating_sub(1);
            readings.insert((channel, metric), kept[from..].to_vec());
        }
    }
    let policies = tribune::sla::Policies::from_config(&Default::default());
    c.bench_function("dashboard over 30 days (a year of readings kept)", |b| {
        b.iter(|| dashboard::build(Period::Month, now, &readings, &[], &policies))
    });

    let mut world = tribune::connectors::demo::DemoWorld::new(5, 0);
    let mut t = now - jiff::SignedDuration::from_hours(12);
    let mut messages = Vec::new();
    while t < now {
        t += world.next_gap(
            jiff::SignedDuration::from_secs(1),
            jiff::SignedDuration::from_secs(5),
        );
        let id = messages.len() as u64 + 1;
        let id = tribune::model::MessageId(id);
        let mut m = tribune::model::Message::from_new(id, id, world.next_message(t));
        m.sentiment = Some(tribune::sentiment::tag(
            &m.text,
            m.rating,
            m.lang.as_deref(),
        ));
        messages.push(m);
    }
    let settings = tribune::buzz::Settings::default();
    c.bench_function("bad-buzz replay over 12 h of the demo stream", |b| {
        b.iter(|| tribune::buzz::alerts(messages.iter(), now, &settings, &[]))
    });
    // The same with a burst of complaints in the last minute: alerts raised, words compared.
    for i in 0..30u64 {
        let mut m = messages[messages.len() - 1].clone();
        m.id = tribune::model::MessageId(m.id.0 + 1 + i);
        m.created_at = now - jiff::SignedDuration::from_secs(60 - i as i64 * 2);
        m.text = "The beans arrived mouldy, I want a refund".into();
        m.sentiment = Some(tribune::sentiment::tag(&m.text, None, Some("en")));
        messages.push(m);
    }
    let first = tribune::buzz::alerts(messages.iter(), now, &settings, &[]);
    assert!(!first.is_empty());
    c.bench_function("bad-buzz: a spike's first second (words compared)", |b| {
        b.iter(|| tribune::buzz::alerts(messages.iter(), now, &settings, &[]))
    });
    c.bench_function("bad-buzz: each second of a spike (words kept)", |b| {
        b.iter(|| tribune::buzz::alerts(messages.iter(), now, &settings, &first))
    });
}

criterion_group!(
    benches,
    sanitize,
    demo_stream,
    ingest,
    sentiment,
    render,
    panels
);
criterion_main!(benches);
