//! The manager's own calendar file (.ics from Outlook, Google or Apple Calendar) read as
//! busy time: each event that makes them busy, repeats expanded with `rrule` (EXDATEs
//! left out, RECURRENCE-ID overrides put where they moved), over the stretch scheduling
//! looks at.
//!
//! A new door, held to the rules of the others: read up to [`MAX_BYTES`], titles cleaned by
//! the one text rule (and kept only when asked), and a sentence for every refusal. An
//! event Coachbook cannot read is left out and counted, never a reason to refuse the rest.

mod event;
mod zones;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use icalendar::parser::{Component, read_calendar_simple, unfold};

use super::{ExchangeError, files};
use crate::domain::busy::{AHEAD_DAYS, BEHIND_DAYS, BusyBlock, MAX_BLOCKS};
use event::{Moment, Skip};

/// Larger than a decade of a busy manager's calendar.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;
/// Repeats stepped through over the whole file, in the window read or before it: a few
/// seconds of work at most, however the rules are written.
const STEP_BUDGET: usize = 2_000_000;

const LIMIT: files::InputLimit = files::InputLimit {
    what: "calendar files",
    max_bytes: MAX_BYTES,
};

/// What a calendar file gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BusyRead {
    /// Sorted by start, inside the stretch read.
    pub blocks: Vec<BusyBlock>,
    /// Events in the file, free ones and those outside the stretch included.
    pub events: usize,
    /// A sentence for each kind of event left out.
    pub skipped: Vec<String>,
}

/// How to read: the manager's zone for floating times and whole days, the day it is, and
/// whether titles are kept.
#[derive(Clone, Copy, Debug)]
pub struct ReadAs {
    pub zone: Tz,
    pub now: DateTime<Utc>,
    pub keep_titles: bool,
}

/// Reads the calendar file at `path`; one over [`MAX_BYTES`] is refused from its size.
pub fn read_file(path: &Path, how: ReadAs) -> Result<BusyRead, ExchangeError> {
    let bytes = LIMIT.read_all(path)?;
    read_bytes(&bytes, path, how)
}

