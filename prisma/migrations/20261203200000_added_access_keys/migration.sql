-- CreateTable
CREATE TABLE "access_key" (
    "uuid" VARCHAR(32) NOT NULL,
    "account_uuid" VARCHAR(32) NOT NULL,
    "access_key_id" VARCHAR(32) NOT NULL,
    "secret_encrypted" VARCHAR(255) NOT NULL,
    "state" VARCHAR(32) NOT NULL DEFAULT 'Enabled',
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_op_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_key_pkey" PRIMARY KEY ("uuid")
);

-- CreateIndex
CREATE UNIQUE INDEX "access_key_access_key_id_key" ON "access_key"("access_key_id");

-- CreateIndex
CREATE INDEX "access_key_account_uuid_idx" ON "access_key"("account_uuid");

-- AddForeignKey
ALTER TABLE "access_key" ADD CONSTRAINT "access_key_account_uuid_fkey" FOREIGN KEY ("account_uuid") REFERENCES "account"("uuid") ON DELETE CASCADE ON UPDATE CASCADE;
