//! What of the data file an organization's server receives: each published table as the
//! list of its shared columns. Private things (private notes, preparation, talking points,
//! skip notes, private observations and plans, busy time) have no entry here, so no code
//! path can read them for the server.

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use super::StoreError;
use CellKind::{Bool, Int, Real, Text};

/// What a server column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    Int,
    Real,
    Text,
    Bool,
}

/// One value of a published row, typed as its server column.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bool(bool),
}

/// A unit of publishing: the rows that change together and are replaced together on the
/// server. The outbox names units, never rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    /// The whole team: the server's rows of the manager are removed before the batch's
    /// units are written, so rows the file no longer holds (an older file joined, a
    /// backup restored) go too. Queued first by a join.
    Team,
    Rep,
    Framework,
    Cadence,
    Session,
    Observation,
    Commitment,
    Plan,
    /// The settings the organization reads: the coaching goal.
    Settings,
}

impl Unit {
    pub const ALL: [Unit; 9] = [
        Unit::Team,
        Unit::Rep,
        Unit::Framework,
        Unit::Cadence,
        Unit::Session,
        Unit::Observation,
        Unit::Commitment,
        Unit::Plan,
        Unit::Settings,
    ];

    /// The name the outbox and its triggers use.
    pub fn code(self) -> &'static str {
        match self {
            Unit::Team => "team",
            Unit::Rep => "rep",
            Unit::Framework => "framework",
            Unit::Cadence => "cadence",
            Unit::Session => "session",
            Unit::Observation => "observation",
            Unit::Commitment => "commitment",
            Unit::Plan => "plan",
            Unit::Settings => "settings",
        }
    }

    pub fn from_code(code: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.code() == code)
    }

    /// The tables the unit's rows live in on the server, the unit's own table first.
    pub fn tables(self) -> &'static [&'static Published] {
        match self {
            Unit::Team => &[],
            Unit::Rep => &[&REPS, &REP_TARGETS],
            Unit::Framework => &[&SKILLS, &ROLES, &ROLE_TARGETS],
            Unit::Cadence => &[&CADENCES],
            Unit::Session => &[&SESSIONS, &SESSION_NOTES],
            Unit::Observation => &[&OBSERVATIONS],
            Unit::Commitment => &[&COMMITMENTS],
            Unit::Plan => &[&PLANS],
            Unit::Settings => &[&SETTINGS],
        }
    }

    /// The local ids of every unit of this kind the file holds, for a first publish.
    pub(super) fn all_ids_sql(self) -> &'static str {
        match self {
            Unit::Team => "SELECT 0 AS id",
            Unit::Rep => "SELECT id FROM reps",
            Unit::Framework => "SELECT 0 AS id",
            Unit::Cadence => "SELECT id FROM cadences",
            Unit::Session => "SELECT id FROM sessions",
            Unit::Observation => "SELECT id FROM observations WHERE shared = 1",
            Unit::Commitment => "SELECT id FROM commitments",
            Unit::Plan => "SELECT id FROM coaching_plans WHERE shared = 1",
            Unit::Settings => "SELECT 0 AS id",
        }
    }
}

/// A published table: its server name, and for each server column the local column it is
/// read from.
#[derive(Debug)]
pub struct Published {
    pub server: &'static str,
    pub local: &'static str,
    /// (server column, local column, kind), in server order.
    pub columns: &'static [(&'static str, &'static str, CellKind)],
    /// The server columns of the primary key, besides the manager.
    pub key: &'static [&'static str],
    /// The server column holding the unit's local id; `None` when the table is replaced
    /// whole (the framework).
    pub scope: Option<&'static str>,
    /// Which local rows are shared at all.
    pub filter: &'static str,
}

