-- Typo-tolerant search runs on folded names only (`search_names`): a short text with few trigrams, so the
-- trigram index scans far less than it did over names + e-mails + phones + titles. Word-prefix search
-- (search_vector) still covers e-mails, phones and titles.
DROP INDEX "companies_search_trgm_idx";--> statement-breakpoint
DROP INDEX "contacts_search_trgm_idx";--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_names" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_names" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION contacts_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  phones text;
BEGIN
  NEW.email_keys := coalesce(
    (SELECT array_agg(DISTINCT lower(e->>'address')) FROM jsonb_array_elements(NEW.emails) e
      WHERE coalesce(e->>'address', '') <> ''),
    '{}'::text[]);
  phones := (SELECT string_agg(p->>'number', ' ') FROM jsonb_array_elements(NEW.phones) p);
  NEW.search_names := lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ', NEW.first_name, NEW.last_name)));
  NEW.search_text := lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ',
    NEW.first_name, NEW.last_name, array_to_string(NEW.email_keys, ' '), phones, NEW.job_title)));
  NEW.search_vector := to_tsvector('simple', NEW.search_text);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION companies_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  emails text;
  phones text;
BEGIN
  emails := (SELECT string_agg(e->>'address', ' ') FROM jsonb_array_elements(NEW.emails) e);
  phones := (SELECT string_agg(p->>'number', ' ') FROM jsonb_array_elements(NEW.phones) p);
  NEW.search_names := lower(public.unaccent('public.unaccent'::regdictionary, NEW.name));
  NEW.search_text := lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ',
    NEW.name, NEW.domain, NEW.industry, emails, phones)));
  NEW.search_vector := to_tsvector('simple', NEW.search_text);
  RETURN NEW;
END $$;
--> statement-breakpoint
UPDATE "contacts" SET "search_names" = lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ', "first_name", "last_name")));--> statement-breakpoint
UPDATE "companies" SET "search_names" = lower(public.unaccent('public.unaccent'::regdictionary, "name"));--> statement-breakpoint
CREATE INDEX "companies_search_names_trgm_idx" ON "companies" USING gin ("search_names" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_names_trgm_idx" ON "contacts" USING gin ("search_names" gin_trgm_ops);
