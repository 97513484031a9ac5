/**
 * The reads and writes of enquiry intake for one transaction of inbound mail, done set by set.
 * Each message of a batch used to cost about nine statements one after another (its duplicate
 * check, its thread, its file, the automatic replies already sent to its sender, its reference
 * number, then the enquiry, the eDoc, the thread rows and the updates); on a server every statement
 * is a round trip, and the batch spent its time waiting on them (bench/RESULTS.md, enquiries). Here
 * the batch reads what all its messages will ask for in one query per kind (`prefetch`), and the
 * rows its messages write are kept until `flush`, which writes them with one multi-row insert per
 * table and one update for the enquiries that changed.
 *
 * The messages of a batch are still taken one after another, in order of arrival: every read
 * answers first from what earlier messages of the batch wrote (a reply in the same batch as the
 * message it answers joins the enquiry that message opened), then from what was read ahead, and
 * only for a question no one foresaw does it query the database. Whoever writes to these tables
 * outside the batch inside the same transaction (manager mail, bounces) calls `flush` first and
 * `forget` after, so nothing read ahead goes stale.
 *
 * Nothing is written until `flush`: the rows, the processed marks and the audit events are still
 * committed together or not at all.
 */
import { and, asc, eq, gt, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import { queryRows, type Tx } from "../db/database.ts";
import {
  applications,
  clients,
  edocs,
  enquiries,
  enquiryCategoryRules,
  enquiryMessages,
  offices,
} from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { DEFAULT_CATEGORY_RULES } from "./categorise-enquiry.ts";
import type { CategoryRule, EnquiryCategory, EnquiryQueue, ExtractedEnquiry } from "./enquiry.schema.ts";
import { type FoundCategoryRules, findCategoryRules } from "./find-category-rules.ts";
import { autoReplyWindowStart, findRecentAutoReplies } from "./find-recent-auto-replies.ts";
import { findClientByUci, findFileByNumber } from "./open-enquiry.ts";

type Office = typeof offices.$inferSelect;
type Enquiry = typeof enquiries.$inferSelect;
export type NewEdoc = typeof edocs.$inferInsert & { id: string };
export type NewEnquiryMessage = typeof enquiryMessages.$inferInsert & { id: string };

/** The file a stated file number (or UCI) points at in an office, or nothing. */
export interface FileMatch {
  clientId: string | null;
  applicationId: string | null;
}

/** What one message will ask of the batch, known once it is read. */
export interface IntakeKeys {
  officeId: string;
  messageId: string | null;
  /** The Message-IDs it answers (In-Reply-To and References). */
  references: readonly string[];
  /** The enquiry reference its subject carries. */
  subjectReference: string | null;
  fields: ExtractedEnquiry["fields"];
  /** The address an automatic reply would go to. */
  sender: string | null;
  /** It may open an enquiry of the office's mailbox, so it will want a reference number. */
  mayOpen: boolean;
}

export interface IntakeBatch {
  readonly tx: Tx;
  /** One moment for the whole batch: its messages are committed together. */
  readonly now: Date;
  /** Reads these offices and their category rules, one query each, for the batch's later asks. */
  readOffices(officeIds: readonly string[]): Promise<void>;
  office(officeId: string): Promise<Office | undefined>;
  /** The office's category rules, chosen as `findCategoryRules` chooses them. */
  categoryRules(officeId: string): Promise<FoundCategoryRules>;
  /** Reads ahead, in one query per kind, what these messages will ask. */
  prefetch(keys: readonly IntakeKeys[]): Promise<void>;
  /** The enquiry an incoming message with this Message-ID is already on, in the office. */
  storedIncoming(
    officeId: string,
    messageId: string,
  ): Promise<{ enquiryId: string; reference: string } | null>;
  /** The enquiry whose most recent stored message (either way) is one of these Message-IDs. */
  threadOf(
    officeId: string,
    messageIds: readonly string[],
  ): Promise<{ enquiry: Enquiry; messageId: string } | null>;
  enquiryByReference(officeId: string, reference: string): Promise<Enquiry | null>;
  /**
   * The file the stated file number (or UCI) points at in this office. Anyone can write a file
   * number: this says which file the enquiry is about, not that the enquirer may be told anything.
   */
  matchFile(officeId: string, fields: ExtractedEnquiry["fields"]): Promise<FileMatch>;
  /** When automatic replies went from the office to this address, within the rate limit's window. */
  recentAutoReplies(officeId: string, address: string): Promise<Date[]>;
  /** The next number of `enquiry_reference_seq`. */
  takeSerial(): Promise<bigint>;
  /** Whether an outgoing message of the batch carries this Message-ID (compared without case). */
  sentInBatch(messageId: string): boolean;
  addEnquiry(enquiry: Enquiry): void;
  /** Records the enquiry's new state (its state, clock, fields and file), written at `flush`. */
  changeEnquiry(enquiry: Enquiry): void;
  addEdoc(row: NewEdoc): void;
  /** A row of the enquiry's thread. */
  addMessage(row: NewEnquiryMessage, enquiry: Enquiry): void;
  /** Writes what the messages so far left to write. */
  flush(): Promise<void>;
  /** Drops what was read ahead, after others wrote to the same tables in this transaction. */
  forget(): void;
}

/**
 * @example const batch = intakeBatch(tx);
 *   await batch.prefetch(keys);
 *   for (const message of messages) await receiveEnquiryMail(batch, message, intake);
 *   await batch.flush();
 */
export function intakeBatch(tx: Tx, now: Date = new Date()): IntakeBatch {
  const officeRows = new Map<string, Promise<Office | undefined>>();
  const rules = new Map<string, Promise<FoundCategoryRules>>();
  const key = (officeId: string, value: string) => `${officeId}\u0000${value}`;

  // What was read ahead; a key present with no value means "looked for, not there".
  let incoming = new Map<string, { enquiryId: string; reference: string } | null>();
  let threads = new Map<string, { enquiry: Enquiry; createdAt: Date } | null>();
  let byReference = new Map<string, Enquiry | null>();
  let fileNumbers = new Map<string, FileMatch | null>();
  let ucis = new Map<string, { id: string; offices: Set<string> }[]>();
  let autoReplies = new Map<string, Date[]>();
  const serials: bigint[] = [];

  // What the batch wrote, not yet flushed, and what it knows of enquiries it created or changed.
  let created: Enquiry[] = [];
  let changed = new Map<string, Enquiry>();
  let newEdocs: NewEdoc[] = [];
  let newMessages: NewEnquiryMessage[] = [];
  let current = new Map<string, Enquiry>();
  let written = new Map<string, { enquiryId: string; reference: string; direction: string }>();
  let outgoing = new Set<string>();
  let repliesTo = new Map<string, Date[]>();

  const latest = (enquiry: Enquiry) => current.get(enquiry.id) ?? enquiry;

  const batch: IntakeBatch = {
    tx,
    now,
    async readOffices(officeIds) {
      const wanted = [...new Set(officeIds)].filter((id) => !officeRows.has(id));
      if (wanted.length === 0) return;
      const [rows, ruleRows] = [
        await tx.select().from(offices).where(inArray(offices.id, wanted)),
        await tx
          .select()
          .from(enquiryCategoryRules)
          .where(or(inArray(enquiryCategoryRules.officeId, wanted), isNull(enquiryCategoryRules.officeId)))
          .orderBy(asc(enquiryCategoryRules.position)),
      ];
      const everyOffice = ruleRows.filter((row) => row.officeId === null).map(categoryRule);
      for (const id of wanted) {
        officeRows.set(id, Promise.resolve(rows.find((row) => row.id === id)));
        // As `findCategoryRules`: the office's own rules whole, else those for every office, else Dossier's.
        const own = ruleRows.filter((row) => row.officeId === id).map(categoryRule);
        const found: FoundCategoryRules =
          own.length > 0
            ? { rules: own, source: "office" }
            : everyOffice.length > 0
              ? { rules: everyOffice, source: "every-office" }
              : { rules: DEFAULT_CATEGORY_RULES, source: "default" };
        rules.set(id, Promise.resolve(found));
      }
    },
    office(officeId) {
      let found = officeRows.get(officeId);
      if (!found) {
        found = tx
          .select()
          .from(offices)
          .where(eq(offices.id, officeId))
          .then((rows) => rows[0]);
        officeRows.set(officeId, found);
      }
      return found;
    },
    categoryRules(officeId) {
      let found = rules.get(officeId);
      if (!found) {
        found = findCategoryRules(tx, officeId);
        rules.set(officeId, found);
      }
      return found;
    },

    async prefetch(keys) {
      if (keys.length === 0) return;
      const officeIds = [...new Set(keys.map((k) => k.officeId))];
      const messageIds = unique(keys.map((k) => k.messageId));
      const references = unique(keys.flatMap((k) => k.references));
      const subjectReferences = unique(keys.map((k) => k.subjectReference));
      const numbers = unique(keys.map((k) => k.fields.fileNumber?.value));
      const uciValues = unique(keys.map((k) => k.fields.uci?.value));
      const senders = unique(keys.map((k) => k.sender));

      // Stored messages by the Message-IDs the batch carries (duplicates) and those it answers
      // (threads), in one query.
      const named = [...new Set([...messageIds, ...references])];
      if (named.length > 0) {
        const rows = await tx
          .select({
            enquiry: enquiries,
            officeId: enquiryMessages.officeId,
            messageId: enquiryMessages.messageId,
            direction: enquiryMessages.direction,
            createdAt: enquiryMessages.createdAt,
          })
          .from(enquiryMessages)
          .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
          .where(
            and(inArray(enquiryMessages.officeId, officeIds), inArray(enquiryMessages.messageId, named)),
          );
        for (const k of keys) if (k.messageId) incoming.set(key(k.officeId, k.messageId), null);
        for (const k of keys) for (const r of k.references) threads.set(key(k.officeId, r), null);
        for (const row of rows) {
          const at = key(row.officeId, row.messageId!);
          if (row.direction === "in" && incoming.has(at)) {
            incoming.set(at, { enquiryId: row.enquiry.id, reference: row.enquiry.reference });
          }
          if (!threads.has(at)) continue;
          const known = threads.get(at);
          if (!known || known.createdAt < row.createdAt) {
            threads.set(at, { enquiry: row.enquiry, createdAt: row.createdAt });
          }
        }
      }
      if (subjectReferences.length > 0) {
        const rows = await tx.select().from(enquiries).where(inArray(enquiries.reference, subjectReferences));
        for (const k of keys) {
          if (k.subjectReference) byReference.set(key(k.officeId, k.subjectReference), null);
        }
        for (const row of rows) {
          const at = key(row.officeId, row.reference);
          if (byReference.has(at)) byReference.set(at, row);
        }
      }
      if (numbers.length > 0) {
        const rows = await tx
          .select({
            id: applications.id,
            clientId: applications.clientId,
            officeId: applications.officeId,
            fileNumber: applications.fileNumber,
          })
          .from(applications)
          .where(and(inArray(applications.fileNumber, numbers), inArray(applications.officeId, officeIds)));
        for (const k of keys) {
          const number = k.fields.fileNumber?.value;
          if (number) fileNumbers.set(key(k.officeId, number), null);
        }
        for (const row of rows) {
          const at = key(row.officeId, row.fileNumber);
          if (fileNumbers.has(at) && !fileNumbers.get(at)) {
            fileNumbers.set(at, { clientId: row.clientId, applicationId: row.id });
          }
        }
      }
      if (uciValues.length > 0) {
        const rows = await queryRows<{ id: string; uci: string; offices: string[] }>(
          tx,
          // A merged client's UCI leads to the client it was merged into (migration 0018).
          sql`select s.id, c.uci,
                     array_remove(array_append(array(select a.office_id from ${applications} a
                       where a.client_id = s.id), s.office_id), null)::text[] as offices
                from ${clients} c
                join ${clients} s on s.id = coalesce(c.merged_into_client_id, c.id)
               where c.uci = any(${sql.param(uciValues)}::text[])`,
        );
        for (const uci of uciValues) ucis.set(uci, []);
        for (const row of rows) ucis.get(row.uci)?.push({ id: row.id, offices: new Set(row.offices) });
      }
      if (senders.length > 0) {
        const rows = await tx
          .select({
            officeId: enquiryMessages.officeId,
            toAddresses: enquiryMessages.toAddresses,
            createdAt: enquiryMessages.createdAt,
          })
          .from(enquiryMessages)
          .where(
            and(
              inArray(enquiryMessages.officeId, officeIds),
              eq(enquiryMessages.direction, "out"),
              eq(enquiryMessages.automatic, true),
              ne(enquiryMessages.status, "suppressed"),
              gt(enquiryMessages.createdAt, autoReplyWindowStart(now)),
              sql`${enquiryMessages.toAddresses} && ${sql.param(senders)}::text[]`,
            ),
          );
        for (const k of keys) if (k.sender) autoReplies.set(key(k.officeId, k.sender), []);
        for (const row of rows) {
          for (const address of row.toAddresses)
            autoReplies.get(key(row.officeId, address))?.push(row.createdAt);
        }
      }
      // A number for each message that may open an enquiry and is not already known to be a
      // duplicate or a reply. A reply to a message of the same batch leaves its number unused: a
      // gap in the references, as a rolled-back transaction leaves one.
      const wanted = keys.filter(
        (k) =>
          k.mayOpen &&
          !(k.messageId && incoming.get(key(k.officeId, k.messageId))) &&
          !k.references.some((r) => threads.get(key(k.officeId, r))) &&
          !(k.subjectReference && byReference.get(key(k.officeId, k.subjectReference))),
      ).length;
      const more = wanted - serials.length;
      if (more > 0) {
        const rows = await queryRows<{ n: string }>(
          tx,
          sql`select nextval('enquiry_reference_seq')::text as n from generate_series(1, ${more}::int) order by 1`,
        );
        serials.push(...rows.map((row) => BigInt(row.n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      }
    },

    async storedIncoming(officeId, messageId) {
      const mine = written.get(key(officeId, messageId));
      if (mine && mine.direction === "in") return { enquiryId: mine.enquiryId, reference: mine.reference };
      const at = key(officeId, messageId);
      if (incoming.has(at)) return incoming.get(at) ?? null;
      const [row] = await tx
        .select({ enquiryId: enquiryMessages.enquiryId, reference: enquiries.reference })
        .from(enquiryMessages)
        .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
        .where(
          and(
            eq(enquiryMessages.officeId, officeId),
            eq(enquiryMessages.direction, "in"),
            eq(enquiryMessages.messageId, messageId),
          ),
        );
      return row ?? null;
    },

    async threadOf(officeId, messageIds) {
      if (messageIds.length === 0) return null;
      // Rows written by this batch are the newest of all: they are looked at first, the last first.
      for (let i = messageIds.length - 1; i >= 0; i--) {
        const mine = written.get(key(officeId, messageIds[i]!));
        const enquiry = mine ? current.get(mine.enquiryId) : undefined;
        if (enquiry) return { enquiry, messageId: messageIds[i]! };
      }
      let best: { enquiry: Enquiry; createdAt: Date; messageId: string } | null = null;
      const unknown: string[] = [];
      for (const messageId of messageIds) {
        const at = key(officeId, messageId);
        if (!threads.has(at)) {
          unknown.push(messageId);
          continue;
        }
        const found = threads.get(at);
        if (found && (!best || best.createdAt < found.createdAt)) best = { ...found, messageId };
      }
      if (unknown.length > 0) {
        const [row] = await tx
          .select({
            enquiry: enquiries,
            messageId: enquiryMessages.messageId,
            createdAt: enquiryMessages.createdAt,
          })
          .from(enquiryMessages)
          .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
          .where(and(eq(enquiryMessages.officeId, officeId), inArray(enquiryMessages.messageId, unknown)))
          .orderBy(sql`${enquiryMessages.createdAt} desc`)
          .limit(1);
        if (row && (!best || best.createdAt < row.createdAt)) {
          best = { enquiry: row.enquiry, createdAt: row.createdAt, messageId: row.messageId! };
        }
      }
      return best ? { enquiry: latest(best.enquiry), messageId: best.messageId } : null;
    },

    async enquiryByReference(officeId, reference) {
      for (const enquiry of current.values()) {
        if (enquiry.reference === reference && enquiry.officeId === officeId) return enquiry;
      }
      const at = key(officeId, reference);
      if (byReference.has(at)) {
        const found = byReference.get(at);
        return found ? latest(found) : null;
      }
      const [row] = await tx
        .select()
        .from(enquiries)
        .where(and(eq(enquiries.reference, reference), eq(enquiries.officeId, officeId)));
      return row ? latest(row) : null;
    },

    async matchFile(officeId, fields) {
      const fileNumber = fields.fileNumber?.value;
      if (fileNumber) {
        const at = key(officeId, fileNumber);
        const known = fileNumbers.has(at)
          ? fileNumbers.get(at)
          : await findFileByNumber(tx, officeId, fileNumber);
        if (known) return known;
      }
      const uci = fields.uci?.value;
      if (uci) {
        const known = ucis.get(uci);
        if (known) {
          const client = known.find((c) => c.offices.has(officeId));
          if (client) return { clientId: client.id, applicationId: null };
        } else {
          const clientId = await findClientByUci(tx, officeId, uci);
          if (clientId) return { clientId, applicationId: null };
        }
      }
      return { clientId: null, applicationId: null };
    },

    async recentAutoReplies(officeId, address) {
      const at = key(officeId, address);
      const mine = repliesTo.get(at) ?? [];
      const known = autoReplies.get(at);
      if (known) return [...known, ...mine];
      return [...(await findRecentAutoReplies(tx, officeId, address, now)), ...mine];
    },

    async takeSerial() {
      const next = serials.shift();
      if (next !== undefined) return next;
      const [row] = await queryRows<{ n: string }>(
        tx,
        sql`select nextval('enquiry_reference_seq')::text as n`,
      );
      return BigInt(row!.n);
    },

    sentInBatch(messageId) {
      return outgoing.has(messageId.toLowerCase());
    },

    addEnquiry(enquiry) {
      created.push(enquiry);
      current.set(enquiry.id, enquiry);
    },

    changeEnquiry(enquiry) {
      current.set(enquiry.id, enquiry);
      const index = created.findIndex((e) => e.id === enquiry.id);
      if (index >= 0) created[index] = enquiry;
      else changed.set(enquiry.id, enquiry);
    },

    addEdoc(row) {
      newEdocs.push(row);
    },

    addMessage(row, enquiry) {
      newMessages.push(row);
      if (!current.has(enquiry.id)) current.set(enquiry.id, enquiry);
      if (row.messageId) {
        written.set(key(row.officeId, row.messageId), {
          enquiryId: enquiry.id,
          reference: enquiry.reference,
          direction: row.direction,
        });
        if (row.direction === "out") outgoing.add(row.messageId.toLowerCase());
      }
      if (row.direction === "out" && row.automatic && row.status !== "suppressed") {
        for (const address of row.toAddresses) {
          const at = key(row.officeId, address);
          repliesTo.set(at, [...(repliesTo.get(at) ?? []), now]);
        }
      }
    },

    async flush() {
      const enquiryRows = created;
      const edocRows = newEdocs;
      const messageRows = newMessages;
      const updates = [...changed.values()];
      created = [];
      newEdocs = [];
      newMessages = [];
      changed = new Map();
      // The enquiries, their eDocs and their thread rows in one statement; foreign keys are
      // checked at its end, when all three are written.
      const writes: SQL[] = [];
      if (enquiryRows.length > 0) {
        // created_at and updated_at as the database sets them: the transaction's moment.
        writes.push(
          tx
            .insert(enquiries)
            .values(enquiryRows.map(({ createdAt: _c, updatedAt: _u, ...row }) => row))
            .getSQL(),
        );
      }
      if (edocRows.length > 0) writes.push(tx.insert(edocs).values(edocRows).getSQL());
      if (messageRows.length > 0) {
        const rows = await queryRows<{ id: string }>(
          tx,
          sql`${sql.join(
            writes.map((write, i) => sql`${i === 0 ? sql`with ` : sql`, `}${sql.raw(`w${i}`)} as (${write})`),
            sql``,
          )} ${tx.insert(enquiryMessages).values(messageRows).onConflictDoNothing().returning({ id: enquiryMessages.id }).getSQL()}`,
        );
        if (rows.length < messageRows.length) {
          // Another process stored one of these Message-IDs meanwhile: the batch is rolled back and
          // each message processed again alone, when the duplicate check will see it.
          throw new AppError("conflict", "an enquiry message was stored meanwhile; processing it again");
        }
      } else {
        for (const write of writes) await tx.execute(write);
      }
      if (updates.length > 0) await updateEnquiries(tx, updates);
    },

    forget() {
      incoming = new Map();
      threads = new Map();
      byReference = new Map();
      fileNumbers = new Map();
      ucis = new Map();
      autoReplies = new Map();
      current = new Map();
      written = new Map();
      outgoing = new Set();
      repliesTo = new Map();
      // Numbers already taken (`serials`) stay: they are used before any new one.
    },
  };
  return batch;
}

function categoryRule(row: typeof enquiryCategoryRules.$inferSelect): CategoryRule {
  return {
    category: row.category as EnquiryCategory,
    queue: row.queue as EnquiryQueue,
    en: row.phrasesEn,
    fr: row.phrasesFr,
  };
}

function unique(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/** The changed enquiries' state, clock, fields and file, in one statement. */
async function updateEnquiries(tx: Tx, rows: readonly Enquiry[]): Promise<void> {
  const column = (values: unknown[], type: string): SQL => sql`${sql.param(values)}::${sql.raw(type)}[]`;
  await tx.execute(sql`update ${enquiries} as e
       set state = v.state, sla_pauses = v.sla_pauses, response_due_at = v.response_due_at,
           fields = v.fields, missing_fields = v.missing_fields, client_id = v.client_id,
           application_id = v.application_id, updated_at = v.updated_at
      from unnest(${column(
        rows.map((r) => r.id),
        "uuid",
      )}, ${column(
        rows.map((r) => r.state),
        "text",
      )}, ${column(
        rows.map((r) => JSON.stringify(r.slaPauses)),
        "jsonb",
      )}, ${column(
        rows.map((r) => r.responseDueAt?.toISOString() ?? null),
        "timestamptz",
      )}, ${column(
        rows.map((r) => JSON.stringify(r.fields)),
        "jsonb",
      )}, ${column(
        rows.map((r) => JSON.stringify(r.missingFields)),
        "jsonb",
      )}, ${column(
        rows.map((r) => r.clientId),
        "uuid",
      )}, ${column(
        rows.map((r) => r.applicationId),
        "uuid",
      )}, ${column(
        rows.map((r) => r.updatedAt.toISOString()),
        "timestamptz",
      )})
        as v(id, state, sla_pauses, response_due_at, fields, missing_fields, client_id, application_id, updated_at)
     where e.id = v.id`);
}
