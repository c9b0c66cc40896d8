//! A request to stop the process (SIGTERM at shutdown or logout, SIGINT from the terminal,
//! SIGHUP when the terminal closes) closes the window the way its close button does, so
//! the data file is closed cleanly and the next start does not take the stop for a crash.
//!
//! The signals are blocked in every thread and one thread waits for them, so no code runs
//! inside a signal handler: the waiting thread asks the window to close like any other
//! request. A second request stops the process at once, for a window that cannot close.

use std::sync::{Arc, Mutex, PoisonError};

/// The window to close, once it exists, and whether a stop came before it did.
#[derive(Clone, Default)]
pub struct StopSignals {
    window: Arc<Mutex<Slot>>,
}

#[derive(Default)]
struct Slot {
    ctx: Option<egui::Context>,
    stop_requested: bool,
}

impl StopSignals {
    /// Blocks the stop signals in this thread, and so in every thread it starts later, and
    /// starts the thread that waits for them. Call it before any other thread starts
    /// (threads started before would still die of the signal).
    pub fn catch() -> StopSignals {
        let signals = StopSignals::default();
        wait_in_thread(signals.clone());
        signals
    }

    /// The window is open: a stop closes it from now on (at once, if one came already).
    pub fn window_opened(&self, ctx: &egui::Context) {
        let mut slot = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        slot.ctx = Some(ctx.clone());
        if slot.stop_requested {
            close(ctx);
        }
    }

    /// Asks the window to close, or remembers the request until it opens. Returns false
    /// when a stop was asked for already.
    fn stop(&self) -> bool {
        let mut slot = self.window.lock().unwrap_or_else(PoisonError::into_inner);
        if std::mem::replace(&mut slot.stop_requested, true) {
            return false;
        }
        if let Some(ctx) = &slot.ctx {
            close(ctx);
        }
        true
    }
}

fn close(ctx: &egui::Context) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    ctx.request_repaint();
}

#[cfg(unix)]
fn wait_in_thread(signals: StopSignals) {
    // SAFETY: an all-zero sigset_t is valid storage, and sigemptyset makes it an empty set.
    let mut set: libc::sigset_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is a valid sigset_t owned here; the calls only write into it.
    let prepared = unsafe {
        libc::sigemptyset(&mut set) == 0
            && [libc::SIGTERM, libc::SIGINT, libc::SIGHUP]
                .iter()
                .all(|&signal| libc::sigaddset(&mut set, signal) == 0)
    };
    // SAFETY: `set` is a valid, filled sigset_t; the old mask is not asked for.
    if !prepared
        || unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) } != 0
    {
        // The signals then stop the process as they always did.
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("stop-signals".into())
        .spawn(move || {
            loop {
                let mut signal: libc::c_int = 0;
                // SAFETY: `set` and `signal` live for the whole call, which reads one and
                // writes the other.
                if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                    continue;
                }
                if !signals.stop() {
                    crate::store::connect::exit_process(128 + signal);
                }
            }
        });
    if spawned.is_err() {
        // Nobody would wait for the signals: let them stop the process again.
        // SAFETY: as above; unblocking restores the mask this thread started with.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
    }
}

#[cfg(not(unix))]
fn wait_in_thread(_signals: StopSignals) {}
