//! Time comes from here so that response-time and metrics logic can be tested with a fixed clock.

use jiff::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// The real wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that only moves when told to; for tests and reproducible snapshots.
#[derive(Clone)]
pub struct FixedClock {
    millis: Arc<AtomicI64>,
}

impl FixedClock {
    pub fn at(t: Timestamp) -> FixedClock {
        FixedClock {
            millis: Arc::new(AtomicI64::new(t.as_millisecond())),
        }
    }

    pub fn advance(&self, by: jiff::SignedDuration) {
        self.millis
            .fetch_add(by.as_millis() as i64, Ordering::SeqCst);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        // The value only ever comes from a valid Timestamp plus test-sized offsets.
        Timestamp::from_millisecond(self.millis.load(Ordering::SeqCst))
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }
}
