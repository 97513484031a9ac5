/**
 * The case file as PostgreSQL tables. Migrations in `migrations/` are generated from this file
 * (`npx drizzle-kit generate`) and are the source of truth for what a database holds.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const id = () => uuid("id").primaryKey().default(sql`gen_random_uuid()`);

/** Numbers behind generated UCIs (a Luhn check digit is appended) and file numbers. */
export const uciSequence = pgSequence("uci_seq", { startWith: 100000000, increment: 1 });
export const fileNumberSequence = pgSequence("file_number_seq", { startWith: 1, increment: 1 });

export const offices = pgTable("offices", {
  id: id(),
  code: text("code").notNull().unique(),
  nameEn: text("name_en").notNull(),
  nameFr: text("name_fr").notNull(),
  /**
   * The office's generic mailbox: the address its letters are sent from and the one it publishes
   * for enquiries. Seed 001 asks for "a dedicated email enquiries mailbox and address" and for
   * enquiries to go "to the generic migration office mailboxes", so the two are one address: a
   * client who answers a letter is writing an enquiry, and delivery notices for the letters come
   * back to the same place, where they are told apart from enquiries by what they are, not by a
   * second address that senders would have to choose between.
   */
  mailboxEmail: text("mailbox_email").notNull().unique(),
  /** The generic program-manager mailbox that seed 002 asks for; triaged by program managers. */
  managerEmail: text("manager_email"),
  postalAddress: text("postal_address").notNull(),
  timeZone: text("time_zone").notNull(),
  responseStandardDays: integer("response_standard_days").notNull(),
  /** Days given to answer a request for documents, unless the officer sets another date on the letter. */
  defaultResponseDays: integer("default_response_days").notNull().default(30),
  createdAt: createdAt(),
});

export const users = pgTable("users", {
  id: id(),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  locale: text("locale").notNull().default("en"),
  active: boolean("active").notNull().default(true),
  createdAt: createdAt(),
});

/** A role held by a user in one office; a user may hold several roles in several offices. */
export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    role: text("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.officeId, t.role] })],
);

export const sessions = pgTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_expires_idx").on(t.expiresAt)],
);

export const apiKeys = pgTable("api_keys", {
  id: id(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  prefix: text("prefix").notNull().unique(),
  keyHash: text("key_hash").notNull(),
  label: text("label").notNull(),
  createdAt: createdAt(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
});

export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    succeeded: boolean("succeeded").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_attempts_key_at_idx").on(t.key, t.at)],
);

export const clients = pgTable(
  "clients",
  {
    id: id(),
    uci: text("uci").notNull().unique(),
    familyName: text("family_name").notNull(),
    givenNames: text("given_names").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }),
    sex: text("sex").notNull(),
    countryOfBirth: text("country_of_birth").notNull(),
    citizenships: text("citizenships").array().notNull(),
    statusInCanada: text("status_in_canada").notNull(),
    /** The office that created the client; it sees the client even before any application exists. */
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    createdAt: createdAt(),
    /** Set when this client was merged into another (migration 0018): its UCI then leads to that client. */
    mergedIntoClientId: uuid("merged_into_client_id").references((): AnyPgColumn => clients.id),
    mergedAt: timestamp("merged_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("clients_dob_idx").on(t.dateOfBirth),
    index("clients_office_idx").on(t.officeId),
    index("clients_created_at_idx").on(t.createdAt, t.id),
    index("clients_merged_at_idx").on(t.mergedAt).where(sql`${t.mergedIntoClientId} is not null`),
    check(
      "clients_merge_complete",
      sql`(${t.mergedIntoClientId} is null) = (${t.mergedAt} is null) and ${t.mergedIntoClientId} is distinct from ${t.id}`,
    ),
  ],
);

/** Every name a client is known by (the primary name and aliases), normalised for search. */
export const clientNames = pgTable(
  "client_names",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    kind: text("kind").notNull(),
    familyName: text("family_name").notNull(),
    givenNames: text("given_names").notNull(),
    familyKey: text("family_key").notNull(),
    givenKey: text("given_key").notNull(),
  },
  (t) => [
    // Prefix ranges in byte order: a search for one word walks these in order and stops at the limit.
    index("client_names_family_given_idx").using(
      "btree",
      sql`${t.familyKey} text_pattern_ops`,
      sql`${t.givenKey} text_pattern_ops`,
    ),
    index("client_names_given_family_idx").using(
      "btree",
      sql`${t.givenKey} text_pattern_ops`,
      sql`${t.familyKey} text_pattern_ops`,
    ),
    // Several words: each word's trigrams narrow the candidates before any row is read.
    index("client_names_words_trgm_idx").using(
      "gin",
      sql`(' ' || ${t.familyKey} || ' ' || ${t.givenKey}) gin_trgm_ops`,
    ),
    index("client_names_client_idx").on(t.clientId),
  ],
);

