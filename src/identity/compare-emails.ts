import { MISSING } from "./compare-names.ts";

/** Level indexes of EMAIL_LEVELS. */
export const EMAIL_EXACT = 0;
export const EMAIL_SAME_LOCAL_PART = 1;
export const EMAIL_DIFFERENT = 2;

/**
 * How two folded email addresses agree: the same address; the same mailbox name at another
 * provider (people keep `maria.reyes` when they move from one provider to another); different.
 * An address is personal far more often than a name is, so the same address is strong evidence;
 * a different one is weak evidence against, as people change providers and eTA forms ask for a
 * current address.
 *
 * @example compareEmails("maria.reyes@example.com", "maria.reyes@example.net") // EMAIL_SAME_LOCAL_PART
 */
export function compareEmails(a: string | null, b: string | null): number {
  if (a === null || b === null) return MISSING;
  if (a === b) return EMAIL_EXACT;
  const at = a.lastIndexOf("@");
  return at > 0 && b.length > at && b.charCodeAt(at) === 64 && a.slice(0, at) === b.slice(0, at)
    ? EMAIL_SAME_LOCAL_PART
    : EMAIL_DIFFERENT;
}

/**
 * An address as compared: lower case, without spaces, and without a `+tag` on the mailbox name
 * (RFC 5233 subaddressing: `maria+visa@…` reaches `maria@…`). Null when it is not an address.
 *
 * @example foldEmail(" Maria.Reyes+eTA@Example.com ") // "maria.reyes@example.com"
 */
export function foldEmail(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim().toLowerCase().replace(/\s+/g, "");
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return null;
  const local = text.slice(0, at);
  const plus = local.indexOf("+");
  return `${plus > 0 ? local.slice(0, plus) : local}${text.slice(at)}`;
}
