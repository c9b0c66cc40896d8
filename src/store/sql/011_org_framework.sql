-- Schema v11: skills that come from the organization's framework. `org_key` is the
-- skill's name in the organization's framework, case folded; a manager's own skills have
-- none. The organization's skills are changed only by pulling a newer framework, which
-- updates them in place (so their history stays theirs) and retires the ones it dropped.
ALTER TABLE skills ADD COLUMN org_key TEXT;
CREATE UNIQUE INDEX skills_org_key ON skills(org_key) WHERE org_key IS NOT NULL;
