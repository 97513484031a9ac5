import { pollImapMailbox } from "../../mail/imap-poller.ts";
import type { ImapMailboxSettings } from "../../server/config.ts";
import type { ScheduledJob } from "../scheduler.ts";

/**
 * Every `IMAP_POLL_MS`: one office mailbox on another mail server is read and what arrived is
 * stored. Claimed per period like every scheduled job, so however many mail processes run, one
 * polls a mailbox at a time (two at once would only fetch twice; storage keeps one copy).
 */
export function pollImapMailboxJob(settings: ImapMailboxSettings, everyMs: number): ScheduledJob {
  return {
    name: `poll-imap:${settings.officeCode}${settings.address === "manager" ? ":manager" : ""}`,
    everyMs,
    run: async (db) => {
      await pollImapMailbox(db, settings);
    },
  };
}
