-- Server schema 1: who is who, and each manager's shared team data.
-- Every team row is keyed by (manager, the id it has in that manager's data file), so a
-- publish is an upsert that can be repeated without harm. Instants are UTC milliseconds
-- and dates are days since 1970-01-01, as in the data file, so a row compares equal to
-- the one it came from. Nothing private has a column here: no private notes, preparation,
-- talking points, skip notes or private observations.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coachbook_manager') THEN
        CREATE ROLE coachbook_manager NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coachbook_leader') THEN
        CREATE ROLE coachbook_leader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coachbook_rep') THEN
        CREATE ROLE coachbook_rep NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coachbook_enablement') THEN
        CREATE ROLE coachbook_enablement NOLOGIN;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA coachbook FROM PUBLIC;
GRANT USAGE ON SCHEMA coachbook
    TO coachbook_manager, coachbook_leader, coachbook_rep, coachbook_enablement;

CREATE TABLE coachbook.leaders (
    login text PRIMARY KEY,
    name  text NOT NULL
);

CREATE TABLE coachbook.managers (
    login  text PRIMARY KEY,
    name   text NOT NULL,
    leader text REFERENCES coachbook.leaders(login)
);

-- A rep's login reads the history of one rep of one manager.
CREATE TABLE coachbook.rep_logins (
    login   text PRIMARY KEY,
    manager text NOT NULL REFERENCES coachbook.managers(login),
    rep_id  bigint NOT NULL,
    UNIQUE (manager, rep_id)
);

CREATE TABLE coachbook.reps (
    manager   text NOT NULL REFERENCES coachbook.managers(login),
    id        bigint NOT NULL,
    name      text NOT NULL,
    role      text NOT NULL,
    email     text NOT NULL,
    start_day bigint,
    archived  boolean NOT NULL,
    PRIMARY KEY (manager, id)
);

CREATE TABLE coachbook.rep_targets (
    manager  text NOT NULL REFERENCES coachbook.managers(login),
    rep_id   bigint NOT NULL,
    skill_id bigint NOT NULL,
    level    bigint NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (manager, rep_id, skill_id)
);

CREATE TABLE coachbook.skills (
    manager     text NOT NULL REFERENCES coachbook.managers(login),
    id          bigint NOT NULL,
    bucket      text NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    name        text NOT NULL,
    description text NOT NULL,
    rubric_1    text NOT NULL,
    rubric_3    text NOT NULL,
    rubric_5    text NOT NULL,
    position    bigint NOT NULL,
    retired     boolean NOT NULL,
    PRIMARY KEY (manager, id)
);

CREATE TABLE coachbook.roles (
    manager  text NOT NULL REFERENCES coachbook.managers(login),
    code     text NOT NULL,
    name     text NOT NULL,
    position bigint NOT NULL,
    PRIMARY KEY (manager, code)
);

CREATE TABLE coachbook.role_targets (
    manager  text NOT NULL REFERENCES coachbook.managers(login),
    role     text NOT NULL,
    skill_id bigint NOT NULL,
    level    bigint NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (manager, role, skill_id)
);

CREATE TABLE coachbook.cadences (
    manager         text NOT NULL REFERENCES coachbook.managers(login),
    id              bigint NOT NULL,
    rep_id          bigint NOT NULL,
    rrule           text NOT NULL,
    start_day       bigint NOT NULL,
    local_time_mins bigint NOT NULL,
    duration_mins   bigint NOT NULL,
    time_zone       text NOT NULL,
    until_day       bigint,
    count           bigint,
    active          boolean NOT NULL,
    ended_utc_ms    bigint,
    PRIMARY KEY (manager, id)
);

CREATE TABLE coachbook.sessions (
    manager           text NOT NULL REFERENCES coachbook.managers(login),
    id                bigint NOT NULL,
    rep_id            bigint NOT NULL,
    cadence_id        bigint,
    occurrence_utc_ms bigint,
    start_utc_ms      bigint NOT NULL,
    duration_mins     bigint NOT NULL,
    status            text NOT NULL
                      CHECK (status IN ('planned', 'held', 'skipped', 'missed', 'cancelled')),
    skip_reason       text,
    summary           text NOT NULL,
    PRIMARY KEY (manager, id)
);
CREATE INDEX sessions_rep_start ON coachbook.sessions (manager, rep_id, start_utc_ms);

-- Only the shared text of a session's notes.
CREATE TABLE coachbook.session_notes (
    manager    text NOT NULL REFERENCES coachbook.managers(login),
    session_id bigint NOT NULL,
    bucket     text NOT NULL CHECK (bucket IN ('organization', 'selling', 'customer')),
    text       text NOT NULL,
    PRIMARY KEY (manager, session_id, bucket)
);

-- Only the observations shared with the rep.
CREATE TABLE coachbook.observations (
    manager      text NOT NULL REFERENCES coachbook.managers(login),
    id           bigint NOT NULL,
    rep_id       bigint NOT NULL,
    skill_id     bigint NOT NULL,
    observed_day bigint NOT NULL,
    rating       bigint CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    evidence     text NOT NULL,
    context      text NOT NULL,
    account      text NOT NULL,
    session_id   bigint,
    PRIMARY KEY (manager, id)
);
CREATE INDEX observations_rep_skill_day
    ON coachbook.observations (manager, rep_id, skill_id, observed_day) INCLUDE (rating);

CREATE TABLE coachbook.commitments (
    manager       text NOT NULL REFERENCES coachbook.managers(login),
    id            bigint NOT NULL,
    rep_id        bigint NOT NULL,
    session_id    bigint,
    text          text NOT NULL,
    owner         text NOT NULL CHECK (owner IN ('rep', 'manager')),
    due_day       bigint NOT NULL,
    status        text NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_utc_ms bigint,
    PRIMARY KEY (manager, id)
);
CREATE INDEX commitments_rep ON coachbook.commitments (manager, rep_id);

-- Only the plans shared with the rep.
CREATE TABLE coachbook.plans (
    manager     text NOT NULL REFERENCES coachbook.managers(login),
    id          bigint NOT NULL,
    rep_id      bigint NOT NULL,
    skill_id    bigint NOT NULL,
    started_day bigint NOT NULL,
    start_level double precision,
    target      bigint NOT NULL CHECK (target BETWEEN 1 AND 5),
    review_day  bigint NOT NULL,
    why         text NOT NULL,
    status      text NOT NULL,
    closed_day  bigint,
    PRIMARY KEY (manager, id)
);

-- The manager and rep a rep's login stands for. SECURITY DEFINER so the policies below
-- can read rep_logins without granting reps that table; inside it current_user is the
-- function's owner, so the login is session_user (a rep cannot SET ROLE to anyone).
CREATE FUNCTION coachbook.my_rep(OUT manager text, OUT rep_id bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT manager, rep_id FROM coachbook.rep_logins WHERE login = session_user $$;
REVOKE ALL ON FUNCTION coachbook.my_rep() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION coachbook.my_rep() TO coachbook_rep;

ALTER TABLE coachbook.leaders ENABLE ROW LEVEL SECURITY;
ALTER TABLE coachbook.managers ENABLE ROW LEVEL SECURITY;
ALTER TABLE coachbook.rep_logins ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON coachbook.managers TO coachbook_manager;
CREATE POLICY manager_self ON coachbook.managers FOR SELECT TO coachbook_manager
    USING (login = current_user);
GRANT SELECT ON coachbook.leaders, coachbook.managers TO coachbook_leader;
CREATE POLICY leader_self ON coachbook.leaders FOR SELECT TO coachbook_leader
    USING (login = current_user);
CREATE POLICY leader_managers ON coachbook.managers FOR SELECT TO coachbook_leader
    USING (leader = current_user);
GRANT SELECT ON coachbook.rep_logins TO coachbook_rep;
CREATE POLICY rep_self ON coachbook.rep_logins FOR SELECT TO coachbook_rep
    USING (login = current_user);

-- A manager reads and writes their own team's rows and nothing else.
DO $$
DECLARE
    team text;
BEGIN
    FOREACH team IN ARRAY ARRAY['reps', 'rep_targets', 'skills', 'roles', 'role_targets',
        'cadences', 'sessions', 'session_notes', 'observations', 'commitments', 'plans']
    LOOP
        EXECUTE format('ALTER TABLE coachbook.%I ENABLE ROW LEVEL SECURITY', team);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON coachbook.%I
                        TO coachbook_manager', team);
        EXECUTE format('CREATE POLICY own_team ON coachbook.%I FOR ALL TO coachbook_manager
                        USING (manager = current_user) WITH CHECK (manager = current_user)',
                       team);
    END LOOP;
END
$$;

-- A rep reads only what was shared with them: their own row, their held sessions and
-- those sessions' shared notes, their shared observations, commitments and plans, and the
-- framework they are rated against.
GRANT SELECT ON coachbook.reps, coachbook.rep_targets, coachbook.skills, coachbook.roles,
    coachbook.role_targets, coachbook.sessions, coachbook.session_notes,
    coachbook.observations, coachbook.commitments, coachbook.plans TO coachbook_rep;
CREATE POLICY rep_own ON coachbook.reps FOR SELECT TO coachbook_rep
    USING ((manager, id) = (SELECT * FROM coachbook.my_rep()));
CREATE POLICY rep_own ON coachbook.rep_targets FOR SELECT TO coachbook_rep
    USING ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()));
