/**
 * The words of an evidence package in English and French: headings, labels, and the findings
 * as plain sentences a judge can read without knowing Dossier. Pure.
 */
import type { EvidenceFacts, MailboxNotice } from "./evidence.schema.ts";

export type Language = "en" | "fr";

export const EVIDENCE_LABELS = {
  en: {
    title: "Evidence of an email sent",
    summary: "Findings",
    messageAsSent: "The message as sent",
    messageFromNote: "The sent email as recorded in a note",
    noMessage: "The message as sent",
    integrity: "Integrity of the archived message",
    sending: "Sending",
    emailHistory: "The client's email addresses on file",
    representative: "Representative (IMM 5476)",
    mailboxSearch: "Search of the office mailbox for undelivered notices",
    files: "Files in this package",
    file: "File number",
    client: "Client",
    uci: "UCI",
    correspondence: "Correspondence record",
    office: "Office",
    generated: "Prepared",
    by: "by",
    from: "From",
    to: "To",
    cc: "Cc",
    subject: "Subject",
    date: "Date",
    messageId: "Message-ID",
    attachments: "Attachments",
    none: "none",
    text: "Text",
    textFromHtml: "(text of the HTML part; the HTML itself is not rendered)",
    sha256Recorded: "SHA-256 recorded at archiving",
    sha256Computed: "SHA-256 of the stored bytes now",
    archivedOn: "Archived",
    size: "Size",
    envelopeFrom: "Envelope sender (MAIL FROM)",
    envelopeTo: "Envelope recipient (RCPT TO)",
    serverReply: "Server's reply",
    sentAt: "Accepted by the server",
    attempts: "Attempts",
    resent: "Re-sent with the same Message-ID",
    acceptances: "Acceptances recorded in the audit trail",
    address: "Address",
    recorded: "Recorded",
    superseded: "Superseded",
    consent: "Consent",
    current: "current",
    usedMark: "used",
    name: "Name",
    email: "Email",
    validFrom: "In force from",
    validTo: "until",
    noRepresentative: "No IMM 5476 was in force at the time of sending.",
    searched: "Searched",
    notice: "Notice",
    page: "Page",
    of: "of",
    note: "Note",
    author: "Author",
    continued: "continued",
  },
  fr: {
    title: "Preuve de l'envoi d'un courriel",
    summary: "Constatations",
    messageAsSent: "Le message tel qu'envoyé",
    messageFromNote: "Le courriel envoyé tel que consigné dans une note",
    noMessage: "Le message tel qu'envoyé",
    integrity: "Intégrité du message archivé",
    sending: "Envoi",
    emailHistory: "Adresses courriel du client au dossier",
    representative: "Représentant (IMM 5476)",
    mailboxSearch: "Recherche d'avis de non-remise dans la boîte aux lettres du bureau",
    files: "Fichiers de cette trousse",
    file: "Numéro de dossier",
    client: "Client",
    uci: "IUC",
    correspondence: "Correspondance",
    office: "Bureau",
    generated: "Préparé",
    by: "par",
    from: "De",
    to: "À",
    cc: "Cc",
    subject: "Objet",
    date: "Date",
    messageId: "Message-ID",
    attachments: "Pièces jointes",
    none: "aucune",
    text: "Texte",
    textFromHtml: "(texte de la partie HTML; le HTML lui-même n'est pas affiché)",
    sha256Recorded: "SHA-256 enregistré à l'archivage",
    sha256Computed: "SHA-256 des octets conservés, maintenant",
    archivedOn: "Archivé",
    size: "Taille",
    envelopeFrom: "Expéditeur de l'enveloppe (MAIL FROM)",
    envelopeTo: "Destinataire de l'enveloppe (RCPT TO)",
    serverReply: "Réponse du serveur",
    sentAt: "Accepté par le serveur",
    attempts: "Tentatives",
    resent: "Renvoyé avec le même Message-ID",
    acceptances: "Acceptations inscrites au journal d'audit",
    address: "Adresse",
    recorded: "Enregistrée",
    superseded: "Remplacée",
    consent: "Consentement",
    current: "en vigueur",
    usedMark: "utilisée",
    name: "Nom",
    email: "Courriel",
    validFrom: "En vigueur du",
    validTo: "au",
    noRepresentative: "Aucun formulaire IMM 5476 n'était en vigueur au moment de l'envoi.",
    searched: "Recherche",
    notice: "Avis",
    page: "Page",
    of: "de",
    note: "Note",
    author: "Auteur",
    continued: "suite",
  },
} as const satisfies Record<Language, Record<string, string>>;

export type EvidenceLabels = (typeof EVIDENCE_LABELS)[Language];

