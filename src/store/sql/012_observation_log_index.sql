-- Schema v12: the observation log the window reads at start-up (every observation's
-- summary, in day order) comes from one index holding every column it reads. The scan then
-- stays off the table's pages, which also hold the long evidence texts; on an encrypted
-- file each page read is one more to decrypt. It replaces the index on the day alone, whose
-- lookups it serves as well.
CREATE INDEX observations_log
    ON observations(observed_day, id, rep_id, skill_id, rating, context, shared, account);
DROP INDEX observations_day;
