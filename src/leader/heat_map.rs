//! The organization's heat map: reps grouped by manager, one column per organization
//! skill, each cell a rep's level colored by its gap to target, and each team's mean on
//! its manager's row. Only the rows in view are drawn: 50 teams of 10 are 500 rows.

use std::collections::BTreeMap;

use egui::{Color32, CornerRadius, RichText, Sense, vec2};

use crate::domain::org_report::LevelCell;
use crate::org::report::{OrgReport, team_means};
use crate::ui::gap_color;

/// The widest a cell is; narrower when many skills share the window's width.
const CELL_WIDTH_MAX: f32 = 40.0;
const CELL_WIDTH_MIN: f32 = 30.0;
const ROW_HEIGHT: f32 = 22.0;
const NAME_WIDTH: f32 = 170.0;

/// A row of the map, built once per report: a manager's team means or one rep's levels,
/// in the skills' order.
pub struct MapRow {
    name: String,
    team: bool,
    cells: Vec<MapCell>,
}

/// A cell as it is drawn, worked out once per report: 600 cells are in view each frame.
struct MapCell {
    level: Option<f64>,
    fill: Color32,
    ink: Color32,
    text: String,
}

impl MapCell {
    fn new(level: Option<f64>, gap: Option<f64>) -> MapCell {
        let fill = match (level, gap) {
            (Some(_), Some(gap)) => gap_color(Some(gap)),
            (Some(_), None) => Color32::from_gray(235),
            (None, _) => gap_color(None),
        };
        MapCell {
            level,
            fill,
            ink: ink_on(fill),
            text: level.map(|l| format!("{l:.1}")).unwrap_or_default(),
        }
    }
}

/// The map's rows: 50 teams of 10 are 550 rows of 20 cells, looked up once here rather
/// than on every frame.
pub fn map_rows(report: &OrgReport) -> Vec<MapRow> {
    let cells: BTreeMap<(&str, i64, &str), &LevelCell> = report
        .levels
        .iter()
        .map(|c| ((c.manager.as_str(), c.rep_id, c.key.as_str()), c))
        .collect();
    let means = team_means(report);
    let mut rows = Vec::new();
    for m in &report.managers {
        rows.push(MapRow {
            name: m.name.clone(),
            team: true,
            cells: report
                .skills
                .iter()
                .map(|s| {
                    MapCell::new(
                        means.get(&(m.manager.as_str(), s.key.as_str())).copied(),
                        None,
                    )
                })
                .collect(),
        });
        for rep in report.reps.iter().filter(|r| r.manager == m.manager) {
            let cell = |key: &str| match cells.get(&(rep.manager.as_str(), rep.rep_id, key)) {
                Some(c) => MapCell::new(c.level, c.level.zip(c.target).map(|(l, t)| t as f64 - l)),
                None => MapCell::new(None, None),
            };
            rows.push(MapRow {
                name: rep.name.clone(),
                team: false,
                cells: report.skills.iter().map(|s| cell(&s.key)).collect(),
            });
        }
    }
    rows
}

pub fn heat_map_ui(ui: &mut egui::Ui, report: &OrgReport, rows: &[MapRow]) {
    if report.skills.is_empty() {
        ui.label(
            "There is no organization framework yet, so no skills line up across teams. \
             Enablement publishes one with coachbook org publish-framework.",
        );
        return;
    }
    legend_ui(ui, report);
    let fit = (ui.available_width() - NAME_WIDTH - 16.0) / report.skills.len() as f32 - 2.0;
    let width = fit.clamp(CELL_WIDTH_MIN, CELL_WIDTH_MAX);
    header_ui(ui, report, width);
    egui::ScrollArea::both().auto_shrink(false).show_rows(
        ui,
        ROW_HEIGHT,
        rows.len(),
        |ui, range| {
            for row in &rows[range] {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 2.0;
                    row_ui(ui, report, row, width);
                });
            }
        },
    );
}

fn legend_ui(ui: &mut egui::Ui, report: &OrgReport) {
    let names: Vec<String> = report
        .skills
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {}", i + 1, s.name))
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.weak("Skills:");
        ui.label(names.join(" · "));
    });
    ui.weak(
        "Each cell is a rep's level from the ratings shared with them; orange is below \
         target, purple above, grey not rated. A manager's row holds their team's mean.",
    );
    ui.add_space(4.0);
}

/// A name in the first column, from its left edge.
fn name_ui(ui: &mut egui::Ui, text: RichText) {
    ui.allocate_ui_with_layout(
        vec2(NAME_WIDTH, ROW_HEIGHT),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(NAME_WIDTH);
            ui.add(egui::Label::new(text).truncate());
        },
    );
}

fn header_ui(ui: &mut egui::Ui, report: &OrgReport, width: f32) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        name_ui(ui, RichText::new("Team, rep").weak());
        for (i, skill) in report.skills.iter().enumerate() {
            ui.add_sized(
                [width, ROW_HEIGHT],
                egui::Label::new(RichText::new((i + 1).to_string()).strong()),
            )
            .on_hover_text(format!("{} ({})", skill.name, skill.bucket));
        }
    });
}

fn row_ui(ui: &mut egui::Ui, report: &OrgReport, row: &MapRow, width: f32) {
    let title = if row.team {
        RichText::new(format!("{}, team mean", row.name)).strong()
    } else {
        RichText::new(format!("    {}", row.name))
    };
    name_ui(ui, title);
    for (skill, cell) in report.skills.iter().zip(&row.cells) {
        // Words only when a screen reader or the pointer asks: 600 cells are in view.
        let label = || match cell.level {
            Some(level) => format!("{}, {}: {level:.1}", row.name, skill.name),
            None => format!("{}, {}: not rated", row.name, skill.name),
        };
        cell_ui(ui, cell, label, width);
    }
}

fn cell_ui(ui: &mut egui::Ui, cell: &MapCell, label: impl Fn() -> String, width: f32) {
    let (rect, response) = ui.allocate_exact_size(vec2(width, ROW_HEIGHT - 2.0), Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, label()));
    ui.painter()
        .rect_filled(rect, CornerRadius::same(2), cell.fill);
    if !cell.text.is_empty() {
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            &cell.text,
            egui::FontId::proportional(12.0),
            cell.ink,
        );
    }
    if response.hovered() {
        response.on_hover_text(label());
    }
}

/// Dark text on a light cell and white on a dark one, whichever reads better: black and
/// white give the same contrast at a relative luminance of about 0.18.
fn ink_on(fill: Color32) -> Color32 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance =
        0.2126 * channel(fill.r()) + 0.7152 * channel(fill.g()) + 0.0722 * channel(fill.b());
    if luminance > 0.179 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}