const CONSENT: Record<Language, Record<string, string>> = {
  en: {
    "application-form": "given on the application form",
    imm5476: "given on an IMM 5476",
    "client-wrote-first": "the client wrote to the office first",
  },
  fr: {
    "application-form": "fournie sur le formulaire de demande",
    imm5476: "fournie sur un IMM 5476",
    "client-wrote-first": "le client a écrit au bureau en premier",
  },
};

export function consentLabel(source: string | null, lang: Language): string {
  if (!source) return lang === "fr" ? "aucun consentement inscrit" : "no consent recorded";
  return CONSENT[lang][source] ?? source;
}

/**
 * An instant as people in the office read it, with the zone named, e.g. `2026-03-02 10:04:05 EST`
 * (`HNE` in French). Seconds are kept: the order of a send and a change of address can be minutes apart.
 */
export function formatInstant(iso: string | Date, timeZone: string, lang: Language): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  const parts = new Intl.DateTimeFormat(lang === "fr" ? "fr-CA" : "en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`;
}

export function formatSize(bytes: number, lang: Language): string {
  if (bytes < 1024) return lang === "fr" ? `${bytes} octets` : `${bytes} bytes`;
  if (bytes < 1024 * 1024) {
    const kb = (bytes / 1024).toFixed(1);
    return lang === "fr" ? `${kb.replace(".", ",")} Ko, ${bytes} octets` : `${kb} KB, ${bytes} bytes`;
  }
  const mb = (bytes / 1024 / 1024).toFixed(2);
  return lang === "fr" ? `${mb.replace(".", ",")} Mo, ${bytes} octets` : `${mb} MB, ${bytes} bytes`;
}

/** The findings of the package as sentences, in the order the PDF's first section gives them. */
export function evidenceStatements(facts: EvidenceFacts, lang: Language): string[] {
  return [
    sendingStatement(facts, lang),
    messageStatement(facts, lang),
    addressStatement(facts, lang),
    ...mailboxStatements(facts, lang),
  ];
}

type Time = (iso: string) => string;

const timeIn =
  (facts: EvidenceFacts, lang: Language): Time =>
  (iso) =>
    formatInstant(iso, facts.office.timeZone, lang);

/** One of `evidenceStatements`. */
export function sendingStatement(facts: EvidenceFacts, lang: Language): string {
  const t = timeIn(facts, lang);
  const c = facts.correspondence;
  const sentAt = c.sentAt ? t(c.sentAt) : "?";
  if (c.recordedByHand) {
    return lang === "fr"
      ? `Ce courriel a été envoyé à ${c.address} depuis Outlook par un agent, le ${sentAt} selon le message enregistré, puis consigné au dossier le ${t(c.createdAt)}${c.createdBy ? ` par ${c.createdBy}` : ""}. Dossier ne détient aucune trace SMTP de cet envoi.`
      : `This email was sent to ${c.address} from Outlook by an officer, on ${sentAt} according to the saved message, and recorded on the file on ${t(c.createdAt)}${c.createdBy ? ` by ${c.createdBy}` : ""}. Dossier holds no SMTP record of this send.`;
  }
  const reply = facts.smtp.serverReply ? ` « ${facts.smtp.serverReply} »` : "";
  const replyEn = facts.smtp.serverReply ? `, replying "${facts.smtp.serverReply}"` : "";
  const resent = facts.smtp.resentCount;
  if (lang === "fr") {
    let text = `Le serveur de courriel du bureau a accepté le message pour ${c.address} le ${sentAt}, en répondant${reply || " (réponse non conservée)"}, à la tentative ${c.attempts ?? 1}.`;
    if (resent > 0)
      text += ` Le message a été renvoyé ${resent} fois avec le même Message-ID après un envoi interrompu; le destinataire peut en avoir reçu plus d'une copie.`;
    return text;
  }
  let text = `The office's mail server accepted the message for ${c.address} on ${sentAt}${replyEn || " (its reply was not kept)"}, on attempt ${c.attempts ?? 1}.`;
  if (resent > 0)
    text += ` It was re-sent ${resent} time${resent === 1 ? "" : "s"} with the same Message-ID after an interrupted send; the recipient may hold more than one copy.`;
  return text;
}

