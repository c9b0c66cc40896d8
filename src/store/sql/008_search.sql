-- Schema v8: one search index over every text a manager writes or a rep sends back.
--
-- The index is contentless: the words only, the text itself stays in its own table. It
-- keeps which column a word is in but not where (excerpts are cut from the text itself),
-- which halves its size. Its rowid carries the result group, the day and the kind (see
-- store::search), so the newest hits of a group come straight out of the index unsorted.
CREATE VIRTUAL TABLE search_index USING fts5(
    body,
    rep,
    content = '',
    contentless_delete = 1,
    detail = column,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Which index row stands for which text, so a changed text's old words can be removed.
CREATE TABLE search_rows (
    id     INTEGER PRIMARY KEY,
    source INTEGER NOT NULL,
    item   INTEGER NOT NULL,
    kind   INTEGER NOT NULL,
    grp    INTEGER NOT NULL,
    day    INTEGER NOT NULL
);
CREATE INDEX search_rows_item ON search_rows(source, item);

-- Texts written since the index was last brought up to date. Triggers fill it (plain
-- tables only: a file's triggers may not touch a virtual table); the store empties it
-- before each transaction commits. They test for the row rather than say OR IGNORE,
-- which the statement that fired them could override.
CREATE TABLE search_dirty (
    source INTEGER NOT NULL,
    item   INTEGER NOT NULL,
    PRIMARY KEY (source, item)
) WITHOUT ROWID;

CREATE TRIGGER search_reps_in AFTER INSERT ON reps
    BEGIN INSERT INTO search_dirty SELECT 1, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 1 AND item = new.id); END;
CREATE TRIGGER search_reps_up AFTER UPDATE OF name ON reps
    BEGIN INSERT INTO search_dirty SELECT 1, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 1 AND item = new.id); END;
CREATE TRIGGER search_reps_out AFTER DELETE ON reps
    BEGIN INSERT INTO search_dirty SELECT 1, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 1 AND item = old.id); END;

CREATE TRIGGER search_sessions_in AFTER INSERT ON sessions
    BEGIN INSERT INTO search_dirty SELECT 2, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 2 AND item = new.id); END;
CREATE TRIGGER search_sessions_up AFTER UPDATE ON sessions
    BEGIN INSERT INTO search_dirty SELECT 2, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 2 AND item = new.id); END;
CREATE TRIGGER search_sessions_out AFTER DELETE ON sessions
    BEGIN INSERT INTO search_dirty SELECT 2, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 2 AND item = old.id); END;

CREATE TRIGGER search_notes_in AFTER INSERT ON session_notes
    BEGIN INSERT INTO search_dirty SELECT 3, new.session_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 3 AND item = new.session_id); END;
CREATE TRIGGER search_notes_up AFTER UPDATE ON session_notes
    BEGIN INSERT INTO search_dirty SELECT 3, new.session_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 3 AND item = new.session_id); END;
CREATE TRIGGER search_notes_out AFTER DELETE ON session_notes
    BEGIN INSERT INTO search_dirty SELECT 3, old.session_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 3 AND item = old.session_id); END;

CREATE TRIGGER search_points_in AFTER INSERT ON talking_points
    BEGIN INSERT INTO search_dirty SELECT 4, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 4 AND item = new.id); END;
CREATE TRIGGER search_points_up AFTER UPDATE ON talking_points
    BEGIN INSERT INTO search_dirty SELECT 4, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 4 AND item = new.id); END;
CREATE TRIGGER search_points_out AFTER DELETE ON talking_points
    BEGIN INSERT INTO search_dirty SELECT 4, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 4 AND item = old.id); END;

CREATE TRIGGER search_commitments_in AFTER INSERT ON commitments
    BEGIN INSERT INTO search_dirty SELECT 5, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 5 AND item = new.id); END;
CREATE TRIGGER search_commitments_up AFTER UPDATE ON commitments
    BEGIN INSERT INTO search_dirty SELECT 5, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 5 AND item = new.id); END;
