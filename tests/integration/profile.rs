//! Customer profiles built from an imported JSONL file: one person across three networks by
//! their handles, a fourth identity linked by an agent, tags, notes and our replies.

use tribune::app::{Action, Effect, State};
use tribune::model::Channel;
use tribune::profile::{self, PersonNote, PersonRecord, Tag};
use tribune::service::{Command as ServiceCommand, Event};
use tribune::sla::Policies;
use tribune::store::Store;

const FILE: &str = r#"{"channel":"mastodon","account":"@brand@example.social","external_id":"m1","kind":"mention","direction":"inbound","author":{"handle":"@ana.martin@piaille.fr","name":"Ana Martin","followers":800},"text":"Ma commande n'est jamais arrivée, c'est inadmissible.","created_at":"2026-10-01T09:00:00Z","lang":"fr"}
{"channel":"mastodon","account":"@brand@example.social","external_id":"r1","kind":"comment","direction":"outbound","author":{"handle":"@brand@example.social","name":"sam"},"text":"Désolés Ana, nous regardons tout de suite.","created_at":"2026-10-01T09:40:00Z","in_reply_to":"m1"}
{"channel":"bluesky","account":"brand.bsky.social","external_id":"b1","kind":"mention","direction":"inbound","author":{"handle":"ana.martin.bsky.social","name":"Ana M.","followers":25000},"text":"Still no refund from @brand. Terrible service, avoid.","created_at":"2026-10-15T18:30:00Z","lang":"en"}
{"channel":"instagram","account":"brand","external_id":"i1","kind":"comment","direction":"inbound","author":{"handle":"@ana_martin","name":"Ana Martin","followers":1200},"text":"Où en est mon remboursement ?","created_at":"2026-11-10T12:00:00Z","lang":"fr"}
{"channel":"facebook","account":"brand","external_id":"f1","kind":"comment","direction":"inbound","author":{"handle":"Ana Martin (Lyon)"},"text":"Toujours rien reçu, lamentable.","created_at":"2026-11-12T08:00:00Z","lang":"fr"}
{"channel":"mastodon","account":"@brand@example.social","external_id":"m2","kind":"mention","direction":"inbound","author":{"handle":"@bob@other.social","name":"Bob","followers":40},"text":"Love the new blend!","created_at":"2026-11-11T10:00:00Z","lang":"en"}
"#;

use crate::support::now;

fn imported(dir: &std::path::Path) -> Store {
    let file = dir.join("messages.jsonl");
    std::fs::write(&file, FILE).unwrap();
    let data = dir.join("store");
    crate::support::succeed(crate::support::tribune(&data).arg("import").arg(&file));
    // The data directory holds the store in `store/`.
    Store::open(&data.join("store")).unwrap()
}

#[test]
fn one_person_across_channels_with_tags_history_and_an_agents_link() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let messages = store.all_messages().unwrap();
    let links = store.links().unwrap();
    let key = profile::person_key(Channel::Instagram, "@ana_martin", &links);
    let p = profile::build(&key, messages.iter(), &links, None, 10_000, now());

    let handles: Vec<(Channel, &str)> = p
        .handles
        .iter()
        .map(|h| (h.channel, h.handle.as_str()))
        .collect();
    assert_eq!(
        handles,
        [
            (Channel::Mastodon, "@ana.martin@piaille.fr"),
            (Channel::Bluesky, "ana.martin.bsky.social"),
            (Channel::Instagram, "@ana_martin"),
        ]
    );
    assert_eq!(p.name, "Ana Martin", "the latest display name");
    assert_eq!(p.audience, Some(25_000));
    assert_eq!(p.messages, 3);
    assert_eq!(
        p.first_contact,
        Some("2026-10-01T09:00:00Z".parse().unwrap())
    );
    assert_eq!(
        p.last_contact,
        Some("2026-11-10T12:00:00Z".parse().unwrap())
    );
    // Three messages from 1 October to 20 November: 7.1 weeks.
    assert!(
        (p.per_week - 3.0 / (50.04 / 7.0)).abs() < 0.01,
        "{}",
        p.per_week
    );
    assert!(
        p.tags.contains(&Tag::Influencer) && p.tags.contains(&Tag::Detractor),
        "{:?}",
        p.tags
    );
    // The Mastodon thread was answered; Bluesky and Instagram still wait.
    assert_eq!(p.open_conversations.len(), 2);
    let history: Vec<&str> = p.history.iter().map(|m| m.external_id.as_str()).collect();
    assert_eq!(history, ["m1", "r1", "b1", "i1"], "our reply in its place");
    assert_eq!(p.sentiment.len(), 3);
    assert!(
        p.sentiment
            .iter()
            .all(|(_, _, l)| *l == tribune::model::SentimentLabel::Neg)
    );

    // An agent links the Facebook name, marks her VIP and writes a note; all survive reopening.
    store
        .link_author(Channel::Facebook, "Ana Martin (Lyon)", &key)
        .unwrap();
    store
        .save_person(
            &key,
            &PersonRecord {
                vip: true,
                notes: vec![PersonNote {
                    agent: "sam".into(),
                    at: now(),
                    text: "Called her: parcel lost by the carrier.".into(),
                }],
                muted: false,
            },
        )
        .unwrap();
    let data = store.path().to_path_buf();
    drop(store);
    let store = Store::open(&data).unwrap();
    let links = store.links().unwrap();
    let record = store.person(&key).unwrap();
    let p = profile::build(
        &key,
        messages.iter(),
        &links,
        record.as_ref(),
        10_000,
        now(),
    );
    assert_eq!(p.handles.len(), 4);
    assert_eq!(p.messages, 4);
    assert_eq!(p.tags[0], Tag::Vip);
    assert_eq!(p.notes[0].text, "Called her: parcel lost by the carrier.");
    // Bob is someone else.
    let bob = profile::build("bob", messages.iter(), &links, None, 10_000, now());
    assert_eq!((bob.messages, bob.tags.len()), (1, 0));
}

