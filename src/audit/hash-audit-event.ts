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
  return hashCanonicalEvent(prevHash, canonicalJson({ ...event, at: event.at.toISOString() }));
}

/**
 * The canonical text `hashAuditEvent` hashes, built from the parts when `before` and `after` are
 * already canonical JSON: the keys in their sorted order, each value written once. The writer of
 * the chain uses it; `hashAuditEvent` stays the definition, and a test holds the two equal.
 */
export function canonicalEventJson(
  event: Omit<AuditEventContent, "before" | "after">,
  beforeJson: string,
  afterJson: string,
): string {
  const text = JSON.stringify;
  return `{"action":${text(event.action)},"actorId":${text(event.actorId)},"actorLabel":${text(event.actorLabel)},"after":${afterJson},"at":${text(event.at.toISOString())},"before":${beforeJson},"entityId":${text(event.entityId)},"entityType":${text(event.entityType)},"officeId":${text(event.officeId)},"seq":${text(event.seq)}}`;
}

/** SHA-256 over the previous event's hash and an event's canonical text. */
export function hashCanonicalEvent(prevHash: string, canonicalText: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(canonicalText).digest("hex");
}