export const passports = pgTable(
  "passports",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    number: text("number").notNull(),
    type: text("type").notNull(),
    country: text("country").notNull(),
    expiryDate: date("expiry_date", { mode: "string" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("passports_number_idx").on(t.number), index("passports_client_idx").on(t.clientId)],
);

export const applications = pgTable(
  "applications",
  {
    id: id(),
    fileNumber: text("file_number").notNull().unique(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    lineOfBusiness: text("line_of_business").notNull(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    status: text("status").notNull(),
    statusReason: text("status_reason"),
    receivedDate: date("received_date", { mode: "string" }).notNull(),
    language: text("language").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("applications_client_idx").on(t.clientId), index("applications_office_idx").on(t.officeId)],
);

/** A "Use of a Representative" form (IMM 5476) on an application. */
export const representatives = pgTable(
  "representatives",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    name: text("name").notNull(),
    email: text("email"),
    postalAddress: text("postal_address"),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    createdAt: createdAt(),
  },
  (t) => [index("representatives_application_idx").on(t.applicationId)],
);

/**
 * A designated individual: someone the applicant named, in writing, to receive their personal
 * information (seed 001: offices must "have written consent to release personal information to
 * third parties"). On one application, or, without one, on the whole client file. The written
 * consent is the eDoc of the signed form or, when it is kept elsewhere, its reference; the person
 * is identified only on the days the consent is valid.
 */
export const designatedIndividuals = pgTable(
  "designated_individuals",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    applicationId: uuid("application_id").references(() => applications.id),
    name: text("name").notNull(),
    email: text("email").notNull(),
    consentEdocId: uuid("consent_edoc_id").references((): AnyPgColumn => edocs.id),
    consentReference: text("consent_reference"),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("designated_individuals_client_idx").on(t.clientId),
    check(
      "designated_individuals_consent_on_file",
      sql`${t.consentEdocId} is not null or ${t.consentReference} is not null`,
    ),
    check("designated_individuals_valid_period", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/**
 * Contact details with their whole history: a new value supersedes the previous one of the same kind,
 * which is kept with the moment it stopped being current (evidence that an address was the latest).
 */
export const contactDetails = pgTable(
  "contact_details",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    consentSource: text("consent_source"),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    supersededAt: timestamp("superseded_at", { withTimezone: true, mode: "date" }),
    recordedBy: uuid("recorded_by").references(() => users.id),
  },
  (t) => [index("contact_details_client_idx").on(t.clientId, t.kind, t.recordedAt)],
);

export const notes = pgTable(
  "notes",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    applicationId: uuid("application_id").references(() => applications.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    body: text("body").notNull(),
    restricted: boolean("restricted").notNull().default(false),
    /**
     * The exemption a restricted note is withheld under when the file is released to the client
     * (`law-enforcement`, `security`, `third-party`, `solicitor-client`; see file-export). Null on
     * notes from before migration 0013, which the export withholds under the default exemption.
     */
    exemption: text("exemption"),
    correctsNoteId: uuid("corrects_note_id"),
    authorId: uuid("author_id").references(() => users.id),
    authorLabel: text("author_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("notes_client_idx").on(t.clientId, t.createdAt),
    index("notes_application_idx").on(t.applicationId, t.createdAt),
  ],
);

/** Content-addressed bytes; an eDoc points at one. Never updated or deleted (a trigger refuses). */
export const blobs = pgTable("blobs", {
  sha256: text("sha256").primaryKey(),
  size: bigint("size", { mode: "number" }).notNull(),
  content: bytea("content").notNull(),
  createdAt: createdAt(),
});

/**
 * A stored document on a record: a client's file (with or without an application) or an enquiry
 * not yet tied to any file (the raw message an enquirer sent).
 */
export const edocs = pgTable(
  "edocs",
  {
    id: id(),
    sha256: text("sha256")
      .notNull()
      .references(() => blobs.sha256),
    mediaType: text("media_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    fileName: text("file_name").notNull(),
    kind: text("kind").notNull(),
    description: text("description"),
    /** Null only for an enquiry's eDoc: an enquiry may come from someone with no file here. */
    clientId: uuid("client_id").references(() => clients.id),
    applicationId: uuid("application_id").references(() => applications.id),
    correspondenceId: uuid("correspondence_id"),
    enquiryId: uuid("enquiry_id").references((): AnyPgColumn => enquiries.id),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("edocs_client_idx").on(t.clientId, t.createdAt),
    index("edocs_application_idx").on(t.applicationId, t.createdAt),
    index("edocs_enquiry_idx").on(t.enquiryId),
    check("edocs_on_a_record", sql`${t.clientId} is not null or ${t.enquiryId} is not null`),
  ],
);

/** The one work-queue mechanism: every feature that needs a person to act creates an activity. */
export const activities = pgTable(
  "activities",
  {
    id: id(),
    activity: text("activity").notNull(),
    subActivity: text("sub_activity"),
    status: text("status").notNull(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    dueDate: date("due_date", { mode: "string" }),
    origin: text("origin").notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    clientId: uuid("client_id").references(() => clients.id),
    applicationId: uuid("application_id").references(() => applications.id),
    details: text("details"),
    /** The correspondence this work is about (a paper letter to mail, a resend, an overdue response). */
    correspondenceId: uuid("correspondence_id").references((): AnyPgColumn => correspondence.id),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("activities_queue_idx").on(t.officeId, t.status, t.dueDate),
    index("activities_correspondence_idx").on(t.correspondenceId),
    index("activities_assignee_idx").on(t.assigneeUserId, t.status),
    index("activities_application_idx").on(t.applicationId),
    index("activities_client_idx").on(t.clientId),
  ],
);

export const infoAlerts = pgTable(
  "info_alerts",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    type: text("type").notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    details: text("details"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("info_alerts_client_idx").on(t.clientId)],
);

/** Outgoing and incoming correspondence on an application. Outgoing rows in status `generate` are work. */
export const correspondence = pgTable(
  "correspondence",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    direction: text("direction").notNull(),
    channel: text("channel").notNull(),
    status: text("status").notNull(),
    subject: text("subject").notNull(),
    address: text("address"),
    language: text("language").notNull(),
    bodyText: text("body_text"),
    messageId: text("message_id"),
    statusReason: text("status_reason"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    /** Delivery attempts made by the dispatcher (outgoing email only). */
    attempts: integer("attempts"),
    /** When the dispatcher may try again: after a temporary failure, or when a claim's lease runs out. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    /** The letter template used (`request-documents`, `convocation`, …), `free-text`, or `manual` for an uploaded send. */
    templateId: text("template_id"),
    /** The date by which the applicant was asked to respond (requests), for the no-response rule. */
    responseDueDate: date("response_due_date", { mode: "string" }),
    /** The interview the applicant was convoked to. */
    interviewAt: timestamp("interview_at", { withTimezone: true, mode: "date" }),
    bulkJobId: uuid("bulk_job_id"),
    /**
     * The office the letter is sent from (its generic mailbox and name), fixed when it is queued: a
     * file transferred afterwards does not change who wrote. Null on rows from before this column.
     */
    officeId: uuid("office_id").references(() => offices.id),
    /** The archived message is over the 4 MB eDoc rule; kept whole anyway, so nothing has to be printed. */
    exceedsUploadLimit: boolean("exceeds_upload_limit").notNull().default(false),
    /** SMTP envelope and the server's reply at acceptance: part of the proof of sending. */
    smtpEnvelope: jsonb("smtp_envelope"),
    smtpResponse: text("smtp_response"),
    /** Times the message went out again with its original Message-ID after a dispatcher crash. */
    resentCount: integer("resent_count").notNull().default(0),
    undeliveredAt: timestamp("undelivered_at", { withTimezone: true, mode: "date" }),
    /** The eDoc holding the undelivered notice (bounce) for this message. */
    bounceEdocId: uuid("bounce_edoc_id"),
  },
  (t) => [
    index("correspondence_application_idx").on(t.applicationId, t.createdAt),
    index("correspondence_status_idx").on(t.status, t.createdAt),
    index("correspondence_message_id_idx").on(t.messageId),
    index("correspondence_bulk_job_idx").on(t.bulkJobId, t.status),
    index("correspondence_response_due_idx").on(t.responseDueDate),
  ],
);

/** A bulk correspondence job: one template sent to a group of applications (seed 000: within 24 h). */
export const bulkJobs = pgTable("bulk_jobs", {
  id: id(),
  officeId: uuid("office_id")
    .notNull()
    .references(() => offices.id),
  templateId: text("template_id").notNull(),
  values: jsonb("values").notNull(),
  /** How the applications were chosen (filters or an uploaded CSV's name), for the record. */
  selection: jsonb("selection").notNull(),
  status: text("status").notNull(),
  total: integer("total").notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Raw messages received by an office mailbox (SMTP or IMAP), acknowledged only once stored here. */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: id(),
    officeId: uuid("office_id").references(() => offices.id),
    mailbox: text("mailbox").notNull(),
    envelopeFrom: text("envelope_from"),
    envelopeTo: text("envelope_to").array().notNull(),
    messageId: text("message_id"),
    subject: text("subject"),
    sha256: text("sha256")
      .notNull()
      .references(() => blobs.sha256),
    size: bigint("size", { mode: "number" }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true, mode: "date" }),
    /** What the message turned out to be: bounce, delay, auto-reply, complaint, other. */
    classification: text("classification"),
    /** The outgoing correspondence a bounce or reply refers to. */
    correspondenceId: uuid("correspondence_id"),
    processingNote: text("processing_note"),
    /**
     * Where an IMAP poll found the message: `<UIDVALIDITY>:<UID>` in the polled folder (RFC 3501
     * §2.3.1.1: the pair names one message for good). A message without a Message-ID fetched again
     * after a crash between the commit and the flag is still stored once.
     */
    imapUid: text("imap_uid"),
  },
  (t) => [
    index("inbound_messages_unprocessed_idx").on(t.receivedAt).where(sql`processed_at is null`),
    index("inbound_messages_correspondence_idx").on(t.correspondenceId),
    index("inbound_messages_mailbox_idx").on(t.mailbox, t.receivedAt),
    uniqueIndex("inbound_messages_mailbox_message_id_idx").on(t.mailbox, t.messageId),
    uniqueIndex("inbound_messages_mailbox_imap_uid_idx").on(t.mailbox, t.imapUid),
  ],
);

/** Numbers behind enquiry references (`ENQ-2026-000123`), one series for every office. */
export const enquiryReferenceSequence = pgSequence("enquiry_reference_seq", { startWith: 1, increment: 1 });

/**
 * An inbound question from an applicant, a representative or a Member of Parliament (seed 001),
 * with what it was found to state and where it stands against the office's response time.
 */
export const enquiries = pgTable(
  "enquiries",
  {
    id: id(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** Shown to the enquirer and kept in subjects, so an answer threads even without its headers. */
    reference: text("reference").notNull().unique(),
    /** `email` or `web-form`. */
    channel: text("channel").notNull(),
    /** The official language of the enquirer's choice (seed 001), `en` or `fr`, and why. */
    language: text("language").notNull(),
    languageReason: text("language_reason").notNull(),
    /** Seed 001's category and the queue that answers it; `categorySource` is `rules` or `officer`. */
    category: text("category").notNull(),
    queue: text("queue").notNull(),
    categorySource: text("category_source").notNull(),
    /** Why that category, in English and French ({ en, fr }): the rule's words, or the officer's. */
    categoryReason: jsonb("category_reason").notNull(),
    /** `open` (to answer), `awaiting-information` (waits for the enquirer), `answered`, `closed`. */
    state: text("state").notNull(),
    subject: text("subject").notNull(),
    /** The address the enquiry came from (From, else the envelope sender), lower case. */
    enquirerAddress: text("enquirer_address"),
    /** The clock starts here (seed 001: "adhere to response times"). */
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The office's published response time when the enquiry arrived; a later change does not move it. */
    responseDays: integer("response_days").notNull(),
    /** Times the clock stood still waiting for the enquirer: [{ from, to }] (ISO), `to` null while waiting. */
    slaPauses: jsonb("sla_pauses").notNull().default(sql`'[]'::jsonb`),
    /** When the response is due; null while the clock is paused. Kept for lists and escalations. */
    responseDueAt: timestamp("response_due_at", { withTimezone: true, mode: "date" }),
    /** The first standard or case-specific reply; automatic replies do not count. */
    firstResponseAt: timestamp("first_response_at", { withTimezone: true, mode: "date" }),
    /** What the enquirer stated, each with where it was read: { field: { value, source, evidence } }. */
    fields: jsonb("fields").notNull(),
    /** Required items still missing: [{ field, problem }]. */
    missingFields: jsonb("missing_fields").notNull(),
    /** The file the stated number points at, if any. A match, not an identification of the enquirer. */
    clientId: uuid("client_id").references(() => clients.id),
    applicationId: uuid("application_id").references(() => applications.id),
    /**
     * An officer recorded that the enquirer disagrees with the office's reply (seed 001: "if there
     * is a disagreement with the reply"), when, and in the officer's words. A further message from
     * the enquirer is not taken as disagreement by itself: only a person reads it as one.
     */
    disagreementAt: timestamp("disagreement_at", { withTimezone: true, mode: "date" }),
    disagreementNote: text("disagreement_note"),
    /**
     * Seed 001's next level: the queue the enquiry went up to (`case-management-branch`,
     * `program-manager`), when, on what ground (`no-reply-30-days`, `disagreement`,
     * `manager-mailbox`) and why, in English and French ({ en, fr }). Set once: an enquiry goes up once.
     */
    escalatedTo: text("escalated_to"),
    escalatedAt: timestamp("escalated_at", { withTimezone: true, mode: "date" }),
    escalationTrigger: text("escalation_trigger"),
    escalationReason: jsonb("escalation_reason"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    // The escalation job's scan, oldest first: only enquiries that may still go up (not yet
    // escalated, and unanswered or disagreed with), so answered ones drop out of it.
    index("enquiries_escalation_candidates_idx")
      .on(t.receivedAt, t.id)
      .where(
        sql`escalated_at is null and category in ('case-specific', 'local-procedures') and (first_response_at is null or disagreement_at is not null)`,
      ),
    index("enquiries_office_state_due_idx").on(t.officeId, t.state, t.responseDueAt),
    // The office-and-receipt index is `enquiries_office_received_covering_idx` (migration 0011):
    // it also carries the columns the office comparison reads, so that query never reads the
    // table. Drizzle cannot write INCLUDE, so it lives in the migration only.
    index("enquiries_application_idx").on(t.applicationId),
    index("enquiries_client_idx").on(t.clientId),
  ],
);

/**
 * Where each queue of seed 001's table is written to: the address an escalated enquiry's thread
 * is forwarded to. A row without an office holds the address for every office (the Case
 * Management Branch has one national address); a row with an office overrides it for that office.
 * Administrators keep these rows; with none for the program manager, the office's manager
 * mailbox is used, then its generic mailbox (seed 001: "via the migration office email address").
 */
export const enquiryQueueContacts = pgTable(
  "enquiry_queue_contacts",
  {
    id: id(),
    officeId: uuid("office_id").references(() => offices.id),
    queue: text("queue").notNull(),
    email: text("email").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("enquiry_queue_contacts_national_idx").on(t.queue).where(sql`office_id is null`),
    uniqueIndex("enquiry_queue_contacts_office_idx")
      .on(t.officeId, t.queue)
      .where(sql`office_id is not null`),
  ],
);

/**
 * The words that put an enquiry in each category of seed 001's table, as administrators set them:
 * one row per category, tried in `position` order. Rows without an office hold for every office;
 * an office with rows of its own uses only those. With no rows at all, intake uses the rules
 * Dossier ships with (`DEFAULT_CATEGORY_RULES`).
 */
export const enquiryCategoryRules = pgTable(
  "enquiry_category_rules",
  {
    id: id(),
    officeId: uuid("office_id").references(() => offices.id),
    position: integer("position").notNull(),
    category: text("category").notNull(),
    queue: text("queue").notNull(),
    phrasesEn: jsonb("phrases_en").$type<string[]>().notNull(),
    phrasesFr: jsonb("phrases_fr").$type<string[]>().notNull(),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("enquiry_category_rules_national_idx").on(t.category).where(sql`office_id is null`),
    uniqueIndex("enquiry_category_rules_office_idx")
      .on(t.officeId, t.category)
      .where(sql`office_id is not null`),
  ],
);

/**
 * The messages of an enquiry's thread, both ways. An outgoing row in status `generate` is work for
 * the dispatcher, like a correspondence row; its Message-ID is fixed when it is queued, so the
 * enquirer's answer threads onto the enquiry by In-Reply-To.
 */
export const enquiryMessages = pgTable(
  "enquiry_messages",
  {
    id: id(),
    enquiryId: uuid("enquiry_id")
      .notNull()
      .references(() => enquiries.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** `in` or `out`. */
    direction: text("direction").notNull(),
    /** RFC 5322 §3.6.4, angle brackets kept. */
    messageId: text("message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references").array().notNull().default(sql`'{}'::text[]`),
    /** The sender's address (the office's generic mailbox for every outgoing message) and its From line. */
    fromAddress: text("from_address"),
    fromText: text("from_text").notNull(),
    toAddresses: text("to_addresses").array().notNull(),
    subject: text("subject").notNull(),
    /** What officers read: plain text only; HTML is reduced to its words and never rendered. */
    bodyText: text("body_text").notNull(),
    /** The body was HTML only and `bodyText` is its words. */
    textFromHtml: boolean("text_from_html").notNull().default(false),
    /** The exact bytes as received (incoming) or as sent (outgoing, once sent), and their eDoc. */
    sha256: text("sha256").references(() => blobs.sha256),
    edocId: uuid("edoc_id").references(() => edocs.id),
    inboundMessageId: uuid("inbound_message_id")
      .unique()
      .references(() => inboundMessages.id),
    /**
     * Outgoing only: `generate` → `sending` → `sent` | `undelivered`, or back to `generate` after a
     * temporary failure; `suppressed` for an automatic reply not sent.
     */
    status: text("status"),
    statusReason: text("status_reason"),
    /** Delivery attempts made by the dispatcher (outgoing only). */
    attempts: integer("attempts").notNull().default(0),
    /** When the dispatcher may try again: after a temporary failure, or when a claim's lease runs out. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    /** An automatic reply (RFC 3834 `Auto-Submitted: auto-replied`), not written by a person. */
    automatic: boolean("automatic").notNull().default(false),
    /** `missing-information`, later `acknowledgement`, `standard`, `case-specific`; `enquirer` for incoming. */
    kind: text("kind").notNull(),
    language: text("language"),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("enquiry_messages_enquiry_idx").on(t.enquiryId, t.createdAt),
    // A message delivered twice (or by SMTP and by IMAP) is one message of the thread.
    uniqueIndex("enquiry_messages_message_id_idx").on(t.officeId, t.messageId, t.direction),
    index("enquiry_messages_status_idx").on(t.status, t.createdAt).where(sql`status is not null`),
    index("enquiry_messages_automatic_to_idx")
      .on(t.officeId, t.createdAt)
      .where(sql`automatic and direction = 'out'`),
  ],
);

/** Mail caught by the embedded demo mail catcher, in place of a real remote mail server. */
export const caughtMail = pgTable("caught_mail", {
  id: id(),
  envelopeFrom: text("envelope_from"),
  envelopeTo: text("envelope_to").array().notNull(),
  subject: text("subject"),
  sha256: text("sha256")
    .notNull()
    .references(() => blobs.sha256),
  size: bigint("size", { mode: "number" }).notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/** Append-only, hash-chained record of every state change. */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date", precision: 3 }).notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    officeId: uuid("office_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_entity_idx").on(t.entityType, t.entityId)],
);

export const schedulerRuns = pgTable("scheduler_runs", {
  job: text("job").primaryKey(),
  lastRunAt: timestamp("last_run_at", { withTimezone: true, mode: "date" }).notNull(),
});

/**
 * An eTA application (seed 004): the `applications` row of line of business `eta` (so notes,
 * correspondence and pages work as for any file) and what the applicant declared, how the
 * automated screening ended, and the eTA's validity once issued. The applicant's name is kept
 * exactly as submitted; comparisons use normalised forms.
 */
export const etaApplications = pgTable(
  "eta_applications",
  {
    applicationId: uuid("application_id")
      .primaryKey()
      .references(() => applications.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    familyName: text("family_name").notNull(),
    givenNames: text("given_names").notNull(),
    dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
    sex: text("sex").notNull(),
    countryOfBirth: text("country_of_birth").notNull(),
    citizenship: text("citizenship").notNull(),
    passportNumber: text("passport_number").notNull(),
    passportType: text("passport_type").notNull(),
    passportCountry: text("passport_country").notNull(),
    passportExpiryDate: date("passport_expiry_date", { mode: "string" }).notNull(),
    email: text("email").notNull(),
    /** { line1, line2?, city, region?, postalCode?, country }. */
    address: jsonb("address").notNull(),
    /** The form's questions and the applicant's answers, as submitted. */
    answers: jsonb("answers").notNull(),
    /** The application date: the day the eligibility rules are read on (R7.01). */
    submittedOn: date("submitted_on", { mode: "string" }).notNull(),
    /** Passport, answers and day hashed: the same application sent twice is stored once. */
    submissionKey: text("submission_key").notNull(),
    /** `approved`, `referred`, `withdrawn`, `refused`, `cancelled`. */
    status: text("status").notNull(),
    /** Why the application left the automated flow: [{ code, activity, subActivity, en, fr }]. */
    referralReasons: jsonb("referral_reasons").notNull().default(sql`'[]'::jsonb`),
    /** The identity engine's outcome (`match`, `new`, `review`) and its ranked candidates for the officer. */
    identityDecision: text("identity_decision").notNull(),
    identityCandidates: jsonb("identity_candidates").notNull().default(sql`'[]'::jsonb`),
    issuedAt: timestamp("issued_at", { withTimezone: true, mode: "date" }),
    validFrom: date("valid_from", { mode: "string" }),
    validUntil: date("valid_until", { mode: "string" }),
    /** What set `validUntil`: `five-years` or `passport-expiry`. */
    validityLimit: text("validity_limit"),
    /** The day the eTA stopped being valid before `validUntil`, and why (`superseded`, `cancelled`). */
    endedOn: date("ended_on", { mode: "string" }),
    endReason: text("end_reason"),
    supersededBy: uuid("superseded_by").references((): AnyPgColumn => applications.id),
    /** R12.06 ground and the officer's reasons when an officer cancelled the eTA. */
    cancellationGround: text("cancellation_ground"),
    cancellationReason: text("cancellation_reason"),
    cancelledBy: uuid("cancelled_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("eta_applications_submission_key_idx").on(t.submissionKey),
    index("eta_applications_client_idx").on(t.clientId),
    index("eta_applications_passport_idx").on(t.passportCountry, t.passportNumber),
  ],
);

/** Adverse information on a client, and where it came from (seed 004): what eTA screening looks for. */
export const clientAdverseInformation = pgTable(
  "client_adverse_information",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    /** `earlier-application`, `port-of-entry` or `intelligence`. */
    source: text("source").notNull(),
    recordedOn: date("recorded_on", { mode: "string" }).notNull(),
    details: text("details").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("client_adverse_information_client_idx").on(t.clientId)],
);

/** Temporary resident visas issued to a client: one in the ten years before an eTA application makes an expansion national eligible (R7.01). */
export const temporaryResidentVisas = pgTable(
  "temporary_resident_visas",
  {
    id: id(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    issuedOn: date("issued_on", { mode: "string" }).notNull(),
    expiryDate: date("expiry_date", { mode: "string" }),
    createdAt: createdAt(),
  },
  (t) => [index("temporary_resident_visas_client_idx").on(t.clientId, t.issuedOn)],
);

/** Results of the automated United States nonimmigrant visa check, by passport (seed 004, eTA expansion). */
export const usVisaVerifications = pgTable(
  "us_visa_verifications",
  {
    id: id(),
    passportNumber: text("passport_number").notNull(),
    passportCountry: text("passport_country").notNull(),
    /** `valid`, `no-valid-document`, `lost-stolen`, `revoked`, `not-reviewed`. */
    result: text("result").notNull(),
    checkedOn: date("checked_on", { mode: "string" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("us_visa_verifications_passport_idx").on(t.passportCountry, t.passportNumber, t.checkedOn)],
);

/**
 * A request for a client's file under the Privacy Act (the applicant) or the Access to Information
 * Act (a representative or anyone else, with the applicant's consent, IMM 5744). Due 30 days after
 * receipt (ATIA s. 7, Privacy Act s. 14), unless extended (ATIA s. 9, Privacy Act s. 15); answered by
 * an export of the file, kept as an eDoc.
 */
export const accessRequests = pgTable(
  "access_requests",
  {
    id: id(),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    applicationId: uuid("application_id").references(() => applications.id),
    receivedDate: date("received_date", { mode: "string" }).notNull(),
    requesterName: text("requester_name").notNull(),
    requesterEmail: text("requester_email"),
    /** `applicant`, `representative`, `other`. */
    requesterKind: text("requester_kind").notNull(),
    /** `privacy-act` (the applicant's own request) or `access-to-information-act`. */
    act: text("act").notNull(),
    consentEdocId: uuid("consent_edoc_id").references((): AnyPgColumn => edocs.id),
    consentReference: text("consent_reference"),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    extendedDueDate: date("extended_due_date", { mode: "string" }),
    extensionGround: text("extension_ground"),
    extensionReason: text("extension_reason"),
    extendedAt: timestamp("extended_at", { withTimezone: true, mode: "date" }),
    completedDate: date("completed_date", { mode: "string" }),
    exportEdocId: uuid("export_edoc_id").references((): AnyPgColumn => edocs.id),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("access_requests_open_idx").on(t.officeId, t.dueDate).where(sql`completed_date is null`),
    index("access_requests_client_idx").on(t.clientId),
    check(
      "access_requests_consent_for_others",
      sql`${t.requesterKind} = 'applicant' or ${t.consentEdocId} is not null or ${t.consentReference} is not null`,
    ),
    check(
      "access_requests_extension_later",
      sql`${t.extendedDueDate} is null or ${t.extendedDueDate} > ${t.dueDate}`,
    ),
  ],
);

/**
 * A decision on an application. A non-compliance decision names its legal basis
 * (`citizenship-act-s13.2`: abandonment of a citizenship application; `irpr-s10`: refusal of any
 * other) and the request it rests on. `notifiedAt` is set by a trigger (migration 0012) when the
 * decision letter is sent: recourse deadlines run from that day. A reopened file keeps the
 * decision, marked set aside by the reconsideration that reopened it.
 */
export const decisions = pgTable(
  "decisions",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    outcome: text("outcome").notNull(),
    grounds: text("grounds"),
    legalBasis: text("legal_basis"),
    requestCorrespondenceId: uuid("request_correspondence_id").references(() => correspondence.id),
    rationale: text("rationale").notNull(),
    arising: text("arising"),
    inadmissibilityGround: text("inadmissibility_ground"),
    letterCorrespondenceId: uuid("letter_correspondence_id").references(() => correspondence.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedByLabel: text("decided_by_label").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    notifiedAt: timestamp("notified_at", { withTimezone: true, mode: "date" }),
    setAsideAt: timestamp("set_aside_at", { withTimezone: true, mode: "date" }),
    setAsideBy: uuid("set_aside_by"),
  },
  (t) => [
    index("decisions_application_idx").on(t.applicationId, t.decidedAt),
    index("decisions_letter_idx").on(t.letterCorrespondenceId),
  ],
);

/**
 * A request to reconsider a decision or reactivate a file (seed 000, "Requests for reconsideration
 * or reactivation"): who asked, when, how, on what grounds, with which documents; for a claim of
 * non-receipt, the facts assembled when it was recorded; then the decision maker's outcome and
 * rationale, which a court may review.
 */
export const reconsiderationRequests = pgTable(
  "reconsideration_requests",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => decisions.id),
    requestedBy: text("requested_by").notNull(),
    receivedOn: date("received_on", { mode: "string" }).notNull(),
    /** `web-form`, `enquiry` or `by-hand`. */
    channel: text("channel").notNull(),
    enquiryId: uuid("enquiry_id").references(() => enquiries.id),
    /** `non-receipt` ("I never received the email") or `other`. */
    groundsKind: text("grounds_kind").notNull(),
    grounds: text("grounds").notNull(),
    documentEdocIds: uuid("document_edoc_ids").array().notNull().default(sql`'{}'::uuid[]`),
    facts: jsonb("facts"),
    /** `received`, then `reopened` or `maintained`. */
    status: text("status").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** `reopen` or `maintain`. */
    outcome: text("outcome"),
    outcomeRationale: text("outcome_rationale"),
    newResponseDate: date("new_response_date", { mode: "string" }),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedByLabel: text("decided_by_label"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("reconsideration_requests_application_idx").on(t.applicationId, t.recordedAt)],
);

/**
 * An officer's decision on a referred eTA application, in the nine steps of a fair decision
 * (seed 004): `steps` holds each step as the officer wrote it, and `note_id` the same record as a
 * note that reads as a whole. `identity_choice` is the UCI matched or `new-client`.
 */
export const etaReviewDecisions = pgTable(
  "eta_review_decisions",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    /** `approve`, `refuse`, `request-information`, `withdraw`. */
    outcome: text("outcome").notNull(),
    referralCodes: jsonb("referral_codes").notNull().default(sql`'[]'::jsonb`),
    steps: jsonb("steps").notNull(),
    identityChoice: text("identity_choice"),
    matchedClientId: uuid("matched_client_id").references(() => clients.id),
    responseDueDate: date("response_due_date", { mode: "string" }),
    noteId: uuid("note_id")
      .notNull()
      .references(() => notes.id),
    letterCorrespondenceId: uuid("letter_correspondence_id").references(() => correspondence.id),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedByLabel: text("decided_by_label").notNull(),
    createdAt: createdAt(),
    /** The client intake created for the applicant, merged into the matched one by this decision. */
    mergedClientId: uuid("merged_client_id").references(() => clients.id),
  },
  (t) => [index("eta_review_decisions_application_idx").on(t.applicationId, t.createdAt)],
);

/**
 * A permanent resident asked, through the eTA application, whether they relinquish their status
 * (seed 004), and their answer: `relinquished`, `declined`, or `no-reply` once the date passed.
 */
export const etaRelinquishments = pgTable(
  "eta_relinquishments",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    requestedOn: date("requested_on", { mode: "string" }).notNull(),
    replyDueDate: date("reply_due_date", { mode: "string" }).notNull(),
    answer: text("answer"),
    answeredOn: date("answered_on", { mode: "string" }),
    details: text("details"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("eta_relinquishments_open_idx").on(t.applicationId).where(sql`answer is null`),
    index("eta_relinquishments_due_idx").on(t.replyDueDate).where(sql`answer is null`),
  ],
);

/**
 * The revalidation of an eTA in force after new adverse information on its holder (seed 004):
 * open until an officer cancels it (R12.06), keeps it, or keeps it under an "eTA Revalidation"
 * info-alert because the holder did not answer; notes either way.
 */
export const etaRevalidations = pgTable(
  "eta_revalidations",
  {
    id: id(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id),
    clientId: uuid("client_id")
      .notNull()
      .references(() => clients.id),
    officeId: uuid("office_id")
      .notNull()
      .references(() => offices.id),
    adverseInformationId: uuid("adverse_information_id").references(() => clientAdverseInformation.id),
    activityId: uuid("activity_id").references(() => activities.id),
    openedOn: date("opened_on", { mode: "string" }).notNull(),
    /** `cancel`, `keep`, `info-alert`; null while open. */
    decision: text("decision"),
    ground: text("ground"),
    notes: text("notes"),
    infoAlertId: uuid("info_alert_id").references(() => infoAlerts.id),
    noteId: uuid("note_id"),
    letterCorrespondenceId: uuid("letter_correspondence_id"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("eta_revalidations_open_idx").on(t.officeId, t.openedOn).where(sql`decision is null`),
    index("eta_revalidations_application_idx").on(t.applicationId),
  ],
);

/** The daily revalidation report as the scheduled job recorded it: one row a day. */
export const etaRevalidationReports = pgTable(
  "eta_revalidation_reports",
  {
    id: id(),
    reportDate: date("report_date", { mode: "string" }).notNull(),
    rows: jsonb("rows").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("eta_revalidation_reports_date_idx").on(t.reportDate)],
);
