//! The span of dates Coachbook keeps. Wide enough for any career and any plan, narrow
//! enough that every date and instant in it converts, formats and repeats without
//! overflow: a day number from a file a thousand centuries away is refused at the door
//! instead of failing later in a calendar.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

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

#[cfg(test)]
mod tests {
    use super::*;
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
