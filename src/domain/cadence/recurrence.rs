//! The recurrence of a cadence: the subset of RFC 5545's RRULE it uses, its stored text
//! form and back, how the roster describes it, and the rule the `rrule` crate expands.

use chrono::Weekday;
use rrule::{Frequency, NWeekday, RRule};

use crate::domain::ValidationError;

/// The subset of RRULE that a coaching cadence needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recurrence {
    /// Every `interval_weeks` weeks on one weekday.
    Weekly {
        interval_weeks: u32,
        weekday: Weekday,
    },
    /// Each month on one day; months without that day are skipped, as RFC 5545 says.
    MonthlyByDay { day: u32 },
    /// Each month on the n-th weekday (1-4), or the last one (-1).
    MonthlyByWeekday { week: i8, weekday: Weekday },
}

fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// The days of the week, Monday first, as forms list them.
pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn weekday_from_code(code: &str) -> Option<Weekday> {
    WEEKDAYS.into_iter().find(|d| weekday_code(*d) == code)
}

fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

impl Recurrence {
    pub fn validate(self) -> Result<Recurrence, ValidationError> {
        match self {
            Recurrence::Weekly { interval_weeks, .. } if !(1..=52).contains(&interval_weeks) => {
                Err(ValidationError::IntervalOutOfRange(interval_weeks))
            }
            Recurrence::MonthlyByDay { day } if !(1..=31).contains(&day) => {
                Err(ValidationError::DayOfMonthOutOfRange(day))
            }
            Recurrence::MonthlyByWeekday { week, .. }
                if !(week == -1 || (1..=4).contains(&week)) =>
            {
                Err(ValidationError::WeekOfMonthOutOfRange(week))
            }
            ok => Ok(ok),
        }
    }

    /// The RRULE value without UNTIL or COUNT, as stored: `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`.
    pub fn to_rrule(self) -> String {
        match self {
            Recurrence::Weekly {
                interval_weeks,
                weekday,
            } => format!(
                "FREQ=WEEKLY;INTERVAL={interval_weeks};BYDAY={}",
                weekday_code(weekday)
            ),
            Recurrence::MonthlyByDay { day } => format!("FREQ=MONTHLY;BYMONTHDAY={day}"),
            Recurrence::MonthlyByWeekday { week, weekday } => {
                format!("FREQ=MONTHLY;BYDAY={week}{}", weekday_code(weekday))
            }
        }
    }

    /// Reads a stored rule, or says why it is not one of the subset a cadence uses.
    pub fn parse_rule(text: &str) -> Result<Recurrence, ValidationError> {
        Recurrence::from_rrule(text)
            .ok_or_else(|| ValidationError::UnsupportedRule(crate::domain::error::excerpt(text)))
    }

    /// Reads back what [`Recurrence::to_rrule`] wrote; anything outside the subset is `None`.
    pub fn from_rrule(text: &str) -> Option<Recurrence> {
        let mut freq = None;
        let mut interval = 1u32;
        let mut by_day = None;
        let mut by_month_day = None;
        for part in text.split(';') {
            let (key, value) = part.split_once('=')?;
            match key {
                "FREQ" => freq = Some(value),
                "INTERVAL" => interval = value.parse().ok()?,
                "BYDAY" => by_day = Some(value),
                "BYMONTHDAY" => by_month_day = Some(value.parse::<u32>().ok()?),
                _ => return None,
            }
        }
        let parsed = match (freq?, by_day, by_month_day) {
            ("WEEKLY", Some(day), None) => Recurrence::Weekly {
                interval_weeks: interval,
                weekday: weekday_from_code(day)?,
            },
            ("MONTHLY", None, Some(day)) if interval == 1 => Recurrence::MonthlyByDay { day },
            ("MONTHLY", Some(day), None) if interval == 1 && day.len() > 2 => {
                let (week, code) = day.split_at(day.len() - 2);
                Recurrence::MonthlyByWeekday {
                    week: week.parse().ok()?,
                    weekday: weekday_from_code(code)?,
                }
            }
            _ => return None,
        };
        parsed.validate().ok()
    }

    /// How the roster describes it, short enough for a table cell: "Every 2 weeks, Tue".
    pub fn describe(self) -> String {
        match self {
            Recurrence::Weekly {
                interval_weeks: 1,
                weekday,
            } => format!("Weekly, {}", weekday_name(weekday)),
            Recurrence::Weekly {
                interval_weeks,
                weekday,
            } => format!("Every {interval_weeks} weeks, {}", weekday_name(weekday)),
            Recurrence::MonthlyByDay { day } => format!("Monthly, day {day}"),
            Recurrence::MonthlyByWeekday { week, weekday } => {
                let nth = match week {
                    -1 => "last",
                    1 => "1st",
                    2 => "2nd",
                    3 => "3rd",
                    _ => "4th",
                };
                format!("Monthly, {nth} {}", weekday_name(weekday))
            }
        }
    }

    /// A rough interval, for "is this rep overdue" questions.
    pub fn typical_gap_days(self) -> u32 {
        match self {
            Recurrence::Weekly { interval_weeks, .. } => interval_weeks * 7,
            Recurrence::MonthlyByDay { .. } | Recurrence::MonthlyByWeekday { .. } => 31,
        }
    }

    /// The rule for the `rrule` crate to expand; the cadence adds its start and its end.
    pub(super) fn to_rrule_builder(self) -> RRule<rrule::Unvalidated> {
        match self {
            Recurrence::Weekly {
                interval_weeks,
                weekday,
            } => RRule::new(Frequency::Weekly)
                .interval(u16::try_from(interval_weeks).unwrap_or(u16::MAX))
                .by_weekday(vec![NWeekday::Every(weekday)]),
            Recurrence::MonthlyByDay { day } => {
                RRule::new(Frequency::Monthly).by_month_day(vec![day as i8])
            }
            Recurrence::MonthlyByWeekday { week, weekday } => RRule::new(Frequency::Monthly)
                .by_weekday(vec![NWeekday::Nth(i16::from(week), weekday)]),
        }
    }
}
