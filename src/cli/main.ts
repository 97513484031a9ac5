import { isAppError } from "../shared/errors.ts";
import type { CliCommand } from "./command.ts";
import {
  accessRequestsAddCommand,
  accessRequestsCompleteCommand,
  accessRequestsExtendCommand,
  accessRequestsListCommand,
} from "./commands/access-requests.ts";
import { apikeyCreateCommand } from "./commands/apikey-create.ts";
import { auditVerifyCommand } from "./commands/audit-verify.ts";
import {
  bulkCancelCommand,
  bulkCreateCommand,
  bulkPauseCommand,
  bulkResumeCommand,
  bulkShowCommand,
} from "./commands/bulk.ts";
import {
  correspondenceExtendCommand,
  correspondenceMailedCommand,
  correspondenceRecordManualCommand,
  correspondenceResendCommand,
} from "./commands/correspondence.ts";
import { demoCommand } from "./commands/demo.ts";
import { etaImportCommand } from "./commands/eta-import.ts";
import { evidenceCommand } from "./commands/evidence.ts";
import { exportFileCommand } from "./commands/export-file.ts";
import { generateCommand } from "./commands/generate.ts";
import { identityLinkCommand } from "./commands/identity-link.ts";
import { lettersSendCommand } from "./commands/letters.ts";
import { mailClassifyCommand } from "./commands/mail-classify.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { officesAddCommand, officesListCommand } from "./commands/offices.ts";
import { recourseCommand } from "./commands/recourse.ts";
import { serveCommand } from "./commands/serve.ts";
import { usersAddCommand } from "./commands/users-add.ts";

export const COMMANDS: CliCommand[] = [
  demoCommand,
  serveCommand,
  migrateCommand,
  auditVerifyCommand,
  usersAddCommand,
  apikeyCreateCommand,
  officesAddCommand,
  officesListCommand,
  generateCommand,
  mailClassifyCommand,
  evidenceCommand,
  lettersSendCommand,
  bulkCreateCommand,
  bulkShowCommand,
  bulkPauseCommand,
  bulkResumeCommand,
  bulkCancelCommand,
  correspondenceRecordManualCommand,
  correspondenceResendCommand,
  correspondenceExtendCommand,
  correspondenceMailedCommand,
  exportFileCommand,
  accessRequestsAddCommand,
  accessRequestsExtendCommand,
  accessRequestsCompleteCommand,
  accessRequestsListCommand,
  etaImportCommand,
  recourseCommand,
  identityLinkCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.join(" ").length));
  return [
    "Usage: dossier COMMAND [options]",
    "",
    ...COMMANDS.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`),
    "",
    "Settings: DATABASE_URL (a PostgreSQL server; default: embedded, in DOSSIER_DATA_DIR or ./.dossier),",
    "SMTP_URL (outgoing mail). `dossier COMMAND --help` shows a command's options.",
  ].join("\n");
}

/**
 * Runs a command and returns the exit code: 0 done, 1 a check failed (e.g. the audit chain is
 * broken), 2 bad input (the message says which flag or field and why), 70 an internal failure.
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "help") {
    console.log(help());
    return argv.length === 0 ? 2 : 0;
  }
  const command = COMMANDS.filter((c) => c.path.every((word, i) => argv[i] === word)).sort(
    (a, b) => b.path.length - a.path.length,
  )[0];
  if (!command) {
    console.error(`dossier: unknown command "${argv.join(" ")}"\n\n${help()}`);
    return 2;
  }
  const args = argv.slice(command.path.length);
  if (args.includes("--help")) {
    console.log(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (isAppError(error) && error.code !== "internal") {
      console.error(`dossier ${command.path.join(" ")}: ${error.message}`);
      return 2;
    }
    console.error(`dossier ${command.path.join(" ")}: internal error`, error);
    return 70;
  }
}
