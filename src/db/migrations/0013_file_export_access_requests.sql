-- The exemption a restricted note is withheld under when the file is released (Privacy Act /
-- Access to Information Act). Notes are immutable (0002), so rows written before this column stay
-- null: the export withholds those under the default exemption and says it was not recorded.
ALTER TABLE "notes" ADD COLUMN "exemption" text;--> statement-breakpoint
CREATE TABLE "access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"application_id" uuid,
	"received_date" date NOT NULL,
	"requester_name" text NOT NULL,
	"requester_email" text,
	"requester_kind" text NOT NULL,
	"act" text NOT NULL,
	"consent_edoc_id" uuid,
	"consent_reference" text,
	"due_date" date NOT NULL,
	"extended_due_date" date,
	"extension_ground" text,
	"extension_reason" text,
	"extended_at" timestamp with time zone,
	"completed_date" date,
	"export_edoc_id" uuid,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_requests_consent_for_others" CHECK ("access_requests"."requester_kind" = 'applicant' or "access_requests"."consent_edoc_id" is not null or "access_requests"."consent_reference" is not null),
	CONSTRAINT "access_requests_extension_later" CHECK ("access_requests"."extended_due_date" is null or "access_requests"."extended_due_date" > "access_requests"."due_date")
);
--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_consent_edoc_id_edocs_id_fk" FOREIGN KEY ("consent_edoc_id") REFERENCES "public"."edocs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_export_edoc_id_edocs_id_fk" FOREIGN KEY ("export_edoc_id") REFERENCES "public"."edocs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_requests_open_idx" ON "access_requests" USING btree ("office_id","due_date") WHERE completed_date is null;--> statement-breakpoint
CREATE INDEX "access_requests_client_idx" ON "access_requests" USING btree ("client_id");
