//! The form that sets a rep's coaching cadence: how often, which day, what time, for how
//! long, in which time zone, from when and until when.

use chrono::{NaiveDate, NaiveTime, TimeZone, Weekday};
use egui::RichText;

use super::form_grid::text_row_ui;
use super::{Origin, Request, View, style};
use crate::domain::cadence::{
    Cadence, CadenceEnd, CadenceId, MAX_COUNT, Recurrence, WEEKDAYS, parse_time_zone,
};
use crate::domain::rep::{RepId, parse_optional_date};
use crate::ops::Command;

/// The time zone of this computer, for new cadences; UTC when it cannot be told.
pub use crate::clock::system_time_zone;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Weekly,
    MonthlyByDay,
    MonthlyByWeekday,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    Never,
    OnDate,
    AfterCount,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CadenceForm {
    pub rep: RepId,
    pub kind: Kind,
    pub interval_weeks: u32,
    pub weekday: Weekday,
    pub day_of_month: u32,
    pub week_of_month: i8,
    pub time: String,
    pub duration_mins: u32,
    pub start: String,
    pub ends: Ends,
    pub until: String,
    pub count: u32,
    pub time_zone: String,
    /// What the save refused, about the cadence as a whole.
    pub error: Option<String>,
    /// Save was pressed: each field's problem shows under it from then on, until fixed.
    pub checked: bool,
    /// The field to put the cursor in: the first with a problem after Save.
    pub focus: Option<CadenceField>,
}

/// A typed field of the cadence form, so a problem shows next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceField {
    Time,
    Start,
    Until,
    TimeZone,
}

impl CadenceForm {
    /// A form filled from the rep's cadence, or with sensible defaults: weekly, 45 minutes,
    /// starting today in this computer's time zone.
    pub fn new(rep: RepId, current: Option<&Cadence>, today: NaiveDate) -> CadenceForm {
        let mut form = CadenceForm {
            rep,
            kind: Kind::Weekly,
            interval_weeks: 1,
            weekday: chrono::Datelike::weekday(&today),
            day_of_month: chrono::Datelike::day(&today).min(28),
            week_of_month: 1,
            time: "09:00".to_owned(),
            duration_mins: 45,
            start: today.to_string(),
            ends: Ends::Never,
            until: String::new(),
            count: 12,
            time_zone: system_time_zone().name().to_owned(),
            error: None,
            checked: false,
            focus: None,
        };
        if let Some(c) = current {
            match c.recurrence {
                Recurrence::Weekly {
                    interval_weeks,
                    weekday,
                } => {
                    form.interval_weeks = interval_weeks;
                    form.weekday = weekday;
                }
                Recurrence::MonthlyByDay { day } => {
                    form.kind = Kind::MonthlyByDay;
                    form.day_of_month = day;
                }
                Recurrence::MonthlyByWeekday { week, weekday } => {
                    form.kind = Kind::MonthlyByWeekday;
                    form.week_of_month = week;
                    form.weekday = weekday;
                }
            }
            form.time = c.local_time.format("%H:%M").to_string();
            form.duration_mins = c.duration_mins;
            form.time_zone = c.time_zone.name().to_owned();
        }
        form
    }

    /// Every field whose text cannot be read, with why, in the form's order: all at once,
    /// where [`CadenceForm::cadence`] stops at the first.
    pub fn field_problems(&self) -> Vec<(CadenceField, String)> {
        let mut problems = Vec::new();
        if NaiveTime::parse_from_str(self.time.trim(), "%H:%M").is_err() {
            let problem = "Write the time as HH:MM, for example 09:30.".to_owned();
            problems.push((CadenceField::Time, problem));
        }
        match parse_optional_date(&self.start) {
            Ok(Some(_)) => {}
            Ok(None) => problems.push((
                CadenceField::Start,
                "The cadence needs a start date.".into(),
            )),
            Err(e) => problems.push((CadenceField::Start, e.to_string())),
        }
        if self.ends == Ends::OnDate {
            match parse_optional_date(&self.until) {
                Ok(Some(_)) => {}
                Ok(None) => {
                    problems.push((
                        CadenceField::Until,
                        "Give the date the cadence ends.".into(),
                    ));
                }
                Err(e) => problems.push((CadenceField::Until, e.to_string())),
            }
        }
        if let Err(e) = parse_time_zone(&self.time_zone) {
            problems.push((CadenceField::TimeZone, e.to_string()));
        }
        problems
    }

