//! Skills: the manager's level and target, the trend of one chosen skill, and the rep's
//! own rating and comment beside each skill.

use chrono::NaiveDate;
use egui::{Color32, RichText};
use egui_plot::{HLine, Line, LineStyle, Plot, Points};

use super::{DraftKey, RepView};
use crate::domain::Bucket;
use crate::domain::rep_file::answers::MAX_COMMENT_CHARS;
use crate::domain::rep_file::history::{SharedHistory, SharedSkill};
use crate::domain::skill::SkillId;
use crate::repfile::RepEdit;

const LEVEL: Color32 = Color32::from_rgb(0, 114, 178);
const RATING: Color32 = Color32::from_rgb(86, 180, 233);
const TARGET: Color32 = Color32::from_rgb(213, 94, 0);

pub(super) fn skills_ui(ui: &mut egui::Ui, view: &mut RepView, now: f64) {
    chart_ui(ui, view);
    ui.add_space(8.0);
    ui.label(
        "Rate yourself 1 to 5 on each skill, using the rubric (hover a skill's name). Your \
         manager sees your rating beside theirs and starts with the largest differences.",
    );
    let skills = view.file.history.skills.clone();
    egui::Grid::new("self_assessment")
        .num_columns(4)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            for bucket in Bucket::ALL {
                // Retired skills are in the file for their observations only.
                let in_bucket: Vec<&SharedSkill> = skills
                    .iter()
                    .filter(|s| s.bucket == bucket && !s.retired)
                    .collect();
                if in_bucket.is_empty() {
                    continue;
                }
                ui.label(RichText::new(bucket.title()).strong().size(16.0));
                ui.end_row();
                ui.strong("Skill");
                ui.strong("Your manager's view");
                ui.strong("Your rating");
                ui.strong("Your comment");
                ui.end_row();
                for skill in in_bucket {
                    skill_row_ui(ui, view, skill, now);
                    ui.end_row();
                }
            }
        });
}

fn skill_row_ui(ui: &mut egui::Ui, view: &mut RepView, skill: &SharedSkill, now: f64) {
    let name = ui
        .add(egui::Button::selectable(
            view.chart.as_ref().is_some_and(|c| c.skill == skill.id),
            &skill.name,
        ))
        .on_hover_text(format!(
            "{}\n\n1: {}\n3: {}\n5: {}\n\nClick to show its chart.",
            skill.description, skill.rubric.level_1, skill.rubric.level_3, skill.rubric.level_5
        ));
    if name.clicked() {
        view.chart = Some(Chart::of(&view.file.history, skill.id));
    }
    let f = view.standing.get(&skill.id).copied().unwrap_or_default();
    let standing = match (f.level, skill.target) {
        (Some(level), Some(target)) => format!("level {level:.1}, target {}", target.get()),
        (Some(level), None) => format!("level {level:.1}"),
        (None, Some(target)) => format!("not rated yet, target {}", target.get()),
        (None, None) => "not rated yet".to_owned(),
    };
    ui.label(standing);
    let current = view.self_rating(skill.id);
    ui.horizontal(|ui| {
        for rating in 1..=5u8 {
            let chosen = current.as_ref().is_some_and(|c| c.0 == rating);
            let label = format!("Rate yourself {rating} of 5 on {}", skill.name);
            let button = ui.add(egui::Button::selectable(chosen, rating.to_string()));
            button.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::Button, true, chosen, &label)
            });
            let button = button.on_hover_text(&label);
            if button.clicked() && !chosen {
                let comment = view.draft_text(DraftKey::Comment(skill.id));
                view.drafts.remove(&DraftKey::Comment(skill.id));
                view.apply(&RepEdit::SetAssessment {
                    skill: skill.id,
                    value: Some((rating, comment.trim().to_owned())),
                });
            }
        }
        if current.is_some()
            && ui
                .small_button("Clear")
                .on_hover_text(format!("Remove your rating of {}", skill.name))
                .clicked()
        {
            view.drafts.remove(&DraftKey::Comment(skill.id));
            view.apply(&RepEdit::SetAssessment {
                skill: skill.id,
                value: None,
            });
        }
    });
    let key = DraftKey::Comment(skill.id);
    let mut text = view.draft_text(key);
    let field = ui
        .horizontal(|ui| {
            let field = ui.add_enabled(
                current.is_some(),
                egui::TextEdit::singleline(&mut text)
                    .char_limit(MAX_COMMENT_CHARS)
                    .desired_width(280.0)
                    .hint_text(if current.is_some() {
                        "Why this rating?"
                    } else {
                        "Choose a rating first"
                    }),
            );
            if current.is_some() {
                super::counter_ui(ui, &text, MAX_COMMENT_CHARS);
            }
            field
        })
        .inner;
    let field = field.on_hover_text(format!("Your comment on {}", skill.name));
    if field.changed() {
        view.set_draft(key, text, now);
    }
    if field.lost_focus() && view.drafts.contains_key(&key) {
        view.save_draft(key);
    }
}

fn day_x(day: NaiveDate) -> f64 {
    (day - NaiveDate::default()).num_days() as f64
}

/// One skill's trend as plotted: the ratings as dots and the level after each.
pub(super) struct Chart {
    pub skill: SkillId,
    ratings: Vec<[f64; 2]>,
    level: Vec<[f64; 2]>,
}

impl Chart {
    pub fn of(history: &SharedHistory, skill: SkillId) -> Chart {
        Chart {
            skill,
            ratings: history
                .ratings(skill)
                .into_iter()
                .map(|(d, r)| [day_x(d), f64::from(r)])
                .collect(),
            level: history
                .level_series(skill)
                .into_iter()
                .map(|(d, l)| [day_x(d), l])
                .collect(),
        }
    }
}

fn chart_ui(ui: &mut egui::Ui, view: &RepView) {
    let history = &view.file.history;
    let Some((chart, skill)) = view
        .chart
        .as_ref()
        .and_then(|c| history.skill(c.skill).map(|s| (c, s)))
    else {
        ui.weak("No skill was rated in this period, so there is no trend to show yet.");
        return;
    };
    ui.label(RichText::new(format!("{} over time", skill.name)).strong());
    ui.weak(
        "Dots are your manager's ratings, the blue line your level, the dashed line your target.",
    );
    let ratings = chart.ratings.clone();
    let level = chart.level.clone();
    Plot::new(("rep_trend", skill.id.0))
        .height(180.0)
        .include_y(0.5)
        .include_y(5.5)
        .include_x(day_x(history.from))
        .include_x(day_x(history.to))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| {
            NaiveDate::default()
                .checked_add_signed(chrono::Duration::days(mark.value as i64))
                .map(|d| d.format("%b %Y").to_string())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            if let Some(target) = skill.target {
                plot.hline(
                    HLine::new("Target", f64::from(target.get()))
                        .color(TARGET)
                        .style(LineStyle::dashed_loose()),
                );
            }
            plot.points(Points::new("Ratings", ratings).radius(3.5).color(RATING));
            plot.line(Line::new("Level", level).color(LEVEL).width(2.0));
        });
}
