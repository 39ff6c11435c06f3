//! One request at a time per host, with a pause between them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};
use tokio::time::Instant;

/// The hosts seen so far, each with the time its last request ended.
#[derive(Default)]
pub(crate) struct Hosts {
    gates: Mutex<HashMap<String, Arc<AsyncMutex<Option<Instant>>>>>,
}

/// The right to send to one host; dropping it records when the exchange ended.
pub(crate) struct Turn {
    last_done: OwnedMutexGuard<Option<Instant>>,
}

impl Hosts {
    /// Waits until no other request to `host` is in flight and `delay` has passed since the last
    /// one ended.
    pub(crate) async fn turn(&self, host: &str, delay: Duration) -> Turn {
        let gate = {
            // A poisoned map only means another task panicked mid-insert; the map is still valid.
            let mut gates = self.gates.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(gates.entry(host.to_ascii_lowercase()).or_default())
        };
        let last_done = gate.lock_owned().await;
        if let Some(done) = *last_done {
            tokio::time::sleep_until(done + delay).await;
        }
        Turn { last_done }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        *self.last_done = Some(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_to_one_host_are_spaced_and_others_are_not_held() {
        let hosts = Arc::new(Hosts::default());
        let delay = Duration::from_secs(2);
        let start = Instant::now();
        drop(hosts.turn("a.example", delay).await);
        drop(hosts.turn("b.example", delay).await);
        assert!(start.elapsed() < Duration::from_millis(1), "another host waits for nobody");
        drop(hosts.turn("A.example", delay).await);
        assert!(start.elapsed() >= delay, "the same host (any case) waits for the delay");
    }
}
