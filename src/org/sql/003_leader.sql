-- Server schema 3: what a leader reads. Each manager publishes their coaching goal; the
-- leader's figures are SQL aggregates over the teams of the managers under them, computed
-- here so no row leaves the server. The functions run as their owner (SECURITY DEFINER)
-- and keep to the managers whose leader is the session's login; a leader has no grant on
-- any team table. Days are UTC days since 1970-01-01, as in the published rows.

CREATE TABLE coachbook.manager_settings (
    manager                     text PRIMARY KEY REFERENCES coachbook.managers(login),
    coaching_goal_mins_per_week bigint NOT NULL
                                CHECK (coaching_goal_mins_per_week BETWEEN 5 AND 600)
);
ALTER TABLE coachbook.manager_settings ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON coachbook.manager_settings TO coachbook_manager;
CREATE POLICY own_team ON coachbook.manager_settings FOR ALL TO coachbook_manager
    USING (manager = current_user) WITH CHECK (manager = current_user);

-- Per active rep: sessions held, missed and skipped in the window, minutes held, the last
-- day a session was held, and the manager's goal (45 minutes a week when none was set).
CREATE FUNCTION coachbook.leader_reps(as_of_day bigint, window_days bigint)
    RETURNS TABLE (manager text, manager_name text, rep_id bigint, rep_name text,
                   role text, held bigint, missed bigint, skipped bigint, held_mins bigint,
                   last_held_day bigint, goal_mins_per_week bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    WITH s AS (
        SELECT s.manager, s.rep_id, s.status, s.duration_mins,
               floor(s.start_utc_ms / 86400000.0)::bigint AS day
          FROM coachbook.sessions s
         WHERE s.manager IN (SELECT login FROM coachbook.managers WHERE leader = session_user)
           AND s.start_utc_ms < (as_of_day + 1) * 86400000
    )
    SELECT r.manager, m.name, r.id, r.name, r.role,
           count(*) FILTER (WHERE s.status = 'held' AND s.day > as_of_day - window_days),
           count(*) FILTER (WHERE s.status = 'missed' AND s.day > as_of_day - window_days),
           count(*) FILTER (WHERE s.status = 'skipped' AND s.day > as_of_day - window_days),
           coalesce(sum(s.duration_mins)
                    FILTER (WHERE s.status = 'held' AND s.day > as_of_day - window_days), 0)::bigint,
           max(s.day) FILTER (WHERE s.status = 'held'),
           coalesce(g.coaching_goal_mins_per_week, 45)
      FROM coachbook.reps r
      JOIN coachbook.managers m ON m.login = r.manager AND m.leader = session_user
      LEFT JOIN s ON s.manager = r.manager AND s.rep_id = r.id
      LEFT JOIN coachbook.manager_settings g ON g.manager = r.manager
     WHERE NOT r.archived
     GROUP BY r.manager, m.name, r.id, r.name, r.role, g.coaching_goal_mins_per_week
$$;

-- Per active rep and organization skill: the level (the recency-weighted mean of the
-- shared ratings, as Coachbook computes it), how many ratings, and the target (the rep's
-- own, else their role's).
CREATE FUNCTION coachbook.leader_levels(as_of_day bigint, half_life_days double precision)
    RETURNS TABLE (manager text, rep_id bigint, org_key text, level double precision,
                   ratings bigint, target bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    WITH mine AS (SELECT login FROM coachbook.managers WHERE leader = session_user),
    skills AS (
        SELECT manager, id, org_key FROM coachbook.skills
         WHERE org_key IS NOT NULL AND NOT retired AND manager IN (SELECT login FROM mine)
    ),
    weighted AS (
        SELECT o.manager, o.rep_id, o.skill_id,
               power(2.0, -(as_of_day - o.observed_day) / half_life_days) AS w, o.rating
          FROM coachbook.observations o
         WHERE o.manager IN (SELECT login FROM mine) AND o.rating IS NOT NULL
           AND o.observed_day <= as_of_day
    ),
    levels AS (
        SELECT manager, rep_id, skill_id, sum(w * rating) / sum(w) AS level,
               count(*) AS ratings
          FROM weighted GROUP BY manager, rep_id, skill_id
    )
    SELECT r.manager, r.id, s.org_key, l.level, coalesce(l.ratings, 0),
           coalesce(rt.level, ro.level)
      FROM coachbook.reps r
      JOIN skills s ON s.manager = r.manager
      LEFT JOIN levels l ON l.manager = r.manager AND l.rep_id = r.id AND l.skill_id = s.id
      LEFT JOIN coachbook.rep_targets rt
             ON rt.manager = r.manager AND rt.rep_id = r.id AND rt.skill_id = s.id
      LEFT JOIN coachbook.role_targets ro
             ON ro.manager = r.manager AND ro.role = r.role AND ro.skill_id = s.id
     WHERE NOT r.archived AND r.manager IN (SELECT login FROM mine)
$$;

-- Per manager and organization skill: the shared ratings given in the window and how
-- they spread over the five levels, for calibration across managers.
CREATE FUNCTION coachbook.leader_ratings(as_of_day bigint, window_days bigint)
    RETURNS TABLE (manager text, org_key text, ratings bigint, mean double precision,
                   r1 bigint, r2 bigint, r3 bigint, r4 bigint, r5 bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT o.manager, s.org_key, count(*), avg(o.rating)::double precision,
           count(*) FILTER (WHERE o.rating = 1), count(*) FILTER (WHERE o.rating = 2),
           count(*) FILTER (WHERE o.rating = 3), count(*) FILTER (WHERE o.rating = 4),
           count(*) FILTER (WHERE o.rating = 5)
      FROM coachbook.observations o
      JOIN coachbook.skills s ON s.manager = o.manager AND s.id = o.skill_id
     WHERE o.manager IN (SELECT login FROM coachbook.managers WHERE leader = session_user)
       AND s.org_key IS NOT NULL AND o.rating IS NOT NULL
       AND o.observed_day > as_of_day - window_days AND o.observed_day <= as_of_day
     GROUP BY o.manager, s.org_key
$$;

-- Per manager: the coaching plans shared with reps, by status.
CREATE FUNCTION coachbook.leader_plans()
    RETURNS TABLE (manager text, status text, plans bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.manager, p.status, count(*)
      FROM coachbook.plans p
      JOIN coachbook.reps r ON r.manager = p.manager AND r.id = p.rep_id AND NOT r.archived
     WHERE p.manager IN (SELECT login FROM coachbook.managers WHERE leader = session_user)
     GROUP BY p.manager, p.status
$$;

REVOKE ALL ON FUNCTION coachbook.leader_reps(bigint, bigint),
    coachbook.leader_levels(bigint, double precision),
    coachbook.leader_ratings(bigint, bigint), coachbook.leader_plans() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION coachbook.leader_reps(bigint, bigint),
    coachbook.leader_levels(bigint, double precision),
    coachbook.leader_ratings(bigint, bigint), coachbook.leader_plans() TO coachbook_leader;
