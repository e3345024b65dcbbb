//! The service's thread: applies commands and connector batches to the store, in order.

use super::consoles::{Consoles, Request};
use super::{Command, Event};
use crate::clock::Clock;
use crate::connectors::post::{PostError, Posted, Poster};
use crate::connectors::{Connector, ConnectorContext, ConnectorEvent, ConnectorRequest};
use crate::ingest;
use crate::model::Channel;
use crate::sla::Policies;
use crate::store::OutboxId;
use crate::store::{AuditEntry, Draft, Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::mpsc;

pub(super) enum Input {
    Request(Request),
    Connector(ConnectorEvent),
    /// The search index caught up with the store (`service/search.rs`).
    SearchCaughtUp(super::search::CaughtUp),
    /// A network's answer to posting an outbox entry.
    Posted {
        id: OutboxId,
        result: Result<Posted, PostError>,
    },
    /// Time to send what the outbox holds due.
    OutboxTick,
}

/// How long a stopping service waits for the answers to replies it already posted.
const POSTS_WAIT_AT_SHUTDOWN: std::time::Duration = std::time::Duration::from_secs(5);

/// How often the outbox looks for replies whose undo window or retry delay has passed.
const OUTBOX_TICK: std::time::Duration = std::time::Duration::from_millis(250);

pub(super) struct Worker {
    pub(super) store: Store,
    pub(super) clock: Arc<dyn Clock>,
    /// The attached consoles, and the one whose command is being applied.
    pub(super) consoles: Consoles,
    /// The team's agents (name, display name), for assignment.
    pub(super) agents: Vec<(String, String)>,
    pub(super) listening: Option<String>,
    /// The response-time policies, for reports.
    pub(super) policies: Policies,
    pub(super) posters: HashMap<Channel, Arc<dyn Poster>>,
    pub(super) undo_window: jiff::SignedDuration,
    /// Outbox entries whose request is out; not sent again until it answers.
    pub(super) in_flight: HashSet<OutboxId>,
    /// Outbox entries still queued or sending: the only ones the pump reads.
    pub(super) pending: std::collections::BTreeSet<OutboxId>,
    /// The way back into this worker's loop, and the runtime posts run on.
    pub(super) input: Option<mpsc::UnboundedSender<Input>>,
    pub(super) runtime: Option<tokio::runtime::Handle>,
    /// Request channels of running connectors, with the channels each serves.
    pub(super) routes: Vec<(Vec<Channel>, mpsc::UnboundedSender<ConnectorRequest>)>,
    /// When old metric readings were last folded into hourly and daily means, and the
    /// thread folding them (waited for at shutdown, so that the store closes whole).
    pub(super) compacted_at: Option<jiff::Timestamp>,
    pub(super) compacting: Option<std::thread::JoinHandle<()>>,
    /// Automatic backups, and when the next one is due (worked out on the first tick).
    pub(super) backups: Option<super::BackupPolicy>,
    pub(super) next_backup: Option<jiff::Timestamp>,
    /// Each source's last health report, for `tribune doctor` asking while this runs.
    pub(super) health: super::SourcesHealth,
    /// The full-text index, fed as messages are stored.
    pub(super) search: super::search::SearchFeed,
    /// Who is muted (their new messages are stored as spam).
    pub(super) muted: super::mute::Muted,
    /// Bringing snoozed messages back failed, and the consoles were told.
    pub(super) snoozes_failed: bool,
}

impl Worker {
    pub(super) fn new(store: Store, clock: Arc<dyn Clock>, options: super::Options) -> Self {
        Worker {
            store,
            clock,
            consoles: Consoles::default(),
            agents: options.agents,
            listening: options.listening,
            policies: options.policies,
            posters: options.posters,
            undo_window: options.undo_window,
            in_flight: HashSet::new(),
            pending: Default::default(),
            input: None,
            runtime: None,
            routes: Vec::new(),
            compacted_at: None,
            compacting: None,
            backups: options.backups,
            next_backup: None,
            health: Default::default(),
            search: Default::default(),
            muted: Default::default(),
            snoozes_failed: false,
        }
    }

    /// Folds old readings into means at most once an hour, so a year of readings stays
    /// small; on a thread of its own, so that the service answers meanwhile.
    fn compact_samples_hourly(&mut self, now: jiff::Timestamp) {
        if self
            .compacted_at
            .is_some_and(|at| now.duration_since(at) < jiff::SignedDuration::from_hours(1))
        {
            return;
        }
        self.compacted_at = Some(now);
        let compactor = self.store.sample_compactor();
        let everyone = self.consoles.everyone();
        self.compacting = Some(std::thread::spawn(move || match compactor.compact(now) {
            Ok(0) => {}
            Ok(removed) => tracing::info!(
                removed,
                "old metric readings folded into hourly and daily means"
            ),
            Err(e) => {
                tracing::error!(error = %e, "folding old metric readings failed");
                for events in everyone {
                    let _ = events.send(Event::Failed(e.to_string()));
                }
            }
        }));
    }

    pub(super) fn run(
        mut self,
        mut requests: mpsc::UnboundedReceiver<Request>,
        connectors: Vec<Box<dyn Connector>>,
        runtime: tokio::runtime::Handle,
    ) {
        let (input_tx, mut input_rx) = mpsc::unbounded_channel();
        for connector in connectors {
            self.spawn_connector(connector, &runtime, input_tx.clone());
        }
        runtime.spawn({
            let input_tx = input_tx.clone();
            async move {
                while let Some(r) = requests.recv().await {
                    if input_tx.send(Input::Request(r)).is_err() {
                        break;
                    }
                }
                let _ = input_tx.send(Input::Request(Request::Shutdown));
            }
        });
        runtime.spawn({
            let input_tx = input_tx.clone();
            async move {
                let mut tick = tokio::time::interval(OUTBOX_TICK);
                loop {
                    tick.tick().await;
                    if input_tx.send(Input::OutboxTick).is_err() {
                        break;
                    }
                }
            }
        });
        self.input = Some(input_tx);
        self.runtime = Some(runtime.clone());
        self.start_search_index();
        match super::mute::Muted::load(&self.store) {
            Ok(muted) => self.muted = muted,
            Err(e) => tracing::error!(error = %e, "who is muted cannot be read"),
        }
        // Replies left "sending" by a crash go out again now, under their own keys.
        match self.store.outbox() {
            Ok(all) => {
                self.pending = all
                    .iter()
                    .filter(|e| e.is_pending())
                    .map(|e| e.id)
                    .collect()
            }
            Err(e) => tracing::error!(error = %e, "the outbox cannot be read"),
        }
        if let Err(e) = self.pump_outbox() {
            tracing::error!(error = %e, "the outbox cannot be sent");
        }
        while let Some(input) = input_rx.blocking_recv() {
            self.consoles.asking = None;
            let result = match input {
                Input::Request(Request::Shutdown) => break,
                Input::Request(Request::Attach {
                    console,
                    agent,
                    events,
                }) => {
                    self.consoles.attach(console, agent, events);
                    self.consoles.asking = Some(console);
                    self.commit_search_now();
                    self.emit_loaded();
                    self.tell_search();
                    Ok(())
                }
                Input::Request(Request::Detach(console)) => {
                    if self.consoles.detach(console) {
                        self.consoles
                            .broadcast(Event::Presence(self.consoles.presence()));
                    }
                    Ok(())
                }
                Input::Request(Request::Command(console, c)) => {
                    self.consoles.asking = Some(console);
                    self.apply(c)
                }
                Input::Connector(e) => self.on_connector(e),
                Input::Posted { id, result } => self.on_posted(id, result),
                Input::SearchCaughtUp(caught_up) => {
                    self.on_search_caught_up(caught_up);
                    Ok(())
                }
                Input::OutboxTick => {
                    self.backup_if_due();
                    self.commit_search_if_due();
                    // Replies go out even when snoozes cannot be read.
                    let pumped = self.pump_outbox();
                    self.wake_snoozed_or_say();
                    pumped
                }
            };
            if let Err(e) = result {
                tracing::error!(error = %e, "service step failed");
                // The console that asked hears why; a failure of the service's own work is
                // everyone's.
                match self.consoles.asking {
                    Some(_) => self.consoles.answer(Event::Failed(e.to_string())),
                    None => self.consoles.broadcast(Event::Failed(e.to_string())),
                }
            }
        }
        self.finish_posts(&mut input_rx, &runtime);
        if let Some(compacting) = self.compacting.take() {
            let _ = compacting.join();
        }
        if let super::search::SearchFeed::Ready(indexer) = &mut self.search
            && let Err(e) = indexer.commit()
        {
            tracing::error!(error = %e, "the search index's last commit failed");
        }
        if let Err(e) = self.store.flush() {
            tracing::error!(error = %e, "final flush failed");
        }
    }

    /// Replies already handed to a network when the service stops: their answers are waited
    /// for a moment, so a reply posted is recorded now rather than on the next start (where
    /// its idempotency key would keep it from being posted twice anyway).
    fn finish_posts(
        &mut self,
        input_rx: &mut mpsc::UnboundedReceiver<Input>,
        runtime: &tokio::runtime::Handle,
    ) {
        let deadline = std::time::Instant::now() + POSTS_WAIT_AT_SHUTDOWN;
        while !self.in_flight.is_empty() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                tracing::warn!(
                    replies = self.in_flight.len(),
                    "stopping before the network answered; sent again, under the same key, at the next start"
                );
                return;
            }
            match runtime.block_on(tokio::time::timeout(left, input_rx.recv())) {
                Ok(Some(Input::Posted { id, result })) => {
                    if let Err(e) = self.on_posted(id, result) {
                        tracing::error!(error = %e, "a posted reply cannot be recorded");
                    }
                }
                // Anything else waits for the next start (batches and commands are idempotent
                // or were answered already).
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => return,
            }
        }
    }

    fn spawn_connector(
        &mut self,
        connector: Box<dyn Connector>,
        runtime: &tokio::runtime::Handle,
        input: mpsc::UnboundedSender<Input>,
    ) {
        let name = connector.name();
        let cursor = match self.store.cursor(&name) {
            Ok(c) => c,
            Err(e) => {
                tracing::error!(source = %name, error = %e, "the cursor cannot be read; starting afresh");
                None
            }
        };
        let (event_tx, mut event_rx) = mpsc::unbounded_channel();
        let (request_tx, request_rx) = mpsc::unbounded_channel();
        self.routes.push((
            Channel::ALL
                .into_iter()
                .filter(|c| connector.serves(*c))
                .collect(),
            request_tx,
        ));
        let ctx = ConnectorContext {
            cursor,
            events: event_tx,
            requests: request_rx,
            clock: self.clock.clone(),
        };
        runtime.spawn(connector.run(ctx));
        runtime.spawn(async move {
            while let Some(e) = event_rx.recv().await {
                if input.send(Input::Connector(e)).is_err() {
                    break;
                }
            }
        });
    }

    fn apply(&mut self, command: Command) -> Result<(), StoreError> {
        match command {
            Command::SetStatus { id, status } => {
                if let Some(m) = self.store.set_status(id, status)? {
                    self.audit("status", Some(id), status.as_str())?;
                    self.store.flush()?;
                    self.consoles.broadcast(Event::Changed(vec![m]));
                }
                Ok(())
            }
            Command::SetSentiment { id, label } => self.set_sentiment(id, label),
            Command::SaveDraft { id, text } => {
                let agent = self.consoles.agent();
                if text.trim().is_empty() {
                    self.store.delete_draft(id, agent)?;
                } else {
                    self.store.save_draft(
                        id,
                        agent,
                        &Draft {
                            text,
                            updated_at: self.clock.now(),
                        },
                    )?;
                }
                self.store.flush()?;
                self.consoles.answer(Event::DraftSaved { id });
                Ok(())
            }
            Command::LoadConversation { id } => {
                let conversation = self.store.conversation(id)?;
                // The network may know more of the thread: its connector fetches it, and what
                // it finds arrives as a batch like any other.
                if let Some(root) = conversation.messages.first() {
                    for (channels, route) in &self.routes {
                        if channels.contains(&root.channel) {
                            let _ = route.send(ConnectorRequest::FetchThread {
                                external_id: root.external_id.clone(),
                            });
                        }
                    }
                }
                self.consoles.answer(Event::Conversation(conversation));
                Ok(())
            }
            Command::FetchMessages { ids } => {
                let mut read = Vec::with_capacity(ids.len());
                for id in ids {
                    read.extend(self.store.get(id)?);
                }
                self.consoles.answer(Event::Fetched(read));
                Ok(())
            }
            Command::LoadPerson { person, candidates } => {
                let messages = self.store.with_threads(&candidates)?;
                self.consoles.answer(Event::Person { person, messages });
                Ok(())
            }
            Command::SendReply {
                id,
                text,
                seen,
                private,
            } => self.send_reply(id, text, seen, private),
            Command::Assign { id, to } => self.assign(id, to),
            Command::Presence { looking, writing } => {
                if self.consoles.set_presence(looking, writing) {
                    self.consoles
                        .broadcast(Event::Presence(self.consoles.presence()));
                }
                Ok(())
            }
            Command::Server { reply } => {
                let _ = reply.send(super::ServerInfo {
                    listening: self.listening.clone(),
                    agents: self.consoles.agents(),
                });
                Ok(())
            }
            Command::CancelReply { outbox } => self.cancel_reply(outbox),
            Command::CancelReplies { outbox } => self.cancel_replies(outbox),
            Command::Change { ids, change } => self.change_all(ids, change),
            Command::ReplyEach {
                ids,
                template,
                signature,
            } => self.reply_each(ids, template, signature),
            Command::AddNote { id, text } => {
                let Some(m) = self.store.get(id)? else {
                    return Ok(());
                };
                self.store.add_note(&crate::model::Note {
                    conversation: m.conversation,
                    agent: self.consoles.agent().to_string(),
                    at: self.clock.now(),
                    text,
                })?;
                self.audit("note", Some(id), "")?;
                self.store.flush()?;
                self.consoles.broadcast(Event::Conversation(
                    self.store.conversation(m.conversation)?,
                ));
                Ok(())
            }
            Command::LoadReport { since, only } => {
                let now = self.clock.now();
                let Some(events) = self.consoles.answer_later() else {
                    return Ok(());
                };
                let (scan, policies) = (self.store.scan(), self.policies.clone());
                let (from, until) = only
                    .as_ref()
                    .map_or((now - since, now), |o| (o.since, o.until));
                // Every message is read (seconds at a million) on a thread of its own; only
                // the period's are kept: all the report counts was written in it.
                std::thread::spawn(move || {
                    let event = match scan.since(from) {
                        Ok(messages) => Event::Report(Box::new(crate::report::of_scope(
                            messages, only, &policies, from, until,
                        ))),
                        Err(e) => Event::Failed(e.to_string()),
                    };
                    let _ = events.send(event);
                });
                Ok(())
            }
            Command::LoadDashboard { period } => {
                let now = self.clock.now();
                self.compact_samples_hourly(now);
                let since = now - period.duration();
                let readings = self.store.readings_since(since)?;
                let messages = self.store.inbound_since(since)?;
                let dashboard = crate::metrics::dashboard::build(
                    period,
                    now,
                    &readings,
                    &messages,
                    &self.policies,
                );
                self.consoles.answer(Event::Dashboard(Box::new(dashboard)));
                Ok(())
            }
            Command::LinkAuthor { author_of, person } => {
                let Some(m) = self.store.get(author_of)? else {
                    return Ok(());
                };
                self.store
                    .link_author(m.channel, &m.author.handle, &person)?;
                self.audit(
                    "link author",
                    Some(author_of),
                    &format!("{} {} is {person}", m.channel.as_str(), m.author.handle),
                )?;
                self.reload_muted()?;
                self.emit_people()
            }
            Command::SetMuted {
                person,
                muted,
                waiting,
            } => self.set_muted(person, muted, waiting),
            Command::Incident(change) => self.change_incident(change),
            Command::SetVip { person, vip } => {
                let mut record = self.store.person(&person)?.unwrap_or_default();
                record.vip = vip;
                self.store.save_person(&person, &record)?;
                self.audit(if vip { "mark VIP" } else { "unmark VIP" }, None, &person)?;
                self.emit_people()
            }
            Command::AddPersonNote { person, text } => {
                let mut record = self.store.person(&person)?.unwrap_or_default();
                record.notes.push(crate::profile::PersonNote {
                    agent: self.consoles.agent().to_string(),
                    at: self.clock.now(),
                    text,
                });
                self.store.save_person(&person, &record)?;
                self.audit("note on person", None, &person)?;
                self.emit_people()
            }
            Command::Backup { reply } => {
                // The answer crosses to another process as text.
                let _ = reply.send(self.backup_now().map_err(|e| e.to_string()));
                Ok(())
            }
            Command::Health { reply } => {
                let _ = reply.send(self.health.clone());
                Ok(())
            }
        }
    }

    fn on_connector(&mut self, event: ConnectorEvent) -> Result<(), StoreError> {
        match event {
            ConnectorEvent::Batch(batch) => {
                let mut result = ingest::ingest(&self.store, batch, None)?;
                self.spam_the_muted(&mut result.stored)?;
                self.index_stored(&result.stored);
                let changed: Vec<_> = result.changed().cloned().collect();
                if !changed.is_empty() {
                    self.consoles.broadcast(Event::Changed(changed));
                }
                Ok(())
            }
            ConnectorEvent::Health { source, ok, detail } => {
                self.health.insert(source.clone(), (ok, detail.clone()));
                self.consoles
                    .broadcast(Event::SourceHealth { source, ok, detail });
                Ok(())
            }
        }
    }

    pub(super) fn audit(
        &self,
        action: &str,
        message: Option<crate::model::MessageId>,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.audit_as(self.consoles.agent(), action, message, detail)
    }

    /// An audit entry for an action taken by `agent` (a reply queued in an earlier session
    /// is still theirs when it is sent).
    pub(super) fn audit_as(
        &self,
        agent: &str,
        action: &str,
        message: Option<crate::model::MessageId>,
        detail: &str,
    ) -> Result<(), StoreError> {
        self.store.record(&AuditEntry {
            at: self.clock.now(),
            agent: agent.to_string(),
            action: action.into(),
            message,
            detail: detail.into(),
        })
    }
}
