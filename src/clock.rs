//! "Now", passed in rather than read from the wall inside the logic, so that tests and the
//! demo generator give the same answer every time.

use chrono::{DateTime, Local, NaiveDate, Utc};

pub trait Clock {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date where the manager is.
    fn today(&self) -> NaiveDate;
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
}

/// A clock that always says the same thing, for tests and reproducible files.
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }

    fn today(&self) -> NaiveDate {
        self.0.date_naive()
    }
}
