//! The leader's window on a real organization: it reads the figures on its thread, then
//! shows coverage per manager, the heat map with team means, the training needs and
//! calibration, through the same AccessKit labels a screen reader reads.

mod common;

use std::time::{Duration, Instant};

use coachbook::leader::{LeaderView, Source, Tab};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn text_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    node.label().or_else(|| node.value())
}

fn shows(harness: &Harness<'_, LeaderView>, words: &str) -> bool {
    harness
        .query_all_by(|node| text_of(node).is_some_and(|t| t.contains(words)))
        .next()
        .is_some()
}

/// Runs frames until `words` show, for up to 30 seconds of real time.
#[track_caller]
fn wait_for(harness: &mut Harness<'_, LeaderView>, words: &str) {
    let until = Instant::now() + Duration::from_secs(30);
    while !shows(harness, words) {
        assert!(Instant::now() < until, "\"{words}\" never showed");
        harness.step();
        std::thread::sleep(Duration::from_millis(30));
    }
}

#[test]
fn the_leader_sees_coverage_the_heat_map_needs_and_calibration_of_their_teams() {
    let dir = tempfile::tempdir().unwrap();
    let (org, _files) = common::org::three_teams(&dir);
    let source = Source {
        address: org.address("lea"),
        password: Some(common::org::PASSWORD.to_owned()),
        as_of: Some(common::test_now().date_naive()),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            LeaderView::open(source)
        });
    wait_for(&mut harness, "Longest without a session");
    assert!(shows(&harness, "ana"));
    assert!(shows(&harness, "bo"));
    assert!(!shows(&harness, "carl"), "another leader's manager");

    harness.get_by_label("Heat map").click();
    wait_for(&mut harness, "team mean");
    assert_eq!(harness.state().tab(), Tab::HeatMap);
    let product_value = "Product value: ";
    assert!(
        shows(&harness, &format!("ana, {product_value}")),
        "a team mean cell"
    );

    harness.get_by_label("Training needs").click();
    wait_for(&mut harness, "Reps below target");
    harness.get_by_label("Calibration").click();
    wait_for(&mut harness, "Show every manager and skill");
    harness
        .get_by_label("Show every manager and skill, not only the flagged")
        .click();
    wait_for(&mut harness, "Others");

    // Refresh reads the figures again. "Reading..." may show for less than a frame, so
    // what is waited for is the second read's arrival.
    assert_eq!(harness.state().reads_done(), 1);
    harness.get_by_label("Refresh").click();
    let until = Instant::now() + Duration::from_secs(30);
    while harness.state().reads_done() < 2 {
        assert!(
            Instant::now() < until,
            "Refresh never read the figures again"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_for(&mut harness, "Refresh");
}

#[test]
fn a_wrong_password_is_said_in_the_window() {
    let org = common::org::Org::start();
    org.add("lea", coachbook::org::people::Person::Leader);
    let source = Source {
        address: org.address("lea"),
        password: Some("not it".to_owned()),
        as_of: None,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            LeaderView::open(source)
        });
    wait_for(&mut harness, "the password is wrong");
}
