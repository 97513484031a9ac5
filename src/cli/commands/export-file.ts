import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { sha256Hex } from "../../edocs/store-blob.ts";
import { exportFile } from "../../file-export/export-file.ts";
import {
  actorFromFlag,
  type CliCommand,
  onePositional,
  openConfiguredDatabase,
  parseFlags,
  requireAsFlag,
  requireFlag,
} from "../command.ts";

const USAGE_LINE = "dossier export-file UCI|FILE_NUMBER --out DIR --as EMAIL [--lang en|fr]";
const USAGE = [
  USAGE_LINE,
  "",
  "Writes to DIR the client's file as the applicant would receive it in answer to an access request:",
  "file-<FILE_NUMBER>.pdf and file-<FILE_NUMBER>.json for one application, client-<UCI>.pdf and",
  "client-<UCI>.json for a client with every application of your offices. Restricted notes are",
  "withheld with a marker naming the exemption. In the file's language unless --lang is given.",
  "--as is required: releasing a file is a disclosure of personal information, made by a named",
  "person of the office that holds it, and recorded in the audit trail.",
].join("\n");

export const exportFileCommand: CliCommand = {
  path: ["export-file"],
  summary: "write a client's whole file (PDF and JSON), as released in answer to an access request",
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseFlags(args, {
      out: { type: "string" },
      as: { type: "string" },
      lang: { type: "string" },
    });
    const target = onePositional(positionals, "UCI or file number", USAGE_LINE);
    const out = requireFlag(values.out, "out", "the directory to write to");
    const as = requireAsFlag(values.as);
    const database = await openConfiguredDatabase();
    try {
      const actor = await actorFromFlag(database.db, as);
      const { files, facts } = await exportFile(database.db, actor, {
        target,
        ...(values.lang === undefined ? {} : { lang: values.lang as "en" | "fr" }),
      });
      const dir = resolve(out);
      await mkdir(dir, { recursive: true });
      for (const file of files) {
        const path = join(dir, file.name);
        await writeFile(path, file.bytes);
        console.log(`${path}  ${file.bytes.byteLength} bytes  sha256 ${sha256Hex(file.bytes)}`);
      }
      console.log(
        `${facts.applications.length} application(s); ${facts.withheldNotes} restricted note(s) withheld`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
