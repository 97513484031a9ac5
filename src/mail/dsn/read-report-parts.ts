/**
 * The pieces of an inbound message that classification reads, found by walking its MIME tree:
 * the readable notification, machine-readable reports (RFC 6522 multipart/report), and the
 * returned message or its headers. Text inside a returned message is never taken for the
 * notification's own text, so a bounce of a bounce, or a reply quoting one, is not misread.
 */
import { htmlToText } from "./decode-mime-text.ts";
import { entityText, type HeaderField, headerValue, type MimeEntity, parseHeaderPart } from "./parse-mime.ts";

export interface ReportParts {
  /** The multipart/report's report-type parameter (RFC 6522), lowercased, or null. */
  reportType: string | null;
  /** Readable text of the notification: its text/plain parts, or its HTML as text when none. */
  text: string;
  /** Bodies of message/delivery-status (RFC 3464) and message/global-delivery-status (RFC 6533) parts. */
  deliveryStatus: string[];
  /** Bodies of message/feedback-report parts (RFC 5965). */
  feedbackReports: string[];
  /** Bodies of message/disposition-notification parts (RFC 8098). */
  dispositionNotifications: string[];
  /** Header fields of the returned message (or of its returned headers), when one is attached. */
  originalHeaders: HeaderField[] | null;
  /** Some part ended early or a limit stopped the walk. */
  truncated: boolean;
}

// RFC 6522 and RFC 6533 name the first two; message/rfc822-headers is a common misspelling.
const HEADER_PARTS = new Set(["text/rfc822-headers", "message/global-headers", "message/rfc822-headers"]);
const DELIVERY_STATUS = new Set(["message/delivery-status", "message/global-delivery-status"]);
const DISPOSITION = new Set(["message/disposition-notification", "message/global-disposition-notification"]);

export function readReportParts(root: MimeEntity): ReportParts {
  const parts: ReportParts = {
    reportType: null,
    text: "",
    deliveryStatus: [],
    feedbackReports: [],
    dispositionNotifications: [],
    originalHeaders: null,
    truncated: root.truncated,
  };
  const plain: string[] = [];
  const html: string[] = [];
  const visit = (entity: MimeEntity) => {
    const type = entity.contentType;
    if (type === "multipart/report" && parts.reportType === null) {
      parts.reportType = (entity.params["report-type"] ?? "").toLowerCase() || null;
    }
    if (type.startsWith("multipart/") && entity.children.length > 0) {
      for (const child of entity.children) visit(child);
    } else if (type === "message/rfc822" || type === "message/global") {
      parts.originalHeaders ??= entity.message?.headers ?? null;
    } else if (HEADER_PARTS.has(type)) {
      parts.originalHeaders ??= parseHeaderPart(entity);
    } else if (DELIVERY_STATUS.has(type)) {
      // RFC 6533: the global variant is UTF-8; the classic one is US-ASCII (RFC 3464 §2.1).
      parts.deliveryStatus.push(entityText(entity, "utf-8"));
    } else if (type === "message/feedback-report") {
      parts.feedbackReports.push(entityText(entity, "utf-8"));
    } else if (DISPOSITION.has(type)) {
      parts.dispositionNotifications.push(entityText(entity, "utf-8"));
    } else if (type === "text/html") {
      html.push(htmlToText(entityText(entity)));
    } else if (type === "text/plain" || type.startsWith("multipart/")) {
      // A multipart whose boundary never appears is read as text rather than lost.
      plain.push(entityText(entity));
    }
  };
  visit(root);
  parts.text = (plain.some((t) => t.trim() !== "") ? plain : html).join("\n").replace(/\r\n?/g, "\n");
  return parts;
}

/**
 * The Message-ID of a header list, in angle brackets (RFC 5322 §3.6.4), or null. Some mailers
 * leave the brackets out; they are added so the id compares equal to the one Dossier stored.
 */
export function messageIdOf(headers: HeaderField[] | null): string | null {
  const value = headers ? headerValue(headers, "message-id") : null;
  if (!value) return null;
  const bracketed = /<[^<>\s]+>/.exec(value);
  if (bracketed) return bracketed[0];
  const bare = /^\s*([^<>\s@]+@[^<>\s@]+)\s*$/.exec(value);
  return bare ? `<${bare[1]}>` : null;
}
