/**
 * `npm run bench -- NAME [options]` runs one benchmark. Each lives in `bench/NAME.ts` and exports
 * `run(args)`; add it to BENCHMARKS below so that it is listed.
 */

interface Benchmark {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<void> }>;
}

const BENCHMARKS: Record<string, Benchmark> = {
  bulk: {
    summary: "bulk job of N email letters sent by dispatchers to an SMTP sink, against raw nodemailer",
    load: () => import("./bulk.ts"),
  },
  enquiries: {
    summary:
      "10,000 emails over SMTP into enquiries (messages/s, 250→visible p95), and the offices dashboard at 1M enquiries",
    load: () => import("./enquiries.ts"),
  },
  eta: {
    summary:
      "100,000 eTA applications through the batch import against 1,000,000 clients on PostgreSQL: applications/s",
    load: () => import("./eta.ts"),
  },
  "eta-index": {
    summary:
      "the eTA identity index brought up to date before each use: ms with nothing new, after clients created and merged elsewhere",
    load: () => import("./eta-index.ts"),
  },
  "file-export": {
    summary:
      "the client's file export of a long file (2,000 notes, 300 letters, 100 assessments): ms, pages, bytes",
    load: () => import("./file-export.ts"),
  },
  identity: {
    summary:
      "identity reconciliation against a known truth at 100,000 × 10,000 and 1,000,000 × 100,000: precision, recall, review share, records/s",
    load: () => import("./identity.ts"),
  },
  search: {
    summary: "client search by UCI, file number and name at 1M clients: HTTP API and database, p50/p95/p99",
    load: () => import("./search.ts"),
  },
};

const [name, ...args] = process.argv.slice(2);
const benchmark = name ? BENCHMARKS[name] : undefined;
if (!benchmark) {
  if (name) console.error(`Unknown benchmark "${name}".\n`);
  console.error("Usage: npm run bench -- NAME [options]\n\nBenchmarks:");
  for (const [key, entry] of Object.entries(BENCHMARKS))
    console.error(`  ${key.padEnd(12)} ${entry.summary}`);
  process.exit(2);
}
await (await benchmark.load()).run(args);
