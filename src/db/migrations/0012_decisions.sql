-- Decisions on applications (approved, refused, abandoned, withdrawn) and the requests to reconsider
-- them. A non-compliance decision names its legal basis (Citizenship Act s. 13.2 abandonment for a
-- citizenship application, IRPR s. 10 refusal for the others) and the request it rests on, so that
-- the proof of that request's sending can be shown beside it in court.
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL REFERENCES "applications"("id"),
	"office_id" uuid NOT NULL REFERENCES "offices"("id"),
	"outcome" text NOT NULL,
	"grounds" text,
	"legal_basis" text,
	"request_correspondence_id" uuid REFERENCES "correspondence"("id"),
	"rationale" text NOT NULL,
	"arising" text,
	"inadmissibility_ground" text,
	"letter_correspondence_id" uuid REFERENCES "correspondence"("id"),
	"decided_by" uuid REFERENCES "users"("id"),
	"decided_by_label" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone,
	"set_aside_at" timestamp with time zone,
	"set_aside_by" uuid,
	CONSTRAINT "decisions_outcome" CHECK (outcome in ('approved', 'refused', 'abandoned', 'withdrawn')),
	CONSTRAINT "decisions_grounds_given" CHECK (outcome not in ('refused', 'abandoned') or grounds is not null),
	CONSTRAINT "decisions_legal_basis" CHECK (legal_basis is null or legal_basis in ('citizenship-act-s13.2', 'irpr-s10')),
	CONSTRAINT "decisions_non_compliance_request" CHECK (legal_basis is null or request_correspondence_id is not null),
	CONSTRAINT "decisions_arising" CHECK (arising is null or arising in ('canada', 'outside'))
);
--> statement-breakpoint
CREATE INDEX "decisions_application_idx" ON "decisions" USING btree ("application_id","decided_at");
--> statement-breakpoint
CREATE INDEX "decisions_letter_idx" ON "decisions" USING btree ("letter_correspondence_id");
--> statement-breakpoint
CREATE TABLE "reconsideration_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL REFERENCES "applications"("id"),
	"office_id" uuid NOT NULL REFERENCES "offices"("id"),
	"decision_id" uuid NOT NULL REFERENCES "decisions"("id"),
	"requested_by" text NOT NULL,
	"received_on" date NOT NULL,
	"channel" text NOT NULL,
	"enquiry_id" uuid REFERENCES "enquiries"("id"),
	"grounds_kind" text NOT NULL,
	"grounds" text NOT NULL,
	"document_edoc_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"facts" jsonb,
	"status" text NOT NULL,
	"recorded_by" uuid REFERENCES "users"("id"),
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text,
	"outcome_rationale" text,
	"new_response_date" date,
	"decided_by" uuid REFERENCES "users"("id"),
	"decided_by_label" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "reconsideration_channel" CHECK (channel in ('web-form', 'enquiry', 'by-hand')),
	CONSTRAINT "reconsideration_grounds_kind" CHECK (grounds_kind in ('non-receipt', 'other')),
	CONSTRAINT "reconsideration_status" CHECK (status in ('received', 'reopened', 'maintained')),
	CONSTRAINT "reconsideration_decided" CHECK (status = 'received' or (outcome is not null and outcome_rationale is not null and decided_at is not null)),
	CONSTRAINT "reconsideration_reopen_date" CHECK (outcome is distinct from 'reopen' or new_response_date is not null)
);
--> statement-breakpoint
CREATE INDEX "reconsideration_requests_application_idx" ON "reconsideration_requests" USING btree ("application_id","recorded_at");
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_set_aside_by_fk" FOREIGN KEY ("set_aside_by") REFERENCES "reconsideration_requests"("id");
--> statement-breakpoint
-- The decision is notified when its letter is sent (by the dispatcher, or recorded mailed for paper):
-- the recourse deadlines run from that day, whichever code path marks the letter sent.
CREATE OR REPLACE FUNCTION dossier_decision_notified() RETURNS trigger AS $$
BEGIN
  IF NEW.sent_at IS NOT NULL AND OLD.sent_at IS NULL THEN
    UPDATE decisions SET notified_at = NEW.sent_at
     WHERE letter_correspondence_id = NEW.id AND notified_at IS NULL;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Only decision letters reach the function: the dispatcher's other sends pay for nothing but the test.
CREATE TRIGGER correspondence_decision_notified AFTER UPDATE OF sent_at ON correspondence
  FOR EACH ROW WHEN (NEW.template_id LIKE 'decision-%' AND OLD.sent_at IS NULL AND NEW.sent_at IS NOT NULL)
  EXECUTE FUNCTION dossier_decision_notified();
