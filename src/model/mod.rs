//! What the screens read, built from the file between frames so no SQL runs while
//! drawing: the caches, the in-memory observation log and the thread that queries it, the
//! skill figures, and the open session's view. The window refreshes them from what a change
//! did; the screens only read them.

mod caches;
mod gaps;
mod observation_log;
pub mod plan_figures;
mod query_worker;
pub mod session_view;

pub use caches::{Caches, CalendarCache, LogState, OVERDUE_GRACE_DAYS, RosterRow, TableResult};
pub use gaps::{
    GapMap, SkillTrend, TrendKey, against_target, chart_skills, compute as compute_gaps,
    trends as skill_trends,
};
pub use observation_log::ObservationLog;
pub use query_worker::{Done, PlanJob, QueryJob, QueryWorker, SearchKey, TableId, query_now};

/// How many evidence excerpts to keep before starting over; a screenful is about forty.
pub const MAX_EXCERPTS: usize = 5_000;
/// How much of an observation's evidence a table row shows.
pub const EXCERPT_CHARS: usize = 160;
