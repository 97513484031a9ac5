/**
 * Reads an office mailbox that lives on another mail server (an Exchange or Microsoft 365 box, any
 * IMAP server) the way the SMTP receiver takes mail handed to it: each message is stored durably
 * first, and only after the commit is it marked on the server as taken (`\Seen` and the keyword
 * `$DossierStored`, or moved to another folder). A poll that stops anywhere before that mark (a
 * crash, a lost connection, a database that refused the write) leaves the message as it was, so
 * the next poll takes it again; one taken twice is stored once (same Message-ID, or the same
 * UIDVALIDITY and UID, RFC 9051 §2.3.1.1).
 *
 * Protocol only: what a message means is decided by inbound processing, as for SMTP.
 */
import { sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import { type Db, queryRows } from "../db/database.ts";
import type { ImapMailboxSettings } from "../server/config.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { inboundStoreOf } from "./group-inbound-storage.ts";
import { forgetImapAccessToken, imapAccessToken } from "./imap-access-token.ts";
import { MAX_MESSAGE_BYTES } from "./smtp-receiver.ts";
import {
  findOfficeMailbox,
  notifyInboundStored,
  type OfficeMailbox,
  type StoredInboundMessage,
} from "./store-inbound-message.ts";

/** The keyword (RFC 9051 §2.3.2) that marks a message Dossier has stored. */
export const STORED_KEYWORD = "$DossierStored";
/** Marks a message over the size limit, so it is not fetched at every poll; a person must act on it. */
export const TOO_LARGE_KEYWORD = "$DossierTooLarge";

const POLLER: Actor = { ...SYSTEM_ACTOR, label: "imap-poller" };

/** Messages fetched, stored and marked together; a crash costs at most this many fetched again. */
const BATCH = 25;

export interface ImapPollResult {
  /** Messages found waiting in the folder. */
  found: number;
  /** New rows stored (a message already stored is found again but not stored again). */
  stored: number;
  /** Messages marked on the server as taken. */
  marked: number;
  /** Messages over the size limit, marked with `$DossierTooLarge` and left in place. */
  tooLarge: number;
}

/**
 * One poll of one mailbox: every message not yet marked is fetched, stored and marked.
 * Throws when the server or the database fails; what was stored and marked before stays so.
 *
 * @example const result = await pollImapMailbox(db, settings.mailboxes[0]);
 *   // → { found: 3, stored: 3, marked: 3, tooLarge: 0 }
 */
export async function pollImapMailbox(db: Db, settings: ImapMailboxSettings): Promise<ImapPollResult> {
  const mailbox = await officeMailboxOf(db, settings);
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.oauth2
      ? { user: settings.user, accessToken: await imapAccessToken(settings.oauth2) }
      : { user: settings.user, pass: settings.password },
    logger: false,
    // One poll, then logout: IDLE would only keep the connection open in between.
    disableAutoIdle: true,
  });
  // Without a listener, a socket error after connect would be thrown and stop the process.
  client.on("error", (error: Error) => console.error(`imap ${settings.variable}: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    // A refused token may have been revoked before its end: the next poll asks for a new one.
    if (settings.oauth2) forgetImapAccessToken(settings.oauth2);
    throw error;
  }
  const result: ImapPollResult = { found: 0, stored: 0, marked: 0, tooLarge: 0 };
  try {
    if (settings.afterStore.action === "move") await ensureFolder(client, settings.afterStore.folder);
    const lock = await client.getMailboxLock(settings.folder);
    try {
      const selected = client.mailbox;
      if (!selected) throw new Error(`${settings.folder} could not be opened`);
      const uidValidity = String(selected.uidValidity);
      const waiting =
        (await client.search(
          settings.afterStore.action === "flag"
            ? { unKeyword: STORED_KEYWORD, not: { keyword: TOO_LARGE_KEYWORD } }
            : { not: { keyword: TOO_LARGE_KEYWORD } },
          { uid: true },
        )) || [];
      result.found = waiting.length;
      const uids = [...waiting].sort((a, b) => a - b);
      for (let i = 0; i < uids.length; i += BATCH) {
        await takeBatch(db, client, settings, mailbox, uidValidity, uids.slice(i, i + BATCH), result);
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return result;
}

/** The folder stored messages are moved to, created on first use. */
async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const existing = await client.list();
  if (!existing.some((entry) => entry.path === folder)) await client.mailboxCreate(folder);
}

async function officeMailboxOf(db: Db, settings: ImapMailboxSettings): Promise<OfficeMailbox> {
  const [office] = await queryRows<{ mailbox_email: string; manager_email: string | null }>(
    db,
    sql`select mailbox_email, manager_email from offices where code = ${settings.officeCode}`,
  );
  if (!office) throw new Error(`${settings.variable}: no office has the code ${settings.officeCode}`);
  const address = settings.address === "manager" ? office.manager_email : office.mailbox_email;
  const mailbox = address ? await findOfficeMailbox(db, address) : undefined;
  if (!mailbox) {
    throw new Error(
      `${settings.variable}: the office ${settings.officeCode} has no ${settings.address === "manager" ? "manager address (dossier offices add … --manager EMAIL)" : "mailbox"}`,
    );
  }
  return mailbox;
}

async function takeBatch(
  db: Db,
  client: ImapFlow,
  settings: ImapMailboxSettings,
  mailbox: OfficeMailbox,
  uidValidity: string,
  uids: number[],
  result: ImapPollResult,
): Promise<void> {
  const sizes = await client.fetchAll(uids, { uid: true, size: true }, { uid: true });
  const tooLarge = sizes.filter((m) => (m.size ?? 0) > MAX_MESSAGE_BYTES).map((m) => m.uid);
  if (tooLarge.length > 0) {
    console.error(
      `imap ${settings.variable}: ${tooLarge.length} message(s) over ${MAX_MESSAGE_BYTES} bytes left in ${settings.folder}, marked ${TOO_LARGE_KEYWORD} (UIDs ${tooLarge.join(", ")})`,
    );
    await client.messageFlagsAdd(tooLarge, [TOO_LARGE_KEYWORD], { uid: true });
    result.tooLarge += tooLarge.length;
  }
  const wanted = uids.filter((uid) => !tooLarge.includes(uid));
  if (wanted.length === 0) return;
  // BODY.PEEK[] (imapflow's `source`): fetching does not set \Seen; only the mark after the commit does.
  const messages = await client.fetchAll(wanted, { uid: true, source: true }, { uid: true });
  const taken: number[] = [];
  const stored: StoredInboundMessage[] = [];
  // Handed to the group commit together: one transaction for the batch (with whatever the SMTP
  // receiver takes in meanwhile), each message alone again only if that transaction fails.
  const store = inboundStoreOf(db);
  const outcomes = await Promise.allSettled(
    messages.map(async (message) => {
      if (!message.source) return;
      const rows = await store.store({
        mailboxes: [mailbox],
        // IMAP does not say what the envelope was; Return-Path in the header, if any, does.
        envelopeFrom: null,
        envelopeTo: [mailbox.mailbox],
        raw: message.source,
        imapUid: `${uidValidity}:${message.uid}`,
        actor: POLLER,
      });
      stored.push(...rows);
      taken.push(message.uid);
    }),
  );
  try {
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
  } finally {
    // What was committed is marked even when another message of the batch failed.
    if (taken.length > 0) {
      taken.sort((a, b) => a - b);
      if (settings.afterStore.action === "flag") {
        await client.messageFlagsAdd(taken, ["\\Seen", STORED_KEYWORD], { uid: true });
      } else {
        await client.messageMove(taken, settings.afterStore.folder, { uid: true });
      }
      result.marked += taken.length;
    }
    result.stored += stored.length;
    notifyInboundStored(db, stored);
  }
}
