//! The rep view: what a rep sees when they open their rep file. It shows the shared
//! history and lets the rep change only their answers - a self-rating and comment per
//! skill, a reflection per commitment, and topics for the next session - each saved into
//! the same file as one undoable edit.

mod assess;
mod history;
pub mod online;
mod sessions;
mod topics;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::ExitCode;

use anyhow::anyhow;
use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use crate::domain::levels::Figures;
use crate::domain::skill::SkillId;
use crate::repfile::{self, RepEdit, RepFile, RepFileError, RepFileWriter};

/// Texts are saved this long after the last key, like the session workspace's notes.
const AUTOSAVE_SECS: f64 = 1.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Skills,
    Sessions,
    Commitments,
    Observations,
    NextSession,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Skills,
        Tab::Sessions,
        Tab::Commitments,
        Tab::Observations,
        Tab::NextSession,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Skills => "Skills and self-assessment",
            Tab::Sessions => "Sessions",
            Tab::Commitments => "Commitments",
            Tab::Observations => "Observations",
            Tab::NextSession => "Next session",
        }
    }
}

/// A text being typed, saved once the typing pauses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum DraftKey {
    Comment(SkillId),
    Reflection(i64),
    SessionComment(i64),
}

#[derive(Clone, Debug)]
struct Draft {
    text: String,
    edited_at: f64,
}

pub struct RepView {
    file: RepFile,
    writer: RepFileWriter,
    tab: Tab,
    undo: Vec<RepEdit>,
    redo: Vec<RepEdit>,
    drafts: BTreeMap<DraftKey, Draft>,
    /// The manager's figures per skill. The shared history never changes in the rep
    /// view, so they are computed once, when the file opens, not in every frame.
    standing: HashMap<SkillId, Figures>,
    /// The commitments in the order the Commitments tab lists them, sorted once.
    commitment_order: Vec<usize>,
    /// The chart on show, computed when its skill is chosen.
    chart: Option<assess::Chart>,
    topic_form: topics::TopicForm,
    /// The last save's failure, shown until the next save goes through.
    error: Option<String>,
    saved: bool,
    /// The window was asked to close while typed keys still waited for a frame.
    closing: bool,
    /// Opened from the organization's server: answers are also sent there.
    online: Option<online::Online>,
    /// The answers changed (or wait from an earlier run) and go to the server next frame.
    to_send: bool,
}

impl RepView {
    pub fn open(path: &Path) -> Result<RepView, RepFileError> {
        RepView::with_writer(RepFileWriter::open(path)?)
    }

    /// Opens the rep's copy of their online history; answers waiting from an earlier run
    /// are sent at the first frame.
    pub fn open_online(path: &Path, online: online::Online) -> Result<RepView, RepFileError> {
        let mut view = RepView::with_writer(RepFileWriter::open_online(path)?)?;
        view.to_send = true;
        view.online = Some(online);
        Ok(view)
    }

    fn with_writer(writer: RepFileWriter) -> Result<RepView, RepFileError> {
        let file = repfile::read(writer.path())?;
        let history = &file.history;
        let standing = history
            .skills
            .iter()
            .map(|s| (s.id, history.figures(s)))
            .collect();
        let chart = history
            .skills
            .iter()
            .find(|s| !s.retired && !history.ratings(s.id).is_empty())
            .map(|s| assess::Chart::of(history, s.id));
        let commitment_order = history::commitment_order(&file.history.commitments);
        Ok(RepView {
            file,
            writer,
            tab: Tab::default(),
            undo: Vec::new(),
            redo: Vec::new(),
            drafts: BTreeMap::new(),
            standing,
            commitment_order,
            chart,
            topic_form: topics::TopicForm::default(),
            error: None,
            saved: false,
            closing: false,
            online: None,
            to_send: false,
        })
    }

