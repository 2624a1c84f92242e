CREATE TABLE "scoring_facts" (
	"run_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"owned" text[] NOT NULL,
	"list_revenue" bigint NOT NULL,
	"discounts" bigint NOT NULL,
	"revenue" bigint NOT NULL,
	"cost_of_goods" bigint NOT NULL,
	"interactions" integer NOT NULL,
	CONSTRAINT "scoring_facts_run_id_subject_type_subject_id_pk" PRIMARY KEY("run_id","subject_type","subject_id")
);
