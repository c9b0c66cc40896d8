//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod fixtures;
pub mod org;
pub mod pg;
pub mod rep_files;
pub mod schema;
pub mod text;
pub mod typing;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// The "now" of every reproducible test: a Friday afternoon.
pub fn test_now() -> DateTime<Utc> {
    coachbook::cli::fixed_now(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
}

/// The permission bits of `path` itself (a link's own, not its target's).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

pub fn sha256(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).unwrap()).to_vec()
}

/// Every row of every table as text, in a stable order: two files with the same dump hold
/// the same data. The search indexes' shadow tables and the bookkeeping of the search over
/// everything are left out: like any index, their layout depends on the order of writes,
/// not on the data.
pub fn dump(path: &Path) -> Vec<String> {
    dump_with(path, None)
}

/// [`dump`] of a file encrypted with the passphrase `key`.
pub fn dump_with(path: &Path, key: Option<&str>) -> Vec<String> {
    let conn = coachbook::store::connect::open(path).unwrap();
    if let Some(key) = key {
        unlock(&conn, key);
    }
    let mut tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM pragma_table_list
             WHERE schema = 'main' AND type = 'table' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tables.retain(|t| !t.starts_with("sqlite_") && t != "search_rows" && t != "search_dirty");
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1, 2"))
            .unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let values: Vec<String> = (0..columns)
                    .map(|i| match row.get_ref(i).unwrap() {
                        ValueRef::Text(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
                        other => format!("{other:?}"),
                    })
                    .collect();
                Ok(format!("{table}: {}", values.join(" | ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// Gives a plain SQLCipher connection an encrypted data file's passphrase, with the
/// settings Coachbook writes such files with (16 KiB pages, HMAC-SHA256): the file read
/// as any SQLCipher program would read it.
pub fn unlock(conn: &Connection, key: &str) {
    conn.execute_batch(
        "PRAGMA cipher_default_hmac_algorithm = HMAC_SHA256;
         PRAGMA cipher_default_page_size = 16384;",
    )
    .unwrap();
    conn.pragma_update(None, "key", key).unwrap();
}

/// Scrambles pages in the middle of the file, as a disk that lied about a write might,
/// and leaves it as a killed writer would (its lock file saying it was open).
pub fn damage_as_if_killed(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    let middle = bytes.len() / 2 / page * page;
    for b in &mut bytes[middle..middle + 8 * page] {
        *b = b.wrapping_mul(31).wrapping_add(7);
    }
    std::fs::write(path, &bytes).unwrap();
    std::fs::write(coachbook::store::lock_path(path), "open 4242\n").unwrap();
}

pub fn count(path: &Path, table: &str) -> i64 {
    let conn = coachbook::store::connect::open(path).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// The lines of `a` and `b` that differ, for readable assertion messages.
pub fn diff(a: &[String], b: &[String]) -> Vec<String> {
    let left: std::collections::HashSet<&String> = a.iter().collect();
    let right: std::collections::HashSet<&String> = b.iter().collect();
    let mut out: Vec<String> = a
        .iter()
        .filter(|l| !right.contains(l))
        .map(|l| format!("- {l}"))
        .collect();
    out.extend(
        b.iter()
            .filter(|l| !left.contains(l))
            .map(|l| format!("+ {l}")),
    );
    out
}

/// Asserts two dumps are equal, showing only the lines that differ.
#[track_caller]
pub fn assert_same(actual: &[String], expected: &[String], what: &str) {
    assert!(actual == expected, "{what}: {:#?}", diff(expected, actual));
}

/// The mouse wheel turned to move the page `points` down (the pointer must be over it).
pub fn wheel_down(points: f32) -> egui::Event {
    egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -points),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    }
}

/// Runs frames until the app's query thread has answered. Frames are stepped one by one
/// while it works, since the spinner asks for a repaint every frame.
pub fn settle(harness: &mut egui_kittest::Harness<'_, coachbook::app::App>) {
    let mut quiet = 0;
    for _ in 0..400 {
        harness.step();
        if harness.state().is_busy() {
            quiet = 0;
            std::thread::sleep(std::time::Duration::from_millis(5));
            continue;
        }
        // A frame can ask for more (excerpts of rows that just appeared): wait until a few
        // frames in a row ask for nothing.
        quiet += 1;
        if quiet == 3 {
            harness.run();
            return;
        }
    }
    panic!("the app stayed busy");
}

/// A data file at `path` holding the demo team as of the fixed test time.
pub fn demo_store(path: &Path) -> coachbook::store::Store {
    let mut store = coachbook::store::Store::open(path).unwrap();
    coachbook::ops::generate_demo(&mut store, coachbook::demo::DEFAULT_SEED, test_now()).unwrap();
    store
}

/// The real app on `store` at the fixed test time, settled on its first screen.
pub fn harness_on(
    store: coachbook::store::Store,
    size: egui::Vec2,
    accessibility_check: bool,
) -> egui_kittest::Harness<'static, coachbook::app::App> {
    let mut harness = egui_kittest::Harness::builder()
        .with_size(size)
        .with_accessibility_check(accessibility_check)
        .build_eframe(move |cc| app_at_test_time(cc, store));
    settle(&mut harness);
    harness
}

/// The real app on a fresh demo file at `path`. The accessibility check is on unless a
/// test opens a third-party widget that fails it.
pub fn demo_harness(
    path: &Path,
    size: egui::Vec2,
    accessibility_check: bool,
) -> egui_kittest::Harness<'static, coachbook::app::App> {
    let store = demo_store(path);
    harness_on(store, size, accessibility_check)
}

/// The rep view on the rep file at `path`, as a rep opens it, tall enough for a tab.
pub fn rep_view_harness(
    path: &Path,
) -> egui_kittest::Harness<'static, coachbook::repview::RepView> {
    let path = path.to_owned();
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1100.0, 1400.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            coachbook::repview::RepView::open(&path).unwrap()
        });
    harness.run();
    harness
}

