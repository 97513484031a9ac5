/**
 * The rules that categorise a new enquiry in an office: the office's own rules when an
 * administrator has set them, else the rules set for every office, else the rules Dossier ships
 * with (`DEFAULT_CATEGORY_RULES`). The first set found is used whole, never mixed with another:
 * an administrator who removed a category's words from an office's rules meant it.
 */
import { asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { enquiryCategoryRules } from "../db/schema.ts";
import { DEFAULT_CATEGORY_RULES } from "./categorise-enquiry.ts";
import type { CategoryRule, EnquiryCategory, EnquiryQueue } from "./enquiry.schema.ts";

export type CategoryRulesSource = "office" | "every-office" | "default";

export interface FoundCategoryRules {
  rules: CategoryRule[];
  source: CategoryRulesSource;
}

/** @example await findCategoryRules(tx, office.id) // { rules: [...], source: "office" } */
export async function findCategoryRules(db: Executor, officeId: string | null): Promise<FoundCategoryRules> {
  if (officeId) {
    const own = await storedRules(db, officeId);
    if (own.length > 0) return { rules: own, source: "office" };
  }
  const national = await storedRules(db, null);
  if (national.length > 0) return { rules: national, source: "every-office" };
  return { rules: DEFAULT_CATEGORY_RULES, source: "default" };
}

async function storedRules(db: Executor, officeId: string | null): Promise<CategoryRule[]> {
  const rows = await db
    .select()
    .from(enquiryCategoryRules)
    .where(officeId ? eq(enquiryCategoryRules.officeId, officeId) : isNull(enquiryCategoryRules.officeId))
    .orderBy(asc(enquiryCategoryRules.position));
  return rows.map((row) => ({
    category: row.category as EnquiryCategory,
    queue: row.queue as EnquiryQueue,
    en: row.phrasesEn,
    fr: row.phrasesFr,
  }));
}
