//! One event of a calendar file: its times (UTC, in a named zone, floating, or a whole
//! day), its repeats expanded with `rrule`, the dates it leaves out, and its title.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, Property};

use super::zones::zone_named;
use crate::domain::text::{Lines, clean};

/// Repeats of one event kept at most: a rule that repeats every minute fills no more.
const MAX_REPEATS: u16 = 2_000;
/// Characters of a title kept.
const MAX_TITLE_CHARS: usize = 200;

/// A time as the file wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    Utc(DateTime<Utc>),
    Zoned(NaiveDateTime, Tz),
    /// No zone: the manager's wall clock.
    Floating(NaiveDateTime),
    Day(NaiveDate),
}

/// Why an event was left out, counted for the sentence after an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    NoStart,
    BadTime,
    BadRule,
    NoLength,
    TooMany,
}

impl Skip {
    pub fn sentence(self, count: usize) -> String {
        let events = if count == 1 {
            "1 event".to_owned()
        } else {
            format!("{count} events")
        };
        let (were, repeat, their) = if count == 1 {
            ("was", "repeats", "its")
        } else {
            ("were", "repeat", "their")
        };
        match self {
            Skip::NoStart => format!("{events} had no start and {were} left out."),
            Skip::BadTime => {
                format!("{events} had a time Coachbook cannot read and {were} left out.")
            }
            Skip::BadRule => format!(
                "{events} {repeat} by a rule Coachbook cannot read; {their} first time was kept."
            ),
            Skip::NoLength => format!("{events} took no time and {were} left out."),
            Skip::TooMany => format!(
                "{events} {were} left out: the calendar already had more busy times than Coachbook keeps."
            ),
        }
    }
}

impl Moment {
    /// The instant, the manager's zone standing in for a floating time or a day's start.
    pub fn instant(self, zone: Tz) -> Option<DateTime<Utc>> {
        let local = |naive: NaiveDateTime, tz: Tz| {
            // A time in a daylight-saving gap is read an hour later, as calendars do.
            tz.from_local_datetime(&naive)
                .earliest()
                .or_else(|| {
                    tz.from_local_datetime(&(naive + Duration::hours(1)))
                        .earliest()
                })
                .map(|t| t.with_timezone(&Utc))
        };
        match self {
            Moment::Utc(t) => Some(t),
            Moment::Zoned(naive, tz) => local(naive, tz),
            Moment::Floating(naive) => local(naive, zone),
            Moment::Day(day) => local(day.and_time(chrono::NaiveTime::MIN), zone),
        }
    }

    /// The DTSTART line `rrule` expands from.
    fn dtstart(self, zone: Tz) -> String {
        let stamp = |naive: NaiveDateTime| naive.format("%Y%m%dT%H%M%S").to_string();
        match self {
            Moment::Utc(t) => format!("DTSTART:{}Z", stamp(t.naive_utc())),
            Moment::Zoned(naive, tz) => format!("DTSTART;TZID={}:{}", tz.name(), stamp(naive)),
            Moment::Floating(naive) => format!("DTSTART;TZID={}:{}", zone.name(), stamp(naive)),
            Moment::Day(day) => format!(
                "DTSTART;TZID={}:{}",
                zone.name(),
                stamp(day.and_time(chrono::NaiveTime::MIN))
            ),
        }
    }
}

/// The times of one date-time property: several for an EXDATE list. `None` when a value
/// is not a time.
pub fn moments(prop: &Property<'_>) -> Option<Vec<Moment>> {
    let param = |key: &str| {
        prop.params
            .iter()
            .find(|p| p.key.as_str().eq_ignore_ascii_case(key))
            .and_then(|p| p.val.as_ref())
            .map(|v| v.as_str().to_owned())
    };
    let is_date = param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"));
    let zone = param("TZID").map(|tzid| zone_named(&tzid));
    prop.val
        .as_str()
        .split(',')
        .map(|value| moment(value.trim(), is_date, zone))
        .collect()
}

