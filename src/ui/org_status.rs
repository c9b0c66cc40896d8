//! The status bar's word on publishing to the organization's server: synced, changes
//! waiting, offline since when, or stopped and why; and "Sync now".

use chrono::{DateTime, Utc};

use super::style;
use super::{Request, View};
use crate::domain::text::{Lines, clean};
use crate::org::worker::{OrgStatus, SyncState};

/// Drawn right to left, after the save state: the button first, then the words.
pub fn org_status_ui(ui: &mut egui::Ui, view: &mut View<'_>, status: &OrgStatus) {
    let where_to = format!(
        "Shared coaching data is published to {} as {}.",
        clean(&status.url, Lines::One),
        clean(&status.login, Lines::One)
    );
    let offers_sync = !matches!(
        status.state,
        SyncState::InStep { .. } | SyncState::Sending { .. }
    );
    if offers_sync
        && ui
            .small_button("Sync now")
            .on_hover_text("Publish what waits to the organization's server now.")
            .clicked()
    {
        view.request(Request::SyncNow);
    }
    let visuals = ui.visuals().clone();
    match &status.state {
        SyncState::InStep { at } => {
            let hover = match at {
                Some(at) => format!("{where_to} Last in step at {}.", when(*at, view)),
                None => where_to,
            };
            ui.colored_label(style::success(&visuals), "Org: synced")
                .on_hover_text(hover);
        }
        SyncState::Waiting { units } => {
            ui.label(format!("Org: {}", changes_waiting(*units)))
                .on_hover_text(format!(
                    "{where_to} They are sent after a quiet moment, or now with Sync now."
                ));
        }
        SyncState::Sending { units } => {
            ui.label(format!("Org: publishing, {}", changes_waiting(*units)))
                .on_hover_text(where_to);
            ui.spinner();
        }
        SyncState::Offline {
            since,
            units,
            error,
        } => {
            ui.colored_label(
                style::danger(&visuals),
                format!(
                    "Org: offline since {}, {}",
                    when(*since, view),
                    changes_waiting(*units)
                ),
            )
            .on_hover_text(format!(
                "{}\nNothing is lost: Coachbook keeps trying, and what waits is sent once the server answers.",
                clean(error, Lines::Many)
            ));
        }
        SyncState::Stopped { units, error } => {
            ui.colored_label(
                style::danger(&visuals),
                format!("Org: not publishing, {}", changes_waiting(*units)),
            )
            .on_hover_text(clean(error, Lines::Many));
        }
    }
}

fn changes_waiting(units: u64) -> String {
    match units {
        0 => "nothing waiting".to_owned(),
        1 => "1 change waiting".to_owned(),
        n => format!("{n} changes waiting"),
    }
}

/// A moment as the manager reads it: the time today, the day and time before.
fn when(at: DateTime<Utc>, view: &View<'_>) -> String {
    let local = at.with_timezone(&view.zone);
    if local.date_naive() == view.today {
        local.format("%H:%M").to_string()
    } else {
        local.format("%a %-d %b %H:%M").to_string()
    }
}
