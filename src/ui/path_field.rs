//! Choosing where to read or write a file. The system's file dialog when there is one;
//! when there is none (no zenity and no desktop portal, so the dialog gives up at once and
//! the button seemed to do nothing) a small field of the app's own, prefilled with a
//! sensible path, which every file button shares.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use egui::RichText;

use super::{ExchangeJob, ExportRequest, Request, ShareRequest, Toast, View, style};
use crate::domain::rep::RepId;
use crate::export::ShareKind;

/// Set to any value to always type paths instead of using the system's dialog.
pub const NO_DIALOG_VAR: &str = "COACHBOOK_NO_FILE_DIALOG";

/// A dialog that answers faster than this was never shown: nobody cancels that fast.
const GAVE_UP_WITHIN: Duration = Duration::from_millis(50);

/// Once the dialog gave up, it is not tried again while the app runs.
static NO_DIALOG: AtomicBool = AtomicBool::new(false);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    /// An existing file to read.
    Open,
    /// A file to write.
    Save,
    /// A folder to write into (created when missing).
    Folder,
}

/// What the chosen path is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathUse {
    OpenRepFile,
    ImportAnswers,
    CheckRoster,
    ExportCsv,
    ExportJson,
    ImportJson,
    /// The manager's own calendar, read as busy time.
    ImportBusy,
    /// The schedule of one rep or the team, the reps invited or not.
    ExportCalendar(Option<RepId>, bool),
    Share {
        rep: RepId,
        from: NaiveDate,
        to: NaiveDate,
        kind: ShareKind,
    },
}

/// One question for a path: how to ask it, and what the answer is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathAsk {
    pub kind: PathKind,
    pub title: &'static str,
    /// The file name offered when saving, or the folder name for a folder.
    pub file_name: String,
    /// The dialog's filter: its name and extensions.
    pub filter: Option<(&'static str, &'static [&'static str])>,
    pub then: PathUse,
}

/// The app's own path field, open in a modal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathField {
    pub ask: PathAsk,
    pub text: String,
    /// Why the field shows instead of the system's dialog.
    pub why: String,
    /// What is wrong with the typed path, under the field.
    pub error: Option<String>,
    focused: bool,
}

impl PathField {
    /// The field for `ask`, prefilled in `folder` (with the offered file name when saving).
    pub fn new(ask: PathAsk, folder: &Path, why: String) -> PathField {
        let text = match ask.kind {
            PathKind::Open => format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR),
            PathKind::Save | PathKind::Folder => folder.join(&ask.file_name).display().to_string(),
        };
        PathField {
            ask,
            text,
            why,
            error: None,
            focused: false,
        }
    }

    /// The typed path when it can be used, else what is wrong with it.
    fn checked(&self) -> Result<PathBuf, String> {
        let typed = self.text.trim();
        if typed.is_empty() {
            return Err("Type a path.".to_owned());
        }
        let path = expand_home(typed);
        match self.ask.kind {
            PathKind::Open if !path.is_file() => {
                Err(format!("There is no file at {}.", path.display()))
            }
            PathKind::Save if path.is_dir() => {
                Err("That is a folder: add a file name at the end.".to_owned())
            }
            PathKind::Save => match path.parent().filter(|p| !p.as_os_str().is_empty()) {
                Some(parent) if !parent.is_dir() => {
                    Err(format!("There is no folder {}.", parent.display()))
                }
                _ => Ok(path),
            },
            PathKind::Folder if path.exists() && !path.is_dir() => Err(format!(
                "{} is a file: type a folder, which is created when missing.",
                path.display()
            )),
            _ => Ok(path),
        }
    }
}

