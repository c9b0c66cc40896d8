//! Trend charts as inline SVG, drawn by plotters: the rep's ratings as dots, the level
//! model's line through them, and the target as a dashed line, so a printed report shows
//! the same picture as the window.

use chrono::NaiveDate;
use plotters::prelude::*;

use crate::domain::rep_file::history::{SharedHistory, SharedSkill};

pub const CHART_WIDTH_PX: u32 = 340;
pub const CHART_HEIGHT_PX: u32 = 170;

/// Colour-blind-safe pair (Okabe-Ito blue and vermillion) plus a neutral grey.
const LEVEL: RGBColor = RGBColor(0, 114, 178);
const RATING: RGBColor = RGBColor(86, 180, 233);
const TARGET: RGBColor = RGBColor(213, 94, 0);
const GRID: RGBColor = RGBColor(225, 225, 225);

#[derive(Debug, thiserror::Error)]
#[error("The chart of \"{skill}\" could not be drawn: {detail}")]
pub struct ChartError {
    skill: String,
    detail: String,
}

/// One skill's chart over the history's period; `None` when the period holds no rating.
pub fn trend_svg(
    history: &SharedHistory,
    skill: &SharedSkill,
) -> Result<Option<String>, ChartError> {
    let ratings = history.ratings(skill.id);
    if ratings.is_empty() {
        return Ok(None);
    }
    let fail = |e: &dyn std::fmt::Display| ChartError {
        skill: skill.name.clone(),
        detail: e.to_string(),
    };
    let origin = history.from;
    let x = |day: NaiveDate| (day - origin).num_days() as i32;
    let span_days = x(history.to).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (CHART_WIDTH_PX, CHART_HEIGHT_PX))
            .into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .x_label_area_size(22)
            .y_label_area_size(22)
            .build_cartesian_2d(0..span_days, 0.5f64..5.5f64)
            .map_err(|e| fail(&e))?;
        let label_day = |d: &i32| {
            (origin + chrono::Duration::days(i64::from(*d)))
                .format("%b %y")
                .to_string()
        };
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .x_labels(4)
            .y_labels(5)
            .x_label_formatter(&label_day)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(|e| fail(&e))?;
        if let Some(target) = skill.target {
            let level = f64::from(target.get());
            chart
                .draw_series(DashedLineSeries::new(
                    [(0, level), (span_days, level)],
                    6,
                    4,
                    TARGET.stroke_width(2),
                ))
                .map_err(|e| fail(&e))?;
        }
        chart
            .draw_series(
                ratings
                    .iter()
                    .map(|(day, r)| Circle::new((x(*day), f64::from(*r)), 3, RATING.filled())),
            )
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(LineSeries::new(
                history
                    .level_series(skill.id)
                    .into_iter()
                    .map(|(day, level)| (x(day), level)),
                LEVEL.stroke_width(2),
            ))
            .map_err(|e| fail(&e))?;
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(Some(svg))
}
