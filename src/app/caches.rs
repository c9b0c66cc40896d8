//! What the screens read each frame, rebuilt only when a command touched it, so no SQL
//! runs while drawing.

use chrono::{DateTime, Utc};

use super::command::Touched;
use crate::domain::framework::StoredFramework;
use crate::domain::rep::Rep;
use crate::store::{self, Store, StoreError};

/// One line of the roster.
#[derive(Clone, Debug)]
pub struct RosterRow {
    pub rep: Rep,
    pub role_name: String,
    /// "Weekly on Tuesday, 09:00" or `None` without a cadence.
    pub cadence: Option<String>,
    pub last_held: Option<DateTime<Utc>>,
    /// Days without a held session after which the rep is overdue: the cadence's interval
    /// plus a grace of three days.
    pub overdue_after_days: Option<i64>,
    pub observations: i64,
}

/// Slack allowed beyond a cadence's interval before a rep counts as overdue.
pub const OVERDUE_GRACE_DAYS: i64 = 3;

#[derive(Default)]
pub struct Caches {
    pub roster: Vec<RosterRow>,
    pub framework: StoredFramework,
    /// True until the manager chose between the demo team and an empty start.
    pub needs_setup: bool,
}

impl Caches {
    pub fn load(store: &Store) -> Result<Caches, StoreError> {
        let mut caches = Caches::default();
        caches.refresh(
            store,
            Touched {
                roster: true,
                framework: true,
                setup: true,
            },
        )?;
        Ok(caches)
    }

    pub fn refresh(&mut self, store: &Store, touched: Touched) -> Result<(), StoreError> {
        let conn = store.conn();
        if touched.framework {
            self.framework = store::framework::load(conn)?;
        }
        if touched.roster {
            self.roster = roster(store, &self.framework)?;
        }
        if touched.setup {
            let reps: i64 = conn.query_row("SELECT count(*) FROM reps", [], |r| r.get(0))?;
            self.needs_setup =
                reps == 0 && store::meta::get(conn, store::meta::SETUP_CHOICE)?.is_none();
        }
        Ok(())
    }

    pub fn active_count(&self) -> usize {
        self.roster.iter().filter(|r| !r.rep.archived).count()
    }
}

fn roster(store: &Store, framework: &StoredFramework) -> Result<Vec<RosterRow>, StoreError> {
    let conn = store.conn();
    let cadences = store::cadences::list_active(conn)?;
    let last_held = store::sessions::last_held_by_rep(conn)?;
    let observations = store::observations::count_by_rep(conn)?;
    let rows = store::reps::list(conn)?
        .into_iter()
        .map(|rep| {
            let active = cadences.iter().find(|c| c.rep_id == rep.id);
            let cadence = active.map(|c| {
                format!(
                    "{}, {}",
                    c.recurrence.describe(),
                    c.local_time.format("%H:%M")
                )
            });
            let overdue_after_days =
                active.map(|c| i64::from(c.recurrence.typical_gap_days()) + OVERDUE_GRACE_DAYS);
            let role_name = framework
                .roles
                .iter()
                .find(|r| r.code == rep.role)
                .map_or_else(|| rep.role.clone(), |r| r.name.clone());
            RosterRow {
                last_held: last_held.get(&rep.id).copied(),
                observations: observations.get(&rep.id).copied().unwrap_or(0),
                cadence,
                overdue_after_days,
                role_name,
                rep,
            }
        })
        .collect();
    Ok(rows)
}