/// `zone`: `None` without a TZID, `Some(None)` for a TZID Coachbook does not know (read
/// as the manager's wall clock).
fn moment(value: &str, is_date: bool, zone: Option<Option<Tz>>) -> Option<Moment> {
    if is_date || value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()
            .map(Moment::Day);
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?;
        return Some(Moment::Utc(naive.and_utc()));
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?;
    Some(match zone {
        Some(Some(tz)) => Moment::Zoned(naive, tz),
        _ => Moment::Floating(naive),
    })
}

/// A DURATION value ("PT1H30M", "P1D"); a negative one, or one longer than a busy time
/// can be, is refused.
pub fn duration(value: &str) -> Option<Duration> {
    let rest = value.trim().strip_prefix('+').unwrap_or(value.trim());
    let rest = rest.strip_prefix('P')?;
    let longest = Duration::days(crate::domain::busy::AHEAD_DAYS);
    let mut total = Duration::zero();
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'T' => {}
            'W' | 'D' | 'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok().filter(|n| *n <= 100_000)?;
                number.clear();
                let part = match c {
                    'W' => Duration::try_weeks(n),
                    'D' => Duration::try_days(n),
                    'H' => Duration::try_hours(n),
                    'M' => Duration::try_minutes(n),
                    _ => Duration::try_seconds(n),
                }?;
                total = total.checked_add(&part).filter(|t| *t <= longest)?;
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

/// The starts of a repeating event from its DTSTART and RRULE, between `from` and `to`;
/// `None` when the rule cannot be read, or takes more than the `budget` of steps left to
/// reach `to` (a rule that repeats every second since 1601 would take days).
pub fn repeats(
    start: Moment,
    rule: &str,
    zone: Tz,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    budget: &mut usize,
) -> Option<Vec<DateTime<Utc>>> {
    // A rule is a few letters, digits and separators; anything else (a line break that
    // would add a line of its own) is not one.
    let plain = rule
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "=;,:+-".contains(c));
    if !plain || rule.is_empty() {
        return None;
    }
    let rule = utc_until(rule, start, zone)?;
    let text = format!("{}\nRRULE:{rule}", start.dtstart(zone));
    let set: rrule::RRuleSet = text.parse().ok()?;
    let mut out = Vec::new();
    for date in &set {
        *budget = budget.checked_sub(1)?;
        let at = date.with_timezone(&Utc);
        if at >= to || out.len() >= usize::from(MAX_REPEATS) {
            break;
        }
        if at >= from {
            out.push(at);
        }
    }
    Some(out)
}

/// The rule with its UNTIL in UTC, as `rrule` wants it beside a zoned start: a date is
/// the end of that day, a time without "Z" is the start's wall clock (RFC 5545 writes
/// both for whole-day and floating events).
fn utc_until(rule: &str, start: Moment, zone: Tz) -> Option<String> {
    let parts: Vec<String> = rule
        .split(';')
        .map(|part| {
            let Some(value) = part.strip_prefix("UNTIL=").filter(|v| !v.ends_with('Z')) else {
                return Some(part.to_owned());
            };
            let local = match NaiveDate::parse_from_str(value, "%Y%m%d") {
                Ok(day) => day.and_hms_opt(23, 59, 59)?,
                Err(_) => NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok()?,
            };
            let tz = match start {
                Moment::Zoned(_, tz) => tz,
                _ => zone,
            };
            let at = Moment::Zoned(local, tz).instant(zone)?;
            Some(format!("UNTIL={}", at.format("%Y%m%dT%H%M%SZ")))
        })
        .collect::<Option<_>>()?;
    Some(parts.join(";"))
}

/// The event's title as a one-line text, cleaned by the one rule and cut to length.
pub fn title(event: &Component<'_>) -> Option<String> {
    let raw = event.find_prop("SUMMARY")?.val.as_str();
    let unescaped = raw
        .replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\");
    let text: String = clean(&unescaped, Lines::One)
        .trim()
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    (!text.is_empty()).then_some(text)
}

/// A property's value, upper case, for the few whose meaning Coachbook reads.
pub fn word(event: &Component<'_>, name: &str) -> Option<String> {
    event
        .find_prop(name)
        .map(|p| p.val.as_str().trim().to_ascii_uppercase())
}
