//! The running app: its state, the queue of commands the screens push, undo and redo, and
//! the caches the screens read.

mod backups;
mod caches;
mod exchange_jobs;
mod gaps;
mod loaders;
mod observation_log;
mod observation_sync;
mod query_worker;
mod refresh;
mod restore_job;
pub mod session_view;
mod sharing;
mod startup_error;
mod stop_signals;
mod window;

pub use window::{run_window, startup_error, window_options};

pub use startup_error::{Recovery, StartupError};
pub use stop_signals::StopSignals;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers};

pub use crate::ops::{
    Command, CommandError, ObservationChanges, PreparedAnswers, SessionChange, Stamp,
    backup_before_import, prepare_answers,
};
pub use crate::ops::{ShareWith, share_with_rep};
pub use caches::{Caches, LogState, RosterRow, TableResult};
pub use gaps::{
    GapMap, SkillTrend, TrendKey, chart_skills, compute as compute_gaps, signed_tenths,
    trends as skill_trends,
};
pub use observation_log::ObservationLog;
use query_worker::QueryWorker;
pub use query_worker::{QueryJob, TableId, query_now};

use crate::clock::Clock;
use crate::domain::observation::ObservationId;
use crate::ops::{Done, Ops};
use crate::store::{self, Store};
use crate::ui::{self, Intent, Origin, Screen, StatusInfo, UiState, View, WriteState};

pub struct App {
    ops: Ops,
    caches: Caches,
    state: UiState,
    write_state: WriteState,
    outbox: Vec<Intent>,
    /// Set when measuring start-up: reports the first frame and the moment the data has
    /// loaded, then closes the window.
    startup_probe: Option<StartupProbe>,
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
    restoring: Option<restore_job::RestoreJob>,
}

/// How many evidence excerpts to keep before starting over; a screenful is about forty.
const MAX_EXCERPTS: usize = 5_000;
pub const EXCERPT_CHARS: usize = 160;

