//! Pictures of the key screens on the fixed demo team, rendered by wgpu on a software
//! Vulkan driver. A changed picture fails the test and leaves `*.new.png` and `*.diff.png`
//! beside the stored one; `UPDATE_SNAPSHOTS=1 cargo test` accepts the change.

mod common;

use coachbook::app::App;
use coachbook::store::Store;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::{demo_store, test_now};

fn app_on(store: Store) -> Harness<'static, App> {
    common::picture_harness(store, egui::vec2(1240.0, 760.0))
}

/// The temporary file's path differs on every run and machine: a fixed-width strip from
/// where it starts hides it, whatever its length. Masks last one frame, so this comes last.
fn snapshot(harness: &mut Harness<'static, App>, name: &str) {
    let path = harness.state().store().path().display().to_string();
    harness.remove_cursor();
    harness.run();
    let start = harness.get_by_label(&path).rect().min;
    harness.mask(egui::Rect::from_min_size(start, egui::vec2(600.0, 18.0)));
    harness.snapshot(name);
}

fn demo_app(dir: &tempfile::TempDir) -> Harness<'static, App> {
    let store = demo_store(&dir.path().join("demo.db"));
    app_on(store)
}

#[test]
fn team_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    snapshot(&mut harness, "team");
}

#[test]
fn framework_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    harness.run();
    snapshot(&mut harness, "framework");
}

#[test]
fn welcome_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = app_on(Store::open(&dir.path().join("new.db")).unwrap());
    snapshot(&mut harness, "welcome");
}

#[test]
fn observations_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    common::settle(&mut harness);
    snapshot(&mut harness, "observations");
}

#[test]
fn quick_capture_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.event(egui::Event::Text("kwa".into()));
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.event(egui::Event::Text("ques".into()));
    harness.run();
    snapshot(&mut harness, "capture");
}

#[test]
fn home_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    common::settle(&mut harness);
    snapshot(&mut harness, "home");
}

#[test]
fn calendar_week() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    common::settle(&mut harness);
    snapshot(&mut harness, "calendar_week");
}

/// Hannah Novak's coaching plan: the running focus with its progress, suggestions, how she
/// rated her sessions, and the plans closed before.
#[test]
fn rep_coaching_plan() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.set_size(egui::vec2(1240.0, 1100.0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    common::settle(&mut harness);
    harness.get_by_label("Hannah Novak").click();
    common::settle(&mut harness);
    harness.get_by_label("Coaching plan").click();
    common::settle(&mut harness);
    snapshot(&mut harness, "rep_plan");
}

/// The demo team's Hannah Novak session, opened from Home.
fn open_session(harness: &mut Harness<'static, App>) {
    harness.set_size(egui::vec2(1240.0, 1300.0));
    let button = harness
        .get_all_by(|n| {
            n.role() == egui::accesskit::Role::Button
                && n.label()
                    .is_some_and(|l| l.starts_with("Open session: Hannah Novak"))
        })
        .next()
        .unwrap();
    button.click();
    common::settle(harness);
}

fn open_skill_gaps(harness: &mut Harness<'static, App>) {
    harness.set_size(egui::vec2(1240.0, 900.0));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    common::settle(harness);
}

/// Dark, as Settings or the system chooses it.
/// Ctrl+F over Home: the hits for a word, grouped, newest first, the word marked.
#[test]
fn search_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    common::settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.event(egui::Event::Text("next st".into()));
    common::settle(&mut harness);
    snapshot(&mut harness, "search");
}

/// The week in dark, with the manager's own calendar behind the sessions.
#[test]
fn calendar_week_with_busy_time_dark() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    let calendar = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/calendars/google.ics");
    harness
        .state_mut()
        .request(coachbook::ui::Request::ImportBusy(calendar));
    common::settle(&mut harness);
    // The toast saying what was read lasts a few seconds of frames, however many the
    // reading thread took: the picture is of the week alone.
    harness.state_mut().ui_state_mut().toast = None;
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    dark(&mut harness);
    snapshot(&mut harness, "calendar_week_busy_dark");
}

fn dark(harness: &mut Harness<'static, App>) {
    harness.ctx.set_theme(egui::Theme::Dark);
    common::settle(harness);
}

/// A session block reached by Tab shows where the keyboard is.
#[test]
fn calendar_week_with_a_block_in_focus() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    common::settle(&mut harness);
    harness
        .get_all_by(|n| {
            n.role() == egui::accesskit::Role::Button
                && n.label().is_some_and(|l| l.contains("Hannah Novak"))
        })
        .next()
        .unwrap()
        .focus();
    common::settle(&mut harness);
    snapshot(&mut harness, "calendar_week_focus");
}

