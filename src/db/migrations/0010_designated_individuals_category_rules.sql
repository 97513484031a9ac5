CREATE TABLE "designated_individuals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"application_id" uuid,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"consent_edoc_id" uuid,
	"consent_reference" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "designated_individuals_consent_on_file" CHECK ("designated_individuals"."consent_edoc_id" is not null or "designated_individuals"."consent_reference" is not null),
	CONSTRAINT "designated_individuals_valid_period" CHECK ("designated_individuals"."valid_to" is null or "designated_individuals"."valid_to" >= "designated_individuals"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "enquiry_category_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"queue" text NOT NULL,
	"phrases_en" jsonb NOT NULL,
	"phrases_fr" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "designated_individuals" ADD CONSTRAINT "designated_individuals_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designated_individuals" ADD CONSTRAINT "designated_individuals_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designated_individuals" ADD CONSTRAINT "designated_individuals_consent_edoc_id_edocs_id_fk" FOREIGN KEY ("consent_edoc_id") REFERENCES "public"."edocs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designated_individuals" ADD CONSTRAINT "designated_individuals_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_category_rules" ADD CONSTRAINT "enquiry_category_rules_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_category_rules" ADD CONSTRAINT "enquiry_category_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "designated_individuals_client_idx" ON "designated_individuals" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enquiry_category_rules_national_idx" ON "enquiry_category_rules" USING btree ("category") WHERE office_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "enquiry_category_rules_office_idx" ON "enquiry_category_rules" USING btree ("office_id","category") WHERE office_id is not null;