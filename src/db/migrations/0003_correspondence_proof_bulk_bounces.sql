CREATE TABLE "bulk_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"template_id" text NOT NULL,
	"values" jsonb NOT NULL,
	"selection" jsonb NOT NULL,
	"status" text NOT NULL,
	"total" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "template_id" text;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "response_due_date" date;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "interview_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "bulk_job_id" uuid;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "exceeds_upload_limit" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "smtp_envelope" jsonb;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "smtp_response" text;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "resent_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "undelivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "bounce_edoc_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "classification" text;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "correspondence_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "processing_note" text;--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "default_response_days" integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE "bulk_jobs" ADD CONSTRAINT "bulk_jobs_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_jobs" ADD CONSTRAINT "bulk_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "correspondence_message_id_idx" ON "correspondence" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "correspondence_bulk_job_idx" ON "correspondence" USING btree ("bulk_job_id","status");--> statement-breakpoint
CREATE INDEX "correspondence_response_due_idx" ON "correspondence" USING btree ("response_due_date");--> statement-breakpoint
CREATE INDEX "inbound_messages_unprocessed_idx" ON "inbound_messages" USING btree ("received_at") WHERE processed_at is null;--> statement-breakpoint
CREATE INDEX "inbound_messages_correspondence_idx" ON "inbound_messages" USING btree ("correspondence_id");