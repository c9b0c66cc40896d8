//! The manager's own calendar in the week view: each busy time a quiet grey band behind
//! the sessions, named "Busy" (or its title, when titles are kept) for the eye, the
//! pointer and screen readers.

use chrono::{DateTime, Duration, Local, NaiveDate, Timelike, Utc};

use super::local_midnight;
use egui::{CornerRadius, Rect, Sense, pos2, vec2};

use crate::domain::busy::BusyBlock;

/// How the week is laid out, from the week view.
pub struct WeekFrame {
    pub monday: NaiveDate,
    pub hours: (u32, u32),
    pub column: f32,
    pub gutter: f32,
    pub hour_height: f32,
    /// The zone the week's times are in.
    pub zone: chrono_tz::Tz,
}

pub fn busy_blocks_ui(ui: &mut egui::Ui, blocks: &[BusyBlock], frame: &WeekFrame, area: Rect) {
    let week_start = local_midnight(frame.monday);
    let week_end = local_midnight(frame.monday + Duration::days(7));
    let fill = ui.visuals().widgets.inactive.weak_bg_fill;
    let edge = ui.visuals().weak_text_color();
    // The label in the body text's colour, which keeps its contrast on the band.
    let ink = ui.visuals().text_color();
    for (index, block) in blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.start < week_end && b.end > week_start)
    {
        for day in 0..7 {
            let date = frame.monday + Duration::days(day);
            let Some(rect) = day_rect(block, date, day as f32, frame, area) else {
                continue;
            };
            let painter = ui.painter_at(area);
            painter.rect_filled(rect, CornerRadius::same(2), fill);
            painter.line_segment([rect.left_top(), rect.left_bottom()], (3.0, edge));
            let text = busy_text(block, frame.zone);
            if rect.height() >= 16.0 {
                painter.text(
                    rect.left_top() + vec2(6.0, 2.0),
                    egui::Align2::LEFT_TOP,
                    block.label(),
                    egui::FontId::proportional(11.0),
                    ink,
                );
            }
            let id = ui.scope_id().with(("busy_block", index, day));
            let response = ui.interact(rect, id, Sense::hover());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
            response.on_hover_text(&text);
        }
    }
}

/// "Busy 09:00-10:00", or the title kept instead of "Busy".
/// "Forecast call 09:00-10:00" (or "Busy ..." when titles are not kept), in `zone`: the
/// week view's label, and how the forms name the busy time a session would sit on.
pub fn busy_text(block: &BusyBlock, zone: chrono_tz::Tz) -> String {
    format!(
        "{} {}-{}",
        block.label(),
        block.start.with_timezone(&zone).format("%H:%M"),
        block.end.with_timezone(&zone).format("%H:%M")
    )
}

/// The part of `block` on `date` inside the hours shown, as a rectangle in its column.
fn day_rect(
    block: &BusyBlock,
    date: NaiveDate,
    day: f32,
    frame: &WeekFrame,
    area: Rect,
) -> Option<Rect> {
    let from = block.start.max(local_midnight(date));
    let to = block.end.min(local_midnight(date + Duration::days(1)));
    if from >= to {
        return None;
    }
    let hours = |t: DateTime<Utc>, end: bool| {
        let local = t.with_timezone(&Local);
        let h = local.hour() as f32 + local.minute() as f32 / 60.0;
        // The end of a day reads as midnight: 24, not 0.
        if end && local.date_naive() > date {
            24.0
        } else {
            h
        }
    };
    let (first, last) = (frame.hours.0 as f32, frame.hours.1 as f32);
    let top = hours(from, false).clamp(first, last);
    let bottom = hours(to, true).clamp(first, last);
    if bottom <= top {
        return None;
    }
    let x = area.left() + frame.gutter + frame.column * day + 1.0;
    Some(Rect::from_min_max(
        pos2(x, area.top() + (top - first) * frame.hour_height),
        pos2(
            x + frame.column - 2.0,
            area.top() + (bottom - first) * frame.hour_height,
        ),
    ))
}
