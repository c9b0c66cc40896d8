//! The one channel between the screens and the app. A widget pushes a [`Request`] and never
//! acts on the file or the app itself; the app drains the channel once, at the end of the
//! frame, and what came of each request (or of work the app finished meanwhile) comes back
//! as a [`Reply`], which lands on the screens' state in [`UiState::receive`] and nowhere
//! else.

use std::path::PathBuf;

use super::{
    ExchangeJob, ExportRequest, RepPage, RepTab, RosterPreview, Screen, SessionScreen,
    ShareRequest, Toast, UiState,
};
use crate::domain::backup_policy::Retention;
use crate::domain::observation::{Observation, ObservationId, Visibility};
use crate::domain::rep::RepId;
use crate::domain::schedule::OccurrenceKey;
use crate::domain::session::SessionField;
use crate::model::TableId;
use crate::model::session_view::SessionView;
use crate::ops::Command;
use crate::store::backup::{BackupDetails, BackupFile};

/// What a screen asks of the app.
pub enum Request {
    /// A change to the file; `Origin` says where its error is shown and which form closes.
    Apply(Command, Origin),
    Undo,
    Redo,
    Go(Place),
    /// Back to where the manager came from (see `UiState::back`).
    Back,
    /// Evidence excerpts for rows that came on screen.
    Excerpts(Vec<ObservationId>),
    /// The observation an editor was opened on, to fill it.
    ReadObservation(TableId, ObservationId),
    /// A session text typed and due for saving.
    SaveText(TextSave),
    /// The calendar file to write.
    ExportCalendar(ExportRequest),
    /// A feedback report or rep file to write.
    Share(ShareRequest),
    /// A returned rep file whose answers to import.
    ImportAnswers(PathBuf),
    /// A rep file to open in a rep view window of its own.
    OpenRepFile(PathBuf),
    /// A roster file to read and check, for the preview.
    CheckRoster(PathBuf),
    /// Read the manager's calendar file as busy time.
    ImportBusy(PathBuf),
    /// A whole-file export or import, run on a thread.
    Exchange(ExchangeJob),
    BackupNow,
    /// Publish to the organization's server now rather than after a quiet moment.
    SyncNow,
    Restore(BackupFile),
    /// Put the data file and its backups under a new passphrase (`None`: decrypt them),
    /// and remember it in the keychain or not.
    ChangePassphrase {
        to: Option<crate::domain::passphrase::Passphrase>,
        remember: bool,
    },
    /// Remember the passphrase in this computer's keychain (`true`) or forget it.
    Keychain(bool),
    /// Close the window, saving what was typed first.
    Quit,
}

/// Where a command came from, so that its error lands next to the field that caused it
/// and a form closes only when its change went through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    RepForm,
    Capture,
    ObservationEditor(TableId),
    SkillForm,
    PromptForm,
    CalendarDetails,
    CadenceForm,
    Commitment,
    RosterImport,
    Other,
}

/// Where to go.
pub enum Place {
    Screen(Screen),
    /// A rep's page, on the tab (and skill) it names.
    Rep(Box<RepPage>),
    Session(RepId, OccurrenceKey),
}

impl Place {
    /// A rep's page as it opens from the roster.
    pub fn rep(rep: RepId) -> Place {
        Place::Rep(Box::new(RepPage::new(rep)))
    }
}

/// What came of a request, or of work the app finished between frames.
pub enum Reply {
    /// A message that went through, for the toast.
    Info(String),
    /// A message about something that failed, for the toast.
    Error(String),
    /// A command from `origin` went through (`Ok`, with what happened) or was refused;
    /// `undo` names the step the next Ctrl+Z takes back when this change recorded it.
    Applied {
        origin: Origin,
        result: Result<String, String>,
        undo: Option<String>,
    },
    /// A text typed in a session could not be saved: it stays, to be tried again.
    TextNotSaved(TextSave),
    /// The open session as the file holds it; `None` when it no longer exists.
    Session(Option<Box<SessionView>>),
    /// The observation an editor was opened on; `None` when it is gone.
    Editor(TableId, ObservationId, Option<Box<Observation>>),
    RosterChecked(Box<RosterPreview>),
    /// The export or import running, for the spinner; `None` once it finished.
    ExchangeRunning(Option<ExchangeJob>),
    BackingUp(bool),
    /// The backups, newest first; `None` to read them again.
    Backups(Option<Vec<BackupDetails>>),
    /// What replaces the data file, for the modal; `None` once done.
    Swapping(Option<String>),
    /// Whether the data file is now encrypted.
    Encrypted(bool),
    /// The file's contents were replaced: forms and pages about its old rows close.
    ContentsReplaced,
    HalfLife(u32),
    Retention(Retention),
    CaptureVisibility(Visibility),
    CoachingGoal(u32),
    Reminders(crate::domain::reminders::Reminders),
    /// The report or rep file was written: the share panel closes.
    Shared,
    /// A returned rep file of this rep was read: its answers tab comes forward.
    AnswersRead(RepId),
}

