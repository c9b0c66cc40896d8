//! The heat map's numbers against an independent computation from SQL, "as of" a past day,
//! and the Skill gaps screen through the window.

mod common;

use chrono::{Duration, NaiveDate};
use coachbook::app::App;
use coachbook::clock::FixedClock;
use coachbook::model::{ObservationLog, compute_gaps};
use coachbook::ops::Command;
use coachbook::store::{self, Store};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;

use common::{demo_harness, demo_store, empty_harness, settle, skill_named, test_now};

/// The app on a demo file, on the Skill gaps screen.
fn skill_gaps(path: &std::path::Path, accessibility_check: bool) -> Harness<'static, App> {
    let mut harness = demo_harness(path, egui::vec2(1600.0, 1100.0), accessibility_check);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    settle(&mut harness);
    harness
}

/// A demo file in `dir` and the app (without a window) on it.
fn demo_app(dir: &tempfile::TempDir) -> (std::path::PathBuf, App) {
    let path = dir.path().join("demo.db");
    let store = demo_store(&path);
    let app = App::new(store, Box::new(FixedClock(test_now()))).unwrap();
    (path, app)
}

/// The level written out plainly: ratings up to `as_of`, each weighted by 2^(-age/90).
fn sql_level(conn: &Connection, rep: i64, skill: i64, as_of: NaiveDate) -> Option<f64> {
    let as_of_day = store::to_day(as_of);
    let mut stmt = conn
        .prepare("SELECT observed_day, rating FROM observations WHERE rep_id = ?1 AND skill_id = ?2 AND rating IS NOT NULL AND observed_day <= ?3")
        .unwrap();
    let rows: Vec<(i64, i64)> = stmt
        .query_map([rep, skill, as_of_day], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (mut num, mut den) = (0.0, 0.0);
    for (day, rating) in rows {
        let w = 0.5f64.powf((as_of_day - day) as f64 / 90.0);
        num += w * rating as f64;
        den += w;
    }
    (den > 0.0).then(|| num / den)
}

fn sql_target(conn: &Connection, rep: i64, skill: i64) -> Option<i64> {
    conn.query_row(
        "SELECT coalesce(
            (SELECT level FROM rep_targets WHERE rep_id = ?1 AND skill_id = ?2),
            (SELECT t.level FROM role_targets t JOIN reps r ON r.role = t.role WHERE r.id = ?1 AND t.skill_id = ?2))",
        [rep, skill],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn the_heat_map_equals_a_direct_recomputation_from_sql() {
    let dir = tempfile::tempdir().unwrap();
    let (path, app) = demo_app(&dir);
    let log = ObservationLog::load(app.store().conn()).unwrap();
    let as_of = test_now().date_naive();
    let map = compute_gaps(&log, app.caches(), as_of, 90.0);
    let conn = Connection::open(&path).unwrap();
    let mut compared = 0;
    for rep in &map.reps {
        for (_, skill) in &map.skills {
            let cell = map.cell(*rep, *skill);
            let expected = sql_level(&conn, rep.0, skill.0, as_of);
            match (cell.level, expected) {
                (Some(a), Some(b)) => {
                    assert!((a - b).abs() < 1e-9, "{rep:?} {skill:?}: {a} vs {b}")
                }
                (a, b) => assert_eq!(a, b),
            }
            let target = sql_target(&conn, rep.0, skill.0);
            assert_eq!(cell.target.map(|t| i64::from(t.get())), target);
            if let (Some(level), Some(target)) = (expected, target) {
                assert!((cell.gap.unwrap() - (target as f64 - level)).abs() < 1e-9);
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 8 * 21);
}

#[test]
fn as_of_a_past_day_ignores_later_observations() {
    let dir = tempfile::tempdir().unwrap();
    let (path, app) = demo_app(&dir);
    let past = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let before = compute_gaps(
        &ObservationLog::load(app.store().conn()).unwrap(),
        app.caches(),
        past,
        90.0,
    );
    let conn = Connection::open(&path).unwrap();
    conn.execute(
        "INSERT INTO observations (rep_id, skill_id, observed_day, rating, evidence, context, created_utc_ms, updated_utc_ms)
         SELECT 1, 1, ?1, 5, 'later', 'demo', 0, 0",
        [store::to_day(past + Duration::days(3))],
    )
    .unwrap();
    let after = compute_gaps(
        &ObservationLog::load(app.store().conn()).unwrap(),
        app.caches(),
        past,
        90.0,
    );
    for rep in &before.reps {
        for (_, skill) in &before.skills {
            assert_eq!(before.cell(*rep, *skill), after.cell(*rep, *skill));
        }
    }
    let today = compute_gaps(
        &ObservationLog::load(app.store().conn()).unwrap(),
        app.caches(),
        past + Duration::days(3),
        90.0,
    );
    let rep = before.reps.iter().find(|r| r.0 == 1).copied().unwrap();
    let skill = before.skills.iter().find(|(_, s)| s.0 == 1).unwrap().1;
    assert_ne!(today.cell(rep, skill).level, before.cell(rep, skill).level);
}

#[test]
fn open_skill_gaps_sort_click_a_cell_and_land_on_the_trend() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = skill_gaps(&dir.path().join("demo.db"), true);
    harness.get_by_label("Sort reps by gap").click();
    settle(&mut harness);
    harness.get_by_label_contains("candidates for team training");
    let (map, _) = harness.state().caches().gaps.clone().unwrap();
    let rep = map.reps[0];
    let name = harness.state().caches().rep(rep).unwrap().rep.name.clone();
    harness
        .get_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with(&format!("{name}, Listening:")))
        })
        .click();
    settle(&mut harness);
    let page = harness.state().ui_state().team.open_rep.as_ref().unwrap();
    assert_eq!(page.rep, rep);
    assert_eq!(page.tab, coachbook::ui::RepTab::Skills);
    let listening = skill_named(harness.state(), "Listening");
    assert_eq!(page.skill, Some(listening));
    harness.get_by_label_contains(&format!("{name}: Listening"));
}

