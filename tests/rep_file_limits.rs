//! What a returned rep file may hold: 50 topics a bucket, 500 characters a topic, 2,000 a
//! comment or a reflection. A file past a limit is refused while it is read, with counts
//! and lengths taken by SQLite before a row is loaded, so a 10 MB topic or 100,001 topics
//! never reach Coachbook's memory - measured here by counting what the reader allocates.

mod common;

use std::path::Path;

use common::cli::demo_file;
use common::dump;
use common::rep_files::{copy, refused, shared_and_answered, valid_file};
use rusqlite::Connection;

/// Counts the bytes each thread holds, so a test can tell how much one call needed at its
/// peak (SQLite's own page cache is not counted: only what Coachbook loads).
mod held {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    thread_local! {
        static NOW: Cell<isize> = const { Cell::new(0) };
        static PEAK: Cell<isize> = const { Cell::new(0) };
    }

    pub struct Counting;

    fn note(delta: isize) {
        let _ = NOW.try_with(|now| {
            let held = now.get() + delta;
            now.set(held);
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(held)));
        });
    }

    // SAFETY: every call is passed on to the system allocator unchanged; only counted.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let ptr = unsafe { System.alloc(layout) };
            if !ptr.is_null() {
                note(layout.size() as isize);
            }
            ptr
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) };
            note(-(layout.size() as isize));
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let out = unsafe { System.realloc(ptr, layout, new_size) };
            if !out.is_null() {
                note(new_size as isize - layout.size() as isize);
            }
            out
        }
    }

    /// `f`'s result, and the most bytes it held at once beyond what was held before.
    pub fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let start = NOW.with(Cell::get);
        PEAK.with(|p| p.set(start));
        let out = f();
        let peak = PEAK.with(Cell::get);
        (out, usize::try_from(peak - start).unwrap_or(0))
    }
}

#[global_allocator]
static HELD: held::Counting = held::Counting;

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn answers_past_a_limit_are_refused_while_reading_never_loaded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (db, valid) = valid_file(dir.path());
    let before = dump(&db);
    let commitment = coachbook::repfile::read(&valid)
        .unwrap()
        .history
        .commitments[0]
        .id;
    let huge = "x".repeat(TEN_MB);
    let (_, counted) = held::peak_of(|| huge.clone().len());
    assert!(counted >= TEN_MB, "the counter counts what a call holds");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "topics",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100001)
             INSERT INTO topics (bucket, text, position) SELECT 'selling', 'topic ' || i, i FROM n"
                .into(),
            "and \"Customer and selling skills\" has 100002.",
        ),
        (
            "one too many",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
             INSERT INTO topics (bucket, text, position) SELECT 'customer', 'topic ' || i, i FROM n;
             INSERT INTO topics (bucket, text, position) VALUES ('customer', 'one more', 99)"
                .into(),
            "A bucket holds at most 50 topics, and \"Knowledge of the customer\" has 51.",
        ),
        (
            "10 MB topic",
            format!("INSERT INTO topics (bucket, text, position) VALUES ('customer', '{huge}', 5)"),
            "A topic holds at most 500 characters",
        ),
        (
            "10 MB blob topic",
            format!("INSERT INTO topics (bucket, text, position) VALUES ('customer', zeroblob({TEN_MB}), 5)"),
            "A topic holds at most 500 characters",
        ),
        (
            "NUL then 10 MB topic",
            format!(
                "INSERT INTO topics (bucket, text, position) VALUES ('customer', char(0) || '{huge}', 5)"
            ),
            "A topic holds at most 500 characters",
        ),
        (
            "10 MB comment",
            format!("UPDATE self_assessments SET comment = '{huge}'"),
            "A comment holds at most 2000 characters",
        ),
        (
            "10 MB reflection",
            format!("INSERT INTO reflections (commitment_id, text) VALUES ({commitment}, '{huge}')"),
            "A reflection holds at most 2000 characters",
        ),
        (
            "1001 self-ratings",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
             INSERT INTO self_assessments (skill_id, rating, comment) SELECT 100000 + i, 3, '' FROM n"
                .into(),
            "at most 1000 self-ratings, and this one has 1002.",
        ),
        (
            "10 MB bucket",
            format!("INSERT INTO topics (bucket, text, position) VALUES ('{huge}', 't', 5)"),
            "far too long",
        ),
        (
            "10 MB rep name",
            format!("UPDATE about SET value = '{huge}' WHERE key = 'rep_name'"),
            "\"rep_name\" is not text or is too long",
        ),
    ];
    for (name, sql, words) in cases {
        let path = copy(&valid, &format!("{name}.coachrep"));
        {
            let conn = Connection::open(&path).unwrap();
            // The edits a person could make with any SQLite tool, past the file's checks.
            conn.pragma_update(None, "ignore_check_constraints", true)
                .unwrap();
            conn.pragma_update(None, "foreign_keys", false).unwrap();
            conn.execute_batch(&sql).unwrap();
        }
        let (result, peak) = held::peak_of(|| coachbook::repfile::read_returned(&path));
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains(words), "{name}: {message}");
        assert!(message.len() < 400, "{name}: the message quotes the file");
        assert!(
            peak < 1024 * 1024,
            "{name}: reading held {peak} bytes at its peak"
        );
        let message = coachbook::repfile::read(&path).err().unwrap().to_string();
        assert!(message.contains(words), "{name}, rep view: {message}");
    }
    assert_eq!(dump(&db), before);
}

#[test]
fn answers_at_every_limit_are_read_and_one_more_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (_, valid) = valid_file(dir.path());
    // Four bytes a character: the byte bound in SQL must not refuse what the limit allows.
    let clef = "\u{1d11e}";
    let fill = |path: &Path, topic_chars: usize, comment_chars: usize| {
        let conn = Connection::open(path).unwrap();
        conn.execute("DELETE FROM topics", []).unwrap();
        for (b, bucket) in ["organization", "selling", "customer"].iter().enumerate() {
            for i in 0..50 {
                conn.execute(
                    "INSERT INTO topics (bucket, text, position) VALUES (?1, ?2, ?3)",
                    rusqlite::params![bucket, clef.repeat(topic_chars), (b * 100 + i) as i64],
                )
                .unwrap();
            }
        }
        conn.execute(
            "UPDATE self_assessments SET comment = ?1",
            [clef.repeat(comment_chars)],
        )
        .unwrap();
    };
    let full = copy(&valid, "full.coachrep");
    fill(&full, 500, 2000);
    let answers = coachbook::repfile::read_returned(&full).unwrap().answers;
    assert_eq!(answers.topics.len(), 150);
    assert!(answers.check_limits().is_ok());

    let over = copy(&valid, "over.coachrep");
    fill(&over, 501, 2000);
    let message = coachbook::repfile::read_returned(&over)
        .unwrap_err()
        .to_string();
    assert!(message.contains("A topic holds at most 500"), "{message}");
    let over = copy(&valid, "over-comment.coachrep");
    fill(&over, 500, 2001);
    let message = coachbook::repfile::read_returned(&over)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("A comment holds at most 2000"),
        "{message}"
    );
}

#[test]
fn a_file_over_the_limits_is_refused_by_import_and_the_data_file_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(&dir, &["--today", "2026-11-20"]);
    let file = dir.path().join("ana.coachrep");
    shared_and_answered(&db, 1, &file);
    Connection::open(&file)
        .unwrap()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100001)
             INSERT INTO topics (bucket, text, position) SELECT 'selling', 'topic ' || i, i FROM n",
        )
        .unwrap();
    refused(&db, &file, "holds more than a rep file may");
}