    /// The cadence the form describes, or what is wrong with it in words.
    pub fn cadence(&self) -> Result<Cadence, String> {
        let recurrence = match self.kind {
            Kind::Weekly => Recurrence::Weekly {
                interval_weeks: self.interval_weeks,
                weekday: self.weekday,
            },
            Kind::MonthlyByDay => Recurrence::MonthlyByDay {
                day: self.day_of_month,
            },
            Kind::MonthlyByWeekday => Recurrence::MonthlyByWeekday {
                week: self.week_of_month,
                weekday: self.weekday,
            },
        };
        let local_time = NaiveTime::parse_from_str(self.time.trim(), "%H:%M").map_err(|_| {
            format!(
                "\"{}\" is not a time; write it as HH:MM, for example 09:30.",
                self.time.trim()
            )
        })?;
        let start_date = parse_optional_date(&self.start)
            .map_err(|e| e.to_string())?
            .ok_or("The cadence needs a start date.")?;
        let end = match self.ends {
            Ends::Never => CadenceEnd::Never,
            Ends::OnDate => CadenceEnd::Until(
                parse_optional_date(&self.until)
                    .map_err(|e| e.to_string())?
                    .ok_or("Give the date the cadence ends.")?,
            ),
            Ends::AfterCount => CadenceEnd::Count(self.count),
        };
        let cadence = Cadence {
            id: CadenceId(0),
            rep_id: self.rep,
            recurrence,
            start_date,
            local_time,
            duration_mins: self.duration_mins,
            time_zone: parse_time_zone(&self.time_zone).map_err(|e| e.to_string())?,
            end,
            ended: None,
        };
        cadence.validate().map_err(|e| e.to_string())?;
        Ok(cadence)
    }
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn weekday_ui(ui: &mut egui::Ui, label: &str, value: &mut Weekday) {
    let label = ui.label(label);
    egui::ComboBox::from_id_salt("cadence_weekday")
        .selected_text(weekday_name(*value))
        .show_ui(ui, |ui| {
            for day in WEEKDAYS {
                ui.selectable_value(value, day, weekday_name(day));
            }
        })
        .response
        .labelled_by(label.id);
}

/// The zone as typed, with the IANA names that match it below, one click to take one.
fn time_zone_ui(ui: &mut egui::Ui, value: &mut String, (problem, focus): (Option<String>, bool)) {
    let label = ui.label("Time zone");
    ui.vertical(|ui| {
        let field = ui
            .add(
                egui::TextEdit::singleline(value)
                    .hint_text("type a city: Berlin")
                    .desired_width(200.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Type part of a city or region, then pick its zone from the list");
        if focus {
            field.request_focus();
        }
        if let Some(problem) = problem {
            ui.colored_label(style::danger(ui.visuals()), problem);
        }
        for name in crate::domain::time_zones::matching_time_zones(value, 6) {
            if ui
                .selectable_label(false, name)
                .on_hover_text("Use this time zone")
                .clicked()
            {
                *value = name.to_owned();
            }
        }
    });
}

pub fn cadence_form_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let busy = &view.caches.busy;
    let Some(form) = view.state.team.cadence_form.as_mut() else {
        return;
    };
    let mut save = false;
    let mut cancel = false;
    style::card_frame(ui.style()).show(ui, |ui| {
        ui.set_max_width(620.0);
        ui.label(RichText::new("Coaching cadence").strong().size(16.0));
        ui.weak("A change applies from now on; sessions already held never move.");
        ui.add_space(4.0);
        // The grid's first, invisible sizing pass cannot take focus; wait for the real one.
        let focus = form.focus.filter(|_| !ui.is_sizing_pass());
        // Read once a frame, and shown only after Save was pressed.
        let problems = if form.checked {
            form.field_problems()
        } else {
            Vec::new()
        };
        let at = |field| {
            let problem = problems.iter().find(|(f, _)| *f == field);
            (problem.map(|(_, p)| p.clone()), focus == Some(field))
        };
        let (time, start, until, zone) = (
            at(CadenceField::Time),
            at(CadenceField::Start),
            at(CadenceField::Until),
            at(CadenceField::TimeZone),
        );
        egui::Grid::new("cadence_form")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                recurrence_rows_ui(ui, form);
                text_row_ui(ui, ("Time", "HH:MM", 140.0), &mut form.time, time);
                super::duration_mins_ui(ui, "Minutes", &mut form.duration_mins, "");
                ui.end_row();
                let hint = ("Starts on", "YYYY-MM-DD", 140.0);
                text_row_ui(ui, hint, &mut form.start, start);
                ends_rows_ui(ui, form, until);
                time_zone_ui(ui, &mut form.time_zone, zone);
                ui.end_row();
            });
        if focus.is_some() {
            form.focus = None;
        }
        outcome_ui(ui, form, (view.now, view.zone));
        if let Ok(cadence) = form.cadence() {
            super::cadence_collisions::collisions_ui(ui, &cadence, (busy, view.now, view.zone));
        }
        ui.horizontal(|ui| {
            save = ui.button("Save cadence").clicked();
            cancel =
                ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
        });
    });
    if cancel {
        view.state.team.cadence_form = None;
    } else if save {
        form.checked = true;
        if let Some((field, _)) = form.field_problems().first() {
            form.focus = Some(*field);
            return;
        }
        match form.cadence() {
            Ok(cadence) => {
                form.error = None;
                view.requests.push(Request::Apply(
                    Command::SetCadence {
                        rep: form.rep,
                        cadence: Some(cadence),
                    },
                    Origin::CadenceForm,
                ));
            }
            Err(message) => form.error = Some(message),
        }
    }
}

