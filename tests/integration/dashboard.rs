//! The dashboard screen and the bad-buzz banner, drawn from a seeded store at fixed sizes,
//! with the figures computed as the service computes them.

use crate::support::screen::screen;
use jiff::{SignedDuration, Timestamp};
use tribune::app::{Action, Effect, State};
use tribune::model::{Channel, NewMessage};
use tribune::service::{Command, Event};
use tribune::sla::Policies;
use tribune::store::Store;

use crate::support::now;

fn policies() -> Policies {
    crate::support::screen::paris_policies()
}

/// Twelve complaints about the same thing within the last ninety seconds.
fn burst() -> Vec<NewMessage> {
    (0..12)
        .map(|i| {
            NewMessage::inbound(
                Channel::Instagram,
                &format!("burst-{i}"),
                "The beans arrived mouldy again, disgusting. I want a refund!",
                now() - SignedDuration::from_secs(90 - i * 7),
            )
            .account("novacafe")
            .by(&format!("@upset{i}"), Some(300))
            .lang("en")
        })
        .collect()
}

/// A seeded demo store (a month of hourly readings, three days of messages), optionally
/// with a burst of complaints, loaded into a console without colour.
fn seeded(dir: &std::path::Path, with_burst: bool) -> (State, Store) {
    let extra = if with_burst { burst() } else { vec![] };
    crate::support::screen::seeded_console(dir, now(), policies(), 400, extra)
}

/// Applies an action and answers the dashboard requests it makes, as the service does.
fn apply(state: &mut State, store: &Store, action: Action) {
    for effect in state.apply(action) {
        if let Effect::Command(Command::LoadDashboard { period }) = effect {
            let since = now() - period.duration();
            let dashboard = tribune::metrics::dashboard::build(
                period,
                now(),
                &store.readings_since(since).unwrap(),
                &store.messages_since(since).unwrap(),
                &policies(),
            );
            state.apply(Action::Service(Event::Dashboard(Box::new(dashboard))));
        }
    }
}

#[test]
fn dashboard_at_80x24_with_a_bad_buzz_banner() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded(dir.path(), true);
    apply(&mut state, &store, Action::ToggleDashboard);
    let text = screen(&state, 80, 24);
    let first = text.lines().next().unwrap();
    assert!(first.contains("BAD BUZZ on all channels"), "{first}");
    assert!(text.contains("n/a"), "{text}");
    insta::assert_snapshot!("dashboard_80x24", text);
}

#[test]
fn dashboard_at_160x48_over_seven_days_with_the_reasons_for_na() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded(dir.path(), false);
    assert!(state.buzz.alerts.is_empty(), "no burst, no banner");
    apply(&mut state, &store, Action::ToggleDashboard);
    apply(&mut state, &store, Action::NextPeriod);
    // Mastodon's row, the reach column, and why it is n/a.
    apply(
        &mut state,
        &store,
        Action::DashboardMove {
            rows: 0,
            measures: 1,
        },
    );
    apply(&mut state, &store, Action::ToggleWhy);
    let text = screen(&state, 160, 48);
    assert!(text.contains("last 7d"), "{text}");
    assert!(
        text.contains("Mastodon reach: n/a — Mastodon does not count views"),
        "{text}"
    );
    assert!(
        text.contains("n/a: Mastodon does not count views"),
        "{text}"
    );
    insta::assert_snapshot!("dashboard_160x48", text);
    // Instagram's followers chart, with its readable axis labels.
    apply(
        &mut state,
        &store,
        Action::DashboardMove {
            rows: 3,
            measures: -1,
        },
    );
    let text = screen(&state, 160, 48);
    assert!(text.contains("Instagram · followers · last 7d"), "{text}");
    assert!(text.contains("-7d") && text.contains("now"), "{text}");
    assert!(text.contains('⠀') || text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
}

#[test]
fn the_bad_buzz_view_lists_the_spike_and_a_wide_inbox_shows_the_strip() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded(dir.path(), true);
    apply(&mut state, &store, Action::Resized { width: 160 });
    apply(&mut state, &store, Action::ShowBuzz);
    assert_eq!(state.inbox.len(), 12, "the burst's complaints");
    let text = screen(&state, 160, 48);
    assert!(text.contains("Bad buzz · 12"), "{text}");
    let words = &state.buzz.alerts[0].words;
    assert!(
        words.iter().any(|(w, n)| w == "mouldy" && *n == 12),
        "{words:?}"
    );
    // The strip above the wide inbox: the totals of the day.
    let strip = text.lines().nth(1).unwrap();
    assert!(strip.contains("24h followers"), "{strip}");
    assert!(strip.contains("D dashboard"), "{strip}");

    // Ten minutes on the spike is over: the banner goes, the view keeps the spike's messages
    // and no later complaint joins them.
    let later = now() + SignedDuration::from_mins(10);
    state.apply(Action::Tick(later));
    assert!(state.buzz.alerts.is_empty(), "{:?}", state.buzz.alerts);
    let mut late = burst().remove(0);
    late.external_id = "after".into();
    late.created_at = later;
    let stored = store.insert(late, None).unwrap();
    let tribune::store::Inserted::New { mut message, .. } = stored else {
        panic!("new")
    };
    message.sentiment = Some(tribune::sentiment::tag(&message.text, None, Some("en")));
    state.apply(Action::Service(Event::Changed(vec![*message])));
    assert_eq!(state.inbox.len(), 12);
    assert!(!screen(&state, 160, 48).contains("BAD BUZZ"));
}

