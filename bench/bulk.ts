/**
 * Bulk correspondence by email, end to end: a bulk job of N template letters, then dispatchers until
 * every row is sent, to an SMTP sink on loopback that accepts and discards. Beside it, in the same
 * run, the raw limit: nodemailer alone sending N pre-composed messages to the same sink, no database.
 * The machine is shared and noisy, so each path runs `--rounds` times, each round measuring the raw
 * limit right before its own dispatch; the report gives every round and the medians, with the
 * ratio taken round by round.
 *
 *   npm run bench -- bulk [--letters N] [--pglite-letters M] [--db pglite|postgres|both]
 *                         [--workers W] [--in-flight F] [--batch B] [--record-every R] [--rounds R] [--seed S]
 *
 * The server database is BENCH_DATABASE_URL's server with the database name `dossier_bench_bulk`,
 * dropped and created again on each run; PGlite lives in a fresh temporary directory. Results are
 * appended to bench/RESULTS.md.
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { verifyAuditChain } from "../src/audit/verify-audit-chain.ts";
import { createBulkJob } from "../src/bulk/create-bulk-job.ts";
import { composeCorrespondenceEmail, startDispatcher } from "../src/correspondence/dispatcher.ts";
import { type Database, openDatabase, queryRows } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { generateData } from "../src/generate/generate-data.ts";
import { listOffices } from "../src/offices/find-office.ts";
import { SYSTEM_ACTOR } from "../src/users/actor.ts";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dossier_bench";
const BULK_DATABASE = "dossier_bench_bulk";
const TARGET_EMAILS_PER_S = 1000;
const RESULTS_FILE = fileURLToPath(new URL("./RESULTS.md", import.meta.url));

/** The SMTP sink: accepts every message, keeps only its size and Message-ID. */
interface Sink {
  port: number;
  messages: number;
  bytes: number;
  messageIds: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

interface RoundResult {
  rawPerSecond: number;
  rawAvgBytes: number;
  bulkMs: number;
  dispatchMs: number;
  p50LatencyS: number;
  p95LatencyS: number;
  sent: number;
  withEdoc: number;
  sinkMessages: number;
  sinkBytes: number;
  duplicateIds: number;
}

interface PathResult {
  kind: "postgres" | "pglite";
  letters: number;
  version: string;
  generateMs: number;
  rounds: RoundResult[];
  chain: string;
}

export async function run(args: string[]): Promise<void> {
  const values = parseFlags(args);
  const letters = whole(values.letters, "--letters");
  const pgliteLetters = values["pglite-letters"]
    ? whole(values["pglite-letters"], "--pglite-letters")
    : letters;
  const workers = Math.max(1, whole(values.workers, "--workers"));
  const inFlight = Math.max(1, whole(values["in-flight"], "--in-flight"));
  const batch = Math.max(1, whole(values.batch, "--batch"));
  const recordEvery = Math.max(1, whole(values["record-every"], "--record-every"));
  const rounds = Math.max(1, whole(values.rounds, "--rounds"));
  const dispatch = { workers, inFlight, batch, recordEvery, rounds };
  const seed = whole(values.seed, "--seed");
  const which = values.db;
  if (!["pglite", "postgres", "both"].includes(which)) {
    console.error("--db: must be pglite, postgres or both");
    process.exit(2);
  }
  const window = workers * inFlight;
  // Every message in flight holds a connection for its recordSent transaction; a claim needs one more.
  process.env.DOSSIER_DB_POOL ??= String(window + workers + 2);
  const loadAtStart = loadavg();
  const sink = await startSink();

  const results: PathResult[] = [];
  if (which === "postgres" || which === "both") {
    const url = new URL(process.env.BENCH_DATABASE_URL ?? DEFAULT_URL);
    url.pathname = `/${BULK_DATABASE}`;
    const database = await freshServerDatabase(url.toString());
    try {
      results.push(await realPath(database, sink, letters, seed, dispatch));
    } finally {
      await database.close();
    }
  }
  if (which === "pglite" || which === "both") {
    const dir = mkdtempSync(join(tmpdir(), "dossier-bench-bulk-"));
    const database = await openDatabase({ dataDir: dir });
    try {
      await migrate(database.db);
      results.push(await realPath(database, sink, pgliteLetters, seed, dispatch));
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await sink.close();

  const report = formatReport({
    args,
    letters,
    ...dispatch,
    results,
    loadAtStart,
    loadAtEnd: loadavg(),
  });
  console.log(report);
  if (!existsSync(RESULTS_FILE)) {
    writeFileSync(
      RESULTS_FILE,
      "# Benchmark results\n\nEach section is appended by `npm run bench -- NAME`; the newest is last.\n",
    );
  }
  appendFileSync(RESULTS_FILE, `\n${report}`);
  console.error(`Appended to ${RESULTS_FILE}`);
  const failed = results.some(
    (r) =>
      !r.chain.startsWith("intact") ||
      r.rounds.some(
        (x) =>
          x.sent !== r.letters ||
          x.withEdoc !== r.letters ||
          x.duplicateIds > 0 ||
          x.sinkMessages !== r.letters,
      ),
  );
  if (failed) process.exitCode = 1;
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        letters: { type: "string", default: "20000" },
        "pglite-letters": { type: "string" },
        db: { type: "string", default: "both" },
        workers: { type: "string", default: "2" },
        "in-flight": { type: "string", default: "32" },
        batch: { type: "string", default: "512" },
        "record-every": { type: "string", default: "50" },
        rounds: { type: "string", default: "3" },
        seed: { type: "string", default: "1" },
      },
    }).values;
  } catch (error) {
    console.error(
      `${(error as Error).message}\nUsage: npm run bench -- bulk [--letters N] [--pglite-letters M] [--db pglite|postgres|both] [--workers W] [--in-flight F] [--batch B] [--record-every R] [--rounds R] [--seed S]`,
    );
    process.exit(2);
  }
}

