-- Schema v1: every table of the coaching model.
-- Instants are UTC milliseconds (`*_utc_ms`); calendar dates are days since 1970-01-01
-- (`*_day`), which keeps range filters and the covering indexes integer-only.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE roles (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE reps (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role           TEXT NOT NULL REFERENCES roles(code),
    email          TEXT NOT NULL DEFAULT '',
    start_day      INTEGER,
    archived       INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_utc_ms INTEGER NOT NULL,
    updated_utc_ms INTEGER NOT NULL
);
-- Names are unique among active reps; the domain folds Unicode case, this index is the
-- backstop for ASCII.
CREATE UNIQUE INDEX reps_active_name ON reps(name COLLATE NOCASE) WHERE archived = 0;

CREATE TABLE skills (
    id          INTEGER PRIMARY KEY,
    bucket      TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    rubric_1    TEXT NOT NULL,
    rubric_3    TEXT NOT NULL,
    rubric_5    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);
CREATE UNIQUE INDEX skills_bucket_name ON skills(bucket, name COLLATE NOCASE);

CREATE TABLE prompts (
    id       INTEGER PRIMARY KEY,
    bucket   TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    text     TEXT NOT NULL CHECK (length(trim(text)) > 0),
    position INTEGER NOT NULL
);
CREATE INDEX prompts_bucket ON prompts(bucket, position);

CREATE TABLE role_targets (
    role     TEXT NOT NULL REFERENCES roles(code),
    skill_id INTEGER NOT NULL REFERENCES skills(id),
    level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (role, skill_id)
) WITHOUT ROWID;

CREATE TABLE rep_targets (
    rep_id   INTEGER NOT NULL REFERENCES reps(id),
    skill_id INTEGER NOT NULL REFERENCES skills(id),
    level    INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (rep_id, skill_id)
) WITHOUT ROWID;

CREATE TABLE cadences (
    id              INTEGER PRIMARY KEY,
    rep_id          INTEGER NOT NULL REFERENCES reps(id),
    rrule           TEXT NOT NULL,
    start_day       INTEGER NOT NULL,
    local_time_mins INTEGER NOT NULL CHECK (local_time_mins BETWEEN 0 AND 1439),
    duration_mins   INTEGER NOT NULL CHECK (duration_mins BETWEEN 5 AND 480),
    time_zone       TEXT NOT NULL,
    until_day       INTEGER,
    count           INTEGER CHECK (count IS NULL OR count > 0),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_utc_ms  INTEGER NOT NULL,
    CHECK (until_day IS NULL OR until_day >= start_day)
);
CREATE UNIQUE INDEX cadences_one_active ON cadences(rep_id) WHERE active = 1;

-- One row per occurrence that has been touched; untouched future occurrences are computed
-- from the cadence. `occurrence_utc_ms` is the occurrence's original start, which keeps a
-- moved session tied to the slot it came from.
CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY,
    rep_id            INTEGER NOT NULL REFERENCES reps(id),
    cadence_id        INTEGER REFERENCES cadences(id),
    occurrence_utc_ms INTEGER,
    start_utc_ms      INTEGER NOT NULL,
    duration_mins     INTEGER NOT NULL CHECK (duration_mins BETWEEN 5 AND 480),
    status            TEXT NOT NULL
                      CHECK (status IN ('planned', 'held', 'skipped', 'missed', 'cancelled')),
    skip_reason       TEXT CHECK (skip_reason IN ('vacation', 'quarter_end', 'rep_sick', 'other')),
    skip_note         TEXT NOT NULL DEFAULT '',
    purpose           TEXT NOT NULL DEFAULT '',
    agenda            TEXT NOT NULL DEFAULT '',
    desired_outcome   TEXT NOT NULL DEFAULT '',
    prep_outcome      TEXT NOT NULL DEFAULT '',
    prep_ask          TEXT NOT NULL DEFAULT '',
    focus_accounts    TEXT NOT NULL DEFAULT '',
    summary           TEXT NOT NULL DEFAULT '',
    created_utc_ms    INTEGER NOT NULL,
    updated_utc_ms    INTEGER NOT NULL,
    CHECK ((status = 'skipped') = (skip_reason IS NOT NULL)),
    CHECK ((cadence_id IS NULL) = (occurrence_utc_ms IS NULL))
);
CREATE UNIQUE INDEX sessions_occurrence ON sessions(cadence_id, occurrence_utc_ms)
    WHERE cadence_id IS NOT NULL;
CREATE INDEX sessions_rep_start ON sessions(rep_id, start_utc_ms, status);
CREATE INDEX sessions_start ON sessions(start_utc_ms);

-- Shared and private notes are separate columns so that an export selects what it may
-- show, rather than filtering out what it must not.
CREATE TABLE session_notes (
    session_id   INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    bucket       TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    shared_text  TEXT NOT NULL DEFAULT '',
    private_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, bucket)
) WITHOUT ROWID;

CREATE TABLE observations (
    id             INTEGER PRIMARY KEY,
    rep_id         INTEGER NOT NULL REFERENCES reps(id),
    skill_id       INTEGER NOT NULL REFERENCES skills(id),
    observed_day   INTEGER NOT NULL,
    rating         INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    evidence       TEXT NOT NULL DEFAULT '',
    context        TEXT NOT NULL CHECK (context IN
                   ('client_call', 'demo', 'internal_meeting', 'recorded_call', 'role_play')),
    account        TEXT NOT NULL DEFAULT '',
    session_id     INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    shared         INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1)),
    created_utc_ms INTEGER NOT NULL,
    updated_utc_ms INTEGER NOT NULL
);
-- Covers the skill-level aggregate: (rep, skill) groups read in date order with the rating.
CREATE INDEX observations_rep_skill_day ON observations(rep_id, skill_id, observed_day, rating);
CREATE INDEX observations_day ON observations(observed_day);
CREATE INDEX observations_skill_day ON observations(skill_id, observed_day);
CREATE INDEX observations_session ON observations(session_id) WHERE session_id IS NOT NULL;
CREATE INDEX observations_account ON observations(account COLLATE NOCASE);

CREATE TABLE commitments (
    id             INTEGER PRIMARY KEY,
    rep_id         INTEGER NOT NULL REFERENCES reps(id),
    session_id     INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    text           TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner          TEXT NOT NULL CHECK (owner IN ('rep', 'manager')),
    due_day        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    created_utc_ms INTEGER NOT NULL,
    closed_utc_ms  INTEGER,
    CHECK ((status = 'open') = (closed_utc_ms IS NULL))
);
CREATE INDEX commitments_rep_status ON commitments(rep_id, status, due_day);
CREATE INDEX commitments_due ON commitments(status, due_day);