#[test]
fn figures_are_asked_again_while_visible_one_request_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded(dir.path(), false);
    let asks = |effects: &[Effect]| {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Command(Command::LoadDashboard { .. })))
            .count()
    };
    // Closed and narrow: nothing is asked.
    assert_eq!(asks(&state.apply(Action::Tick(now()))), 0);
    let opened = state.apply(Action::ToggleDashboard);
    assert_eq!(asks(&opened), 1);
    // The answer is not back yet: no second request, however long it takes.
    let later = now() + SignedDuration::from_secs(30);
    assert_eq!(asks(&state.apply(Action::Tick(later))), 0);
    let answer = tribune::metrics::dashboard::build(
        tribune::metrics::Period::Day,
        later,
        &store
            .readings_since(later - SignedDuration::from_hours(24))
            .unwrap(),
        &[],
        &policies(),
    );
    state.apply(Action::Service(Event::Dashboard(Box::new(answer))));
    // Fresh for ten seconds, unless messages change.
    let soon = later + SignedDuration::from_secs(3);
    assert_eq!(asks(&state.apply(Action::Tick(soon))), 0);
    state.apply(Action::Service(Event::Changed(vec![])));
    assert_eq!(asks(&state.apply(Action::Tick(soon))), 1);
}

/// A store an older tribune wrote may hold months of raw readings. The service folds them
/// into means on a thread of its own: the dashboard and the inbox's rows are answered, and the
/// readings are folded by the time it stops.
#[test]
fn the_service_folds_old_readings_apart_and_answers_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    // Ten days of a reading a minute: eight of them older than the two days kept raw.
    let readings: Vec<_> = (0..10 * 24 * 60)
        .map(|minute| tribune::model::MetricSample {
            channel: Channel::Bluesky,
            metric: tribune::model::Metric::Followers,
            value: 1_000.0 + minute as f64,
            at: now() - SignedDuration::from_mins(minute),
        })
        .collect();
    store.add_samples(&readings).unwrap();
    let tribune::store::Inserted::New { message, .. } =
        store.insert(burst().remove(0), None).unwrap()
    else {
        panic!("stored once")
    };
    use crate::support::service;
    let runtime = service::runtime();
    let clock = std::sync::Arc::new(tribune::clock::FixedClock::at(now()));
    let mut service = service::start(store, clock, service::options(policies()), &runtime);
    let until = |service: &mut tribune::service::ServiceHandle, wanted: &dyn Fn(&Event) -> bool| {
        crate::support::service::until(service, &runtime, wanted)
    };
    until(&mut service, &|e| matches!(e, Event::Loaded { .. }));
    service.send(Command::LoadDashboard {
        period: tribune::metrics::Period::Day,
    });
    service.send(Command::FetchMessages {
        ids: vec![message.id],
    });
    let Event::Dashboard(dashboard) = until(&mut service, &|e| matches!(e, Event::Dashboard(_)))
    else {
        unreachable!()
    };
    assert_eq!(dashboard.period, tribune::metrics::Period::Day);
    let Event::Fetched(read) = until(&mut service, &|e| matches!(e, Event::Fetched(_))) else {
        unreachable!()
    };
    assert_eq!(read.len(), 1);
    service.shutdown();

    let store = Store::open(&dir.path().join("store")).unwrap();
    let kept = store
        .samples(
            Channel::Bluesky,
            tribune::model::Metric::Followers,
            Timestamp::MIN,
        )
        .unwrap();
    let raw_since = now() - tribune::metrics::series::RAW_FOR;
    let old = kept.iter().filter(|s| s.at < raw_since).count();
    assert!(
        old <= 8 * 24 + 1,
        "eight days of readings a minute folded into hourly means: {old} left"
    );
    assert_eq!(
        kept.len() - old,
        readings.iter().filter(|s| s.at >= raw_since).count(),
        "the last two days stay raw"
    );
}

fn enter() -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    )
}

/// What the service does with an incident change: store it, then tell the console.
fn serve_incident(state: &mut State, store: &Store, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Command(Command::Incident(change)) = effect {
            let mut all = store.incidents().unwrap();
            match change {
                tribune::service::IncidentChange::Open(i) => all.push(i),
                tribune::service::IncidentChange::Note { name, text } => {
                    let i = all.iter_mut().find(|i| i.name == name).unwrap();
                    i.timeline.push(tribune::incident::Entry {
                        at: now(),
                        agent: "ana".into(),
                        text,
                    });
                }
                tribune::service::IncidentChange::Close { name } => {
                    all.iter_mut().find(|i| i.name == name).unwrap().closed_at = Some(now());
                }
            }
            for i in &all {
                store.put_incident(i).unwrap();
            }
            state.apply(Action::Service(Event::Incidents(
                store.incidents().unwrap(),
            )));
        }
    }
}

