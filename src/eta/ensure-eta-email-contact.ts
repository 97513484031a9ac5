import { and, eq, isNull } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { contactDetails } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";

/**
 * Seed 000: an email given on the application form is consent to correspond by email. Intake keeps
 * it only for a client it creates; a client matched on file gets it here, before a letter about the
 * application is addressed, so the letter goes where the applicant asked.
 */
export async function ensureEtaEmailContact(
  tx: Tx,
  actor: Actor,
  clientId: string,
  email: string,
): Promise<void> {
  const known = await tx
    .select({ id: contactDetails.id })
    .from(contactDetails)
    .where(
      and(
        eq(contactDetails.clientId, clientId),
        eq(contactDetails.kind, "email"),
        eq(contactDetails.value, email),
        isNull(contactDetails.supersededAt),
      ),
    );
  if (known.length > 0) return;
  await tx.insert(contactDetails).values({
    clientId,
    kind: "email",
    value: email,
    consentSource: "application-form",
    recordedBy: actor.userId,
  });
}