impl App {
    pub fn new(store: Store, clock: Box<dyn Clock>) -> anyhow::Result<App> {
        let caches = Caches::load(&store, clock.now())?;
        let worker = QueryWorker::start(store.path().to_owned());
        worker.load();
        let mut state = UiState::default();
        state.gaps.half_life_days = store::meta::half_life_days(store.conn())?;
        state.settings.retention = store::meta::backup_retention(store.conn())?;
        state.settings.backups_folder = store::backup::folder(store.path());
        Ok(App {
            worker,
            ops: Ops::new(store, clock),
            caches,
            state,
            write_state: WriteState::Idle,
            outbox: Vec::new(),
            startup_probe: None,
            closing: false,
            excerpts_asked: HashSet::new(),
            exchange: exchange_jobs::ExchangeJobs::default(),
            backups: backups::BackupJobs::default(),
            restoring: None,
        })
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

    /// True while the log loads, a query is out, or an export or backup runs; tests wait
    /// for this to settle.
    pub fn is_busy(&self) -> bool {
        matches!(self.caches.log, LogState::Loading)
            || self.caches.tables.values().any(|t| t.pending)
            || self.exchange.is_running()
            || self.backups.is_running()
            || self.restoring.is_some()
    }

    /// Applies one command through the operations layer and refreshes what it changed;
    /// says what happened.
    pub fn apply(&mut self, command: Command) -> Result<String, CommandError> {
        let done = self.ops.apply(command);
        self.took(done)
    }

    pub fn undo(&mut self) -> Option<Result<String, CommandError>> {
        let done = self.ops.undo()?;
        Some(self.took(done))
    }

    pub fn redo(&mut self) -> Option<Result<String, CommandError>> {
        let done = self.ops.redo()?;
        Some(self.took(done))
    }

    /// Shows where the write stands and refreshes what a change that went through changed.
    fn took(&mut self, done: Result<Done, CommandError>) -> Result<String, CommandError> {
        match done {
            Ok(done) => {
                self.write_state = WriteState::Saved;
                self.refresh(&refresh::after(&done.command, &done.changes));
                Ok(done.label)
            }
            Err(err) => {
                if err.is_storage_failure() {
                    self.write_state = WriteState::Failed(err.to_string());
                }
                Err(err)
            }
        }
    }

    /// Runs what the screens asked for during the frame, in order.
    fn drain_outbox(&mut self, ctx: &egui::Context) {
        for intent in std::mem::take(&mut self.outbox) {
            let (result, origin) = match intent {
                Intent::Apply(command, origin) => (Some(self.apply(command)), origin),
                Intent::Undo => (self.undo(), Origin::Other),
                Intent::Redo => (self.redo(), Origin::Other),
            };
            let Some(result) = result else {
                continue;
            };
            let now = ctx.input(|i| i.time);
            match result {
                Ok(label) => {
                    self.state.succeeded(origin);
                    self.state.toast = Some(ui::Toast::info(label, now));
                }
                Err(err) => {
                    let message = err.to_string();
                    if !self.state.failed(origin, &message) {
                        self.state.toast = Some(ui::Toast::error(message, now));
                    }
                }
            }
            ctx.request_repaint();
        }
    }

    /// Shortcuts that work on every screen. Undo and redo leave a focused text field alone,
    /// which has its own undo for the text being typed.
    fn global_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let shortcut = |mods, key| KeyboardShortcut::new(mods, key);
        let redo = shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let redo_y = shortcut(Modifiers::COMMAND, Key::Y);
        let undo = shortcut(Modifiers::COMMAND, Key::Z);
        ctx.input_mut(|input| {
            if !typing {
                if input.consume_shortcut(&redo) || input.consume_shortcut(&redo_y) {
                    self.outbox.push(Intent::Redo);
                } else if input.consume_shortcut(&undo) {
                    self.outbox.push(Intent::Undo);
                }
            }
            let keys = [
                Key::Num1,
                Key::Num2,
                Key::Num3,
                Key::Num4,
                Key::Num5,
                Key::Num6,
                Key::Num7,
            ];
            for (key, screen) in keys.into_iter().zip(Screen::ALL) {
                if input.consume_shortcut(&shortcut(Modifiers::COMMAND, key)) {
                    self.state.screen = screen;
                }
            }
        });
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        ui::pacing::take_leftovers(&ctx);
        self.receive_answers();
        self.global_shortcuts(&ctx);
        let status = StatusInfo {
            path: self.ops.store().path().display().to_string(),
            read_only: self.ops.store().read_only_reason(),
            write: &self.write_state,
            undo_label: self.ops.undo_label(),
            redo_label: self.ops.redo_label(),
        };
        let mut view = View {
            caches: &self.caches,
            state: &mut self.state,
            outbox: &mut self.outbox,
            status,
            now: self.ops.clock().now(),
            today: self.ops.clock().today(),
        };
        ui::root_ui(ui, &mut view);
        self.drain_outbox(&ctx);
        self.open_editors(&ctx);
        self.send_queries();
        self.ask_excerpts();
        self.load_window(&ctx);
        self.write_export(&ctx);
        self.write_share(&ctx);
        self.import_answers(&ctx);
        self.open_rep_file(&ctx);
        self.load_answers(&ctx);
        self.run_exchange(&ctx);
        self.run_backups(&ctx);
        self.restore_backup(&ctx);
        self.autosave(&ctx);
        if ui::pacing::close_after_waiting(&ctx, &mut self.closing) {
            self.save_typing(f64::INFINITY);
        }
        self.load_session_view(&ctx);
        self.load_commitments();
        if self.state.screen == Screen::Gaps || self.state.team.open_rep.is_some() {
            self.load_gaps();
        }
        self.load_trends(&ctx);
        if self.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(15));
        }
        self.report_startup(&ctx);
        if ui::pacing::has_waiting(&ctx) {
            ctx.request_repaint();
        }
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        ui::pacing::pace_raw_input(ctx, raw_input);
    }

    /// The last chance to save what was typed when the window closes by any other way
    /// than its close button (which saves in its last frame).
    fn on_exit(&mut self) {
        self.save_typing(f64::INFINITY);
    }
}

/// Start-up as `--quit-after-first-frame` measures it, from the process's first instruction.
struct StartupProbe {
    started: Instant,
    first_frame_reported: bool,
}

impl App {
    /// Prints when the first frame was drawn, then, once nothing loads any more (the
    /// observation log is in), when the app settled, and closes the window. The benchmark
    /// reads both lines and the process's peak memory.
    fn report_startup(&mut self, ctx: &egui::Context) {
        let busy = self.is_busy();
        let Some(probe) = self.startup_probe.as_mut() else {
            return;
        };
        let ms = probe.started.elapsed().as_secs_f64() * 1e3;
        if !probe.first_frame_reported {
            eprintln!("first frame after {ms:.1} ms");
            probe.first_frame_reported = true;
            ctx.request_repaint();
        } else if !busy {
            eprintln!("settled after {ms:.1} ms");
            self.startup_probe = None;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