impl UiState {
    /// Where every reply lands; `time` is egui's input time, for the toast.
    pub fn receive(&mut self, reply: Reply, time: f64) {
        match reply {
            Reply::Info(text) => self.toast = Some(Toast::info(text, time)),
            // Errors about the file stay when the manager moves on: they are about no one
            // screen.
            Reply::Error(text) => self.toast = Some(Toast::error(text, time).staying()),
            Reply::Applied {
                origin,
                result,
                undo,
            } => self.applied(origin, result, undo, time),
            Reply::TextNotSaved(save) => {
                if save.carried {
                    let TextSave {
                        rep,
                        key,
                        field,
                        text,
                        ..
                    } = save;
                    self.session.carried.push((rep, key, field, text));
                } else {
                    self.session.save_failed(save.field, time);
                }
            }
            Reply::Session(Some(view)) => self.session.take_view(&view),
            Reply::Session(None) => {
                let carried = std::mem::take(&mut self.session.carried);
                self.session = SessionScreen {
                    carried,
                    ..SessionScreen::default()
                };
            }
            Reply::Editor(table, id, observation) => {
                self.fill_editor(table, id, observation.map(|o| *o));
            }
            Reply::RosterChecked(preview) => self.exchange.roster_preview = Some(*preview),
            Reply::ExchangeRunning(job) => self.exchange.running = job,
            Reply::BackingUp(running) => self.settings.backing_up = running,
            Reply::Backups(list) => self.settings.backups = list,
            Reply::Swapping(doing) => self.settings.swapping = doing,
            Reply::Encrypted(encrypted) => self.settings.encrypted = encrypted,
            Reply::ContentsReplaced => self.forget_open_items(),
            Reply::HalfLife(days) => self.gaps.half_life_days = days,
            Reply::Retention(retention) => self.settings.retention = retention,
            Reply::CaptureVisibility(visibility) => self.settings.capture_visibility = visibility,
            Reply::CoachingGoal(mins) => self.settings.coaching_goal_mins_per_week = mins,
            Reply::Reminders(reminders) => self.settings.reminders = reminders,
            Reply::Shared => self.team.share = None,
            Reply::AnswersRead(rep) => {
                if let Some(page) = self.team.open_rep.as_mut().filter(|p| p.rep == rep) {
                    page.tab = RepTab::Calibration;
                }
            }
        }
    }

    fn applied(
        &mut self,
        origin: Origin,
        result: Result<String, String>,
        undo: Option<String>,
        time: f64,
    ) {
        match result {
            Ok(label) => {
                self.succeeded(origin);
                self.toast = Some(Toast::info(label, time).undoing(undo));
            }
            Err(message) => {
                if !self.failed(origin, &message) {
                    self.toast = Some(Toast::error(message, time));
                }
            }
        }
    }

    /// Forms and pages that point at rows of the file as it was before a restore.
    fn forget_open_items(&mut self) {
        self.history.clear();
        self.team.open_rep = None;
        self.team.form = None;
        self.team.share = None;
        self.team.cadence_form = None;
        self.capture = None;
        self.observations.editor = None;
        self.calendar.selected = None;
        if self.screen == Screen::Session {
            self.screen = Screen::Home;
        }
    }

    /// The session texts due for saving (all of them with `flush`, as the window closes
    /// or the workspace is left), those carried from a session the manager moved on from
    /// first.
    pub fn texts_to_save(&mut self, now: f64, flush: bool) -> Vec<TextSave> {
        let mut out: Vec<TextSave> = std::mem::take(&mut self.session.carried)
            .into_iter()
            .map(|(rep, key, field, text)| TextSave {
                rep,
                key,
                field,
                text,
                carried: true,
            })
            .collect();
        if let Some((rep, key)) = self.session.open {
            let due = self.session.due_saves(now, flush).into_iter();
            out.extend(due.map(|(field, text)| TextSave {
                rep,
                key,
                field,
                text,
                carried: false,
            }));
        }
        out
    }
}

/// One session text to save: the command's parts, and whether it was left behind in a
/// session the manager moved on from.
#[derive(Clone, Debug)]
pub struct TextSave {
    pub rep: RepId,
    pub key: OccurrenceKey,
    pub field: SessionField,
    pub text: String,
    pub carried: bool,
}

impl TextSave {
    pub fn command(&self) -> Command {
        Command::EditSessionText {
            rep: self.rep,
            key: self.key,
            field: self.field,
            text: self.text.clone(),
        }
    }
}
