//! The window's screens and panels. Each function that draws takes `&mut Ui` and ends in
//! `_ui`; none of them touches the database: they read [`View::caches`] and push
//! [`Request`]s on the one channel, which the app drains at the end of the frame.

pub(crate) mod below_fold;
mod busy_settings;
mod cadence_collisions;
mod cadence_form;
mod calendar;
mod capture;
mod encryption_settings;
mod export;
mod file_menu;
mod form_grid;
mod framework;
mod gaps;
mod history;
mod home;
mod lists;
mod observations;
mod org_status;
pub mod pacing;
pub mod path_field;
mod picker;
mod rail;
mod reminder_settings;
mod rep_file;
mod rep_form;
mod rep_page;
mod repair_banner;
mod request;
mod roster_preview;
mod search;
mod session;
mod settings;
mod skill_charts;
mod status_bar;
pub mod style;
mod team;
mod toast;
mod welcome;

use chrono::{DateTime, NaiveDate, Utc};

pub use cadence_form::CadenceForm;
pub use calendar::{CalendarMode, CalendarState, status_color};
pub use capture::{CaptureMemory, CaptureState, Step};
pub use file_menu::{ExchangeJob, ExchangeState};
pub use framework::FrameworkState;
pub use gaps::{GapsState, gap_color};
pub use history::{HISTORY_LEN, History, Visited};
pub use lists::{HomeList, HomeLists, LIST_CAP};
pub use observations::{EditorState, TableState};
pub use path_field::{PathAsk, PathField, PathKind, PathUse};
pub use rep_file::{ShareForm, ShareKind, ShareRequest};
pub use rep_form::RepForm;
pub use rep_page::{RepPage, RepTab};
pub use request::{Origin, Place, Reply, Request, TextSave};
pub use roster_preview::RosterPreview;
pub use search::SearchState;
pub use session::{CommitmentForm, RETRY_SECS, SessionScreen, recap_text};
pub use settings::{SettingsState, backup_taken_text};
pub use toast::Toast;

use crate::domain::observation::{Observation, ObservationId};
use crate::domain::observation_query::{ObservationFilter, Sort};
use crate::model::{Caches, TableId};
use crate::ops::Command;

/// A date as people write it: "9 Dec", with the year when it is not this year's.
pub fn short_date(date: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if date.year() == today.year() {
        date.format("%-d %b").to_string()
    } else {
        date.format("%-d %b %Y").to_string()
    }
}

/// A session's length in minutes, labelled for screen readers, held to the range the
/// commands accept.
pub fn duration_mins_ui(ui: &mut egui::Ui, label: &str, duration_mins: &mut u32, suffix: &str) {
    use crate::domain::cadence::{MAX_DURATION_MINS, MIN_DURATION_MINS};
    let label = ui.label(label);
    ui.add(
        egui::DragValue::new(duration_mins)
            .range(MIN_DURATION_MINS..=MAX_DURATION_MINS)
            .speed(5)
            .suffix(suffix),
    )
    .labelled_by(label.id);
}

/// The screens the rail offers. A screen is listed only once it works.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Screen {
    #[default]
    Home,
    Team,
    Calendar,
    Observations,
    Gaps,
    Framework,
    Settings,
    /// The workspace of one session, opened from Calendar, Home or a rep's page.
    Session,
}

impl Screen {
    /// The screens of the navigation rail, in order; the session workspace is reached
    /// through a session.
    pub const ALL: [Screen; 7] = [
        Screen::Home,
        Screen::Team,
        Screen::Calendar,
        Screen::Observations,
        Screen::Gaps,
        Screen::Framework,
        Screen::Settings,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Home => "Home",
            Screen::Team => "Team",
            Screen::Calendar => "Calendar",
            Screen::Observations => "Observations",
            Screen::Gaps => "Skill gaps",
            Screen::Framework => "Framework",
            Screen::Settings => "Settings",
            Screen::Session => "Session",
        }
    }

    /// Ctrl and the screen's place in the rail.
    pub fn shortcut(self) -> String {
        let place = Screen::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1;
        format!("Ctrl+{place}")
    }
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
    pub framework: FrameworkState,
    pub observations: TableState,
    pub calendar: CalendarState,
    pub session: SessionScreen,
    pub gaps: GapsState,
    pub capture: Option<CaptureState>,
    pub capture_memory: CaptureMemory,
    pub toast: Option<Toast>,
    /// The File menu's exports and imports.
    pub exchange: ExchangeState,
    /// The Settings screen: backups and where the data lives.
    pub settings: SettingsState,
    /// The places Back returns to.
    pub history: History,
    /// The app's own path field, when no file dialog can be shown.
    pub path_field: Option<PathField>,
    /// Which of Home's lists are shown in full.
    pub home: HomeLists,
    /// Search over everything, over whatever screen is open.
    pub search: SearchState,
}

