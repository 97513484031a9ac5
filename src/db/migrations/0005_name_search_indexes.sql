DROP INDEX "client_names_family_key_idx";--> statement-breakpoint
DROP INDEX "client_names_given_key_idx";--> statement-breakpoint
CREATE INDEX "client_names_family_given_idx" ON "client_names" USING btree ("family_key" text_pattern_ops,"given_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "client_names_given_family_idx" ON "client_names" USING btree ("given_key" text_pattern_ops,"family_key" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "client_names_words_trgm_idx" ON "client_names" USING gin ((' ' || "family_key" || ' ' || "given_key") gin_trgm_ops);