/**
 * An enquiry sent with the office's public web form (issue 4: "a public web form … creates the
 * same kind of enquiry"). The form asks for everything seed 001 requires, so nothing is missing and
 * no automatic request is needed; the enquirer chose their official language on the form.
 *
 * What was submitted is kept as an eDoc of the enquiry (its exact JSON), as an email's raw bytes are.
 * No one is signed in: submissions are limited per client address, so the form cannot be used to
 * flood an office's queue.
 */
import { randomUUID } from "node:crypto";
import { and, count, eq, gt } from "drizzle-orm";
import type { z } from "zod";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { edocs, enquiryMessages, offices, signInAttempts } from "../db/schema.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { categoriseEnquiry } from "./categorise-enquiry.ts";
import { ZWebFormEnquiry } from "./enquiry.schema.ts";
import { extractEnquiryFields } from "./extract-enquiry-fields.ts";
import { findCategoryRules } from "./find-category-rules.ts";
import { openEnquiry } from "./open-enquiry.ts";

/** What the audit trail names as the author of an enquiry sent with the web form. */
const WEB_FORM: Actor = { ...SYSTEM_ACTOR, label: "enquiry-web-form" };

/** The eDoc kind of what an enquirer submitted with the web form. */
export const ENQUIRY_FORM_EDOC_KIND = "enquiry-web-form";

/**
 * At most this many enquiries from one client address in the window: enough for a representative's
 * office sending several clients' enquiries, too few to bury an office's queue.
 */
export const FORM_SUBMISSIONS_PER_WINDOW = 10;
export const FORM_WINDOW_MINUTES = 60;

/**
 * The form is limited the way sign-in is: one row per attempt in `sign_in_attempts`, under a key of
 * its own, purged with them.
 */
const attemptKey = (address: string) => `enquiry-form:ip:${address}`;

export type EnquiryFormInput = z.input<typeof ZWebFormEnquiry>;

export interface FormProblem {
  field: string;
  /** The rule in English, as the schema writes it ("is required", "must be an email address"). */
  rule: string;
}

/**
 * Every problem with a submitted form, in the order of the form's fields, so a person sees all of
 * them at once. The same rules as `submitEnquiryForm`, which refuses with the first.
 *
 * @example enquiryFormProblems({ channel: "web-form", … enquirerEmail: "nope" })
 *   // → [{ field: "enquirerEmail", rule: "must be an email address" }]
 */
export function enquiryFormProblems(input: unknown): FormProblem[] {
  const result = ZWebFormEnquiry.safeParse(input);
  if (result.success) return [];
  const given = (input ?? {}) as Record<string, unknown>;
  const blank = (field: string) => typeof given[field] !== "string" || (given[field] as string).trim() === "";
  const seen = new Set<string>();
  const problems: FormProblem[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join(".") || "input";
    if (seen.has(field)) continue;
    seen.add(field);
    // A choice left unmade is missing, whatever rule the schema would check next.
    problems.push({ field, rule: blank(field) && issue.code !== "custom" ? "is required" : issue.message });
  }
  // The schema checks "a file number or a UCI" only once every field is valid; say it now.
  if (!seen.has("fileNumber") && !seen.has("uci") && blank("fileNumber") && blank("uci")) {
    problems.push({
      field: "fileNumber",
      rule: "give the visa office file number (e.g. V000012345) or the UCI",
    });
  }
  return problems;
}

export interface SubmittedEnquiry {
  enquiryId: string;
  reference: string;
  officeCode: string;
  /** The office's published response time, which the enquirer is told. */
  responseDays: number;
}

/**
 * @example await submitEnquiryForm(db, "OTT", { channel: "web-form", enquirerName: "Sophie Tremblay",
 *   enquirerRole: "representative", …, language: "fr", message: "Où en est le dossier ?" },
 *   { clientAddress: "203.0.113.7" })
 *   // → { reference: "ENQ-2026-000124", responseDays: 30, … }
 */