/// Where to write the schedule, and whose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRequest {
    pub path: std::path::PathBuf,
    pub rep: Option<crate::domain::rep::RepId>,
    /// Reps with an email are the events' attendees.
    pub invite_reps: bool,
}

#[derive(Default)]
pub struct TeamState {
    pub show_archived: bool,
    pub filter: String,
    pub form: Option<RepForm>,
    /// The rep whose page is open, in place of the roster.
    pub open_rep: Option<RepPage>,
    pub cadence_form: Option<CadenceForm>,
    pub one_off: OneOffForm,
    /// The open rep's "Share feedback" panel.
    pub share: Option<ShareForm>,
}

/// The date, time and length of a one-off session, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OneOffForm {
    pub date: String,
    pub time: String,
    pub duration_mins: u32,
    pub error: Option<String>,
}

/// How far ahead Home reads the sessions: "Schedule now" finds a slot up to this far.
pub const HOME_AHEAD_DAYS: i64 = 22;

impl UiState {
    /// The filter and sort each visible observation table wants; the app queries when they
    /// differ from what the table shows.
    pub fn wanted_queries(&self) -> Vec<(TableId, ObservationFilter, Sort)> {
        let mut out = Vec::new();
        if self.screen == Screen::Observations {
            out.push((
                TableId::Log,
                self.observations.filter(),
                self.observations.sort,
            ));
        }
        if let (Screen::Team, Some(page)) = (self.screen, &self.team.open_rep)
            && page.tab == RepTab::Observations
        {
            out.push((TableId::RepPage, page.table.filter(), page.table.sort));
        }
        out
    }

    pub(crate) fn table_mut(&mut self, table: TableId) -> Option<&mut TableState> {
        match table {
            TableId::Log => Some(&mut self.observations),
            TableId::RepPage => self.team.open_rep.as_mut().map(|p| &mut p.table),
        }
    }

    /// The stretch of the schedule the screen on show needs: the calendar's week or
    /// month, or for Home the last two weeks and the next one.
    pub fn wanted_window(
        &self,
        today: chrono::NaiveDate,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match self.screen {
            Screen::Calendar => Some(self.calendar.window(today)),
            // Back over "Missed in the last two weeks"; ahead three weeks, as far as
            // "Schedule now" looks for a free slot.
            Screen::Home => Some((
                calendar::local_midnight(today - chrono::Duration::days(14)),
                calendar::local_midnight(today + chrono::Duration::days(HOME_AHEAD_DAYS)),
            )),
            Screen::Team
                if self
                    .team
                    .open_rep
                    .as_ref()
                    .is_some_and(|p| p.tab == RepTab::Sessions) =>
            {
                Some((
                    calendar::local_midnight(today - chrono::Duration::days(90)),
                    calendar::local_midnight(today + chrono::Duration::days(60)),
                ))
            }
            _ => None,
        }
    }

    /// Opens the workspace of a session.
    pub fn open_session(
        &mut self,
        rep: crate::domain::rep::RepId,
        key: crate::domain::schedule::OccurrenceKey,
    ) {
        self.session.open(rep, key);
        self.screen = Screen::Session;
    }

    /// Gives an editor the observation it waits for, or closes it when the observation
    /// is gone.
    /// An editor since closed or opened on another row is left alone.
    pub fn fill_editor(
        &mut self,
        table: TableId,
        id: ObservationId,
        observation: Option<Observation>,
    ) {
        let Some(state) = self.table_mut(table) else {
            return;
        };
        if state.editor.as_ref().is_none_or(|e| e.id != id) {
            return;
        }
        match observation {
            Some(observation) => {
                if let Some(editor) = state.editor.as_mut() {
                    editor.fill(observation);
                }
            }
            None => state.editor = None,
        }
    }

    /// A command from `origin` went through: close the form it came from.
    pub fn succeeded(&mut self, origin: Origin) {
        match origin {
            Origin::RepForm => self.team.form = None,
            Origin::Capture => {
                if let Some(capture) = self.capture.take() {
                    self.capture_memory = capture.memory();
                }
            }
            Origin::ObservationEditor(table) => {
                if let Some(table) = self.table_mut(table) {
                    table.editor = None;
                }
            }
            Origin::SkillForm => self.framework.skill_form = None,
            Origin::PromptForm => self.framework.prompt_form = None,
            Origin::CalendarDetails => self.calendar.selected = None,
            Origin::CadenceForm => self.team.cadence_form = None,
            Origin::Commitment => self.session.commitment = CommitmentForm::default(),
            Origin::RosterImport => {
                self.exchange.roster_preview = None;
                self.go(Place::Screen(Screen::Team));
            }
            Origin::Other => {}
        }
    }

