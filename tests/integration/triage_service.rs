//! Triage through the service with a fixed clock: snoozing takes a message out of the views
//! but not out of the breach counts, and it comes back, marked, at its time; one change
//! applied to several messages at once.

use jiff::SignedDuration;
use std::sync::Arc;
use tribune::app::{Action, Effect, State, View};
use tribune::clock::FixedClock;
use tribune::model::{Channel, Kind, MessageId, NewMessage, Status};
use tribune::service::{Change, Command, Event, ServiceHandle};
use tribune::store::{Inserted, Store};

use crate::support::now;
use crate::support::screen::paris_policies;
use crate::support::service as test_service;

struct Setup {
    _dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    service: ServiceHandle,
    clock: FixedClock,
    state: State,
    ids: Vec<MessageId>,
    /// Hands the service a batch as a source would.
    feed: tokio::sync::mpsc::UnboundedSender<tribune::connectors::SourceBatch>,
}

/// Friday 11:00 in Paris: three Mastodon mentions, the first with complaint cues (30 business
/// minutes to answer), and a console that has loaded them.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("store")).unwrap();
    let texts = [
        "I want a refund, this is a scam",
        "Do you open on Sunday?",
        "Lovely coffee, thanks",
    ];
    let mut ids = Vec::new();
    for (n, text) in texts.into_iter().enumerate() {
        let new = NewMessage::inbound(Channel::Mastodon, &format!("{n}"), text, now())
            .account("@novacafe@example.social")
            .kind(Kind::Mention)
            .by(&format!("@c{n}@example.org"), Some(40));
        let tag = tribune::sentiment::tag(text, None, Some("en"));
        let Inserted::New { message, .. } = store.insert(new, Some(tag)).unwrap() else {
            panic!("new")
        };
        ids.push(message.id);
    }
    let runtime = test_service::runtime();
    let clock = FixedClock::at(now());
    let (feed, batches) = tokio::sync::mpsc::unbounded_channel();
    let mut service = tribune::service::start(
        store,
        vec![Box::new(test_service::Fed(batches))],
        Arc::new(clock.clone()),
        test_service::options(paris_policies()),
        runtime.handle(),
    );
    let mut state = State::new(paris_policies(), now(), "test".into());
    loop {
        let event = runtime.block_on(service.console.events.recv()).unwrap();
        let ready = matches!(event, Event::SearchReady(_));
        state.apply(Action::Service(event));
        if ready {
            break;
        }
    }
    Setup {
        _dir: dir,
        runtime,
        service,
        clock,
        state,
        ids,
        feed,
    }
}

/// A mention by `handle`, as a source hands it over.
fn mention(id: &str, handle: &str, text: &str) -> tribune::connectors::SourceBatch {
    tribune::connectors::SourceBatch {
        source: "fed".into(),
        messages: vec![
            NewMessage::inbound(Channel::Mastodon, id, text, now())
                .account("@novacafe@example.social")
                .kind(Kind::Mention)
                .by(handle, Some(40)),
        ],
        samples: vec![],
        cursor: None,
    }
}

impl Setup {
    /// Feeds the console the service's events until a change arrives.
    fn next_change(&mut self) -> Vec<tribune::model::Message> {
        self.next(|event| match event {
            Event::Changed(c) => Some(c.clone()),
            _ => None,
        })
    }

    /// The next list of incidents the service sends.
    fn next_incidents(&mut self) -> Vec<tribune::incident::Incident> {
        self.next(|event| match event {
            Event::Incidents(all) => Some(all.clone()),
            _ => None,
        })
    }

    /// Applies the service's events to the console until `pick` takes one.
    fn next<T>(&mut self, pick: impl Fn(&Event) -> Option<T>) -> T {
        loop {
            // A bound, so that an event that never comes fails rather than hangs.
            let event = self
                .runtime
                .block_on(async {
                    tokio::time::timeout(
                        std::time::Duration::from_secs(30),
                        self.service.console.events.recv(),
                    )
                    .await
                })
                .expect("the event came")
                .unwrap();
            let picked = pick(&event);
            self.state.apply(Action::Service(event));
            if let Some(picked) = picked {
                return picked;
            }
        }
    }

    fn advance(&mut self, by: SignedDuration) {
        self.clock.advance(by);
        let now = self.state.now + by;
        self.state.apply(Action::Tick(now));
    }

    fn unanswered_rows(&mut self) -> Vec<MessageId> {
        let at = View::all()
            .iter()
            .position(|v| *v == View::Unanswered)
            .unwrap();
        self.state.apply(Action::SelectView(at));
        self.state.inbox.iter().copied().collect()
    }
}

