-- Same search columns as 0002, computed faster: the JSON aggregates go into variables first, so that
-- rapport_fold() (a SQL function) is inlined instead of called per row. Bulk loads spend most time here.
CREATE OR REPLACE FUNCTION contacts_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  phones text;
BEGIN
  NEW.email_keys := coalesce(
    (SELECT array_agg(DISTINCT lower(e->>'address')) FROM jsonb_array_elements(NEW.emails) e
      WHERE coalesce(e->>'address', '') <> ''),
    '{}'::text[]);
  phones := (SELECT string_agg(p->>'number', ' ') FROM jsonb_array_elements(NEW.phones) p);
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
  NEW.search_text := lower(public.unaccent('public.unaccent'::regdictionary, concat_ws(' ',
    NEW.name, NEW.domain, NEW.industry, emails, phones)));
  NEW.search_vector := to_tsvector('simple', NEW.search_text);
  RETURN NEW;
END $$;
