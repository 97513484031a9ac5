ALTER TABLE "activities" ADD COLUMN "correspondence_id" uuid;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "office_id" uuid;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_correspondence_id_correspondence_id_fk" FOREIGN KEY ("correspondence_id") REFERENCES "public"."correspondence"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "correspondence" ADD CONSTRAINT "correspondence_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_correspondence_idx" ON "activities" USING btree ("correspondence_id");--> statement-breakpoint
-- Rows written before this migration: the sending office is the application's office now, and an
-- activity's correspondence is the one its details line names.
UPDATE "correspondence" AS c SET "office_id" = a."office_id" FROM "applications" AS a WHERE a."id" = c."application_id" AND c."office_id" IS NULL;--> statement-breakpoint
UPDATE "activities" SET "correspondence_id" = (substring("details" from '(?:Paper correspondence|Correspondence): ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'))::uuid WHERE "correspondence_id" IS NULL AND "details" ~ '(?:Paper correspondence|Correspondence): [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' AND EXISTS (SELECT 1 FROM "correspondence" c WHERE c."id" = (substring("details" from '(?:Paper correspondence|Correspondence): ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'))::uuid);
