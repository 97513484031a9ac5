/**
 * An administrator stops using the category rules set at one level: an office's own rules (the
 * office then follows the rules for every office, or Dossier's defaults), or, without an office,
 * the rules for every office (offices without their own then follow Dossier's defaults). The
 * audit event keeps the rules that were removed, so they can be set again word for word.
 */
import { eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { enquiryCategoryRules } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { zOfficeCode } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertAdministrator, hasRole } from "../users/actor.ts";
import { type FoundCategoryRules, findCategoryRules } from "./find-category-rules.ts";

export const ZClearCategoryRules = z.object({
  /** Omitted: the rules set for every office. */
  officeCode: zOfficeCode.optional(),
});
export type ClearCategoryRulesInput = z.input<typeof ZClearCategoryRules>;

/**
 * Returns the rules now in use at that level.
 *
 * @example await clearCategoryRules(db, admin, { officeCode: "OTT" }) // { source: "every-office", … }
 */
export async function clearCategoryRules(
  db: Db,
  actor: Actor,
  input: ClearCategoryRulesInput,
): Promise<FoundCategoryRules> {
  assertAdministrator(actor);
  const data = validate(ZClearCategoryRules, input);
  return db.transaction(async (tx) => {
    const office = data.officeCode ? await findOfficeByCode(tx, data.officeCode) : null;
    if (office && actor.userId !== null && !hasRole(actor, "administrator", office.id)) {
      throw new AppError("forbidden", `Only an administrator of ${office.code} can set its rules.`, {
        messageFr: `Seul un administrateur de ${office.code} peut fixer ses règles.`,
      });
    }
    const removed = await tx
      .delete(enquiryCategoryRules)
      .where(office ? eq(enquiryCategoryRules.officeId, office.id) : isNull(enquiryCategoryRules.officeId))
      .returning();
    if (removed.length === 0) {
      throw new AppError("invalid_state", "officeCode: no rules of its own are set at this level", {
        field: "officeCode",
        messageFr: "officeCode : aucune règle propre n'est fixée à ce niveau",
      });
    }
    removed.sort((a, b) => a.position - b.position);
    await recordAuditEvent(tx, actor, {
      action: "enquiry-category-rules.cleared",
      entityType: "enquiry_category_rules",
      entityId: office?.code ?? "*",
      officeId: office?.id ?? null,
      before: {
        rules: removed.map((row) => ({
          category: row.category,
          queue: row.queue,
          en: row.phrasesEn,
          fr: row.phrasesFr,
        })),
      },
      after: null,
    });
    return findCategoryRules(tx, office?.id ?? null);
  });
}
