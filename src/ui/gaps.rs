//! The Skill gaps screen: the team heat map (reps by skills, coloured by gap), the skills
//! the team as a whole is weakest in, and how much of the framework each rep was observed
//! in. Every figure is as of the chosen day.

use chrono::NaiveDate;
use egui::{Color32, CornerRadius, Rect, RichText, Sense, pos2, vec2};

use super::{Origin, RepPage, RepTab, Screen, View, below_fold, style};
use crate::app::{Command, GapMap, signed_tenths};
use crate::domain::Bucket;
use crate::domain::rep::RepId;
use crate::domain::skill::SkillId;

pub struct GapsState {
    /// The day every figure is computed as of; none means today, moving with the clock.
    pub as_of: Option<NaiveDate>,
    pub half_life_days: u32,
    pub sort_reps: bool,
    pub sort_skills: bool,
}

impl Default for GapsState {
    fn default() -> GapsState {
        GapsState {
            as_of: None,
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

const NAME_WIDTH: f32 = 150.0;
const CELL: f32 = 24.0;
const AVERAGE: f32 = 34.0;
const HEADER: f32 = 180.0;
/// Longer skill names are cut in the rotated header; the full name is in each cell's hover.
const HEADER_CHARS: usize = 26;

pub fn gaps_ui(ui: &mut egui::Ui, view: &mut View<'_>) {
    let mut half_life_changed = None;
    ui.horizontal(|ui| {
        ui.heading("Skill gaps");
        let state = &mut view.state.gaps;
        let label = ui.label("As of");
        let shown = state.as_of(view.today);
        let mut picked = to_jiff(shown);
        let this_year = i16::try_from(chrono::Datelike::year(&view.today)).unwrap_or(i16::MAX);
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
        if let Some(day) = from_jiff(picked).filter(|d| *d != shown) {
            state.as_of = (day < view.today).then_some(day);
        }
        if ui
            .add_enabled(state.as_of.is_some(), egui::Button::new("Today"))
            .on_hover_text("Back to today's figures")
            .clicked()
        {
            state.as_of = None;
        }
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
    egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
        open = heat_map_ui(ui, view, map);
        ui.add_space(14.0);
        below_fold::when_visible_ui(ui, "team_gaps", |ui| team_gaps_ui(ui, view, map));
        ui.add_space(14.0);
        below_fold::when_visible_ui(ui, "coverage", |ui| coverage_ui(ui, view, map));
    });
    if let Some((rep, skill)) = open {
        let mut page = RepPage::new(rep);
        page.tab = RepTab::Skills;
        page.skill = Some(skill);
        if let Some(s) = view.caches.framework.skill(skill) {
            page.bucket = s.bucket;
        }
        view.state.team.open_rep = Some(page);
        view.state.screen = Screen::Team;
    }
}

fn legend_ui(ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.weak("Gap (target minus level):");
        for (gap, text) in [
            (-2.0, "2 above"),
            (-1.0, "1 above"),
            (0.0, "at target"),
            (1.0, "1 below"),
            (2.0, "2 below"),
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
        ui.weak("• fewer than 3 ratings (low confidence)   v declining");
    });
}

fn name_of(view: &View<'_>, rep: RepId) -> String {
    view.caches
        .rep(rep)
        .map_or_else(String::new, |r| r.rep.name.clone())
}

fn skill_name(view: &View<'_>, skill: SkillId) -> String {
    view.caches
        .framework
        .skill(skill)
        .map_or_else(String::new, |s| s.name.clone())
}

/// The grid itself; returns the cell clicked.
fn heat_map_ui(ui: &mut egui::Ui, view: &View<'_>, map: &GapMap) -> Option<(RepId, SkillId)> {
    let state = &view.state.gaps;
    let mut reps = map.reps.clone();
    if state.sort_reps {
        let all = || map.skills.iter().map(|(_, s)| *s);
        reps.sort_by(|a, b| {
            map.mean_gap(*b, all())
                .unwrap_or(f64::MIN)
                .total_cmp(&map.mean_gap(*a, all()).unwrap_or(f64::MIN))
        });
    }
    let mut groups: Vec<(Bucket, Vec<SkillId>)> = Vec::new();
    for bucket in Bucket::ALL {
        let mut skills: Vec<SkillId> = map
            .skills
            .iter()
            .filter(|(b, _)| *b == bucket)
            .map(|(_, s)| *s)
            .collect();
        if state.sort_skills {
            let team = |s: SkillId| {
                let gaps: Vec<f64> = map
                    .reps
                    .iter()
                    .filter_map(|r| map.cell(*r, s).gap)
                    .collect();
                if gaps.is_empty() {
                    f64::MIN
                } else {
                    gaps.iter().sum::<f64>() / gaps.len() as f64
                }
            };
            skills.sort_by(|a, b| team(*b).total_cmp(&team(*a)));
        }
        groups.push((bucket, skills));
    }
    let width = NAME_WIDTH
        + groups
            .iter()
            .map(|(_, s)| s.len() as f32 * CELL + AVERAGE + 10.0)
            .sum::<f32>();
    let height = HEADER + reps.len() as f32 * CELL;
    // One click sense for the whole map: two thousand clickable cells would cost more hit
    // testing than a frame can spare, so each cell only senses hover and a click is mapped
    // to the cell under the pointer.
    let (area, area_response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    let click_pos = area_response
        .clicked()
        .then(|| area_response.interact_pointer_pos())
        .flatten();
    let painter = ui.painter_at(area);
    // Only the cells inside the scrolled viewport are drawn and sensed: a team of 50 with 40
    // skills is 2,000 cells, of which a laptop screen shows about half.
    let visible = ui.clip_rect();
    let row_at = |y: f32| ((y - area.top() - HEADER) / CELL).max(0.0) as usize;
    let first_row = row_at(visible.top());
    let last_row = (row_at(visible.bottom()) + 1).min(reps.len());
    let text_color = ui.visuals().text_color();
    let mut x = area.left() + NAME_WIDTH;
    let mut clicked = None;
    // Names looked up once a frame, not once a cell.
    let rep_names: std::collections::HashMap<RepId, String> =
        reps.iter().map(|r| (*r, name_of(view, *r))).collect();
    let skill_names: std::collections::HashMap<SkillId, String> = map
        .skills
        .iter()
        .map(|(_, s)| (*s, skill_name(view, *s)))
        .collect();
    for (bucket, skills) in &groups {
        painter.text(
            pos2(x, area.top()),
            egui::Align2::LEFT_TOP,
            match bucket {
                Bucket::Organization => "Organization",
                Bucket::Selling => "Selling",
                Bucket::Customer => "Customer",
            },
            egui::FontId::proportional(13.0),
            text_color,
        );
        let mut columns: Vec<(Option<SkillId>, f32, String)> = skills
            .iter()
            .map(|s| {
                (
                    Some(*s),
                    CELL,
                    skill_names.get(s).cloned().unwrap_or_default(),
                )
            })
            .collect();
        columns.push((None, AVERAGE, "Average".to_owned()));
        for (skill, column_width, title) in columns {
            let title = if title.chars().count() > HEADER_CHARS {
                format!(
                    "{}...",
                    title.chars().take(HEADER_CHARS - 3).collect::<String>()
                )
            } else {
                title
            };
            let galley =
                painter.layout_no_wrap(title, egui::FontId::proportional(12.0), text_color);
            let anchor = pos2(x + column_width / 2.0 - 7.0, area.top() + HEADER - 4.0);
            painter.add(
                egui::epaint::TextShape::new(anchor, galley, text_color)
                    .with_angle(-std::f32::consts::FRAC_PI_2),
            );
            let column = Rect::from_x_y_ranges(x..=x + column_width, area.y_range());
            if !visible.intersects(column) {
                x += column_width;
                continue;
            }
            for (row, rep) in reps.iter().enumerate().take(last_row).skip(first_row) {
                let rect = Rect::from_min_size(
                    pos2(x, area.top() + HEADER + row as f32 * CELL),
                    vec2(column_width - 2.0, CELL - 2.0),
                );
                match skill {
                    Some(skill) => {
                        let f = map.cell(*rep, skill);
                        let label = || map.labels.get(&(*rep, skill)).cloned().unwrap_or_default();
                        let response = ui.interact(
                            rect,
                            ui.scope_id().with(("gap", rep.0, skill.0)),
                            Sense::hover(),
                        );
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, label())
                        });
                        painter.rect_filled(rect, CornerRadius::ZERO, gap_color(f.gap));
                        if f.flags.low_confidence && f.level.is_some() {
                            painter.circle_filled(rect.center(), 2.0, Color32::from_gray(90));
                        }
                        if f.flags.declining {
                            painter.text(
                                rect.center(),
                                egui::Align2::CENTER_CENTER,
                                "v",
                                egui::FontId::proportional(11.0),
                                Color32::BLACK,
                            );
                        }
                        if response.hovered() {
                            painter.rect_stroke(
                                rect,
                                CornerRadius::same(2),
                                egui::Stroke::new(2.0, style::ACCENT),
                                egui::StrokeKind::Inside,
                            );
                        }
                        let response = if response.hovered() {
                            response.on_hover_text(label())
                        } else {
                            response
                        };
                        let screen_reader_click = ui.input(|i| {
                            i.has_accesskit_action_request(
                                response.id,
                                egui::accesskit::Action::Click,
                            )
                        });
                        if click_pos.is_some_and(|p| rect.contains(p)) || screen_reader_click {
                            clicked = Some((*rep, skill));
                        }
                    }
                    None => {
                        let mean = map.mean_gap(*rep, skills.iter().copied());
                        painter.rect_filled(rect, CornerRadius::ZERO, gap_color(mean));
                        if let Some(mean) = mean {
                            painter.text(
                                rect.center(),
                                egui::Align2::CENTER_CENTER,
                                signed_tenths(mean),
                                egui::FontId::proportional(10.5),
                                Color32::BLACK,
                            );
                        }
                    }
                }
            }
            x += column_width;
        }
        x += 10.0;
    }
    for (row, rep) in reps.iter().enumerate() {
        painter.text(
            pos2(
                area.left(),
                area.top() + HEADER + row as f32 * CELL + CELL / 2.0,
            ),
            egui::Align2::LEFT_CENTER,
            rep_names.get(rep).cloned().unwrap_or_default(),
            egui::FontId::proportional(13.5),
            text_color,
        );
    }
    clicked
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
            ui.label(format!("mean gap {}", signed_tenths(gap)));
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
                        ui.colored_label(style::DANGER, format!("0 of {all}: not discussed"));
                    } else {
                        ui.label(format!("{seen} of {all}"));
                    }
                }
                ui.end_row();
            }
        });
}
