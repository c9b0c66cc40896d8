-- Schema v7: coaching plans, the one to three focus skills a manager works on with a rep,
-- kept as history once closed; and how useful the rep found each held session, as last
-- imported from their rep file.
CREATE TABLE coaching_plans (
    id          INTEGER PRIMARY KEY,
    rep_id      INTEGER NOT NULL REFERENCES reps(id),
    skill_id    INTEGER NOT NULL REFERENCES skills(id),
    started_day INTEGER NOT NULL,
    start_level REAL CHECK (start_level IS NULL OR start_level BETWEEN 1 AND 5),
    target      INTEGER NOT NULL CHECK (target BETWEEN 1 AND 5),
    review_day  INTEGER NOT NULL CHECK (review_day >= started_day),
    why         TEXT NOT NULL DEFAULT '',
    shared      INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1)),
    status      TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'met', 'dropped', 'carried_on')),
    closed_day  INTEGER CHECK (closed_day IS NULL OR closed_day >= started_day),
    CHECK ((status = 'active') = (closed_day IS NULL))
);
CREATE INDEX coaching_plans_rep ON coaching_plans(rep_id, started_day);
-- A skill is in at most one running plan per rep.
CREATE UNIQUE INDEX coaching_plans_one_active
    ON coaching_plans(rep_id, skill_id) WHERE status = 'active';

CREATE TABLE session_ratings (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    usefulness INTEGER NOT NULL CHECK (usefulness BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT ''
);