/// Reads a calendar file's bytes; `path` names it in a refusal.
pub fn read_bytes(bytes: &[u8], path: &Path, how: ReadAs) -> Result<BusyRead, ExchangeError> {
    let refused = |detail: &str| ExchangeError::NotACalendar {
        path: path.to_owned(),
        detail: detail.to_owned(),
    };
    let text = std::str::from_utf8(bytes).map_err(|_| refused("it is not text"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.trim_start().starts_with("BEGIN:VCALENDAR") {
        return Err(refused("it does not start with BEGIN:VCALENDAR"));
    }
    let unfolded = unfold(text);
    // The parser's own message quotes the file; the manager gets a sentence instead.
    let components =
        read_calendar_simple(&unfolded).map_err(|_| refused("its lines are not iCalendar's"))?;
    let events: Vec<&Component<'_>> = components
        .iter()
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VCALENDAR"))
        .flat_map(|c| c.components.iter())
        .filter(|c| c.name.as_str().eq_ignore_ascii_case("VEVENT"))
        .collect();
    if events.is_empty() {
        return Err(refused("it holds no events"));
    }
    Ok(expand_all(&events, how))
}

/// Every event's blocks inside the stretch, and the count of those left out.
fn expand_all(events: &[&Component<'_>], how: ReadAs) -> BusyRead {
    let from = how.now - Duration::days(BEHIND_DAYS);
    let to = how.now + Duration::days(AHEAD_DAYS);
    let moved: HashSet<(String, DateTime<Utc>)> = events
        .iter()
        .filter_map(|e| {
            let uid = event::word(e, "UID")?;
            let at = first_moment(e, "RECURRENCE-ID")?.instant(how.zone)?;
            Some((uid, at))
        })
        .collect();
    let mut skipped: BTreeMap<Skip, usize> = BTreeMap::new();
    let mut blocks = Vec::new();
    let mut budget = STEP_BUDGET;
    for e in events {
        if blocks.len() > 2 * MAX_BLOCKS {
            *skipped.entry(Skip::TooMany).or_default() += 1;
            continue;
        }
        match blocks_of(e, how, (from, to), (&moved, &mut budget)) {
            Ok((mut found, skip)) => {
                blocks.append(&mut found);
                if let Some(skip) = skip {
                    *skipped.entry(skip).or_default() += 1;
                }
            }
            Err(skip) => *skipped.entry(skip).or_default() += 1,
        }
    }
    blocks.retain(|b: &BusyBlock| b.end > from && b.start < to);
    blocks.sort_by_key(|b| (b.start, b.end));
    blocks.dedup();
    blocks.truncate(MAX_BLOCKS);
    BusyRead {
        blocks,
        events: events.len(),
        skipped: skipped
            .into_iter()
            .map(|(skip, count)| skip.sentence(count))
            .collect(),
    }
}

fn first_moment(e: &Component<'_>, name: &str) -> Option<Moment> {
    event::moments(e.find_prop(name)?)?.into_iter().next()
}

/// The blocks of one event (a free or cancelled one has none), and a note when its rule
/// could not be read.
fn blocks_of(
    e: &Component<'_>,
    how: ReadAs,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    (moved, budget): (&HashSet<(String, DateTime<Utc>)>, &mut usize),
) -> Result<(Vec<BusyBlock>, Option<Skip>), Skip> {
    let free = event::word(e, "TRANSP").as_deref() == Some("TRANSPARENT")
        || event::word(e, "STATUS").as_deref() == Some("CANCELLED");
    let prop = e.find_prop("DTSTART").ok_or(Skip::NoStart)?;
    let start = event::moments(prop)
        .and_then(|m| m.into_iter().next())
        .ok_or(Skip::BadTime)?;
    let first = start.instant(how.zone).ok_or(Skip::BadTime)?;
    let length = length_of(e, start, first, how.zone)?;
    if free {
        return Ok((Vec::new(), None));
    }
    let title = how.keep_titles.then(|| event::title(e)).flatten();
    let block = |at: DateTime<Utc>| BusyBlock {
        start: at,
        end: at + length,
        title: title.clone(),
    };
    let is_override = e.find_prop("RECURRENCE-ID").is_some();
    let Some(rule) = e.find_prop("RRULE").filter(|_| !is_override) else {
        return Ok((vec![block(first)], None));
    };
    let window = (from - length, to);
    let Some(starts) = event::repeats(start, rule.val.as_str(), how.zone, window, budget) else {
        return Ok((vec![block(first)], Some(Skip::BadRule)));
    };
    let uid = event::word(e, "UID").unwrap_or_default();
    let excluded: HashSet<DateTime<Utc>> = e
        .properties
        .iter()
        .filter(|p| p.name.as_str().eq_ignore_ascii_case("EXDATE"))
        .filter_map(event::moments)
        .flatten()
        .filter_map(|m| m.instant(how.zone))
        .collect();
    let kept = starts
        .into_iter()
        .filter(|at| !excluded.contains(at) && !moved.contains(&(uid.clone(), *at)))
        .map(block)
        .collect();
    Ok((kept, None))
}

/// How long the event lasts: to DTEND, for DURATION, or a whole day for a day's event.
fn length_of(
    e: &Component<'_>,
    start: Moment,
    first: DateTime<Utc>,
    zone: Tz,
) -> Result<Duration, Skip> {
    let length = if let Some(end) = e.find_prop("DTEND") {
        let end = event::moments(end)
            .and_then(|m| m.into_iter().next())
            .and_then(|m| m.instant(zone))
            .ok_or(Skip::BadTime)?;
        end - first
    } else if let Some(duration) = e.find_prop("DURATION") {
        event::duration(duration.val.as_str()).ok_or(Skip::BadTime)?
    } else if matches!(start, Moment::Day(_)) {
        Duration::days(1)
    } else {
        Duration::zero()
    };
    if length <= Duration::zero() || length > Duration::days(AHEAD_DAYS) {
        return Err(Skip::NoLength);
    }
    Ok(length)
}
