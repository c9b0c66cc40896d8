//! The span of dates Coachbook keeps. Wide enough for any career and any plan, narrow
//! enough that every date and instant in it converts, formats and repeats without
//! overflow: a day number from a file a thousand centuries away is refused at the door
//! instead of failing later in a calendar.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::ValidationError;

pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2199;

/// The date, or why Coachbook does not keep it.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, ValidationError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(ValidationError::DateOutOfRange {
            date: date.to_string(),
            first: FIRST_YEAR,
            last: LAST_YEAR,
        })
    }
}

/// The same day `months` calendar months earlier; the 31st of a shorter month is its last
/// day. Stays at the first day Coachbook keeps rather than leaving the span.
pub fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    day.checked_sub_months(chrono::Months::new(months))
        .map_or(first, |d| d.max(first))
}

/// The instant, or why Coachbook does not keep it (the same span as for dates).
pub fn check_instant(instant: DateTime<Utc>) -> Result<DateTime<Utc>, ValidationError> {
    check_date(instant.date_naive()).map(|_| instant)
}

/// The calendar day `instant` falls on where the manager is.
pub fn local_date(instant: DateTime<Utc>, zone: Tz) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

/// Calendar days from `earlier` to `later` in `zone`, never below zero: a session held at
/// 23:00 is one day ago at 01:00, and a day of 23 or 25 hours (daylight saving) is one day.
pub fn calendar_days_between(earlier: DateTime<Utc>, later: DateTime<Utc>, zone: Tz) -> i64 {
    (local_date(later, zone) - local_date(earlier, zone))
        .num_days()
        .max(0)
}

/// "Today", "Yesterday" or "12 days ago", from a count of calendar days.
pub fn days_ago_text(days: i64) -> String {
    match days {
        i64::MIN..=0 => "Today".to_owned(),
        1 => "Yesterday".to_owned(),
        n => format!("{n} days ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Berlin;

    fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Berlin
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .earliest()
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn days_are_calendar_days_not_24_hour_periods() {
        // Held Tuesday 23:00, asked Wednesday 01:00: two hours, but yesterday.
        let held = berlin(2026, 12, 1, 23, 0);
        assert_eq!(
            calendar_days_between(held, berlin(2026, 12, 2, 1, 0), Berlin),
            1
        );
        assert_eq!(
            calendar_days_between(held, berlin(2026, 12, 1, 23, 59), Berlin),
            0
        );
        // Held Tuesday 08:00, asked Wednesday 07:00: 23 hours, still yesterday.
        let morning = berlin(2026, 12, 1, 8, 0);
        assert_eq!(
            calendar_days_between(morning, berlin(2026, 12, 2, 7, 0), Berlin),
            1
        );
        assert_eq!(days_ago_text(1), "Yesterday");
        assert_eq!(days_ago_text(0), "Today");
        assert_eq!(days_ago_text(12), "12 days ago");
    }

    #[test]
    fn midnight_is_the_managers_not_utcs() {
        // 23:30 UTC on 1 Dec is 00:30 on 2 Dec in Berlin.
        let held = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        let asked = Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap();
        assert_eq!(calendar_days_between(held, asked, Tz::UTC), 0);
        assert_eq!(calendar_days_between(held, asked, Berlin), 1);
    }

    #[test]
    fn a_daylight_saving_day_is_one_day() {
        // Spring forward: Sunday 29 March 2026 has 23 hours in Berlin.
        let saturday = berlin(2026, 3, 28, 23, 30);
        let sunday_night = berlin(2026, 3, 29, 23, 30);
        assert_eq!((sunday_night - saturday).num_hours(), 23);
        assert_eq!(calendar_days_between(saturday, sunday_night, Berlin), 1);
        assert_eq!(
            calendar_days_between(saturday, berlin(2026, 3, 30, 0, 10), Berlin),
            2
        );
        // Fall back: Sunday 25 October 2026 has 25 hours; 00:30 Sunday to 23:59 Sunday
        // is more than 24 hours and still the same day.
        let early = berlin(2026, 10, 25, 0, 30);
        let late = berlin(2026, 10, 25, 23, 59);
        assert!((late - early).num_hours() >= 24);
        assert_eq!(calendar_days_between(early, late, Berlin), 0);
        assert_eq!(
            calendar_days_between(early, berlin(2026, 10, 26, 0, 1), Berlin),
            1
        );
    }

    #[test]
    fn later_before_earlier_is_today() {
        let a = berlin(2026, 12, 2, 10, 0);
        assert_eq!(
            calendar_days_between(a, a - chrono::Duration::days(3), Berlin),
            0
        );
    }
    use proptest::prelude::*;

    #[test]
    fn months_back_are_calendar_months() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(months_before(day(2026, 8, 31), 6), day(2026, 2, 28));
        assert_eq!(months_before(day(2024, 8, 31), 6), day(2024, 2, 29));
        assert_eq!(months_before(day(2026, 12, 2), 3), day(2026, 9, 2));
        assert_eq!(months_before(day(1900, 3, 1), 12), day(1900, 1, 1));
    }

    #[test]
    fn the_span_has_firm_ends() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(check_date(day(1900, 1, 1)).is_ok());
        assert!(check_date(day(2199, 12, 31)).is_ok());
        let err = check_date(day(1899, 12, 31)).unwrap_err().to_string();
        assert!(err.contains("1900 to 2199"), "{err}");
        assert!(check_date(day(2200, 1, 1)).is_err());
        assert!(check_date(NaiveDate::MAX).is_err());
        assert!(check_instant(DateTime::<Utc>::MIN_UTC).is_err());
    }

    proptest! {
        #[test]
        fn a_date_in_the_span_is_kept_as_it_is(days in 0i64..(300 * 366)) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(check_date(date).is_ok(), date.year() <= LAST_YEAR);
        }
    }
}
