-- Schema v3: a cadence that is replaced ends at an instant, so the old schedule keeps its
-- past occurrences and the new one owns everything after the change.
ALTER TABLE cadences ADD COLUMN ended_utc_ms INTEGER;
