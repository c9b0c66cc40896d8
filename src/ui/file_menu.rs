//! The File menu of the navigation rail: rep files, and whole-file exports and imports. The dialogs only
//! choose paths; the app does the work after the frame, on a thread of its own for the
//! long ones, while a spinner says what is happening.

use std::path::PathBuf;

use egui::RichText;

use super::path_field::{PathAsk, PathKind, PathUse, choose_path};
use super::roster_preview::RosterPreview;
use super::{Request, View};

/// The file dialogs' filters: a name and its extensions.
pub const JSON_ARCHIVE: (&str, &[&str]) = ("JSON archive", &["json"]);
pub const ROSTER_CSV: (&str, &[&str]) = ("CSV", &["csv", "txt"]);
pub const CALENDAR: (&str, &[&str]) = ("Calendar", &["ics"]);
pub const REP_FILE: (&str, &[&str]) = ("Coachbook rep file", &[crate::repfile::EXTENSION]);

/// Asks for an existing file of `filter`, for `then`.
pub fn open_ask(
    title: &'static str,
    filter: (&'static str, &'static [&'static str]),
    then: PathUse,
) -> PathAsk {
    PathAsk {
        kind: PathKind::Open,
        title,
        file_name: String::new(),
        filter: Some(filter),
        then,
    }
}

/// An export or import for the app to run on its worker thread.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExchangeJob {
    /// Every table as `<table>.csv` in this folder.
    ExportCsv(PathBuf),
    ExportJson(PathBuf),
    /// Fill the open (empty) file from this archive.
    ImportJson(PathBuf),
}

impl ExchangeJob {
    /// What the spinner says while the job runs.
    pub fn doing(&self) -> &'static str {
        match self {
            ExchangeJob::ExportCsv(_) => "Exporting every table as CSV...",
            ExchangeJob::ExportJson(_) => "Exporting the JSON archive...",
            ExchangeJob::ImportJson(_) => "Importing the JSON archive...",
        }
    }
}

/// What the File menu's requests led to.
#[derive(Default)]
pub struct ExchangeState {
    /// The checked roster file on show, until imported or cancelled.
    pub roster_preview: Option<RosterPreview>,
    /// The job running on the worker thread, for the spinner.
    pub running: Option<ExchangeJob>,
}

/// The job under way; an archive import blocks the window, since nothing may change the
/// file while it is being replaced.
fn running_job_ui(ui: &mut egui::Ui, job: &ExchangeJob) {
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new(job.doing()).small());
    });
    if matches!(job, ExchangeJob::ImportJson(_)) {
        egui::Modal::new(egui::Id::unique("archive_import")).show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(job.doing());
            });
        });
    }
}

/// The imports that add to any file: a roster, the manager's own calendar.
fn imports_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    if ui
            .button("Import roster from CSV...")
            .on_hover_text("Add reps from a CSV file with the columns name, role, email, start date; you see every problem before anything is added")
            .clicked()
        {
            let ask = open_ask("Import a roster from CSV", ROSTER_CSV, PathUse::CheckRoster);
            choose_path(ui, view, ask);
        }
    if ui
            .button("Import busy time from your calendar...")
            .on_hover_text("Read an .ics file exported from Outlook, Google or Apple Calendar: the week view shows when you are busy and scheduling steps around it; only busy or free is kept unless Settings says otherwise")
            .clicked()
        {
            let ask = open_ask("Import your calendar (.ics)", CALENDAR, PathUse::ImportBusy);
            choose_path(ui, view, ask);
        }
}

/// "File" above Undo/Redo: a plain list of what leaves and enters the data file.
pub fn file_menu_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    if let Some(job) = &view.state.exchange.running {
        running_job_ui(ui, job);
    }
    let idle = view.state.exchange.running.is_none();
    let empty_file = view.caches.roster.is_empty();
    ui.menu_button("File", |ui| {
        if ui
            .button("Open a rep file...")
            .on_hover_text("Open a .coachrep file in the rep's own view, in a window of its own")
            .clicked()
        {
            let ask = open_ask("Open a rep file", REP_FILE, PathUse::OpenRepFile);
            choose_path(ui, view, ask);
        }
        super::rep_file::import_button_ui(ui, view, "Import a rep's returned file...");
        ui.separator();
        if ui
            .add_enabled(idle, egui::Button::new("Export all as CSV..."))
            .on_hover_text("Write every table as a CSV file (reps.csv, observations.csv, ...) into a folder you choose")
            .clicked()
        {
            let ask = PathAsk {
                kind: PathKind::Folder,
                title: "Folder for the CSV files",
                file_name: format!("coachbook-csv-{}", view.today),
                filter: None,
                then: PathUse::ExportCsv,
            };
            choose_path(ui, view, ask);
        }
        if ui
            .add_enabled(idle, egui::Button::new("Export JSON archive..."))
            .on_hover_text("Save the whole data file as one JSON archive, which Import JSON archive reads back exactly")
            .clicked()
        {
            let ask = PathAsk {
                kind: PathKind::Save,
                title: "Save the JSON archive as",
                file_name: format!("coachbook-archive-{}.json", view.today),
                filter: Some(JSON_ARCHIVE),
                then: PathUse::ExportJson,
            };
            choose_path(ui, view, ask);
        }
        if ui
            .add_enabled(idle && empty_file, egui::Button::new("Import JSON archive..."))
            .on_hover_text("Fill this empty data file from a JSON archive; its framework is replaced by the archive's")
            .on_disabled_hover_text(
                "This data file already holds coaching data. An archive is imported only into a new or empty file: start Coachbook with coachbook --db new.db, then import.",
            )
            .clicked()
        {
            let ask = open_ask("Import a JSON archive", JSON_ARCHIVE, PathUse::ImportJson);
            choose_path(ui, view, ask);
        }
        imports_ui(ui, view);
        ui.separator();
        if ui
            .add(egui::Button::new("Quit").shortcut_text("Ctrl+Q"))
            .on_hover_text("Close Coachbook; everything typed is saved first")
            .clicked()
        {
            view.request(Request::Quit);
        }
    })
    .response
    .on_hover_text("Export or import whole files");
}
