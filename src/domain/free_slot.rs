//! The time "Schedule now" books: the next sensible free slot, not the first hour the clock
//! reaches. A manager booking a catch-up wants it soon, in working hours, with time to
//! prepare, and not on top of another session of theirs or the rep's.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use super::dates::local_date;

/// Working hours, in the zone the slot is booked in: a session starts at or after the
/// first and ends by the second.
pub const WORK_START_HOUR: u32 = 9;
pub const WORK_END_HOUR: u32 = 17;
/// Time left to prepare between the click and the start.
pub const LEAD_MINS: i64 = 30;
/// Starts fall on the hour or the half hour.
const STEP_MINS: u32 = 30;
/// How far the search looks, whatever `until` says.
const MAX_SEARCH_DAYS: i64 = 62;

/// The first start on the hour or half hour, at least `LEAD_MINS` after `now`, on a
/// weekday in `zone`, with the whole session inside working hours there, overlapping
/// none of the `busy` spans (start, end) and starting before `until`; `None` when there is
/// none (the caller knows the sessions only up to `until`).
pub fn next_free_slot(
    now: DateTime<Utc>,
    zone: Tz,
    duration_mins: u32,
    busy: &[(DateTime<Utc>, DateTime<Utc>)],
    until: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let earliest = now + Duration::minutes(LEAD_MINS);
    let first_day = local_date(now, zone);
    let last_day = local_date(until, zone).min(first_day + Duration::days(MAX_SEARCH_DAYS));
    let length = Duration::minutes(i64::from(duration_mins));
    first_day
        .iter_days()
        .take_while(|day| *day <= last_day)
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .flat_map(|day| working_starts(day, zone, duration_mins))
        .filter(|start| *start >= earliest && *start < until)
        .find(|start| {
            let end = *start + length;
            busy.iter().all(|(b0, b1)| end <= *b0 || *start >= *b1)
        })
}

/// The starts of `day` on the step whose session fits inside working hours; a time that
/// does not exist that day (a daylight-saving gap) is left out.
fn working_starts(day: NaiveDate, zone: Tz, duration_mins: u32) -> Vec<DateTime<Utc>> {
    let first = WORK_START_HOUR * 60;
    let last = (WORK_END_HOUR * 60).saturating_sub(duration_mins);
    (first..=last)
        .step_by(STEP_MINS as usize)
        .filter_map(|mins| day.and_hms_opt(mins / 60, mins % 60, 0))
        .filter_map(|naive| zone.from_local_datetime(&naive).earliest())
        .map(|t| t.with_timezone(&Utc))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use chrono_tz::Europe::Berlin;

    /// Wednesday 2 December 2026, at `h:m` in Berlin.
    fn wed(h: u32, m: u32) -> DateTime<Utc> {
        at(2, h, m)
    }

    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(2026, 12, day, h, m, 0)
            .unwrap()
            .to_utc()
    }

    fn week_after(now: DateTime<Utc>) -> DateTime<Utc> {
        now + Duration::days(8)
    }

    fn slot(now: DateTime<Utc>, busy: &[(DateTime<Utc>, DateTime<Utc>)]) -> DateTime<Utc> {
        next_free_slot(now, Berlin, 45, busy, week_after(now)).unwrap()
    }

    #[test]
    fn early_morning_books_the_start_of_working_hours_not_eight() {
        assert_eq!(slot(wed(6, 10), &[]), wed(9, 0));
    }

    #[test]
    fn during_the_day_it_leaves_time_to_prepare_and_starts_on_a_half_hour() {
        assert_eq!(slot(wed(10, 10), &[]), wed(11, 0));
        assert_eq!(slot(wed(10, 0), &[]), wed(10, 30));
        assert_eq!(slot(wed(10, 31), &[]), wed(11, 30));
    }

    #[test]
    fn never_in_the_past_and_never_after_hours() {
        for (h, m) in [
            (0, 0),
            (8, 59),
            (12, 17),
            (15, 50),
            (16, 15),
            (17, 0),
            (23, 59),
        ] {
            let now = wed(h, m);
            let start = slot(now, &[]);
            assert!(start > now, "{h}:{m}: {start}");
            let local = start.with_timezone(&Berlin);
            let end = local + Duration::minutes(45);
            assert!(local.hour() >= WORK_START_HOUR, "{local}");
            assert!(
                end.hour() * 60 + end.minute() <= WORK_END_HOUR * 60,
                "{end}"
            );
        }
        // Too late to fit 45 minutes before 17:00: tomorrow at nine.
        assert_eq!(slot(wed(16, 0), &[]), at(3, 9, 0));
    }

    #[test]
    fn friday_afternoon_books_monday() {
        assert_eq!(slot(at(4, 16, 30), &[]), at(7, 9, 0));
        assert_eq!(slot(at(5, 11, 0), &[]), at(7, 9, 0), "Saturday");
    }

    #[test]
    fn it_steps_around_other_sessions() {
        let busy = [(wed(9, 0), wed(9, 45)), (wed(10, 0), wed(11, 0))];
        // 09:45 is not on the step; 09:30 would overlap; 10:30 overlaps the second.
        assert_eq!(slot(wed(7, 0), &busy), wed(11, 0));
        // A session ending exactly at the start does not clash.
        assert_eq!(slot(wed(7, 0), &[(wed(8, 0), wed(9, 0))]), wed(9, 0));
    }

    #[test]
    fn none_when_everything_up_to_the_horizon_is_taken() {
        let now = wed(7, 0);
        let all_week = [(now, week_after(now))];
        assert_eq!(
            next_free_slot(now, Berlin, 45, &all_week, week_after(now)),
            None
        );
        assert_eq!(next_free_slot(now, Berlin, 600, &[], week_after(now)), None);
    }

    #[test]
    fn a_full_week_finds_the_first_free_slot_of_the_next() {
        let now = wed(7, 0);
        let full = [(now, at(9, 17, 0))];
        let three_weeks = now + Duration::days(22);
        assert_eq!(
            next_free_slot(now, Berlin, 45, &full, three_weeks),
            Some(at(10, 9, 0))
        );
    }
}
