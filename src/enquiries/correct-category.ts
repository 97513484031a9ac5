/**
 * An officer corrects the category the rules gave an enquiry (issue 4: "categorise by rules on
 * content, with officer correction"). The queue that answers it follows the new category, as the
 * office's category rules pair them (seed 001's table unless an administrator changed it); the category decision keeps who corrected it, when, from what and why, so the
 * page and the audit trail can both tell the story. A closed enquiry is done with and keeps its
 * category.
 *
 * Who and why live in the category decision (`category_reason`) and in the audit event: the
 * decision's `{ en, fr }` wording is what the page shows, `correction` what a reviewer checks.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { enquiries } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { DEFAULT_CATEGORY_RULES } from "./categorise-enquiry.ts";
import {
  CATEGORY_NAMES,
  type CategoryRule,
  ENQUIRY_CATEGORIES,
  type EnquiryCategory,
  type EnquiryQueue,
  type Wording,
} from "./enquiry.schema.ts";
import { canReadEnquiries } from "./enquiry-access.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import { findCategoryRules } from "./find-category-rules.ts";

export const ZCorrectCategory = z.object({
  category: z.enum(ENQUIRY_CATEGORIES, { message: `must be one of ${ENQUIRY_CATEGORIES.join(", ")}` }),
  /** Why the rules were wrong, in the officer's words; kept with the decision. */
  reason: zText(2000),
});
export type CorrectCategoryInput = z.input<typeof ZCorrectCategory>;

/** What the category decision holds once an officer has corrected it. */
export interface CategoryCorrection {
  by: { userId: string | null; label: string };
  at: string;
  reason: string;
  previous: { category: string; queue: string; source: string; reason: unknown };
}

export interface CategoryCorrected {
  reference: string;
  category: EnquiryCategory;
  queue: EnquiryQueue;
  previous: { category: string; queue: string };
}

/**
 * The queue that answers a category under the given rules (seed 001's table by default). An
 * officer corrects the category, never the queue on its own: the queue always follows the rules.
 */
export function queueForCategory(
  category: EnquiryCategory,
  rules: readonly CategoryRule[] = DEFAULT_CATEGORY_RULES,
): EnquiryQueue {
  return (
    rules.find((rule) => rule.category === category)?.queue ??
    DEFAULT_CATEGORY_RULES.find((rule) => rule.category === category)?.queue ??
    "office-enquiries"
  );
}

/**
 * @example await correctCategory(db, agent, "ENQ-2026-000123",
 *   { category: "local-procedures", reason: "Asks only about the office's opening hours." })
 *   // → { category: "local-procedures", queue: "office-enquiries", previous: { category: "case-specific", … } }
 */
export async function correctCategory(
  db: Db,
  actor: Actor,
  referenceInput: string,
  input: CorrectCategoryInput,
  options: { now?: Date } = {},
): Promise<CategoryCorrected> {
  const data = validate(ZCorrectCategory, input);
  const now = options.now ?? new Date();
  const reference = referenceInSubject(referenceInput.trim());
  const notFound = () =>
    new AppError("not_found", `reference: no enquiry ${referenceInput.slice(0, 40)} in your offices`, {
      field: "reference",
      messageFr: `reference : aucune demande ${referenceInput.slice(0, 40)} dans vos bureaux`,
    });
  if (!reference || reference !== referenceInput.trim().toUpperCase()) throw notFound();
  return db.transaction(async (tx) => {
    // Locked, so two officers correcting at once each see the other's category as the previous one.
    const [enquiry] = await tx
      .select()
      .from(enquiries)
      .where(eq(enquiries.reference, reference))
      .for("update");
    if (!enquiry || !canReadEnquiries(actor, enquiry.officeId)) throw notFound();
    if (enquiry.state === "closed") {
      throw new AppError(
        "invalid_state",
        `The enquiry ${reference} is closed: its category can no longer be changed.`,
        { messageFr: `La demande ${reference} est fermée : on ne peut plus en changer la catégorie.` },
      );
    }
    const from = CATEGORY_NAMES[enquiry.category as EnquiryCategory] ?? {
      en: enquiry.category,
      fr: enquiry.category,
    };
    const to = CATEGORY_NAMES[data.category];
    if (enquiry.category === data.category) {
      throw new AppError("invalid_input", `category: the enquiry is already a ${to.en}`, {
        field: "category",
        messageFr: `category : la demande est déjà classée ainsi (${to.fr})`,
      });
    }
    // The office's rules as administrators set them, so a corrected enquiry goes where a new one would.
    const { rules } = await findCategoryRules(tx, enquiry.officeId);
    const queue = queueForCategory(data.category, rules);
    const correction: CategoryCorrection = {
      by: { userId: actor.userId, label: actor.label },
      at: now.toISOString(),
      reason: data.reason,
      previous: {
        category: enquiry.category,
        queue: enquiry.queue,
        source: enquiry.categorySource,
        reason: enquiry.categoryReason,
      },
    };
    const wording: Wording = {
      en: `Corrected from "${from.en}": ${data.reason}`,
      fr: `Corrigée (auparavant « ${from.fr} ») : ${data.reason}`,
    };
    await tx
      .update(enquiries)
      .set({
        category: data.category,
        queue,
        categorySource: "officer",
        categoryReason: { ...wording, correction },
        updatedAt: now,
      })
      .where(eq(enquiries.id, enquiry.id));
    await recordAuditEvent(tx, actor, {
      action: "enquiry.category-corrected",
      entityType: "enquiry",
      entityId: enquiry.id,
      officeId: enquiry.officeId,
      before: { category: enquiry.category, queue: enquiry.queue, categorySource: enquiry.categorySource },
      after: { category: data.category, queue, categorySource: "officer", reason: data.reason },
    });
    return {
      reference,
      category: data.category,
      queue,
      previous: { category: enquiry.category, queue: enquiry.queue },
    };
  });
}
