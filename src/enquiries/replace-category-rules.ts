/**
 * An administrator replaces the words that put enquiries in each category of seed 001's table,
 * for one office or (without an office) for every office that has no rules of its own. The list
 * is replaced whole, in the order given (the order breaks ties: see `categorise-enquiry.ts`);
 * the next enquiry is categorised by it. The audit event keeps the rules before and after.
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
import { CATEGORY_NAMES, type CategoryRule, ZCategoryRules } from "./enquiry.schema.ts";
import { findCategoryRules } from "./find-category-rules.ts";

export const ZReplaceCategoryRules = z.object({
  /** Omitted: the rules for every office without its own. */
  officeCode: zOfficeCode.optional(),
  rules: ZCategoryRules,
});
export type ReplaceCategoryRulesInput = z.input<typeof ZReplaceCategoryRules>;

/**
 * @example await replaceCategoryRules(db, admin, { officeCode: "OTT", rules: [
 *   { category: "local-procedures", queue: "office-enquiries", en: ["visa application centre"], fr: ["centre de réception des demandes de visa"] },
 *   …] })
 */
export async function replaceCategoryRules(
  db: Db,
  actor: Actor,
  input: ReplaceCategoryRulesInput,
): Promise<{ officeId: string | null; rules: CategoryRule[] }> {
  assertAdministrator(actor);
  const data = validate(ZReplaceCategoryRules, input);
  data.rules.forEach(assertHasPhrases);
  return db.transaction(async (tx) => {
    const office = data.officeCode ? await findOfficeByCode(tx, data.officeCode) : null;
    if (office && actor.userId !== null && !hasRole(actor, "administrator", office.id)) {
      throw new AppError("forbidden", `Only an administrator of ${office.code} can set its rules.`, {
        messageFr: `Seul un administrateur de ${office.code} peut fixer ses règles.`,
      });
    }
    const before = await findCategoryRules(tx, office?.id ?? null);
    await tx
      .delete(enquiryCategoryRules)
      .where(office ? eq(enquiryCategoryRules.officeId, office.id) : isNull(enquiryCategoryRules.officeId));
    await tx.insert(enquiryCategoryRules).values(
      data.rules.map((rule, position) => ({
        officeId: office?.id ?? null,
        position,
        category: rule.category,
        queue: rule.queue,
        phrasesEn: rule.en,
        phrasesFr: rule.fr,
        updatedBy: actor.userId,
      })),
    );
    await recordAuditEvent(tx, actor, {
      action: "enquiry-category-rules.replaced",
      entityType: "enquiry_category_rules",
      entityId: office?.code ?? "*",
      officeId: office?.id ?? null,
      before: { source: before.source, rules: before.rules },
      after: { rules: data.rules },
    });
    return { officeId: office?.id ?? null, rules: data.rules };
  });
}

/** A rule without a word in either language could never choose its category: it is a mistake. */
function assertHasPhrases(rule: CategoryRule, index: number): void {
  if (rule.en.length > 0 || rule.fr.length > 0) return;
  const name = CATEGORY_NAMES[rule.category];
  throw new AppError(
    "invalid_input",
    `rules.${index}.en: give at least one English or French phrase for ${name.en}`,
    {
      field: `rules.${index}.en`,
      messageFr: `rules.${index}.en : donnez au moins une expression en anglais ou en français pour la catégorie ${name.fr}`,
    },
  );
}
