import { createHash } from "node:crypto";
import type { Tx } from "../db/database.ts";
import { blobs } from "../db/schema.ts";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Stores bytes under their SHA-256 (once, however often they are stored) and returns the hash. */
export async function storeBlob(tx: Tx, bytes: Uint8Array): Promise<string> {
  const sha256 = sha256Hex(bytes);
  await tx.insert(blobs).values({ sha256, size: bytes.byteLength, content: bytes }).onConflictDoNothing();
  return sha256;
}
