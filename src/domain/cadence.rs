//! Cadences: the protected, recurring slot a manager keeps with each rep.
//!
//! A cadence is an RFC 5545 recurrence in the cadence's own time zone, so a 09:00 session
//! stays at 09:00 local time when the clocks change. Expansion is done by the `rrule`
//! crate rather than by hand-written date arithmetic.

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};

use super::ValidationError;
use super::dates::{check_date, check_instant};
use super::rep::RepId;

mod first_session;
mod recurrence;

pub use recurrence::{Recurrence, WEEKDAYS};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CadenceId(pub i64);

/// How a cadence stops, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceEnd {
    Never,
    Until(NaiveDate),
    Count(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cadence {
    pub id: CadenceId,
    pub rep_id: RepId,
    pub recurrence: Recurrence,
    pub start_date: NaiveDate,
    pub local_time: NaiveTime,
    pub duration_mins: u32,
    pub time_zone: chrono_tz::Tz,
    pub end: CadenceEnd,
    /// Set when the cadence was replaced: it has no occurrences from this instant on.
    pub ended: Option<DateTime<Utc>>,
}

pub const MIN_DURATION_MINS: u32 = 5;
pub const MAX_DURATION_MINS: u32 = 8 * 60;
/// Ten years of weekly sessions: the most a cadence that ends after a count can plan.
pub const MAX_COUNT: u32 = 520;

/// A session lasts from five minutes to a working day, whether planned by a cadence,
/// added once or moved.
pub fn check_duration_mins(duration_mins: u32) -> Result<(), ValidationError> {
    stored_duration_mins(i64::from(duration_mins)).map(drop)
}

/// A stored length in minutes (any integer a file may hold), checked as a typed one is.
pub fn stored_duration_mins(duration_mins: i64) -> Result<u32, ValidationError> {
    u32::try_from(duration_mins)
        .ok()
        .filter(|mins| (MIN_DURATION_MINS..=MAX_DURATION_MINS).contains(mins))
        .ok_or(ValidationError::DurationOutOfRange(duration_mins))
}

/// Checks a time zone name against the IANA database.
pub fn parse_time_zone(name: &str) -> Result<chrono_tz::Tz, ValidationError> {
    name.trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| ValidationError::UnknownTimeZone(super::error::excerpt(name)))
}

/// The time of day `mins` minutes after midnight, as a cadence stores it.
pub fn time_of_day(mins: i64) -> Result<NaiveTime, ValidationError> {
    u32::try_from(mins)
        .ok()
        .filter(|m| *m < 24 * 60)
        .and_then(|m| NaiveTime::from_num_seconds_from_midnight_opt(m * 60, 0))
        .ok_or(ValidationError::TimeOfDayOutOfRange(mins))
}

