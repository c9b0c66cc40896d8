//! "Now", passed in rather than read from the wall inside the logic, so that tests and the
//! demo generator give the same answer every time.

use chrono::{DateTime, Local, NaiveDate, Utc};
use chrono_tz::Tz;

pub trait Clock {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date where the manager is.
    fn today(&self) -> NaiveDate;

    /// The manager's time zone: calendar days ("yesterday", "3 days ago") and "has this
    /// session's day come" are counted in it.
    fn time_zone(&self) -> Tz {
        Tz::UTC
    }
}

/// The zone this computer is set to, by its IANA name; UTC when it cannot be told.
pub fn system_time_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// The real clock of the machine.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn today(&self) -> NaiveDate {
        Local::now().date_naive()
    }

    fn time_zone(&self) -> Tz {
        system_time_zone()
    }
}

/// A clock that always says the same thing, in UTC, for tests and reproducible files.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }

    fn today(&self) -> NaiveDate {
        self.0.date_naive()
    }
}

/// A clock that always says the same thing, for a manager in `zone`: tests of calendar
/// days across midnight and daylight saving.
pub struct ZonedClock {
    pub now: DateTime<Utc>,
    pub zone: Tz,
}

impl Clock for ZonedClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.zone).date_naive()
    }

    fn time_zone(&self) -> Tz {
        self.zone
    }
}
