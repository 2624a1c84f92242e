CREATE TABLE "interactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"touchpoint" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"subject" text,
	"body" text,
	"outcome" text,
	"duration_seconds" integer,
	"user_id" uuid,
	"contact_id" uuid,
	"company_id" uuid,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text DEFAULT 'rapport' NOT NULL,
	"external_id" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "phone_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactions" ADD CONSTRAINT "interactions_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interactions_contact_idx" ON "interactions" USING btree ("contact_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "interactions_company_idx" ON "interactions" USING btree ("company_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "interactions_user_idx" ON "interactions" USING btree ("user_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "interactions_occurred_idx" ON "interactions" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "interactions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "interactions_deleted_idx" ON "interactions" USING btree ("deleted_at") WHERE "interactions"."deleted_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "interactions_external_idx" ON "interactions" USING btree ("source","external_id") WHERE "interactions"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "contacts_phone_keys_idx" ON "contacts" USING gin ("phone_keys");--> statement-breakpoint
-- Contacts' phone numbers as digits only, for matching ingested interactions by phone.
CREATE OR REPLACE FUNCTION contacts_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  phones text;
BEGIN
  NEW.email_keys := coalesce(
    (SELECT array_agg(DISTINCT lower(e->>'address')) FROM jsonb_array_elements(NEW.emails) e
      WHERE coalesce(e->>'address', '') <> ''),
    '{}'::text[]);
  NEW.phone_keys := coalesce(
    (SELECT array_agg(DISTINCT k) FROM (
       SELECT regexp_replace(p->>'number', '[^0-9]', '', 'g') AS k FROM jsonb_array_elements(NEW.phones) p) d
      WHERE length(k) >= 3),
    '{}'::text[]);
  phones := (SELECT string_agg(p->>'number', ' ') FROM jsonb_array_elements(NEW.phones) p);
  NEW.search_names := lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ', NEW.first_name, NEW.last_name)));
  NEW.search_text := lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ',
    NEW.first_name, NEW.last_name, array_to_string(NEW.email_keys, ' '), phones, NEW.job_title)));
  NEW.search_vector := to_tsvector('simple', NEW.search_text);
  RETURN NEW;
END $$;
--> statement-breakpoint
UPDATE "contacts" SET "phone_keys" = coalesce(
  (SELECT array_agg(DISTINCT k) FROM (
     SELECT regexp_replace(p->>'number', '[^0-9]', '', 'g') AS k FROM jsonb_array_elements("phones") p) d
    WHERE length(k) >= 3),
  '{}'::text[])
WHERE jsonb_array_length("phones") > 0;
