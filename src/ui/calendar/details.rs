//! The panel of one session in the calendar: what it is, and what can be done with it.

use chrono::{Local, Utc};
use egui::RichText;

use super::{occurrence_label, status_color, status_label};
use crate::domain::schedule::{Occurrence, OccurrenceKey};
use crate::domain::session::{SessionStatus, SkipReason};
use crate::ops::{Command, SessionChange};
use crate::ui::{Caches, Origin, Place, Request, View, style};

/// What is typed in the panel; reset when another session is selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsForm {
    pub for_key: Option<OccurrenceKey>,
    pub date: String,
    pub time: String,
    pub duration_mins: u32,
    pub skip: usize,
    pub other: String,
    /// What went wrong, shown in the part of the panel it is about.
    pub error: Option<String>,
    pub error_at: Part,
}

/// The parts of the panel a change comes from, each with its own place for errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Part {
    #[default]
    State,
    Skip,
    Move,
}

impl DetailsForm {
    /// The error of `part`, in the danger colour, when there is one.
    fn error_ui(&self, ui: &mut egui::Ui, part: Part) {
        if let Some(error) = self.error.as_ref().filter(|_| self.error_at == part) {
            ui.colored_label(style::danger(ui.visuals()), error);
        }
    }

    /// A change of what `part` holds makes its error out of date.
    fn edited(&mut self, part: Part) {
        if self.error_at == part {
            self.error = None;
        }
    }

    fn refuse(&mut self, part: Part, message: String) {
        self.error = Some(message);
        self.error_at = part;
    }
}

const SKIP_REASONS: [&str; 4] = ["Vacation", "Quarter-end", "Rep sick", "Other"];

impl DetailsForm {
    fn load(&mut self, o: &Occurrence) {
        let local = o.start.with_timezone(&Local);
        *self = DetailsForm {
            for_key: Some(o.key),
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration_mins: o.duration_mins,
            ..DetailsForm::default()
        };
    }

    fn skip_reason(&self) -> Result<SkipReason, String> {
        Ok(match self.skip {
            0 => SkipReason::Vacation,
            1 => SkipReason::QuarterEnd,
            2 => SkipReason::RepSick,
            _ if self.other.trim().is_empty() => {
                return Err("Say why the session is skipped.".to_owned());
            }
            _ => SkipReason::Other(self.other.trim().to_owned()),
        })
    }

    fn new_start(&self) -> Result<chrono::DateTime<Utc>, String> {
        super::parse_local(&self.date, &self.time)
    }
}

fn skip_text(reason: &SkipReason) -> String {
    match reason {
        SkipReason::Vacation => "vacation".to_owned(),
        SkipReason::QuarterEnd => "quarter-end".to_owned(),
        SkipReason::RepSick => "rep sick".to_owned(),
        SkipReason::Other(text) => text.clone(),
    }
}

pub fn details_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let state = &mut view.state.calendar;
    let Some(key) = state.selected else {
        return;
    };
    let Some(o) = view
        .caches
        .calendar
        .occurrences
        .iter()
        .find(|o| o.key == key)
        .cloned()
    else {
        state.selected = None;
        return;
    };
    if state.form.for_key != Some(key) {
        state.form.load(&o);
    }
    let held_from = (view.today, view.zone);
    let mut change: Option<(Part, SessionChange)> = None;
    let mut close = ui.input(|i| i.key_pressed(egui::Key::Escape));
    let mut open_rep = false;
    let mut open_session = false;
    egui::Window::new("Session details")
        .id(egui::Id::unique("calendar_details"))
        .title_bar(false)
        .resizable(false)
        .collapsible(false)
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-18.0, 120.0))
        .default_width(340.0)
        .show(ui.ctx(), |ui| {
            ui.set_width(340.0);
            let form = &mut state.form;
            close |= heading_ui(ui, view.caches, &o, held_from.1);
            ui.add_space(6.0);
            let by_status = state_buttons_ui(ui, &o, held_from).map(|c| (Part::State, c));
            form.error_ui(ui, Part::State);
            ui.separator();
            let skip = skip_section_ui(ui, form).map(|c| (Part::Skip, c));
            form.error_ui(ui, Part::Skip);
            ui.separator();
            let moved = move_section_ui(ui, form).map(|c| (Part::Move, c));
            form.error_ui(ui, Part::Move);
            change = moved.or(skip).or(by_status);
            ui.separator();
            ui.horizontal(|ui| {
                open_session = ui
                    .button("Open session")
                    .on_hover_text("Prepare, run and close it")
                    .clicked();
                open_rep = ui.button("Open the rep's page").clicked();
            });
        });
    if let Some((part, change)) = change {
        // A refusal of this change lands where it was asked for.
        state.form.error = None;
        state.form.error_at = part;
        view.requests.push(Request::Apply(
            Command::ChangeSession {
                rep: o.rep,
                key: o.key,
                change,
            },
            Origin::CalendarDetails,
        ));
    }
    if close {
        state.selected = None;
    }
    if open_session {
        view.state.calendar.selected = None;
        view.go(Place::Session(o.rep, o.key));
    }
    if open_rep {
        view.state.calendar.selected = None;
        view.go(Place::rep(o.rep));
    }
}