/// "~/x" as the home folder's x.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// Where the field starts: the Documents folder when there is one, else the data file's.
pub fn default_folder(data_file: &str) -> PathBuf {
    let documents = std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Documents"));
    if let Some(documents) = documents.filter(|d| d.is_dir()) {
        return documents;
    }
    Path::new(data_file)
        .parent()
        .filter(|p| p.is_dir())
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// Asks for a path for `ask` and then uses it: with the system's dialog, or with the
/// app's own field when no dialog can be shown.
pub fn choose_path(ui: &egui::Ui, view: &mut View<'_>, ask: PathAsk) {
    let why = if std::env::var_os(NO_DIALOG_VAR).is_some() {
        Some(format!("{NO_DIALOG_VAR} is set, so paths are typed here."))
    } else if NO_DIALOG.load(Ordering::Relaxed) {
        Some(no_dialog_reason())
    } else {
        let started = Instant::now();
        match native_dialog(&ask) {
            Some(path) => return use_path(ui, view, ask.then, path),
            None if started.elapsed() < GAVE_UP_WITHIN => {
                NO_DIALOG.store(true, Ordering::Relaxed);
                Some(no_dialog_reason())
            }
            // Cancelled by the manager.
            None => None,
        }
    };
    if let Some(why) = why {
        open_field(view, ask, why);
    }
}

/// Opens the app's own path field for `ask`; tests open it this way too.
pub fn open_field(view: &mut View<'_>, ask: PathAsk, why: String) {
    let folder = default_folder(&view.status.path);
    view.state.path_field = Some(PathField::new(ask, &folder, why));
}

fn no_dialog_reason() -> String {
    "No file dialog could be shown on this computer (it needs zenity or a desktop portal), \
     so type the path here."
        .to_owned()
}

fn native_dialog(ask: &PathAsk) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new().set_title(ask.title);
    if let Some((name, extensions)) = ask.filter {
        dialog = dialog.add_filter(name, extensions);
    }
    match ask.kind {
        PathKind::Open => dialog.pick_file(),
        PathKind::Save => dialog.set_file_name(&ask.file_name).save_file(),
        PathKind::Folder => dialog.pick_folder(),
    }
}

/// Hands the chosen path to the app, for what it was asked.
fn use_path(ui: &egui::Ui, view: &mut View<'_>, then: PathUse, path: PathBuf) {
    let now = ui.input(|i| i.time);
    let request = match then {
        PathUse::OpenRepFile => Request::OpenRepFile(path),
        PathUse::ImportAnswers => {
            view.state.toast = Some(Toast::info("Reading the rep file...".to_owned(), now));
            Request::ImportAnswers(path)
        }
        PathUse::CheckRoster => Request::CheckRoster(path),
        PathUse::ImportBusy => {
            let doing = format!("Reading {}...", path.display());
            view.state.toast = Some(Toast::info(doing, now));
            Request::ImportBusy(path)
        }
        PathUse::ExportCsv => Request::Exchange(ExchangeJob::ExportCsv(path)),
        PathUse::ExportJson => Request::Exchange(ExchangeJob::ExportJson(path)),
        PathUse::ImportJson => Request::Exchange(ExchangeJob::ImportJson(path)),
        PathUse::ExportCalendar(rep, invite_reps) => {
            let doing = format!("Exporting the calendar to {}...", path.display());
            view.state.toast = Some(Toast::info(doing, now));
            Request::ExportCalendar(ExportRequest {
                path,
                rep,
                invite_reps,
            })
        }
        PathUse::Share {
            rep,
            from,
            to,
            kind,
        } => Request::Share(ShareRequest {
            rep,
            from,
            to,
            kind,
            path,
        }),
    };
    view.request(request);
}

/// The modal with the path field, while one is open: Enter or OK uses the path, Escape
/// or Cancel closes it.
pub fn path_field_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let Some(field) = view.state.path_field.as_mut() else {
        return;
    };
    let mut ok = false;
    let mut cancel = false;
    egui::Modal::new(egui::Id::unique("path_field")).show(ui.ctx(), |ui| {
        ui.set_width(520.0);
        ui.label(RichText::new(field.ask.title).strong().size(16.0));
        ui.label(&field.why);
        ui.add_space(6.0);
        let label = ui.label("Path");
        let edit = ui
            .add(egui::TextEdit::singleline(&mut field.text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !field.focused {
            edit.request_focus();
            field.focused = true;
        }
        if edit.changed() {
            field.error = None;
        }
        ok |= edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if let Some(error) = &field.error {
            ui.colored_label(style::danger(ui.visuals()), error);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ok |= ui.button("OK").clicked();
            cancel |= ui.button("Cancel").clicked();
        });
        cancel |= ui.input(|i| i.key_pressed(egui::Key::Escape));
    });
    if cancel {
        view.state.path_field = None;
    } else if ok {
        match field.checked() {
            Ok(path) => {
                let then = field.ask.then.clone();
                view.state.path_field = None;
                use_path(ui, view, then, path);
            }
            Err(message) => field.error = Some(message),
        }
    }
}