#[test]
fn session_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    open_session(&mut harness);
    snapshot(&mut harness, "session");
}

#[test]
fn skill_gaps_heat_map() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    open_skill_gaps(&mut harness);
    snapshot(&mut harness, "skill_gaps");
}

#[test]
fn home_screen_dark() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    dark(&mut harness);
    snapshot(&mut harness, "home_dark");
}

#[test]
fn session_workspace_dark() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    open_session(&mut harness);
    dark(&mut harness);
    snapshot(&mut harness, "session_dark");
}

#[test]
fn skill_gaps_heat_map_dark() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = demo_app(&dir);
    open_skill_gaps(&mut harness);
    dark(&mut harness);
    snapshot(&mut harness, "skill_gaps_dark");
}

#[test]
fn rep_view() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo_store(&dir.path().join("demo.db"));
    let from = test_now().date_naive() - chrono::Duration::days(365);
    let path = dir.path().join("rep.coachrep");
    let history = common::first_rep_file(&store, from, &path);
    let shown = path.display().to_string();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            coachbook::repview::RepView::open(&path).unwrap()
        });
    harness.run();
    harness
        .get_by_label(&format!(
            "Rate yourself 4 of 5 on {}",
            history.skills[0].name
        ))
        .click();
    harness.run();
    harness.remove_cursor();
    harness.run();
    let start = harness.get_by_label(&shown).rect().min;
    harness.mask(egui::Rect::from_min_size(start, egui::vec2(600.0, 18.0)));
    harness.snapshot("rep_view");
}

/// An organization's figures made up for the picture: two teams of four, six skills.
fn made_up_report() -> coachbook::org::report::OrgReport {
    use coachbook::domain::org_report::{self, LevelCell, RepCoverage, ReportSkill};
    let framework = coachbook::domain::framework::Framework::default_framework().unwrap();
    let skills: Vec<ReportSkill> = framework.skills[..6]
        .iter()
        .map(|s| ReportSkill {
            key: coachbook::domain::text::fold_case(&s.name),
            name: s.name.clone(),
            bucket: s.bucket.title().to_owned(),
        })
        .collect();
    let as_of = test_now().date_naive();
    let mut reps = Vec::new();
    let mut levels = Vec::new();
    for (m, (login, name)) in [("ana", "Ana Ruiz"), ("bo", "Bo Lindgren")]
        .iter()
        .enumerate()
    {
        for r in 0..4_i64 {
            let rep_id = m as i64 * 10 + r;
            reps.push(RepCoverage {
                manager: (*login).into(),
                manager_name: (*name).into(),
                rep_id,
                name: ["Dana Lee", "Jonas Costa", "Priya Shah", "Samir Okafor"][r as usize].into(),
                role: "AE".into(),
                held: 10 - r * 2,
                missed: r,
                skipped: 1,
                held_mins: (10 - r * 2) * 45,
                last_held: Some(as_of - chrono::Duration::days(r * 9 + 2)),
                goal_mins_per_week: 45,
            });
            for (s, skill) in skills.iter().enumerate() {
                let level = 1.5 + ((rep_id * 7 + s as i64 * 3) % 30) as f64 / 10.0;
                levels.push(LevelCell {
                    manager: (*login).into(),
                    rep_id,
                    key: skill.key.clone(),
                    level: (s + r as usize != 7).then_some(level),
                    ratings: 5,
                    target: Some(3 + (s as i64 % 2)),
                });
            }
        }
    }
    let team_levels = org_report::team_levels(&levels)
        .into_iter()
        .map(|((m, k), v)| (m, k, v))
        .collect();
    coachbook::org::report::OrgReport {
        as_of,
        window_days: 90,
        framework_version: Some(1),
        managers: org_report::coverage(&reps, &[], 90),
        needs: org_report::training_needs(&levels),
        calibration: Vec::new(),
        skills,
        reps,
        levels,
        team_levels,
    }
}

#[test]
fn leader_heat_map() {
    let mut view = coachbook::leader::LeaderView::with_report(made_up_report());
    view.show(coachbook::leader::Tab::HeatMap);
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1024.0, 640.0))
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(move |cc| {
            coachbook::ui::style::apply(&cc.egui_ctx);
            view
        });
    harness.run();
    harness.snapshot("leader_heat_map");
}
