//! A rep's skills over time: ratings as points, the level as a line, the target dashed,
//! for the skills of one bucket; and the bucket summary bars of the rep's overview.

use chrono::{Duration, NaiveDate};
use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, LineStyle, Plot, PlotUi, Points};

use super::{RepPage, View};
use crate::domain::skill::Skill;
use crate::domain::{Bucket, Level};
use crate::model::{RosterRow, SkillTrend, TrendKey, chart_skills};

const PALETTE: [Color32; 8] = [
    Color32::from_rgb(0x1F, 0x77, 0xB4),
    Color32::from_rgb(0xD9, 0x5F, 0x02),
    Color32::from_rgb(0x1B, 0x9E, 0x77),
    Color32::from_rgb(0x75, 0x70, 0xB3),
    Color32::from_rgb(0xE7, 0x29, 0x8A),
    Color32::from_rgb(0x66, 0xA6, 0x1E),
    Color32::from_rgb(0xA6, 0x76, 0x1D),
    Color32::from_rgb(0x66, 0x66, 0x66),
];

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn x(day: NaiveDate) -> f64 {
    (day - epoch()).num_days() as f64
}

pub fn skills_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let as_of = view.state.gaps.as_of(view.today);
    let half_life_days = view.state.gaps.half_life_days;
    let Some(page) = view.state.team.open_rep.as_mut() else {
        return;
    };
    bucket_tabs_ui(ui, page, as_of);
    let key = TrendKey {
        rep: row.rep.id,
        skills: chart_skills(view.caches, page.bucket, page.skill),
        as_of,
        half_life_days,
        log_version: view.caches.log_version,
    };
    let Some((_, series)) = view.caches.trends.as_ref().filter(|(k, _)| *k == key) else {
        ui.spinner();
        return;
    };
    let skills: Vec<_> = key
        .skills
        .iter()
        .filter_map(|id| view.caches.framework.skill(*id))
        .cloned()
        .collect();
    if page.skill.is_some() {
        ui.horizontal(|ui| {
            let name = skills.first().map_or("", |s| s.name.as_str());
            ui.label(RichText::new(format!("{}: {name}", row.rep.name)).strong());
            if ui.small_button("Show the whole bucket").clicked() {
                page.skill = None;
            }
        });
    }
    let mut summary = Vec::new();
    // Room on the right for half a date label: a tick at the edge otherwise has its
    // label cut by the panel ("13 Dec 2(").
    let width = (ui.available_width() - 36.0).max(240.0);
    Plot::new(("trend", row.rep.id.0, page.bucket))
        .height(380.0)
        .width(width)
        .legend(Legend::default())
        .include_y(0.5)
        .include_y(5.5)
        .x_axis_formatter(|mark, _| {
            // Zoomed far out, a tick can lie beyond any calendar date.
            Duration::try_days(mark.value as i64)
                .and_then(|d| epoch().checked_add_signed(d))
                .map_or(String::new(), |day| day.format("%-d %b %y").to_string())
        })
        .allow_scroll(false)
        .show(ui, |plot| {
            for (index, (skill, trend)) in skills.iter().zip(series).enumerate() {
                let color = PALETTE[index % PALETTE.len()];
                let target = view.caches.target(&row.rep, skill.id);
                let rated = plot_trend(plot, skill, trend, (color, target), as_of);
                summary.push((skill.name.clone(), rated));
            }
        });
    if summary.iter().all(|(_, count)| *count == 0) {
        ui.weak("No ratings of these skills in the year before this day. Quick capture (Ctrl+K) adds one.");
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("Ratings in the last year:");
        for (name, count) in summary {
            ui.weak(format!("{name} {count}"));
        }
    });
}

/// One button per bucket, the one shown selected; choosing one shows its whole bucket.
fn bucket_tabs_ui(ui: &mut egui::Ui, page: &mut RepPage, as_of: NaiveDate) {
    ui.horizontal(|ui| {
        for bucket in Bucket::ALL {
            if ui
                .add(egui::Button::selectable(
                    page.bucket == bucket,
                    bucket.title(),
                ))
                .clicked()
            {
                page.bucket = bucket;
                page.skill = None;
            }
        }
        ui.weak(format!("as of {}", as_of.format("%-d %b %Y")));
    });
}