/// The title with its Close button, then when the session is and what state it is in.
/// Returns whether Close was clicked.
fn heading_ui(ui: &mut egui::Ui, caches: &Caches, o: &Occurrence, here: chrono_tz::Tz) -> bool {
    let mut close = false;
    ui.horizontal(|ui| {
        ui.label(RichText::new("Coaching session").strong().size(16.0));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            close |= ui.small_button("Close").clicked();
        });
    });
    ui.label(occurrence_label(caches, o));
    // Times show on this computer's clock; a cadence kept in another zone says its own.
    let elsewhere = o
        .cadence
        .and_then(|id| caches.cadences.iter().find(|c| c.id == id))
        .and_then(|c| crate::domain::time_zones::time_elsewhere(o.start, c.time_zone, here));
    if let Some(elsewhere) = elsewhere {
        ui.weak(format!("{elsewhere} (times here are {})", here.name()));
    }
    ui.horizontal(|ui| {
        ui.colored_label(status_color(o.status, ui.visuals()), status_label(o.status));
        if let Some(reason) = &o.skip_reason {
            ui.weak(format!("({})", skip_text(reason)));
        }
        if o.moved {
            ui.weak("moved from its usual slot");
        }
        if o.cadence.is_none() {
            ui.weak("one-off");
        }
    });
    close
}

/// The changes of state that need nothing typed: held, cancelled, planned again.
fn state_buttons_ui(
    ui: &mut egui::Ui,
    o: &Occurrence,
    (today, zone): (chrono::NaiveDate, chrono_tz::Tz),
) -> Option<SessionChange> {
    let mut change = None;
    ui.horizontal(|ui| {
        let started = crate::domain::session::may_mark_held(o.start, today, zone);
        if ui
            .add_enabled(
                started && o.status != SessionStatus::Held,
                egui::Button::new("Mark held"),
            )
            .on_disabled_hover_text("A session can be marked held from its day on.")
            .clicked()
        {
            change = Some(SessionChange::MarkHeld);
        }
        if o.status != SessionStatus::Cancelled && ui.button("Cancel session").clicked() {
            change = Some(SessionChange::Cancel);
        }
        if matches!(
            o.status,
            SessionStatus::Skipped | SessionStatus::Cancelled | SessionStatus::Held
        ) && ui.button("Plan again").clicked()
        {
            change = Some(SessionChange::Replan);
        }
    });
    change
}

/// The reasons to pick from, the typed one when it is "Other", and the Skip button.
fn skip_section_ui(ui: &mut egui::Ui, form: &mut DetailsForm) -> Option<SessionChange> {
    let mut change = None;
    ui.label(RichText::new("Skip, with a reason").strong());
    let mut edited = false;
    ui.horizontal_wrapped(|ui| {
        for (index, reason) in SKIP_REASONS.iter().enumerate() {
            edited |= ui.radio_value(&mut form.skip, index, *reason).changed();
        }
    });
    if form.skip == SKIP_REASONS.len() - 1 {
        let label = ui.label("Reason");
        edited |= ui
            .add(egui::TextEdit::singleline(&mut form.other).hint_text("Why it is skipped"))
            .labelled_by(label.id)
            .changed();
    }
    if edited {
        form.edited(Part::Skip);
    }
    if ui.button("Skip session").clicked() {
        match form.skip_reason() {
            Ok(reason) => change = Some(SessionChange::Skip(reason)),
            Err(message) => form.refuse(Part::Skip, message),
        }
    }
    change
}

/// The new date, time and length, and the Move button.
fn move_section_ui(ui: &mut egui::Ui, form: &mut DetailsForm) -> Option<SessionChange> {
    let mut change = None;
    let mut edited = false;
    ui.label(RichText::new("Move").strong());
    egui::Grid::new("move_session")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Date");
            edited |= ui
                .add(egui::TextEdit::singleline(&mut form.date).desired_width(110.0))
                .labelled_by(label.id)
                .changed();
            ui.end_row();
            let label = ui.label("Time");
            edited |= ui
                .add(egui::TextEdit::singleline(&mut form.time).desired_width(110.0))
                .labelled_by(label.id)
                .changed();
            ui.end_row();
            crate::ui::duration_mins_ui(ui, "Minutes", &mut form.duration_mins, "");
            ui.end_row();
        });
    if edited {
        form.edited(Part::Move);
    }
    if ui.button("Move session").clicked() {
        match form.new_start() {
            Ok(start) => {
                change = Some(SessionChange::Move {
                    start,
                    duration_mins: form.duration_mins,
                });
            }
            Err(message) => form.refuse(Part::Move, message),
        }
    }
    change
}
