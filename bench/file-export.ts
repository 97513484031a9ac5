/**
 * The client's file export of a long file: an application with many notes (some restricted),
 * letters and assessments, exported as an officer would. Times the whole export (read, audit,
 * PDF, JSON) and the PDF alone, and reports the size of what is released.
 *
 *   npm run bench -- file-export [--notes N] [--letters L] [--activities A] [--runs R]
 *
 * Runs on embedded PGlite in memory, or on BENCH_DATABASE_URL (a fresh database each run).
 */
import { parseArgs } from "node:util";
import { PDFDocument } from "pdf-lib";
import pg from "pg";
import { openDatabase } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";
import { activities, correspondence, notes } from "../src/db/schema.ts";
import { exportFile } from "../src/file-export/export-file.ts";
import { renderFileExportPdf } from "../src/file-export/render-file-export-pdf.ts";
import { seedTwoOffices } from "../test/support/fixtures.ts";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      notes: { type: "string", default: "2000" },
      letters: { type: "string", default: "300" },
      activities: { type: "string", default: "100" },
      runs: { type: "string", default: "5" },
    },
  });
  const counts = {
    notes: Number(values.notes),
    letters: Number(values.letters),
    activities: Number(values.activities),
    runs: Number(values.runs),
  };
  const serverUrl = process.env.BENCH_DATABASE_URL;
  let url: string | undefined;
  if (serverUrl) {
    const name = `dossier_bench_export_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const database = url ? await openDatabase({ url }) : await openDatabase({ dataDir: "memory://" });
  try {
    await migrate(database.db);
    const seed = await seedTwoOffices(database.db);
    const { application, ottawa } = seed;
    const start = Date.parse("2026-01-15T14:00:00Z");
    const at = (i: number) => new Date(start + i * 3_600_000);
    for (let i = 0; i < counts.notes; i += 1000) {
      await database.db.insert(notes).values(
        Array.from({ length: Math.min(1000, counts.notes - i) }, (_, k) => ({
          clientId: application.clientId,
          applicationId: application.id,
          officeId: application.officeId,
          body: `Note ${i + k}: reviewed the documents received on the file and recorded what they show about the applicant's funds, ties and travel history.`,
          restricted: (i + k) % 10 === 0,
          exemption: (i + k) % 10 === 0 ? "law-enforcement" : null,
          authorLabel: ottawa.label,
          createdAt: at(i + k),
        })),
      );
    }
    if (counts.letters > 0)
      await database.db.insert(correspondence).values(
        Array.from({ length: counts.letters }, (_, i) => ({
          applicationId: application.id,
          direction: "out",
          channel: "email",
          status: "sent",
          subject: `Request for documents ${i}`,
          address: "anh.nguyen@example.com",
          language: "fr",
          bodyText:
            "Bonjour,\n\nVeuillez nous envoyer les documents suivants dans les 30 jours.\n\n- relevés bancaires\n- pages du passeport\n\nBureau d'Ottawa",
          createdAt: at(i * 5),
          sentAt: at(i * 5),
        })),
      );
    if (counts.activities > 0)
      await database.db.insert(activities).values(
        Array.from({ length: counts.activities }, (_, i) => ({
          activity: "Eligibility assessment",
          subActivity: `Step ${i}`,
          status: i % 3 === 0 ? "completed" : "in-progress",
          officeId: application.officeId,
          origin: "bench",
          applicationId: application.id,
          clientId: application.clientId,
          createdAt: at(i * 7),
        })),
      );

    const whole: number[] = [];
    const pdfOnly: number[] = [];
    let pages = 0;
    let pdfBytes = 0;
    let jsonBytes = 0;
    for (let r = 0; r < counts.runs; r++) {
      const t0 = performance.now();
      const result = await exportFile(database.db, ottawa, { target: application.fileNumber });
      whole.push(performance.now() - t0);
      const t1 = performance.now();
      await renderFileExportPdf(result.facts);
      pdfOnly.push(performance.now() - t1);
      pdfBytes = result.files[0].bytes.byteLength;
      jsonBytes = result.files[1].bytes.byteLength;
      pages = (await PDFDocument.load(result.files[0].bytes)).getPageCount();
    }
    console.log(
      JSON.stringify({
        database: url ? "postgresql" : "pglite",
        ...counts,
        exportMedianMs: Math.round(median(whole)),
        exportMaxMs: Math.round(Math.max(...whole)),
        pdfMedianMs: Math.round(median(pdfOnly)),
        pages,
        pdfBytes,
        jsonBytes,
      }),
    );
  } finally {
    await database.close();
    if (url && serverUrl) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  }
}
