import { createHash } from "node:crypto";

export interface AuditEventContent {
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  officeId: string | null;
  before: unknown;
  after: unknown;
}

/** The hash that opens the chain: the `prevHash` of event 1. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * JSON with object keys sorted at every level and dates as ISO strings, so that the same event
 * always gives the same text (PostgreSQL's jsonb does not keep key order).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

function canonicalValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonicalValue);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner !== undefined) sorted[key] = canonicalValue(inner);
    }
    return sorted;
  }
  return value;
}

/** SHA-256 over the previous event's hash and this event's canonical content. */
export function hashAuditEvent(prevHash: string, event: AuditEventContent): string {
  const content = canonicalJson({ ...event, at: event.at.toISOString() });
  return createHash("sha256").update(prevHash).update("\n").update(content).digest("hex");
}
