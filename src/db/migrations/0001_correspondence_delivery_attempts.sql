ALTER TABLE "correspondence" ADD COLUMN "attempts" integer;--> statement-breakpoint
ALTER TABLE "correspondence" ADD COLUMN "next_attempt_at" timestamp with time zone;