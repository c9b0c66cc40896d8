//! The window: it holds the operations layer, the caches the screens read and the screens'
//! own state; it drains the one request channel at the end of each frame, runs the long
//! work on threads, and refreshes what each change touched (see `refresh`).

mod autosave;
mod backups;
mod busy_file;
mod calendar_file;
mod exchange_jobs;
mod frame;
mod keychain_job;
mod notifications;
mod org_sync;
mod queries;
mod reads;
mod refresh;
mod rep_files;
mod requests;
mod startup_error;
mod stop_signals;
mod swap_job;
mod unlock;
mod window;
mod window_memory;

pub use window::{run_window, startup_error, window_options};

pub use startup_error::{Recovery, StartupError};
pub use stop_signals::StopSignals;
pub use unlock::Unlock;
pub use window_memory::WindowMemory;

use std::collections::HashSet;

use crate::clock::Clock;
use crate::domain::observation::ObservationId;
use crate::model::{Caches, LogState, QueryWorker, session_view};
use crate::ops::{Command, CommandError, Done, Ops};
use crate::store::{self, Store};
use crate::ui::{self, Reply, Request, Screen, UiState, WriteState};

pub struct App {
    ops: Ops,
    caches: Caches,
    state: UiState,
    write_state: WriteState,
    /// The one channel: what the screens (and shortcuts) asked for during the frame.
    requests: Vec<Request>,
    /// egui's input time of the frame being drawn, for the toasts replies raise.
    frame_time: f64,
    /// Set when measuring start-up: reports the first frame and the moment the data has
    /// loaded, then closes the window.
    startup_probe: Option<frame::StartupProbe>,
    /// The window was asked to close while typed keys still waited for a frame.
    closing: bool,
    worker: QueryWorker,
    /// Excerpts asked of the query thread and not yet answered.
    excerpts_asked: HashSet<ObservationId>,
    /// The File menu's export or import running on its own thread.
    exchange: exchange_jobs::ExchangeJobs,
    /// The backup schedule and the backup running on its own thread.
    backups: backups::BackupJobs,
    /// A backup being restored on its thread.
    swapping: Option<swap_job::SwapJob>,
    /// The restore Settings asked for, started once no other job uses the file.
    swap_wanted: Option<swap_job::Swap>,
    /// What the window remembers for its next start; `None` where nothing is kept (tests).
    memory: Option<WindowMemory>,
    /// Desktop notifications of sessions, and what was shown.
    notifications: notifications::Notifications,
    /// A calendar file being read as busy time.
    busy_job: Option<busy_file::BusyJob>,
    /// The keychain asked to remember or forget the passphrase.
    keychain_job: Option<keychain_job::KeychainJob>,
    /// Quit was chosen: the window closes at the end of the frame, through the same path
    /// as its close button.
    quit_wanted: bool,
    /// Publishing to the organization's server, when the file is linked to one.
    org: org_sync::OrgSync,
}

impl App {
    pub fn new(store: Store, clock: Box<dyn Clock>) -> anyhow::Result<App> {
        let caches = Caches::load(&store, clock.now())?;
        let worker = QueryWorker::start(store.access());
        worker.load();
        let mut state = UiState::default();
        let preferences = store::meta::preferences(store.conn())?;
        state.gaps.half_life_days = preferences.half_life_days;
        state.settings.retention = preferences.retention;
        state.settings.capture_visibility = preferences.capture_visibility;
        state.settings.coaching_goal_mins_per_week = preferences.coaching_goal_mins_per_week;
        state.settings.reminders = preferences.reminders;
        state.settings.backups_folder = store::backup::folder(store.path());
        state.settings.encrypted = store.passphrase().is_some();
        let mut app = App {
            worker,
            ops: Ops::new(store, clock),
            caches,
            state,
            write_state: WriteState::Idle,
            requests: Vec::new(),
            frame_time: 0.0,
            startup_probe: None,
            closing: false,
            excerpts_asked: HashSet::new(),
            exchange: exchange_jobs::ExchangeJobs::default(),
            backups: backups::BackupJobs::default(),
            swapping: None,
            swap_wanted: None,
            memory: None,
            notifications: notifications::Notifications::new(&[]),
            busy_job: None,
            keychain_job: None,
            quit_wanted: false,
            org: org_sync::OrgSync::default(),
        };
        app.reread_busy_at_start();
        Ok(app)
    }