#[test]
fn the_console_opens_a_profile_and_sends_the_agents_marks() {
    let dir = tempfile::tempdir().unwrap();
    let store = imported(dir.path());
    let mut state = State::new(
        Policies::from_config(&Default::default()),
        now(),
        "imported".into(),
    );
    state.colour = false;
    state.apply(Action::Service(Event::Loaded {
        inbox: tribune::service::Backlog::whole(store.all_messages().unwrap()),
        drafts: vec![],
        outbox: vec![],
        assigned: vec![],
        changes: 0,
    }));
    let select = |state: &mut State, external: &str| {
        state.selected = state
            .inbox
            .iter()
            .position(|id| {
                state
                    .shared
                    .messages
                    .get(id)
                    .is_some_and(|m| m.external_id == external)
            })
            .unwrap();
    };
    // m on Ana's Instagram comment, L on the Facebook one: a link command for that author.
    select(&mut state, "i1");
    state.apply(Action::MarkForLink);
    select(&mut state, "f1");
    let effects = state.apply(Action::LinkToMark);
    let facebook_id = state.selected_id().unwrap();
    assert!(
        effects.iter().any(|e| matches!(e,
            Effect::Command(ServiceCommand::LinkAuthor { author_of, person })
                if *author_of == facebook_id && person == "anamartin")),
        "{effects:?}"
    );
    // As the service answers, the profile opened from the Facebook comment is Ana's.
    store
        .link_author(Channel::Facebook, "Ana Martin (Lyon)", "anamartin")
        .unwrap();
    state.apply(Action::Service(Event::People {
        links: store.links().unwrap(),
        records: vec![],
    }));
    state.apply(Action::ToggleProfile);
    let text = crate::support::screen::screen(&state, 100, 30);
    assert!(text.contains("Profile · Ana Martin"), "{text}");
    assert!(text.contains("[influencer] [detractor]"), "{text}");
    assert!(text.contains("FB Ana Martin (Lyon)"), "{text}");
    assert!(text.contains("↳ sam: Désolés Ana"), "{text}");
    assert!(text.contains("4 messages"), "{text}");
    // At 80 columns the four handles wrap rather than run off the edge.
    let narrow = crate::support::screen::screen(&state, 80, 24);
    for handle in [
        "MA @ana.martin@piaille.fr",
        "BS ana.martin.bsky.social",
        "FB Ana Martin (Lyon)",
        "IG @ana_martin",
    ] {
        assert!(narrow.contains(handle), "{handle} in:\n{narrow}");
    }
    // v and a typed note become commands for the service.
    let effects = state.apply(Action::ToggleVip);
    assert!(effects.iter().any(|e| matches!(e,
        Effect::Command(ServiceCommand::SetVip { person, vip: true }) if person == "anamartin")));
    state.apply(Action::StartPersonNote);
    let mut sent = Vec::new();
    for c in "Prefers DMs".chars() {
        sent.extend(
            state.apply(Action::PersonNoteKey(key(crossterm::event::KeyCode::Char(
                c,
            )))),
        );
    }
    sent.extend(state.apply(Action::PersonNoteKey(key(crossterm::event::KeyCode::Enter))));
    assert!(
        sent.iter().any(|e| matches!(e,
        Effect::Command(ServiceCommand::AddPersonNote { person, text })
            if person == "anamartin" && text == "Prefers DMs")),
        "{sent:?}"
    );
}

fn key(code: crossterm::event::KeyCode) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE)
}
