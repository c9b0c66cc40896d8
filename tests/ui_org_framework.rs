//! The Framework screen of a file that took in the organization's framework: its skills
//! say so and offer no edit, move, retire or delete, and their role targets are read only;
//! the manager's own skills keep every button.

mod common;

use coachbook::domain::framework::Framework;
use coachbook::ops::Command;
use coachbook::ui::{Place, Request, Screen};
use egui_kittest::kittest::Queryable;

#[test]
fn the_organizations_skills_are_read_only_and_the_managers_own_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::demo_harness(
        &dir.path().join("team.db"),
        egui::vec2(1280.0, 2400.0),
        true,
    );
    let mut org = Framework::default_framework().unwrap();
    let own = org.skills.remove(0).name;
    let from_org = org.skills[0].name.clone();
    harness
        .state_mut()
        .apply(Command::AdoptOrgFramework {
            version: 1,
            framework: org,
        })
        .unwrap();
    harness
        .state_mut()
        .request(Request::Go(Place::Screen(Screen::Framework)));
    common::settle(&mut harness);

    assert!(harness.query_by_label(&format!("Edit {own}")).is_some());
    assert!(
        harness
            .query_by_label(&format!("Edit {from_org}"))
            .is_none()
    );
    assert!(
        harness
            .query_by_label(&format!("Delete {from_org}"))
            .is_none()
    );
    assert!(
        harness
            .query_by_label(&format!("AE target for {from_org}"))
            .is_none()
    );
    assert!(
        harness
            .query_by_label(&format!("AE target for {own}"))
            .is_some()
    );
    assert!(
        harness
            .query_all_by_value("organization's framework")
            .next()
            .is_some()
    );
}
