//! Every screen at the smallest window Coachbook is made for, 1024x640, on the fixed demo
//! team: nothing cut off that cannot be scrolled to. Rendered like the other snapshots;
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots_small` accepts a change.

mod common;

use coachbook::app::App;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::demo_store;

const SMALL: egui::Vec2 = egui::vec2(1024.0, 640.0);

fn small_app(dir: &tempfile::TempDir) -> Harness<'static, App> {
    small_app_on(demo_store(&dir.path().join("demo.db")))
}

fn small_app_on(store: coachbook::store::Store) -> Harness<'static, App> {
    common::picture_harness(store, SMALL)
}

/// Takes the picture, hiding the temporary folder's paths (they differ on every run) where
/// a screen shows them; returns the failure instead of stopping, so one run shows them all.
fn picture(harness: &mut Harness<'static, App>, name: &str) -> Option<String> {
    let path = harness.state().store().path();
    let folder = path.parent().unwrap_or(path).display().to_string();
    harness.remove_cursor();
    harness.run();
    let starts: Vec<egui::Pos2> = harness
        .query_all_by_label_contains(&folder)
        .map(|node| node.rect().min)
        .collect();
    for start in starts {
        harness.mask(egui::Rect::from_min_size(start, egui::vec2(600.0, 18.0)));
    }
    harness.try_snapshot(name).err().map(|e| e.to_string())
}

fn go(harness: &mut Harness<'static, App>, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    common::settle(harness);
}

#[test]
fn every_screen_at_1024_by_640() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = small_app(&dir);
    let mut failures = Vec::new();
    let screens = [
        (Key::Num1, "small_home"),
        (Key::Num2, "small_team"),
        (Key::Num3, "small_calendar"),
        (Key::Num4, "small_observations"),
        (Key::Num5, "small_skill_gaps"),
        (Key::Num6, "small_framework"),
        (Key::Num7, "small_settings"),
    ];
    for (key, name) in screens {
        go(&mut harness, key);
        failures.extend(picture(&mut harness, name));
    }

    // The heat map scrolled right and down: the rep names and skill titles stay in view.
    go(&mut harness, Key::Num5);
    harness.event(egui::Event::PointerMoved(egui::pos2(600.0, 400.0)));
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(-260.0, -90.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    common::settle(&mut harness);
    failures.extend(picture(&mut harness, "small_skill_gaps_scrolled"));

    // A rep's page, from the roster.
    go(&mut harness, Key::Num2);
    harness.get_by_label("Hannah Novak").click();
    common::settle(&mut harness);
    failures.extend(picture(&mut harness, "small_rep_page"));
    harness.get_by_label("Coaching plan").click();
    common::settle(&mut harness);
    failures.extend(picture(&mut harness, "small_rep_plan"));

    // A session's workspace, from Home.
    go(&mut harness, Key::Num1);
    harness
        .get_all_by(|n| {
            n.role() == egui::accesskit::Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with("Open session: Hannah Novak"))
        })
        .next()
        .unwrap()
        .click();
    common::settle(&mut harness);
    failures.extend(picture(&mut harness, "small_session"));
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_welcome_screen_at_1024_by_640() {
    let dir = tempfile::tempdir().unwrap();
    let store = coachbook::store::Store::open(&dir.path().join("new.db")).unwrap();
    let mut harness = small_app_on(store);
    let failure = picture(&mut harness, "small_welcome");
    assert!(failure.is_none(), "{failure:?}");
}
