-- Schema v2: full-text search over observation evidence and accounts.
-- Contentless with deletes: the text lives once, in `observations`; this index holds only
-- the words, and rows are removed by id when an observation changes or goes.
CREATE VIRTUAL TABLE observations_fts USING fts5(
    evidence,
    account,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO observations_fts (rowid, evidence, account)
    SELECT id, evidence, account FROM observations;

-- Sorting the log by evidence reads this index in order instead of sorting every row.
CREATE INDEX observations_evidence ON observations(evidence COLLATE NOCASE);
