-- CreateTable
CREATE TABLE "project" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "owner_id" INTEGER NOT NULL DEFAULT 1,
    "public" BOOLEAN NOT NULL DEFAULT false,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "repository" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "project_id" INTEGER NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "pull_count" INTEGER NOT NULL DEFAULT 0,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact" (
    "id" SERIAL NOT NULL,
    "type" VARCHAR(255) NOT NULL,
    "media_type" VARCHAR(255) NOT NULL,
    "manifest_media_type" VARCHAR(255) NOT NULL,
    "artifact_type" VARCHAR(255),
    "project_id" INTEGER NOT NULL,
    "repository_id" INTEGER NOT NULL,
    "repository_name" VARCHAR(255) NOT NULL,
    "digest" VARCHAR(255) NOT NULL,
    "size" BIGINT NOT NULL,
    "push_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pull_time" TIMESTAMPTZ(6),
    "extra_attrs" JSONB,
    "annotations" JSONB,
    "subject_digest" VARCHAR(255),

    CONSTRAINT "artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tag" (
    "id" SERIAL NOT NULL,
    "repository_id" INTEGER NOT NULL,
    "artifact_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "push_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pull_time" TIMESTAMPTZ(6),

    CONSTRAINT "tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "blob" (
    "id" SERIAL NOT NULL,
    "digest" VARCHAR(255) NOT NULL,
    "content_type" VARCHAR(1024) NOT NULL,
    "size" BIGINT NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" VARCHAR(255) NOT NULL DEFAULT 'none',
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "blob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact_blob" (
    "id" SERIAL NOT NULL,
    "digest_af" VARCHAR(255) NOT NULL,
    "digest_blob" VARCHAR(255) NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_blob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact_reference" (
    "id" SERIAL NOT NULL,
    "parent_id" INTEGER NOT NULL,
    "child_id" INTEGER NOT NULL,
    "child_digest" VARCHAR(255) NOT NULL,
    "platform" JSONB,
    "urls" JSONB,
    "annotations" JSONB,

    CONSTRAINT "artifact_reference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "artifact_accessory" (
    "id" SERIAL NOT NULL,
    "artifact_id" INTEGER NOT NULL,
    "subject_artifact_id" INTEGER,
    "subject_artifact_repo" VARCHAR(255) NOT NULL,
    "subject_artifact_digest" VARCHAR(255) NOT NULL,
    "type" VARCHAR(255) NOT NULL,
    "size" BIGINT NOT NULL,
    "digest" VARCHAR(255) NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "artifact_accessory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "repository_blob" (
    "repository_id" INTEGER NOT NULL,
    "blob_id" INTEGER NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "repository_blob_pkey" PRIMARY KEY ("repository_id","blob_id")
);

-- CreateTable
CREATE TABLE "project_blob" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "blob_id" INTEGER NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_blob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "project_name_key" ON "project"("name");

-- CreateIndex
CREATE UNIQUE INDEX "repository_name_key" ON "repository"("name");

-- CreateIndex
CREATE INDEX "repository_project_id_idx" ON "repository"("project_id");

-- CreateIndex
CREATE INDEX "artifact_repository_id_subject_digest_idx" ON "artifact"("repository_id", "subject_digest");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_repository_id_digest_key" ON "artifact"("repository_id", "digest");

-- CreateIndex
CREATE INDEX "tag_artifact_id_idx" ON "tag"("artifact_id");

-- CreateIndex
CREATE UNIQUE INDEX "tag_repository_id_name_key" ON "tag"("repository_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "blob_digest_key" ON "blob"("digest");

-- CreateIndex
CREATE INDEX "artifact_blob_digest_blob_idx" ON "artifact_blob"("digest_blob");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_blob_digest_af_digest_blob_key" ON "artifact_blob"("digest_af", "digest_blob");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_reference_parent_id_child_id_key" ON "artifact_reference"("parent_id", "child_id");

-- CreateIndex
CREATE INDEX "artifact_accessory_subject_artifact_repo_subject_artifact_d_idx" ON "artifact_accessory"("subject_artifact_repo", "subject_artifact_digest");

-- CreateIndex
CREATE UNIQUE INDEX "artifact_accessory_artifact_id_subject_artifact_digest_key" ON "artifact_accessory"("artifact_id", "subject_artifact_digest");

-- CreateIndex
CREATE INDEX "repository_blob_blob_id_idx" ON "repository_blob"("blob_id");

-- CreateIndex
CREATE INDEX "project_blob_blob_id_idx" ON "project_blob"("blob_id");

-- CreateIndex
CREATE UNIQUE INDEX "project_blob_project_id_blob_id_key" ON "project_blob"("project_id", "blob_id");

-- AddForeignKey
ALTER TABLE "repository" ADD CONSTRAINT "repository_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact" ADD CONSTRAINT "artifact_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag" ADD CONSTRAINT "tag_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tag" ADD CONSTRAINT "tag_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_reference" ADD CONSTRAINT "artifact_reference_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "artifact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_reference" ADD CONSTRAINT "artifact_reference_child_id_fkey" FOREIGN KEY ("child_id") REFERENCES "artifact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "artifact_accessory" ADD CONSTRAINT "artifact_accessory_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "repository_blob" ADD CONSTRAINT "repository_blob_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "repository_blob" ADD CONSTRAINT "repository_blob_blob_id_fkey" FOREIGN KEY ("blob_id") REFERENCES "blob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_blob" ADD CONSTRAINT "project_blob_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_blob" ADD CONSTRAINT "project_blob_blob_id_fkey" FOREIGN KEY ("blob_id") REFERENCES "blob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
