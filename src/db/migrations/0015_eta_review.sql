CREATE TABLE "eta_review_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"referral_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"identity_choice" text,
	"matched_client_id" uuid,
	"response_due_date" date,
	"note_id" uuid NOT NULL,
	"letter_correspondence_id" uuid,
	"decided_by" uuid,
	"decided_by_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eta_review_decisions_outcome" CHECK ("outcome" in ('approve', 'refuse', 'request-information', 'withdraw'))
);
--> statement-breakpoint
CREATE TABLE "eta_relinquishments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"requested_on" date NOT NULL,
	"reply_due_date" date NOT NULL,
	"answer" text,
	"answered_on" date,
	"details" text,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eta_relinquishments_answer" CHECK ("answer" is null or "answer" in ('relinquished', 'declined', 'no-reply'))
);
--> statement-breakpoint
CREATE TABLE "eta_revalidations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"adverse_information_id" uuid,
	"activity_id" uuid,
	"opened_on" date NOT NULL,
	"decision" text,
	"ground" text,
	"notes" text,
	"info_alert_id" uuid,
	"note_id" uuid,
	"letter_correspondence_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eta_revalidations_decision" CHECK ("decision" is null or "decision" in ('cancel', 'keep', 'info-alert'))
);
--> statement-breakpoint
CREATE TABLE "eta_revalidation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_date" date NOT NULL,
	"rows" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_matched_client_id_clients_id_fk" FOREIGN KEY ("matched_client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_note_id_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_letter_correspondence_id_correspondence_id_fk" FOREIGN KEY ("letter_correspondence_id") REFERENCES "public"."correspondence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_relinquishments" ADD CONSTRAINT "eta_relinquishments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_relinquishments" ADD CONSTRAINT "eta_relinquishments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_relinquishments" ADD CONSTRAINT "eta_relinquishments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_adverse_information_id_fk" FOREIGN KEY ("adverse_information_id") REFERENCES "public"."client_adverse_information"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_info_alert_id_info_alerts_id_fk" FOREIGN KEY ("info_alert_id") REFERENCES "public"."info_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eta_revalidations" ADD CONSTRAINT "eta_revalidations_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eta_review_decisions_application_idx" ON "eta_review_decisions" USING btree ("application_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "eta_relinquishments_open_idx" ON "eta_relinquishments" USING btree ("application_id") WHERE "answer" is null;--> statement-breakpoint
CREATE INDEX "eta_relinquishments_due_idx" ON "eta_relinquishments" USING btree ("reply_due_date") WHERE "answer" is null;--> statement-breakpoint
CREATE INDEX "eta_revalidations_open_idx" ON "eta_revalidations" USING btree ("office_id","opened_on") WHERE "decision" is null;--> statement-breakpoint
CREATE INDEX "eta_revalidations_application_idx" ON "eta_revalidations" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "eta_revalidation_reports_date_idx" ON "eta_revalidation_reports" USING btree ("report_date");