CREATE POLICY rep_framework ON coachbook.skills FOR SELECT TO coachbook_rep
    USING (manager = (SELECT manager FROM coachbook.my_rep()));
CREATE POLICY rep_framework ON coachbook.roles FOR SELECT TO coachbook_rep
    USING (manager = (SELECT manager FROM coachbook.my_rep()));
CREATE POLICY rep_framework ON coachbook.role_targets FOR SELECT TO coachbook_rep
    USING (manager = (SELECT manager FROM coachbook.my_rep()));
CREATE POLICY rep_own ON coachbook.sessions FOR SELECT TO coachbook_rep
    USING ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()) AND status = 'held');
CREATE POLICY rep_own ON coachbook.session_notes FOR SELECT TO coachbook_rep
    USING (EXISTS (SELECT 1 FROM coachbook.sessions s
                   WHERE s.manager = session_notes.manager AND s.id = session_notes.session_id));
CREATE POLICY rep_own ON coachbook.observations FOR SELECT TO coachbook_rep
    USING ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()));
CREATE POLICY rep_own ON coachbook.commitments FOR SELECT TO coachbook_rep
    USING ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()));
CREATE POLICY rep_own ON coachbook.plans FOR SELECT TO coachbook_rep
    USING ((manager, rep_id) = (SELECT * FROM coachbook.my_rep()));

-- A leader reads roll-ups of the teams under them, never the rows themselves: a view
-- runs as its owner, and each one filters to the leader's own managers.
CREATE VIEW coachbook.team_roll_up AS
    SELECT m.login AS manager, m.name,
           (SELECT count(*) FROM coachbook.reps r
             WHERE r.manager = m.login AND NOT r.archived) AS reps,
           (SELECT count(*) FROM coachbook.sessions s
             WHERE s.manager = m.login AND s.status = 'held') AS sessions_held,
           (SELECT count(*) FROM coachbook.observations o
             WHERE o.manager = m.login) AS observations
      FROM coachbook.managers m
     WHERE m.leader = current_user;
REVOKE ALL ON coachbook.team_roll_up FROM PUBLIC;
GRANT SELECT ON coachbook.team_roll_up TO coachbook_leader;
