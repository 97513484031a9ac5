import { eq } from "drizzle-orm";
import { z } from "zod";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Db } from "../db/database.ts";
import { notes } from "../db/schema.ts";
import { DEFAULT_EXEMPTION, EXEMPTIONS } from "../file-export/exemptions.ts";
import { AppError } from "../shared/errors.ts";
import { zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canWorkInOffice, officeIdsOf } from "../users/actor.ts";

export const ZAddNote = z.object({
  body: zText(20_000),
  restricted: z
    .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false")])
    .transform((value) => value === true || value === "on" || value === "true")
    .default(false),
  /**
   * The exemption a restricted note is withheld under when the file is released to the client
   * (Privacy Act / Access to Information Act); the default one when not given. Ignored on a note
   * that is not restricted.
   */
  exemption: z.enum(EXEMPTIONS, { message: `must be one of ${EXEMPTIONS.join(", ")}` }).optional(),
  /** A note is never edited: a correction is a new note that points at the one it corrects. */
  correctsNoteId: z.uuid({ message: "must be the id of an earlier note" }).optional(),
});
export type AddNoteInput = z.input<typeof ZAddNote>;

export type Note = typeof notes.$inferSelect;

/** Adds a note to an application (by file number) or to a client (by UCI). Notes are never edited. */
export async function addNote(
  db: Db,
  actor: Actor,
  target: { fileNumber: string } | { uci: string },
  input: AddNoteInput,
): Promise<Note> {
  const data = validate(ZAddNote, input);
  return db.transaction(async (tx) => {
    let clientId: string;
    let applicationId: string | null = null;
    let officeId: string;
    if ("fileNumber" in target) {
      const application = await findVisibleApplication(tx, actor, target.fileNumber);
      clientId = application.clientId;
      applicationId = application.id;
      officeId = application.officeId;
    } else {
      const client = await findVisibleClient(tx, actor, target.uci);
      clientId = client.id;
      officeId = canWorkInOffice(actor, client.officeId) ? client.officeId : officeIdsOf(actor)[0]!;
    }
    if (data.correctsNoteId) {
      const [earlier] = await tx.select().from(notes).where(eq(notes.id, data.correctsNoteId));
      if (!earlier || earlier.clientId !== clientId) {
        throw new AppError("invalid_input", "correctsNoteId: must be a note on the same client", {
          field: "correctsNoteId",
        });
      }
    }
    const [note] = await tx
      .insert(notes)
      .values({
        clientId,
        applicationId,
        officeId,
        body: data.body,
        restricted: data.restricted,
        exemption: data.restricted ? (data.exemption ?? DEFAULT_EXEMPTION) : null,
        correctsNoteId: data.correctsNoteId ?? null,
        authorId: actor.userId,
        authorLabel: actor.label,
      })
      .returning();
    if (!note) throw new AppError("internal", "note not added");
    await recordAuditEvent(tx, actor, {
      action: "note.added",
      entityType: applicationId ? "application" : "client",
      entityId: applicationId ?? clientId,
      officeId,
      after: {
        id: note.id,
        restricted: note.restricted,
        correctsNoteId: note.correctsNoteId,
        length: note.body.length,
      },
    });
    return note;
  });
}
