//! A cadence being set, checked against the manager's own calendar: the sessions of the
//! next twelve that fall on busy time, named under the form.

use crate::domain::busy::BusyBlock;
use crate::domain::cadence::Cadence;

use super::style;

/// The sessions of the next twelve that the manager's own calendar is busy for.
pub fn collisions_ui(
    ui: &mut egui::Ui,
    cadence: &Cadence,
    (busy, now, zone): (&[BusyBlock], chrono::DateTime<chrono::Utc>, chrono_tz::Tz),
) {
    let hits = crate::domain::busy::cadence_collisions(cadence, busy, now, 12);
    if let Some(first) = hits.first() {
        let days: Vec<String> = hits
            .iter()
            .take(4)
            .map(|t| t.with_timezone(&zone).format("%a %-d %b").to_string())
            .collect();
        let more = if hits.len() > 4 { ", ..." } else { "" };
        let block = crate::domain::busy::first_overlap(
            busy,
            *first,
            *first + chrono::Duration::minutes(i64::from(cadence.duration_mins)),
        );
        let what = block.map_or(String::new(), |b| {
            format!(" ({})", super::calendar::busy_text(b, zone))
        });
        ui.colored_label(
            style::danger(ui.visuals()),
            format!(
                "Collides with your calendar on {} of the next 12 sessions: {}{more}{what}. Pick another time, or keep it and move those sessions one by one.",
                hits.len(),
                days.join(", ")
            ),
        );
    }
}
