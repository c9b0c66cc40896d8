//! What the window remembers between runs on this computer: its size and place, the
//! screen it showed, the theme chosen in Settings, and the reminders already shown. It is the computer's, not the data
//! file's, so it lives in the user's config folder (`window.json`), written owner-only.
//! The file is a door like any other: read bounded, and anything odd in it is ignored,
//! never a reason not to open.

use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::reminders::NudgeKind;
use crate::domain::rep::RepId;

use crate::ui::Screen;

/// More than any window's memory; a larger file is not read.
const MAX_BYTES: u64 = 16 * 1024;
/// Sizes and places beyond this are not a screen's.
const MAX_POINTS: f32 = 20_000.0;
/// Two days of reminders for a large team; more are not kept.
const MAX_REMINDED: usize = 200;

fn kind_named(kind: &str) -> Option<NudgeKind> {
    match kind {
        "soon" => Some(NudgeKind::Soon),
        "prepare" => Some(NudgeKind::Prepare),
        _ => None,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WindowMemory {
    pub inner_size: Option<[f32; 2]>,
    pub outer_position: Option<[f32; 2]>,
    /// A screen of the rail, by its title ("Home", "Team", ...).
    pub screen: Option<String>,
    /// "system", "light" or "dark".
    pub theme: Option<String>,
    /// Reminders shown for sessions still to come: ("soon" or "prepare", the rep's id, the
    /// session's start in UTC milliseconds), so a restart does not show them again.
    #[serde(default)]
    pub reminded: Vec<(String, i64, i64)>,
    /// The window was checked against this screen's size (once it was known).
    #[serde(skip)]
    pub fitted: bool,
}

impl WindowMemory {
    /// Where the memory lives: `COACHBOOK_CONFIG_DIR` when set (tests), else the user's
    /// config folder for Coachbook.
    pub fn path() -> Option<PathBuf> {
        let dir = match std::env::var_os("COACHBOOK_CONFIG_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "coachbook")?
                .config_dir()
                .to_owned(),
        };
        Some(dir.join("window.json"))
    }

    /// The memory as saved, or nothing remembered when the file is missing, too large or
    /// not what this module writes.
    pub fn load() -> WindowMemory {
        let Some(path) = WindowMemory::path() else {
            return WindowMemory::default();
        };
        // Only a plain file, and never more than the bound: a link to /dev/zero or a FIFO
        // in its place must not hold up the start.
        let plain = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_BYTES);
        if !plain {
            return WindowMemory::default();
        }
        let mut bytes = Vec::new();
        let read = std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_BYTES).read_to_end(&mut bytes));
        match read {
            Ok(_) => WindowMemory::parse(&bytes),
            Err(_) => WindowMemory::default(),
        }
    }

    /// Reads the saved text, keeping only values a window can use.
    pub fn parse(bytes: &[u8]) -> WindowMemory {
        let Ok(read) = serde_json::from_slice::<WindowMemory>(bytes) else {
            return WindowMemory::default();
        };
        let usable = |v: [f32; 2], min: f32| {
            v.iter()
                .all(|x| x.is_finite() && *x >= min && *x <= MAX_POINTS)
        };
        WindowMemory {
            inner_size: read.inner_size.filter(|s| usable(*s, 200.0)),
            outer_position: read.outer_position.filter(|p| usable(*p, -MAX_POINTS)),
            screen: read.screen.filter(|s| screen_titled(s).is_some()),
            theme: read.theme.filter(|t| theme_named(t).is_some()),
            reminded: read
                .reminded
                .into_iter()
                .filter(|(kind, _, _)| kind_named(kind).is_some())
                .take(MAX_REMINDED)
                .collect(),
            fitted: false,
        }
    }

    /// The reminders already shown, as the scheduler takes them.
    pub fn reminded(&self) -> Vec<(NudgeKind, RepId, DateTime<Utc>)> {
        self.reminded
            .iter()
            .filter_map(|(kind, rep, start_ms)| {
                Some((
                    kind_named(kind)?,
                    RepId(*rep),
                    DateTime::from_timestamp_millis(*start_ms)?,
                ))
            })
            .collect()
    }

    pub fn set_reminded(&mut self, shown: &[(NudgeKind, RepId, DateTime<Utc>)]) {
        self.reminded = shown
            .iter()
            .take(MAX_REMINDED)
            .map(|(kind, rep, start)| {
                let kind = match kind {
                    NudgeKind::Soon => "soon",
                    NudgeKind::Prepare => "prepare",
                };
                (kind.to_owned(), rep.0, start.timestamp_millis())
            })
            .collect();
    }

    /// Writes the memory; a failure only means the next start forgets, so it is not shown.
    pub fn save(&self) {
        let Some(path) = WindowMemory::path() else {
            return;
        };
        let Ok(text) = serde_json::to_vec_pretty(self) else {
            return;
        };
        if let Some(dir) = path.parent()
            && crate::files::ensure_dir(dir).is_ok()
        {
            let _ = crate::files::write_bytes(&path, &text);
        }
    }

    pub fn screen(&self) -> Option<Screen> {
        self.screen.as_deref().and_then(screen_titled)
    }

    pub fn theme(&self) -> Option<egui::ThemePreference> {
        self.theme.as_deref().and_then(theme_named)
    }
}