function whole(value: string | undefined, flag: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) {
    console.error(`${flag}: must be a whole number, 0 or more`);
    process.exit(2);
  }
  return number;
}

async function startSink(): Promise<Sink> {
  const sink = {
    port: 0,
    messages: 0,
    bytes: 0,
    messageIds: new Map<string, number>(),
    reset() {
      sink.messages = 0;
      sink.bytes = 0;
      sink.messageIds.clear();
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    name: "sink.dossier.invalid",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (head.length < 8192 && !head.includes("\r\n\r\n")) head += chunk.toString("latin1", 0, 8192);
      });
      stream.on("end", () => {
        sink.messages += 1;
        sink.bytes += bytes;
        const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? "(none)";
        sink.messageIds.set(id, (sink.messageIds.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return sink;
}

type RawMessage = { envelope: { from: string; to: string[] }; raw: Buffer };

/** N personalised messages like the real ones, composed once for every round of the raw limit. */
async function composeRaw(letters: number): Promise<RawMessage[]> {
  const messages: RawMessage[] = [];
  for (let i = 0; i < letters; i++) {
    const address = `client.${i}@example.com`;
    const raw = await composeCorrespondenceEmail({
      address,
      subject: `Approval of your application — file B${String(100000000 + i)}`,
      bodyText: `Dear Client ${i},\n\nWe are pleased to inform you that your application, file B${String(
        100000000 + i,
      )}, has been approved.\n\nNext steps: Send us your passport.\n\n${"Please keep this letter for your records. ".repeat(
        12,
      )}\n\nImmigration office\n`,
      language: i % 4 === 0 ? "fr" : "en",
      messageId: `<raw-${i}@ottawa.dossier.example>`,
      officeMailbox: "ottawa@dossier.example",
      officeNameEn: "Ottawa office",
      officeNameFr: "Bureau d'Ottawa",
    });
    messages.push({ envelope: { from: "ottawa@dossier.example", to: [address] }, raw });
  }
  return messages;
}

/** The raw limit: nodemailer alone sends the messages, `window` at a time over a pool, to the sink. */
async function sendRaw(sink: Sink, messages: RawMessage[], window: number) {
  sink.reset();
  const transport = createTransport({
    url: `smtp://127.0.0.1:${sink.port}`,
    pool: true,
    maxConnections: window,
  });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < messages.length) await transport.sendMail(messages[next++]!);
  };
  await Promise.all(Array.from({ length: window }, worker));
  const ms = performance.now() - started;
  transport.close();
  const result = {
    perSecond: (messages.length * 1000) / ms,
    avgBytes: sink.messages ? sink.bytes / sink.messages : 0,
  };
  if (sink.messages !== messages.length)
    throw new Error(`raw limit: ${sink.messages} of ${messages.length} arrived`);
  sink.reset();
  return result;
}

async function freshServerDatabase(url: string): Promise<Database> {
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${BULK_DATABASE} with (force)`);
    await admin.query(`create database ${BULK_DATABASE}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url });
  await migrate(database.db);
  return database;
}

