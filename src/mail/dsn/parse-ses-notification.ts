/**
 * Amazon SES notifications delivered by email through Amazon SNS: the body is a JSON object
 * (notificationType or eventType Bounce, Complaint, Delivery or DeliveryDelay), either alone or
 * wrapped in SNS's own JSON envelope whose "Message" is the SES object as a string. SES's
 * bounces sent as ordinary DSNs (From MAILER-DAEMON@amazonses.com, X-SES-* headers) are
 * RFC 3464 reports and are read as such.
 */
import { cleanAddress, collapse } from "./bounce-text.ts";
import { parseStatusField, statusClass, statusInText } from "./enhanced-status.ts";

export interface SesRecipient {
  address: string;
  status: string | null;
  permanent: boolean;
  diagnostic: string | null;
}

export interface SesNotification {
  kind: "bounce" | "delay" | "complaint" | "other";
  type: string;
  subtype: string | null;
  recipients: SesRecipient[];
  /** The Message-ID the sender gave the message (mail.commonHeaders.messageId or mail.headers). */
  originalMessageId: string | null;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : null;
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function string(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function parseJson(text: string): Json | null {
  try {
    return object(JSON.parse(text));
  } catch {
    return null;
  }
}

/** The SES object in an email body, or null when the body is not one. */
function sesObject(text: string): Json | null {
  // The SNS envelope carries the SES object as an escaped string: \"notificationType\".
  if (!/\\?"(?:notificationType|eventType)\\?"/.test(text)) return null;
  // SNS appends "--" and an unsubscribe link after the JSON.
  const body = text.split(/\n--\s*\n/)[0]!;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start === -1 || end <= start) return null;
  let json = parseJson(body.slice(start, end + 1));
  const wrapped = string(json?.Message);
  if (json && wrapped && !json.notificationType && !json.eventType) json = parseJson(wrapped);
  return json && (string(json.notificationType) || string(json.eventType)) ? json : null;
}

function originalMessageId(mail: Json | null): string | null {
  const common = string(object(mail?.commonHeaders)?.messageId);
  const listed = array(mail?.headers)
    .map(object)
    .find((header) => string(header?.name)?.toLowerCase() === "message-id");
  const value = common ?? string(listed?.value);
  if (!value) return null;
  return value.startsWith("<") ? value : `<${value}>`;
}

/**
 * Reads an SES notification. Bounce types follow SES's meaning: Permanent is a hard bounce,
 * Transient a soft one (SES has stopped trying, but the address may work later).
 */
export function parseSesNotification(text: string): SesNotification | null {
  const json = sesObject(text);
  if (!json) return null;
  const type = (string(json.notificationType) ?? string(json.eventType))!;
  const originalId = originalMessageId(object(json.mail));
  const recipient = (entry: unknown, permanentDefault: boolean): SesRecipient | null => {
    const item = object(entry);
    const address = cleanAddress(string(item?.emailAddress) ?? string(entry));
    if (!address) return null;
    const diagnostic = collapse(string(item?.diagnosticCode)?.replace(/^[A-Za-z][\w-]*\s*;\s*/, ""));
    const status = parseStatusField(string(item?.status)) ?? statusInText(diagnostic);
    const cls = statusClass(status);
    return {
      address,
      status,
      permanent: cls === null ? permanentDefault : cls === 5 && permanentDefault,
      diagnostic,
    };
  };
  const list = (entries: unknown, permanent: boolean) =>
    array(entries)
      .map((entry) => recipient(entry, permanent))
      .filter((r): r is SesRecipient => r !== null);

  if (/^bounce$/i.test(type)) {
    const bounce = object(json.bounce);
    const bounceType = string(bounce?.bounceType) ?? "Undetermined";
    const recipients = list(bounce?.bouncedRecipients, !/^transient$/i.test(bounceType));
    return {
      kind: "bounce",
      type: bounceType,
      subtype: string(bounce?.bounceSubType),
      recipients,
      originalMessageId: originalId,
    };
  }
  if (/^complaint$/i.test(type)) {
    const complaint = object(json.complaint);
    const recipients = list(complaint?.complainedRecipients, false).map((r) => ({
      ...r,
      status: null,
      permanent: false,
      diagnostic: string(complaint?.complaintFeedbackType),
    }));
    return {
      kind: "complaint",
      type,
      subtype: string(complaint?.complaintFeedbackType),
      recipients,
      originalMessageId: originalId,
    };
  }
  if (/^deliverydelay$/i.test(type)) {
    const delay = object(json.deliveryDelay);
    const recipients = list(delay?.delayedRecipients, false).map((r) => ({ ...r, permanent: false }));
    return {
      kind: "delay",
      type,
      subtype: string(delay?.delayType),
      recipients,
      originalMessageId: originalId,
    };
  }
  const delivery = object(json.delivery);
  const response = collapse(string(delivery?.smtpResponse));
  const recipients = array(delivery?.recipients)
    .map((entry) => cleanAddress(string(entry)))
    .filter((address): address is string => address !== null)
    .map((address) => ({ address, status: statusInText(response), permanent: false, diagnostic: response }));
  return { kind: "other", type, subtype: null, recipients, originalMessageId: originalId };
}