/// One skill in the trend plot: its ratings of the last year as points, its weekly level
/// as a line, and its target, if any, dashed, all in the skill's colour. Returns how many
/// ratings were drawn.
fn plot_trend(
    plot: &mut PlotUi<'_>,
    skill: &Skill,
    trend: &SkillTrend,
    (color, target): (Color32, Option<Level>),
    as_of: NaiveDate,
) -> usize {
    let rated: Vec<[f64; 2]> = trend
        .ratings
        .iter()
        .filter(|p| as_of - p.day <= Duration::days(365))
        .filter_map(|p| p.rating.map(|r| [x(p.day), f64::from(r)]))
        .collect();
    let count = rated.len();
    plot.points(
        Points::new(format!("{} ratings", skill.name), rated)
            .color(color)
            .radius(3.0),
    );
    let levels: Vec<[f64; 2]> = trend
        .weekly_level
        .iter()
        .map(|(d, l)| [x(*d), *l])
        .collect();
    plot.line(
        Line::new(skill.name.clone(), levels)
            .color(color)
            .width(2.0),
    );
    if let Some(target) = target {
        plot.hline(
            HLine::new(format!("{} target", skill.name), f64::from(target.get()))
                .color(color.gamma_multiply(0.7))
                .style(LineStyle::dashed_loose()),
        );
    }
    count
}

/// Mean level and mean target of each bucket, side by side.
pub fn bucket_bars_ui(ui: &mut egui::Ui, view: &mut View<'_>, row: &RosterRow) {
    let Some((map, _)) = view.caches.gaps.as_ref() else {
        return;
    };
    let mut levels = Vec::new();
    let mut targets = Vec::new();
    for (index, bucket) in Bucket::ALL.iter().enumerate() {
        let figures: Vec<_> = map
            .skills
            .iter()
            .filter(|(b, _)| b == bucket)
            .map(|(_, s)| map.cell(row.rep.id, *s))
            .collect();
        let mean = |values: Vec<f64>| {
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        };
        if let Some(level) = mean(figures.iter().filter_map(|f| f.level).collect()) {
            levels.push(
                Bar::new(index as f64 - 0.18, level)
                    .width(0.34)
                    .name(bucket.title()),
            );
        }
        if let Some(target) = mean(
            figures
                .iter()
                .filter_map(|f| f.target.map(|t| f64::from(t.get())))
                .collect(),
        ) {
            targets.push(
                Bar::new(index as f64 + 0.18, target)
                    .width(0.34)
                    .name(bucket.title()),
            );
        }
    }
    ui.add_space(8.0);
    let as_of = view.state.gaps.as_of(view.today);
    let when = if as_of == view.today {
        String::new()
    } else {
        format!(", as of {}", as_of.format("%-d %b %Y"))
    };
    ui.label(
        RichText::new(format!(
            "By bucket: mean level (blue) against mean target (grey){when}"
        ))
        .strong(),
    );
    if row.rep.archived {
        ui.weak("Archived reps are left out of the skill figures; restore the rep to see them.");
        return;
    }
    if levels.is_empty() {
        ui.weak(
            "No ratings yet: capture what you see on a call and the bucket levels appear here.",
        );
        return;
    }
    let accent = super::style::accent(ui.visuals());
    Plot::new(("buckets", row.rep.id.0))
        .height(170.0)
        .width(520.0)
        .include_y(0.0)
        .include_y(5.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| match mark.value.round() as i64 {
            0 => "Organization".to_owned(),
            1 => "Selling".to_owned(),
            2 => "Customer".to_owned(),
            _ => String::new(),
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Level", levels).color(accent));
            plot.bar_chart(BarChart::new("Target", targets).color(Color32::from_gray(170)));
        });
}
