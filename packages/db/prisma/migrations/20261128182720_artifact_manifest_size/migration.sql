-- AlterTable
ALTER TABLE "artifact" ADD COLUMN     "manifest_size" BIGINT NOT NULL DEFAULT 0;


-- Artifacts pushed before this column existed recorded only their manifest's length in `size`: keep
-- that as the manifest size, then make `size` the whole artifact as Harbor reports it (manifest plus the
-- blobs it references; an index plus its children).
UPDATE "artifact" SET "manifest_size" = "size";
UPDATE "artifact" a SET "size" = a."manifest_size" + coalesce((
  SELECT sum(b."size") FROM "artifact_blob" ab JOIN "blob" b ON b."digest" = ab."digest_blob"
  WHERE ab."digest_af" = a."digest" AND ab."digest_blob" <> a."digest"), 0);
UPDATE "artifact" p SET "size" = p."manifest_size" + coalesce((
  SELECT sum(c."size") FROM "artifact_reference" r JOIN "artifact" c ON c."id" = r."child_id"
  WHERE r."parent_id" = p."id"), 0)
WHERE EXISTS (SELECT 1 FROM "artifact_reference" r WHERE r."parent_id" = p."id");
