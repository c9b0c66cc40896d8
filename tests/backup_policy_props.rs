//! Properties of backup rotation: whatever backups exist, protected ones stay, the newest
//! stays, no more than the counts are kept, and each kept day and week is right.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use coachbook::domain::backup_policy::{BackupKind, BackupStamp, Retention, keep};
use proptest::prelude::*;

fn kind() -> impl Strategy<Value = BackupKind> {
    prop_oneof![
        6 => Just(BackupKind::Automatic),
        2 => Just(BackupKind::Manual),
        1 => Just(BackupKind::BeforeMigration),
        1 => Just(BackupKind::BeforeImport),
        1 => Just(BackupKind::BeforeRestore),
    ]
}

/// Up to 120 backups spread over about 120 days, minutes apart or weeks apart.
fn backups() -> impl Strategy<Value = Vec<BackupStamp>> {
    let origin = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    prop::collection::vec((0i64..120 * 24 * 60, kind()), 0..120).prop_map(move |raw| {
        raw.into_iter()
            .map(|(minutes, kind)| BackupStamp {
                taken: origin + Duration::minutes(minutes),
                kind,
            })
            .collect()
    })
}

fn retention() -> impl Strategy<Value = Retention> {
    (1u32..15, 0u32..10, 0u32..10).prop_map(|(recent, daily, weekly)| Retention {
        recent,
        daily,
        weekly,
    })
}

/// The newest rotating backup of each period, newest period first.
fn newest_per_period<K: Ord + Copy>(
    backups: &[BackupStamp],
    period: impl Fn(DateTime<Utc>) -> K,
) -> Vec<DateTime<Utc>> {
    let mut newest: BTreeMap<K, DateTime<Utc>> = BTreeMap::new();
    for b in backups.iter().filter(|b| !b.kind.is_protected()) {
        let slot = newest.entry(period(b.taken)).or_insert(b.taken);
        *slot = (*slot).max(b.taken);
    }
    newest.into_values().rev().collect()
}

proptest! {
    #[test]
    fn protected_backups_are_never_rotated_out(backups in backups(), retention in retention()) {
        let kept = keep(&backups, retention);
        for (b, k) in backups.iter().zip(&kept) {
            if b.kind.is_protected() {
                prop_assert!(*k);
            }
        }
    }

    #[test]
    fn the_newest_backup_is_always_kept(backups in backups(), retention in retention()) {
        let kept = keep(&backups, retention);
        if let Some(newest) = backups.iter().filter(|b| !b.kind.is_protected()).map(|b| b.taken).max() {
            prop_assert!(backups.iter().zip(&kept).any(|(b, k)| *k && b.taken == newest && !b.kind.is_protected()));
        }
    }

    #[test]
    fn no_more_than_the_counts_are_kept(backups in backups(), retention in retention()) {
        let kept = keep(&backups, retention);
        let rotating_kept = backups.iter().zip(&kept).filter(|(b, k)| **k && !b.kind.is_protected()).count();
        prop_assert!(rotating_kept <= (retention.recent + retention.daily + retention.weekly) as usize);
        // And nothing is rotated out while there are fewer backups than `recent`.
        let rotating = backups.iter().filter(|b| !b.kind.is_protected()).count();
        if rotating <= retention.recent as usize {
            prop_assert!(kept.iter().all(|k| *k));
        }
    }

    #[test]
    fn each_kept_backup_has_a_reason_and_the_buckets_are_right(backups in backups(), retention in retention()) {
        let kept = keep(&backups, retention);
        let kept_at: HashSet<DateTime<Utc>> = backups.iter().zip(&kept)
            .filter(|(b, k)| **k && !b.kind.is_protected()).map(|(b, _)| b.taken).collect();
        let mut times: Vec<DateTime<Utc>> = backups.iter().filter(|b| !b.kind.is_protected()).map(|b| b.taken).collect();
        times.sort_unstable_by(|a, b| b.cmp(a));
        let recent: HashSet<_> = times.iter().take(retention.recent as usize).copied().collect();
        let daily: HashSet<_> = newest_per_period(&backups, |t| t.date_naive())
            .into_iter().take(retention.daily as usize).collect();
        let weekly: HashSet<_> = newest_per_period(&backups, |t| {
            let w = t.iso_week();
            (w.year(), w.week())
        }).into_iter().take(retention.weekly as usize).collect();
        for t in &recent {
            prop_assert!(kept_at.contains(t), "recent {t} was rotated out");
        }
        for t in &daily {
            prop_assert!(kept_at.contains(t), "the newest of {} was rotated out", t.date_naive());
        }
        for t in &weekly {
            prop_assert!(kept_at.contains(t), "the newest of week {:?} was rotated out", t.iso_week());
        }
        for t in &kept_at {
            prop_assert!(recent.contains(t) || daily.contains(t) || weekly.contains(t), "{t} was kept for no reason");
        }
    }
}
