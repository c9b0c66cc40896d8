-- Schema v6: every rep file shared, by the random token it carries, with the rep, the
-- period and the moment it was shared. A returned rep file is imported only when its
-- token is here and all of these are as the file states them.
CREATE TABLE rep_shares (
    token         TEXT PRIMARY KEY
                  CHECK (length(token) = 64 AND token NOT GLOB '*[^0-9a-f]*'),
    rep_id        INTEGER NOT NULL REFERENCES reps(id),
    rep_name      TEXT NOT NULL,
    from_day      INTEGER NOT NULL,
    to_day        INTEGER NOT NULL CHECK (to_day >= from_day),
    shared_utc_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX rep_shares_rep ON rep_shares(rep_id, shared_utc_ms);
