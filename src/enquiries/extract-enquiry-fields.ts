/**
 * What an enquirer stated, read from a free-text email or taken from the web form, and what they
 * still have to send. Seed 001: email enquirers "must state" their full name, who they are and
 * their email address, and give "as a minimum" the applicant's given name, family name, date of
 * birth and visa office file number. Pure: the caller stores the result and, when something is
 * missing, sends the reply that asks for it.
 */

import type { z } from "zod";
import { FILE_NUMBER_PATTERN, normaliseFileNumber, parseUci } from "../shared/identifiers.ts";
import { nameKey } from "../shared/names.ts";
import { zEmail } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { detectEnquiryLanguage } from "./detect-enquiry-language.ts";
import {
  type EnquirerRole,
  type EnquiryField,
  type EnquiryInput,
  type ExtractedEnquiry,
  type FieldSource,
  type FoundField,
  type MissingField,
  REQUIRED_ENQUIRY_FIELDS,
  type ZEmailEnquiry,
  ZEnquiryInput,
  type ZWebFormEnquiry,
} from "./enquiry.schema.ts";
import { readWrittenDate } from "./read-written-date.ts";

/**
 * @example extractEnquiryFields({ channel: "email", from: "Anh Nguyen <anh.nguyen@example.com>",
 *   subject: "Study permit V000012345", text: "I am the applicant. Date of birth: 12 April 1987 …" })
 *   // → fields.fileNumber.value "V000012345" (source "subject"), missing [{ field: "applicantGivenName", … }, …]
 */
export function extractEnquiryFields(input: EnquiryInput): ExtractedEnquiry {
  const data = validate(ZEnquiryInput, input);
  return data.channel === "web-form" ? fromWebForm(data) : fromEmail(data);
}

type WebForm = z.output<typeof ZWebFormEnquiry>;
type Email = z.output<typeof ZEmailEnquiry>;
type Fields = ExtractedEnquiry["fields"];

function fromWebForm(form: WebForm): ExtractedEnquiry {
  const fields: Fields = {};
  const put = (field: EnquiryField, value: string | undefined) => {
    if (value) fields[field] = { value, source: "form", evidence: "web form" };
  };
  put("enquirerName", form.enquirerName);
  put("enquirerRole", form.enquirerRole);
  put("enquirerEmail", form.enquirerEmail);
  put("applicantGivenName", form.applicantGivenName);
  put("applicantFamilyName", form.applicantFamilyName);
  put("applicantDateOfBirth", form.applicantDateOfBirth);
  put("fileNumber", form.fileNumber);
  put("uci", form.uci);
  return { language: form.language, fields, missing: [] };
}

/** Facts read from an email before they are checked against what seed 001 requires. */
interface Reading {
  fields: Fields;
  problems: Map<EnquiryField, MissingField["problem"]>;
  /** A full name that could not be told apart into given and family names. */
  unsplitApplicantName: boolean;
  /** The From header's display name: it counts only when the message itself names no one. */
  headerName: FoundField | null;
}

function fromEmail(email: Email): ExtractedEnquiry {
  const language = detectEnquiryLanguage(
    `${email.subject}\n${email.text}`,
    email.languageHint ?? "en",
  ).language;
  const body = ownWords(email.text);
  const reading: Reading = { fields: {}, problems: new Map(), unsplitApplicantName: false, headerName: null };
  readFromHeader(email.from, reading);
  readLabelledLines(body, reading);
  readProse(body, reading);
  readFileReferences(email.subject, "subject", reading);
  readFileReferences(body.text, "body", reading);
  readRole(body, reading);
  readEnquirerName(body, reading);
  applicantNamesFromEnquirer(reading);
  return { language, fields: reading.fields, missing: missingFields(reading) };
}

/** The enquirer's own words: quoted lines and the earlier messages below a reply are left out. */
interface Body {
  text: string;
  lines: string[];
  /** Index of the first line after a closing such as "Regards," — the signature. */
  signatureStart: number;
}

