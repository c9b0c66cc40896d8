-- Server schema 5: the leader's coverage and heat map read at 50 teams in well under a
-- second. A level is the recency-weighted mean of a rep's ratings of a skill, with weight
-- 2^((day - as_of) / half-life). The as_of factor is the same for every rating of the
-- mean, so it cancels: the mean equals the one with weights 2^((day - last_day) / 90)
-- for any fixed last_day. `level_sums` keeps those sums per manager, rep and skill as
-- rows arrive (the newest rating as the reference, so no weight exceeds 1 and none can
-- overflow), and `leader_levels` reads them instead of every observation. Only the
-- default half-life of 90 days is kept; another half-life, or a report as of a day before
-- a group's newest rating, is computed from the rows as before.

CREATE INDEX observations_manager_day
    ON coachbook.observations (manager, observed_day) INCLUDE (skill_id, rating);

CREATE TABLE coachbook.level_sums (
    manager  text NOT NULL,
    rep_id   bigint NOT NULL,
    skill_id bigint NOT NULL,
    last_day bigint NOT NULL,
    weights  double precision NOT NULL,
    weighted double precision NOT NULL,
    ratings  bigint NOT NULL,
    PRIMARY KEY (manager, rep_id, skill_id)
);
-- Nobody reads or writes it but the functions below, which run as its owner.
ALTER TABLE coachbook.level_sums ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON coachbook.level_sums FROM PUBLIC;

-- A rating's weight against the group's newest day; 0 past a thousand half-lives, where
-- a double would underflow (and PostgreSQL would refuse the power).
CREATE FUNCTION coachbook.level_weight(day bigint, last_day bigint)
    RETURNS double precision
    LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN day - last_day < -90000 THEN 0::double precision
                ELSE power(2::double precision, (day - last_day) / 90.0) END
$$;

-- Rows added: their sums are added to the group's, each side brought to the newer day.
CREATE FUNCTION coachbook.level_sums_added() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO coachbook.level_sums AS ls
           (manager, rep_id, skill_id, last_day, weights, weighted, ratings)
    SELECT manager, rep_id, skill_id, last_day,
           sum(coachbook.level_weight(observed_day, last_day)),
           sum(coachbook.level_weight(observed_day, last_day) * rating),
           count(*)
      FROM (SELECT manager, rep_id, skill_id, observed_day, rating,
                   max(observed_day) OVER (PARTITION BY manager, rep_id, skill_id) AS last_day
              FROM added WHERE rating IS NOT NULL) a
     GROUP BY manager, rep_id, skill_id, last_day
    ON CONFLICT (manager, rep_id, skill_id) DO UPDATE SET
        last_day = greatest(ls.last_day, EXCLUDED.last_day),
        weights = ls.weights
                      * coachbook.level_weight(ls.last_day, greatest(ls.last_day, EXCLUDED.last_day))
                  + EXCLUDED.weights
                      * coachbook.level_weight(EXCLUDED.last_day, greatest(ls.last_day, EXCLUDED.last_day)),
        weighted = ls.weighted
                      * coachbook.level_weight(ls.last_day, greatest(ls.last_day, EXCLUDED.last_day))
                  + EXCLUDED.weighted
                      * coachbook.level_weight(EXCLUDED.last_day, greatest(ls.last_day, EXCLUDED.last_day)),
        ratings = ls.ratings + EXCLUDED.ratings;
    RETURN NULL;
END
$$;

-- The sums of the groups in `touched`, counted again from the rows: a removal is never
-- subtracted, so no rounding can build up.
CREATE FUNCTION coachbook.level_sums_recount(touched coachbook.level_sums[])
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM coachbook.level_sums ls
     USING (SELECT DISTINCT manager, rep_id, skill_id FROM unnest(touched)) t
     WHERE ls.manager = t.manager AND ls.rep_id = t.rep_id AND ls.skill_id = t.skill_id;
    INSERT INTO coachbook.level_sums (manager, rep_id, skill_id, last_day, weights, weighted,
                                      ratings)
    SELECT manager, rep_id, skill_id, last_day,
           sum(coachbook.level_weight(observed_day, last_day)),
           sum(coachbook.level_weight(observed_day, last_day) * rating),
           count(*)
      FROM (SELECT o.manager, o.rep_id, o.skill_id, o.observed_day, o.rating,
                   max(o.observed_day) OVER (PARTITION BY o.manager, o.rep_id, o.skill_id)
                       AS last_day
              FROM (SELECT DISTINCT manager, rep_id, skill_id FROM unnest(touched)) t
              JOIN coachbook.observations o
                ON o.manager = t.manager AND o.rep_id = t.rep_id AND o.skill_id = t.skill_id
             WHERE o.rating IS NOT NULL) a
     GROUP BY manager, rep_id, skill_id, last_day;
END
$$;

