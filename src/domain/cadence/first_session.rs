//! When a cadence's first session falls, said before saving: "every 2 weeks on Tuesday"
//! started on a Wednesday first meets 13 days out, which looks like a mistake unless the
//! form says why.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{Cadence, Recurrence};

impl Cadence {
    /// "First session: Tue 15 Dec 2026 at 09:00", with the reason when a cadence of
    /// several weeks skips the first week; `None` when no session comes after `now`.
    pub fn first_session_note(&self, now: DateTime<Utc>) -> Option<String> {
        let from = now.max(
            self.start_date
                .and_hms_opt(0, 0, 0)?
                .and_local_timezone(self.time_zone)
                .earliest()?
                .to_utc(),
        );
        // A few, not one: the limit counts slots in the day of margin before `from` too.
        let first = *self
            .occurrences(from, from + Duration::days(400), 4)
            .first()?;
        let local = first.with_timezone(&self.time_zone);
        let mut note = format!(
            "First session: {} at {}.",
            local.format("%a %-d %b %Y"),
            local.format("%H:%M")
        );
        let gap_days = (local.date_naive() - self.start_date).num_days();
        if let Recurrence::Weekly {
            interval_weeks,
            weekday,
        } = self.recurrence
            && interval_weeks > 1
            && gap_days >= 7
            && self.start_date.weekday() != weekday
        {
            note.push_str(&format!(
                " It is {gap_days} days after the start: every {interval_weeks} weeks counts from the week of the start date, whose {} comes before {}; choose a start on a {} to meet sooner.",
                local.format("%A"),
                self.start_date.format("%a %-d %b"),
                local.format("%A"),
            ));
        }
        Some(note)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Weekday};

    use super::*;
    use crate::domain::cadence::{CadenceEnd, CadenceId};
    use crate::domain::rep::RepId;

    fn every(weeks: u32, weekday: Weekday, start: NaiveDate) -> Cadence {
        Cadence {
            id: CadenceId(1),
            rep_id: RepId(1),
            recurrence: Recurrence::Weekly {
                interval_weeks: weeks,
                weekday,
            },
            start_date: start,
            local_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            duration_mins: 45,
            time_zone: chrono_tz::Europe::Berlin,
            end: CadenceEnd::Never,
            ended: None,
        }
    }

    #[test]
    fn a_fortnightly_cadence_started_after_its_weekday_says_why_it_waits() {
        // Wednesday 2 December 2026.
        let start = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap();
        let note = every(2, Weekday::Tue, start)
            .first_session_note(now)
            .unwrap();
        assert!(
            note.starts_with("First session: Tue 15 Dec 2026 at 09:00."),
            "{note}"
        );
        assert!(note.contains("13 days after the start"), "{note}");
        assert!(
            note.contains("counts from the week of the start date"),
            "{note}"
        );
    }

    #[test]
    fn a_weekly_cadence_just_names_its_first_session() {
        let start = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 2, 8, 0, 0).unwrap();
        let note = every(1, Weekday::Tue, start)
            .first_session_note(now)
            .unwrap();
        assert_eq!(note, "First session: Tue 8 Dec 2026 at 09:00.");
        // Started on its own weekday, a fortnightly cadence meets that day.
        let note = every(2, Weekday::Wed, start)
            .first_session_note(now)
            .unwrap();
        assert_eq!(note, "First session: Wed 2 Dec 2026 at 09:00.");
        // Asked after today's slot (17:00 UTC on a Friday): next Friday.
        let friday = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let late = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
        let note = every(1, Weekday::Fri, friday)
            .first_session_note(late)
            .unwrap();
        assert_eq!(note, "First session: Fri 27 Nov 2026 at 09:00.");
    }
}
