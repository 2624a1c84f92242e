ALTER TABLE "invoices" ADD COLUMN IF NOT EXISTS "uncosted_net" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "uncosted_net" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Documents written before: the net of their lines without a cost snapshot (a credit note's lines are negative).
UPDATE "invoices" i SET "uncosted_net" = s.n
FROM (SELECT "invoice_id", sum("net") AS n FROM "invoice_lines" WHERE "unit_cost" IS NULL GROUP BY "invoice_id") s
WHERE s."invoice_id" = i."id";--> statement-breakpoint
UPDATE "orders" o SET "uncosted_net" = s.n
FROM (SELECT "order_id", sum("net") AS n FROM "order_lines" WHERE "unit_cost" IS NULL GROUP BY "order_id") s
WHERE s."order_id" = o."id";
