/**
 * The evidence package as a PDF to print for the court: the findings first, then each fact they
 * rest on. Headings are in both official languages (the application's first); the findings are
 * written out in both. The message's text is shown as text: HTML is never rendered.
 */

import type { ArchivedCopy, EvidenceFacts, MailboxNotice } from "./evidence.schema.ts";
import { type EvidenceFontFiles, GREY, PdfFlow, RED } from "./evidence-pdf-layout.ts";
import {
  addressStatement,
  consentLabel,
  EVIDENCE_LABELS,
  type EvidenceLabels,
  formatInstant,
  formatSize,
  kindLabel,
  type Language,
  mailboxStatements,
  messageStatement,
  sendingStatement,
} from "./evidence-wording.ts";

/** A message body longer than this is cut in the PDF; the whole of it is in the package's message file. */
export const MAX_BODY_CHARACTERS = 60_000;

export interface RenderOptions {
  /** Files of the package listed with their SHA-256 (the PDF cannot list its own). */
  files?: { name: string; size: number; sha256: string }[];
  /** Fonts to embed; null forces the PDF standard fonts. Default: DejaVu when installed. */
  fonts?: EvidenceFontFiles | null;
}

/**
 * @example const pdf = await renderEvidencePdf(facts, { files: [{ name: "message-….eml", size, sha256 }] })
 */