-- Rows removed or changed: their groups are counted again (an update's groups are those
-- of its rows both before and after).
CREATE FUNCTION coachbook.level_sums_removed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM coachbook.level_sums_recount(array(
            SELECT ROW(manager, rep_id, skill_id, 0, 0, 0, 0)::coachbook.level_sums
              FROM (SELECT manager, rep_id, skill_id FROM removed
                    UNION SELECT manager, rep_id, skill_id FROM added) r));
    ELSE
        PERFORM coachbook.level_sums_recount(array(
            SELECT ROW(manager, rep_id, skill_id, 0, 0, 0, 0)::coachbook.level_sums
              FROM (SELECT DISTINCT manager, rep_id, skill_id FROM removed) r));
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION coachbook.level_sums_added(), coachbook.level_sums_removed(),
    coachbook.level_sums_recount(coachbook.level_sums[])
    FROM PUBLIC;

CREATE TRIGGER level_sums_added AFTER INSERT ON coachbook.observations
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION coachbook.level_sums_added();
CREATE TRIGGER level_sums_removed AFTER DELETE ON coachbook.observations
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION coachbook.level_sums_removed();
CREATE TRIGGER level_sums_changed AFTER UPDATE ON coachbook.observations
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION coachbook.level_sums_removed();

-- The rows already on the server.
SELECT coachbook.level_sums_recount(array(
    SELECT ROW(manager, rep_id, skill_id, 0, 0, 0, 0)::coachbook.level_sums
      FROM (SELECT DISTINCT manager, rep_id, skill_id FROM coachbook.observations) g));

-- Coverage: per rep, only the window's sessions and the newest held one are read, each
-- an index range, instead of every session of every team.
CREATE OR REPLACE FUNCTION coachbook.leader_reps(as_of_day bigint, window_days bigint)
    RETURNS TABLE (manager text, manager_name text, rep_id bigint, rep_name text,
                   role text, held bigint, missed bigint, skipped bigint, held_mins bigint,
                   last_held_day bigint, goal_mins_per_week bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.manager, m.name, r.id, r.name, r.role,
           coalesce(w.held, 0), coalesce(w.missed, 0), coalesce(w.skipped, 0),
           coalesce(w.held_mins, 0),
           (SELECT floor(s.start_utc_ms / 86400000.0)::bigint
              FROM coachbook.sessions s
             WHERE s.manager = r.manager AND s.rep_id = r.id AND s.status = 'held'
               AND s.start_utc_ms < (as_of_day + 1) * 86400000
             ORDER BY s.start_utc_ms DESC LIMIT 1),
           coalesce(g.coaching_goal_mins_per_week, 45)
      FROM coachbook.reps r
      JOIN coachbook.managers m ON m.login = r.manager AND m.leader = session_user
      LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE s.status = 'held') AS held,
                 count(*) FILTER (WHERE s.status = 'missed') AS missed,
                 count(*) FILTER (WHERE s.status = 'skipped') AS skipped,
                 sum(s.duration_mins) FILTER (WHERE s.status = 'held')::bigint AS held_mins
            FROM coachbook.sessions s
           WHERE s.manager = r.manager AND s.rep_id = r.id
             AND s.start_utc_ms >= (as_of_day - window_days + 1) * 86400000
             AND s.start_utc_ms < (as_of_day + 1) * 86400000
      ) w ON true
      LEFT JOIN coachbook.manager_settings g ON g.manager = r.manager
     WHERE NOT r.archived
$$;

-- Levels: from the sums where they answer the question, from the rows where not.
CREATE OR REPLACE FUNCTION coachbook.leader_levels(as_of_day bigint,
                                                   half_life_days double precision)
    RETURNS TABLE (manager text, rep_id bigint, org_key text, level double precision,
                   ratings bigint, target bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    WITH mine AS (SELECT login FROM coachbook.managers WHERE leader = session_user),
    skills AS (
        SELECT manager, id, org_key FROM coachbook.skills
         WHERE org_key IS NOT NULL AND NOT retired AND manager IN (SELECT login FROM mine)
    ),
    summed AS (
        SELECT manager, rep_id, skill_id, weighted / weights AS level, ratings
          FROM coachbook.level_sums
         WHERE manager IN (SELECT login FROM mine) AND half_life_days = 90.0
           AND last_day <= as_of_day AND weights > 0
    ),
    unsummed AS (
        SELECT manager, rep_id, skill_id FROM coachbook.level_sums
         WHERE manager IN (SELECT login FROM mine)
           AND NOT (half_life_days = 90.0 AND last_day <= as_of_day AND weights > 0)
    ),
    counted AS (
        SELECT manager, rep_id, skill_id, sum(w * rating) / nullif(sum(w), 0) AS level,
               count(*) AS ratings
          FROM (SELECT o.manager, o.rep_id, o.skill_id, o.rating,
                       CASE WHEN (as_of_day - o.observed_day) / half_life_days > 1000 THEN 0
                            ELSE power(2.0, -(as_of_day - o.observed_day) / half_life_days)
                       END AS w
                  FROM unsummed u
                  JOIN coachbook.observations o
                    ON o.manager = u.manager AND o.rep_id = u.rep_id AND o.skill_id = u.skill_id
                 WHERE o.rating IS NOT NULL AND o.observed_day <= as_of_day) weighted
         GROUP BY manager, rep_id, skill_id
    ),
    levels AS (SELECT * FROM summed UNION ALL SELECT * FROM counted)
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
