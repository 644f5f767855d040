-- CreateTable
-- The outcome of each call made in ZStack's asynchronous job form, kept for its poll.
-- A job is known by its uuid within its account, hence the two-column key.
-- The body is json, not jsonb: jsonb would reorder the keys of the answer, and the poll
-- answers the same document, in the same order, as the call made without a job would.
CREATE TABLE "api_job" (
    "uuid" VARCHAR(32) NOT NULL,
    "account_uuid" VARCHAR(32) NOT NULL,
    "status_code" SMALLINT NOT NULL,
    "body" JSON NOT NULL,
    "create_date" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expire_date" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "api_job_pkey" PRIMARY KEY ("uuid","account_uuid")
);

-- CreateIndex
-- The sweep deletes by expiry.
CREATE INDEX "api_job_expire_date_idx" ON "api_job"("expire_date");
