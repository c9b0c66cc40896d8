//! The observation log held in memory in compact form, so every filter and sort of the
//! Observations screen runs in plain Rust off the frame, without asking SQLite to scan
//! half a million rows each time.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;

use crate::domain::observation::ObservationId;
use crate::domain::observation_query::ObservationSummary;
use crate::store::StoreError;
use crate::store::observations::{self, SummaryRow};

#[derive(Clone, Debug, Default)]
pub struct ObservationLog {
    /// In (day, id) order.
    rows: Vec<ObservationSummary>,
    /// Account names, each once; rows refer to them by index.
    accounts: Vec<String>,
    account_ids: HashMap<String, u32>,
    /// How many rows each rep had when the log was read.
    counts_at_load: HashMap<crate::domain::rep::RepId, i64>,
}

impl ObservationLog {
    pub fn load(conn: &Connection) -> Result<ObservationLog, StoreError> {
        let mut log = ObservationLog::default();
        observations::for_each_summary(conn, |row| {
            let summary = log.compact(row);
            *log.counts_at_load.entry(summary.rep).or_default() += 1;
            log.rows.push(summary);
        })?;
        Ok(log)
    }

    pub fn counts_at_load(&self) -> &HashMap<crate::domain::rep::RepId, i64> {
        &self.counts_at_load
    }

    pub fn rows(&self) -> &[ObservationSummary] {
        &self.rows
    }

    pub fn accounts(&self) -> &[String] {
        &self.accounts
    }

    pub fn account(&self, index: u32) -> &str {
        self.accounts.get(index as usize).map_or("", String::as_str)
    }

    fn compact(&mut self, row: SummaryRow) -> ObservationSummary {
        let next = u32::try_from(self.accounts.len()).unwrap_or(u32::MAX);
        let account = *self
            .account_ids
            .entry(row.account.clone())
            .or_insert_with(|| {
                self.accounts.push(row.account);
                next
            });
        ObservationSummary {
            id: row.id,
            day: row.day,
            rep: row.rep,
            skill: row.skill,
            rating: row.rating,
            context: row.context,
            visibility: row.visibility,
            account,
        }
    }

    /// The reps of the rows with these ids, one entry per row found.
    pub fn reps_of(&self, ids: &[ObservationId]) -> Vec<crate::domain::rep::RepId> {
        let wanted = IdSet::new(ids);
        self.rows
            .iter()
            .filter(|r| wanted.contains(r.id))
            .map(|r| r.rep)
            .collect()
    }

    /// Replaces the rows of `changed_ids` with `current` (their state in the file now);
    /// ids missing from `current` were deleted.
    pub fn update(&mut self, changed_ids: &[ObservationId], current: Vec<SummaryRow>) {
        let gone = IdSet::new(changed_ids);
        self.rows.retain(|r| !gone.contains(r.id));
        for row in current {
            let summary = self.compact(row);
            let at = self
                .rows
                .partition_point(|r| (r.day, r.id) < (summary.day, summary.id));
            self.rows.insert(at, summary);
        }
    }
}

/// The ids a command changed, matched against every row of the log. Saving one
/// observation changes one id: comparing it directly costs a nanosecond a row, where
/// hashing each of half a million ids cost 15 ms per save. Imports change many, and hash.
enum IdSet {
    Few(Vec<ObservationId>),
    Many(HashSet<ObservationId>),
}

impl IdSet {
    /// Up to this many ids are compared one by one.
    const FEW: usize = 16;

    fn new(ids: &[ObservationId]) -> IdSet {
        if ids.len() <= IdSet::FEW {
            IdSet::Few(ids.to_vec())
        } else {
            IdSet::Many(ids.iter().copied().collect())
        }
    }

    fn contains(&self, id: ObservationId) -> bool {
        match self {
            IdSet::Few(ids) => ids.contains(&id),
            IdSet::Many(ids) => ids.contains(&id),
        }
    }
}
