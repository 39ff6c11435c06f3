//! The server's writing work runs on threads of their own at a lower CPU priority: one for API
//! ingests (they were serialised by the writing engine's lock before, so one thread loses
//! nothing) and one for new snapshots (so an ingest does not wait for the snapshot after the
//! one before it). On a busy machine the threads answering reads are scheduled first, so story
//! pages and searches keep their latency while articles arrive; the writes take the time that
//! is left.

use std::sync::mpsc;

type Job = Box<dyn FnOnce() + Send>;

/// How much nicer than the process the writing thread is: when readers want the CPU too, it
/// gets a small share of what one of them gets (the kernel weighs nice 19 at 15 against 1024
/// for nice 0: about 1.5%), so writes go on, slowly, under a load that keeps every core busy.
const NICENESS: i32 = 19;

/// The writing thread's queue.
#[derive(Debug, Clone)]
pub(crate) struct Background {
    jobs: mpsc::Sender<Job>,
}

/// The writing thread stopped (only when the process is stopping) or the job panicked.
#[derive(Debug)]
pub(crate) struct Lost;

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the writing thread did not finish the job")
    }
}

impl Background {
    /// Starts a thread of that name.
    pub(crate) fn start(name: &str) -> std::io::Result<Background> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new().name(name.to_string()).spawn(move || {
            lower_priority();
            for job in queue {
                // A panicking job drops its answer (its caller sees `Lost`); the thread goes on.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            }
        })?;
        Ok(Background { jobs })
    }

    /// Runs `work` on the writing thread and gives its result.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Lost> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.spawn(move || {
            let _ = answer.send(work());
        })?;
        answered.await.map_err(|_| Lost)
    }

    /// Queues `work` on the writing thread without waiting for it.
    pub(crate) fn spawn(&self, work: impl FnOnce() + Send + 'static) -> Result<(), Lost> {
        self.jobs.send(Box::new(work)).map_err(|_| Lost)
    }
}

/// Lowers the calling thread's CPU priority (Linux: a thread's nice value is its own).
#[cfg(target_os = "linux")]
fn lower_priority() {
    #[expect(unsafe_code, reason = "gettid and setpriority take plain integers")]
    // SAFETY: gettid has no preconditions; setpriority on our own thread id changes only the
    // scheduling weight of this thread and reports failure through its return value.
    let failed = unsafe {
        let thread = libc::gettid() as libc::id_t;
        let now = libc::getpriority(libc::PRIO_PROCESS, thread);
        libc::setpriority(libc::PRIO_PROCESS, thread, (now + NICENESS).min(19)) != 0
    };
    if failed {
        tracing::warn!("the writing thread's priority could not be lowered");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_in_order_on_one_thread_and_a_panic_loses_only_its_own() {
        let background = Background::start("parallax-writer").expect("a thread");
        let first = background.run(|| std::thread::current().name().map(str::to_string));
        assert_eq!(first.await.expect("answered").as_deref(), Some("parallax-writer"));
        let panicked = background.run(|| -> u32 { panic!("a job that fails") }).await;
        assert!(panicked.is_err());
        assert_eq!(background.run(|| 7).await.expect("the thread goes on"), 7);
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn the_writing_thread_runs_at_a_lower_priority() {
        #[expect(unsafe_code, reason = "getpriority reads this thread's nice value")]
        fn nice() -> i32 {
            // SAFETY: getpriority on our own thread id has no preconditions.
            unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
        }
        let ours = nice();
        let background = Background::start("parallax-writer").expect("a thread");
        let writers = background.run(nice).await.expect("answered");
        assert_eq!(writers, (ours + NICENESS).min(19));
    }
}
