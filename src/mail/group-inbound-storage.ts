/**
 * Group commit for inbound mail. Messages handed over at about the same time (by several SMTP
 * sessions, by an IMAP poll) are stored together in one transaction, with one append to the audit
 * chain, instead of queueing one by one for the chain's lock. Each caller's promise resolves only
 * after the transaction that holds its message has committed, so an SMTP 250 or an IMAP flag still
 * follows durable storage (RFC 5321 §6.1: accepting a message is taking responsibility for it).
 *
 * A message that finds fewer than `maxInFlight` transactions under way waits at most `windowMs`
 * for company; one that arrives while they are all under way joins the next one, which starts as
 * soon as one of them commits. When a group's transaction fails, each of its messages is tried again on its own, so
 * one message the database refuses costs the others nothing but the retry.
 */
import type { Db } from "../db/database.ts";
import {
  type InboundDelivery,
  type StoredInboundMessage,
  storeInboundMessages,
} from "./store-inbound-message.ts";

export interface InboundStoreOptions {
  /** How long a message that arrives alone waits for others, in milliseconds. */
  windowMs?: number;
  /** Most messages in one transaction. */
  maxMessages?: number;
  /** Most bytes in one transaction; a larger message is stored alone. */
  maxBytes?: number;
  /**
   * Transactions under way at once: while one waits for the audit chain's lock or its commit, the
   * next writes its rows.
   */
  maxInFlight?: number;
}

export interface InboundStore {
  /** Resolves with the rows stored for this delivery (none when it was already stored), once committed. */
  store(delivery: InboundDelivery): Promise<StoredInboundMessage[]>;
  /** Stores what is waiting, then resolves. */
  drain(): Promise<void>;
}

interface Waiting {
  delivery: InboundDelivery;
  resolve: (rows: StoredInboundMessage[]) => void;
  reject: (error: unknown) => void;
}

const DEFAULTS = { windowMs: 2, maxMessages: 200, maxBytes: 16 * 1024 * 1024, maxInFlight: 2 };

/**
 * @example const store = createInboundStore(db);
 *   const rows = await store.store({ mailboxes, envelopeFrom, envelopeTo, raw, actor }); // committed
 */
export function createInboundStore(db: Db, options: InboundStoreOptions = {}): InboundStore {
  const windowMs = options.windowMs ?? DEFAULTS.windowMs;
  const maxMessages = Math.max(1, options.maxMessages ?? DEFAULTS.maxMessages);
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  let queue: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;
  const maxInFlight = Math.max(1, options.maxInFlight ?? DEFAULTS.maxInFlight);
  let inFlight = 0;
  const committing = new Set<Promise<void>>();

  const take = (): Waiting[] => {
    let bytes = 0;
    let count = 0;
    while (count < queue.length && count < maxMessages) {
      const size = queue[count]!.delivery.raw.byteLength;
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count += 1;
    }
    const group = queue.slice(0, count);
    queue = queue.slice(count);
    return group;
  };

  const run = () => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    while (inFlight < maxInFlight && queue.length > 0) {
      const group = take();
      inFlight += 1;
      const done = commit(db, group).finally(() => {
        inFlight -= 1;
        committing.delete(done);
        // Whatever arrived meanwhile has waited long enough: it goes at once.
        run();
      });
      committing.add(done);
    }
  };

  return {
    store(delivery) {
      return new Promise<StoredInboundMessage[]>((resolve, reject) => {
        queue.push({ delivery, resolve, reject });
        if (inFlight >= maxInFlight) return;
        if (queue.length >= maxMessages || windowMs <= 0) run();
        else timer ??= setTimeout(run, windowMs);
      });
    },
    async drain() {
      run();
      while (committing.size > 0) await Promise.all(committing);
    },
  };
}

async function commit(db: Db, group: Waiting[]): Promise<void> {
  try {
    const stored = await storeInboundMessages(
      db,
      group.map((w) => w.delivery),
    );
    for (const [i, waiting] of group.entries()) waiting.resolve(stored[i] ?? []);
    return;
  } catch (error) {
    if (group.length === 1) {
      group[0]!.reject(error);
      return;
    }
  }
  // The group's transaction was rolled back whole: each message is tried alone.
  for (const waiting of group) {
    try {
      const [stored] = await storeInboundMessages(db, [waiting.delivery]);
      waiting.resolve(stored ?? []);
    } catch (error) {
      waiting.reject(error);
    }
  }
}

const shared = new WeakMap<Db, InboundStore>();

/** The one group commit of this process for a database, shared by the SMTP receiver and IMAP polls. */
export function inboundStoreOf(db: Db): InboundStore {
  let store = shared.get(db);
  if (!store) {
    store = createInboundStore(db);
    shared.set(db, store);
  }
  return store;
}
