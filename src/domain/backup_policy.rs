//! Which backups to keep, and when the next one is due. Plain functions over instants, so
//! the rules are tested without files or a clock.
//!
//! Rotation follows the rule backup tools such as restic use: keep the newest `recent`
//! backups, plus the newest of each of the last `daily` days that have a backup, plus the
//! newest of each of the last `weekly` weeks that have one. Counting days that *have* a
//! backup (rather than the last seven calendar days) means a manager back from a month
//! away still finds a week of daily backups: nothing is rotated out just because time
//! passed. Days and weeks are UTC, so the choice does not change when a laptop travels.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, IsoWeek, NaiveDate, Utc};

/// Why a backup was made. Backups made before a risky step are never rotated out: they are
/// the way back from that step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BackupKind {
    /// Made on the schedule: at start when the last is a day old, then every half hour of
    /// changes.
    Automatic,
    /// "Back up now" or `coachbook backup`.
    Manual,
    BeforeMigration,
    BeforeImport,
    BeforeRestore,
    /// Made before the file was encrypted, decrypted or given a new passphrase.
    BeforeKeyChange,
}

impl BackupKind {
    pub const ALL: [BackupKind; 6] = [
        BackupKind::Automatic,
        BackupKind::Manual,
        BackupKind::BeforeMigration,
        BackupKind::BeforeImport,
        BackupKind::BeforeRestore,
        BackupKind::BeforeKeyChange,
    ];

    pub fn is_protected(self) -> bool {
        !matches!(self, BackupKind::Automatic | BackupKind::Manual)
    }

    /// The word in the file name.
    pub fn code(self) -> &'static str {
        match self {
            BackupKind::Automatic => "auto",
            BackupKind::Manual => "manual",
            BackupKind::BeforeMigration => "upgrade",
            BackupKind::BeforeImport => "import",
            BackupKind::BeforeRestore => "restore",
            BackupKind::BeforeKeyChange => "key",
        }
    }

    pub fn from_code(code: &str) -> Option<BackupKind> {
        BackupKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What the Settings list says.
    pub fn describe(self) -> &'static str {
        match self {
            BackupKind::Automatic => "Automatic",
            BackupKind::Manual => "Made by you",
            BackupKind::BeforeMigration => "Before an upgrade (kept)",
            BackupKind::BeforeImport => "Before an import (kept)",
            BackupKind::BeforeRestore => "Before a restore (kept)",
            BackupKind::BeforeKeyChange => "Before encryption changed (kept)",
        }
    }
}

/// How many rotating backups to keep; the manager can change these in Settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    pub recent: u32,
    pub daily: u32,
    pub weekly: u32,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            recent: 12,
            daily: 7,
            weekly: 8,
        }
    }
}

/// The ranges Settings offers. At least one recent backup is always kept.
pub const RECENT_RANGE: std::ops::RangeInclusive<u32> = 1..=100;
pub const DAILY_RANGE: std::ops::RangeInclusive<u32> = 0..=60;
pub const WEEKLY_RANGE: std::ops::RangeInclusive<u32> = 0..=104;

impl Retention {
    /// Held to the ranges above, so a hand-edited file cannot ask to keep nothing.
    pub fn clamped(self) -> Retention {
        let clamp = |v: u32, r: &std::ops::RangeInclusive<u32>| v.clamp(*r.start(), *r.end());
        Retention {
            recent: clamp(self.recent, &RECENT_RANGE),
            daily: clamp(self.daily, &DAILY_RANGE),
            weekly: clamp(self.weekly, &WEEKLY_RANGE),
        }
    }
}

/// One backup as the policy sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupStamp {
    pub taken: DateTime<Utc>,
    pub kind: BackupKind,
}

/// For each backup in `backups` (any order), whether to keep it.
pub fn keep(backups: &[BackupStamp], retention: Retention) -> Vec<bool> {
    let retention = retention.clamped();
    let mut keep: Vec<bool> = backups.iter().map(|b| b.kind.is_protected()).collect();
    let mut rotating: Vec<usize> = (0..backups.len())
        .filter(|&i| !backups[i].kind.is_protected())
        .collect();
    // Newest first; equal instants keep their listed order, so the choice is stable.
    rotating.sort_by(|&a, &b| backups[b].taken.cmp(&backups[a].taken).then(a.cmp(&b)));
    for &i in rotating.iter().take(retention.recent as usize) {
        keep[i] = true;
    }
    keep_newest_per_period(&rotating, backups, retention.daily, &mut keep, |t| {
        Period::Day(t.date_naive())
    });
    keep_newest_per_period(&rotating, backups, retention.weekly, &mut keep, |t| {
        Period::Week(t.iso_week())
    });
    keep
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Period {
    Day(NaiveDate),
    Week(IsoWeek),
}

/// Walks `newest_first` and keeps the first backup of each new period, for `count` periods.
fn keep_newest_per_period(
    newest_first: &[usize],
    backups: &[BackupStamp],
    count: u32,
    keep: &mut [bool],
    period_of: impl Fn(DateTime<Utc>) -> Period,
) {
    let mut seen = HashSet::new();
    for &i in newest_first {
        if seen.len() >= count as usize {
            break;
        }
        if seen.insert(period_of(backups[i].taken)) {
            keep[i] = true;
        }
    }
}

/// A day without a backup is a day of work that could be lost: at start, back up when the
/// newest backup is older than this.
pub const START_AFTER: Duration = Duration::hours(24);
/// While the manager works, at most one automatic backup per half hour.
pub const EVERY: Duration = Duration::minutes(30);

/// Whether the start of the app should make a backup, given the newest there is.
pub fn due_at_start(newest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    newest.is_none_or(|newest| now - newest >= START_AFTER)
}

/// Whether an automatic backup is due while the app runs: something `changed` since the
/// `last` backup (or the start of the app), and that was at least [`EVERY`] ago.
pub fn due_while_working(last: DateTime<Utc>, changed: bool, now: DateTime<Utc>) -> bool {
    changed && now - last >= EVERY
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in BackupKind::ALL {
            assert_eq!(BackupKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(BackupKind::from_code("other"), None);
    }

    #[test]
    fn the_newest_of_each_day_is_kept_beyond_the_recent_ones() {
        let mut backups = Vec::new();
        for day in 1..=3 {
            for hour in [8, 12, 16] {
                backups.push(BackupStamp {
                    taken: at(day, hour),
                    kind: BackupKind::Automatic,
                });
            }
        }
        let kept = keep(
            &backups,
            Retention {
                recent: 1,
                daily: 3,
                weekly: 0,
            },
        );
        let kept_at: Vec<_> = backups
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(b, _)| b.taken)
            .collect();
        assert_eq!(kept_at, vec![at(1, 16), at(2, 16), at(3, 16)]);
    }

    #[test]
    fn a_start_backup_is_due_after_a_day() {
        assert!(due_at_start(None, at(5, 8)));
        assert!(!due_at_start(Some(at(4, 9)), at(5, 8)));
        assert!(due_at_start(Some(at(4, 8)), at(5, 8)));
    }
}