impl Cadence {
    /// Checks every field that a form or a file could get wrong.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.recurrence.validate()?;
        check_duration_mins(self.duration_mins)?;
        check_date(self.start_date)?;
        if let Some(ended) = self.ended {
            check_instant(ended)?;
        }
        match self.end {
            CadenceEnd::Until(end) if end < self.start_date => {
                Err(ValidationError::EndBeforeStart {
                    start: self.start_date.to_string(),
                    end: end.to_string(),
                })
            }
            CadenceEnd::Until(end) => check_date(end).map(drop),
            CadenceEnd::Count(count) if !(1..=MAX_COUNT).contains(&count) => {
                Err(ValidationError::CountOutOfRange(i64::from(count)))
            }
            _ => Ok(()),
        }
    }

    /// Start instants (UTC) of the occurrences in `[from, to)`, at most `limit` of them.
    ///
    /// The recurrence is expanded on wall-clock times (the `rrule` crate does the
    /// calendar arithmetic) and each wall-clock time is then placed in the cadence's time
    /// zone, so a 09:00 session is at 09:00 local time in summer and in winter. A time that
    /// does not exist that day (inside a spring-forward gap) moves to the first valid time
    /// after it; a time that happens twice (fall-back) takes the first.
    pub fn occurrences(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: u16,
    ) -> Vec<DateTime<Utc>> {
        let to = self.ended.map_or(to, |ended| to.min(ended));
        if from >= to {
            return Vec::new();
        }
        let floating = rrule::Tz::UTC;
        let wall =
            |date: NaiveDate, time: NaiveTime| floating.from_utc_datetime(&date.and_time(time));
        let mut rule = self.recurrence.to_rrule_builder();
        match self.end {
            CadenceEnd::Never => {}
            CadenceEnd::Until(date) => {
                let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
                rule = rule.until(wall(date, end_of_day));
            }
            CadenceEnd::Count(count) => rule = rule.count(count),
        }
        // The wall-clock window around [from, to), a day wider on each side for offsets.
        let margin = chrono::Duration::days(1);
        let local = |t: DateTime<Utc>| t.with_timezone(&self.time_zone).naive_local();
        let first = self.expansion_start((local(from) - margin).date());
        let Ok(set) = rule.build(wall(first, self.local_time)) else {
            return Vec::new();
        };
        let window_from = floating.from_utc_datetime(&(local(from) - margin));
        let window_to = floating.from_utc_datetime(&(local(to) + margin));
        set.after(window_from)
            .before(window_to)
            .all(limit)
            .dates
            .into_iter()
            .filter_map(|d| local_instant(&self.time_zone, d.date_naive(), d.time()))
            .map(|d| d.with_timezone(&Utc))
            .filter(|d| *d >= from && *d < to)
            .collect()
    }

    /// The day to expand the rule from to find every occurrence from `window_day` on.
    ///
    /// The `rrule` crate walks from the rule's start, so ten years of a weekly cadence cost
    /// 500 steps for each week shown (8 ms for a team of 50, in every calendar, Home and
    /// roster refresh). A later start in the same phase gives the same occurrences after it:
    /// a whole number of intervals on for a weekly rule, the first of a month for a monthly
    /// one (its day or weekday is named, its interval is one). It stays at least a period
    /// before the window, so the start itself is never in it. A rule that ends after a
    /// count is numbered from its own start and is walked from there.
    fn expansion_start(&self, window_day: NaiveDate) -> NaiveDate {
        if matches!(self.end, CadenceEnd::Count(_)) {
            return self.start_date;
        }
        let later = match self.recurrence {
            Recurrence::Weekly { interval_weeks, .. } => {
                let period = i64::from(interval_weeks.max(1)) * 7;
                let periods = (window_day - self.start_date).num_days() / period - 1;
                self.start_date + chrono::Duration::days(periods.max(0) * period)
            }
            Recurrence::MonthlyByDay { .. } | Recurrence::MonthlyByWeekday { .. } => {
                let before = window_day - chrono::Duration::days(40);
                before.with_day(1).unwrap_or(self.start_date)
            }
        };
        later.max(self.start_date)
    }

    /// The full RRULE value, with UNTIL or COUNT, for calendar files.
    pub fn rrule_text(&self) -> String {
        let mut text = self.recurrence.to_rrule();
        match self.end {
            CadenceEnd::Never => {}
            CadenceEnd::Until(date) => {
                let end_of_day = date.and_hms_opt(23, 59, 59).unwrap_or_default();
                let until = local_instant(&self.time_zone, end_of_day.date(), end_of_day.time())
                    .map(|d| d.with_timezone(&Utc))
                    .unwrap_or_else(|| end_of_day.and_utc());
                text.push_str(&format!(";UNTIL={}", until.format("%Y%m%dT%H%M%SZ")));
            }
            CadenceEnd::Count(count) => text.push_str(&format!(";COUNT={count}")),
        }
        text
    }

    /// A sentence about the first date, within two years of the start, on which the chosen
    /// local time does not exist or happens twice, and what Coachbook does then.
    pub fn time_zone_note(&self) -> Option<String> {
        let time = self.local_time;
        (0..731).find_map(|offset| {
            let date = self.start_date + chrono::Duration::days(offset);
            let naive = date.and_time(time);
            match self.time_zone.from_local_datetime(&naive) {
                LocalResult::None => Some(format!(
                    "{} does not exist on {} in {} (the clocks go forward); sessions that day start at the first time after it.",
                    time.format("%H:%M"),
                    date.format("%-d %B %Y"),
                    self.time_zone.name()
                )),
                LocalResult::Ambiguous(_, _) => Some(format!(
                    "{} happens twice on {} in {} (the clocks go back); sessions that day take the first.",
                    time.format("%H:%M"),
                    date.format("%-d %B %Y"),
                    self.time_zone.name()
                )),
                LocalResult::Single(_) => None,
            }
        })
    }
}