const QUOTED_HISTORY =
  /^(?:-{2,}\s*(?:original message|message d'origine)\s*-{2,}|on .{1,200} wrote:|le .{1,200} a écrit\s*:|from:\s.+|de\s*:\s.+)$/i;
const CLOSING =
  /^(?:(?:best |kind |warm )?regards|sincerely|yours (?:truly|sincerely)|thank you|thanks|many thanks|cordialement|salutations(?: distinguées)?|bien à vous|merci(?: beaucoup)?|veuillez agréer.*)[,.!]?$/i;

function ownWords(text: string): Body {
  const lines: string[] = [];
  for (const raw of text.slice(0, 50_000).split(/\r?\n/)) {
    const line = raw.trim();
    if (QUOTED_HISTORY.test(line)) break;
    if (!line.startsWith(">")) lines.push(line);
  }
  const closing = lines.findIndex((line) => CLOSING.test(line));
  return { text: lines.join("\n"), lines, signatureStart: closing === -1 ? lines.length : closing + 1 };
}

function put(reading: Reading, field: EnquiryField, found: FoundField): void {
  if (!reading.fields[field]) reading.fields[field] = found;
}

function readFromHeader(from: string, reading: Reading): void {
  const angle = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+)>\s*$/.exec(from);
  const address = angle ? angle[2]! : from.trim();
  if (address && zEmail.safeParse(address).success) {
    put(reading, "enquirerEmail", { value: address, source: "from-header", evidence: from.trim() });
  } else if (from.trim()) {
    reading.problems.set("enquirerEmail", "invalid");
  }
  const displayName = angle?.[1]?.trim() ?? "";
  if (looksLikeFullName(displayName)) {
    reading.headerName = { value: displayName, source: "from-header", evidence: from.trim() };
  }
}

type LabelKind = "given" | "family" | "applicantName" | "ownName" | "dateOfBirth" | "fileNumber" | "uci";

// Labels compared after nameKey (lower case, no accents, punctuation as spaces).
const LABELS: [LabelKind, RegExp][] = [
  ["uci", /\b(?:uci|iuc|client id|unique client (?:identifier|id)|identificateur unique)\b/],
  [
    "fileNumber",
    /\b(?:file(?: number| no| n)?|application (?:number|no|n)|numero de (?:dossier|demande)|n[o ]? de dossier|dossier|reference)\b/,
  ],
  ["dateOfBirth", /\b(?:date of birth|birth date|dob|d o b|date de naissance|ne e? le|nee le|born)\b/],
  ["given", /\b(?:given names?|first names?|prenoms?)\b/],
  ["family", /\b(?:family name|surname|last name|nom de famille)\b/],
  [
    "applicantName",
    /^(?:(?:the )?applicant s (?:full )?name|(?:full )?name of (?:the )?applicant|applicant|nom (?:complet )?(?:du demandeur|de la demandeuse|de la demanderesse|du requerant|de la requerante)|demandeur|demandeuse|demanderesse)$/,
  ],
  ["ownName", /^(?:(?:your |my )?(?:full )?name|nom(?: complet)?|votre nom)$/],
];

function readLabelledLines(body: Body, reading: Reading): void {
  body.lines.forEach((line, index) => {
    const labelled = /^[-*•]?\s*([^:]{2,60}?)\s*:\s*(.+)$/.exec(line);
    if (!labelled) return;
    const key = nameKey(labelled[1]!);
    const value = labelled[2]!.trim();
    const kind = LABELS.find(([, regex]) => regex.test(key))?.[0];
    const source: FieldSource = index >= body.signatureStart ? "signature" : "body";
    const found = { value, source, evidence: line };
    switch (kind) {
      case "given":
        put(reading, "applicantGivenName", found);
        break;
      case "family":
        put(reading, "applicantFamilyName", found);
        break;
      case "applicantName":
        putApplicantName(reading, found);
        break;
      case "ownName":
        if (looksLikeFullName(value)) put(reading, "enquirerName", found);
        break;
      case "dateOfBirth":
        putDateOfBirth(reading, value, source, line);
        break;
      case "uci":
        putUci(reading, value, source, line, true);
        break;
      case "fileNumber":
        putFileNumber(reading, value, source, line, true);
        break;
      case undefined:
        break;
    }
  });
}

/** "born on 12 April 1987", "née le 12 avril 1987" written in a sentence rather than after a label. */
function readProse(body: Body, reading: Reading): void {
  const born =
    /\b(?:born(?: on)?|date of birth(?: is)?|n[ée]e?(?:\(e\))? le|date de naissance (?:est )?(?:le )?)\s+(.{6,40})/i.exec(
      body.text,
    );
  if (born) putDateOfBirth(reading, born[1]!, "body", born[0]);
}

function putDateOfBirth(reading: Reading, text: string, source: FieldSource, evidence: string): void {
  if (reading.fields.applicantDateOfBirth || reading.problems.has("applicantDateOfBirth")) return;
  const date = readWrittenDate(text);
  if (!date) return;
  if (date.kind === "date") put(reading, "applicantDateOfBirth", { value: date.iso, source, evidence });
  else reading.problems.set("applicantDateOfBirth", date.kind);
}

/** A UCI is written 12-3456-7890, 1234567890 or with spaces (src/shared/identifiers.ts). */
const UCI_TOKEN = /\b\d{2}[-\s]?\d{4}[-\s]?\d{4}\b/g;
// Without a label, only the grouped form is read: one in ten telephone numbers passes the check digit.
const GROUPED_UCI_TOKEN = /\b\d{2}[-\s]\d{4}[-\s]\d{4}\b/g;
const FILE_TOKEN = /\b[A-Za-z]\d{9}\b/g;

function putUci(
  reading: Reading,
  text: string,
  source: FieldSource,
  evidence: string | null,
  labelled: boolean,
) {
  for (const token of text.match(labelled ? UCI_TOKEN : GROUPED_UCI_TOKEN) ?? []) {
    const uci = parseUci(token);
    if (uci) {
      put(reading, "uci", { value: uci, source, evidence: evidence ?? token });
      return;
    }
    // Ten digits under a UCI or file label with a wrong check digit were mistyped.
    if (labelled) reading.problems.set("uci", "invalid");
  }
}

function putFileNumber(
  reading: Reading,
  text: string,
  source: FieldSource,
  evidence: string,
  labelled: boolean,
) {
  const token = text.match(FILE_TOKEN)?.[0];
  const fileNumber = token ? normaliseFileNumber(token) : null;
  if (fileNumber && FILE_NUMBER_PATTERN.test(fileNumber)) {
    put(reading, "fileNumber", { value: fileNumber, source, evidence });
  } else if (labelled && /\d{4}/.test(text) && !parseUci(text)) {
    reading.problems.set("fileNumber", "invalid");
  }
  if (labelled) putUci(reading, text, source, evidence, true);
}

/** File numbers and well-formed UCIs anywhere in the subject or body, labelled or not. */
function readFileReferences(text: string, source: FieldSource, reading: Reading): void {
  const token = text.match(FILE_TOKEN)?.[0];
  if (token) putFileNumber(reading, token, source, token, false);
  putUci(reading, text, source, null, false);
}

// Self-descriptions and signature lines; the first role whose pattern matches is the one claimed.
// An MP's office often writes "on behalf of my constituent", so MP comes before representative.
const ROLE_PATTERNS: [EnquirerRole, RegExp][] = [
  [
    "member-of-parliament",
    /\b(?:I am (?:the |a )?Member of Parliament|Member of Parliament for\b|MP for\b|M\.P\.|je suis (?:le |la )?député(?:e)?|Député(?:e)? (?:de|d'|du|des)\b|House of Commons|Chambre des communes)|(?:^|,\s*)MP$/imu,
  ],
  [
    "representative",
    /\b(?:I am (?:the |their |his |her )?(?:authori[sz]ed |legal )?representative|(?:authori[sz]ed|legal) representative of|I (?:represent|act for)\b|on behalf of my client|counsel for|RCIC|barrister (?:and|&) solicitor|immigration (?:lawyer|consultant)|je suis (?:le |la )?représentant(?:e)?|je représente|au nom de m(?:on|a) client(?:e)?|représentant(?:e)? autorisé(?:e)?|avocat(?:e)? en immigration|consultant(?:e)? réglementé(?:e)?)/imu,
  ],
  [
    "designated-individual",
    /\b(?:(?:I am|I'm|as) (?:the |a |her |his |their )?designated individual|(?:je suis|en tant que) (?:la )?personne désignée)\b/imu,
  ],
  [
    "applicant",
    /\b(?:I am the (?:principal )?applicant|I'm the (?:principal )?applicant|as the applicant|je suis (?:le |la )?(?:demandeur|demandeuse|demanderesse|requérant|requérante)(?: principale?)?|en tant que (?:demandeur|demandeuse|demanderesse|requérant|requérante)|I (?:applied|submitted my application)|j'ai (?:présenté|soumis|déposé) (?:une|ma) demande)\b/imu,
  ],
];

function readRole(body: Body, reading: Reading): void {
  for (const [role, pattern] of ROLE_PATTERNS) {
    const match = pattern.exec(body.text);
    if (!match) continue;
    const line = body.text.slice(0, match.index).split("\n").length - 1;
    const source: FieldSource = line >= body.signatureStart ? "signature" : "body";
    put(reading, "enquirerRole", { value: role, source, evidence: match[0].trim() });
    return;
  }
}

function readEnquirerName(body: Body, reading: Reading): void {
  const stated = /\b(?:my name is|je m'appelle|je m’appelle|mon nom est)\s+([^\n,.;()]{3,80})/i.exec(
    body.text,
  );
  if (stated && looksLikeFullName(stated[1]!.trim())) {
    put(reading, "enquirerName", { value: stated[1]!.trim(), source: "body", evidence: stated[0] });
  }
  const signed = body.lines.slice(body.signatureStart).find((line) => line !== "");
  if (signed && looksLikeFullName(signed)) {
    put(reading, "enquirerName", { value: signed, source: "signature", evidence: signed });
  }
  if (reading.headerName) put(reading, "enquirerName", reading.headerName);
}

/** An applicant who writes for themselves has given the applicant's name with their own. */
function applicantNamesFromEnquirer(reading: Reading): void {
  const { enquirerRole, enquirerName } = reading.fields;
  if (enquirerRole?.value !== "applicant" || !enquirerName) return;
  putApplicantName(reading, enquirerName);
}

function putApplicantName(reading: Reading, found: FoundField): void {
  if (reading.fields.applicantGivenName && reading.fields.applicantFamilyName) return;
  const split = splitFullName(found.value);
  if (!split) {
    reading.unsplitApplicantName = true;
    return;
  }
  put(reading, "applicantGivenName", { ...found, value: split.given });
  put(reading, "applicantFamilyName", { ...found, value: split.family });
}

/**
 * Given and family names, told apart only where the writer did: "NGUYEN, Thi Anh" (family name
 * before a comma) or the family name in capitals ("Anh NGUYEN", "NGUYEN Thi Anh"). "Anh Nguyen"
 * could be either order, so it is not guessed.
 */
export function splitFullName(fullName: string): { given: string; family: string } | null {
  const comma = /^([^,]+),\s*([^,]+)$/.exec(fullName.trim());
  if (comma) return { family: comma[1]!.trim(), given: comma[2]!.trim() };
  const words = fullName.trim().split(/\s+/);
  const isCapitals = (word: string) => /\p{Lu}{2}/u.test(word) && word === word.toUpperCase();
  const capitals = words.map(isCapitals);
  if (capitals.every(Boolean) || !capitals.some(Boolean)) return null;
  const firstCapital = capitals.indexOf(true);
  const lastCapital = capitals.lastIndexOf(true);
  const contiguous = capitals.slice(firstCapital, lastCapital + 1).every(Boolean);
  if (!contiguous || (firstCapital !== 0 && lastCapital !== words.length - 1)) return null;
  const family = words.slice(firstCapital, lastCapital + 1).join(" ");
  const given = [...words.slice(0, firstCapital), ...words.slice(lastCapital + 1)].join(" ");
  return { given, family };
}

const PARTICLES = new Set([
  "de",
  "du",
  "des",
  "la",
  "le",
  "van",
  "von",
  "der",
  "da",
  "dos",
  "bin",
  "al",
  "el",
]);

/** Two to six words, each capitalised or a name particle: "Sophie Tremblay", "Jean de la Fontaine". */
function looksLikeFullName(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words.length > 6) return false;
  return words.every((word) => /^\p{Lu}[\p{L}'’.-]*$/u.test(word) || PARTICLES.has(word));
}

function missingFields(reading: Reading): MissingField[] {
  const missing: MissingField[] = [];
  for (const field of REQUIRED_ENQUIRY_FIELDS) {
    if (reading.fields[field]) continue;
    if (field === "fileNumber" && reading.fields.uci) continue;
    const isName = field === "applicantGivenName" || field === "applicantFamilyName";
    const problem =
      reading.problems.get(field) ??
      (field === "fileNumber" ? reading.problems.get("uci") : undefined) ??
      (isName && reading.unsplitApplicantName ? "ambiguous" : "absent");
    missing.push({ field, problem });
  }
  return missing;
}
