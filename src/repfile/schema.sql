-- A Coachbook rep file, version 3: what the manager shared with one rep, and the rep's
-- own answers. The first seven tables are written by the manager's Coachbook and never
-- changed by the rep view; the last four are the only ones the rep writes. Version 3
-- added the shared coaching plans and the rep's rating of each session. `about`
-- holds the share's token, which the manager's data file issued for this rep and period.
CREATE TABLE about (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE skills (
    id          INTEGER PRIMARY KEY,
    bucket      TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    rubric_1    TEXT NOT NULL,
    rubric_3    TEXT NOT NULL,
    rubric_5    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    target      INTEGER CHECK (target IS NULL OR target BETWEEN 1 AND 5),
    retired     INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1))
);

CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    start_utc_ms  INTEGER NOT NULL,
    duration_mins INTEGER NOT NULL,
    summary       TEXT NOT NULL
);

CREATE TABLE session_notes (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    bucket     TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    text       TEXT NOT NULL,
    PRIMARY KEY (session_id, bucket)
) WITHOUT ROWID;

CREATE TABLE commitments (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER,
    text          TEXT NOT NULL,
    owner         TEXT NOT NULL CHECK (owner IN ('rep', 'manager')),
    due_day       INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_utc_ms INTEGER
);

CREATE TABLE observations (
    id           INTEGER PRIMARY KEY,
    skill_id     INTEGER NOT NULL REFERENCES skills(id),
    observed_day INTEGER NOT NULL,
    rating       INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    evidence     TEXT NOT NULL,
    context      TEXT NOT NULL,
    account      TEXT NOT NULL
);

CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    skill_id    INTEGER NOT NULL REFERENCES skills(id),
    started_day INTEGER NOT NULL,
    start_level REAL,
    target      INTEGER NOT NULL CHECK (target BETWEEN 1 AND 5),
    review_day  INTEGER NOT NULL,
    why         TEXT NOT NULL,
    status      TEXT NOT NULL,
    closed_day  INTEGER
);

CREATE TABLE self_assessments (
    skill_id INTEGER PRIMARY KEY REFERENCES skills(id),
    rating   INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reflections (
    commitment_id INTEGER PRIMARY KEY REFERENCES commitments(id),
    text          TEXT NOT NULL
);

CREATE TABLE topics (
    id       INTEGER PRIMARY KEY,
    bucket   TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    text     TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE session_ratings (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT ''
);
