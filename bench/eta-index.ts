/**
 * What keeping the eTA identity index current costs: each use first reads the clients created and
 * merged since the last one (`etaIdentityIndex`). Measures, on a PostgreSQL server, a use with
 * nothing new, a use after another connection created a round of clients, and a use after a round
 * of merges, and checks that each client created is added exactly once.
 *
 *   npm run bench -- eta-index [--clients N] [--rounds R] [--created C] [--merged M] [--fresh]
 *
 * BENCH_DATABASE_URL names the database (created when missing; default dossier_bench_eta_index on
 * the local server). Prints a results section for bench/RESULTS.md.
 */
import { availableParallelism, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { type Database, openDatabase, queryRows } from "../src/db/database.ts";
import { etaIdentityIndex } from "../src/eta/eta-identity-index.ts";
import { generateData } from "../src/generate/generate-data.ts";
import { openBenchDatabase } from "./bench-database.ts";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dossier_bench_eta_index";

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: "string", default: "100000" },
      rounds: { type: "string", default: "5" },
      created: { type: "string", default: "500" },
      merged: { type: "string", default: "100" },
      fresh: { type: "boolean", default: false },
    },
    strict: true,
  });
  const clients = Number(values.clients);
  const rounds = Number(values.rounds);
  const created = Number(values.created);
  const merged = Number(values.merged);
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_URL;
  const loadAtStart = loadavg()[0]!;

  const database = await openBenchDatabase(url, values.fresh);
  // Another process: the web, a CLI import, another server.
  const other = await openDatabase({ url });
  const onFile = await count(database);
  if (onFile < clients) {
    await generateData(other.db, { clients: clients - onFile, applications: 0, seed: 1, writers: 2 });
  }
  await database.db.execute(sql`analyze clients`);

  const started = performance.now();
  const index = await etaIdentityIndex(database.db);
  const loadMs = performance.now() - started;
  const time = async () => {
    const t = performance.now();
    await etaIdentityIndex(database.db);
    return performance.now() - t;
  };

  const idle: number[] = [];
  for (let i = 0; i < 20; i++) idle.push(await time());
  const afterCreate: number[] = [];
  const afterMerge: number[] = [];
  let missed = 0;
  for (let round = 0; round < rounds; round++) {
    const before = index.size;
    await generateData(other.db, { clients: created, applications: 0, seed: 100 + round, writers: 1 });
    afterCreate.push(await time());
    missed += Math.abs(index.size - before - created);
    // Merges as a review decision records them: the newest clients into older ones.
    await other.db.execute(sql`
      update clients c set merged_into_client_id = s.survivor, merged_at = now()
      from (select n.id, (select o.id from clients o where o.merged_into_client_id is null and o.id <> n.id
                          order by o.created_at limit 1 offset ${round}) as survivor
            from clients n where n.merged_into_client_id is null order by n.created_at desc limit ${merged}) s
      where c.id = s.id`);
    afterMerge.push(await time());
  }
  const loadAtEnd = loadavg()[0]!;
  const clientsNow = await count(database);
  const machine = `${availableParallelism()} CPUs, ${Math.round(totalmem() / 2 ** 30)} GB`;
  console.log(
    [
      `### eTA identity index catch-up, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
      "",
      `- Machine: ${machine}; load average ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end (other work running)`,
      `- Data: ${clientsNow.toLocaleString("en-CA")} clients on PostgreSQL at the end; index loaded in ${(loadMs / 1000).toFixed(1)} s`,
      `- A use with nothing new: median ${median(idle).toFixed(1)} ms (20 uses; max ${Math.max(...idle).toFixed(1)} ms)`,
      `- A use after another connection created ${created} clients: median ${median(afterCreate).toFixed(1)} ms (${rounds} rounds); clients added to the index other than once: ${missed}`,
      `- A use after ${merged} merges: median ${median(afterMerge).toFixed(1)} ms (${rounds} rounds)`,
    ].join("\n"),
  );
  await other.close();
  await database.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function count(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from clients`);
  return row?.n ?? 0;
}
