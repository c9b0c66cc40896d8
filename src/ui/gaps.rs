//! The Skill gaps screen: the team heat map (reps by skills, coloured by gap), the skills
//! the team as a whole is weakest in, and how much of the framework each rep was observed
//! in. Every figure is as of the chosen day.

mod heat_keys;
mod heat_map;
mod plans;

use chrono::NaiveDate;
use egui::{Color32, RichText, Sense, vec2};

use super::{Origin, Place, RepPage, RepTab, View, below_fold, style};
use crate::domain::Bucket;
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;
use crate::model::GapMap;
use crate::ops::Command;

pub struct GapsState {
    /// The day every figure is computed as of; none means today, moving with the clock.
    pub as_of: Option<NaiveDate>,
    /// The day as typed, and why it was not taken.
    pub as_of_text: String,
    pub as_of_error: Option<String>,
    pub half_life_days: u32,
    pub sort_reps: bool,
    pub sort_skills: bool,
}

impl Default for GapsState {
    fn default() -> GapsState {
        GapsState {
            as_of: None,
            as_of_text: String::new(),
            as_of_error: None,
            half_life_days: crate::domain::levels::DEFAULT_HALF_LIFE_DAYS as u32,
            sort_reps: false,
            sort_skills: false,
        }
    }
}

impl GapsState {
    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.as_of.unwrap_or(today).min(today)
    }
}

fn to_jiff(day: NaiveDate) -> jiff::civil::Date {
    use chrono::Datelike;
    let year = i16::try_from(day.year()).unwrap_or(i16::MAX);
    // chrono's month and day always fit; the fallback only satisfies the types.
    jiff::civil::Date::new(year, day.month() as i8, day.day() as i8).unwrap_or_default()
}

fn from_jiff(day: jiff::civil::Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::try_from(day.month()).ok()?,
        u32::try_from(day.day()).ok()?,
    )
}

/// A diverging, colour-blind-safe scale (purple above target, orange below, pale at the
/// target), after ColorBrewer's PuOr.
pub fn gap_color(gap: Option<f64>) -> Color32 {
    let Some(gap) = gap else {
        return Color32::from_gray(225);
    };
    let t = (gap / 2.0).clamp(-1.0, 1.0) as f32;
    let mid = Color32::from_rgb(0xF7, 0xF7, 0xF7);
    let end = if t >= 0.0 {
        Color32::from_rgb(0xE6, 0x61, 0x01)
    } else {
        Color32::from_rgb(0x5E, 0x3C, 0x99)
    };
    mid.lerp_to_gamma(end, t.abs())
}

pub fn gaps_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let mut half_life_changed = None;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Skill gaps");
        as_of_ui(ui, &mut view.state.gaps, view.today);
        ui.separator();
        let state = &mut view.state.gaps;
        let label = ui.label("Half-life");
        let drag = ui
            .add(
                egui::DragValue::new(&mut state.half_life_days)
                    .range(crate::domain::levels::HALF_LIFE_RANGE_DAYS)
                    .speed(1.0)
                    .suffix(" days"),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "How fast old ratings fade: a rating this old counts half as much as today's",
            );
        if drag.drag_stopped() || drag.lost_focus() {
            half_life_changed = Some(state.half_life_days);
        }
        ui.checkbox(&mut state.sort_reps, "Sort reps by gap");
        ui.checkbox(&mut state.sort_skills, "Sort skills by gap");
    });
    if let Some(days) = half_life_changed {
        view.apply(Command::SetHalfLife { days }, Origin::Other);
    }
    let Some((map, _)) = view.caches.gaps.as_ref() else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Reading the observation log...");
        });
        return;
    };
    if map.reps.is_empty() {
        ui.weak("No reps yet. Add your team on the Team screen and capture what you see on calls.");
        return;
    }
    legend_ui(ui);
    let mut open: Option<(RepId, SkillId)> = None;
    egui::ScrollArea::both()
        .id_salt("gaps_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            open = heat_map::heat_map_ui(ui, view, map);
            ui.add_space(14.0);
            below_fold::when_visible_ui(ui, "team_gaps", |ui| team_gaps_ui(ui, view, map));
            ui.add_space(14.0);
            below_fold::when_visible_ui(ui, "coverage", |ui| coverage_ui(ui, view, map));
            ui.add_space(14.0);
            below_fold::when_visible_ui(ui, "plans", |ui| plans::plans_ui(ui, view));
        });
    if let Some((rep, skill)) = open {
        open_trend(view, rep, skill);
    }
}

