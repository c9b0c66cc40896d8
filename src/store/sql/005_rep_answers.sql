-- Schema v5: what a rep sent back in their rep file: a self-rating per skill, a
-- reflection per commitment, and topics for the next session. Importing again replaces a
-- rep's rows, so these hold the latest file received from each rep.
CREATE TABLE self_assessments (
    rep_id   INTEGER NOT NULL REFERENCES reps(id),
    skill_id INTEGER NOT NULL REFERENCES skills(id),
    rating   INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (rep_id, skill_id)
) WITHOUT ROWID;

CREATE TABLE commitment_reflections (
    commitment_id INTEGER PRIMARY KEY REFERENCES commitments(id) ON DELETE CASCADE,
    text          TEXT NOT NULL CHECK (length(trim(text)) > 0)
);

CREATE TABLE rep_topics (
    id       INTEGER PRIMARY KEY,
    rep_id   INTEGER NOT NULL REFERENCES reps(id),
    bucket   TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    text     TEXT NOT NULL CHECK (length(trim(text)) > 0),
    position INTEGER NOT NULL
);
CREATE INDEX rep_topics_rep ON rep_topics(rep_id, position);

-- When each rep's answers arrived, so topics are proposed only until the next session
-- is held.
CREATE TABLE rep_answer_imports (
    rep_id          INTEGER PRIMARY KEY REFERENCES reps(id),
    received_utc_ms INTEGER NOT NULL
);