export async function submitEnquiryForm(
  db: Db,
  officeCode: string,
  input: unknown,
  options: { clientAddress: string; now?: Date },
): Promise<SubmittedEnquiry> {
  const form = validate(ZWebFormEnquiry, input);
  const now = options.now ?? new Date();
  const [office] = await db.select().from(offices).where(eq(offices.code, officeCode.trim().toUpperCase()));
  if (!office) {
    throw new AppError("not_found", `officeCode: no office has the code ${officeCode}`, {
      field: "officeCode",
      messageFr: `officeCode : aucun bureau n'a le code ${officeCode}`,
    });
  }
  return db.transaction(async (tx) => {
    const key = attemptKey(options.clientAddress);
    const [recent] = await tx
      .select({ n: count() })
      .from(signInAttempts)
      .where(
        and(
          eq(signInAttempts.key, key),
          gt(signInAttempts.at, new Date(now.getTime() - FORM_WINDOW_MINUTES * 60_000)),
        ),
      );
    if ((recent?.n ?? 0) >= FORM_SUBMISSIONS_PER_WINDOW) {
      throw new AppError(
        "rate_limited",
        `Too many enquiries were sent from this connection. Wait an hour, or write to ${office.mailboxEmail}.`,
        {
          messageFr: `Trop de demandes ont été envoyées depuis cette connexion. Attendez une heure ou écrivez à ${office.mailboxEmail}.`,
        },
      );
    }
    const extracted = extractEnquiryFields(form);
    const subject = formSubject(form);
    // The office's own rules, as administrators set them, as for mail.
    const { rules } = await findCategoryRules(tx, office.id);
    const category = categoriseEnquiry({ subject: "", text: form.message, rules });
    const audit: Parameters<typeof recordAuditEvents>[2] = [];
    const { enquiry } = await openEnquiry(
      tx,
      {
        office,
        channel: "web-form",
        receivedAt: now,
        now,
        subject,
        language: { language: form.language, reason: "chosen by the enquirer on the web form" },
        category,
        extracted,
        enquirerAddress: form.enquirerEmail.toLowerCase(),
        storeFirstMessage: async (enquiry) => {
          const id = randomUUID();
          // The submission as it was accepted, kept whole: what the enquirer stated, and when.
          const json = JSON.stringify({ ...form, officeCode: office.code, submittedAt: now.toISOString() });
          const bytes = new TextEncoder().encode(json);
          const sha256 = await storeBlob(tx, bytes);
          const fileName = `${enquiry.reference}-web-form.json`;
          const [edoc] = await tx
            .insert(edocs)
            .values({
              sha256,
              mediaType: "application/json",
              size: bytes.byteLength,
              fileName,
              kind: ENQUIRY_FORM_EDOC_KIND,
              description: "Enquiry sent with the office's web form",
              clientId: null,
              applicationId: null,
              enquiryId: enquiry.id,
              uploadedBy: null,
            })
            .returning({ id: edocs.id });
          await tx.insert(enquiryMessages).values({
            id,
            enquiryId: enquiry.id,
            officeId: office.id,
            direction: "in",
            kind: "enquirer",
            messageId: null,
            inReplyTo: null,
            references: [],
            fromAddress: form.enquirerEmail.toLowerCase(),
            fromText: `${form.enquirerName} <${form.enquirerEmail}>`,
            toAddresses: [office.mailboxEmail],
            subject,
            bodyText: form.message,
            sha256,
            edocId: edoc!.id,
            receivedAt: now,
            language: form.language,
          });
          audit.push({
            action: "edoc.uploaded",
            entityType: "enquiry",
            entityId: enquiry.id,
            officeId: office.id,
            after: {
              id: edoc!.id,
              sha256,
              fileName,
              size: bytes.byteLength,
              mediaType: "application/json",
              kind: ENQUIRY_FORM_EDOC_KIND,
              enquiryMessageId: id,
            },
          });
          return { id, origin: { webForm: true } };
        },
      },
      audit,
    );
    await tx.insert(signInAttempts).values({ key, succeeded: true, at: now });
    await recordAuditEvents(tx, WEB_FORM, audit);
    return {
      enquiryId: enquiry.id,
      reference: enquiry.reference,
      officeCode: office.code,
      responseDays: enquiry.responseDays,
    };
  });
}

/** The form has no subject of its own: the file it is about names the enquiry in lists. */
function formSubject(form: z.output<typeof ZWebFormEnquiry>): string {
  const file = form.fileNumber
    ? form.language === "fr"
      ? `dossier ${form.fileNumber}`
      : `file ${form.fileNumber}`
    : form.language === "fr"
      ? `IUC ${form.uci}`
      : `UCI ${form.uci}`;
  return form.language === "fr" ? `Demande par formulaire Web : ${file}` : `Web form enquiry: ${file}`;
}
