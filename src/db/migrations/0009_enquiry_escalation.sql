CREATE TABLE "enquiry_queue_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid,
	"queue" text NOT NULL,
	"email" text NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "enquiries" ADD COLUMN "disagreement_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enquiries" ADD COLUMN "disagreement_note" text;--> statement-breakpoint
ALTER TABLE "enquiries" ADD COLUMN "escalated_to" text;--> statement-breakpoint
ALTER TABLE "enquiries" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enquiries" ADD COLUMN "escalation_trigger" text;--> statement-breakpoint
ALTER TABLE "enquiries" ADD COLUMN "escalation_reason" jsonb;--> statement-breakpoint
ALTER TABLE "enquiry_queue_contacts" ADD CONSTRAINT "enquiry_queue_contacts_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_queue_contacts" ADD CONSTRAINT "enquiry_queue_contacts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enquiry_queue_contacts_national_idx" ON "enquiry_queue_contacts" USING btree ("queue") WHERE office_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "enquiry_queue_contacts_office_idx" ON "enquiry_queue_contacts" USING btree ("office_id","queue") WHERE office_id is not null;--> statement-breakpoint
CREATE INDEX "enquiries_escalation_candidates_idx" ON "enquiries" USING btree ("received_at","id") WHERE escalated_at is null and category in ('case-specific', 'local-procedures') and (first_response_at is null or disagreement_at is not null);