-- AlterTable
-- The column is converted in place, which keeps the type of every account: the generated
-- DROP COLUMN and ADD COLUMN would have made every account Normal.
ALTER TABLE "account" ALTER COLUMN "type" DROP DEFAULT,
ALTER COLUMN "type" SET DATA TYPE VARCHAR(32) USING "type"::text,
ALTER COLUMN "type" SET DEFAULT 'Normal';

-- DropEnum
DROP TYPE "AccountType";