CREATE TRIGGER search_commitments_out AFTER DELETE ON commitments
    BEGIN INSERT INTO search_dirty SELECT 5, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 5 AND item = old.id); END;

CREATE TRIGGER search_observations_in AFTER INSERT ON observations
    BEGIN INSERT INTO search_dirty SELECT 6, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 6 AND item = new.id); END;
CREATE TRIGGER search_observations_up AFTER UPDATE ON observations
    BEGIN INSERT INTO search_dirty SELECT 6, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 6 AND item = new.id); END;
CREATE TRIGGER search_observations_out AFTER DELETE ON observations
    BEGIN INSERT INTO search_dirty SELECT 6, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 6 AND item = old.id); END;

CREATE TRIGGER search_topics_in AFTER INSERT ON rep_topics
    BEGIN INSERT INTO search_dirty SELECT 7, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 7 AND item = new.id); END;
CREATE TRIGGER search_topics_up AFTER UPDATE ON rep_topics
    BEGIN INSERT INTO search_dirty SELECT 7, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 7 AND item = new.id); END;
CREATE TRIGGER search_topics_out AFTER DELETE ON rep_topics
    BEGIN INSERT INTO search_dirty SELECT 7, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 7 AND item = old.id); END;

CREATE TRIGGER search_assessments_in AFTER INSERT ON self_assessments
    BEGIN INSERT INTO search_dirty SELECT 8, new.rep_id * 4294967296 + new.skill_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 8 AND item = new.rep_id * 4294967296 + new.skill_id); END;
CREATE TRIGGER search_assessments_up AFTER UPDATE ON self_assessments
    BEGIN INSERT INTO search_dirty SELECT 8, new.rep_id * 4294967296 + new.skill_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 8 AND item = new.rep_id * 4294967296 + new.skill_id); END;
CREATE TRIGGER search_assessments_out AFTER DELETE ON self_assessments
    BEGIN INSERT INTO search_dirty SELECT 8, old.rep_id * 4294967296 + old.skill_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 8 AND item = old.rep_id * 4294967296 + old.skill_id); END;

CREATE TRIGGER search_reflections_in AFTER INSERT ON commitment_reflections
    BEGIN INSERT INTO search_dirty SELECT 9, new.commitment_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 9 AND item = new.commitment_id); END;
CREATE TRIGGER search_reflections_up AFTER UPDATE ON commitment_reflections
    BEGIN INSERT INTO search_dirty SELECT 9, new.commitment_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 9 AND item = new.commitment_id); END;
CREATE TRIGGER search_reflections_out AFTER DELETE ON commitment_reflections
    BEGIN INSERT INTO search_dirty SELECT 9, old.commitment_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 9 AND item = old.commitment_id); END;

CREATE TRIGGER search_ratings_in AFTER INSERT ON session_ratings
    BEGIN INSERT INTO search_dirty SELECT 10, new.session_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 10 AND item = new.session_id); END;
CREATE TRIGGER search_ratings_up AFTER UPDATE ON session_ratings
    BEGIN INSERT INTO search_dirty SELECT 10, new.session_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 10 AND item = new.session_id); END;
CREATE TRIGGER search_ratings_out AFTER DELETE ON session_ratings
    BEGIN INSERT INTO search_dirty SELECT 10, old.session_id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 10 AND item = old.session_id); END;

CREATE TRIGGER search_plans_in AFTER INSERT ON coaching_plans
    BEGIN INSERT INTO search_dirty SELECT 11, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 11 AND item = new.id); END;
CREATE TRIGGER search_plans_up AFTER UPDATE ON coaching_plans
    BEGIN INSERT INTO search_dirty SELECT 11, new.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 11 AND item = new.id); END;
CREATE TRIGGER search_plans_out AFTER DELETE ON coaching_plans
    BEGIN INSERT INTO search_dirty SELECT 11, old.id
        WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE source = 11 AND item = old.id); END;