fn local_instant<Z: TimeZone>(tz: &Z, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Z>> {
    let naive = date.and_time(time);
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Some(dt),
        LocalResult::Ambiguous(earlier, _) => Some(earlier),
        LocalResult::None => (1..=180)
            .map(|m| naive + chrono::Duration::minutes(m))
            .find_map(|n| tz.from_local_datetime(&n).earliest()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Timelike, Weekday};
    use chrono_tz::Tz;

    fn cadence(recurrence: Recurrence, tz: Tz) -> Cadence {
        Cadence {
            id: CadenceId(1),
            rep_id: RepId(1),
            recurrence,
            start_date: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            local_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            duration_mins: 45,
            time_zone: tz,
            end: CadenceEnd::Never,
            ended: None,
        }
    }

    fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn rrule_text_round_trips() {
        for r in [
            Recurrence::Weekly {
                interval_weeks: 2,
                weekday: Weekday::Tue,
            },
            Recurrence::MonthlyByDay { day: 31 },
            Recurrence::MonthlyByWeekday {
                week: -1,
                weekday: Weekday::Fri,
            },
        ] {
            assert_eq!(Recurrence::from_rrule(&r.to_rrule()), Some(r));
        }
        assert_eq!(Recurrence::from_rrule("FREQ=DAILY"), None);
        assert_eq!(
            Recurrence::from_rrule("FREQ=WEEKLY;INTERVAL=0;BYDAY=MO"),
            None
        );
    }

    #[test]
    fn weekly_sessions_keep_local_time_across_daylight_saving() {
        let weekly = Recurrence::Weekly {
            interval_weeks: 1,
            weekday: Weekday::Mon,
        };
        for tz in [Tz::America__New_York, Tz::Europe__Berlin] {
            let c = cadence(weekly, tz);
            let all = c.occurrences(utc(2026, 1, 1), utc(2027, 1, 1), 100);
            assert_eq!(all.len(), 52);
            for start in all {
                assert_eq!(start.with_timezone(&tz).hour(), 9, "{tz}: {start}");
            }
        }
    }

    #[test]
    fn bad_cadences_are_explained() {
        let mut c = cadence(
            Recurrence::Weekly {
                interval_weeks: 0,
                weekday: Weekday::Mon,
            },
            Tz::UTC,
        );
        assert_eq!(c.validate(), Err(ValidationError::IntervalOutOfRange(0)));
        c.recurrence = Recurrence::MonthlyByDay { day: 3 };
        c.end = CadenceEnd::Until(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert!(matches!(
            c.validate(),
            Err(ValidationError::EndBeforeStart { .. })
        ));
        assert!(parse_time_zone("Mars/Olympus").is_err());
        assert_eq!(parse_time_zone("Europe/Berlin"), Ok(Tz::Europe__Berlin));
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use chrono::{Datelike, Timelike, Weekday};
    use chrono_tz::Tz;

    fn monthly(recurrence: Recurrence, start: NaiveDate) -> Cadence {
        Cadence {
            id: CadenceId(1),
            rep_id: RepId(1),
            recurrence,
            start_date: start,
            local_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            duration_mins: 30,
            time_zone: Tz::Europe__Berlin,
            end: CadenceEnd::Never,
            ended: None,
        }
    }

    fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn day_31_skips_short_months_as_rfc_5545_says() {
        let c = monthly(
            Recurrence::MonthlyByDay { day: 31 },
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        let months: Vec<u32> = c
            .occurrences(utc(2026, 1, 1), utc(2027, 1, 1), 50)
            .iter()
            .map(|d| d.with_timezone(&Tz::Europe__Berlin).month())
            .collect();
        assert_eq!(months, [1, 3, 5, 7, 8, 10, 12]);
    }

    #[test]
    fn last_friday_is_the_last_friday_of_each_month() {
        let c = monthly(
            Recurrence::MonthlyByWeekday {
                week: -1,
                weekday: Weekday::Fri,
            },
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        let all = c.occurrences(utc(2026, 1, 1), utc(2027, 1, 1), 50);
        assert_eq!(all.len(), 12);
        for d in all {
            let local = d.with_timezone(&Tz::Europe__Berlin);
            assert_eq!(local.weekday(), Weekday::Fri);
            assert!(
                (local + chrono::Duration::days(7)).month() != local.month(),
                "{local}"
            );
            assert_eq!(local.hour(), 10);
        }
    }

    #[test]
    fn times_in_a_gap_move_forward_and_are_explained() {
        let mut c = monthly(
            Recurrence::Weekly {
                interval_weeks: 1,
                weekday: Weekday::Sun,
            },
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        );
        c.local_time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        let gap_day = c
            .occurrences(utc(2026, 3, 28), utc(2026, 3, 30), 5)
            .into_iter()
            .next()
            .unwrap()
            .with_timezone(&Tz::Europe__Berlin);
        assert_eq!(
            (gap_day.day(), gap_day.hour(), gap_day.minute()),
            (29, 3, 0)
        );
        assert!(
            c.time_zone_note()
                .unwrap()
                .contains("does not exist on 29 March 2026")
        );
        c.local_time = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        c.start_date = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert!(
            c.time_zone_note()
                .unwrap()
                .contains("happens twice on 25 October 2026")
        );
        c.local_time = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(c.time_zone_note(), None);
    }

    #[test]
    fn an_ended_cadence_has_no_occurrences_after_its_end() {
        let mut c = monthly(
            Recurrence::Weekly {
                interval_weeks: 1,
                weekday: Weekday::Mon,
            },
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        );
        c.ended = Some(utc(2026, 2, 1));
        let all = c.occurrences(utc(2026, 1, 1), utc(2027, 1, 1), 60);
        assert_eq!(all.len(), 4);
        assert!(all.iter().all(|d| *d < utc(2026, 2, 1)));
    }
}
