import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import { after, before, beforeEach, test } from "node:test";
import { eq, inArray } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { type DispatchOptions, dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { blobs, correspondence, edocs } from "../../src/db/schema.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { startSmtpSink } from "./smtp-sink.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const dkim = {
  selector: "dossier2026",
  privateKey: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
};

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  sink = await startSmtpSink();
});
after(async () => {
  await sink.close();
  await database.close();
});
beforeEach(async () => {
  sink.received.length = 0;
  await database.db
    .update(correspondence)
    .set({ status: "cancelled" })
    .where(inArray(correspondence.status, ["generate", "sending"]));
});

async function dispatch(options: DispatchOptions) {
  const transport = createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
  try {
    return await dispatchOnce(database.db, transport, options);
  } finally {
    transport.close();
  }
}

async function queueAndSend(options: DispatchOptions) {
  const queued = await queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, {
    subject: "Demande de documents",
    // Trailing spaces, a tab run and trailing blank lines: what relaxed body canonicalization changes.
    body: "Madame Nguyễn,  \n\n\tVeuillez nous faire parvenir vos relevés bancaires d'ici le 2 avril 2026.\n\n\n",
  });
  assert.equal((await dispatch(options)).sent, 1);
  assert.equal(sink.received.length, 1);
  return { queued, delivered: sink.received[0]!.raw };
}

/** The header block as [name, whole field with its folding] in order, and the body. */
function splitMessage(raw: Buffer): { fields: [string, string][]; body: string } {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const fields: [string, string][] = [];
  for (const line of text.slice(0, end).split("\r\n")) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1]![1] += `\r\n${line}`;
    else fields.push([line.slice(0, line.indexOf(":")).toLowerCase(), line]);
  }
  return { fields, body: text.slice(end + 4) };
}

/** RFC 6376 §3.4.4: relaxed body canonicalization. */
function relaxedBody(body: string): string {
  const lines = body.split("\r\n").map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
}

/** RFC 6376 §3.4.2: relaxed header canonicalization of one field, without its CRLF. */
function relaxedHeader(field: string): string {
  const colon = field.indexOf(":");
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  return `${field.slice(0, colon).trim().toLowerCase()}:${value}`;
}

function tagsOf(field: string): Map<string, string> {
  const value = field.slice(field.indexOf(":") + 1).replace(/\s+/g, "");
  return new Map(
    value
      .split(";")
      .filter(Boolean)
      .map((tag) => [tag.slice(0, tag.indexOf("=")), tag.slice(tag.indexOf("=") + 1)] as [string, string]),
  );
}

/** RFC 6376 §6.1.3: recomputes bh= and checks b= over the signed header fields with the public key. */
function verifyDkim(
  raw: Buffer,
  key: KeyObject,
): { d: string; s: string; bodyHashMatches: boolean; signatureValid: boolean } {
  const { fields, body } = splitMessage(raw);
  const signature = fields.find(([name]) => name === "dkim-signature");
  assert.ok(signature, "the message carries a DKIM-Signature");
  const tags = tagsOf(signature[1]);
  assert.equal(tags.get("a"), "rsa-sha256");
  assert.equal(tags.get("c"), "relaxed/relaxed");
  const bodyHash = createHash("sha256").update(relaxedBody(body), "latin1").digest("base64");
  // §5.4.2: for a name signed more than once, instances are taken from the bottom up.
  const remaining = fields.filter(([name]) => name !== "dkim-signature");
  const signed: string[] = [];
  for (const name of tags.get("h")!.toLowerCase().split(":")) {
    const index = remaining.map(([n]) => n).lastIndexOf(name);
    if (index < 0) continue;
    signed.push(`${relaxedHeader(remaining[index]![1])}\r\n`);
    remaining.splice(index, 1);
  }
  // §3.7: the signature field itself is signed last, with an empty b= and no trailing CRLF.
  const unsignedSelf = relaxedHeader(signature[1].replace(/b=[^;]*$/, "b="));
  const data = Buffer.from(signed.join("") + unsignedSelf, "latin1");
  return {
    d: tags.get("d")!,
    s: tags.get("s")!,
    bodyHashMatches: bodyHash === tags.get("bh"),
    signatureValid: verify("sha256", data, key, Buffer.from(tags.get("b")!, "base64")),
  };
}

test("with a key, the message is signed for the office's own domain and the eDoc is the signed message", async () => {
  const { queued, delivered } = await queueAndSend({ dkim });
  assert.ok(delivered.subarray(0, 15).toString() === "DKIM-Signature:", "the signature heads the message");
  const result = verifyDkim(delivered, publicKey);
  assert.equal(result.d, "dossier.test", "d= is the domain of ott@dossier.test");
  assert.equal(result.s, "dossier2026");
  assert.ok(result.bodyHashMatches, "bh= is the hash of the relaxed body that arrived");
  assert.ok(result.signatureValid, "b= verifies with the public key over the signed header fields");

  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, queued.id));
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc!.sha256));
  assert.ok(
    Buffer.from(blob!.content).equals(delivered),
    "the eDoc holds the signed bytes that went over SMTP",
  );
});

test("a change to the archived body breaks the signature", async () => {
  const { delivered } = await queueAndSend({ dkim });
  const tampered = Buffer.from(delivered.toString("latin1").replace("2 avril", "3 avril"), "latin1");
  assert.notDeepEqual(tampered, delivered);
  assert.equal(verifyDkim(tampered, publicKey).bodyHashMatches, false);
});

test("a signature made with another key does not verify", async () => {
  const { delivered } = await queueAndSend({ dkim });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey;
  assert.equal(verifyDkim(delivered, other).signatureValid, false);
});

test("without a key nothing is signed", async () => {
  const { delivered } = await queueAndSend({});
  assert.equal(
    splitMessage(delivered).fields.some(([name]) => name === "dkim-signature"),
    false,
  );
});

test("a key that cannot sign keeps the message queued for a retry instead of sending it unsigned", async () => {
  const { privateKey: ecKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const queued = await queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, {
    subject: "Demande de documents",
    body: "Madame Nguyễn,",
  });
  const result = await dispatch({
    dkim: { selector: "bad", privateKey: ecKey.export({ type: "pkcs8", format: "pem" }) as string },
  });
  assert.equal(result.retrying, 1);
  assert.equal(sink.received.length, 0, "nothing left the office unsigned");
  const [row] = await database.db.select().from(correspondence).where(eq(correspondence.id, queued.id));
  assert.equal(row!.status, "generate");
});
