-- Records that the law or the evidence rules need unchanged: refuse UPDATE and DELETE at the database,
-- so that no code path (or hand-written SQL through the application) can rewrite them.
CREATE OR REPLACE FUNCTION dossier_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION dossier_refuse_change();
--> statement-breakpoint
CREATE TRIGGER blobs_immutable BEFORE UPDATE OR DELETE ON blobs
  FOR EACH ROW EXECUTE FUNCTION dossier_refuse_change();
--> statement-breakpoint
CREATE TRIGGER notes_immutable BEFORE UPDATE OR DELETE ON notes
  FOR EACH ROW EXECUTE FUNCTION dossier_refuse_change();
--> statement-breakpoint
CREATE TRIGGER edocs_immutable BEFORE DELETE ON edocs
  FOR EACH ROW EXECUTE FUNCTION dossier_refuse_change();
