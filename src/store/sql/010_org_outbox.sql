-- Schema v10: the link to an organization's server and the outbox of what waits to be
-- published there. The triggers note which shared unit a change touched (a rep with its
-- targets, the framework, a cadence, a session with its shared notes, an observation, a
-- commitment, a plan) in the transaction that made the change, and only once the file
-- is linked. The outbox holds no values: the sender reads the unit's shared rows when it
-- sends, so an edit, an undo or a delete is sent as the state it leaves.
CREATE TABLE org_link (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    url            TEXT NOT NULL,
    login          TEXT NOT NULL,
    ca_file        TEXT,
    password_file  TEXT,
    joined_utc_ms  INTEGER NOT NULL,
    synced_utc_ms  INTEGER
);

-- `seq` grows with every change, so the sender removes an entry only if it was not
-- touched again while its rows were on the way. The triggers upsert rather than
-- INSERT OR REPLACE: a statement's own conflict clause (the stores' upserts) overrides a
-- trigger's OR REPLACE, and the second change to a queued unit would then fail.
CREATE TABLE outbox (
    unit     TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (unit, local_id)
) WITHOUT ROWID;
CREATE INDEX outbox_seq ON outbox(seq);

CREATE TRIGGER outbox_reps_insert AFTER INSERT ON reps
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('rep', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_reps_update AFTER UPDATE ON reps
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('rep', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'rep', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.id IS NOT NEW.id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_reps_delete AFTER DELETE ON reps
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('rep', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_rep_targets_insert AFTER INSERT ON rep_targets
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('rep', NEW.rep_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_rep_targets_update AFTER UPDATE ON rep_targets
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('rep', NEW.rep_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'rep', OLD.rep_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.rep_id IS NOT NEW.rep_id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_rep_targets_delete AFTER DELETE ON rep_targets
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('rep', OLD.rep_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_skills_insert AFTER INSERT ON skills
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_skills_update AFTER UPDATE ON skills
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_skills_delete AFTER DELETE ON skills
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_roles_insert AFTER INSERT ON roles
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_roles_update AFTER UPDATE ON roles
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_roles_delete AFTER DELETE ON roles
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_role_targets_insert AFTER INSERT ON role_targets
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_role_targets_update AFTER UPDATE ON role_targets
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_role_targets_delete AFTER DELETE ON role_targets
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('framework', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_cadences_insert AFTER INSERT ON cadences
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('cadence', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_cadences_update AFTER UPDATE ON cadences
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('cadence', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'cadence', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.id IS NOT NEW.id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_cadences_delete AFTER DELETE ON cadences
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('cadence', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_sessions_insert AFTER INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('session', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_sessions_update AFTER UPDATE OF rep_id, cadence_id, occurrence_utc_ms, start_utc_ms, duration_mins, status, skip_reason, summary ON sessions
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('session', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'session', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.id IS NOT NEW.id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_sessions_delete AFTER DELETE ON sessions
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('session', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_session_notes_insert AFTER INSERT ON session_notes
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('session', NEW.session_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_session_notes_update AFTER UPDATE OF shared_text ON session_notes
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('session', NEW.session_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'session', OLD.session_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.session_id IS NOT NEW.session_id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_session_notes_delete AFTER DELETE ON session_notes
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('session', OLD.session_id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_observations_insert AFTER INSERT ON observations
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('observation', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_observations_update AFTER UPDATE ON observations
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('observation', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'observation', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.id IS NOT NEW.id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_observations_delete AFTER DELETE ON observations
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('observation', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_commitments_insert AFTER INSERT ON commitments
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('commitment', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_commitments_update AFTER UPDATE ON commitments
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('commitment', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'commitment', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.id IS NOT NEW.id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_commitments_delete AFTER DELETE ON commitments
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('commitment', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_coaching_plans_insert AFTER INSERT ON coaching_plans
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('plan', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_coaching_plans_update AFTER UPDATE ON coaching_plans
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('plan', NEW.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
    INSERT INTO outbox (unit, local_id, seq)
        SELECT 'plan', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox)
        WHERE OLD.id IS NOT NEW.id
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_coaching_plans_delete AFTER DELETE ON coaching_plans
WHEN EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('plan', OLD.id, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;
