//! The one way Coachbook opens an SQLite connection, and the way its process ends.
//!
//! SQLite sets itself up on the first connection a process opens, and SQLCipher's part of
//! that set-up (its random source, its private memory) runs only after SQLite has already
//! marked itself ready. A second thread that opens a connection in that moment goes
//! straight on, and its `PRAGMA key` fails with "An error occurred with PRAGMA key", since
//! SQLCipher is not ready yet. The app opens files from several threads (the window, the
//! unlock and upgrade threads, backups), so the first connection is opened here, alone,
//! before any other: `Once` makes every other caller wait until it is done.
//!
//! That set-up also registers a C exit handler, which frees SQLCipher's memory and its
//! crypto provider. A thread still reading or writing an encrypted file when the process
//! ends (a backup, a publication, a query) then crashes it on its way out: 16 of 300
//! processes that ended while a thread scanned an encrypted file died of SIGSEGV or
//! SIGABRT, and so did 3 of 240 runs of the window's encryption tests, in a backup thread.
//! Every write is committed and synced before it is acknowledged, so nothing that handler
//! does is needed, and its wiping of memory is not lost either: the kernel clears an ended
//! process's pages before any other process is given them. So the handler is not run.

use std::path::Path;
use std::sync::Once;

use rusqlite::{Connection, OpenFlags};

static SET_UP: Once = Once::new();

/// Finishes SQLite's and SQLCipher's set-up on this thread, once per process.
fn set_up() {
    SET_UP.call_once(|| {
        // Opening any connection runs the whole set-up before it returns; a failure here
        // shows again, with its file's name, on the connection the caller opens next.
        drop(Connection::open_in_memory());
        end_before_sqlcipher_exit_handler();
    });
}

/// glibc runs exit handlers newest first, and hands `on_exit` ones the process's status:
/// registered after SQLCipher's, this one ends the process before SQLCipher's runs, with
/// the same status. It covers every way a process ends through `exit`, test processes
/// included. Rust has flushed its standard output by then.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn end_before_sqlcipher_exit_handler() {
    unsafe extern "C" {
        fn on_exit(
            function: extern "C" fn(libc::c_int, *mut libc::c_void),
            argument: *mut libc::c_void,
        ) -> libc::c_int;
    }
    extern "C" fn end_now(status: libc::c_int, _: *mut libc::c_void) {
        // SAFETY: `_exit` takes any status and ends the process at once.
        unsafe { libc::_exit(status) }
    }
    // SAFETY: `end_now` lives as long as the program and ignores its argument. Should
    // registering fail, the process ends as it did before.
    let _ = unsafe { on_exit(end_now, std::ptr::null_mut()) };
}

/// Elsewhere the process's own end goes through [`exit_process`].
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn end_before_sqlcipher_exit_handler() {}

/// [`Connection::open`], after the process's set-up.
pub fn open(path: impl AsRef<Path>) -> rusqlite::Result<Connection> {
    set_up();
    Connection::open(path)
}

/// [`Connection::open_with_flags`], after the process's set-up.
pub fn open_with_flags(path: impl AsRef<Path>, flags: OpenFlags) -> rusqlite::Result<Connection> {
    set_up();
    Connection::open_with_flags(path, flags)
}

/// [`Connection::open_in_memory`], after the process's set-up.
pub fn open_in_memory() -> rusqlite::Result<Connection> {
    set_up();
    Connection::open_in_memory()
}

/// Ends the process with `status` once standard output is flushed, without the C
/// library's exit handlers (see the module's comment): `coachbook`'s own end, on every
/// Unix, whether or not the C library can run a handler of ours before SQLCipher's.
#[cfg(unix)]
pub fn exit_process(status: i32) -> ! {
    flush_standard_streams();
    // SAFETY: `_exit` takes any status and ends the process; no Rust value is used after.
    unsafe { libc::_exit(status) }
}

#[cfg(not(unix))]
pub fn exit_process(status: i32) -> ! {
    flush_standard_streams();
    std::process::exit(status)
}

fn flush_standard_streams() {
    use std::io::Write;
    // A stream closed by the reader has nobody left to tell.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
}
