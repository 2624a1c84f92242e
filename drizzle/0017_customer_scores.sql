CREATE TABLE "analytics_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"model_version" text NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"subjects" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"other_currency_orders" integer DEFAULT 0 NOT NULL,
	"alerts" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "company_scores" (
	"company_id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"purchases" integer NOT NULL,
	"first_purchase_at" timestamp with time zone NOT NULL,
	"last_purchase_at" timestamp with time zone NOT NULL,
	"frequency" integer NOT NULL,
	"recency_weeks" double precision NOT NULL,
	"age_weeks" double precision NOT NULL,
	"average_value" bigint NOT NULL,
	"rfm_r" smallint NOT NULL,
	"rfm_f" smallint NOT NULL,
	"rfm_m" smallint NOT NULL,
	"rfm_segment" text NOT NULL,
	"p_alive" double precision,
	"expected_purchases_12m" double precision,
	"expected_average_value" bigint,
	"clv12" bigint,
	"clv24" bigint,
	"clv36" bigint,
	"churn_band" text,
	"list_revenue" bigint NOT NULL,
	"discounts" bigint NOT NULL,
	"revenue" bigint NOT NULL,
	"cost_of_goods" bigint NOT NULL,
	"interactions" integer NOT NULL,
	"cost_to_serve" bigint NOT NULL,
	"profit" bigint NOT NULL,
	"next_best_offers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_version" text NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_scores" (
	"contact_id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"purchases" integer NOT NULL,
	"first_purchase_at" timestamp with time zone NOT NULL,
	"last_purchase_at" timestamp with time zone NOT NULL,
	"frequency" integer NOT NULL,
	"recency_weeks" double precision NOT NULL,
	"age_weeks" double precision NOT NULL,
	"average_value" bigint NOT NULL,
	"rfm_r" smallint NOT NULL,
	"rfm_f" smallint NOT NULL,
	"rfm_m" smallint NOT NULL,
	"rfm_segment" text NOT NULL,
	"p_alive" double precision,
	"expected_purchases_12m" double precision,
	"expected_average_value" bigint,
	"clv12" bigint,
	"clv24" bigint,
	"clv36" bigint,
	"churn_band" text,
	"list_revenue" bigint NOT NULL,
	"discounts" bigint NOT NULL,
	"revenue" bigint NOT NULL,
	"cost_of_goods" bigint NOT NULL,
	"interactions" integer NOT NULL,
	"cost_to_serve" bigint NOT NULL,
	"profit" bigint NOT NULL,
	"next_best_offers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_version" text NOT NULL,
	"fitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analytics_runs" ADD CONSTRAINT "analytics_runs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_scores" ADD CONSTRAINT "company_scores_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_scores" ADD CONSTRAINT "contact_scores_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_runs_created_idx" ON "analytics_runs" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "company_scores_clv12_idx" ON "company_scores" USING btree ("clv12" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "company_scores_band_idx" ON "company_scores" USING btree ("churn_band","clv12" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "company_scores_segment_idx" ON "company_scores" USING btree ("rfm_segment");--> statement-breakpoint
CREATE INDEX "company_scores_run_idx" ON "company_scores" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "contact_scores_clv12_idx" ON "contact_scores" USING btree ("clv12" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contact_scores_band_idx" ON "contact_scores" USING btree ("churn_band","clv12" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contact_scores_segment_idx" ON "contact_scores" USING btree ("rfm_segment");--> statement-breakpoint
CREATE INDEX "contact_scores_run_idx" ON "contact_scores" USING btree ("run_id");