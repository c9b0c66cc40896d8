//! How dates and instants are written to the file: integers, so that range filters and
//! covering indexes never parse text.

use chrono::{DateTime, NaiveDate, Utc};

use super::StoreError;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// A calendar date as days since 1970-01-01.
pub fn to_day(date: NaiveDate) -> i64 {
    (date - epoch()).num_days()
}

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

pub fn from_day(day: i64) -> Result<NaiveDate, StoreError> {
    // Counted from the common era directly: a session's agenda converts 11,000 of these.
    day.checked_add(EPOCH_DAYS_FROM_CE)
        .and_then(|days| i32::try_from(days).ok())
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or_else(|| bad(format!("day number {day} is not a date")))
}

/// An instant as UTC milliseconds since 1970.
pub fn to_utc_ms(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

pub fn from_utc_ms(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| bad(format!("{ms} is not a time")))
}

pub(crate) fn bad(detail: String) -> StoreError {
    StoreError::BadValue {
        path: "the data file".into(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn days_round_trip(day in -100_000i64..100_000) {
            let date = from_day(day).unwrap();
            prop_assert_eq!(to_day(date), day);
        }
    }

    #[test]
    fn far_out_days_are_errors_not_panics() {
        assert!(from_day(i64::MAX).is_err());
        assert!(from_utc_ms(i64::MAX).is_err());
    }
}
