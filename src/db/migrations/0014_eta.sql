CREATE TABLE "eta_applications" (
	"application_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"family_name" text NOT NULL,
	"given_names" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"sex" text NOT NULL,
	"country_of_birth" text NOT NULL,
	"citizenship" text NOT NULL,
	"passport_number" text NOT NULL,
	"passport_type" text NOT NULL,
	"passport_country" text NOT NULL,
	"passport_expiry_date" date NOT NULL,
	"email" text NOT NULL,
	"address" jsonb NOT NULL,
	"answers" jsonb NOT NULL,
	"submitted_on" date NOT NULL,
	"submission_key" text NOT NULL,
	"status" text NOT NULL,
	"referral_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"identity_decision" text NOT NULL,
	"identity_candidates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"issued_at" timestamp with time zone,
	"valid_from" date,
	"valid_until" date,
	"validity_limit" text,
	"ended_on" date,
	"end_reason" text,
	"superseded_by" uuid,
	"cancellation_ground" text,
	"cancellation_reason" text,
	"cancelled_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eta_applications_status" CHECK ("status" in ('approved', 'referred', 'withdrawn', 'refused', 'cancelled')),
	CONSTRAINT "eta_applications_end_reason" CHECK ("end_reason" is null or "end_reason" in ('superseded', 'cancelled')),
	CONSTRAINT "eta_applications_issued_validity" CHECK (("issued_at" is null) = ("valid_until" is null))
);
--> statement-breakpoint
CREATE TABLE "client_adverse_information" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"source" text NOT NULL,
	"recorded_on" date NOT NULL,
	"details" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_adverse_information_source" CHECK ("source" in ('earlier-application', 'port-of-entry', 'intelligence'))
);
--> statement-breakpoint
CREATE TABLE "temporary_resident_visas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" uuid NOT NULL,
	"issued_on" date NOT NULL,
	"expiry_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "us_visa_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"passport_number" text NOT NULL,
	"passport_country" text NOT NULL,
	"result" text NOT NULL,
	"checked_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "us_visa_verifications_result" CHECK ("result" in ('valid', 'no-valid-document', 'lost-stolen', 'revoked', 'not-reviewed'))
);
--> statement-breakpoint
ALTER TABLE "eta_applications" ADD CONSTRAINT "eta_applications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_applications" ADD CONSTRAINT "eta_applications_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_applications" ADD CONSTRAINT "eta_applications_superseded_by_applications_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_applications" ADD CONSTRAINT "eta_applications_cancelled_by_users_id_fk" FOREIGN KEY ("cancelled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_adverse_information" ADD CONSTRAINT "client_adverse_information_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_adverse_information" ADD CONSTRAINT "client_adverse_information_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "temporary_resident_visas" ADD CONSTRAINT "temporary_resident_visas_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "eta_applications_submission_key_idx" ON "eta_applications" USING btree ("submission_key");--> statement-breakpoint
CREATE INDEX "eta_applications_client_idx" ON "eta_applications" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "eta_applications_passport_idx" ON "eta_applications" USING btree ("passport_country","passport_number");--> statement-breakpoint
CREATE INDEX "client_adverse_information_client_idx" ON "client_adverse_information" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "temporary_resident_visas_client_idx" ON "temporary_resident_visas" USING btree ("client_id","issued_on");--> statement-breakpoint
CREATE INDEX "us_visa_verifications_passport_idx" ON "us_visa_verifications" USING btree ("passport_country","passport_number","checked_on");
