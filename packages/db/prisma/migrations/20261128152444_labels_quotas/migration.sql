-- CreateTable
CREATE TABLE "harbor_label" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "color" VARCHAR(16) NOT NULL DEFAULT '',
    "level" VARCHAR(16) NOT NULL DEFAULT 'user',
    "scope" CHAR(1) NOT NULL,
    "project_id" INTEGER NOT NULL DEFAULT 0,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "harbor_label_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "label_reference" (
    "id" SERIAL NOT NULL,
    "label_id" INTEGER NOT NULL,
    "artifact_id" INTEGER NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "label_reference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quota" (
    "id" SERIAL NOT NULL,
    "reference" VARCHAR(255) NOT NULL,
    "reference_id" VARCHAR(255) NOT NULL,
    "hard" JSONB NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "harbor_label_project_id_idx" ON "harbor_label"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "harbor_label_name_scope_project_id_key" ON "harbor_label"("name", "scope", "project_id");

-- CreateIndex
CREATE INDEX "label_reference_artifact_id_idx" ON "label_reference"("artifact_id");

-- CreateIndex
CREATE UNIQUE INDEX "label_reference_label_id_artifact_id_key" ON "label_reference"("label_id", "artifact_id");

-- CreateIndex
CREATE UNIQUE INDEX "quota_reference_reference_id_key" ON "quota"("reference", "reference_id");

-- AddForeignKey
ALTER TABLE "label_reference" ADD CONSTRAINT "label_reference_label_id_fkey" FOREIGN KEY ("label_id") REFERENCES "harbor_label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "label_reference" ADD CONSTRAINT "label_reference_artifact_id_fkey" FOREIGN KEY ("artifact_id") REFERENCES "artifact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

