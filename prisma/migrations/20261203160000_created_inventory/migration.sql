-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountType" AS ENUM ('SystemAdmin', 'Normal');

-- CreateEnum
CREATE TYPE "LiveMigrationSupport" AS ENUM ('supported', 'unsupported', 'withStorage');

-- CreateTable
CREATE TABLE "account" (
    "uuid" VARCHAR(32) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "type" "AccountType" NOT NULL DEFAULT 'Normal',
    "state" VARCHAR(32) NOT NULL DEFAULT 'Enabled',
    "password_hash" VARCHAR(255),
    "description" VARCHAR(2048),
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "session" (
    "uuid" VARCHAR(32) NOT NULL,
    "account_uuid" VARCHAR(32) NOT NULL,
    "user_uuid" VARCHAR(32) NOT NULL,
    "expired_date" TIMESTAMPTZ(3) NOT NULL,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "account_resource_ref" (
    "id" BIGSERIAL NOT NULL,
    "account_uuid" VARCHAR(32) NOT NULL,
    "owner_account_uuid" VARCHAR(32) NOT NULL,
    "resource_uuid" VARCHAR(32) NOT NULL,
    "resource_type" VARCHAR(255) NOT NULL,
    "permission" INTEGER NOT NULL DEFAULT 2,
    "is_shared" BOOLEAN NOT NULL DEFAULT false,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_resource_ref_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vm_instance" (
    "uuid" VARCHAR(32) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(2048),
    "zone_uuid" VARCHAR(32),
    "cluster_uuid" VARCHAR(32),
    "host_uuid" VARCHAR(32),
    "last_host_uuid" VARCHAR(32),
    "image_uuid" VARCHAR(32),
    "instance_offering_uuid" VARCHAR(32),
    "root_volume_uuid" VARCHAR(32),
    "platform" VARCHAR(255),
    "architecture" VARCHAR(32),
    "guest_os_type" VARCHAR(255),
    "hypervisor_type" VARCHAR(64),
    "type" VARCHAR(64) NOT NULL DEFAULT 'UserVm',
    "state" VARCHAR(64) NOT NULL,
    "cpu_num" INTEGER,
    "memory_size" BIGINT,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vm_instance_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "volume" (
    "uuid" VARCHAR(32) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(2048),
    "primary_storage_uuid" VARCHAR(32),
    "vm_instance_uuid" VARCHAR(32),
    "disk_offering_uuid" VARCHAR(32),
    "root_image_uuid" VARCHAR(32),
    "install_path" VARCHAR(2048),
    "type" VARCHAR(64) NOT NULL,
    "format" VARCHAR(64),
    "size" BIGINT,
    "actual_size" BIGINT,
    "device_id" INTEGER,
    "state" VARCHAR(64) NOT NULL DEFAULT 'Enabled',
    "status" VARCHAR(64) NOT NULL DEFAULT 'Ready',
    "is_shareable" BOOLEAN NOT NULL DEFAULT false,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "volume_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "primary_storage" (
    "uuid" VARCHAR(32) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(2048),
    "zone_uuid" VARCHAR(32),
    "url" VARCHAR(2048),
    "type" VARCHAR(255) NOT NULL,
    "mount_path" VARCHAR(2048),
    "state" VARCHAR(64) NOT NULL DEFAULT 'Enabled',
    "status" VARCHAR(64) NOT NULL DEFAULT 'Connected',
    "total_capacity" BIGINT,
    "available_capacity" BIGINT,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "primary_storage_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "image" (
    "uuid" VARCHAR(32) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(2048),
    "media_type" VARCHAR(64),
    "format" VARCHAR(64),
    "platform" VARCHAR(255),
    "architecture" VARCHAR(32),
    "guest_os_type" VARCHAR(255),
    "url" VARCHAR(2048),
    "size" BIGINT,
    "actual_size" BIGINT,
    "state" VARCHAR(64) NOT NULL DEFAULT 'Enabled',
    "status" VARCHAR(64) NOT NULL DEFAULT 'Ready',
    "system" BOOLEAN NOT NULL DEFAULT false,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "image_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "vm_cd_rom" (
    "uuid" VARCHAR(32) NOT NULL,
    "vm_instance_uuid" VARCHAR(32) NOT NULL,
    "device_id" INTEGER NOT NULL,
    "iso_uuid" VARCHAR(32),
    "iso_install_path" VARCHAR(2048),
    "name" VARCHAR(255) NOT NULL,
    "description" VARCHAR(2048),
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vm_cd_rom_pkey" PRIMARY KEY ("uuid")
);

-- CreateTable
CREATE TABLE "global_config" (
    "category" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "value" TEXT NOT NULL,
    "default_value" TEXT NOT NULL,
    "description" VARCHAR(2048),

    CONSTRAINT "global_config_pkey" PRIMARY KEY ("category","name")
);

-- CreateTable
CREATE TABLE "storage_type" (
    "type" VARCHAR(255) NOT NULL,
    "live_migration" "LiveMigrationSupport" NOT NULL,
    "volume_migration_stopped" BOOLEAN NOT NULL,
    "volume_migration_running" BOOLEAN NOT NULL,
    "memory_snapshot" BOOLEAN NOT NULL,
    "description" VARCHAR(2048),
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "storage_type_pkey" PRIMARY KEY ("type")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_name_key" ON "account"("name");

-- CreateIndex
CREATE INDEX "session_account_uuid_create_date_idx" ON "session"("account_uuid", "create_date");

-- CreateIndex
CREATE INDEX "session_expired_date_idx" ON "session"("expired_date");

-- CreateIndex
CREATE INDEX "account_resource_ref_resource_uuid_idx" ON "account_resource_ref"("resource_uuid");

-- CreateIndex
CREATE UNIQUE INDEX "account_resource_ref_account_uuid_resource_uuid_key" ON "account_resource_ref"("account_uuid", "resource_uuid");

-- CreateIndex
CREATE INDEX "volume_vm_instance_uuid_type_idx" ON "volume"("vm_instance_uuid", "type");

-- CreateIndex
CREATE INDEX "vm_cd_rom_vm_instance_uuid_idx" ON "vm_cd_rom"("vm_instance_uuid");

-- AddForeignKey
ALTER TABLE "session" ADD CONSTRAINT "session_account_uuid_fkey" FOREIGN KEY ("account_uuid") REFERENCES "account"("uuid") ON DELETE CASCADE ON UPDATE CASCADE;
