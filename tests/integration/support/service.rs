//! The real service over a real store for tests: its worker on its own thread, no network
//! source, agent "ana", replies sent at once, no automatic backups — each test says only
//! what differs (policies, posters, an undo window).

use std::sync::Arc;
use tribune::clock::Clock;
use tribune::service::{Event, Options, ServiceHandle};
use tribune::sla::Policies;
use tribune::store::Store;

/// The runtime the service's connectors and outbox run on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// The options of the test service, under `policies`.
pub fn options(policies: Policies) -> Options {
    Options {
        agent: "ana".into(),
        agents: Vec::new(),
        listening: None,
        policies,
        posters: Default::default(),
        undo_window: jiff::SignedDuration::ZERO,
        backups: None,
    }
}

/// The default response-time policies.
pub fn default_policies() -> Policies {
    Policies::from_config(&tribune::config::Config::default().sla)
}

/// Starts the service on `store` with `options`, its time from `clock`.
pub fn start(
    store: Store,
    clock: Arc<dyn Clock>,
    options: Options,
    runtime: &tokio::runtime::Runtime,
) -> ServiceHandle {
    tribune::service::start(store, vec![], clock, options, runtime.handle())
}

/// The next event `wanted` accepts, those before it passed over.
pub fn until(
    service: &mut ServiceHandle,
    runtime: &tokio::runtime::Runtime,
    wanted: impl Fn(&Event) -> bool,
) -> Event {
    loop {
        let event = runtime
            .block_on(service.console.events.recv())
            .expect("the service answers");
        if wanted(&event) {
            return event;
        }
    }
}

/// A source that stores what the test hands it, when it hands it.
pub struct Fed(pub tokio::sync::mpsc::UnboundedReceiver<tribune::connectors::SourceBatch>);

impl tribune::connectors::Connector for Fed {
    fn name(&self) -> String {
        "fed".into()
    }

    fn serves(&self, _: tribune::model::Channel) -> bool {
        false
    }

    fn run(
        self: Box<Self>,
        ctx: tribune::connectors::ConnectorContext,
    ) -> tribune::connectors::ConnectorTask {
        let mut batches = self.0;
        Box::pin(async move {
            while let Some(b) = batches.recv().await {
                if ctx
                    .events
                    .send(tribune::connectors::ConnectorEvent::Batch(b))
                    .is_err()
                {
                    break;
                }
            }
        })
    }
}
