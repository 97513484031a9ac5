/**
 * Inputs and shared vocabulary of email enquiries (seed 001, "Response to inquiries"): who may
 * write, what they must state, the categories of the seed's table and the queue that answers each.
 */
import { z } from "zod";
import {
  zEmail,
  zFileNumber,
  zIsoDate,
  zLanguage,
  zLine,
  type zOfficeCode,
  zText,
  zUci,
} from "../shared/schemas.ts";

export type Language = z.infer<typeof zLanguage>;

/** A sentence shown to people, in both official languages. */
export interface Wording {
  en: string;
  fr: string;
}

/** Seed 001: "who they are" — the only kinds of enquirer the protocol names. */
export const ENQUIRER_ROLES = [
  "applicant",
  "designated-individual",
  "representative",
  "member-of-parliament",
] as const;
export type EnquirerRole = (typeof ENQUIRER_ROLES)[number];

/**
 * Seed 001: what an email enquirer must state (the first three) and the applicant's details they
 * must give "as a minimum" (the last four). A UCI may stand in for the file number.
 */
export const REQUIRED_ENQUIRY_FIELDS = [
  "enquirerName",
  "enquirerRole",
  "enquirerEmail",
  "applicantGivenName",
  "applicantFamilyName",
  "applicantDateOfBirth",
  "fileNumber",
] as const;
export type RequiredEnquiryField = (typeof REQUIRED_ENQUIRY_FIELDS)[number];
export type EnquiryField = RequiredEnquiryField | "uci";

/** Where a field was read: the From header, the subject, the body's text, its signature, or a web form. */
export type FieldSource = "from-header" | "subject" | "body" | "signature" | "form";

export interface FoundField {
  value: string;
  source: FieldSource;
  /** The words the value was read from, for the officer who checks it. */
  evidence: string;
}

/** Why a required field is not usable: not given, given in a way that reads two ways, or not valid. */
export type MissingProblem = "absent" | "ambiguous" | "invalid";

export interface MissingField {
  field: RequiredEnquiryField;
  problem: MissingProblem;
}

export interface ExtractedEnquiry {
  language: Language;
  fields: Partial<Record<EnquiryField, FoundField>>;
  missing: MissingField[];
}

/** A free-text email as it arrived: decoded subject, plain text body and the From header. */
export const ZEmailEnquiry = z.object({
  channel: z.literal("email"),
  subject: z.string().max(2000).default(""),
  text: z.string().max(200_000).default(""),
  from: z.string().max(1000).default(""),
  /** From Content-Language or the mailbox the message reached (an office may publish one per language). */
  languageHint: zLanguage.optional(),
});

/** The public web form: every field seed 001 asks for is a required field of the form. */
export const ZWebFormEnquiry = z
  .object({
    channel: z.literal("web-form"),
    enquirerName: zLine(200),
    enquirerRole: z.enum(ENQUIRER_ROLES, { message: `must be one of ${ENQUIRER_ROLES.join(", ")}` }),
    enquirerEmail: zEmail,
    applicantGivenName: zLine(100),
    applicantFamilyName: zLine(100),
    applicantDateOfBirth: zIsoDate,
    fileNumber: zFileNumber.optional(),
    uci: zUci.optional(),
    language: zLanguage,
    message: zText(20_000),
  })
  .refine((form) => Boolean(form.fileNumber || form.uci), {
    message: "give the visa office file number (e.g. V000012345) or the UCI",
    path: ["fileNumber"],
  });

export const ZEnquiryInput = z.discriminatedUnion("channel", [ZEmailEnquiry, ZWebFormEnquiry]);
export type EnquiryInput = z.input<typeof ZEnquiryInput>;

/** Seed 001's table of categories of inquiry or representation. */
export const ENQUIRY_CATEGORIES = [
  "case-specific",
  "local-procedures",
  "service-complaint",
  "biometrics-complaint",
  "general-policy",
] as const;
export type EnquiryCategory = (typeof ENQUIRY_CATEGORIES)[number];

export const CATEGORY_NAMES: Record<EnquiryCategory, Wording> = {
  "case-specific": { en: "case-specific enquiry", fr: "demande de renseignements sur un cas précis" },
  "local-procedures": { en: "local office procedures", fr: "procédures locales du bureau" },
  "service-complaint": {
    en: "quality of service complaint or possible misconduct",
    fr: "plainte sur la qualité du service ou inconduite possible",
  },
  "biometrics-complaint": {
    en: "biometrics complaint (mistaken identity or false match)",
    fr: "plainte relative à la biométrie (erreur d'identité ou fausse correspondance)",
  },
  "general-policy": { en: "general procedures and policy", fr: "procédures générales et politiques" },
};

/** The queues that answer the categories in seed 001's "Contact" column. */
export const ENQUIRY_QUEUES = [
  "office-enquiries",
  "program-manager",
  "case-management-branch",
  "policy-directorate",
] as const;
export type EnquiryQueue = (typeof ENQUIRY_QUEUES)[number];

export const QUEUE_NAMES: Record<EnquiryQueue, Wording> = {
  "office-enquiries": { en: "office enquiries", fr: "demandes de renseignements du bureau" },
  "program-manager": { en: "migration program manager", fr: "gestionnaire du programme de migration" },
  "case-management-branch": { en: "Case Management Branch", fr: "Direction générale du règlement des cas" },
  "policy-directorate": { en: "policy directorate", fr: "direction des politiques" },
};

/**
 * One category's rule: the words (English and French) that put an enquiry in it and the queue
 * that answers it. Rules are tried in the order given; administrators edit this list.
 */
export const ZCategoryRule = z.object({
  category: z.enum(ENQUIRY_CATEGORIES, { message: `must be one of ${ENQUIRY_CATEGORIES.join(", ")}` }),
  queue: z.enum(ENQUIRY_QUEUES, { message: `must be one of ${ENQUIRY_QUEUES.join(", ")}` }),
  en: z.array(zLine(100)).max(200).default([]),
  fr: z.array(zLine(100)).max(200).default([]),
});
export type CategoryRule = z.infer<typeof ZCategoryRule>;

export const ZCategoryRules = z
  .array(ZCategoryRule)
  .min(1, "must have at least one rule")
  .refine((rules) => new Set(rules.map((r) => r.category)).size === rules.length, {
    message: "must give each category at most one rule",
  });
export type CategoryRulesInput = z.input<typeof ZCategoryRules>;

/** What a reply needs of the office (seed 001: office name and address in every email reply). */
export interface OfficeIdentity {
  code: z.infer<typeof zOfficeCode>;
  nameEn: string;
  nameFr: string;
  postalAddress: string;
  mailboxEmail: string;
}

/** A reply composed by a rule: the caller sends it from the office's generic mailbox. */
export interface ComposedReply {
  subject: string;
  text: string;
}