/// The size that brings a window remembered on a larger screen inside `monitor`, or
/// `None` when it fits. Its place is left alone: with two screens side by side a place
/// beyond this screen's width is on the other.
pub fn fit_inside(size: egui::Vec2, monitor: egui::Vec2) -> Option<egui::Vec2> {
    let fitted = size.min(monitor);
    (fitted != size).then_some(fitted)
}

fn screen_titled(title: &str) -> Option<Screen> {
    Screen::ALL.into_iter().find(|s| s.title() == title)
}

pub fn theme_named(name: &str) -> Option<egui::ThemePreference> {
    match name {
        "system" => Some(egui::ThemePreference::System),
        "light" => Some(egui::ThemePreference::Light),
        "dark" => Some(egui::ThemePreference::Dark),
        _ => None,
    }
}

pub fn theme_name(theme: egui::ThemePreference) -> &'static str {
    match theme {
        egui::ThemePreference::System => "system",
        egui::ThemePreference::Light => "light",
        egui::ThemePreference::Dark => "dark",
    }
}

impl super::App {
    /// Starts from what the window remembered, and keeps it up to date from now on.
    pub fn remember(&mut self, ctx: &egui::Context, memory: WindowMemory) {
        if let Some(screen) = memory.screen() {
            self.state.screen = screen;
        }
        if let Some(theme) = memory.theme() {
            ctx.set_theme(theme);
        }
        self.notifications = super::notifications::Notifications::new(&memory.reminded());
        self.memory = Some(memory);
    }

    /// The window's size, place, screen and theme as they are now. On the first frame that
    /// knows the screen's size, a window remembered bigger than it is made to fit, where
    /// it stands.
    pub(super) fn note_window(&mut self, ctx: &egui::Context) {
        let Some(memory) = self.memory.as_mut() else {
            return;
        };
        if !memory.fitted {
            let (monitor, inner, outer) = ctx.input(|i| {
                let v = i.viewport();
                (v.monitor_size, v.inner_rect, v.outer_rect)
            });
            if let (Some(monitor), Some(inner), Some(outer)) = (monitor, inner, outer) {
                memory.fitted = true;
                // The frame around the inside counts against the screen too.
                let frame = outer.size() - inner.size();
                if let Some(size) = fit_inside(outer.size(), monitor) {
                    ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size - frame));
                }
            }
        }
        ctx.input(|i| {
            let viewport = i.viewport();
            if let Some(inner) = viewport.inner_rect {
                memory.inner_size = Some([inner.width(), inner.height()]);
            }
            if let Some(outer) = viewport.outer_rect {
                memory.outer_position = Some([outer.min.x, outer.min.y]);
            }
        });
        let theme = theme_name(ctx.options(|o| o.theme_preference));
        if memory.theme.as_deref() != Some(theme) {
            memory.theme = Some(theme.to_owned());
        }
    }

    pub(super) fn save_memory(&mut self) {
        let reminded = self.notifications.to_remember(self.ops.clock().now());
        if let Some(memory) = self.memory.as_mut() {
            memory.set_reminded(&reminded);
            // The workspace of one session is not a place to reopen; its screen is.
            let screen = match self.state.screen {
                Screen::Session => Screen::Calendar,
                other => other,
            };
            memory.screen = Some(screen.title().to_owned());
            memory.save();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_saved_is_read_back() {
        let memory = WindowMemory {
            inner_size: Some([1100.0, 700.0]),
            outer_position: Some([-40.0, 20.0]),
            screen: Some("Calendar".into()),
            theme: Some("dark".into()),
            reminded: vec![("soon".into(), 3, 1_795_000_000_000)],
            fitted: false,
        };
        let text = serde_json::to_vec(&memory).unwrap();
        let read = WindowMemory::parse(&text);
        assert_eq!(read, memory);
        assert_eq!(read.reminded().len(), 1);
        let odd = br#"{"reminded": [["later", 1, 2], ["soon", 1, 99999999999999999]]}"#;
        assert!(
            WindowMemory::parse(odd).reminded().is_empty(),
            "unknown kinds and times go"
        );
        assert_eq!(read.screen(), Some(Screen::Calendar));
        assert_eq!(read.theme(), Some(egui::ThemePreference::Dark));
    }

    #[test]
    fn a_window_bigger_than_the_screen_is_brought_inside_it() {
        let monitor = egui::vec2(1024.0, 640.0);
        assert_eq!(
            fit_inside(egui::vec2(1600.0, 1000.0), monitor),
            Some(monitor)
        );
        assert_eq!(
            fit_inside(egui::vec2(900.0, 1000.0), monitor),
            Some(egui::vec2(900.0, 640.0))
        );
        assert_eq!(fit_inside(egui::vec2(800.0, 500.0), monitor), None);
    }

    #[test]
    fn anything_odd_is_forgotten_never_a_failure() {
        for text in [
            &b""[..],
            b"not json",
            b"{\"inner_size\": [1e30, 5], \"screen\": \"Session\", \"theme\": \"pink\"}",
            b"{\"inner_size\": [10, 10], \"outer_position\": [1e9, 0]}",
            b"[1, 2, 3]",
            b"{\"screen\": \"\\u001b]52;c;AAAA\\u0007\"}",
        ] {
            let read = WindowMemory::parse(text);
            assert_eq!(
                read,
                WindowMemory::default(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
