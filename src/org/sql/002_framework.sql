-- Server schema 2: the organization's framework. Enablement publishes it whole, as the
-- framework file it wrote, under a version that only grows; every manager's Coachbook
-- pulls the newest and keeps its skills in step (see store::framework::adopt). A
-- manager's published skills say which of them are the organization's (`org_key`), so
-- the leader's figures line skills up across teams.
ALTER TABLE coachbook.skills ADD COLUMN org_key text;
CREATE INDEX skills_org_key ON coachbook.skills (org_key) WHERE org_key IS NOT NULL;

CREATE TABLE coachbook.framework_versions (
    version          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    published_utc_ms bigint NOT NULL,
    published_by     text NOT NULL DEFAULT current_user,
    source           text NOT NULL CHECK (octet_length(source) <= 1000000)
);
ALTER TABLE coachbook.framework_versions ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON coachbook.framework_versions
    TO coachbook_manager, coachbook_leader, coachbook_rep, coachbook_enablement;
GRANT INSERT (published_utc_ms, source) ON coachbook.framework_versions
    TO coachbook_enablement;
CREATE POLICY everyone_reads ON coachbook.framework_versions FOR SELECT USING (true);
CREATE POLICY enablement_publishes ON coachbook.framework_versions FOR INSERT
    TO coachbook_enablement WITH CHECK (published_by = current_user);
