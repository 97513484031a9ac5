import { extendResponseDate } from "../../correspondence/extend-response-date.ts";
import { markPaperLetterMailed } from "../../correspondence/mark-paper-letter-mailed.ts";
import { recordManualSend } from "../../correspondence/record-manual-send.ts";
import { resendCorrespondence } from "../../correspondence/resend-correspondence.ts";
import type { Database } from "../../db/database.ts";
import type { Actor } from "../../users/actor.ts";
import {
  actorFromFlag,
  type CliCommand,
  onePositional,
  openConfiguredDatabase,
  parseFlags,
  readFlagFile,
  requireAsFlag,
  requireFlag,
} from "../command.ts";

/**
 * Runs `act` as the user of --as on the configured database and prints its answer as one JSON line,
 * the same as the API's.
 */
async function actAndPrint(as: string, act: (database: Database, actor: Actor) => Promise<unknown>) {
  const database = await openConfiguredDatabase();
  try {
    console.log(JSON.stringify(await act(database, await actorFromFlag(database.db, as))));
    return 0;
  } finally {
    await database.close();
  }
}

const RECORD_MANUAL_USAGE = "dossier correspondence record-manual FILE_NUMBER --file PATH --as EMAIL";

export const correspondenceRecordManualCommand: CliCommand = {
  path: ["correspondence", "record-manual"],
  summary: "record an email sent from Outlook, from its saved .msg or .eml",
  usage: [
    RECORD_MANUAL_USAGE,
    "",
    "Files the saved message as an eDoc on a new outgoing record of the application, sent, to the",
    "recipient and on the date the message gives, as the user of --as. Prints one JSON line: the record,",
    "its eDoc and the warnings to look at (a recipient that is not the address on file, a sender that",
    "is not the office mailbox); each warning is also written to standard error.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, { file: { type: "string" }, as: { type: "string" } });
    const fileNumber = onePositional(positionals, "file number", RECORD_MANUAL_USAGE);
    const path = requireFlag(values.file, "file", "the saved .msg or .eml");
    const as = requireAsFlag(values.as);
    const file = await readFlagFile(path, "file");
    return actAndPrint(as, async (database, actor) => {
      const result = await recordManualSend(database.db, actor, fileNumber, {
        fileName: file.name,
        bytes: file.bytes,
      });
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      return result;
    });
  },
};

const RESEND_USAGE = "dossier correspondence resend CORRESPONDENCE_ID --as EMAIL";

export const correspondenceResendCommand: CliCommand = {
  path: ["correspondence", "resend"],
  summary: "send an undelivered email again, to the address the file holds now",
  usage: [
    RESEND_USAGE,
    "",
    "Queues the email again, once, to the address the file holds now, as the user of --as; refused",
    "while the file holds only the address that bounced. Prints the new correspondence as one JSON line.",
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, { as: { type: "string" } });
    const id = onePositional(positionals, "correspondence id", RESEND_USAGE);
    const as = requireAsFlag(values.as);
    return actAndPrint(as, (database, actor) => resendCorrespondence(database.db, actor, id));
  },
};

const EXTEND_USAGE =
  "dossier correspondence extend CORRESPONDENCE_ID --date YYYY-MM-DD --reason TEXT --as EMAIL";

export const correspondenceExtendCommand: CliCommand = {
  path: ["correspondence", "extend"],
  summary: "move the response date of a request for documents, with the reason",
  usage: [
    EXTEND_USAGE,
    "",
    "Moves the date the client must answer a request for additional documents by (--date, the",
    "responseDate) and records why (--reason) in a note, as the user of --as. Prints one JSON line: the",
    'correspondence, the note and the cancelled "Response overdue" activities.',
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      date: { type: "string" },
      reason: { type: "string" },
      as: { type: "string" },
    });
    const id = onePositional(positionals, "correspondence id", EXTEND_USAGE);
    const input = {
      responseDate: requireFlag(values.date, "date", "the new response date, YYYY-MM-DD"),
      reason: requireFlag(values.reason, "reason", "why the date moves"),
    };
    const as = requireAsFlag(values.as);
    return actAndPrint(as, (database, actor) => extendResponseDate(database.db, actor, id, input));
  },
};

const MAILED_USAGE = "dossier correspondence mailed CORRESPONDENCE_ID --as EMAIL";

export const correspondenceMailedCommand: CliCommand = {
  path: ["correspondence", "mailed"],
  summary: "record a paper letter as mailed",
  usage: [
    MAILED_USAGE,
    "",
    'Records the paper letter as sent by mail, as the user of --as, and completes its "Mail paper',
    'letter" activity. Prints one JSON line: the correspondence and the completed activities.',
  ].join("\n"),
  async run(args) {
    const { values, positionals } = parseFlags(args, { as: { type: "string" } });
    const id = onePositional(positionals, "correspondence id", MAILED_USAGE);
    const as = requireAsFlag(values.as);
    return actAndPrint(as, (database, actor) => markPaperLetterMailed(database.db, actor, id));
  },
};
