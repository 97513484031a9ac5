import { open } from "node:fs/promises";
import { classifyMessage, MAX_CLASSIFIED_BYTES } from "../../mail/classify-message.ts";
import type { CliCommand } from "../command.ts";

/**
 * The bytes classification reads (see MAX_CLASSIFIED_BYTES): a 30 MB bounce is not read whole
 * to look at its first 2 MB. One more byte tells the classifier the file went on.
 */
async function readHead(file: string): Promise<Buffer> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > MAX_CLASSIFIED_BYTES) break;
    }
    return Buffer.concat(chunks).subarray(0, MAX_CLASSIFIED_BYTES + 1);
  }
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(MAX_CLASSIFIED_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

export const mailClassifyCommand: CliCommand = {
  path: ["mail", "classify"],
  summary:
    "say whether saved messages are bounces, delays, complaints or automatic replies (one JSON line each)",
  usage: [
    "dossier mail classify FILE… (- reads standard input)",
    "",
    'Prints one line per file: {"file","kind","recipients":[{"address","status","permanent"}],',
    '"correspondenceId","originalMessageId","reason"}. kind is bounce, delay, complaint, auto-reply or other.',
    "Exit 0 when every file was read, 2 when a file could not be read (the others are still classified).",
  ].join("\n"),
  async run(args) {
    if (args.length === 0) {
      console.error(
        `dossier mail classify: name at least one message file.\nUsage: ${mailClassifyCommand.usage}`,
      );
      return 2;
    }
    let unreadable = 0;
    for (const file of args) {
      let raw: Buffer;
      try {
        raw = await readHead(file);
      } catch (error) {
        unreadable++;
        const why =
          (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
        console.error(`dossier mail classify: cannot read ${file}: ${why}`);
        continue;
      }
      const c = await classifyMessage(raw);
      console.log(
        JSON.stringify({
          file,
          kind: c.kind,
          recipients: c.recipients.map((r) => ({
            address: r.address,
            status: r.status,
            permanent: r.permanent,
          })),
          correspondenceId: c.correspondenceId,
          originalMessageId: c.originalMessageId,
          reason: c.reason,
        }),
      );
    }
    return unreadable > 0 ? 2 : 0;
  },
};
