-- CreateTable
CREATE TABLE "harbor_user" (
    "user_id" SERIAL NOT NULL,
    "username" VARCHAR(255) NOT NULL,
    "email" VARCHAR(255),
    "password" VARCHAR(512) NOT NULL,
    "realname" VARCHAR(255) NOT NULL DEFAULT '',
    "comment" VARCHAR(255) NOT NULL DEFAULT '',
    "sysadmin_flag" BOOLEAN NOT NULL DEFAULT false,
    "cli_secret" VARCHAR(512),
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "harbor_user_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "project_member" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "entity_id" INTEGER NOT NULL,
    "entity_type" CHAR(1) NOT NULL,
    "role" INTEGER NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_metadata" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "value" VARCHAR(255) NOT NULL,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_metadata_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "robot" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(1024) NOT NULL DEFAULT '',
    "secret" VARCHAR(512) NOT NULL,
    "project_id" INTEGER NOT NULL DEFAULT 0,
    "level" VARCHAR(32) NOT NULL,
    "duration" INTEGER NOT NULL DEFAULT -1,
    "expires_at" BIGINT NOT NULL DEFAULT -1,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "visible" BOOLEAN NOT NULL DEFAULT true,
    "permissions" JSONB NOT NULL,
    "creator_ref" INTEGER NOT NULL DEFAULT 0,
    "creator_type" VARCHAR(255) NOT NULL DEFAULT 'local',
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "robot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL DEFAULT 0,
    "operation" VARCHAR(255) NOT NULL,
    "resource_type" VARCHAR(255) NOT NULL,
    "resource" VARCHAR(1024) NOT NULL,
    "username" VARCHAR(255) NOT NULL,
    "client_ip" VARCHAR(64) NOT NULL DEFAULT '',
    "op_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "properties" (
    "id" SERIAL NOT NULL,
    "k" VARCHAR(64) NOT NULL,
    "v" TEXT NOT NULL,

    CONSTRAINT "properties_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "harbor_user_username_key" ON "harbor_user"("username");

-- CreateIndex
CREATE UNIQUE INDEX "harbor_user_email_key" ON "harbor_user"("email");

-- CreateIndex
CREATE INDEX "project_member_entity_id_entity_type_idx" ON "project_member"("entity_id", "entity_type");

-- CreateIndex
CREATE UNIQUE INDEX "project_member_project_id_entity_id_entity_type_key" ON "project_member"("project_id", "entity_id", "entity_type");

-- CreateIndex
CREATE UNIQUE INDEX "project_metadata_project_id_name_key" ON "project_metadata"("project_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "robot_name_project_id_key" ON "robot"("name", "project_id");

-- CreateIndex
CREATE INDEX "audit_log_project_id_op_time_idx" ON "audit_log"("project_id", "op_time");

-- CreateIndex
CREATE INDEX "audit_log_op_time_idx" ON "audit_log"("op_time");

-- CreateIndex
CREATE UNIQUE INDEX "properties_k_key" ON "properties"("k");

-- AddForeignKey
ALTER TABLE "project_member" ADD CONSTRAINT "project_member_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_metadata" ADD CONSTRAINT "project_metadata_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

