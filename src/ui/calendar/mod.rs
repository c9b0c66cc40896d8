//! The Calendar screen: the week or the month of coaching sessions, coloured by status,
//! with a panel that moves, skips, cancels or marks a session held.

mod busy_blocks;

pub use busy_blocks::busy_text;
mod details;
mod month;
mod week;

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, Local, NaiveDate, TimeZone, Utc};
use egui::{Color32, RichText};

pub use details::DetailsForm;

use super::{View, style};
use crate::domain::rep::RepId;
use crate::domain::schedule::{Occurrence, OccurrenceKey};
use crate::domain::session::SessionStatus;
use crate::model::Caches;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CalendarMode {
    #[default]
    Week,
    Month,
}

#[derive(Default)]
pub struct CalendarState {
    pub mode: CalendarMode,
    /// A day in the week or month shown; `None` follows today.
    pub anchor: Option<NaiveDate>,
    pub rep: Option<RepId>,
    pub selected: Option<OccurrenceKey>,
    pub form: DetailsForm,
    /// The exported calendar file invites the reps.
    pub invite_reps: bool,
}

impl CalendarState {
    /// The instants the screen shows, from local midnight to local midnight.
    pub fn window(&self, today: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let (first, days) = self.days(today);
        (
            local_midnight(first),
            local_midnight(first + Duration::days(days)),
        )
    }

    /// The first day shown and how many: a Monday-to-Sunday week, or the six weeks that
    /// hold the month.
    fn days(&self, today: NaiveDate) -> (NaiveDate, i64) {
        let anchor = self.anchor.unwrap_or(today);
        match self.mode {
            CalendarMode::Week => (monday_of(anchor), 7),
            CalendarMode::Month => {
                let first = anchor.with_day(1).unwrap_or(anchor);
                (monday_of(first), 42)
            }
        }
    }

    /// The days shown, in words: the week's first and last day, or the month.
    fn title(&self, first: NaiveDate, today: NaiveDate) -> String {
        match self.mode {
            CalendarMode::Week => format!(
                "{} - {}",
                first.format("%-d %b"),
                (first + Duration::days(6)).format("%-d %b %Y")
            ),
            CalendarMode::Month => self.anchor.unwrap_or(today).format("%B %Y").to_string(),
        }
    }

    /// Opens the calendar on the week of `start`, with that session selected.
    pub fn show(&mut self, key: OccurrenceKey, start: DateTime<Utc>) {
        self.mode = CalendarMode::Week;
        self.anchor = Some(start.with_timezone(&Local).date_naive());
        self.selected = Some(key);
        self.form = DetailsForm::default();
    }
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The instant of local midnight starting `day` (the first valid instant, should midnight
/// fall in a daylight-saving gap).
pub fn local_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    (0..3)
        .find_map(|h| {
            Local
                .from_local_datetime(&(midnight + Duration::hours(h)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// A date and a time as typed (YYYY-MM-DD, HH:MM) on this computer's clock.
pub fn parse_local(date: &str, time: &str) -> Result<DateTime<Utc>, String> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{}\" is not a date; write it as YYYY-MM-DD.", date.trim()))?;
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| {
        format!(
            "\"{}\" is not a time; write it as HH:MM, for example 09:30.",
            time.trim()
        )
    })?;
    Local
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            format!(
                "{} does not exist on {date} here (the clocks go forward); choose another time.",
                time.format("%H:%M")
            )
        })
}

/// The colour of a session by status: a slip is red, a held session green.
/// Readable as text on the theme's backgrounds, since the legend and the labels use it.
pub fn status_color(status: SessionStatus, visuals: &egui::Visuals) -> Color32 {
    let colours = style::palette(visuals);
    match status {
        SessionStatus::Planned => colours.accent,
        SessionStatus::Held => colours.success,
        SessionStatus::Missed => colours.danger,
        SessionStatus::Skipped => colours.warning,
        SessionStatus::Cancelled => colours.muted,
    }
}

pub fn status_label(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Planned => "planned",
        SessionStatus::Held => "held",
        SessionStatus::Missed => "missed",
        SessionStatus::Skipped => "skipped",
        SessionStatus::Cancelled => "cancelled",
    }
}

fn rep_name(caches: &Caches, rep: RepId) -> String {
    caches
        .rep(rep)
        .map_or_else(|| "?".to_owned(), |r| r.rep.name.clone())
}

/// How an occurrence is named on screen and to screen readers.
pub fn occurrence_label(caches: &Caches, o: &Occurrence) -> String {
    let local = o.start.with_timezone(&Local);
    format!(
        "{} {} {}, {}",
        rep_name(caches, o.rep),
        local.format("%a %-d %b"),
        local.format("%H:%M"),
        status_label(o.status)
    )
}

