/**
 * Read receipts: message disposition notifications (RFC 8098), a multipart/report with
 * report-type=disposition-notification. They are automatic and, as the office's procedure
 * says, no evidence that the client read or even received the email.
 */

import { headerValue } from "./parse-mime.ts";
import { parseFieldGroups } from "./parse-rfc3464.ts";

export interface DispositionNotification {
  /** RFC 8098 §3.2.5 Original-Message-ID, angle brackets kept. */
  originalMessageId: string | null;
  /** RFC 8098 §3.2.6 Disposition, e.g. "manual-action/MDN-sent-manually; displayed". */
  disposition: string | null;
}

export function parseDispositionNotification(text: string): DispositionNotification {
  const fields = parseFieldGroups(text).flat();
  const id = /<[^<>\s]+>/.exec(headerValue(fields, "original-message-id") ?? "");
  return {
    originalMessageId: id ? id[0] : null,
    disposition: headerValue(fields, "disposition")?.replace(/\s+/g, " ").trim() ?? null,
  };
}
