//! The server's notion of now, passed in rather than read from the system wherever it is
//! needed, so that tests can move time instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// Milliseconds since the Unix epoch: the system's, or a hand-set one in tests.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    manual: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that stands at `start_ms` until [`Clock::advance`] moves it.
    pub fn manual(start_ms: i64) -> Clock {
        Clock {
            manual: Some(Arc::new(AtomicI64::new(start_ms))),
        }
    }

    pub fn now_ms(&self) -> i64 {
        match &self.manual {
            Some(ms) => ms.load(Ordering::SeqCst),
            None => crate::db::now_ms(),
        }
    }

    /// Today on the office's calendar (WITA, UTC+8).
    pub fn office_today(&self) -> time::Date {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.now_ms()) * 1_000_000)
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
            .to_offset(time::macros::offset!(+8))
            .date()
    }

    /// Moves a manual clock forward; the system clock moves by itself.
    pub fn advance(&self, by: Duration) {
        if let Some(ms) = &self.manual {
            ms.fetch_add(by.as_millis() as i64, Ordering::SeqCst);
        }
    }
}

/// A change to a table kept as data: who made it, when, and the office's day it is
/// judged by (a new version or code begins that day or later).
#[derive(Debug, Clone)]
pub struct ChangeMade {
    pub by: String,
    pub at_ms: i64,
    pub today: pantau_shared::identity::IsoDate,
}

impl ChangeMade {
    pub fn now(clock: &Clock, by: impl Into<String>) -> ChangeMade {
        ChangeMade {
            by: by.into(),
            at_ms: clock.now_ms(),
            today: clock.office_today().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1_000);
        let copy = clock.clone();
        assert_eq!(clock.now_ms(), 1_000);
        copy.advance(Duration::from_millis(250));
        assert_eq!(clock.now_ms(), 1_250);
        assert!(Clock::system().now_ms() > 1_700_000_000_000);
        // 2026-11-30T16:00:00Z is already the first of December in Bali.
        let late = Clock::manual(1_764_518_400_000);
        assert_eq!(late.office_today().to_string(), "2025-12-01");
    }
}
