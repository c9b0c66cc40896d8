//! The first connections a process opens, opened by several threads at once, can all be
//! given a passphrase: SQLCipher's set-up is finished before any thread goes on (a CI run
//! once failed in `crash.rs`, whose two tests open their first files at the same moment).

use std::process::Command;
use std::sync::{Arc, Barrier};

const CHILD: &str = "threads_key_their_first_connections_together";
const THREADS: usize = 8;
const PROCESSES: usize = 200;

/// Each run is a new process, since the set-up happens once per process.
#[test]
fn every_thread_of_a_new_process_can_key_its_first_connection() {
    let me = std::env::current_exe().unwrap();
    for run in 0..PROCESSES {
        let out = Command::new(&me)
            .args([
                CHILD,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "run {run}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
#[ignore = "run by the test above, each time in a process of its own"]
fn threads_key_their_first_connections_together() {
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|n| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let conn = coachbook::store::connect::open_in_memory().unwrap();
                conn.pragma_update(None, "key", format!("passphrase {n}"))
                    .unwrap();
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}