#[test]
fn the_screen_recomputes_as_of_the_picked_day_and_today_goes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = skill_gaps(&dir.path().join("demo.db"), true);
    let past = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    harness.state_mut().ui_state_mut().gaps.as_of = Some(past);
    settle(&mut harness);
    let (map, _) = harness.state().caches().gaps.clone().unwrap();
    assert_eq!(map.as_of, Some(past));
    let expected = compute_gaps(
        &ObservationLog::load(harness.state().store().conn()).unwrap(),
        harness.state().caches(),
        past,
        90.0,
    );
    assert_eq!(map.cells, expected.cells);
    harness.get_by_label("Today").click();
    settle(&mut harness);
    let (map, _) = harness.state().caches().gaps.clone().unwrap();
    assert_eq!(map.as_of, Some(test_now().date_naive()));
}

/// The picker's year, month and day boxes come from egui_extras without accessible names,
/// so this one harness skips the accessibility check; it makes sure the popup opens and
/// draws with our fonts.
#[test]
fn the_as_of_picker_opens_and_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = skill_gaps(&dir.path().join("demo.db"), false);
    let today = test_now().date_naive().to_string();
    harness
        .get_by(|n| {
            n.role() == Role::Button
                && n.label()
                    .is_some_and(|l| l.contains("As of") || l.contains(&today))
        })
        .click();
    settle(&mut harness);
    harness.get_by_label("Cancel").click();
    settle(&mut harness);
    assert_eq!(harness.state().ui_state().gaps.as_of, None);
    assert!(harness.query_by_label("Cancel").is_none());
}

#[test]
fn the_gaps_command_prints_the_numbers_the_window_shows() {
    let dir = tempfile::tempdir().unwrap();
    let (path, app) = demo_app(&dir);
    let past = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let map = compute_gaps(
        &ObservationLog::load(app.store().conn()).unwrap(),
        app.caches(),
        past,
        90.0,
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coachbook"))
        .args(["gaps", "--db"])
        .arg(&path)
        .args(["--rep", "Hannah Novak", "--as-of", "2026-06-30", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["as_of"], "2026-06-30");
    assert_eq!(json["half_life_days"].as_f64(), Some(90.0));
    let hannah = app
        .caches()
        .roster
        .iter()
        .find(|r| r.rep.name == "Hannah Novak")
        .unwrap()
        .rep
        .id;
    let cells = json["cells"].as_array().unwrap();
    assert_eq!(cells.len(), map.skills.len());
    for cell in cells {
        assert_eq!(cell["rep"], "Hannah Novak");
        let skill = skill_named(&app, cell["skill"].as_str().unwrap());
        let f = map.cell(hannah, skill);
        // JSON keeps 17 digits; the last bit may differ on the way back in.
        let close = |json: &serde_json::Value, value: Option<f64>| match (json.as_f64(), value) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-12,
            (a, b) => a == b,
        };
        assert!(close(&cell["level"], f.level), "{cell}");
        assert!(close(&cell["gap"], f.gap), "{cell}");
        assert_eq!(cell["ratings"].as_u64(), Some(u64::from(f.ratings)));
        assert_eq!(
            cell["flags"]["declining"].as_bool(),
            Some(f.flags.declining)
        );
    }

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_coachbook"))
        .args(["gaps", "--db"])
        .arg(&path)
        .args(["--rep", "Nobody"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no rep called \"Nobody\""));
}

#[test]
fn the_half_life_is_kept_in_the_file_and_undo_brings_the_control_back() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut app) = demo_app(&dir);
    let stored = |path: &std::path::Path| -> Option<String> {
        let conn = Connection::open(path).unwrap();
        store::meta::get(&conn, store::meta::HALF_LIFE_DAYS).unwrap()
    };
    app.apply(Command::SetHalfLife { days: 90 }).unwrap();
    assert!(app.undo().is_none(), "an unchanged half-life is not a step");
    app.apply(Command::SetHalfLife { days: 60 }).unwrap();
    assert_eq!(app.ui_state().gaps.half_life_days, 60);
    assert_eq!(stored(&path).as_deref(), Some("60"));
    app.undo().unwrap().unwrap();
    assert_eq!(app.ui_state().gaps.half_life_days, 90);
    assert_eq!(stored(&path).as_deref(), Some("90"));
    app.redo().unwrap().unwrap();
    drop(app);
    let reopened = App::new(
        Store::open(&path).unwrap(),
        Box::new(FixedClock(test_now())),
    )
    .unwrap();
    assert_eq!(reopened.ui_state().gaps.half_life_days, 60);
}