pub fn calendar_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let today = view.today;
    let (first, _) = view.state.calendar.days(today);
    let title = view.state.calendar.title(first, today);
    ui.horizontal(|ui| {
        ui.heading("Calendar");
        ui.label(RichText::new(title).size(16.0));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            super::export::export_button_ui(ui, view);
        });
    });
    let state = &mut view.state.calendar;
    toolbar_ui(ui, state, view.caches, today);
    ui.add_space(6.0);
    let occurrences: Vec<&Occurrence> = view
        .caches
        .calendar
        .occurrences
        .iter()
        .filter(|o| state.rep.is_none_or(|r| o.rep == r))
        .collect();
    if view.caches.cadences.is_empty() && occurrences.is_empty() {
        ui.weak("No sessions yet. Open a rep from Team and set a coaching cadence; its sessions appear here.");
    }
    let clicked = match state.mode {
        CalendarMode::Week => {
            let here = (today, view.zone);
            week::week_ui(ui, view.caches, &occurrences, first, here, state.selected)
        }
        CalendarMode::Month => {
            match month::month_ui(ui, view.caches, &occurrences, first, today, state.selected) {
                Some(month::MonthClick::Day(day)) => {
                    state.mode = CalendarMode::Week;
                    state.anchor = Some(day);
                    None
                }
                Some(month::MonthClick::Session(key)) => Some(key),
                None => None,
            }
        }
    };
    if let Some(key) = clicked {
        state.selected = Some(key);
        state.form = DetailsForm::default();
    }
    details::details_ui(ui, view);
}

/// The row that chooses what is shown: paging, week or month, whose sessions; and the legend.
fn toolbar_ui(ui: &mut egui::Ui, state: &mut CalendarState, caches: &Caches, today: NaiveDate) {
    let step = match state.mode {
        CalendarMode::Week => Duration::days(7),
        CalendarMode::Month => Duration::days(31),
    };
    // In a narrow window the legend goes to a second line instead of pushing the week's
    // last days off the edge.
    ui.horizontal_wrapped(|ui| {
        let anchor = state.anchor.unwrap_or(today);
        if ui.button("< Previous").clicked() || ui.input(|i| i.key_pressed(egui::Key::PageUp)) {
            state.anchor = Some(shift(anchor, -step, state.mode));
        }
        if ui.button("Today").clicked() {
            state.anchor = None;
        }
        if ui.button("Next >").clicked() || ui.input(|i| i.key_pressed(egui::Key::PageDown)) {
            state.anchor = Some(shift(anchor, step, state.mode));
        }
        ui.separator();
        ui.selectable_value(&mut state.mode, CalendarMode::Week, "Week");
        ui.selectable_value(&mut state.mode, CalendarMode::Month, "Month");
        ui.separator();
        let label = ui.label("Rep");
        let reps = caches.active_reps();
        super::picker::picker_ui(
            ui,
            "calendar_rep",
            label.id,
            &reps,
            &mut state.rep,
            Some("Everyone"),
            170.0,
        );
        if ui.available_size_before_wrap().x < LEGEND_WIDTH {
            ui.end_row();
        } else {
            ui.separator();
        }
        legend_ui(ui);
    });
}

/// One week or one month further (or back); a month step lands in the next month.
fn shift(anchor: NaiveDate, step: Duration, mode: CalendarMode) -> NaiveDate {
    match mode {
        CalendarMode::Week => anchor + step,
        CalendarMode::Month => {
            let first = anchor.with_day(1).unwrap_or(anchor);
            let moved = if step > Duration::zero() {
                first + Duration::days(32)
            } else {
                first - Duration::days(1)
            };
            moved.with_day(1).unwrap_or(moved)
        }
    }
}

/// The occurrences of each local day, in one pass rather than one per day drawn: finding the
/// local day of an instant is the dearest step of the week and month views.
fn by_local_day<'a>(occurrences: &[&'a Occurrence]) -> HashMap<NaiveDate, Vec<&'a Occurrence>> {
    let mut by_day: HashMap<NaiveDate, Vec<&Occurrence>> = HashMap::new();
    for o in occurrences {
        by_day
            .entry(o.start.with_timezone(&Local).date_naive())
            .or_default()
            .push(o);
    }
    by_day
}

/// About the width of the legend, so it moves to its own line as a whole when the rest of
/// the row leaves less.
const LEGEND_WIDTH: f32 = 400.0;

fn legend_ui(ui: &mut egui::Ui) {
    for status in [
        SessionStatus::Planned,
        SessionStatus::Held,
        SessionStatus::Skipped,
        SessionStatus::Missed,
        SessionStatus::Cancelled,
    ] {
        // A swatch and its word stay together when the row wraps.
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, status_color(status, ui.visuals()));
            ui.weak(status_label(status));
        });
    }
}