async function realPath(
  database: Database,
  sink: Sink,
  letters: number,
  seed: number,
  dispatch: { workers: number; inFlight: number; batch: number; recordEvery: number; rounds: number },
): Promise<PathResult> {
  const db = database.db;
  const label = database.kind;
  const [version] = await queryRows<{ v: string }>(db, sql`select current_setting('server_version') as v`);

  // Offices first (a fresh database gets the default set), then every client in the first office.
  // About three clients in four have an email with consent: generate half as many again and pick.
  let started = performance.now();
  await generateData(db, { clients: 1, applications: 0, seed });
  const office = (await listOffices(db))[0]!;
  const clients = Math.ceil(letters * 1.5) + 100;
  console.error(`${label}: generating ${clients} clients and applications in ${office.code} …`);
  await generateData(db, {
    clients,
    applications: clients,
    seed,
    officeCode: office.code,
    writers: database.kind === "postgres" ? 2 : 1,
  });
  const generateMs = performance.now() - started;
  const picked = await queryRows<{ fileNumber: string }>(
    db,
    sql`select a.file_number as "fileNumber" from applications a
        where a.office_id = ${office.id} and exists (
          select 1 from contact_details cd where cd.client_id = a.client_id and cd.kind = 'email'
            and cd.consent_source is not null and cd.superseded_at is null)
        order by a.file_number limit ${letters}`,
  );
  if (picked.length < letters) throw new Error(`only ${picked.length} applications with email consent`);

  const window = dispatch.workers * dispatch.inFlight;
  const rawMessages = await composeRaw(letters);
  // One discarded pass first: the SMTP code of both sides is compiled before anything is timed.
  await sendRaw(sink, rawMessages.slice(0, 2_000), window);
  const rounds: RoundResult[] = [];
  for (let round = 1; round <= dispatch.rounds; round++) {
    // The baseline of this round, measured right before it, under the same load.
    const raw = await sendRaw(sink, rawMessages, window);
    console.error(`${label} round ${round}: raw limit ${Math.round(raw.perSecond)} emails/s; bulk job …`);
    started = performance.now();
    // The same applications each round: every job is a new mailing with its own rows.
    const created = await createBulkJob(db, SYSTEM_ACTOR, {
      officeCode: office.code,
      // Bulk jobs send no decision letter (only recording a decision does): a free-text letter.
      templateId: "free-text",
      values: { subject: "Your application", body: "Send us your passport and two photographs." },
      fileNumbers: picked.map((row) => row.fileNumber),
      fileName: `bench-round-${round}.csv`,
    });
    const bulkMs = performance.now() - started;
    if (created.email !== letters) throw new Error(`${created.email} email rows of ${letters}`);

    sink.reset();
    started = performance.now();
    const dispatchers = Array.from({ length: dispatch.workers }, () =>
      startDispatcher({
        db,
        smtpUrl: `smtp://127.0.0.1:${sink.port}`,
        pollMs: 3_600_000,
        inFlight: dispatch.inFlight,
        batchSize: dispatch.batch,
        recordEvery: dispatch.recordEvery,
      }),
    );
    await Promise.all(dispatchers.map((d) => d.drain()));
    const dispatchMs = performance.now() - started;
    await Promise.all(dispatchers.map((d) => d.stop()));
    console.error(
      `${label} round ${round}: ${letters} sent in ${(dispatchMs / 1000).toFixed(1)} s (${Math.round(
        (letters * 1000) / dispatchMs,
      )} emails/s)`,
    );

    const [check] = await queryRows<{ sent: number; withEdoc: number; p50: number; p95: number }>(
      db,
      sql`select count(*) filter (where c.status = 'sent')::int as sent,
            count(*) filter (where exists (select 1 from edocs e where e.correspondence_id = c.id
              and e.kind = 'sent-email'))::int as "withEdoc",
            (percentile_cont(0.5) within group (order by extract(epoch from c.sent_at - c.created_at)))::float8 as p50,
            (percentile_cont(0.95) within group (order by extract(epoch from c.sent_at - c.created_at)))::float8 as p95
          from correspondence c where c.bulk_job_id = ${created.job.id}`,
    );
    rounds.push({
      rawPerSecond: raw.perSecond,
      rawAvgBytes: raw.avgBytes,
      bulkMs,
      dispatchMs,
      p50LatencyS: Number(check?.p50),
      p95LatencyS: Number(check?.p95),
      sent: check?.sent ?? 0,
      withEdoc: check?.withEdoc ?? 0,
      sinkMessages: sink.messages,
      sinkBytes: sink.bytes,
      duplicateIds: [...sink.messageIds.values()].filter((n) => n > 1).length,
    });
  }
  const verdict = await verifyAuditChain(db);
  return {
    kind: database.kind,
    letters,
    version: version?.v ?? "?",
    generateMs,
    rounds,
    chain: verdict.intact
      ? `intact (${verdict.events.toLocaleString("en-CA")} events)`
      : `BROKEN at ${verdict.brokenAt}: ${verdict.reason}`,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function formatReport(r: {
  args: string[];
  letters: number;
  workers: number;
  inFlight: number;
  batch: number;
  recordEvery: number;
  rounds: number;
  results: PathResult[];
  loadAtStart: number[];
  loadAtEnd: number[];
}): string {
  const n = (value: number) => Math.round(value).toLocaleString("en-CA");
  const load = (l: number[]) => l.map((v) => v.toFixed(1)).join(" / ");
  const server = r.results.find((x) => x.kind === "postgres");
  const lite = r.results.find((x) => x.kind === "pglite");
  const window = r.workers * r.inFlight;
  const perSecond = (x: PathResult, round: RoundResult) => (x.letters * 1000) / round.dispatchMs;
  const lines = [
    `## Bulk email, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Command: \`npm run bench -- bulk${r.args.length > 0 ? ` ${r.args.join(" ")}` : ""}\``,
    "",
    `- Machine: ${availableParallelism()} CPUs (nproc), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, load average (1/5/15 min) ${load(
      r.loadAtStart,
    )} at the start and ${load(r.loadAtEnd)} at the end (other work shares the machine)`,
    `- Node ${process.version}${server ? `, PostgreSQL ${server.version} (server, same machine, database ${BULK_DATABASE} recreated)` : ""}${
      lite ? `, PGlite (PostgreSQL ${lite.version}, temporary directory)` : ""
    }; pool of ${process.env.DOSSIER_DB_POOL} connections`,
    "- SMTP sink: `smtp-server` on loopback in the same process, accepts and discards (counts bytes and Message-IDs)",
    `- Dispatch: ${r.workers} dispatchers (\`startDispatcher\` + \`drain\`, one process) × \`inFlight\` ${r.inFlight} = ${window} messages at once, ${r.batch} rows claimed per pass, outcomes recorded ${r.recordEvery} to a transaction (so at most ${r.batch} per dispatcher sent but not yet recorded at any moment)`,
    `- Raw limit: nodemailer alone, one pooled transport with ${window} connections and ${window} sends in flight, the same number of pre-composed messages, no database; measured again right before each round's dispatch`,
    `- Each round: a new bulk job (template \`free-text\` with a subject and a body, a \`fileNumbers\` list of the same applications, whose clients have a current email with consent, one office), then the dispatchers until every row is sent; ${r.rounds} rounds per path`,
    "",
    "| path | round | letters | raw limit (emails/s) | bulk job (s) | bulk job rows/s | dispatch (s) | emails/s | vs raw limit | created→sent p50 (s) | created→sent p95 (s) | sent | with eDoc | at sink | duplicate Message-IDs |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const x of r.results) {
    const name = x.kind === "postgres" ? "PostgreSQL server" : "PGlite";
    x.rounds.forEach((round, i) => {
      const rate = perSecond(x, round);
      lines.push(
        `| ${name} | ${i + 1} | ${n(x.letters)} | ${n(round.rawPerSecond)} | ${(round.bulkMs / 1000).toFixed(1)} | ${n(
          (x.letters * 1000) / round.bulkMs,
        )} | ${(round.dispatchMs / 1000).toFixed(1)} | ${n(rate)} | ${Math.round((100 * rate) / round.rawPerSecond)}% | ${round.p50LatencyS.toFixed(
          1,
        )} | ${round.p95LatencyS.toFixed(1)} | ${n(round.sent)} | ${n(round.withEdoc)} | ${n(round.sinkMessages)} | ${round.duplicateIds} |`,
      );
    });
  }
  lines.push(
    "",
    "Medians over the rounds (the ratio is taken in each round against that round's raw limit):",
    "",
  );
  lines.push(
    "| path | letters | generate data (s) | raw limit | emails/s | vs raw limit | bulk job rows/s | created→sent p95 (s) | audit chain |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const x of r.results) {
    lines.push(
      `| ${x.kind === "postgres" ? "PostgreSQL server" : "PGlite"} | ${n(x.letters)} | ${(x.generateMs / 1000).toFixed(1)} | ${n(
        median(x.rounds.map((round) => round.rawPerSecond)),
      )} | ${n(median(x.rounds.map((round) => perSecond(x, round))))} | ${Math.round(
        100 * median(x.rounds.map((round) => perSecond(x, round) / round.rawPerSecond)),
      )}% | ${n(median(x.rounds.map((round) => (x.letters * 1000) / round.bulkMs)))} | ${median(
        x.rounds.map((round) => round.p95LatencyS),
      ).toFixed(1)} | ${x.chain} |`,
    );
  }
  const sample = r.results[0]?.rounds[0];
  lines.push(
    "",
    `Average message ${sample ? n(sample.rawAvgBytes) : "?"} bytes (raw) and ${
      sample?.sinkMessages ? n(sample.sinkBytes / sample.sinkMessages) : "?"
    } bytes (real). "created→sent" is \`sent_at − created_at\`; every row of a job is created in one transaction, so it is the time from the job's commit (its start) to each send.`,
    "",
  );
  if (server) {
    const rate = median(server.rounds.map((round) => perSecond(server, round)));
    const ratio = median(server.rounds.map((round) => perSecond(server, round) / round.rawPerSecond));
    const meets = rate >= TARGET_EMAILS_PER_S && ratio >= 0.5;
    lines.push(
      `Target (server): ≥ ${n(TARGET_EMAILS_PER_S)} emails/s and ≥ half the raw limit: **${meets ? "met" : "missed"}** at a median of ${n(
        rate,
      )} emails/s, ${Math.round(100 * ratio)}% of the raw limit.`,
      "",
    );
  }
  return lines.join("\n");
}
