/**
 * Enhanced mail system status codes (RFC 3463) and SMTP reply codes (RFC 5321 §4.2), as found
 * in DSN fields and in the free text of bounces. Pure rules.
 */

// RFC 3463 §2: class "." subject "." detail. In free text only the subjects RFC 3463 defines
// (0–7) are taken, and the look-arounds keep IP addresses (192.0.2.1) and version numbers
// ("Exim 4.96.1") from being read as codes.
const STATUS_IN_TEXT = /(?<![\d.])([245])\.([0-7])\.(\d{1,3})(?![\d.]*\d)/;
const STATUS_ALONE = /^([245])\.(\d{1,3})\.(\d{1,3})$/;
// RFC 5321 §4.2: a reply code is three digits, first 2–5; bounces quote them as "550 " or "550-".
const REPLY_CODE = /(?<![\d.#/:-])([45][0-5]\d)(?=[ -]|$)/m;

/** The status in a DSN `Status:` value ("5.1.1", "5.1.1 (user unknown)"), or null when invalid. */
export function parseStatusField(value: string | null | undefined): string | null {
  const first = (value ?? "").trim().split(/[\s(;]/)[0] ?? "";
  return STATUS_ALONE.test(first) ? normaliseStatus(first) : null;
}

/** "5.01.001" → "5.1.1": leading zeros are not significant in RFC 3463 numbers. */
function normaliseStatus(status: string): string {
  return status
    .split(".")
    .map((n) => String(Number(n)))
    .join(".");
}

/**
 * The first enhanced status code in free text, or one derived from the first SMTP reply code
 * (550 → 5.0.0, RFC 3463 §3.1 "Other undefined status") when the text has none.
 *
 * @example statusInText("host mx said: 550 5.1.1 <a@example.com>: User unknown") // "5.1.1"
 */
export function statusInText(text: string | null | undefined): string | null {
  if (!text) return null;
  const status = STATUS_IN_TEXT.exec(text);
  if (status) return normaliseStatus(status[0]);
  const reply = REPLY_CODE.exec(text);
  return reply ? `${reply[1]![0]}.0.0` : null;
}

/** The RFC 3463 class of a status: 2 success, 4 persistent transient failure, 5 permanent failure. */
export function statusClass(status: string | null): 2 | 4 | 5 | null {
  const c = status?.[0];
  return c === "2" ? 2 : c === "4" ? 4 : c === "5" ? 5 : null;
}

/**
 * A status guessed from the wording of a bounce that gives no code, for the reasons an office
 * acts on. The class follows what the notice says happened: 4 while the server still retries,
 * 5 once it has given up (RFC 3463 §3.3: X.2.2 is used for both).
 */
export function statusFromWording(text: string, gaveUp: boolean): string | null {
  const c = gaveUp ? "5" : "4";
  if (
    /mailbox (is )?full|over ?quota|quota exceeded|exceeded (the )?(storage|quota)|bo[iî]te (aux lettres )?(est )?pleine|espace de stockage/i.test(
      text,
    )
  ) {
    return `${c}.2.2`;
  }
  if (
    /user unknown|unknown user|no such (user|mailbox|recipient)|does ?n[o']t exist|address not found|utilisateur inconnu|destinataire inconnu|adresse (est )?introuvable|n'existe pas|n’existe pas/i.test(
      text,
    )
  ) {
    return "5.1.1";
  }
  if (
    /domain not found|host not found|no such domain|domaine (est )?introuvable|domaine inexistant/i.test(text)
  ) {
    return "5.1.2";
  }
  if (/message (is )?too (large|big)|message trop (gros|volumineux)/i.test(text)) return `${c}.3.4`;
  return null;
}
