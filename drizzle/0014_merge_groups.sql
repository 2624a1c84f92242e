ALTER TABLE "merges" ADD COLUMN "group_id" uuid;--> statement-breakpoint
ALTER TABLE "merges" ADD COLUMN "position" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "merges_group_idx" ON "merges" USING btree ("group_id");