-- Schema v11: skills that come from the organization's framework, and the coaching goal
-- among what is published. `org_key` is the skill's name in the organization's framework,
-- case folded; a manager's own skills have none. The organization's skills are changed
-- only by pulling a newer framework, which updates them in place (so their history stays
-- theirs) and retires the ones it dropped.
ALTER TABLE skills ADD COLUMN org_key TEXT;
CREATE UNIQUE INDEX skills_org_key ON skills(org_key) WHERE org_key IS NOT NULL;

-- The manager's coaching goal is published too (the leader compares time coached with
-- it): a change of that one setting queues the file's settings.
CREATE TRIGGER outbox_goal_insert AFTER INSERT ON meta
WHEN NEW.key = 'coaching_goal_mins_per_week' AND EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('settings', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_goal_update AFTER UPDATE ON meta
WHEN NEW.key = 'coaching_goal_mins_per_week' AND EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('settings', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;

CREATE TRIGGER outbox_goal_delete AFTER DELETE ON meta
WHEN OLD.key = 'coaching_goal_mins_per_week' AND EXISTS (SELECT 1 FROM org_link)
BEGIN
    INSERT INTO outbox (unit, local_id, seq)
        VALUES ('settings', 0, (SELECT coalesce(max(seq), 0) + 1 FROM outbox))
        ON CONFLICT (unit, local_id) DO UPDATE SET seq = excluded.seq;
END;
