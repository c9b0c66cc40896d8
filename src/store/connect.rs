//! The one way Coachbook opens an SQLite connection.
//!
//! SQLite sets itself up on the first connection a process opens, and SQLCipher's part of
//! that set-up (its random source, its private memory) runs only after SQLite has already
//! marked itself ready. A second thread that opens a connection in that moment goes
//! straight on, and its `PRAGMA key` fails with "An error occurred with PRAGMA key", since
//! SQLCipher is not ready yet. The app opens files from several threads (the window, the
//! unlock and upgrade threads, backups), so the first connection is opened here, alone,
//! before any other: `Once` makes every other caller wait until it is done.

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
    });
}

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
/// library's exit handlers. SQLCipher has one, which frees its memory and its crypto
/// provider: a thread still reading or writing an encrypted file at that moment (a
/// backup, a publication, a query) crashed the process on its way out (8 of 60 exits, with
/// a thread scanning the large demo file). Every write is committed and synced before it
/// is acknowledged, so nothing those handlers do is needed; and the wiping of SQLCipher's
/// memory is not lost either, since the kernel clears an ended process's pages before any
/// other process is given them.
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
