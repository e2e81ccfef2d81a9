-- CreateIndex
CREATE INDEX "artifact_repository_id_push_time_id_idx" ON "artifact"("repository_id", "push_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "artifact_digest_idx" ON "artifact"("digest");

-- CreateIndex
CREATE INDEX "artifact_reference_child_id_idx" ON "artifact_reference"("child_id");

-- CreateIndex
CREATE INDEX "repository_project_id_creation_time_id_idx" ON "repository"("project_id", "creation_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "repository_creation_time_id_idx" ON "repository"("creation_time" DESC, "id" DESC);