/// The "Repeats" row, then the rows that kind of recurrence needs: they change with the kind.
fn recurrence_rows_ui(ui: &mut egui::Ui, form: &mut CadenceForm) {
    let label = ui.label("Repeats");
    let kinds = [
        (Kind::Weekly, "Weekly or every few weeks"),
        (Kind::MonthlyByDay, "Monthly, on a day of the month"),
        (
            Kind::MonthlyByWeekday,
            "Monthly, on a weekday (such as the second Tuesday)",
        ),
    ];
    let shown = kinds
        .iter()
        .find(|(k, _)| *k == form.kind)
        .map_or("", |(_, t)| t);
    egui::ComboBox::from_id_salt("cadence_kind")
        .selected_text(shown)
        .width(320.0)
        .show_ui(ui, |ui| {
            for (kind, text) in kinds {
                ui.selectable_value(&mut form.kind, kind, text);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    match form.kind {
        Kind::Weekly => {
            let label = ui.label("Every (weeks)");
            ui.add(egui::DragValue::new(&mut form.interval_weeks).range(1..=12))
                .labelled_by(label.id);
            ui.end_row();
            weekday_ui(ui, "On", &mut form.weekday);
            ui.end_row();
        }
        Kind::MonthlyByDay => {
            let label = ui.label("Day of the month");
            ui.add(egui::DragValue::new(&mut form.day_of_month).range(1..=31))
                .labelled_by(label.id);
            ui.end_row();
        }
        Kind::MonthlyByWeekday => week_of_month_rows_ui(ui, form),
    }
}

fn week_of_month_rows_ui(ui: &mut egui::Ui, form: &mut CadenceForm) {
    let label = ui.label("Which");
    let weeks = [
        (1, "First"),
        (2, "Second"),
        (3, "Third"),
        (4, "Fourth"),
        (-1, "Last"),
    ];
    let shown = weeks
        .iter()
        .find(|(w, _)| *w == form.week_of_month)
        .map_or("", |(_, t)| t);
    egui::ComboBox::from_id_salt("cadence_week")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (week, text) in weeks {
                ui.selectable_value(&mut form.week_of_month, week, text);
            }
        })
        .response
        .labelled_by(label.id);
    ui.end_row();
    weekday_ui(ui, "Weekday", &mut form.weekday);
    ui.end_row();
}

/// The "Ends" row, then the end date or the number of sessions when the choice needs one.
fn ends_rows_ui(ui: &mut egui::Ui, form: &mut CadenceForm, until: (Option<String>, bool)) {
    ui.label("Ends");
    ui.horizontal(|ui| {
        ui.radio_value(&mut form.ends, Ends::Never, "Never");
        ui.radio_value(&mut form.ends, Ends::OnDate, "On a date");
        ui.radio_value(
            &mut form.ends,
            Ends::AfterCount,
            "After a number of sessions",
        );
    });
    ui.end_row();
    match form.ends {
        Ends::Never => {}
        Ends::OnDate => {
            text_row_ui(
                ui,
                ("End date", "YYYY-MM-DD", 140.0),
                &mut form.until,
                until,
            );
        }
        Ends::AfterCount => {
            let label = ui.label("Sessions");
            ui.add(egui::DragValue::new(&mut form.count).range(1..=MAX_COUNT))
                .labelled_by(label.id);
            ui.end_row();
        }
    }
}

/// The cadence read back in words while typing, so a mistake shows before saving; or the
/// save's error.
fn outcome_ui(
    ui: &mut egui::Ui,
    form: &CadenceForm,
    (now, here): (chrono::DateTime<chrono::Utc>, chrono_tz::Tz),
) {
    match form.cadence() {
        Ok(cadence) => {
            let first = cadence
                .time_zone
                .from_local_datetime(&cadence.start_date.and_time(cadence.local_time))
                .earliest();
            if let Some(first) = first {
                let on_this_computer = first.with_timezone(&here);
                if on_this_computer.naive_local() != first.naive_local() {
                    ui.weak(format!(
                        "The calendar shows times on this computer's clock ({}): {} in {} is {} here.",
                        here.name(),
                        cadence.local_time.format("%H:%M"),
                        cadence.time_zone.name(),
                        on_this_computer.format("%H:%M")
                    ));
                }
            }
            ui.weak(format!(
                "{}, {} for {} minutes ({}).",
                cadence.recurrence.describe(),
                cadence.local_time.format("%H:%M"),
                cadence.duration_mins,
                cadence.time_zone.name()
            ));
            if let Some(note) = cadence.first_session_note(now) {
                ui.weak(note);
            }
            if let Some(note) = cadence.time_zone_note() {
                ui.weak(note);
            }
        }
        // While typing, the first problem reads back quietly; after Save each field says
        // its own, in red.
        Err(problem) if form.error.is_none() && !form.checked => {
            ui.weak(problem);
        }
        Err(_) => {}
    }
    if let Some(error) = &form.error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
}
