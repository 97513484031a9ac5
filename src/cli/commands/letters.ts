import { previewLetter, type QueueLetterInput, queueLetter } from "../../correspondence/queue-letter.ts";
import { AppError } from "../../shared/errors.ts";
import {
  actorFromFlag,
  type CliCommand,
  onePositional,
  openConfiguredDatabase,
  parseFlags,
  parseJsonFlag,
  readFlagFile,
  requireAsFlag,
  requireFlag,
} from "../command.ts";

const USAGE = [
  "dossier letters send FILE_NUMBER --template ID [--values JSON | --values-file PATH] --as EMAIL [--preview]",
  "",
  "Queues a letter from a template on the application, as the user of --as, and prints one JSON line:",
  "the correspondence, who it goes to and why, and the letter (the same as POST",
  "/api/v1/applications/{fileNumber}/letters). The recipient and the channel come from the file, never",
  "from the command line. --values is the template's values as a JSON object (--values-file reads it",
  "from a file). --preview renders the letter and its recipient, and writes nothing.",
].join("\n");

export const lettersSendCommand: CliCommand = {
  path: ["letters", "send"],
  summary: "queue a letter from a template on an application, to the address on file",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      template: { type: "string" },
      values: { type: "string" },
      "values-file": { type: "string" },
      as: { type: "string" },
      preview: { type: "boolean" },
    });
    const fileNumber = onePositional(positionals, "file number", USAGE.split("\n")[0]!);
    const input: QueueLetterInput = {
      // The operation's schema names the templates when this is none of them.
      templateId: requireFlag(
        values.template,
        "template",
        "the letter template's id",
      ) as QueueLetterInput["templateId"],
      values: await templateValues(values.values, values["values-file"]),
    };
    const as = requireAsFlag(values.as);
    const database = await openConfiguredDatabase();
    try {
      const actor = await actorFromFlag(database.db, as);
      if (values.preview) {
        const preview = await previewLetter(database.db, actor, fileNumber, input);
        console.log(
          JSON.stringify({
            preview: true,
            templateId: preview.templateId,
            recipient: preview.recipient,
            letter: {
              subject: preview.letter.subject,
              text: preview.letter.text,
              issueDate: preview.letter.issueDate,
            },
            responseDueDate: preview.responseDueDate,
            interviewAt: preview.interviewAt,
          }),
        );
        return 0;
      }
      const queued = await queueLetter(database.db, actor, fileNumber, input);
      console.log(
        JSON.stringify({
          correspondence: queued.correspondence,
          recipient: queued.recipient,
          letter: {
            subject: queued.letter.subject,
            text: queued.letter.text,
            issueDate: queued.letter.issueDate,
          },
          edocId: queued.edocId,
          activityId: queued.activityId,
        }),
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};

/**
 * A template's values from `--values` or `--values-file`, parsed as JSON and otherwise untouched:
 * the operation's schema says what a template accepts. Shared with `dossier bulk create`.
 */
export async function templateValues(text: string | undefined, path: string | undefined): Promise<unknown> {
  if (text !== undefined && path !== undefined) {
    throw new AppError("invalid_input", "--values, --values-file: give one or the other, not both", {
      field: "values",
    });
  }
  if (path !== undefined) {
    const { bytes } = await readFlagFile(path, "values-file");
    return parseJsonFlag(new TextDecoder().decode(bytes), "values-file");
  }
  return text === undefined ? undefined : parseJsonFlag(text, "values");
}