impl Published {
    pub fn server_columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.columns.iter().map(|(server, _, _)| *server)
    }

    fn local_column(&self, server: &str) -> Option<&'static str> {
        self.columns
            .iter()
            .find(|(s, _, _)| *s == server)
            .map(|(_, local, _)| *local)
    }

    /// The shared rows of the units `ids` (every shared row when the table has no scope),
    /// each in server column order.
    pub fn read(&self, conn: &Connection, ids: &[i64]) -> Result<Vec<Vec<Cell>>, StoreError> {
        let columns: Vec<&str> = self.columns.iter().map(|(_, local, _)| *local).collect();
        let mut sql = format!(
            "SELECT {} FROM {} WHERE {}",
            columns.join(", "),
            self.local,
            self.filter
        );
        let ids_json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned());
        let scoped = match self.scope.and_then(|s| self.local_column(s)) {
            Some(local) => {
                sql.push_str(&format!(
                    " AND {local} IN (SELECT value FROM json_each(?1))"
                ));
                true
            }
            None => false,
        };
        let mut stmt = conn.prepare_cached(&sql)?;
        let params: &[&dyn rusqlite::ToSql] = if scoped { &[&ids_json] } else { &[] };
        let rows = stmt.query_map(params, |row| {
            (0..self.columns.len())
                .map(|i| cell(row.get_ref(i)?, self.columns[i].2))
                .collect::<rusqlite::Result<Vec<Cell>>>()
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn cell(value: ValueRef<'_>, kind: CellKind) -> rusqlite::Result<Cell> {
    let bad = || rusqlite::Error::InvalidColumnType(0, String::new(), value.data_type());
    Ok(match (kind, value) {
        (CellKind::Int, ValueRef::Null) => Cell::Int(None),
        (CellKind::Int, ValueRef::Integer(i)) => Cell::Int(Some(i)),
        (CellKind::Real, ValueRef::Null) => Cell::Real(None),
        (CellKind::Real, ValueRef::Real(r)) => Cell::Real(Some(r)),
        (CellKind::Real, ValueRef::Integer(i)) => Cell::Real(Some(i as f64)),
        (CellKind::Text, ValueRef::Null) => Cell::Text(None),
        (CellKind::Text, ValueRef::Text(t)) => {
            Cell::Text(Some(String::from_utf8_lossy(t).into_owned()))
        }
        (CellKind::Bool, ValueRef::Integer(i)) => Cell::Bool(i != 0),
        _ => return Err(bad()),
    })
}

pub const REPS: Published = Published {
    server: "reps",
    local: "reps",
    columns: &[
        ("id", "id", Int),
        ("name", "name", Text),
        ("role", "role", Text),
        ("email", "email", Text),
        ("start_day", "start_day", Int),
        ("archived", "archived", Bool),
    ],
    key: &["id"],
    scope: Some("id"),
    filter: "1",
};

pub const REP_TARGETS: Published = Published {
    server: "rep_targets",
    local: "rep_targets",
    columns: &[
        ("rep_id", "rep_id", Int),
        ("skill_id", "skill_id", Int),
        ("level", "level", Int),
    ],
    key: &["rep_id", "skill_id"],
    scope: Some("rep_id"),
    filter: "1",
};

pub const SKILLS: Published = Published {
    server: "skills",
    local: "skills",
    columns: &[
        ("id", "id", Int),
        ("bucket", "bucket", Text),
        ("name", "name", Text),
        ("description", "description", Text),
        ("rubric_1", "rubric_1", Text),
        ("rubric_3", "rubric_3", Text),
        ("rubric_5", "rubric_5", Text),
        ("org_key", "org_key", Text),
        ("position", "position", Int),
        ("retired", "retired", Bool),
    ],
    key: &["id"],
    scope: None,
    filter: "1",
};

pub const ROLES: Published = Published {
    server: "roles",
    local: "roles",
    columns: &[
        ("code", "code", Text),
        ("name", "name", Text),
        ("position", "position", Int),
    ],
    key: &["code"],
    scope: None,
    filter: "1",
};

pub const ROLE_TARGETS: Published = Published {
    server: "role_targets",
    local: "role_targets",
    columns: &[
        ("role", "role", Text),
        ("skill_id", "skill_id", Int),
        ("level", "level", Int),
    ],
    key: &["role", "skill_id"],
    scope: None,
    filter: "1",
};

pub const CADENCES: Published = Published {
    server: "cadences",
    local: "cadences",
    columns: &[
        ("id", "id", Int),
        ("rep_id", "rep_id", Int),
        ("rrule", "rrule", Text),
        ("start_day", "start_day", Int),
        ("local_time_mins", "local_time_mins", Int),
        ("duration_mins", "duration_mins", Int),
        ("time_zone", "time_zone", Text),
        ("until_day", "until_day", Int),
        ("count", "count", Int),
        ("active", "active", Bool),
        ("ended_utc_ms", "ended_utc_ms", Int),
    ],
    key: &["id"],
    scope: Some("id"),
    filter: "1",
};

/// A session's schedule, status and summary; its skip note and preparation stay home.
pub const SESSIONS: Published = Published {
    server: "sessions",
    local: "sessions",
    columns: &[
        ("id", "id", Int),
        ("rep_id", "rep_id", Int),
        ("cadence_id", "cadence_id", Int),
        ("occurrence_utc_ms", "occurrence_utc_ms", Int),
        ("start_utc_ms", "start_utc_ms", Int),
        ("duration_mins", "duration_mins", Int),
        ("status", "status", Text),
        ("skip_reason", "skip_reason", Text),
        ("summary", "summary", Text),
    ],
    key: &["id"],
    scope: Some("id"),
    filter: "1",
};

/// Only the shared text of a session's notes, and only where there is some.
pub const SESSION_NOTES: Published = Published {
    server: "session_notes",
    local: "session_notes",
    columns: &[
        ("session_id", "session_id", Int),
        ("bucket", "bucket", Text),
        ("text", "shared_text", Text),
    ],
    key: &["session_id", "bucket"],
    scope: Some("session_id"),
    filter: "shared_text <> ''",
};

pub const OBSERVATIONS: Published = Published {
    server: "observations",
    local: "observations",
    columns: &[
        ("id", "id", Int),
        ("rep_id", "rep_id", Int),
        ("skill_id", "skill_id", Int),
        ("observed_day", "observed_day", Int),
        ("rating", "rating", Int),
        ("evidence", "evidence", Text),
        ("context", "context", Text),
        ("account", "account", Text),
        ("session_id", "session_id", Int),
    ],
    key: &["id"],
    scope: Some("id"),
    filter: "shared = 1",
};

pub const COMMITMENTS: Published = Published {
    server: "commitments",
    local: "commitments",
    columns: &[
        ("id", "id", Int),
        ("rep_id", "rep_id", Int),
        ("session_id", "session_id", Int),
        ("text", "text", Text),
        ("owner", "owner", Text),
        ("due_day", "due_day", Int),
        ("status", "status", Text),
        ("closed_utc_ms", "closed_utc_ms", Int),
    ],
    key: &["id"],
    scope: Some("id"),
    filter: "1",
};

pub const PLANS: Published = Published {
    server: "plans",
    local: "coaching_plans",
    columns: &[
        ("id", "id", Int),
        ("rep_id", "rep_id", Int),
        ("skill_id", "skill_id", Int),
        ("started_day", "started_day", Int),
        ("start_level", "start_level", Real),
        ("target", "target", Int),
        ("review_day", "review_day", Int),
        ("why", "why", Text),
        ("status", "status", Text),
        ("closed_day", "closed_day", Int),
    ],
    key: &["id"],
    scope: Some("id"),
    filter: "shared = 1",
};

/// The coaching goal, when the manager set one, brought into its range as the window
/// reads it (text that is no whole number reads as the default, 45 minutes).
pub const SETTINGS: Published = Published {
    server: "manager_settings",
    local: "meta",
    columns: &[(
        "coaching_goal_mins_per_week",
        "CASE WHEN trim(value) <> '' AND trim(value) NOT GLOB '*[^0-9]*'
              THEN max(5, min(600, CAST(trim(value) AS INTEGER))) ELSE 45 END",
        Int,
    )],
    key: &[],
    scope: None,
    filter: "key = 'coaching_goal_mins_per_week'",
};

/// Every published table, for the whole-team comparisons of the tests and `org check`.
pub fn all_tables() -> impl Iterator<Item = &'static Published> {
    Unit::ALL
        .into_iter()
        .flat_map(|u| u.tables().iter().copied())
}
