//! The week view: days as columns, sessions as blocks at their local time.

use chrono::{Duration, Local, NaiveDate, Timelike};
use egui::{Color32, CornerRadius, Rect, RichText, Sense, Stroke, StrokeKind, pos2, vec2};

use super::{occurrence_label, rep_name, status_color};
use crate::domain::schedule::{Occurrence, OccurrenceKey};
use crate::domain::session::SessionStatus;
use crate::model::Caches;

const HOUR_HEIGHT: f32 = 44.0;
const GUTTER: f32 = 44.0;

/// What the header, the hour grid and the session blocks all place themselves by.
struct WeekLayout {
    monday: NaiveDate,
    today: NaiveDate,
    /// The first and last hour shown.
    hours: (u32, u32),
    /// The width of one day.
    column: f32,
    /// The zone the times are in (the computer's), named in the corner above the hours.
    zone: chrono_tz::Tz,
}

impl WeekLayout {
    /// What the busy blocks place themselves by.
    fn frame(&self) -> super::busy_blocks::WeekFrame {
        super::busy_blocks::WeekFrame {
            monday: self.monday,
            hours: self.hours,
            column: self.column,
            gutter: GUTTER,
            hour_height: HOUR_HEIGHT,
            zone: self.zone,
        }
    }
}

/// Draws the week starting `monday`; returns the occurrence clicked, if any.
pub fn week_ui(
    ui: &mut egui::Ui,
    caches: &Caches,
    occurrences: &[&Occurrence],
    monday: NaiveDate,
    (today, zone): (NaiveDate, chrono_tz::Tz),
    selected: Option<OccurrenceKey>,
) -> Option<OccurrenceKey> {
    // Working hours, widened to fit any session outside them.
    let hours = occurrences.iter().fold((7u32, 20u32), |(lo, hi), o| {
        let start = o.start.with_timezone(&Local);
        let end = o.end().with_timezone(&Local);
        (
            lo.min(start.hour()),
            hi.max(end.hour() + u32::from(end.minute() > 0)),
        )
    });
    let mut clicked = None;
    let width = ui.available_width();
    let layout = WeekLayout {
        monday,
        today,
        hours,
        column: (width - GUTTER) / 7.0,
        zone,
    };
    day_headers_ui(ui, &layout, width);
    egui::ScrollArea::vertical()
        .id_salt("calendar_week_scroll")
        .auto_shrink(false)
        .show(ui, |ui| {
            let span = (hours.1 - hours.0) as f32;
            let (area, _) = ui.allocate_exact_size(vec2(width, span * HOUR_HEIGHT), Sense::hover());
            hour_grid_ui(ui, &layout, area);
            super::busy_blocks::busy_blocks_ui(ui, &caches.busy, &layout.frame(), area);
            clicked = session_blocks_ui(ui, caches, occurrences, &layout, area, selected);
        });
    clicked
}

/// The day names above the columns, today's highlighted; outside the scroll area so they
/// stay in view.
fn day_headers_ui(ui: &mut egui::Ui, layout: &WeekLayout, width: f32) {
    let column = layout.column;
    let (header, _) = ui.allocate_exact_size(vec2(width, 26.0), Sense::hover());
    let corner = Rect::from_min_size(header.min, vec2(GUTTER, 24.0));
    let abbreviation = zone_abbreviation(layout.monday, layout.zone);
    ui.painter().text(
        corner.left_center() + vec2(4.0, 0.0),
        egui::Align2::LEFT_CENTER,
        abbreviation,
        egui::FontId::proportional(11.5),
        ui.visuals().weak_text_color(),
    );
    ui.interact(corner, ui.scope_id().with("week_zone"), Sense::hover())
        .on_hover_text(format!(
            "Times are in your time zone, {}",
            layout.zone.name()
        ));
    for day in 0..7 {
        let date = layout.monday + Duration::days(day);
        let x = header.left() + GUTTER + column * day as f32;
        let rect = Rect::from_min_size(pos2(x, header.top()), vec2(column, 24.0));
        let is_today = date == layout.today;
        if is_today {
            ui.painter().rect_filled(
                rect,
                CornerRadius::same(4),
                super::super::style::accent(ui.visuals()).gamma_multiply(0.18),
            );
        }
        let text = date.format("%a %-d").to_string();
        let color = if is_today {
            super::super::style::accent(ui.visuals())
        } else {
            ui.visuals().text_color()
        };
        ui.painter().text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(14.5),
            color,
        );
    }
}

/// The zone's short name on `day` ("CET", "BST"), as a person reads it beside a time.
fn zone_abbreviation(day: NaiveDate, zone: chrono_tz::Tz) -> String {
    day.and_hms_opt(12, 0, 0)
        .and_then(|t| t.and_local_timezone(zone).earliest())
        .map(|t| t.format("%Z").to_string())
        .unwrap_or_default()
}

