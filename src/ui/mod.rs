//! The window's screens and panels. Each function that draws takes `&mut Ui` and ends in
//! `_ui`; none of them touches the database: they read [`View::caches`] and push
//! [`Intent`]s, which the app applies between frames.

mod framework;
mod rail;
mod rep_form;
mod status_bar;
pub mod style;
mod team;
mod toast;
mod welcome;

use chrono::{DateTime, Utc};

pub use rep_form::RepForm;
pub use toast::Toast;

use crate::app::{Caches, Command};
use crate::domain::Bucket;

/// The screens the rail offers. A screen is listed only once it works.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    #[default]
    Team,
    Framework,
}

impl Screen {
    pub const ALL: [Screen; 2] = [Screen::Team, Screen::Framework];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Team => "Team",
            Screen::Framework => "Framework",
        }
    }

    pub fn shortcut(self) -> &'static str {
        match self {
            Screen::Team => "Ctrl+1",
            Screen::Framework => "Ctrl+2",
        }
    }
}

/// Where a command came from, so that its error lands next to the field that caused it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    RepForm,
    Other,
}

/// What a screen asks the app to do after the frame.
#[derive(Debug)]
pub enum Intent {
    Apply(Command, Origin),
    Undo,
    Redo,
}

/// Whether the last write reached the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteState {
    Idle,
    Saved,
    Failed(String),
}

/// The UI's own state: which screen, what is typed in open forms, what is selected.
#[derive(Default)]
pub struct UiState {
    pub screen: Screen,
    pub team: TeamState,
    pub framework_bucket: Bucket,
    pub toast: Option<Toast>,
}

#[derive(Default)]
pub struct TeamState {
    pub show_archived: bool,
    pub filter: String,
    pub form: Option<RepForm>,
}

pub struct StatusInfo<'a> {
    pub path: String,
    pub write: &'a WriteState,
    pub undo_label: Option<&'a str>,
    pub redo_label: Option<&'a str>,
}

/// Everything a screen may read or ask for during one frame.
pub struct View<'a> {
    pub caches: &'a Caches,
    pub state: &'a mut UiState,
    pub outbox: &'a mut Vec<Intent>,
    pub status: StatusInfo<'a>,
    pub now: DateTime<Utc>,
}

impl View<'_> {
    pub fn apply(&mut self, command: Command, origin: Origin) {
        self.outbox.push(Intent::Apply(command, origin));
    }
}

/// The whole window: rail on the left, status bar at the bottom, the screen in between.
pub fn root_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    egui::Panel::bottom("status_bar")
        .frame(style::bar_frame(ui.style()))
        .show(ui, |ui| status_bar::status_bar_ui(ui, view));
    if view.caches.needs_setup {
        egui::CentralPanel::default().show(ui, |ui| welcome::welcome_ui(ui, view));
        return;
    }
    egui::Panel::left("navigation_rail")
        .resizable(false)
        .exact_size(168.0)
        .frame(style::rail_frame(ui.style()))
        .show(ui, |ui| rail::rail_ui(ui, view));
    egui::CentralPanel::default()
        .frame(style::page_frame(ui.style()))
        .show(ui, |ui| match view.state.screen {
            Screen::Team => team::team_ui(ui, view),
            Screen::Framework => framework::framework_ui(ui, view),
        });
    toast::toast_ui(ui, view);
}
