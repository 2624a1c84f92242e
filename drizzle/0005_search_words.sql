-- Typo-tolerant search through a dictionary of name words (ADR 0004): the words of search_names in a small
-- table with a trigram GiST index, kept by statement triggers. The trigram indexes over every record's
-- names are no longer used by search and go.
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP INDEX "companies_search_names_trgm_idx";--> statement-breakpoint
DROP INDEX "contacts_search_names_trgm_idx";--> statement-breakpoint
CREATE INDEX "search_words_trgm_idx" ON "search_words" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
-- The words of names, as the full-text parser sees them (lexemes of search_names), without the few that
-- could not be written as a quoted tsquery lexeme.
CREATE OR REPLACE FUNCTION search_words_of(names text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT l.lexeme FROM unnest(to_tsvector('simple', names)) l
   WHERE strpos(l.lexeme, '''') = 0 AND strpos(l.lexeme, E'\\') = 0
$$;
--> statement-breakpoint
-- Drops the words no live or binned record's name uses any more (after a delete or a rename).
CREATE OR REPLACE FUNCTION search_words_forget(words text[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM search_words s
   WHERE s.word = ANY (words)
     AND NOT EXISTS (SELECT 1 FROM contacts c
                      WHERE c.search_vector @@ quote_literal(s.word)::tsquery AND strpos(c.search_names, s.word) > 0)
     AND NOT EXISTS (SELECT 1 FROM companies c
                      WHERE c.search_vector @@ quote_literal(s.word)::tsquery AND strpos(c.search_names, s.word) > 0)
$$;
--> statement-breakpoint
-- Words are inserted in sorted order so that two transactions adding the same new words cannot deadlock.
CREATE OR REPLACE FUNCTION search_words_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n CROSS JOIN LATERAL search_words_of(n.search_names) w ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_words_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o USING (id) WHERE n.search_names <> o.search_names) THEN
    RETURN NULL;
  END IF;
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM new_rows n JOIN old_rows o USING (id) CROSS JOIN LATERAL search_words_of(n.search_names) w
     WHERE n.search_names <> o.search_names ORDER BY 1
  ON CONFLICT DO NOTHING;
  PERFORM search_words_forget(ARRAY(
    SELECT DISTINCT w FROM old_rows o JOIN new_rows n USING (id) CROSS JOIN LATERAL search_words_of(o.search_names) w
     WHERE n.search_names <> o.search_names));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION search_words_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_words_forget(ARRAY(
    SELECT DISTINCT w FROM old_rows o CROSS JOIN LATERAL search_words_of(o.search_names) w));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_insert AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_inserted();
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_updated();
--> statement-breakpoint
CREATE TRIGGER contacts_search_words_delete AFTER DELETE ON contacts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_deleted();
--> statement-breakpoint
CREATE TRIGGER companies_search_words_insert AFTER INSERT ON companies
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_inserted();
--> statement-breakpoint
CREATE TRIGGER companies_search_words_update AFTER UPDATE ON companies
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_updated();
--> statement-breakpoint
CREATE TRIGGER companies_search_words_delete AFTER DELETE ON companies
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_words_deleted();
--> statement-breakpoint
INSERT INTO search_words (word)
  SELECT w FROM contacts c CROSS JOIN LATERAL search_words_of(c.search_names) w
  UNION
  SELECT w FROM companies c CROSS JOIN LATERAL search_words_of(c.search_names) w
  ORDER BY 1
ON CONFLICT DO NOTHING;
