-- CreateTable
CREATE TABLE "execution" (
    "id" SERIAL NOT NULL,
    "vendor_type" VARCHAR(64) NOT NULL,
    "vendor_id" INTEGER NOT NULL DEFAULT -1,
    "status" VARCHAR(16) NOT NULL DEFAULT 'Pending',
    "status_message" TEXT NOT NULL DEFAULT '',
    "trigger" VARCHAR(16) NOT NULL,
    "extra_attrs" JSONB,
    "start_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_time" TIMESTAMPTZ(6),
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "execution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task" (
    "id" SERIAL NOT NULL,
    "execution_id" INTEGER NOT NULL,
    "job_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'Pending',
    "status_revision" BIGINT NOT NULL DEFAULT 0,
    "status_message" TEXT NOT NULL DEFAULT '',
    "run_count" INTEGER NOT NULL DEFAULT 0,
    "extra_attrs" JSONB,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "start_time" TIMESTAMPTZ(6),
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_time" TIMESTAMPTZ(6),

    CONSTRAINT "task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_log" (
    "id" SERIAL NOT NULL,
    "job_uuid" VARCHAR(64) NOT NULL,
    "content" TEXT NOT NULL DEFAULT '',
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule" (
    "id" SERIAL NOT NULL,
    "vendor_type" VARCHAR(64) NOT NULL,
    "vendor_id" INTEGER NOT NULL DEFAULT -1,
    "cron" VARCHAR(64) NOT NULL,
    "cron_type" VARCHAR(64) NOT NULL,
    "callback_func_name" VARCHAR(128) NOT NULL,
    "callback_func_param" TEXT NOT NULL DEFAULT '{}',
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "immutable_tag_rule" (
    "id" SERIAL NOT NULL,
    "project_id" INTEGER NOT NULL,
    "tag_filter" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "immutable_tag_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retention_policy" (
    "id" SERIAL NOT NULL,
    "scope_level" VARCHAR(20) NOT NULL,
    "scope_reference" VARCHAR(255) NOT NULL,
    "trigger_kind" VARCHAR(20) NOT NULL,
    "data" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "retention_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_policy" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(256) NOT NULL,
    "project_id" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "description" TEXT NOT NULL DEFAULT '',
    "targets" JSONB NOT NULL,
    "event_types" JSONB NOT NULL,
    "creator" VARCHAR(256) NOT NULL DEFAULT '',
    "creation_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_policy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "execution_vendor_type_vendor_id_start_time_idx" ON "execution"("vendor_type", "vendor_id", "start_time");

-- CreateIndex
CREATE INDEX "execution_status_idx" ON "execution"("status");

-- CreateIndex
CREATE UNIQUE INDEX "task_job_id_key" ON "task"("job_id");

-- CreateIndex
CREATE INDEX "task_execution_id_idx" ON "task"("execution_id");

-- CreateIndex
CREATE INDEX "task_status_update_time_idx" ON "task"("status", "update_time");

-- CreateIndex
CREATE UNIQUE INDEX "job_log_job_uuid_key" ON "job_log"("job_uuid");

-- CreateIndex
CREATE INDEX "job_log_creation_time_idx" ON "job_log"("creation_time");

-- CreateIndex
CREATE UNIQUE INDEX "schedule_vendor_type_vendor_id_key" ON "schedule"("vendor_type", "vendor_id");

-- CreateIndex
CREATE INDEX "immutable_tag_rule_project_id_idx" ON "immutable_tag_rule"("project_id");

-- CreateIndex
CREATE INDEX "notification_policy_project_id_idx" ON "notification_policy"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_policy_name_project_id_key" ON "notification_policy"("name", "project_id");

-- AddForeignKey
ALTER TABLE "task" ADD CONSTRAINT "task_execution_id_fkey" FOREIGN KEY ("execution_id") REFERENCES "execution"("id") ON DELETE CASCADE ON UPDATE CASCADE;

