//! Time coached: the minutes of held sessions a rep had in the last 30 and 90 days, against
//! a goal per week. Gartner found returns best at three to five hours of coaching a month
//! per seller, 45 to 60 minutes a week; the default goal is the low end of that.
//! Days are calendar days in the manager's zone: "the last 30 days" ends today.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use super::dates::local_date;

/// Minutes of coaching a week that the goal asks for when the manager set none.
pub const DEFAULT_GOAL_MINS_PER_WEEK: u32 = 45;
/// The goals a manager can set, in minutes a week.
pub const GOAL_RANGE: std::ops::RangeInclusive<u32> = 5..=600;

/// A goal kept inside [`GOAL_RANGE`].
pub fn goal_in_range(mins_per_week: u32) -> u32 {
    mins_per_week.clamp(*GOAL_RANGE.start(), *GOAL_RANGE.end())
}

/// The two windows looked back over, in days.
pub const SHORT_DAYS: u32 = 30;
pub const LONG_DAYS: u32 = 90;

/// A rep's minutes of held sessions in the two windows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeCoached {
    pub last_30_mins: u32,
    pub last_90_mins: u32,
}

impl TimeCoached {
    /// Adds up the held sessions given as (start, minutes): a session counts in a window
    /// when its day, in `zone`, is one of the window's days up to `today`. Sessions after
    /// today (a session marked held ahead of time) count in neither.
    pub fn of<I>(held: I, today: NaiveDate, zone: Tz) -> TimeCoached
    where
        I: IntoIterator<Item = (DateTime<Utc>, u32)>,
    {
        let mut time = TimeCoached::default();
        for (start, mins) in held {
            let day = local_date(start, zone);
            if day > today {
                continue;
            }
            if within(day, today, SHORT_DAYS) {
                time.last_30_mins = time.last_30_mins.saturating_add(mins);
            }
            if within(day, today, LONG_DAYS) {
                time.last_90_mins = time.last_90_mins.saturating_add(mins);
            }
        }
        time
    }

    /// Below the goal over the last 30 days: what is flagged on Team and Home.
    pub fn under_goal(&self, goal_mins_per_week: u32) -> bool {
        self.last_30_mins < goal_mins(SHORT_DAYS, goal_mins_per_week)
    }
}

/// The goal over `days` days, in minutes: the goal of a week for each whole week in them,
/// so a weekly session of the goal's length, held every week, meets it in any window
/// (30 days hold four whole weeks and a few days that may or may not hold a fifth).
pub fn goal_mins(days: u32, per_week: u32) -> u32 {
    (days / 7).saturating_mul(per_week)
}

/// "1 h 30 min", "45 min": minutes as a person reads them.
pub fn hours_text(mins: u32) -> String {
    match (mins / 60, mins % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The `days` calendar days that end with `today`.
fn within(day: NaiveDate, today: NaiveDate, days: u32) -> bool {
    day > today - Duration::days(i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn at(day: NaiveDate, h: u32) -> DateTime<Utc> {
        Berlin
            .from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
            .earliest()
            .unwrap()
            .to_utc()
    }

    #[test]
    fn the_windows_are_calendar_days_ending_today() {
        let held = [
            (at(today(), 9), 45),
            (at(today() - Duration::days(29), 9), 30),
            (at(today() - Duration::days(30), 9), 60),
            (at(today() - Duration::days(89), 9), 20),
            (at(today() - Duration::days(90), 9), 90),
            (at(today() + Duration::days(1), 9), 45),
        ];
        let time = TimeCoached::of(held, today(), Berlin);
        assert_eq!(time.last_30_mins, 75);
        assert_eq!(time.last_90_mins, 155);
    }

    #[test]
    fn a_late_evening_session_belongs_to_its_local_day() {
        // 23:30 in Berlin on the 2nd is 22:30 UTC on the 2nd; 00:30 on the 3rd is the 2nd
        // in UTC but the 3rd in Berlin, a day to come.
        let evening = at(today(), 23);
        let after_midnight = at(today() + Duration::days(1), 0);
        let time = TimeCoached::of([(evening, 30), (after_midnight, 30)], today(), Berlin);
        assert_eq!(time.last_30_mins, 30);
    }

    #[test]
    fn the_goal_is_counted_per_week_and_flags_below_it() {
        assert_eq!(goal_mins(30, 45), 180);
        assert_eq!(goal_mins(90, 45), 540);
        assert_eq!(goal_mins(7, 60), 60);
        let weekly = TimeCoached {
            last_30_mins: 180,
            last_90_mins: 540,
        };
        assert!(!weekly.under_goal(45), "a weekly 45 minutes meets the goal");
        let fortnightly = TimeCoached {
            last_30_mins: 90,
            last_90_mins: 270,
        };
        assert!(fortnightly.under_goal(45));
        assert!(!fortnightly.under_goal(20));
        assert_eq!(hours_text(193), "3 h 13 min");
        assert_eq!(hours_text(45), "45 min");
        assert_eq!(hours_text(120), "2 h");
    }

    proptest! {
        #[test]
        fn the_short_window_never_holds_more_than_the_long_one(
            sessions in proptest::collection::vec((0i64..200, 5u32..480), 0..40)
        ) {
            let held: Vec<_> = sessions
                .iter()
                .map(|(back, mins)| (at(today() - Duration::days(*back), 10), *mins))
                .collect();
            let time = TimeCoached::of(held.clone(), today(), Berlin);
            prop_assert!(time.last_30_mins <= time.last_90_mins);
            let expected: u32 = sessions.iter().filter(|(b, _)| *b < 90).map(|(_, m)| m).sum();
            prop_assert_eq!(time.last_90_mins, expected);
        }

        #[test]
        fn a_session_before_the_window_or_after_today_changes_nothing(
            sessions in proptest::collection::vec((0i64..90, 5u32..480), 0..20),
            outside in prop_oneof![90i64..400, -30i64..0],
            mins in 5u32..480,
        ) {
            let held: Vec<_> = sessions
                .iter()
                .map(|(back, m)| (at(today() - Duration::days(*back), 10), *m))
                .collect();
            let before = TimeCoached::of(held.clone(), today(), Berlin);
            let mut more = held;
            more.push((at(today() - Duration::days(outside), 10), mins));
            prop_assert_eq!(TimeCoached::of(more, today(), Berlin), before);
        }
    }
}