#[test]
fn a_snoozed_message_leaves_the_views_keeps_its_breach_and_comes_back_at_its_time() {
    let mut s = setup();
    let complaint = s.ids[0];
    assert_eq!(s.unanswered_rows().len(), 3);

    // Snoozed until 15:00 Paris (14:00 UTC).
    let until = now() + SignedDuration::from_hours(4);
    s.service.send(Command::Change {
        ids: vec![complaint],
        change: Change::Snooze(until),
    });
    let changed = s.next_change();
    assert_eq!(changed[0].status, Status::Snoozed);
    assert!(!s.unanswered_rows().contains(&complaint), "out of the view");
    assert_eq!(
        s.state.view_counts(View::Unanswered),
        (2, 2),
        "and its count"
    );
    assert_eq!(
        s.state.search_for("is:snoozed"),
        Ok(Some(1)),
        "a query asking for it finds it"
    );
    s.state.search_for("").unwrap();

    // An hour later its 30 minutes are long gone: the breach shows in the counts.
    s.advance(SignedDuration::from_hours(1));
    assert_eq!(s.state.pulse().breached, 1);
    assert_eq!(s.state.view_counts(View::Breaching), (1, 1));
    let at = View::all()
        .iter()
        .position(|v| *v == View::Breaching)
        .unwrap();
    s.state.apply(Action::SelectView(at));
    assert_eq!(
        s.state.inbox.iter().copied().collect::<Vec<_>>(),
        [complaint]
    );

    // At its time the service brings it back, new and marked, first of the waiting rows.
    s.advance(SignedDuration::from_hours(3));
    let back = s.next_change();
    assert_eq!(back.iter().map(|m| m.id).collect::<Vec<_>>(), [complaint]);
    assert_eq!(back[0].status, Status::New);
    assert!(back[0].is_back_from_snooze());
    assert_eq!(s.unanswered_rows().first(), Some(&complaint));
    assert_eq!(s.state.view_counts(View::Unanswered), (3, 3));
    s.service.shutdown();
}

#[test]
fn one_change_applies_to_every_message_chosen_and_is_told_once() {
    let mut s = setup();
    let chosen = vec![s.ids[1], s.ids[2]];
    s.service.send(Command::Change {
        ids: chosen.clone(),
        change: Change::Tags {
            add: vec!["hours".into(), "Weekend".into()],
            remove: vec![],
        },
    });
    let changed = s.next_change();
    assert_eq!(changed.iter().map(|m| m.id).collect::<Vec<_>>(), chosen);
    assert!(changed.iter().all(|m| m.tags == ["hours", "Weekend"]));
    assert_eq!(s.state.search_for("tag:weekend"), Ok(Some(2)));
    s.state.search_for("").unwrap();

    s.service.send(Command::Change {
        ids: chosen.clone(),
        change: Change::Status(Status::Spam),
    });
    s.next_change();
    assert_eq!(s.unanswered_rows(), [s.ids[0]], "spam leaves the views");
    assert_eq!(s.state.view_counts(View::All), (1, 1));
    assert_eq!(s.state.search_for("is:spam"), Ok(Some(2)), "kept");
    s.service.shutdown();
}

#[test]
fn a_muted_author_s_waiting_and_new_messages_go_to_spam_and_the_others_do_not() {
    let mut s = setup();
    let person = tribune::profile::natural_key(Channel::Mastodon, "@c0@example.org");
    s.service.send(Command::SetMuted {
        person: person.clone(),
        muted: true,
        waiting: vec![s.ids[0]],
    });
    let changed = s.next_change();
    assert_eq!(
        changed.iter().map(|m| (m.id, m.status)).collect::<Vec<_>>(),
        [(s.ids[0], Status::Spam)]
    );

    s.feed
        .send(mention("10", "@c0@example.org", "Me again, still angry"))
        .unwrap();
    let changed = s.next_change();
    assert_eq!(changed[0].status, Status::Spam, "a new message of theirs");
    s.feed
        .send(mention("11", "@c9@example.org", "Hello there"))
        .unwrap();
    let changed = s.next_change();
    assert_eq!(changed[0].status, Status::New, "someone else's");
    assert_eq!(
        s.unanswered_rows().len(),
        3,
        "two of the first three, and the new one"
    );

    // Unmuted, their next message comes to the inbox.
    s.service.send(Command::SetMuted {
        person,
        muted: false,
        waiting: vec![],
    });
    s.feed
        .send(mention("12", "@c0@example.org", "Thanks for the refund"))
        .unwrap();
    let changed = s.next_change();
    assert_eq!(changed[0].status, Status::New);
    s.service.shutdown();
}

