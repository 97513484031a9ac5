import { createHash, randomBytes } from "node:crypto";

/** A secret for a cookie or an API key: 32 random bytes, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Secrets are stored only as their SHA-256, so a copy of the database cannot sign anyone in. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
