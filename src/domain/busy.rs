//! The manager's own calendar as busy time: blocks read from their calendar file, which the
//! week view shows and scheduling steps around.
//!
//! Only when a block is busy is kept, unless the manager asks to keep the titles too: the
//! calendar is theirs, the coaching notebook need not learn what their meetings are about.

use chrono::{DateTime, Duration, Utc};

use super::cadence::Cadence;

/// How far ahead a calendar file's events are expanded: scheduling looks no further.
pub const AHEAD_DAYS: i64 = 190;
/// How far back: the week view shows the week that began.
pub const BEHIND_DAYS: i64 = 8;
/// A calendar holding more blocks than this in the window is cut there.
pub const MAX_BLOCKS: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusyBlock {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The event's title, only when the manager chose to keep titles.
    pub title: Option<String>,
}

impl BusyBlock {
    pub fn overlaps(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        self.start < end && start < self.end
    }

    /// "Busy" or the title kept, for the week view and the warnings.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or("Busy")
    }
}

/// Where the blocks came from, and how they are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BusySource {
    /// The calendar file, read again at start when `reread` is set.
    pub path: Option<String>,
    pub reread: bool,
    pub keep_titles: bool,
    pub read_at: Option<DateTime<Utc>>,
}

/// The first block (by start) that a session from `start` to `end` would sit on.
pub fn first_overlap(
    blocks: &[BusyBlock],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Option<&BusyBlock> {
    blocks
        .iter()
        .filter(|b| b.overlaps(start, end))
        .min_by_key(|b| b.start)
}

/// The occurrences of `cadence` from `from` on (at most `count`) that collide with a block.
pub fn cadence_collisions(
    cadence: &Cadence,
    blocks: &[BusyBlock],
    from: DateTime<Utc>,
    count: u16,
) -> Vec<DateTime<Utc>> {
    let length = Duration::minutes(i64::from(cadence.duration_mins));
    let until = from + Duration::days(AHEAD_DAYS);
    cadence
        .occurrences(from, until, count)
        .into_iter()
        .filter(|start| first_overlap(blocks, *start, *start + length).is_some())
        .collect()
}

/// The spans of `blocks` as (start, end), for the free-slot search.
pub fn spans(blocks: &[BusyBlock]) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
    blocks.iter().map(|b| (b.start, b.end))
}