#[test]
fn a_rep_never_rated_gets_a_sentence_instead_of_empty_charts() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = empty_harness(&dir.path().join("new.db"));
    harness
        .state_mut()
        .apply(Command::AddRep(coachbook::domain::rep::RepDraft {
            name: "Noor Haddad".into(),
            role: "AE".into(),
            ..Default::default()
        }))
        .unwrap();
    let rep = harness.state().caches().roster[0].rep.id;
    harness.state_mut().ui_state_mut().screen = coachbook::ui::Screen::Team;
    harness.state_mut().ui_state_mut().team.open_rep = Some(coachbook::ui::RepPage::new(rep));
    settle(&mut harness);
    harness.get_by_label_contains("No ratings yet");
    harness.get_by_label("Skills over time").click();
    settle(&mut harness);
    harness.get_by_label("Customer and selling skills").click();
    settle(&mut harness);
    harness.get_by_label_contains("No ratings of these skills");
    // A rating captured now shows on the open chart: it is drawn again, not kept stale.
    let listening = skill_named(harness.state(), "Listening");
    harness
        .state_mut()
        .apply(Command::AddObservations(vec![
            coachbook::domain::observation::ObservationDraft {
                rep_id: rep,
                skill_id: listening,
                observed_on: test_now().date_naive(),
                rating: coachbook::domain::Rating::Rated(coachbook::domain::Level::new(3).unwrap()),
                evidence: "Summarised the buyer's three concerns back to them".into(),
                context: coachbook::domain::observation::CallContext::Demo,
                account: String::new(),
                session_id: None,
                visibility: coachbook::domain::observation::Visibility::Shared,
            },
        ]))
        .unwrap();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("No ratings of these skills")
            .is_none()
    );
    harness.get_by_label_contains("Listening 1");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    settle(&mut harness);
    harness.get_by_label_contains("Noor Haddad, Listening: level 3.0, target 4");
    harness.get_by_label("Noor Haddad, Rapport: never rated, target 4, 0 ratings");
}

/// The sections under the heat map are only reserved while more than a screen out of view;
/// scrolling to them lays them out, so a manager (and a screen reader) finds them where they
/// were.
#[test]
fn sections_below_the_fold_appear_when_scrolled_to() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_harness(
        &dir.path().join("demo.db"),
        egui::vec2(1100.0, 320.0),
        false,
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    settle(&mut harness);
    let coverage = "Coverage: skills observed in the last 90 days";
    assert!(
        harness.query_by_label_contains(coverage).is_none(),
        "out of view, the coverage table is not laid out"
    );
    harness.event(egui::Event::PointerMoved(egui::pos2(600.0, 200.0)));
    let mut seen = Vec::new();
    let sections = [
        "candidates for team training",
        coverage,
        "Coaching plans: which focus skills moved",
    ];
    for _ in 0..30 {
        harness.event(common::wheel_down(150.0));
        settle(&mut harness);
        for section in sections {
            if !seen.contains(&section) && harness.query_by_label_contains(section).is_some() {
                seen.push(section);
            }
        }
    }
    assert_eq!(
        seen, sections,
        "each section is laid out once scrolled to, in order"
    );
}
