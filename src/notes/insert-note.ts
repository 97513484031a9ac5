/**
 * Writes a note on a file inside the caller's transaction, authored by the actor: the one way an
 * operation records its reasons (a decision's rationale, a cancellation's grounds) as a note. The
 * caller records the audit event its operation calls for; notes are never edited afterwards.
 */
import type { Tx } from "../db/database.ts";
import { notes } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import type { Note } from "./add-note.ts";

/** @example const note = await insertNote(tx, officer, { clientId, applicationId, officeId }, "Rationale: …") */
export async function insertNote(
  tx: Tx,
  actor: Actor,
  file: { clientId: string; applicationId: string | null; officeId: string },
  body: string,
): Promise<Note> {
  const [note] = await tx
    .insert(notes)
    .values({ ...file, body, authorId: actor.userId, authorLabel: actor.label })
    .returning();
  if (!note) throw new AppError("internal", "note not added");
  return note;
}
