-- Server schema 6: a login's own rows found through the index. `current_user` is of type
-- name, whose collation is "C"; compared with a text column of the default collation, the
-- comparison cannot use a btree index, so every policy that named it read the login's
-- rows by scanning the whole table (a day's publish deleted 21 rows in 0.8 s at 50 teams).
-- The policies now compare with the login as text in the column's own collation.

DO $$
DECLARE
    team text;
BEGIN
    FOREACH team IN ARRAY ARRAY['reps', 'rep_targets', 'skills', 'roles', 'role_targets',
        'cadences', 'sessions', 'session_notes', 'observations', 'commitments', 'plans',
        'manager_settings']
    LOOP
        EXECUTE format('ALTER POLICY own_team ON coachbook.%I
                        USING (manager = (current_user::text COLLATE "default"))
                        WITH CHECK (manager = (current_user::text COLLATE "default"))', team);
    END LOOP;
END
$$;

ALTER POLICY own_team ON coachbook.rep_answers
    USING (manager = (current_user::text COLLATE "default"));