    pub fn file(&self) -> &RepFile {
        &self.file
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// Applies one edit; on failure the file stays as it was and the text stays on screen.
    fn apply(&mut self, edit: &RepEdit) -> bool {
        match self.writer.apply(edit) {
            Ok(inverse) => {
                self.undo.push(inverse);
                self.redo.clear();
                self.reload();
                self.to_send = true;
                true
            }
            Err(err) => {
                self.error = Some(err.to_string());
                false
            }
        }
    }

    fn step(&mut self, back: bool) {
        let (from, to) = if back {
            (&mut self.undo, &mut self.redo)
        } else {
            (&mut self.redo, &mut self.undo)
        };
        let Some(edit) = from.pop() else {
            return;
        };
        match self.writer.apply(&edit) {
            Ok(inverse) => {
                to.push(inverse);
                self.drafts.clear();
                self.reload();
                self.to_send = true;
            }
            Err(err) => {
                from.push(edit);
                self.error = Some(err.to_string());
            }
        }
    }

    fn reload(&mut self) {
        match repfile::read(self.writer.path()) {
            Ok(file) => {
                self.file = file;
                self.error = None;
                self.saved = true;
            }
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    /// Saves texts whose typing paused (or all of them, when the window closes).
    fn autosave(&mut self, now: f64, flush: bool) {
        let due: Vec<DraftKey> = self
            .drafts
            .iter()
            .filter(|(_, d)| flush || now - d.edited_at >= AUTOSAVE_SECS)
            .map(|(k, _)| *k)
            .collect();
        for key in due {
            if !self.save_draft(key)
                && let Some(d) = self.drafts.get_mut(&key)
            {
                // Kept on screen; tried again after the next pause.
                d.edited_at = now;
            }
        }
    }

    /// Saves one typed text now (also when its field loses focus); false when it failed.
    fn save_draft(&mut self, key: DraftKey) -> bool {
        let Some(draft) = self.drafts.get(&key).cloned() else {
            return true;
        };
        let edit = match key {
            DraftKey::Comment(skill) => {
                let Some(rating) = self.self_rating(skill).map(|a| a.0) else {
                    self.drafts.remove(&key);
                    return true;
                };
                RepEdit::SetAssessment {
                    skill,
                    value: Some((rating, draft.text.trim().to_owned())),
                }
            }
            DraftKey::Reflection(commitment) => RepEdit::SetReflection {
                commitment,
                text: draft.text.trim().to_owned(),
            },
            DraftKey::SessionComment(session) => {
                let Some(usefulness) = self.session_rating(session).map(|r| r.0) else {
                    self.drafts.remove(&key);
                    return true;
                };
                RepEdit::SetSessionRating {
                    session,
                    value: Some((usefulness, draft.text.trim().to_owned())),
                }
            }
        };
        let saved = self.apply(&edit);
        if saved {
            self.drafts.remove(&key);
        }
        saved
    }

    fn self_rating(&self, skill: SkillId) -> Option<(u8, String)> {
        self.file
            .answers
            .assessments
            .iter()
            .find(|a| a.skill_id == skill)
            .map(|a| (a.rating, a.comment.clone()))
    }

    fn session_rating(&self, session: i64) -> Option<(u8, String)> {
        self.file
            .answers
            .session_ratings
            .iter()
            .find(|r| r.session_id == session)
            .map(|r| (r.usefulness, r.comment.clone()))
    }

    fn reflection(&self, commitment: i64) -> String {
        self.file
            .answers
            .reflections
            .iter()
            .find(|r| r.commitment_id == commitment)
            .map(|r| r.text.clone())
            .unwrap_or_default()
    }

    /// A text field whose content is the draft while typing, else what the file holds.
    fn draft_text(&self, key: DraftKey) -> String {
        match self.drafts.get(&key) {
            Some(d) => d.text.clone(),
            None => match key {
                DraftKey::Comment(skill) => {
                    self.self_rating(skill).map(|a| a.1).unwrap_or_default()
                }
                DraftKey::Reflection(c) => self.reflection(c),
                DraftKey::SessionComment(session) => self
                    .session_rating(session)
                    .map(|r| r.1)
                    .unwrap_or_default(),
            },
        }
    }

    fn set_draft(&mut self, key: DraftKey, text: String, now: f64) {
        self.drafts.insert(
            key,
            Draft {
                text,
                edited_at: now,
            },
        );
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let redo = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        let undo = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
        let keys = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5];
        let (mut back, mut forward) = (false, false);
        ctx.input_mut(|input| {
            if !typing {
                forward = input.consume_shortcut(&redo);
                back = !forward && input.consume_shortcut(&undo);
            }
            for (key, tab) in keys.into_iter().zip(Tab::ALL) {
                if input.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)) {
                    self.tab = tab;
                }
            }
        });
        if back || forward {
            self.step(back);
        }
    }

    fn header_ui(&mut self, ui: &mut egui::Ui) {
        let h = &self.file.history;
        ui.horizontal(|ui| {
            ui.heading(RichText::new(format!("{}: coaching feedback", h.rep_name)).strong());
            ui.weak(format!(
                "{} - {} to {}",
                h.role_name,
                h.from.format("%-d %b %Y"),
                h.to.format("%-d %b %Y")
            ));
        });
        let how_back = if self.online.is_some() {
            "Each answer is saved on this computer and sent to your manager through the \
             organization's server."
        } else {
            "Then send this file back."
        };
        ui.label(format!(
            "Everything here was shared by your manager. You can add your own view: rate \
             yourself per skill, rate how useful each session was, reflect on your \
             commitments, and list what you want to bring to the next session. {how_back}"
        ));
        if let Some(why) = self.online.as_ref().and_then(|o| o.offline_read.as_deref()) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Offline: this is your history as read on {}. {why}",
                    h.generated
                        .with_timezone(&chrono::Local)
                        .format("%-d %b %Y %H:%M")
                ),
            );
        }
        ui.horizontal(|ui| {
            for (i, tab) in Tab::ALL.into_iter().enumerate() {
                if ui
                    .add(egui::Button::selectable(self.tab == tab, tab.title()))
                    .on_hover_text(format!("{} (Ctrl+{})", tab.title(), i + 1))
                    .clicked()
                {
                    self.tab = tab;
                }
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let undo = ui
                .add_enabled(!self.undo.is_empty(), egui::Button::new("Undo"))
                .on_hover_text("Undo your last change (Ctrl+Z)");
            let redo = ui
                .add_enabled(!self.redo.is_empty(), egui::Button::new("Redo"))
                .on_hover_text("Redo (Ctrl+Shift+Z)");
            if undo.clicked() {
                self.step(true);
            }
            if redo.clicked() {
                self.step(false);
            }
            ui.separator();
            match (&self.error, self.drafts.is_empty(), self.saved) {
                (Some(err), _, _) => {
                    ui.colored_label(ui.visuals().error_fg_color, err);
                }
                (None, false, _) => {
                    ui.weak("Saving...");
                }
                (None, true, _) if self.online.is_some() => {}
                (None, true, true) => {
                    ui.weak("Your answers are saved in this file.");
                }
                (None, true, false) => {}
            }
            match &self.online {
                Some(online) => {
                    ui.label(online.status())
                        .on_hover_text(online.shown_address());
                }
                None => {
                    ui.weak(self.writer.path().display().to_string());
                }
            }
        });
    }
}

