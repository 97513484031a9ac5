/**
 * Turns a template and an officer's values into the letter a client receives. Pure: the caller
 * loads the office, client and application; nothing here reads a clock, a file or the database.
 */
import { AppError } from "../shared/errors.ts";
import { formatUci, type LineOfBusiness } from "../shared/identifiers.ts";
import { defaultResponseDate } from "./default-response-date.ts";
import { fillPlaceholders } from "./fill-placeholders.ts";
import { formatLetterDate, formatLetterTime, letterIssueDate } from "./format-letter-date.ts";
import { type LetterValues, type LetterValuesInput, letterValuesSchema } from "./letter.schema.ts";
import { letterHtml } from "./letter-html.ts";
import type { LetterLanguage, LetterTemplateId } from "./letter-templates.ts";
import { LETTER_FRAMES, LETTER_TEMPLATES } from "./templates/index.ts";

export type LetterChannel = "email" | "paper";

/** The sending office, as in the `offices` table. */
export interface LetterOffice {
  nameEn: string;
  nameFr: string;
  postalAddress: string;
  mailboxEmail: string;
  timeZone: string;
  /** Days a client gets to answer a request for documents when the officer sets no date. */
  defaultResponseDays?: number | null;
}

export interface LetterClient {
  familyName: string;
  givenNames: string;
  uci: string;
  /** Needed for a paper letter (the address block shows through the envelope's window). */
  postalAddress?: string | null;
}

export interface LetterApplication {
  fileNumber: string;
  lineOfBusiness: LineOfBusiness;
}

export interface RenderLetterInput<Id extends LetterTemplateId = LetterTemplateId> {
  templateId: Id;
  language: LetterLanguage;
  channel: LetterChannel;
  values: LetterValuesInput[Id];
  office: LetterOffice;
  client: LetterClient;
  application: LetterApplication;
  /** The moment the letter is issued; its date is that moment's calendar day in the office's time zone. */
  today: Date;
}

/** What a paper letter prints around its text: letterhead, date, window address block, reference. */
export interface LetterHeading {
  officeName: string;
  officeAddress: string;
  officeEmail: string;
  dateText: string;
  clientName: string;
  clientAddress: string | null;
  fileNumber: string;
  uci: string;
  referenceLine: string;
}

export interface RenderedLetter {
  templateId: LetterTemplateId;
  language: LetterLanguage;
  channel: LetterChannel;
  /** YYYY-MM-DD in the office's time zone. */
  issueDate: string;
  /** The moment given as `today`; a printed letter carries it as its creation date. */
  issuedAt: Date;
  /** One line, safe as an email header. */
  subject: string;
  /** The whole plain text: for email, reference line, body, sign-off and caution; for paper, body and sign-off. */
  text: string;
  html: string;
  heading: LetterHeading;
  /** The filled template body and the sign-off, kept apart so a printed letter never splits the sign-off. */
  body: string;
  closing: string;
}

/**
 * Renders one letter in one language for one channel.
 *
 * @example renderLetter({ templateId: "request-documents", language: "fr", channel: "email",
 *   values: { documents: ["Passeport", "Relevés bancaires"], responseDate: "2027-03-12" },
 *   office, client, application, today: new Date() })
 *   // → { subject: "Demande de documents supplémentaires – Dossier V000012345", text: "…le 12 mars 2027…", html, … }
 *
 * Throws `invalid_input` naming the field when a value is missing or wrong, e.g.
 * `responseDate: is required for a request for additional documents`.
 */
export function renderLetter<Id extends LetterTemplateId>(input: RenderLetterInput<Id>): RenderedLetter {
  const { templateId, language, channel, office, client, application } = input;
  const frame = LETTER_FRAMES[language];
  // Language and template may come from a form: an unknown one is bad input, not a crash.
  const template = LETTER_TEMPLATES[language]?.[templateId];
  if (!frame || !template) {
    throw new AppError(
      "invalid_input",
      `templateId: there is no letter ${String(templateId)} in ${language}`,
      {
        field: "templateId",
      },
    );
  }
  if (Number.isNaN(input.today.getTime())) throw new AppError("internal", "the letter's date is not a date");
  const issueDate = letterIssueDate(office.timeZone, input.today);

  const values = checkValues(templateId, withDefaults(input, issueDate), issueDate);

  const clientName = [client.givenNames, client.familyName]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
  const clientAddress = multiline(client.postalAddress ?? "") || null;
  if (channel === "paper" && !clientAddress) {
    throw new AppError(
      "invalid_state",
      "A paper letter needs the client's postal address; record one on the file first.",
      {
        field: "postalAddress",
        messageFr:
          "Une lettre papier exige l’adresse postale du client ; inscrivez-en une au dossier d’abord.",
      },
    );
  }
  const officeName = language === "fr" ? office.nameFr.trim() : office.nameEn.trim();
  const common = {
    clientName,
    fileNumber: application.fileNumber,
    uci: formatUci(client.uci),
    officeName,
    officeAddress: multiline(office.postalAddress),
    officeEmail: office.mailboxEmail.trim(),
    letterDate: formatLetterDate(issueDate, language),
    lineOfBusiness: frame.lineOfBusiness[application.lineOfBusiness],
    // Citizenship Act s. 13.2 (abandonment) for citizenship; IRPR s. 10 (refusal) for the rest.
    consequence:
      application.lineOfBusiness === "citizenship" ? frame.consequence.abandoned : frame.consequence.refused,
  };
  const slots = { ...common, ...templateSlots(templateId, values, language) };

  const subject = oneLine(fillPlaceholders(template.subject, mapValues(slots, oneLine)));
  const body = fillPlaceholders(template.body, slots);
  const closing = fillPlaceholders(channel === "email" ? frame.closingEmail : frame.closingPaper, slots);
  const referenceLine = fillPlaceholders(frame.referenceLine, slots);
  const caution = channel === "email" ? fillPlaceholders(frame.emailCaution, slots) : undefined;

  const main =
    channel === "email" ? [referenceLine, body, closing].join("\n\n") : [body, closing].join("\n\n");
  return {
    templateId,
    language,
    channel,
    issueDate,
    issuedAt: input.today,
    subject,
    text: caution ? `${main}\n\n${caution}\n` : `${main}\n`,
    html: letterHtml({ language, title: subject, main, footnote: caution }),
    heading: {
      officeName,
      officeAddress: common.officeAddress,
      officeEmail: common.officeEmail,
      dateText: common.letterDate,
      clientName,
      clientAddress,
      fileNumber: application.fileNumber,
      uci: common.uci,
      referenceLine,
    },
    body,
    closing,
  };
}