#[test]
fn the_banner_turns_into_an_incident_whose_view_holds_the_burst_and_what_joins_later() {
    let dir = tempfile::tempdir().unwrap();
    let (mut state, store) = seeded(dir.path(), true);
    // Without a bad buzz there is nothing to turn into an incident.
    let (mut calm, _calm_store) = seeded(&dir.path().join("calm"), false);
    calm.apply(Action::Incident);
    assert!(calm.line_ask.is_none());

    state.apply(Action::Incident);
    let asked = state.line_ask.clone().expect("the name is asked");
    assert!(
        asked.input.as_str().starts_with("all channels "),
        "{asked:?}"
    );
    state.apply(Action::LineAskKey(enter()));
    // The query comes pre-filled from the spike: its over-represented words.
    let query = state.line_ask.clone().expect("the query is asked");
    assert!(query.input.as_str().contains("mouldy"), "{query:?}");
    let effects = state.apply(Action::LineAskKey(enter()));
    serve_incident(&mut state, &store, effects);
    assert!(state.line_ask.is_none());
    assert_eq!(state.incidents.all.len(), 1);
    let name = state.incidents.all[0].name.clone();
    assert!(state.current_incident().is_some(), "its view is shown");
    assert_eq!(state.inbox.len(), 12, "the burst's complaints");
    let text = screen(&state, 160, 48);
    assert!(text.contains(&format!("⚑ {name}")), "{text}");
    assert!(
        text.contains("· 12 · 0 answered · 12 waiting · first response median –"),
        "{text}"
    );

    // A complaint arriving later that the query finds joins the incident's view.
    let mut late = burst().remove(0);
    late.external_id = "later".into();
    late.created_at = now() + SignedDuration::from_mins(5);
    let tribune::store::Inserted::New { mut message, .. } = store.insert(late, None).unwrap()
    else {
        panic!("new")
    };
    message.sentiment = Some(tribune::sentiment::tag(&message.text, None, Some("en")));
    state.apply(Action::Service(Event::Changed(vec![*message])));
    state.apply(Action::Tick(now() + SignedDuration::from_mins(5)));
    assert_eq!(state.inbox.len(), 13);

    // One of them answered ten minutes after it came: the heading's median is that.
    let mut answered = store
        .all_messages()
        .unwrap()
        .into_iter()
        .find(|m| m.external_id == "burst-0")
        .unwrap();
    answered.answered_at = Some(answered.created_at + SignedDuration::from_mins(10));
    state.apply(Action::Service(Event::Changed(vec![answered])));
    state.apply(Action::Tick(now() + SignedDuration::from_mins(6)));
    let text = screen(&state, 160, 48);
    assert!(
        text.contains("· 13 · 1 answered · 12 waiting · first response median 10m"),
        "{text}"
    );

    // A holding statement to every unanswered one: one template, filled from each message;
    // the question says what the tone check finds in it before it goes to all of them.
    state.replying.templates = vec![tribune::templates::Template {
        name: "holding".into(),
        lang: "en".into(),
        fits: vec![],
        text: "We are on it.".into(),
    }];
    state.apply(Action::MarkAll);
    state.apply(Action::Reply);
    let effects = state.apply(Action::PickerKey(enter()));
    assert!(effects.is_empty());
    let question = state.bulk_question();
    assert!(
        question.contains("Reply to 13 marked messages"),
        "{question}"
    );
    assert!(
        question.contains("tone: criticism answered without an apology"),
        "{question}"
    );
    let sent = state.apply(Action::ConfirmBulk(true));
    let each = sent
        .iter()
        .find_map(|e| match e {
            Effect::Command(Command::ReplyEach { ids, template, .. }) => Some((ids, template)),
            _ => None,
        })
        .expect("one reply each");
    assert_eq!((each.0.len(), each.1.as_str()), (13, "We are on it."));

    // Away from it, `I` (the spike is already an incident) comes back to its view.
    state.apply(Action::SelectView(0));
    assert!(state.current_incident().is_none());
    state.apply(Action::Incident);
    assert!(state.line_ask.is_none());
    assert_eq!(
        state.current_incident().map(|i| i.name.clone()),
        Some(name.clone())
    );

    // A line of the timeline, then the close: the view goes, the incident is kept.
    state.apply(Action::Incident);
    state.apply(Action::LineAskKey(crossterm::event::KeyEvent::new(
        crossterm::event::KeyCode::Char('x'),
        crossterm::event::KeyModifiers::NONE,
    )));
    let effects = state.apply(Action::LineAskKey(enter()));
    serve_incident(&mut state, &store, effects);
    assert_eq!(
        store.incident(&name).unwrap().unwrap().timeline[0].text,
        "x"
    );
    state.apply(Action::CloseIncident);
    let effects = state.apply(Action::LineAskKey(enter()));
    serve_incident(&mut state, &store, effects);
    assert!(state.current_incident().is_none());
    assert!(!store.incident(&name).unwrap().unwrap().is_open());
    assert!(!screen(&state, 160, 48).contains(&format!("⚑ {name}")));
}
