//! The consoles attached to one service: how they attach and leave (`Hub`, `ConsoleLink`),
//! and the service's side of them (`Consoles`): who each is, what each looks at and writes,
//! and which events go to the console that asked and which to every console.

use super::{Command, Event};
use crate::model::MessageId;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc;

/// One attached console, numbered from 1 in the order they attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConsoleId(pub u64);

/// Requests that are not from a console (another process asking on the control socket).
pub(super) const OUTSIDE: ConsoleId = ConsoleId(0);

/// What travels from consoles (and the control socket) to the service.
pub(super) enum Request {
    Attach {
        console: ConsoleId,
        agent: String,
        events: mpsc::UnboundedSender<Event>,
    },
    Command(ConsoleId, Command),
    /// The console closed (a quit, a cut connection): its presence goes at once.
    Detach(ConsoleId),
    Shutdown,
}

/// Where consoles attach; cheap to clone, one per service.
#[derive(Clone)]
pub struct Hub {
    requests: mpsc::UnboundedSender<Request>,
    next: Arc<AtomicU64>,
}

impl Hub {
    pub(super) fn new(requests: mpsc::UnboundedSender<Request>) -> Hub {
        Hub {
            requests,
            next: Arc::new(AtomicU64::new(1)),
        }
    }

    /// Attaches a console working as `agent`: it hears `Loaded` first, then every change.
    pub fn attach(&self, agent: &str) -> ConsoleLink {
        let id = ConsoleId(self.next.fetch_add(1, Ordering::Relaxed));
        let (events_tx, events) = mpsc::unbounded_channel();
        let _ = self.requests.send(Request::Attach {
            console: id,
            agent: agent.to_string(),
            events: events_tx,
        });
        ConsoleLink {
            id,
            requests: self.requests.clone(),
            events,
        }
    }

    /// Sends a command from outside any console (the control socket).
    pub(super) fn send_outside(&self, command: Command) -> bool {
        self.requests
            .send(Request::Command(OUTSIDE, command))
            .is_ok()
    }

    pub(super) fn is_closed(&self) -> bool {
        self.requests.is_closed()
    }

    pub(super) fn shutdown(&self) {
        let _ = self.requests.send(Request::Shutdown);
    }
}

/// One console's seam with the service: commands out, events in. Dropping it detaches the
/// console.
pub struct ConsoleLink {
    pub id: ConsoleId,
    requests: mpsc::UnboundedSender<Request>,
    pub events: mpsc::UnboundedReceiver<Event>,
}

impl ConsoleLink {
    pub fn send(&self, command: Command) {
        // A closed channel means the service stopped; its own Failed event already said why.
        let _ = self.requests.send(Request::Command(self.id, command));
    }
}

impl ConsoleLink {
    /// Detaches this console now, though the link lives on (a team server's own console,
    /// which serves no one): the service stops sending to it.
    pub(super) fn detach_now(&self) {
        let _ = self.requests.send(Request::Detach(self.id));
    }
}

impl Drop for ConsoleLink {
    fn drop(&mut self) {
        let _ = self.requests.send(Request::Detach(self.id));
    }
}

/// An attached console as the others see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub console: ConsoleId,
    pub agent: String,
    pub looking: Option<MessageId>,
    pub writing: Option<MessageId>,
}

/// What another process learns by asking: whether a team server holds the store, where it
/// listens, and which agents are attached.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServerInfo {
    pub listening: Option<String>,
    pub agents: Vec<String>,
}

struct Attached {
    events: mpsc::UnboundedSender<Event>,
    presence: Presence,
}

/// The service's side: every attached console, and the one whose command is being applied.
#[derive(Default)]
pub(super) struct Consoles {
    attached: BTreeMap<ConsoleId, Attached>,
    /// The console whose command is being applied (answers go to it).
    pub(super) asking: Option<ConsoleId>,
    /// How many `Changed` were told to consoles (they number them to share an index).
    changes: std::cell::Cell<u64>,
}

impl Consoles {
    pub(super) fn attach(
        &mut self,
        console: ConsoleId,
        agent: String,
        events: mpsc::UnboundedSender<Event>,
    ) {
        let presence = Presence {
            console,
            agent,
            looking: None,
            writing: None,
        };
        self.attached.insert(console, Attached { events, presence });
    }

    /// Removes a console; true when it was attached (its presence must be taken back).
    pub(super) fn detach(&mut self, console: ConsoleId) -> bool {
        self.attached.remove(&console).is_some()
    }

    /// The agent of the console asking now ("tribune" for another process).
    pub(super) fn agent(&self) -> &str {
        self.asking
            .and_then(|c| self.attached.get(&c))
            .map_or("tribune", |a| a.presence.agent.as_str())
    }

    /// Sends `event` to the console asking now (nowhere when a process outside asked).
    pub(super) fn answer(&self, event: Event) {
        if let Some(a) = self.asking.and_then(|c| self.attached.get(&c)) {
            let _ = a.events.send(event);
        }
    }

    /// A sender to the console asking now, for answers made off the service's thread.
    pub(super) fn answer_later(&self) -> Option<mpsc::UnboundedSender<Event>> {
        self.asking
            .and_then(|c| self.attached.get(&c))
            .map(|a| a.events.clone())
    }

    /// Sends `event` to every attached console (a console whose channel closed is skipped;
    /// its link's drop detaches it).
    pub(super) fn broadcast(&self, event: Event) {
        if matches!(event, Event::Changed(_)) {
            self.changes.set(self.changes.get() + 1);
        }
        for a in self.attached.values() {
            let _ = a.events.send(event.clone());
        }
    }

    pub(super) fn changes(&self) -> u64 {
        self.changes.get()
    }

    /// A sender that reaches every console attached when the work ends, for background work.
    pub(super) fn everyone(&self) -> Vec<mpsc::UnboundedSender<Event>> {
        self.attached.values().map(|a| a.events.clone()).collect()
    }

    /// Records what the asking console looks at and writes; true when that changed.
    pub(super) fn set_presence(
        &mut self,
        looking: Option<MessageId>,
        writing: Option<MessageId>,
    ) -> bool {
        let Some(a) = self.asking.and_then(|c| self.attached.get_mut(&c)) else {
            return false;
        };
        let changed = a.presence.looking != looking || a.presence.writing != writing;
        a.presence.looking = looking;
        a.presence.writing = writing;
        changed
    }

    pub(super) fn presence(&self) -> Vec<Presence> {
        self.attached.values().map(|a| a.presence.clone()).collect()
    }

    /// The agents attached, one name each, in name order.
    pub(super) fn agents(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .attached
            .values()
            .map(|a| a.presence.agent.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }
}
