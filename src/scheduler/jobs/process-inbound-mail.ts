import { processInboundMail } from "../../correspondence/process-inbound-message.ts";
import type { ScheduledJob } from "../scheduler.ts";

/**
 * Every few seconds: inbound mail left unprocessed (stored before a crash, or while no mail process
 * listened) is processed. Mail is normally processed as it arrives (`registerInboundProcessing`);
 * this is the safety net, and `processed_at` with the row lock keeps the two from acting twice.
 */
export const processInboundMailJob: ScheduledJob = {
  name: "process-inbound-mail",
  everyMs: 5_000,
  run: async (db) => {
    await processInboundMail(db);
  },
};
