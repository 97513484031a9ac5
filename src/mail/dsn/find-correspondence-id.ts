/**
 * Which outgoing correspondence a notice is about. The dispatcher gives each email the
 * Message-ID `<correspondence-id@office-domain>`; with VERP it would also send from
 * `bounces+<correspondence-id>@office-domain`, so the bounce comes back to an address that names
 * the correspondence even when the server returns nothing of the original message.
 * Only a well-formed UUID is accepted: anything else in those places is someone else's id.
 */

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const MESSAGE_ID = new RegExp(`^<(${UUID})@[^<>@\\s]+>$`);
// "bounces+<uuid>@domain", and the classic VERP form that also encodes the recipient:
// "bounces+<uuid>=someone=example.com@domain".
const VERP = new RegExp(`^[^\\s@<>+]+\\+(${UUID})(?:=[^\\s@<>]*)?@[^\\s@<>]+$`);

/** The correspondence id in `<uuid@domain>`, lowercased, or null. */
export function correspondenceIdFromMessageId(messageId: string | null | undefined): string | null {
  const match = MESSAGE_ID.exec((messageId ?? "").trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** The correspondence id in a VERP address (`bounces+<uuid>@domain`, with or without <>), or null. */
export function correspondenceIdFromVerp(address: string | null | undefined): string | null {
  const bare = (address ?? "")
    .trim()
    .replace(/^(?:rfc822|utf-8)\s*;\s*/i, "")
    .replace(/^<|>$/g, "");
  const match = VERP.exec(bare);
  return match ? match[1]!.toLowerCase() : null;
}

/** Addresses in a header value such as `"Office" <bounces+…@office.example>, other@example.com`. */
export function addressesIn(value: string): string[] {
  return value.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? [];
}