#[test]
fn a_search_lists_the_most_urgent_first_or_on_o_the_best_answer_first() {
    let mut s = setup();
    s.feed
        .send(mention(
            "20",
            "@late@example.org",
            "Three weeks and my parcel of tea and coffee never arrived, this is unacceptable",
        ))
        .unwrap();
    let late = s.next_change()[0].id;
    let lovely = s.ids[2];
    assert_eq!(s.state.search_for("coffee"), Ok(Some(2)));
    let rows = |s: &Setup| s.state.inbox.iter().copied().collect::<Vec<_>>();
    assert_eq!(rows(&s), [late, lovely], "the complaint is the more urgent");
    s.state.apply(Action::ToggleOrder);
    assert_eq!(
        rows(&s),
        [lovely, late],
        "the message about coffee answers best"
    );
    s.state.apply(Action::ToggleOrder);
    assert_eq!(rows(&s), [late, lovely]);
    s.service.shutdown();
}

#[test]
fn the_service_keeps_an_incident_opened_written_up_and_closed_and_shows_its_view() {
    use tribune::service::IncidentChange;
    let mut s = setup();
    let incident = tribune::incident::Incident {
        name: "refunds".into(),
        query: "refund".into(),
        since: now() - SignedDuration::from_mins(5),
        opened_at: now(),
        opened_by: String::new(),
        closed_at: None,
        closed_by: None,
        timeline: vec![],
    };
    s.service
        .send(Command::Incident(IncidentChange::Open(incident.clone())));
    let all = s.next_incidents();
    assert_eq!(all.len(), 1);
    assert!(all[0].is_open());
    // A second of the same name is refused, and the first stays as it was.
    s.service
        .send(Command::Incident(IncidentChange::Open(incident.clone())));
    s.service.send(Command::Incident(IncidentChange::Note {
        name: "refunds".into(),
        text: "Bank delay confirmed".into(),
    }));
    let all = s.next_incidents();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].timeline[0].text, "Bank delay confirmed");
    // The console shows it as a view of its own, holding the message its query finds.
    let view = s
        .state
        .views()
        .into_iter()
        .position(|v| s.state.view_title(v) == "⚑ refunds")
        .expect("a view for the incident");
    s.state.apply(Action::SelectView(view));
    assert_eq!(s.state.inbox.as_slice(), [s.ids[0]]);
    // There, the report screen is the incident's: its one message, its timeline.
    for effect in s.state.apply(Action::ToggleReport) {
        if let Effect::Command(command) = effect {
            s.service.send(command);
        }
    }
    let report = s.next(|e| match e {
        Event::Report(r) => Some(r.clone()),
        _ => None,
    });
    assert_eq!(report.totals.inbound, 1);
    let figures = report.incident.as_ref().expect("the incident's figures");
    assert_eq!(figures.per_10_min[0].count, 1);
    assert_eq!(figures.top_words[0].1, 1);
    let text = crate::support::screen::screen(&s.state, 100, 30);
    assert!(text.contains("Incident refunds"), "{text}");
    assert!(text.contains("Bank delay confirmed"), "{text}");
    assert!(text.contains("per 10 min  in █"), "{text}");
    s.state.apply(Action::ToggleReport);
    // Closed from its view: its report comes up, the incident kept.
    s.state.apply(Action::CloseIncident);
    for effect in s
        .state
        .apply(Action::LineAskKey(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )))
    {
        if let Effect::Command(command) = effect {
            s.service.send(command);
        }
    }
    // The report and the closed incident come in either order.
    let (mut closed, mut report) = (None, None);
    while closed.is_none() || report.is_none() {
        match s.next(|e| match e {
            Event::Incidents(all) => Some(Ok(all.clone())),
            Event::Report(r) => Some(Err(r.clone())),
            _ => None,
        }) {
            Ok(all) => closed = Some(all),
            Err(r) => report = Some(r),
        }
    }
    let all = closed.unwrap();
    assert!(!all[0].is_open());
    assert_eq!(report.unwrap().totals.inbound, 1);
    let text = crate::support::screen::screen(&s.state, 100, 30);
    assert!(text.contains("Incident refunds (closed)"), "{text}");
    assert!(
        !s.state
            .views()
            .into_iter()
            .any(|v| s.state.view_title(v) == "⚑ refunds")
    );
}