/// The day the figures are as of: picked, typed (Enter), or stepped back by months.
fn as_of_ui(ui: &mut egui::Ui, state: &mut GapsState, today: NaiveDate) {
    let label = ui.label("As of");
    let shown = state.as_of(today);
    let mut picked = to_jiff(shown);
    let this_year = i16::try_from(chrono::Datelike::year(&today)).unwrap_or(i16::MAX);
    ui.add(
        egui_extras::DatePickerButton::new(&mut picked)
            .id_salt("gaps_as_of")
            .calendar_week(false)
            .highlight_weekends(false)
            .start_end_years(this_year.saturating_sub(15)..=this_year)
            // The default font has no calendar glyph.
            .show_icon(false),
    )
    .labelled_by(label.id)
    .on_hover_text("Every figure on this screen counts only ratings up to this day");
    let mut wanted = from_jiff(picked).filter(|d| *d != shown);
    let typed = ui
        .add(
            egui::TextEdit::singleline(&mut state.as_of_text)
                .hint_text("YYYY-MM-DD")
                .desired_width(112.0),
        )
        .accessible_name("As of, typed as YYYY-MM-DD")
        .on_hover_text("Type a day and press Enter");
    if typed.lost_focus() && !state.as_of_text.trim().is_empty() {
        match crate::domain::rep::parse_optional_date(&state.as_of_text) {
            Ok(day) => {
                wanted = day;
                state.as_of_error = None;
                state.as_of_text.clear();
            }
            Err(err) => state.as_of_error = Some(err.to_string()),
        }
    }
    for (months, text) in [(3, "3 months back"), (6, "6 months back")] {
        if ui
            .button(text)
            .on_hover_text(format!(
                "The figures as they were {months} months before this day"
            ))
            .clicked()
        {
            wanted = Some(crate::domain::dates::months_before(shown, months));
        }
    }
    if let Some(day) = wanted {
        state.as_of = (day < today).then_some(day);
    }
    if ui
        .add_enabled(state.as_of.is_some(), egui::Button::new("Today"))
        .on_hover_text("Back to today's figures")
        .clicked()
    {
        state.as_of = None;
    }
    if let Some(error) = &state.as_of_error {
        ui.colored_label(style::danger(ui.visuals()), error);
    }
}

/// A heat-map cell opens the rep's page on that skill's trend; Back returns here.
fn open_trend(view: &mut View<'_>, rep: RepId, skill: SkillId) {
    let mut page = RepPage::new(rep);
    page.tab = RepTab::Skills;
    page.skill = Some(skill);
    if let Some(s) = view.caches.framework.skill(skill) {
        page.bucket = s.bucket;
    }
    view.go(Place::Rep(Box::new(page)));
}

fn legend_ui(ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        ui.weak("Level against target:")
            .on_hover_text("An average cell reads minus when the rep is below target");
        for (gap, text) in [
            (2.0, "2 below"),
            (1.0, "1 below"),
            (0.0, "at target"),
            (-1.0, "1 above"),
            (-2.0, "2 above"),
        ] {
            let (rect, _) = ui.allocate_exact_size(vec2(16.0, 12.0), Sense::hover());
            ui.painter().rect_filled(rect, 2.0, gap_color(Some(gap)));
            ui.painter().rect_stroke(
                rect,
                2.0,
                egui::Stroke::new(1.0, Color32::from_gray(190)),
                egui::StrokeKind::Inside,
            );
            ui.weak(text);
        }
        let (rect, _) = ui.allocate_exact_size(vec2(16.0, 12.0), Sense::hover());
        ui.painter().rect_filled(rect, 2.0, gap_color(None));
        ui.weak("no rating");
        ui.separator();
        ui.weak("• under 3 ratings   v declining")
            .on_hover_text("A dot: fewer than 3 ratings, so low confidence. A v: declining.");
    });
}

pub(super) fn name_of(view: &View<'_>, rep: RepId) -> String {
    view.caches
        .rep(rep)
        .map_or_else(String::new, |r| r.rep.name.clone())
}

pub(super) fn skill_name(view: &View<'_>, skill: SkillId) -> String {
    view.caches.framework.skill_name(skill).to_owned()
}

fn team_gaps_ui(ui: &mut egui::Ui, view: &View<'_>, map: &GapMap) {
    ui.label(
        RichText::new("Team gaps: candidates for team training")
            .strong()
            .size(16.0),
    );
    let gaps = map.team_gaps();
    if gaps.is_empty() {
        ui.weak("No skill has a rating and a target yet: capture what you see on calls.");
    } else if gaps.iter().all(|(_, gap, _, _)| *gap <= 0.0) {
        ui.weak("The team is at or above target in every rated skill.");
    }
    for (skill, gap, below, rated) in gaps.into_iter().filter(|(_, g, _, _)| *g > 0.0).take(8) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(skill_name(view, skill)).strong());
            ui.label(format!("on average {}", crate::model::against_target(gap)));
            ui.weak(format!("{below} of {rated} rated reps below target"));
        });
    }
}

fn coverage_ui(ui: &mut egui::Ui, view: &View<'_>, map: &GapMap) {
    ui.label(
        RichText::new("Coverage: skills observed in the last 90 days")
            .strong()
            .size(16.0),
    );
    egui::Grid::new("coverage")
        .num_columns(4)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            ui.strong("Rep");
            for bucket in Bucket::ALL {
                ui.strong(bucket.title());
            }
            ui.end_row();
            for rep in &map.reps {
                ui.label(name_of(view, *rep));
                for bucket in Bucket::ALL {
                    let (seen, all) = map.coverage(*rep, bucket);
                    if seen == 0 {
                        ui.colored_label(
                            style::danger(ui.visuals()),
                            format!("0 of {all}: not discussed"),
                        );
                    } else {
                        ui.label(format!("{seen} of {all}"));
                    }
                }
                ui.end_row();
            }
        });
}
