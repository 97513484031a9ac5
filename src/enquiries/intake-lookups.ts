/**
 * Reads that every message of a batch of inbound mail would repeat: its office and the office's
 * category rules. A batch makes each once and reuses it for the rest of its transaction; a message
 * processed alone reads them itself. Inside one transaction the answer would be the same row the
 * batch read a moment earlier, or one an administrator's concurrent change makes newer by those
 * few milliseconds only.
 */
import { eq } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { offices } from "../db/schema.ts";
import { type FoundCategoryRules, findCategoryRules } from "./find-category-rules.ts";

type Office = typeof offices.$inferSelect;

export interface IntakeLookups {
  office(tx: Tx, officeId: string): Promise<Office | undefined>;
  categoryRules(tx: Tx, officeId: string): Promise<FoundCategoryRules>;
}

async function readOffice(tx: Tx, officeId: string): Promise<Office | undefined> {
  const [office] = await tx.select().from(offices).where(eq(offices.id, officeId));
  return office;
}

/** Reads every time: for a message processed alone. */
export const DIRECT_LOOKUPS: IntakeLookups = {
  office: readOffice,
  categoryRules: findCategoryRules,
};

/**
 * Reads once per office, for one transaction only.
 *
 * @example const lookups = batchLookups();
 *   for (const message of batch) await receiveEnquiryMail(tx, message, { lookups });
 */
export function batchLookups(): IntakeLookups {
  const officeRows = new Map<string, Promise<Office | undefined>>();
  const rules = new Map<string, Promise<FoundCategoryRules>>();
  return {
    office(tx, officeId) {
      let found = officeRows.get(officeId);
      if (!found) {
        found = readOffice(tx, officeId);
        officeRows.set(officeId, found);
      }
      return found;
    },
    categoryRules(tx, officeId) {
      let found = rules.get(officeId);
      if (!found) {
        found = findCategoryRules(tx, officeId);
        rules.set(officeId, found);
      }
      return found;
    },
  };
}
