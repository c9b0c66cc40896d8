-- Schema v9: the manager's own calendar as busy time, read from their calendar file.
-- Only when they are busy is kept; the title only when they asked for it.
CREATE TABLE busy_blocks (
    id           INTEGER PRIMARY KEY,
    start_utc_ms INTEGER NOT NULL,
    end_utc_ms   INTEGER NOT NULL CHECK (end_utc_ms > start_utc_ms),
    title        TEXT
);
CREATE INDEX busy_blocks_start ON busy_blocks(start_utc_ms);
