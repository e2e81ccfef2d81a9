-- Harbor ships with one public project, "library", owned by the admin user (id 1). Idempotent so that a
-- database seeded by other means (or a re-run after a partial failure) is left as it is.
INSERT INTO "project" ("name", "owner_id", "public")
VALUES ('library', 1, true)
ON CONFLICT ("name") DO NOTHING;
