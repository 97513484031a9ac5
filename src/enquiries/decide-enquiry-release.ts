/**
 * Whether this enquiry's sender may be told the file's personal information: the facts the file
 * holds (the applicant's current emails, the IMM 5476 forms on the application) loaded for the file
 * the enquiry matched, and `releaseCheck` run on them. With no matched file, nobody is identified:
 * a file number anyone can write is not an identity.
 *
 * Designated individuals: those recorded on the whole client file or on the matched application,
 * whose written consent is valid on the day of the reply. A consent that has ended (or not yet
 * begun) is not consent: the person is then treated like anyone else who is not on the file.
 */
import { and, eq, gte, isNull, lte, or } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { contactDetails, designatedIndividuals, type enquiries, representatives } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import { ENQUIRER_ROLES, type EnquirerRole, type ExtractedEnquiry } from "./enquiry.schema.ts";
import { type ReleaseDecision, releaseCheck } from "./release-check.ts";

type Enquiry = Pick<
  typeof enquiries.$inferSelect,
  "enquirerAddress" | "fields" | "clientId" | "applicationId"
>;

const NO_FILE: ReleaseDecision = {
  mayRelease: false,
  generalInformationOnly: true,
  reason: {
    en: "The enquiry matches no file of this office, so nobody is identified: general information only.",
    fr: "La demande ne correspond à aucun dossier du bureau; personne n'est donc identifié : renseignements généraux seulement.",
  },
};

/**
 * @example const decision = await decideEnquiryRelease(tx, enquiry, "America/Toronto");
 *   // → { mayRelease: true, as: "applicant", reason: { en: "The enquirer wrote from the applicant's email on file.", … } }
 */
export async function decideEnquiryRelease(
  db: Executor,
  enquiry: Enquiry,
  officeTimeZone: string,
  now: Date = new Date(),
): Promise<ReleaseDecision> {
  if (!enquiry.clientId) return NO_FILE;
  const emails = await db
    .select({ value: contactDetails.value })
    .from(contactDetails)
    .where(
      and(
        eq(contactDetails.clientId, enquiry.clientId),
        eq(contactDetails.kind, "email"),
        isNull(contactDetails.supersededAt),
      ),
    );
  // An IMM 5476 names a representative for one application: with only the client matched (by UCI),
  // no representative is identified.
  const forms = enquiry.applicationId
    ? await db.select().from(representatives).where(eq(representatives.applicationId, enquiry.applicationId))
    : [];
  // Written consent is valid by calendar day where the office works, like an IMM 5476.
  const onDate = todayIn(officeTimeZone, now);
  const designated = await db
    .select({ name: designatedIndividuals.name, email: designatedIndividuals.email })
    .from(designatedIndividuals)
    .where(
      and(
        eq(designatedIndividuals.clientId, enquiry.clientId),
        enquiry.applicationId
          ? or(
              isNull(designatedIndividuals.applicationId),
              eq(designatedIndividuals.applicationId, enquiry.applicationId),
            )
          : isNull(designatedIndividuals.applicationId),
        lte(designatedIndividuals.validFrom, onDate),
        or(isNull(designatedIndividuals.validTo), gte(designatedIndividuals.validTo, onDate)),
      ),
    );
  const fields = enquiry.fields as ExtractedEnquiry["fields"];
  const claimed = fields.enquirerRole?.value;
  return releaseCheck({
    enquirer: {
      email: enquiry.enquirerAddress ?? "",
      roleClaimed: (ENQUIRER_ROLES as readonly string[]).includes(claimed ?? "")
        ? (claimed as EnquirerRole)
        : null,
    },
    file: {
      applicantEmails: emails.map((e) => e.value),
      representatives: forms.map((r) => ({
        name: r.name,
        email: r.email,
        postalAddress: r.postalAddress,
        validFrom: r.validFrom,
        validTo: r.validTo,
        recordedAt: r.createdAt,
      })),
      // The table refuses a row without its written consent (an eDoc or a reference).
      designatedIndividuals: designated.map((d) => ({ ...d, writtenConsent: true })),
    },
    // An IMM 5476 is in force by calendar day where the office works.
    onDate,
  });
}