export async function renderEvidencePdf(
  facts: EvidenceFacts,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const lang: Language = facts.correspondence.language;
  const other: Language = lang === "fr" ? "en" : "fr";
  const L = EVIDENCE_LABELS[lang];
  const O = EVIDENCE_LABELS[other];
  const both = (key: keyof EvidenceLabels) => `${L[key]} / ${O[key]}`;
  const t = (iso: string) => formatInstant(iso, facts.office.timeZone, lang);
  const flow = await PdfFlow.create(options.fonts);
  const c = facts.correspondence;

  flow.doc.setTitle(`${L.title} — ${c.fileNumber} — ${c.subject}`);
  flow.doc.setSubject(`${L.correspondence} ${c.id}`);
  flow.doc.setLanguage(lang === "fr" ? "fr-CA" : "en-CA");
  flow.doc.setCreator("Dossier");
  flow.doc.setProducer("Dossier");
  flow.doc.setAuthor(facts.generatedBy);
  // The package's own time, so the same facts always make the same file.
  flow.doc.setCreationDate(new Date(facts.generatedAt));
  flow.doc.setModificationDate(new Date(facts.generatedAt));

  flow.paragraph(L.title, { font: "bold", size: 17, after: 0 });
  flow.paragraph(O.title, { size: 12, color: GREY, after: 10 });
  flow.fields([
    { label: both("file"), value: c.fileNumber },
    { label: both("client"), value: `${facts.client.name} (${L.uci} ${facts.client.uci})` },
    {
      label: both("office"),
      value: `${lang === "fr" ? facts.office.nameFr : facts.office.nameEn} (${facts.office.code})`,
    },
    { label: both("correspondence"), value: `${c.id} — ${c.subject}`, font: "regular" },
    { label: both("generated"), value: `${t(facts.generatedAt)} ${L.by} ${facts.generatedBy}` },
  ]);

  flow.heading(L.summary, O.summary);
  for (const sentence of facts.statements[lang]) flow.paragraph(sentence, { after: 6 });
  flow.gap(4);
  for (const sentence of facts.statements[other])
    flow.paragraph(sentence, { color: GREY, size: 8.5, after: 5 });

  const m = facts.message;
  if (m.source === "edoc") {
    flow.heading(L.messageAsSent, O.messageAsSent);
    const h = m.headers;
    const attachments =
      m.attachments.length === 0
        ? L.none
        : m.attachments.map((a) => `${a.fileName} (${a.mediaType}, ${formatSize(a.size, lang)})`).join("\n");
    flow.fields([
      { label: L.from, value: h.from },
      { label: L.to, value: h.to },
      ...(h.cc ? [{ label: L.cc, value: h.cc }] : []),
      { label: L.subject, value: h.subject },
      {
        label: L.date,
        value: h.date ? `${h.date}${h.sentAt ? ` (${t(h.sentAt)})` : ""}` : h.sentAt ? t(h.sentAt) : "—",
      },
      { label: L.messageId, value: h.messageId ?? "—", font: "mono" },
      { label: L.attachments, value: attachments },
    ]);
    if (m.unreadable) flow.paragraph(m.unreadable, { color: RED });
    flow.room(60);
    flow.paragraph(`${L.text}${m.textFromHtml ? ` ${L.textFromHtml}` : ""}`, {
      font: "bold",
      size: 9,
      color: GREY,
      after: 2,
    });
    let body = m.text;
    if (body.length > MAX_BODY_CHARACTERS) {
      const rest = body.length - MAX_BODY_CHARACTERS;
      body = `${body.slice(0, MAX_BODY_CHARACTERS)}\n\n[…] ${
        lang === "fr"
          ? `${rest} caractères de plus : le texte entier est dans le fichier du message de cette trousse.`
          : `${rest} more characters: the whole text is in this package's message file.`
      }`;
    }
    flow.paragraph(body || "—", { size: 9, indent: 10, after: 6 });

    flow.heading(L.integrity, O.integrity);
    integrityFields(flow, m.copy, L, t, lang);
    for (const copy of m.otherCopies) {
      flow.paragraph(lang === "fr" ? "Autre copie archivée (renvoi) :" : "Other archived copy (re-send):", {
        font: "bold",
        size: 9,
      });
      integrityFields(flow, copy, L, t, lang);
    }
  } else if (m.source === "note") {
    flow.heading(L.messageFromNote, O.messageFromNote);
    flow.fields([
      { label: L.note, value: m.note.id, font: "mono" },
      { label: L.recorded, value: t(m.note.createdAt) },
      { label: L.author, value: m.note.author },
    ]);
    flow.paragraph(m.note.body, { size: 9, indent: 10 });
  } else {
    flow.heading(L.noMessage, O.noMessage);
    flow.paragraph(messageStatement(facts, lang), { color: RED });
  }

  flow.heading(L.sending, O.sending);
  const s = facts.smtp;
  if (c.recordedByHand) {
    // Sent from Outlook: Dossier saw no SMTP session, so there is no envelope or reply to show.
    flow.paragraph(sendingStatement(facts, lang), { after: 6 });
  } else {
    flow.fields([
      { label: L.envelopeFrom, value: s.envelope?.from ?? "—", font: "mono" },
      { label: L.envelopeTo, value: s.envelope?.to.join(", ") ?? "—", font: "mono" },
      { label: L.serverReply, value: s.serverReply ?? "—", font: "mono" },
      { label: L.sentAt, value: s.sentAt ? t(s.sentAt) : "—" },
      { label: L.attempts, value: s.attempts === null ? "—" : String(s.attempts) },
      { label: L.resent, value: String(s.resentCount) },
    ]);
  }
  if (s.acceptances.length > 0) {
    flow.paragraph(L.acceptances, { font: "bold", size: 9, color: GREY, after: 2 });
    flow.table(
      [
        { title: L.date, width: 23 },
        { title: L.attempts, width: 12 },
        { title: L.serverReply, width: 29, font: "mono" },
        { title: "SHA-256", width: 36, font: "mono" },
      ],
      s.acceptances.map((a) => ({
        cells: [
          `${t(a.at)}${a.resentAfterLeaseExpiry ? (lang === "fr" ? " (renvoi)" : " (re-send)") : ""}`,
          a.attempt === null ? "—" : String(a.attempt),
          a.response ?? "—",
          a.sha256 ?? "—",
        ],
      })),
    );
  }

  flow.heading(L.emailHistory, O.emailHistory);
  if (facts.emailHistory.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.address, width: 31, font: "mono" },
        { title: L.recorded, width: 20 },
        { title: L.superseded, width: 20 },
        { title: L.consent, width: 29 },
      ],
      facts.emailHistory.map((e) => {
        const marks = [e.currentAtSend ? L.current : "", e.usedForThisMessage ? L.usedMark : ""].filter(
          Boolean,
        );
        return {
          bold: e.currentAtSend,
          cells: [
            `${e.value}${marks.length > 0 ? `\n(${marks.join(", ")})` : ""}`,
            t(e.recordedAt),
            e.supersededAt ? t(e.supersededAt) : "—",
            consentLabel(e.consentSource, lang),
          ],
        };
      }),
    );
  flow.paragraph(addressStatement(facts, lang), {
    ...(facts.recipient.verdict === "identical" ? {} : { color: RED }),
    after: 6,
  });

  flow.heading(L.representative, O.representative);
  const rep = facts.representative;
  if (!rep) flow.paragraph(L.noRepresentative);
  else
    flow.fields([
      { label: L.name, value: rep.name },
      { label: L.email, value: rep.email ?? "—", font: "mono" },
      { label: L.validFrom, value: `${rep.validFrom}${rep.validTo ? ` ${L.validTo} ${rep.validTo}` : ""}` },
      { label: L.recorded, value: t(rep.recordedAt) },
    ]);

  flow.heading(L.mailboxSearch, O.mailboxSearch);
  const search = facts.undeliveredSearch;
  flow.fields([
    {
      label: lang === "fr" ? "Boîte aux lettres" : "Mailbox",
      value: search.mailboxes.join(", "),
      font: "mono",
    },
    { label: lang === "fr" ? "Période" : "Period", value: `${t(search.from)} — ${t(search.to)}` },
    {
      label: L.searched,
      value:
        lang === "fr"
          ? `messages rattachés à ce dossier de correspondance; messages reçus depuis l'envoi dont les octets bruts contiennent le Message-ID ${search.messageId ?? "—"} ou dont l'adresse de retour désigne ce dossier`
          : `messages linked to this correspondence record; messages received since the send whose raw bytes hold the Message-ID ${search.messageId ?? "—"} or whose return address names this record`,
    },
  ]);
  for (const sentence of mailboxStatements(facts, lang))
    flow.paragraph(sentence, { ...(search.notices.length > 0 ? { color: RED } : {}), after: 6 });
  const found = [...search.notices, ...search.otherMessages];
  if (found.length > 0) {
    flow.table(
      [
        { title: lang === "fr" ? "Reçu" : "Received", width: 20 },
        { title: L.from, width: 22 },
        { title: L.subject, width: 26 },
        { title: L.notice, width: 32 },
      ],
      found.map((n) => ({
        bold: n.kind === "bounce",
        cells: [
          t(n.receivedAt),
          // RFC 5321 §4.5.5: notices are sent from the null reverse-path.
          n.from ?? "<>",
          n.subject ?? "—",
          noticeCell(n, lang),
        ],
      })),
    );
  }

  packageFilesTable(flow, options.files ?? [], [L.files, O.files], L.size, lang);

  return flow.finish((page, pages) => ({
    left: `Dossier — ${c.fileNumber} — ${L.correspondence} ${c.id}`,
    right: `${L.page} ${page} ${L.of} ${pages} / ${O.page} ${page} ${O.of} ${pages}`,
  }));
}

function integrityFields(
  flow: PdfFlow,
  copy: ArchivedCopy,
  L: EvidenceLabels,
  t: (iso: string) => string,
  lang: Language,
): void {
  const verdict = copy.hashMatches
    ? lang === "fr"
      ? "concorde"
      : "matches"
    : lang === "fr"
      ? "NE CONCORDE PAS"
      : "DOES NOT MATCH";
  flow.fields([
    { label: "eDoc", value: `${copy.fileName} (${copy.edocId})` },
    { label: L.size, value: formatSize(copy.size, lang) },
    { label: L.archivedOn, value: t(copy.storedAt) },
    { label: L.sha256Recorded, value: copy.recordedSha256, font: "mono" },
    {
      label: L.sha256Computed,
      value: `${copy.computedSha256} — ${verdict}`,
      font: "mono",
      ...(copy.hashMatches ? {} : { color: RED }),
    },
  ]);
}

/** What a notice says, for the table: its kind, the failed recipients with their RFC 3463 status. */
function noticeCell(n: MailboxNotice, lang: Language): string {
  const colon = lang === "fr" ? " :" : ":";
  const failed = n.recipients.map((r) => `${r.address} ${r.status ?? ""}`.trim()).join(", ");
  const now = n.classifiedNow
    ? lang === "fr"
      ? " (classé pour cette trousse)"
      : " (classified for this package)"
    : "";
  return `${kindLabel(n.kind, lang)}${failed ? `${colon} ${failed}` : ""}${now}`;
}

/**
 * The files of a package with their size and SHA-256 (a PDF cannot list its own hash), under a
 * heading in both languages; nothing when there are none. Shared by the file-wide package.
 */
export function packageFilesTable(
  flow: PdfFlow,
  files: readonly { name: string; size: number; sha256: string }[],
  heading: [primary: string, secondary: string],
  sizeTitle: string,
  lang: Language,
): void {
  if (files.length === 0) return;
  flow.heading(...heading);
  flow.table(
    [
      { title: lang === "fr" ? "Fichier" : "File", width: 36, font: "mono" },
      { title: sizeTitle, width: 20 },
      { title: "SHA-256", width: 44, font: "mono" },
    ],
    files.map((f) => ({ cells: [f.name, formatSize(f.size, lang), f.sha256] })),
  );
}
