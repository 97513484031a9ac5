import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createTransport } from "nodemailer";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Db } from "../../src/db/database.ts";
import type { Actor } from "../../src/users/actor.ts";
import type { startSmtpSink } from "../correspondence/smtp-sink.ts";

let files = 0;

/** A new client and application in OTT, with an email given on the application form. */
export async function newFile(
  db: Db,
  officer: Actor,
  options: { email: string; familyName?: string; givenNames?: string; language?: "en" | "fr" },
) {
  files += 1;
  const client = await createClient(db, officer, {
    officeCode: "OTT",
    familyName: options.familyName ?? `Okafor${files}`,
    givenNames: options.givenNames ?? "Marguerite",
    dateOfBirth: "1985-07-30",
    sex: "F",
    countryOfBirth: "NGA",
    citizenships: ["NGA"],
    email: options.email,
    emailConsentSource: "application-form",
    postalAddress: "12 Rue Sainte-Catherine, Montréal QC H2X 1K4",
  });
  const application = await createApplication(db, officer, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "temporary-residence",
    receivedDate: "2026-01-15",
    language: options.language ?? "en",
  });
  return { client, application };
}

/** Queues an email on the file and runs one dispatcher pass against the SMTP sink; returns what the sink got. */
export async function sendThroughDispatcher(
  db: Db,
  officer: Actor,
  sink: Awaited<ReturnType<typeof startSmtpSink>>,
  fileNumber: string,
  subject: string,
) {
  const queued = await queueCorrespondence(db, officer, fileNumber, {
    subject,
    body: `Dear applicant,\n\nPlease send the documents listed below by 2 April 2026.\n\n- bank statements\n- passport pages\n\nOttawa office`,
  });
  const received = await dispatch(db, sink);
  return { queued, received };
}

export async function dispatch(db: Db, sink: Awaited<ReturnType<typeof startSmtpSink>>) {
  const before = sink.received.length;
  const transport = createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
  try {
    await dispatchOnce(db, transport);
  } finally {
    transport.close();
  }
  return sink.received.slice(before);
}

/**
 * A Postfix "User unknown" notice (RFC 3464) for `messageId` sent to `address`, as it would come
 * back to the office mailbox, from the bounces fixture with its identifiers replaced.
 */
export async function postfixBounce(messageId: string, address: string): Promise<Buffer> {
  const template = await readFile(
    new URL("../fixtures/bounces/postfix-user-unknown.eml", import.meta.url),
    "latin1",
  );
  return Buffer.from(
    template
      .replaceAll("<3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42@dossier.test>", messageId)
      .replaceAll("m.okafor@example.com", address)
      .replaceAll("ottawa@dossier.test", "ott@dossier.test")
      // Each notice is its own message: the mailbox keeps one copy per Message-ID.
      .replace("<20240312193107.4Vq2Kx1Lmz9tB@smtp.dossier.test>", `<${randomUUID()}@smtp.example.net>`)
      .replace(/\r?\n/g, "\r\n"),
    "latin1",
  );
}

/** Delivers raw bytes over SMTP to the office's receiving server, from the null sender as notices are. */
export async function deliverToOffice(port: number, raw: Buffer, from = ""): Promise<void> {
  const transport = createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from, to: ["ott@dossier.test"] }, raw });
  } finally {
    transport.close();
  }
}

/** The PDF's text through poppler's pdftotext, or null (with the reason printed) when it is not installed. */
export async function pdfText(pdf: Uint8Array): Promise<string | null> {
  if (!existsSync("/usr/bin/pdftotext")) {
    console.log(
      "pdftotext check skipped: /usr/bin/pdftotext is not installed (apt-get install poppler-utils)",
    );
    return null;
  }
  const { spawnSync } = await import("node:child_process");
  const result = spawnSync("/usr/bin/pdftotext", ["-enc", "UTF-8", "-", "-"], { input: pdf });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr.toString()}`);
  // pdftotext breaks lines where the PDF does; joining them makes sentences searchable.
  return result.stdout.toString("utf8").replace(/\s+/g, " ");
}
