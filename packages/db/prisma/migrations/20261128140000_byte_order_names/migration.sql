-- Repository and tag names compare in byte order (the OCI spec's lexical order for _catalog and
-- tags/list), whatever the database's default collation is. With "C" on the columns, the unique indexes
-- serve the paginated listings directly (index-only range scans instead of scan + sort).
ALTER TABLE "repository" ALTER COLUMN "name" TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE "tag" ALTER COLUMN "name" TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE "artifact" ALTER COLUMN "repository_name" TYPE VARCHAR(255) COLLATE "C";
ALTER TABLE "project" ALTER COLUMN "name" TYPE VARCHAR(255) COLLATE "C";