    /// A command from `origin` failed: show `message` in its form. False when no form is
    /// open to show it, and the caller shows it elsewhere.
    pub fn failed(&mut self, origin: Origin, message: &str) -> bool {
        let slot = match origin {
            Origin::RepForm => self.team.form.as_mut().map(|f| &mut f.error),
            Origin::Capture => self.capture.as_mut().map(|c| &mut c.error),
            Origin::ObservationEditor(table) => self
                .table_mut(table)
                .and_then(|t| t.editor.as_mut())
                .map(|e| &mut e.error),
            Origin::SkillForm => self.framework.skill_form.as_mut().map(|f| &mut f.error),
            Origin::PromptForm => self.framework.prompt_form.as_mut().map(|f| &mut f.error),
            Origin::CalendarDetails => Some(&mut self.calendar.form.error),
            Origin::CadenceForm => self.team.cadence_form.as_mut().map(|f| &mut f.error),
            Origin::Commitment => Some(&mut self.session.commitment.error),
            Origin::RosterImport => self.exchange.roster_preview.as_mut().map(|p| &mut p.error),
            Origin::Other => None,
        };
        match slot {
            Some(slot) => {
                *slot = Some(message.to_owned());
                true
            }
            None => false,
        }
    }
}

pub struct StatusInfo<'a> {
    pub path: String,
    /// Why this window only reads the file; `None` when it may change it.
    pub read_only: Option<crate::store::ReadOnlyReason>,
    pub write: &'a WriteState,
    pub undo_label: Option<&'a str>,
    pub redo_label: Option<&'a str>,
    /// Publishing to the organization's server; `None` when the file is not linked.
    pub org: Option<&'a crate::org::worker::OrgStatus>,
}

/// Everything a screen may read or ask for during one frame.
pub struct View<'a> {
    pub caches: &'a Caches,
    pub state: &'a mut UiState,
    /// The one channel to the app, drained at the end of the frame.
    pub requests: &'a mut Vec<Request>,
    pub status: StatusInfo<'a>,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// The manager's time zone, in which days are counted.
    pub zone: chrono_tz::Tz,
}

impl View<'_> {
    pub fn apply(&mut self, command: Command, origin: Origin) {
        self.requests.push(Request::Apply(command, origin));
    }

    pub fn request(&mut self, request: Request) {
        self.requests.push(request);
    }

    pub fn go(&mut self, place: Place) {
        self.requests.push(Request::Go(place));
    }
}

/// The whole window: rail on the left, status bar at the bottom, the screen in between.
pub fn root_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    egui::Panel::bottom("status_bar")
        .frame(style::bar_frame(ui.style()))
        .show(ui, |ui| status_bar::status_bar_ui(ui, view));
    if view.caches.needs_setup {
        egui::CentralPanel::default().show(ui, |ui| welcome::welcome_ui(ui, view));
        path_field::path_field_ui(ui, view);
        return;
    }
    repair_banner::repair_banner_ui(ui, view);
    egui::Panel::left("navigation_rail")
        .resizable(false)
        .exact_size(168.0)
        .frame(style::rail_frame(ui.style()))
        .show(ui, |ui| rail::rail_ui(ui, view));
    egui::CentralPanel::default()
        .frame(style::page_frame(ui.style()))
        .show(ui, |ui| match view.state.screen {
            Screen::Home => home::home_ui(ui, view),
            Screen::Calendar => calendar::calendar_ui(ui, view),
            Screen::Team if view.state.team.open_rep.is_some() => rep_page::rep_page_ui(ui, view),
            Screen::Team => team::team_ui(ui, view),
            Screen::Observations => observations::observations_screen_ui(ui, view),
            Screen::Framework => framework::framework_ui(ui, view),
            Screen::Gaps => gaps::gaps_ui(ui, view),
            Screen::Settings => settings::settings_ui(ui, view),
            Screen::Session => session::session_ui(ui, view),
        });
    capture::capture_ui(ui, view);
    search::search_ui(ui, view);
    roster_preview::roster_preview_ui(ui, view);
    settings::swapping_ui(ui, view);
    path_field::path_field_ui(ui, view);
    toast::toast_ui(ui, view);
    hand_over_typing(ui.ctx(), view);
}

/// Session texts go to the app a second after the last key, and all at once when the
/// workspace is left; until then the frames keep coming so none is forgotten.
fn hand_over_typing(ctx: &egui::Context, view: &mut View<'_>) {
    let now = ctx.input(|i| i.time);
    let leaving = view.state.screen != Screen::Session;
    for save in view.state.texts_to_save(now, leaving) {
        view.request(Request::SaveText(save));
    }
    if !view.state.session.dirty.is_empty() || !view.state.session.carried.is_empty() {
        ctx.request_repaint_after(std::time::Duration::from_millis(250));
    }
}
