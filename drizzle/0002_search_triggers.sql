-- Search columns are maintained in the database so that every writer (API, import, COPY) keeps them true.
CREATE OR REPLACE FUNCTION contacts_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.email_keys := coalesce(
    (SELECT array_agg(DISTINCT lower(e->>'address')) FROM jsonb_array_elements(NEW.emails) e
      WHERE coalesce(e->>'address', '') <> ''),
    '{}'::text[]);
  NEW.search_text := rapport_fold(concat_ws(' ',
    NEW.first_name, NEW.last_name, array_to_string(NEW.email_keys, ' '),
    (SELECT string_agg(p->>'number', ' ') FROM jsonb_array_elements(NEW.phones) p),
    NEW.job_title));
  NEW.search_vector := to_tsvector('simple', NEW.search_text);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_search_refresh BEFORE INSERT OR UPDATE OF first_name, last_name, emails, phones, job_title
  ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_search_refresh();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION companies_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := rapport_fold(concat_ws(' ',
    NEW.name, NEW.domain, NEW.industry,
    (SELECT string_agg(e->>'address', ' ') FROM jsonb_array_elements(NEW.emails) e),
    (SELECT string_agg(p->>'number', ' ') FROM jsonb_array_elements(NEW.phones) p)));
  NEW.search_vector := to_tsvector('simple', NEW.search_text);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER companies_search_refresh BEFORE INSERT OR UPDATE OF name, domain, industry, emails, phones
  ON companies FOR EACH ROW EXECUTE FUNCTION companies_search_refresh();
