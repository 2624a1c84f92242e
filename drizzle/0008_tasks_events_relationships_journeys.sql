CREATE TABLE "calendar_feeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"token_hint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid,
	"contact_id" uuid,
	"email" text,
	"name" text,
	"response" text DEFAULT 'needs_action' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"kind" text DEFAULT 'meeting' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"location" text,
	"video_url" text,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"organizer_id" uuid,
	"contact_id" uuid,
	"company_id" uuid,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"remind_minutes" integer,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"outcome" text,
	"interaction_id" uuid,
	"ics_uid" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by_id" uuid
);
--> statement-breakpoint
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
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"due_at" timestamp with time zone,
	"remind_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"contact_id" uuid,
	"company_id" uuid,
	"link_type" text,
	"link_id" uuid,
	"completed_at" timestamp with time zone,
	"completed_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by_id" uuid
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "stay_in_touch_days" integer;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "touch_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_attendees" ADD CONSTRAINT "event_attendees_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_attendees" ADD CONSTRAINT "event_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_attendees" ADD CONSTRAINT "event_attendees_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_organizer_id_users_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_interaction_id_interactions_id_fk" FOREIGN KEY ("interaction_id") REFERENCES "public"."interactions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_journeys" ADD CONSTRAINT "contact_journeys_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_idx" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_active_idx" ON "calendar_feeds" USING btree ("user_id") WHERE "calendar_feeds"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "event_attendees_event_idx" ON "event_attendees" USING btree ("event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_attendees_user_idx" ON "event_attendees" USING btree ("user_id","event_id") WHERE "event_attendees"."user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "event_attendees_contact_idx" ON "event_attendees" USING btree ("contact_id","event_id") WHERE "event_attendees"."contact_id" is not null;--> statement-breakpoint
CREATE INDEX "events_starts_idx" ON "events" USING btree ("starts_at","id") WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_organizer_idx" ON "events" USING btree ("organizer_id","starts_at","id") WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_contact_idx" ON "events" USING btree ("contact_id","starts_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_company_idx" ON "events" USING btree ("company_id","starts_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "events_ics_uid_idx" ON "events" USING btree ("ics_uid");--> statement-breakpoint
CREATE INDEX "events_reminder_idx" ON "events" USING btree ("remind_at") WHERE "events"."remind_at" is not null and "events"."reminded_at" is null and "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_outcome_due_idx" ON "events" USING btree ("organizer_id","ends_at") WHERE "events"."deleted_at" is null and "events"."interaction_id" is null and "events"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "events_deleted_idx" ON "events" USING btree ("deleted_at") WHERE "events"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "contact_journeys_started_idx" ON "contact_journeys" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "tasks_assignee_due_idx" ON "tasks" USING btree ("assignee_id","due_at","id") WHERE "tasks"."deleted_at" is null and "tasks"."status" in ('open', 'in_progress');--> statement-breakpoint
CREATE INDEX "tasks_due_idx" ON "tasks" USING btree ("due_at","id") WHERE "tasks"."deleted_at" is null and "tasks"."status" in ('open', 'in_progress');--> statement-breakpoint
CREATE INDEX "tasks_assignee_created_idx" ON "tasks" USING btree ("assignee_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_created_idx" ON "tasks" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_contact_idx" ON "tasks" USING btree ("contact_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_company_idx" ON "tasks" USING btree ("company_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_link_idx" ON "tasks" USING btree ("link_type","link_id") WHERE "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_reminder_idx" ON "tasks" USING btree ("remind_at") WHERE "tasks"."remind_at" is not null and "tasks"."reminded_at" is null and "tasks"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_deleted_idx" ON "tasks" USING btree ("deleted_at") WHERE "tasks"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "contacts_touch_due_idx" ON "contacts" USING btree ("owner_id","touch_due_at","id") WHERE "contacts"."deleted_at" is null and "contacts"."touch_due_at" is not null;--> statement-breakpoint
-- Stay in touch (docs/RELATIONSHIPS.md): touch_due_at = the newest live interaction (or creation) + cadence,
-- kept only for contacts with a cadence. An interaction about anyone else costs one primary-key probe and
-- never rewrites the contact row.
-- Ordered like interactions_contact_idx, so every call is one index probe (max() planned generically was not).
CREATE OR REPLACE FUNCTION contact_last_interaction(cid uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT occurred_at FROM interactions WHERE contact_id = cid AND deleted_at IS NULL
   ORDER BY occurred_at DESC NULLS LAST, id DESC NULLS LAST LIMIT 1
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contacts_touch_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.touch_due_at := CASE WHEN NEW.stay_in_touch_days IS NULL THEN NULL
    ELSE coalesce(contact_last_interaction(NEW.id), NEW.created_at) + make_interval(days => NEW.stay_in_touch_days) END;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER contacts_touch_due_insert BEFORE INSERT ON contacts
  FOR EACH ROW WHEN (NEW.stay_in_touch_days IS NOT NULL) EXECUTE FUNCTION contacts_touch_due();
--> statement-breakpoint
CREATE TRIGGER contacts_touch_due_update BEFORE UPDATE OF stay_in_touch_days ON contacts
  FOR EACH ROW EXECUTE FUNCTION contacts_touch_due();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION interactions_touch_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts c SET touch_due_at = d.due
    FROM (SELECT k.id, contact_last_interaction(k.id) + make_interval(days => k.stay_in_touch_days) AS due
            FROM contacts k
            JOIN (SELECT DISTINCT contact_id FROM new_rows WHERE contact_id IS NOT NULL AND deleted_at IS NULL) n
              ON n.contact_id = k.id
           WHERE k.stay_in_touch_days IS NOT NULL) d
   WHERE c.id = d.id AND c.touch_due_at IS DISTINCT FROM d.due;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A moved, re-dated, binned or restored interaction: its contacts' due time is worked out again.
CREATE OR REPLACE FUNCTION interactions_touch_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The changed rows are the set differences of old and new (hashed, linear), never a join of the two
  -- transition tables (planned without statistics, that became a nested loop: quadratic on bulk updates).
  -- EXECUTE plans each time for the statement's real size instead of reusing the first call's plan.
  EXECUTE $q$
  UPDATE contacts c
     SET touch_due_at = coalesce(contact_last_interaction(c.id), c.created_at) + make_interval(days => c.stay_in_touch_days)
   WHERE c.stay_in_touch_days IS NOT NULL AND c.id IN (
     SELECT contact_id FROM (SELECT id, occurred_at, contact_id, deleted_at FROM new_rows
                             EXCEPT SELECT id, occurred_at, contact_id, deleted_at FROM old_rows) n
     UNION
     SELECT contact_id FROM (SELECT id, occurred_at, contact_id, deleted_at FROM old_rows
                             EXCEPT SELECT id, occurred_at, contact_id, deleted_at FROM new_rows) o)$q$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER interactions_touch_insert AFTER INSERT ON interactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interactions_touch_inserted();
--> statement-breakpoint
CREATE TRIGGER interactions_touch_update AFTER UPDATE ON interactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interactions_touch_updated();
--> statement-breakpoint
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
  EXECUTE $q$
  INSERT INTO journey_dirty (contact_id)
  SELECT contact_id FROM (
    SELECT contact_id FROM (SELECT id, occurred_at, contact_id, deleted_at, touchpoint, direction FROM new_rows
                            EXCEPT SELECT id, occurred_at, contact_id, deleted_at, touchpoint, direction FROM old_rows) n
    UNION
    SELECT contact_id FROM (SELECT id, occurred_at, contact_id, deleted_at, touchpoint, direction FROM old_rows
                            EXCEPT SELECT id, occurred_at, contact_id, deleted_at, touchpoint, direction FROM new_rows) o
  ) x WHERE contact_id IS NOT NULL
   ORDER BY 1
  ON CONFLICT DO NOTHING$q$;
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
--> statement-breakpoint
-- 0005's search-word trigger joined the old and new transition tables on id: a nested loop without
-- statistics, quadratic on bulk updates (8,000 contacts: 45 s; now 5 s). The changed names are now the set
-- difference of old and new (hashed), and only those are looked at.
CREATE OR REPLACE FUNCTION search_words_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT id, search_names FROM new_rows EXCEPT SELECT id, search_names FROM old_rows) THEN
    RETURN NULL;
  END IF;
  INSERT INTO search_words (word)
    SELECT DISTINCT w FROM (SELECT id, search_names FROM new_rows EXCEPT SELECT id, search_names FROM old_rows) n
      CROSS JOIN LATERAL search_words_of(n.search_names) w ORDER BY 1
  ON CONFLICT DO NOTHING;
  PERFORM search_words_forget(ARRAY(
    SELECT DISTINCT w FROM (SELECT id, search_names FROM old_rows EXCEPT SELECT id, search_names FROM new_rows) o
      CROSS JOIN LATERAL search_words_of(o.search_names) w));
  RETURN NULL;
END $$;