import { isAppError } from "../shared/errors.ts";
import type { CliCommand } from "./command.ts";

/**
 * Each module of commands with the words of its commands. A module is imported only when one of
 * its commands runs (or for the help): `dossier recourse` need not load the mail server, the PDF
 * layout and the database drivers to print a few dates.
 */
const MODULES: { paths: string[][]; load: () => Promise<Record<string, unknown>> }[] = [
  { paths: [["demo"]], load: () => import("./commands/demo.ts") },
  { paths: [["serve"]], load: () => import("./commands/serve.ts") },
  { paths: [["migrate"]], load: () => import("./commands/migrate.ts") },
  { paths: [["audit", "verify"]], load: () => import("./commands/audit-verify.ts") },
  { paths: [["users", "add"]], load: () => import("./commands/users-add.ts") },
  { paths: [["apikey", "create"]], load: () => import("./commands/apikey-create.ts") },
  {
    paths: [
      ["offices", "add"],
      ["offices", "list"],
    ],
    load: () => import("./commands/offices.ts"),
  },
  { paths: [["generate"]], load: () => import("./commands/generate.ts") },
  { paths: [["mail", "classify"]], load: () => import("./commands/mail-classify.ts") },
  { paths: [["evidence"]], load: () => import("./commands/evidence.ts") },
  { paths: [["letters", "send"]], load: () => import("./commands/letters.ts") },
  {
    paths: [
      ["bulk", "create"],
      ["bulk", "show"],
      ["bulk", "pause"],
      ["bulk", "resume"],
      ["bulk", "cancel"],
    ],
    load: () => import("./commands/bulk.ts"),
  },
  {
    paths: [
      ["correspondence", "record-manual"],
      ["correspondence", "resend"],
      ["correspondence", "extend"],
      ["correspondence", "mailed"],
    ],
    load: () => import("./commands/correspondence.ts"),
  },
  { paths: [["export-file"]], load: () => import("./commands/export-file.ts") },
  {
    paths: [
      ["access-requests", "add"],
      ["access-requests", "extend"],
      ["access-requests", "complete"],
      ["access-requests", "list"],
    ],
    load: () => import("./commands/access-requests.ts"),
  },
  { paths: [["eta", "import"]], load: () => import("./commands/eta-import.ts") },
  { paths: [["recourse"]], load: () => import("./commands/recourse.ts") },
  { paths: [["identity", "link"]], load: () => import("./commands/identity-link.ts") },
];

function isCliCommand(value: unknown): value is CliCommand {
  return typeof value === "object" && value !== null && "path" in value && "run" in value;
}

/** The commands a module exports, checked against the words listed for it above. */
async function commandsOf(module: (typeof MODULES)[number]): Promise<CliCommand[]> {
  const commands = Object.values(await module.load()).filter(isCliCommand);
  const listed = module.paths.map((path) => path.join(" ")).sort();
  const found = commands.map((command) => command.path.join(" ")).sort();
  if (listed.join("|") !== found.join("|")) {
    throw new Error(`the command list says ${listed.join(", ")}; the module has ${found.join(", ")}`);
  }
  return commands;
}

/** Every command, in the order of the list (loads every module). */
export async function allCommands(): Promise<CliCommand[]> {
  return (await Promise.all(MODULES.map(commandsOf))).flat();
}

/** The command whose words begin `argv`, the longest when several do, loading only its module. */
async function findCommand(argv: string[]): Promise<CliCommand | null> {
  const candidates = MODULES.flatMap((module) =>
    module.paths
      .filter((path) => path.every((word, i) => argv[i] === word))
      .map((path) => ({ module, path })),
  ).sort((a, b) => b.path.length - a.path.length);
  const best = candidates[0];
  if (!best) return null;
  const commands = await commandsOf(best.module);
  return commands.find((command) => command.path.join(" ") === best.path.join(" ")) ?? null;
}

async function help(): Promise<string> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((c) => c.path.join(" ").length));
  return [
    "Usage: dossier COMMAND [options]",
    "",
    ...commands.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`),
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
    console.log(await help());
    return argv.length === 0 ? 2 : 0;
  }
  const command = await findCommand(argv);
  if (!command) {
    console.error(`dossier: unknown command "${argv.join(" ")}"\n\n${await help()}`);
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
