//! The .ics file the Calendar screen asks for: the schedule, written whole.

use super::App;
use crate::ui::{ExportRequest, Reply};

impl App {
    /// Writes the calendar file the Calendar screen asked for.
    pub(super) fn write_calendar(&mut self, export: ExportRequest) {
        let conn = self.ops.store().conn();
        let now = self.ops.clock().now();
        let result = crate::store::meta::reminders(conn)
            .map_err(anyhow::Error::from)
            .and_then(|reminders| {
                let options = crate::export::ics::IcsOptions {
                    rep: export.rep,
                    alarm_mins: reminders.before_mins,
                    invite_reps: export.invite_reps,
                };
                crate::export::ics::export_with(conn, &options, now).map_err(anyhow::Error::from)
            })
            .and_then(|text| {
                crate::files::write_bytes(&export.path, text.as_bytes())
                    .map_err(anyhow::Error::from)
            });
        self.reply(match result {
            Ok(()) => Reply::Info(format!("Saved the calendar to {}", export.path.display())),
            Err(err) => Reply::Error(err.to_string()),
        });
    }
}
