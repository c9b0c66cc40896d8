-- Server schema 4: a rep's own answers (self-ratings, reflections, topics and session
-- ratings), written by the rep's login from the rep view and read by their manager's
-- Coachbook at its next sync. One row per rep holds the answers whole, as the rep view
-- last saved them; `revision` grows with every send, so a manager's sync takes in only
-- what changed. The manager's Coachbook checks every limit and cleans every text again:
-- this row was written by someone else's computer.

CREATE TABLE coachbook.rep_answers (
    manager     text NOT NULL REFERENCES coachbook.managers(login),
    rep_id      bigint NOT NULL,
    revision    bigint NOT NULL CHECK (revision > 0),
    sent_utc_ms bigint NOT NULL,
    answers     text NOT NULL CHECK (octet_length(answers) <= 8388608),
    PRIMARY KEY (manager, rep_id)
);
ALTER TABLE coachbook.rep_answers ENABLE ROW LEVEL SECURITY;

GRANT SELECT, INSERT, UPDATE ON coachbook.rep_answers TO coachbook_rep;
CREATE POLICY rep_own ON coachbook.rep_answers FOR ALL TO coachbook_rep
    USING ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()))
    WITH CHECK ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()));

GRANT SELECT ON coachbook.rep_answers TO coachbook_manager;
CREATE POLICY own_team ON coachbook.rep_answers FOR SELECT TO coachbook_manager
    USING (manager = current_user);
