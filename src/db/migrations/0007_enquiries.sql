CREATE SEQUENCE "public"."enquiry_reference_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "enquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"channel" text NOT NULL,
	"language" text NOT NULL,
	"language_reason" text NOT NULL,
	"category" text NOT NULL,
	"queue" text NOT NULL,
	"category_source" text NOT NULL,
	"category_reason" jsonb NOT NULL,
	"state" text NOT NULL,
	"subject" text NOT NULL,
	"enquirer_address" text,
	"received_at" timestamp with time zone NOT NULL,
	"response_days" integer NOT NULL,
	"sla_pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"response_due_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"fields" jsonb NOT NULL,
	"missing_fields" jsonb NOT NULL,
	"client_id" uuid,
	"application_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enquiries_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "enquiry_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enquiry_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	"direction" text NOT NULL,
	"message_id" text,
	"in_reply_to" text,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"from_address" text,
	"from_text" text NOT NULL,
	"to_addresses" text[] NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"text_from_html" boolean DEFAULT false NOT NULL,
	"sha256" text,
	"edoc_id" uuid,
	"inbound_message_id" uuid,
	"status" text,
	"status_reason" text,
	"automatic" boolean DEFAULT false NOT NULL,
	"kind" text NOT NULL,
	"language" text,
	"received_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enquiry_messages_inbound_message_id_unique" UNIQUE("inbound_message_id")
);
--> statement-breakpoint
ALTER TABLE "edocs" ALTER COLUMN "client_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "edocs" ADD COLUMN "enquiry_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD COLUMN "imap_uid" text;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiries" ADD CONSTRAINT "enquiries_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_enquiry_id_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_sha256_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_edoc_id_edocs_id_fk" FOREIGN KEY ("edoc_id") REFERENCES "public"."edocs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enquiry_messages" ADD CONSTRAINT "enquiry_messages_inbound_message_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enquiries_office_state_due_idx" ON "enquiries" USING btree ("office_id","state","response_due_at");--> statement-breakpoint
CREATE INDEX "enquiries_office_received_idx" ON "enquiries" USING btree ("office_id","received_at");--> statement-breakpoint
CREATE INDEX "enquiries_application_idx" ON "enquiries" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "enquiries_client_idx" ON "enquiries" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "enquiry_messages_enquiry_idx" ON "enquiry_messages" USING btree ("enquiry_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enquiry_messages_message_id_idx" ON "enquiry_messages" USING btree ("office_id","message_id","direction");--> statement-breakpoint
CREATE INDEX "enquiry_messages_status_idx" ON "enquiry_messages" USING btree ("status","created_at") WHERE status is not null;--> statement-breakpoint
CREATE INDEX "enquiry_messages_automatic_to_idx" ON "enquiry_messages" USING btree ("office_id","created_at") WHERE automatic and direction = 'out';--> statement-breakpoint
ALTER TABLE "edocs" ADD CONSTRAINT "edocs_enquiry_id_enquiries_id_fk" FOREIGN KEY ("enquiry_id") REFERENCES "public"."enquiries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "edocs_enquiry_idx" ON "edocs" USING btree ("enquiry_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_mailbox_imap_uid_idx" ON "inbound_messages" USING btree ("mailbox","imap_uid");--> statement-breakpoint
ALTER TABLE "edocs" ADD CONSTRAINT "edocs_on_a_record" CHECK ("edocs"."client_id" is not null or "edocs"."enquiry_id" is not null);