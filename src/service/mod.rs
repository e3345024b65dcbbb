//! The service owns the store and the connectors. Consoles talk to it only through commands in
//! and events out; any number of consoles attach to one service (`tribune serve` gives one to
//! each SSH session), each as an agent, and each hears what it asked and what changed for all.

mod backups;
mod bulk;
mod consoles;
pub mod control;
mod incidents;
mod loaded;
mod mute;
mod outbox;
mod search;
mod team;
mod worker;

pub use bulk::{Change, retag};
pub use consoles::{ConsoleId, ConsoleLink, Hub, Presence, ServerInfo};
pub use incidents::IncidentChange;

pub use crate::store::BackupPolicy;

use crate::clock::Clock;
use crate::connectors::Connector;
use crate::connectors::post::Poster;
use crate::model::Channel;
use crate::model::{Conversation, Message, MessageId, SentimentLabel, Status};
use crate::sla::Policies;
use crate::store::Store;
use crate::store::{OutboxEntry, OutboxId};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;

/// What a console asks of the service.
#[derive(Debug, Clone)]
pub enum Command {
    SetStatus {
        id: MessageId,
        status: Status,
    },
    /// An agent's sentiment label; `None` hands the message back to the tagger.
    SetSentiment {
        id: MessageId,
        label: Option<SentimentLabel>,
    },
    /// Queue a reply to `id` in the outbox (sent once the undo window closes). With `seen`,
    /// the reply is held (`Event::ReplyHeld`) when the conversation moved on since then (a
    /// customer wrote, another reply was queued or sent); without, it is sent as confirmed.
    SendReply {
        id: MessageId,
        text: String,
        seen: Option<Seen>,
        /// To the comment's author privately (Facebook's private reply), not under it.
        private: bool,
    },
    /// Assign the conversation of `id` to an agent (by name), or to no one.
    Assign {
        id: MessageId,
        to: Option<String>,
    },
    /// What this console's agent is looking at and writing a reply to (shown to the others).
    Presence {
        looking: Option<MessageId>,
        writing: Option<MessageId>,
    },
    /// Attach an internal note to the conversation of `id`.
    AddNote {
        id: MessageId,
        text: String,
    },
    /// Undo a queued reply; its text goes back to the draft.
    CancelReply {
        outbox: OutboxId,
    },
    /// Undo the replies of one template sent to many messages (those still queued).
    CancelReplies {
        outbox: Vec<OutboxId>,
    },
    /// Change each of these messages (the marked rows, or one).
    Change {
        ids: Vec<MessageId>,
        change: Change,
    },
    /// Reply to each of these messages with one template, filled from each message;
    /// `signature` fills `{agent}`.
    ReplyEach {
        ids: Vec<MessageId>,
        template: String,
        signature: String,
    },
    /// The report over the last `since`, as of now.
    LoadReport {
        since: jiff::SignedDuration,
        /// Only these messages (an incident's), over their own period.
        only: Option<crate::report::Scope>,
    },
    /// The live panels over a period, as of now.
    LoadDashboard {
        period: crate::metrics::Period,
    },
    SaveDraft {
        id: MessageId,
        text: String,
    },
    /// Make the author of message `author_of` the person `person` (an agent's link).
    LinkAuthor {
        author_of: MessageId,
        person: String,
    },
    SetVip {
        person: String,
        vip: bool,
    },
    /// Mute a person (their new messages arrive as spam; `waiting`, their messages still
    /// waiting, become spam now), or unmute them.
    SetMuted {
        person: String,
        muted: bool,
        waiting: Vec<MessageId>,
    },
    AddPersonNote {
        person: String,
        text: String,
    },
    /// Open, write up or close an incident.
    Incident(IncidentChange),
    LoadConversation {
        id: MessageId,
    },
    /// Read these messages in full (the console shows them).
    FetchMessages {
        ids: Vec<MessageId>,
    },
    /// Read the messages that may be `person`'s (found from summaries), with the threads
    /// they are in, for their profile.
    LoadPerson {
        person: String,
        candidates: Vec<MessageId>,
    },
    /// Take a backup now (asked by `tribune backup` while this process holds the store).
    Backup {
        reply: std::sync::mpsc::Sender<Result<crate::store::BackupSummary, String>>,
    },
    /// Each source's last health report (asked by `tribune doctor` while this runs).
    Health {
        reply: std::sync::mpsc::Sender<SourcesHealth>,
    },
    /// Whether this process serves a team, and who is attached (asked by other processes).
    Server {
        reply: std::sync::mpsc::Sender<ServerInfo>,
    },
}

/// How far an agent had read a conversation when they started a reply: its newest message
/// and the newest outbox entry they knew of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub message: MessageId,
    pub outbox: Option<OutboxId>,
}

/// Each source's last report: healthy or not, and what it said.
pub type SourcesHealth = std::collections::BTreeMap<String, (bool, String)>;

/// What a console opens on: the backlog of the inbox, before any change.
#[derive(Debug, Clone)]
pub enum Backlog {
    /// Every inbound message's summary: the views are built from these alone, and the
    /// console asks for the messages it shows.
    Summaries(Vec<crate::summary::Summary>),
    /// Every message at once (tests and small tools): nothing is asked later.
    Whole(Vec<Message>),
}

impl Backlog {
    pub fn whole(messages: Vec<Message>) -> Backlog {
        Backlog::Whole(messages)
    }

