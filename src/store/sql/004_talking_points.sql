-- Schema v4: the talking points of a session, each in one bucket, with why it was
-- proposed and whether it was covered.
CREATE TABLE talking_points (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    bucket     TEXT NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    text       TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    covered    INTEGER NOT NULL DEFAULT 0 CHECK (covered IN (0, 1)),
    position   INTEGER NOT NULL
);
CREATE INDEX talking_points_session ON talking_points(session_id, bucket, position);
