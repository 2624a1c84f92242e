CREATE TABLE "contact_journeys" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"nodes" text[] NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"purchased_at" timestamp with time zone,
	"capped" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journey_dirty" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_journeys" ADD CONSTRAINT "contact_journeys_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_journeys_started_idx" ON "contact_journeys" USING btree ("started_at");--> statement-breakpoint
-- Which contacts' journeys a change of interactions can alter: those without one yet, an interaction at or
-- before the journey's last kept step, a journey still short of its steps, or a first purchase. The journey
-- sweep recomputes them (modules/journey/journey.refresh.ts).
CREATE OR REPLACE FUNCTION interactions_journey_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journey_dirty (contact_id)
  SELECT DISTINCT n.contact_id FROM new_rows n
    LEFT JOIN contact_journeys j ON j.contact_id = n.contact_id
   WHERE n.contact_id IS NOT NULL AND n.touchpoint IS NOT NULL AND n.deleted_at IS NULL
     AND (j.contact_id IS NULL
          OR n.occurred_at <= j.ended_at
          OR (NOT j.capped AND cardinality(j.nodes) < 6 AND NOT ('purchase' = ANY (j.nodes)))
          OR (NOT j.capped AND j.purchased_at IS NULL AND n.touchpoint = 'shop' AND n.direction = 'in'))
   ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION interactions_journey_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO journey_dirty (contact_id)
  SELECT DISTINCT x.contact_id FROM new_rows n JOIN old_rows o USING (id)
    CROSS JOIN LATERAL (VALUES (n.contact_id), (o.contact_id)) x(contact_id)
   WHERE x.contact_id IS NOT NULL
     AND (n.occurred_at, n.contact_id, n.deleted_at, n.touchpoint, n.direction)
         IS DISTINCT FROM (o.occurred_at, o.contact_id, o.deleted_at, o.touchpoint, o.direction)
   ORDER BY 1
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER interactions_journey_insert AFTER INSERT ON interactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interactions_journey_inserted();
--> statement-breakpoint
CREATE TRIGGER interactions_journey_update AFTER UPDATE ON interactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interactions_journey_updated();
--> statement-breakpoint
-- Existing interactions: every contact with one gets its journey computed by the sweep after the upgrade.
INSERT INTO journey_dirty (contact_id)
SELECT DISTINCT contact_id FROM interactions WHERE contact_id IS NOT NULL AND touchpoint IS NOT NULL AND deleted_at IS NULL;