/** The office's default response period fills in a response date the officer left out. */
function withDefaults(input: RenderLetterInput, issueDate: string): unknown {
  if (input.templateId !== "request-documents") return input.values;
  // Values may come straight from a form or an API body: nothing is assumed before zod has seen them.
  const values = (input.values ?? {}) as Partial<LetterValuesInput["request-documents"]>;
  const days = input.office.defaultResponseDays;
  if (values.responseDate !== undefined || days === undefined || days === null) return values;
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new AppError("invalid_input", "defaultResponseDays: must be a whole number of days from 1 to 365", {
      field: "defaultResponseDays",
    });
  }
  return { ...values, responseDate: defaultResponseDate(issueDate, days) };
}

/**
 * Like `validate`, but a missing value says which letter needs it, in both languages:
 * "interviewDate: is required for an interview convocation".
 */
function checkValues<Id extends LetterTemplateId>(
  templateId: Id,
  input: unknown,
  issueDate: string,
): LetterValues[Id] {
  const result = letterValuesSchema(templateId, issueDate).safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.map(String).join(".") || "values";
    if (issue?.code === "invalid_type" && issue.input === undefined) throw requiredError(field, templateId);
    throw new AppError("invalid_input", `${field}: ${issue?.message ?? "is invalid"}`, { field });
  }
  // A request for documents without any date, and no office default to give one.
  if (
    templateId === "request-documents" &&
    (result.data as LetterValues["request-documents"]).responseDate === undefined
  ) {
    throw requiredError("responseDate", templateId);
  }
  return result.data;
}

function requiredError(field: string, templateId: LetterTemplateId): AppError {
  const [en, fr] = (["en", "fr"] as const).map((language) => {
    const frame = LETTER_FRAMES[language];
    return fillPlaceholders(frame.requiredFor, { letter: frame.templateLabel[templateId] });
  });
  return new AppError("invalid_input", `${field}: ${en}`, { field, messageFr: `${field} : ${fr}` });
}

/** The placeholders a template adds to the common ones, formatted for the letter's language. */
function templateSlots<Id extends LetterTemplateId>(
  templateId: Id,
  values: LetterValues[Id],
  language: LetterLanguage,
): Record<string, string> {
  const slotMakers: { [K in LetterTemplateId]: (v: LetterValues[K]) => Record<string, string> } = {
    "request-documents": (v) => ({
      documents: v.documents.map((d) => `• ${d}`).join("\n"),
      responseDate: formatLetterDate(v.responseDate as string, language),
    }),
    "interview-convocation": (v) => ({
      interviewDate: formatLetterDate(v.interviewDate, language, { weekday: true }),
      interviewTime: formatLetterTime(v.interviewTime, language),
      interviewPlace: multiline(v.interviewPlace),
    }),
    approval: (v) => ({ nextSteps: multiline(v.nextSteps) }),
    refusal: (v) => ({ grounds: multiline(v.grounds) }),
    "file-transfer": (v) => ({ toOfficeName: language === "fr" ? v.toOffice.nameFr : v.toOffice.nameEn }),
    withdrawal: (v) => ({ requestDate: formatLetterDate(v.requestDate, language) }),
    "free-text": (v) => ({ subject: v.subject, body: multiline(v.body) }),
  };
  return slotMakers[templateId](values);
}

/** Text typed on any system, with its line ends made "\n" and no trailing blanks on a line. */
function multiline(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/\s+$/, ""))
    .join("\n")
    .trim();
}

/**
 * RFC 5322 §2.2: a header field is one line. Every line break, tab or other control character in a
 * value becomes a single space, so no value can end the Subject header and start another (Bcc: …).
 */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}

function mapValues(record: Record<string, string>, f: (value: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}