    pub fn summaries(summaries: Vec<crate::summary::Summary>) -> Backlog {
        Backlog::Summaries(summaries)
    }
}

/// What the service tells consoles.
#[derive(Debug, Clone)]
pub enum Event {
    /// The inbox at start, with the drafts in progress.
    Loaded {
        inbox: Backlog,
        drafts: Vec<(MessageId, String)>,
        /// Replies still on their way, failed, or recently sent.
        outbox: Vec<OutboxEntry>,
        /// Who each assigned message is assigned to.
        assigned: Vec<(MessageId, String)>,
        /// How many `Changed` the service told consoles before this (they are numbered from
        /// here, so consoles can share one index).
        changes: u64,
    },
    /// Messages stored or changed (by a source, a reply or an agent action).
    Changed(Vec<Message>),
    Conversation(Conversation),
    /// Messages read on request (`FetchMessages`).
    Fetched(Vec<Message>),
    /// The messages that may be a person's, with their threads (`LoadPerson`).
    Person {
        person: String,
        messages: Vec<Message>,
    },
    /// The full-text index, caught up with the store (told once it is, and to each console
    /// attaching after), or why there is none.
    SearchReady(Result<crate::search::TextIndex, String>),
    /// An outbox entry changed state (queued, sending, sent, failed, cancelled).
    Outbox(Box<OutboxEntry>),
    /// A draft is on disk (flushed): the composer can say so.
    DraftSaved {
        id: MessageId,
    },
    /// A cancelled reply's text, back as the message's draft.
    DraftRestored {
        id: MessageId,
        text: String,
    },
    SourceHealth {
        source: String,
        ok: bool,
        detail: String,
    },
    Report(Box<crate::report::Report>),
    Dashboard(Box<crate::metrics::Dashboard>),
    /// What agents recorded about people, and their links (after loading and each change).
    People {
        links: crate::profile::Links,
        records: Vec<(String, crate::profile::PersonRecord)>,
    },
    /// Who is attached, and what each looks at and writes (after each change).
    Presence(Vec<Presence>),
    /// Every tagged message's tags (after loading; changes come as `Changed`).
    Tagged(Vec<(MessageId, Vec<String>)>),
    /// Every incident, the most recent first (after loading and each change).
    Incidents(Vec<crate::incident::Incident>),
    /// A reply not queued because the conversation moved on since the agent opened it: what
    /// changed, one line each, and the text to send if they confirm.
    ReplyHeld {
        id: MessageId,
        text: String,
        changes: Vec<String>,
        private: bool,
    },
    /// The replies of `ReplyEach` queued (undone together), and the messages left out, each
    /// as its author and why.
    RepliesQueued {
        outbox: Vec<OutboxId>,
        skipped: Vec<String>,
    },
    /// Something was done; one sentence for the status bar.
    Done(String),
    /// Something failed; one sentence for the status bar.
    Failed(String),
}

/// The owner's handle on the service: its own console (the local one, or none that is used
/// for `tribune serve`), the hub other consoles attach through, and the way to stop it.
pub struct ServiceHandle {
    pub console: ConsoleLink,
    hub: Hub,
    worker: Option<std::thread::JoinHandle<()>>,
    /// Answers other tribune processes while the service runs.
    _control: Option<control::Control>,
}

impl ServiceHandle {
    /// Sends a command as the owner's console.
    pub fn send(&self, command: Command) {
        self.console.send(command);
    }

    /// Detaches the owner's own console: a team server's consoles are its SSH sessions.
    pub fn serve_only(&self) {
        self.console.detach_now();
    }

    /// Where more consoles attach.
    pub fn hub(&self) -> Hub {
        self.hub.clone()
    }

    /// Asks the service to stop, and waits until the store is flushed and closed.
    pub fn shutdown(mut self) {
        self.hub.shutdown();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

/// How the service is set up beyond its store and sources.
pub struct Options {
    /// Who is at the owner's keyboard: named on its audit entries and replies.
    pub agent: String,
    /// The agents of the team (names and display names), for assignment; may be empty.
    pub agents: Vec<(String, String)>,
    /// Where `tribune serve` listens, when this service is a team server.
    pub listening: Option<String>,
    /// The response-time policies, for reports.
    pub policies: Policies,
    /// How each channel's replies are posted; a channel without one records replies
    /// without posting them.
    pub posters: HashMap<Channel, Arc<dyn Poster>>,
    /// How long a sent reply can still be undone (zero: sent at once).
    pub undo_window: jiff::SignedDuration,
    /// Automatic backups of the store (None: only when asked).
    pub backups: Option<BackupPolicy>,
}

/// Starts the service on its own thread (sled calls block) and the connectors as tasks on
/// `runtime`.
pub fn start(
    store: Store,
    connectors: Vec<Box<dyn Connector>>,
    clock: Arc<dyn Clock>,
    options: Options,
    runtime: &tokio::runtime::Handle,
) -> ServiceHandle {
    let (request_tx, request_rx) = mpsc::unbounded_channel();
    let hub = Hub::new(request_tx);
    let console = hub.attach(&options.agent);
    let control = control::listen(store.path(), hub.clone());
    let worker = worker::Worker::new(store, clock, options);
    let handle = std::thread::Builder::new()
        .name("tribune-service".into())
        .spawn({
            let runtime = runtime.clone();
            move || worker.run(request_rx, connectors, runtime)
        })
        .ok();
    ServiceHandle {
        console,
        hub,
        worker: handle,
        _control: control,
    }
}
