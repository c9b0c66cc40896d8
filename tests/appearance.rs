//! The theme chosen in Settings, Quit, the window's memory and what an empty Home says.

mod common;

use coachbook::app::WindowMemory;
use coachbook::ui::Screen;
use egui::ThemePreference;
use egui_kittest::kittest::Queryable;

#[test]
fn settings_switch_between_light_dark_and_the_system() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num7);
    common::settle(&mut harness);
    harness.get_by_label("Dark").click();
    common::settle(&mut harness);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    harness.get_by_label("Light").click();
    common::settle(&mut harness);
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    harness.get_by_label("Follow the system").click();
    common::settle(&mut harness);
    assert_eq!(
        harness.ctx.options(|o| o.theme_preference),
        ThemePreference::System
    );
}

#[test]
fn quit_closes_the_window_through_its_close_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true);
    harness.input_mut().events.push(egui::Event::Key {
        key: egui::Key::Q,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    harness.step();
    let closing = harness
        .output()
        .viewport_output
        .values()
        .any(|v| v.commands.contains(&egui::ViewportCommand::Close));
    assert!(closing, "Ctrl+Q asks the window to close");
}

#[test]
fn an_empty_home_says_what_to_do_rather_than_praise() {
    let dir = tempfile::tempdir().unwrap();
    let harness = common::empty_harness(&dir.path().join("new.db"));
    harness.get_by_label_contains("No reps yet: add your team");
    assert!(
        harness.query_by_label_contains("Well kept").is_none(),
        "nothing is kept yet"
    );
}

#[test]
fn the_window_remembers_its_screen_and_theme_across_a_restart() {
    let config = tempfile::tempdir().unwrap();
    // SAFETY of the test: this binary's tests do not read the variable elsewhere.
    unsafe { std::env::set_var("COACHBOOK_CONFIG_DIR", config.path()) };
    let memory = WindowMemory {
        inner_size: Some([1100.0, 700.0]),
        outer_position: Some([10.0, 20.0]),
        screen: Some("Calendar".into()),
        theme: Some("dark".into()),
        reminded: Vec::new(),
        fitted: false,
    };
    memory.save();
    let path = config.path().join("window.json");
    assert_eq!(common::mode(&path) & 0o777, 0o600, "owner-only");
    let read = WindowMemory::load();
    assert_eq!(read, memory);

    let dir = tempfile::tempdir().unwrap();
    let mut harness =
        common::demo_harness(&dir.path().join("demo.db"), egui::vec2(1300.0, 900.0), true);
    let ctx = harness.ctx.clone();
    harness.state_mut().remember(&ctx, read);
    common::settle(&mut harness);
    assert_eq!(harness.state().screen(), Screen::Calendar);
    assert_eq!(ctx.theme(), egui::Theme::Dark);

    // A link to an endless device in its place must not hold up the start.
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
    assert_eq!(WindowMemory::load(), WindowMemory::default());
    std::fs::remove_file(&path).unwrap();

    std::fs::write(&path, vec![b'x'; 64 * 1024]).unwrap();
    assert_eq!(
        WindowMemory::load(),
        WindowMemory::default(),
        "a file too large is not read"
    );
}
