import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { sha256Hex } from "../../edocs/store-blob.ts";
import { buildApplicationEvidence } from "../../evidence/build-application-evidence.ts";
import { buildEvidencePackage } from "../../evidence/build-evidence-package.ts";
import { AppError } from "../../shared/errors.ts";
import { FILE_NUMBER_PATTERN, normaliseFileNumber } from "../../shared/identifiers.ts";
import { actorFromFlag, type CliCommand, openConfiguredDatabase, parseFlags } from "../command.ts";

const USAGE = [
  "dossier evidence CORRESPONDENCE_ID|FILE_NUMBER --out DIR [--as EMAIL]",
  "",
  "For one sent email (CORRESPONDENCE_ID), writes to DIR: evidence-<id>.pdf (to print for the",
  "court), message-<id>.eml (the archived message, byte for byte; .msg for an email recorded from",
  "Outlook) and evidence-<id>.json (the same facts).",
  "For a whole file (FILE_NUMBER, e.g. V000012345), writes litigation-<file>.pdf (every letter sent,",
  "the address history, then each accepted email's evidence as an exhibit), each archived message,",
  "and litigation-<file>.json.",
  "--as EMAIL acts as that user, with their access; without it the command acts as the system and",
  "the audit trail names the account that ran it.",
].join("\n");

export const evidenceCommand: CliCommand = {
  path: ["evidence"],
  summary: "write the evidence package of a sent email, or of every letter sent on a file, for litigation",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, { out: { type: "string" }, as: { type: "string" } });
    const [correspondenceId, ...extra] = positionals;
    if (!correspondenceId || extra.length > 0)
      throw new AppError(
        "invalid_input",
        `give one correspondence id or file number.\nUsage: ${USAGE.split("\n")[0]}`,
      );
    if (!values.out) throw new AppError("invalid_input", "--out: is required (the directory to write to)");
    const database = await openConfiguredDatabase();
    try {
      const actor = await actorFromFlag(database.db, values.as, "command line");
      const wholeFile = FILE_NUMBER_PATTERN.test(normaliseFileNumber(correspondenceId));
      const { facts, files } = wholeFile
        ? await buildApplicationEvidence(database.db, actor, correspondenceId)
        : await buildEvidencePackage(database.db, actor, correspondenceId);
      const dir = resolve(values.out);
      await mkdir(dir, { recursive: true });
      for (const file of files) {
        const path = join(dir, file.name);
        await writeFile(path, file.bytes);
        console.log(`${path}  ${file.bytes.byteLength} bytes  sha256 ${sha256Hex(file.bytes)}`);
      }
      console.log("");
      for (const sentence of facts.statements.en) console.log(sentence);
      return 0;
    } finally {
      await database.close();
    }
  },
};