/// The id of the roster's rep with this name.
pub fn rep_named(app: &coachbook::app::App, name: &str) -> coachbook::domain::rep::RepId {
    app.caches()
        .roster
        .iter()
        .find(|r| r.rep.name == name)
        .unwrap()
        .rep
        .id
}

/// The id of the framework skill with this name.
pub fn skill_named(app: &coachbook::app::App, name: &str) -> coachbook::domain::skill::SkillId {
    app.caches()
        .framework
        .skills
        .iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

/// The real app on a new, empty data file at `path`, past the welcome screen.
pub fn empty_harness(path: &Path) -> egui_kittest::Harness<'static, coachbook::app::App> {
    let store = coachbook::store::Store::open(path).unwrap();
    let mut harness = harness_on(store, egui::vec2(1300.0, 900.0), true);
    egui_kittest::kittest::Queryable::get_by_label(&harness, "Start empty").click();
    settle(&mut harness);
    harness
}

/// Writes a rep file of the demo's first rep, from `from` to the test day, at `path`.
pub fn first_rep_file(
    store: &coachbook::store::Store,
    from: NaiveDate,
    path: &Path,
) -> coachbook::domain::rep_file::history::SharedHistory {
    let history = coachbook::store::rep_history::load(
        store.conn(),
        coachbook::domain::rep::RepId(1),
        from,
        test_now().date_naive(),
        test_now(),
    )
    .unwrap();
    write_rep_file(store, &history, path);
    history
}

/// Writes `history` as a rep file at `path` under a new token, kept in `store` as the
/// share command keeps it, so the file can come back.
pub fn write_rep_file(
    store: &coachbook::store::Store,
    history: &coachbook::domain::rep_file::history::SharedHistory,
    path: &Path,
) -> coachbook::domain::rep_file::token::ShareIdentity {
    use coachbook::domain::rep_file::token::{ShareIdentity, ShareToken, TOKEN_BYTES};
    use rand::TryRngCore;
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).unwrap();
    let share = ShareIdentity {
        token: ShareToken::from_bytes(&bytes),
        rep: coachbook::domain::rep::RepId(history.rep_id),
        rep_name: history.rep_name.clone(),
        from: history.from,
        to: history.to,
        shared: history.generated,
    };
    coachbook::store::rep_shares::record(store.conn(), &share).unwrap();
    coachbook::repfile::write(history, &share.token, path).unwrap();
    share
}

/// The real app on `store`, rendered by wgpu for image snapshots, light, at `size`.
pub fn picture_harness(
    store: coachbook::store::Store,
    size: egui::Vec2,
) -> egui_kittest::Harness<'static, coachbook::app::App> {
    let mut harness = egui_kittest::Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(move |cc| app_at_test_time(cc, store));
    settle(&mut harness);
    harness
}

/// The real app on `store`, its clock fixed at the test time.
pub fn app_at_test_time(
    cc: &eframe::CreationContext<'_>,
    store: coachbook::store::Store,
) -> coachbook::app::App {
    coachbook::app::App::from_creation(
        cc,
        store,
        Box::new(coachbook::clock::FixedClock(test_now())),
    )
    .unwrap()
}

/// Opens, in the Observations table on screen, the first observation of `day`: a row's
/// date is its button, "Open the observation of <rep> on <day>: <skill>".
pub fn open_observation_of_day(
    harness: &mut egui_kittest::Harness<'_, coachbook::app::App>,
    day: &str,
) {
    use egui_kittest::kittest::Queryable;
    let on_day = format!(" on {day}: ");
    harness
        .get_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Open the observation of") && l.contains(&on_day))
        })
        .next()
        .unwrap()
        .click();
}

/// A node's words: its label, or the text it shows.
pub fn text_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    node.label().or_else(|| node.value())
}

/// Runs frames until a text starting with `words` shows, for up to `secs` seconds: a
/// thread talking to a server works in real time, not in frames. On failure, says the
/// texts that start with `about` instead.
#[track_caller]
pub fn wait_for_text<S>(
    harness: &mut egui_kittest::Harness<'_, S>,
    words: &str,
    about: &str,
    secs: u64,
) {
    use egui_kittest::kittest::{NodeT, Queryable};
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        harness.step();
        let found = harness
            .query_all_by(|node| text_of(node).is_some_and(|l| l.starts_with(words)))
            .next()
            .is_some();
        if found {
            return;
        }
        if std::time::Instant::now() > until {
            let shown: Vec<String> = harness
                .query_all_by(|node| text_of(node).is_some_and(|l| l.starts_with(about)))
                .filter_map(|node| text_of(&node.accesskit_node()))
                .collect();
            panic!("no \"{words}\" shown: {shown:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
