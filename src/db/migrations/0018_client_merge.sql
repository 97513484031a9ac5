-- A provisional client created by eTA intake and then matched by an officer to a client on file is
-- merged into that client: it keeps its row (its UCI still leads to the survivor), marked merged.
ALTER TABLE "clients" ADD COLUMN "merged_into_client_id" uuid;
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "merged_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_merged_into_client_id_clients_id_fk" FOREIGN KEY ("merged_into_client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_merge_complete" CHECK (("merged_into_client_id" is null) = ("merged_at" is null) and "merged_into_client_id" is distinct from "id");
--> statement-breakpoint
-- The eTA identity index catches up on clients created or merged since it last looked.
CREATE INDEX "clients_created_at_idx" ON "clients" USING btree ("created_at","id");
--> statement-breakpoint
CREATE INDEX "clients_merged_at_idx" ON "clients" USING btree ("merged_at") WHERE "merged_into_client_id" is not null;
--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD COLUMN "merged_client_id" uuid;
--> statement-breakpoint
ALTER TABLE "eta_review_decisions" ADD CONSTRAINT "eta_review_decisions_merged_client_id_clients_id_fk" FOREIGN KEY ("merged_client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;