/** One of `evidenceStatements`: what the package shows of the message, and the check of its bytes. */
export function messageStatement(facts: EvidenceFacts, lang: Language): string {
  const t = timeIn(facts, lang);
  const m = facts.message;
  if (m.source === "edoc") {
    const { copy } = m;
    let text: string;
    if (copy.hashMatches) {
      text =
        lang === "fr"
          ? `Le message archivé (eDoc ${copy.fileName}, ${formatSize(copy.size, lang)}) a pour empreinte SHA-256 ${copy.computedSha256}, recalculée à partir des octets conservés; elle correspond à l'empreinte enregistrée lors de l'archivage, le ${t(copy.storedAt)}.`
          : `The archived message (eDoc ${copy.fileName}, ${formatSize(copy.size, lang)}) has the SHA-256 ${copy.computedSha256}, recomputed from the stored bytes; it matches the hash recorded when it was archived on ${t(copy.storedAt)}.`;
    } else {
      text =
        lang === "fr"
          ? `ATTENTION : l'empreinte SHA-256 des octets conservés (${copy.computedSha256}) NE correspond PAS à celle enregistrée lors de l'archivage (${copy.recordedSha256}).`
          : `WARNING: the SHA-256 of the stored bytes (${copy.computedSha256}) does NOT match the hash recorded when the message was archived (${copy.recordedSha256}).`;
    }
    if (facts.correspondence.exceedsUploadLimit) {
      text +=
        lang === "fr"
          ? " Le message dépasse la limite de 4 Mo des eDocs; il est conservé en entier ici, aucune copie imprimée n'est nécessaire."
          : " The message is over the 4 MB eDoc limit; it is kept whole here, so no printed copy is needed.";
    }
    return text;
  }
  if (m.source === "note") {
    return lang === "fr"
      ? `Aucun eDoc du message envoyé n'est joint à ce dossier de correspondance. Comme le permet la procédure (étape 2 de rechange), la note consignée le ${t(m.note.createdAt)} par ${m.note.author}, qui reprend le contenu, la date et l'adresse du courriel envoyé, est reproduite à la place.`
      : `No eDoc of the sent message is attached to this correspondence record. As the procedure allows (alternative step 2), the note recorded on ${t(m.note.createdAt)} by ${m.note.author}, which holds the content, date and address of the sent email, is reproduced instead.`;
  }
  return lang === "fr"
    ? "Aucun eDoc du message envoyé n'est joint à ce dossier de correspondance, et aucune note au dossier ne consigne son contenu et son adresse : cette trousse ne peut pas montrer ce qui a été envoyé."
    : "No eDoc of the sent message is attached to this correspondence record, and no note on the file records its content and address: this package cannot show what was sent.";
}

/** One of `evidenceStatements`. */
export function addressStatement(facts: EvidenceFacts, lang: Language): string {
  const t = timeIn(facts, lang);
  const r = facts.recipient;
  const used = r.addressUsed;
  const when = facts.correspondence.sentAt ? t(facts.correspondence.sentAt) : "?";
  const rep = facts.representative;
  if (r.addressee === "representative" && rep?.email) {
    const period =
      lang === "fr"
        ? `en vigueur depuis le ${rep.validFrom}${rep.validTo ? ` jusqu'au ${rep.validTo}` : ""}`
        : `in force from ${rep.validFrom}${rep.validTo ? ` to ${rep.validTo}` : ""}`;
    if (r.verdict === "identical") {
      return lang === "fr"
        ? `Au moment de l'envoi (${when}), un formulaire « Recours aux services d'un représentant » (IMM 5476) ${period} désignait ${rep.name}, adresse courriel ${rep.email}; toute la correspondance est alors envoyée au représentant. Le message a été envoyé à ${used}.`
        : `At the time of sending (${when}), a Use of a Representative form (IMM 5476) ${period} named ${rep.name}, email address ${rep.email}; all correspondence then goes to the representative. The message was sent to ${used}.`;
    }
    return lang === "fr"
      ? `Au moment de l'envoi (${when}), un formulaire IMM 5476 ${period} désignait ${rep.name}, adresse courriel ${rep.email}, à qui toute la correspondance devait être envoyée; le message a été envoyé à ${used}, qui n'est pas cette adresse.`
      : `At the time of sending (${when}), an IMM 5476 ${period} named ${rep.name}, email address ${rep.email}, to whom all correspondence had to go; the message was sent to ${used}, which is not that address.`;
  }
  const current = facts.emailHistory.find((e) => e.currentAtSend);
  if (r.verdict === "no-email-on-file" || !current) {
    return lang === "fr"
      ? `Au moment de l'envoi (${when}), aucune adresse courriel donnée avec consentement n'était au dossier du client; le message a été envoyé à ${used}.`
      : `At the time of sending (${when}), no email address given with consent was on file for the client; the message was sent to ${used}.`;
  }
  const recorded = t(current.recordedAt);
  const consent = consentLabel(current.consentSource, lang);
  if (r.verdict === "identical") {
    return lang === "fr"
      ? `Au moment de l'envoi (${when}), l'adresse courriel la plus récente au dossier du client était ${current.value}, enregistrée le ${recorded} (${consent}); le message a été envoyé à ${used}.`
      : `At the time of sending (${when}), the most recent email address on file for the client was ${current.value}, recorded on ${recorded} (${consent}); the message was sent to ${used}.`;
  }
  const older = facts.emailHistory.find((e) => e.usedForThisMessage && !e.currentAtSend && e.supersededAt);
  const which = older?.supersededAt
    ? lang === "fr"
      ? `une adresse antérieure, remplacée le ${t(older.supersededAt)}`
      : `an earlier address, superseded on ${t(older.supersededAt)}`
    : facts.emailHistory.some((e) => e.usedForThisMessage)
      ? lang === "fr"
        ? "une adresse qui n'était pas en vigueur à ce moment"
        : "an address that was not current at that moment"
      : lang === "fr"
        ? "une adresse qui n'a jamais figuré au dossier du client"
        : "an address that was never on file for the client";
  const caseOnly = r.differsOnlyInCase
    ? lang === "fr"
      ? " (elle n'en diffère que par la casse des lettres)"
      : " (it differs only in letter case)"
    : "";
  return lang === "fr"
    ? `Au moment de l'envoi (${when}), l'adresse courriel la plus récente au dossier du client était ${current.value}, enregistrée le ${recorded}; le message a été envoyé à ${used}, qui n'est PAS cette adresse${caseOnly} : c'est ${which}.`
    : `At the time of sending (${when}), the most recent email address on file for the client was ${current.value}, recorded on ${recorded}; the message was sent to ${used}, which is NOT that address${caseOnly}: it is ${which}.`;
}

