/** What a client's file export is asked for with, and what it holds (the JSON file is this, as is). */
import { z } from "zod";
import type { Language } from "../evidence/evidence-wording.ts";
import { FILE_NUMBER_PATTERN, parseUci } from "../shared/identifiers.ts";
import type { Exemption } from "./exemptions.ts";

/** A file number (one letter, nine digits) or a UCI (ten digits, dashes allowed). */
export type ExportTarget = { fileNumber: string } | { uci: string };

export const ZExportFile = z.object({
  target: z
    .string()
    .trim()
    .transform((value, ctx): ExportTarget => {
      const upper = value.toUpperCase();
      if (FILE_NUMBER_PATTERN.test(upper)) return { fileNumber: upper };
      const uci = parseUci(value);
      if (uci) return { uci };
      ctx.addIssue({
        code: "custom",
        message: "must be a file number (one letter and nine digits, e.g. V000012345) or a UCI (10 digits)",
      });
      return z.NEVER;
    }),
  /** The file's own language when absent. */
  lang: z.enum(["en", "fr"], { message: "must be en or fr" }).optional(),
});
export type ExportFileInput = z.input<typeof ZExportFile>;

export interface ExportDocument {
  id: string;
  fileName: string;
  kind: string;
  size: number;
  sha256: string;
  storedAt: string;
}

export interface ExportNote {
  id: string;
  at: string;
  author: string;
  /** On an application, or on the client's file as a whole. */
  fileNumber: string | null;
  correctsNoteId: string | null;
  restricted: boolean;
  /** The note's text; absent when the note is withheld. */
  body?: string;
  withheld?: { exemption: Exemption; exemptionRecorded: boolean; marker: string };
}

/** One item of correspondence, either way: a letter or email, an enquiry's message, or mail that came back. */
export interface ExportCorrespondence {
  id: string;
  at: string;
  source: "correspondence" | "enquiry" | "returned-mail";
  direction: "in" | "out";
  channel: string;
  subject: string;
  /** Stored code, e.g. `sent`, `undelivered`; the enquiry's reference for enquiry messages. */
  status: string | null;
  statusText: string;
  address: string | null;
  sentAt: string | null;
  responseDueDate: string | null;
  reference: string | null;
  body: string | null;
  edocs: ExportDocument[];
}

export interface ExportHistoryEntry {
  at: string;
  by: string;
  kind: "opened" | "status" | "location";
  text: string;
}

export interface ExportAssessment {
  id: string;
  activity: string;
  subActivity: string | null;
  status: string;
  statusText: string;
  dueDate: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface ExportApplication {
  fileNumber: string;
  lineOfBusiness: string;
  lineOfBusinessText: string;
  office: { code: string; name: string };
  status: string;
  statusText: string;
  statusReason: string | null;
  receivedDate: string;
  openedAt: string;
  language: Language;
  representatives: { name: string; email: string | null; validFrom: string; validTo: string | null }[];
  assessments: ExportAssessment[];
  correspondence: ExportCorrespondence[];
  documents: ExportDocument[];
  history: ExportHistoryEntry[];
  notes: ExportNote[];
}

export interface FileExport {
  format: "dossier-file-export/1";
  language: Language;
  generatedAt: string;
  generatedBy: string;
  /** The zone the PDF shows times in: the office of the (first) application's. Times here are UTC. */
  timeZone: string;
  /** What was asked for: one application, or the client with every application the office holds. */
  target: ExportTarget;
  client: {
    uci: string;
    familyName: string;
    givenNames: string;
    dateOfBirth: string | null;
    sex: string;
    countryOfBirth: string;
    citizenships: string[];
    statusInCanada: string;
  };
  /** Notes on the client's file that belong to no application. */
  clientNotes: ExportNote[];
  applications: ExportApplication[];
  withheldNotes: number;
}

export interface ExportedFile {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}