/// The hour lines with their times, the day separators and today's tint, under the blocks.
fn hour_grid_ui(ui: &mut egui::Ui, layout: &WeekLayout, area: Rect) {
    let (hours, column) = (layout.hours, layout.column);
    let painter = ui.painter_at(area);
    let grid = ui.visuals().widgets.noninteractive.bg_stroke;
    for hour in hours.0..=hours.1 {
        let y = area.top() + (hour - hours.0) as f32 * HOUR_HEIGHT;
        painter.line_segment([pos2(area.left() + GUTTER, y), pos2(area.right(), y)], grid);
        painter.text(
            pos2(area.left() + 4.0, y + 2.0),
            egui::Align2::LEFT_TOP,
            format!("{hour:02}:00"),
            egui::FontId::proportional(12.0),
            ui.visuals().weak_text_color(),
        );
    }
    for day in 0..7 {
        let date = layout.monday + Duration::days(day);
        let x = area.left() + GUTTER + column * day as f32;
        painter.line_segment([pos2(x, area.top()), pos2(x, area.bottom())], grid);
        if date == layout.today {
            let rect = Rect::from_min_max(pos2(x, area.top()), pos2(x + column, area.bottom()));
            painter.rect_filled(
                rect,
                0.0,
                super::super::style::accent(ui.visuals()).gamma_multiply(0.06),
            );
        }
    }
}

/// Every session of the week as a block at its local time; returns the one clicked.
fn session_blocks_ui(
    ui: &mut egui::Ui,
    caches: &Caches,
    occurrences: &[&Occurrence],
    layout: &WeekLayout,
    area: Rect,
    selected: Option<OccurrenceKey>,
) -> Option<OccurrenceKey> {
    let (hours, column) = (layout.hours, layout.column);
    let mut clicked = None;
    // Sessions of the same rep never overlap; different reps can, so they share the
    // column side by side.
    let by_day = super::by_local_day(occurrences);
    for day in 0..7 {
        let date = layout.monday + Duration::days(day);
        let todays = by_day.get(&date).map_or(&[][..], Vec::as_slice);
        for (index, o) in todays.iter().enumerate() {
            let lane_count = todays
                .iter()
                .filter(|other| other.start < o.end() && o.start < other.end())
                .count()
                .max(1);
            let lane = todays[..index]
                .iter()
                .filter(|other| other.start < o.end() && o.start < other.end())
                .count();
            let local = o.start.with_timezone(&Local);
            let top_hours = local.hour() as f32 + local.minute() as f32 / 60.0 - hours.0 as f32;
            let lane_width = (column - 6.0) / lane_count as f32;
            let x = area.left() + GUTTER + column * day as f32 + 3.0 + lane as f32 * lane_width;
            let height = (o.duration_mins as f32 / 60.0 * HOUR_HEIGHT).max(22.0);
            let rect = Rect::from_min_size(
                pos2(x, area.top() + top_hours * HOUR_HEIGHT + 1.0),
                vec2(lane_width - 2.0, height - 2.0),
            );
            if block_ui(ui, caches, o, rect, selected == Some(o.key)) {
                clicked = Some(o.key);
            }
        }
    }
    clicked
}

/// One session block; true when clicked.
fn block_ui(
    ui: &mut egui::Ui,
    caches: &Caches,
    o: &Occurrence,
    rect: Rect,
    selected: bool,
) -> bool {
    let id = ui.scope_id().with(("session", o.key));
    let response = ui.interact(rect, id, Sense::click());
    let label = occurrence_label(caches, o);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let color = status_color(o.status, ui.visuals());
    let fill = if o.status == SessionStatus::Planned {
        color.gamma_multiply(0.22)
    } else {
        color.gamma_multiply(0.14)
    };
    let painter = ui.painter();
    painter.rect_filled(rect, CornerRadius::same(4), fill);
    let stroke = if selected || response.hovered() {
        Stroke::new(2.0, color)
    } else {
        Stroke::new(1.0, color.gamma_multiply(0.6))
    };
    painter.rect_stroke(rect, CornerRadius::same(4), stroke, StrokeKind::Inside);
    if response.has_focus() {
        // Reached by Tab: a ring outside the block, in the theme's focus colour, so the
        // keyboard's place is as visible as the mouse's.
        let ring = Stroke::new(2.0, ui.visuals().selection.stroke.color);
        painter.rect_stroke(rect, CornerRadius::same(5), ring, StrokeKind::Outside);
    }
    let local = o.start.with_timezone(&Local);
    let mut text = format!("{} {}", local.format("%H:%M"), rep_name(caches, o.rep));
    if o.moved {
        text.push_str(" (moved)");
    }
    let color = if o.status == SessionStatus::Cancelled {
        crate::ui::style::palette(ui.visuals()).muted
    } else {
        ui.visuals().strong_text_color()
    };
    // As many lines as the block holds, the last ending in "…" when the name is cut, so
    // a short block never shows half a line.
    let font = egui::FontId::proportional(12.5);
    let line_height = ui.ctx().fonts_mut(|f| f.row_height(&font));
    let mut job = egui::text::LayoutJob::simple(text, font, color, rect.width() - 6.0);
    job.wrap.max_rows = (((rect.height() - 4.0) / line_height).floor() as usize).max(1);
    job.wrap.overflow_character = Some('…');
    let galley = ui.painter().layout_job(job);
    ui.painter().with_clip_rect(rect).galley(
        rect.min + vec2(4.0, 2.0),
        galley,
        Color32::PLACEHOLDER,
    );
    let response = response.on_hover_text(RichText::new(label));
    response.clicked()
}
