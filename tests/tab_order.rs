//! Every control on every screen is reachable by Tab, and every Tab stop is named for a
//! screen reader: no unlabelled stop (a table cell, a column's resize handle) where the
//! keyboard's place would be lost.

mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The role and name of the widget with the keyboard's focus.
fn focused(harness: &Harness<'static, coachbook::app::App>) -> Option<(Role, String)> {
    harness.query_all_by(|n| n.is_focused()).next().map(|n| {
        let node = n.accesskit_node();
        let name = node.label().or(node.value()).unwrap_or_default();
        (node.role(), name)
    })
}

/// Tabs through the screen until the focus comes back round to the rail (or `max` stops),
/// and returns the stops met.
fn tab_stops(
    harness: &mut Harness<'static, coachbook::app::App>,
    max: usize,
) -> Vec<(Role, String)> {
    let mut stops = Vec::new();
    for _ in 0..max {
        harness.key_press(Key::Tab);
        common::settle(harness);
        let Some(stop) = focused(harness) else {
            continue;
        };
        if stops.first() == Some(&stop) {
            break;
        }
        stops.push(stop);
    }
    stops
}

#[test]
fn every_tab_stop_of_every_screen_has_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut harness = common::demo_harness(&path, egui::vec2(1024.0, 640.0), false);
    let screens = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
    ];
    for key in screens {
        harness.key_press_modifiers(Modifiers::COMMAND, key);
        common::settle(&mut harness);
        let stops = tab_stops(&mut harness, 90);
        assert!(stops.len() > 8, "{key:?}: only {stops:?}");
        for (role, name) in &stops {
            assert!(
                !name.trim().is_empty() && !matches!(role, Role::GenericContainer | Role::Unknown),
                "{key:?}: a Tab stop without a name ({role:?}) among {stops:#?}"
            );
        }
    }
}
