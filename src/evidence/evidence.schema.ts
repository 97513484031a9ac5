/**
 * The facts of an evidence package: what a court needs to see that an email was sent, to which
 * address, and that nothing came back (seed 000, "Evidence of sent emails for litigation cases").
 * The same object is the package's JSON file and the source of every line of its PDF.
 * Instants are ISO 8601 in UTC; the PDF shows them in the office's time zone.
 */
import { z } from "zod";

export const ZEvidenceRequest = z.object({
  correspondenceId: z.uuid({ message: "must be a correspondence id (a UUID)" }),
});

export interface EvidenceAttachment {
  fileName: string;
  mediaType: string;
  size: number;
}

/** One archived copy of the message and the check of its bytes against the hash recorded then. */
export interface ArchivedCopy {
  edocId: string;
  fileName: string;
  mediaType: string;
  size: number;
  storedAt: string;
  recordedSha256: string;
  /** SHA-256 of the bytes read back from the database for this package. */
  computedSha256: string;
  hashMatches: boolean;
}

export interface MessageAsSent {
  source: "edoc";
  copy: ArchivedCopy;
  /** Copies archived again with the same Message-ID (a re-send after an interrupted send). */
  otherCopies: ArchivedCopy[];
  format: "eml" | "msg";
  headers: {
    from: string;
    to: string;
    cc: string;
    subject: string;
    /** The Date header as written in the message, when it has one. */
    date: string | null;
    sentAt: string | null;
    messageId: string | null;
  };
  text: string;
  textFromHtml: boolean;
  attachments: EvidenceAttachment[];
  /** Set when the archived bytes could not be read as a message (the bytes are still in the package). */
  unreadable: string | null;
}

/** Seed 000, "Alternative step 2": the note holding the sent email's content, used when there is no eDoc. */
export interface MessageFromNote {
  source: "note";
  note: { id: string; createdAt: string; author: string; body: string; correctsNoteId: string | null };
}

export interface NoMessage {
  source: "none";
}

export interface SmtpAcceptance {
  at: string;
  attempt: number | null;
  response: string | null;
  sha256: string | null;
  resentAfterLeaseExpiry: boolean;
}

export interface EmailHistoryEntry {
  value: string;
  consentSource: string | null;
  recordedAt: string;
  supersededAt: string | null;
  /** This was the client's current email at the moment of sending. */
  currentAtSend: boolean;
  /** The message went to this address. */
  usedForThisMessage: boolean;
}

export interface RepresentativeAtSend {
  name: string;
  email: string | null;
  validFrom: string;
  validTo: string | null;
  recordedAt: string;
}

export type AddressVerdict =
  /** The address used is identical to the one the file named at the moment of sending. */
  | "identical"
  /** The file named another address then. */
  | "different"
  /** The file held no email address with consent then (paper mail was due). */
  | "no-email-on-file";

export interface MailboxNotice {
  inboundMessageId: string;
  receivedAt: string;
  mailbox: string;
  from: string | null;
  subject: string | null;
  /** bounce, delay, auto-reply, complaint or other. */
  kind: string;
  /** Whether `kind` is the stored classification or was read from the bytes for this package. */
  classifiedNow: boolean;
  foundBy: ("record-link" | "message-id")[];
  recipients: { address: string; status: string | null; permanent: boolean }[];
  reason: string | null;
}

export interface EvidenceFacts {
  kind: "dossier-evidence-of-sent-email";
  version: 1;
  generatedAt: string;
  generatedBy: string;
  correspondence: {
    id: string;
    fileNumber: string;
    status: string;
    templateId: string | null;
    subject: string;
    address: string;
    language: "en" | "fr";
    messageId: string | null;
    createdAt: string;
    createdBy: string | null;
    sentAt: string | null;
    attempts: number | null;
    resentCount: number;
    exceedsUploadLimit: boolean;
    statusReason: string | null;
    undeliveredAt: string | null;
    /** An officer sent it from Outlook and recorded it afterwards (template `manual`). */
    recordedByHand: boolean;
  };
  client: { uci: string; name: string };
  office: { code: string; nameEn: string; nameFr: string; mailbox: string; timeZone: string };
  message: MessageAsSent | MessageFromNote | NoMessage;
  smtp: {
    envelope: { from: string; to: string[] } | null;
    serverReply: string | null;
    sentAt: string | null;
    attempts: number | null;
    resentCount: number;
    acceptances: SmtpAcceptance[];
  };
  recipient: {
    addressee: "client" | "representative";
    addressUsed: string;
    /** The address the file named at the moment of sending, null when it named none. */
    addressOnFile: string | null;
    verdict: AddressVerdict;
    differsOnlyInCase: boolean;
  };
  emailHistory: EmailHistoryEntry[];
  representative: RepresentativeAtSend | null;
  undeliveredSearch: {
    mailboxes: string[];
    from: string;
    to: string;
    messageId: string | null;
    notices: MailboxNotice[];
    /** Other mail found that refers to this message: delays, automatic replies, replies by people. */
    otherMessages: MailboxNotice[];
  };
  /** The findings in plain sentences, in both official languages. */
  statements: { en: string[]; fr: string[] };
}

export interface EvidenceFile {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface EvidencePackage {
  facts: EvidenceFacts;
  /** `evidence-<id>.pdf`, `message-<id>.eml` (or `.msg`), `evidence-<id>.json`, in that order. */
  files: EvidenceFile[];
}