impl eframe::App for RepView {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        crate::ui::pacing::take_leftovers(&ctx);
        self.shortcuts(&ctx);
        let now = ctx.input(|i| i.time);
        egui::Panel::bottom("rep_status")
            .frame(crate::ui::style::bar_frame(ui.style()))
            .show(ui, |ui| self.status_ui(ui));
        egui::Panel::top("rep_header")
            .frame(crate::ui::style::bar_frame(ui.style()))
            .show(ui, |ui| self.header_ui(ui));
        egui::CentralPanel::default()
            .frame(crate::ui::style::page_frame(ui.style()))
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| match self.tab {
                        Tab::Skills => {
                            sessions::focus_ui(ui, self);
                            assess::skills_ui(ui, self, now);
                        }
                        Tab::Sessions => sessions::sessions_ui(ui, self, now),
                        Tab::Commitments => history::commitments_ui(ui, self, now),
                        Tab::Observations => history::observations_ui(ui, &self.file.history),
                        Tab::NextSession => topics::topics_ui(ui, self),
                    });
            });
        let closing = crate::ui::pacing::close_after_waiting(&ctx, &mut self.closing);
        self.autosave(now, closing);
        self.exchange_online(&ctx);
        if crate::ui::pacing::has_waiting(&ctx) {
            ctx.request_repaint();
        } else if !self.drafts.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        crate::ui::pacing::pace_raw_input(ctx, raw_input);
    }

    fn on_exit(&mut self) {
        self.autosave(f64::INFINITY, true);
    }
}

impl RepView {
    /// Sends changed answers and takes in what the sender says, when online.
    fn exchange_online(&mut self, ctx: &egui::Context) {
        let Some(online) = self.online.as_mut() else {
            return;
        };
        if std::mem::take(&mut self.to_send) {
            online.queue(ctx, &self.writer, &self.file.answers);
        }
        if let Some(err) = online.poll(&self.writer) {
            self.error = Some(err);
        }
    }
}

/// How much of a field's limit is used, beside the field, as the rep types ("120 / 500").
fn counter_ui(ui: &mut egui::Ui, text: &str, max: usize) {
    let used = crate::domain::text::char_count(text);
    let counter = format!("{used} / {max}");
    if used >= max {
        ui.colored_label(ui.visuals().warn_fg_color, counter);
    } else {
        ui.weak(counter);
    }
}

/// Opens the rep view on a rep file. A file that cannot be opened is explained in a
/// window of its own (and on stderr), never with a panic.
pub fn run_rep_view(path: &Path) -> anyhow::Result<ExitCode> {
    run_view(path, RepView::open(path).map_err(|e| e.to_string()))
}

/// Runs `view` in a window, or a window that says why there is none.
fn run_view(path: &Path, view: Result<RepView, String>) -> anyhow::Result<ExitCode> {
    let stop = crate::app::StopSignals::catch();
    let options = crate::app::window_options(path, [1100.0, 780.0], [700.0, 480.0]);
    let result = eframe::run_native(
        "Coachbook",
        options,
        Box::new(move |cc| {
            stop.window_opened(&cc.egui_ctx);
            crate::ui::style::apply(&cc.egui_ctx);
            // The theme chosen in Settings on this computer holds here too.
            if let Some(theme) = crate::app::WindowMemory::load().theme() {
                cc.egui_ctx.set_theme(theme);
            }
            Ok(match view {
                Ok(view) => Box::new(view) as Box<dyn eframe::App>,
                Err(err) => {
                    eprintln!("coachbook: {}", crate::export::terminal::shown_lines(&err));
                    Box::new(crate::app::StartupError::new(err))
                }
            })
        }),
    );
    result.map_err(|e| anyhow!("The Coachbook window could not open: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