    /// The constructor eframe and the UI tests both use, so tests drive the real app.
    pub fn from_creation(
        cc: &eframe::CreationContext<'_>,
        store: Store,
        clock: Box<dyn Clock>,
    ) -> anyhow::Result<App> {
        ui::style::apply(&cc.egui_ctx);
        App::new(store, clock)
    }

    pub fn store(&self) -> &Store {
        self.ops.store()
    }

    pub fn caches(&self) -> &Caches {
        &self.caches
    }

    pub fn screen(&self) -> Screen {
        self.state.screen
    }

    pub fn ui_state(&self) -> &UiState {
        &self.state
    }

    /// The plain-text recap of the open session, as "Copy summary" puts it on the clipboard.
    pub fn recap(&self) -> String {
        match &self.caches.session {
            Some(session) => ui::recap_text(&self.caches, &self.state.session, session),
            None => String::new(),
        }
    }

    /// The proposed agenda of the rep's next planned session, as the command line's
    /// `agenda` shows it.
    pub fn next_session_agenda(
        &self,
        rep: crate::domain::rep::RepId,
    ) -> anyhow::Result<(
        Option<chrono::DateTime<chrono::Utc>>,
        Vec<crate::domain::agenda::ProposedPoint>,
    )> {
        let clock = self.ops.clock();
        Ok(session_view::next_session_agenda(
            self.ops.store(),
            &self.caches,
            rep,
            clock.now(),
            clock.today(),
        )?)
    }

    /// For benchmarks and tests that set a screen's state directly.
    pub fn ui_state_mut(&mut self) -> &mut UiState {
        &mut self.state
    }

    /// Puts a request on the channel, as a widget does; it is carried out at the end of
    /// the next frame. Tests use it for what a file dialog would have chosen.
    pub fn request(&mut self, request: Request) {
        self.requests.push(request);
    }

    /// Lands a reply on the screens' state: the one way the app changes it.
    fn reply(&mut self, reply: Reply) {
        self.state.receive(reply, self.frame_time);
    }

    /// True while the log loads, a query, the plans' figures or the evidence of rows on
    /// screen is out, or an export or backup runs; tests wait for this to settle.
    pub fn is_busy(&self) -> bool {
        matches!(self.caches.log, LogState::Loading)
            || self.caches.tables.values().any(|t| t.pending)
            || !self.excerpts_asked.is_empty()
            || self.caches.plans_asked.is_some()
            || self.caches.search_asked.is_some()
            || self.is_reading_busy()
            || self.exchange.is_running()
            || self.backups.is_running()
            || self.swapping.is_some()
            || self.keychain_job.is_some()
    }

    /// Applies one command through the operations layer and refreshes what it changed;
    /// says what happened.
    pub fn apply(&mut self, command: Command) -> Result<String, CommandError> {
        self.apply_step(command).map(|done| done.label)
    }

    pub fn undo(&mut self) -> Option<Result<String, CommandError>> {
        Some(self.undo_step()?.map(|done| done.label))
    }

    pub fn redo(&mut self) -> Option<Result<String, CommandError>> {
        Some(self.redo_step()?.map(|done| done.label))
    }

    /// As [`App::apply`], and also the step the next Ctrl+Z takes back when this change
    /// recorded it, for the toast's hint.
    fn apply_step(&mut self, command: Command) -> Result<Taken, CommandError> {
        let done = self.ops.apply(command);
        self.took(done)
    }

    fn undo_step(&mut self) -> Option<Result<Taken, CommandError>> {
        let done = self.ops.undo()?;
        Some(self.took(done))
    }

    fn redo_step(&mut self) -> Option<Result<Taken, CommandError>> {
        let done = self.ops.redo()?;
        Some(self.took(done))
    }

    /// Shows where the write stands and refreshes what a change that went through changed.
    fn took(&mut self, done: Result<Done, CommandError>) -> Result<Taken, CommandError> {
        match done {
            Ok(done) => {
                self.write_state = WriteState::Saved;
                self.refresh(&refresh::after(&done.command, &done.changes));
                let undo = done
                    .undoable
                    .then(|| self.ops.undo_label().map(str::to_owned))
                    .flatten();
                Ok(Taken {
                    label: done.label,
                    undo,
                })
            }
            Err(err) => {
                if err.is_storage_failure() {
                    self.write_state = WriteState::Failed(err.to_string());
                }
                Err(err)
            }
        }
    }
}

/// What a change that went through did, and what the next undo takes back when it was
/// this change.
struct Taken {
    label: String,
    undo: Option<String>,
}