/** One of `evidenceStatements`: the result of the search of the office mailbox. */
export function mailboxStatements(facts: EvidenceFacts, lang: Language): string[] {
  const t = timeIn(facts, lang);
  const s = facts.undeliveredSearch;
  const mailboxes = s.mailboxes.join(", ");
  const out: string[] = [];
  if (s.notices.length === 0) {
    out.push(
      lang === "fr"
        ? `Aucun avis de non-remise pour ce message n'a été reçu dans la boîte aux lettres du bureau (${mailboxes}) entre le ${t(s.from)} et le ${t(s.to)}.`
        : `No undelivered notice for this message was received in the office mailbox (${mailboxes}) between ${t(s.from)} and ${t(s.to)}.`,
    );
  } else {
    const n = s.notices.length;
    out.push(
      lang === "fr"
        ? `${n} avis de non-remise pour ce message ${n === 1 ? "a été reçu" : "ont été reçus"} dans la boîte aux lettres du bureau (${mailboxes}) entre le ${t(s.from)} et le ${t(s.to)} : ${s.notices.map((m) => describeNotice(m, lang, t)).join("; ")}.`
        : `${n} undelivered notice${n === 1 ? " was" : "s were"} received for this message in the office mailbox (${mailboxes}) between ${t(s.from)} and ${t(s.to)}: ${s.notices.map((m) => describeNotice(m, lang, t)).join("; ")}.`,
    );
  }
  if (s.otherMessages.length > 0) {
    out.push(
      lang === "fr"
        ? `Autres messages reçus qui renvoient à ce message (ce ne sont pas des avis de non-remise) : ${s.otherMessages.map((m) => describeNotice(m, lang, t)).join("; ")}.`
        : `Other messages received that refer to this message (not undelivered notices): ${s.otherMessages.map((m) => describeNotice(m, lang, t)).join("; ")}.`,
    );
  }
  return out;
}

const KIND: Record<Language, Record<string, string>> = {
  en: {
    bounce: "undelivered notice",
    delay: "delay warning (still being tried)",
    "auto-reply": "automatic reply",
    complaint: "spam complaint",
    other: "message",
  },
  fr: {
    bounce: "avis de non-remise",
    delay: "avis de retard (livraison toujours tentée)",
    "auto-reply": "réponse automatique",
    complaint: "plainte pour pourriel",
    other: "message",
  },
};

export function kindLabel(kind: string, lang: Language): string {
  return KIND[lang][kind] ?? kind;
}

export function describeNotice(m: MailboxNotice, lang: Language, t: Time): string {
  const failed = m.recipients.map((r) => `${r.address}${r.status ? ` ${r.status}` : ""}`).join(", ");
  const subject = m.subject ? (lang === "fr" ? ` « ${m.subject} »` : ` "${m.subject}"`) : "";
  const from = m.from ? (lang === "fr" ? ` de ${m.from}` : ` from ${m.from}`) : "";
  return `${kindLabel(m.kind, lang)}${from}${subject}, ${lang === "fr" ? "reçu le" : "received"} ${t(m.receivedAt)}${failed ? ` (${failed})` : ""}`;
}
