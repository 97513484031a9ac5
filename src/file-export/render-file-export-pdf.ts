/**
 * The client's file export as a PDF that reads like the case file: who the client is, then each
 * application with its assessments, correspondence, documents, history and notes, oldest first.
 * Written in one language (the file's), as a release to the applicant is. Text is drawn as text:
 * nothing in a message or note is interpreted.
 */

import { DEJAVU, type EvidenceFontFiles, GREY, PdfFlow, RED } from "../evidence/evidence-pdf-layout.ts";
import { formatInstant, formatSize } from "../evidence/evidence-wording.ts";
import type { ExportApplication, ExportNote, FileExport } from "./file-export.schema.ts";
import { codeText, EXPORT_LABELS } from "./file-export-wording.ts";

/** A message body longer than this is cut in the PDF; the JSON file holds the whole of it. */
export const MAX_BODY_CHARACTERS = 20_000;

export async function renderFileExportPdf(
  facts: FileExport,
  fonts: EvidenceFontFiles | null = DEJAVU,
): Promise<Uint8Array> {
  const lang = facts.language;
  const L = EXPORT_LABELS[lang];
  const t = (value: string) => formatInstant(value, facts.timeZone, lang);
  const flow = await PdfFlow.create(fonts);
  const c = facts.client;
  const name = `${c.familyName.toUpperCase()}, ${c.givenNames}`;
  const targetText = "fileNumber" in facts.target ? facts.target.fileNumber : `${L.uci} ${facts.target.uci}`;

  flow.doc.setTitle(`${L.title} — ${targetText}`);
  flow.doc.setLanguage(lang === "fr" ? "fr-CA" : "en-CA");
  flow.doc.setCreator("Dossier");
  flow.doc.setProducer("Dossier");
  flow.doc.setAuthor(facts.generatedBy);
  // The export's own time, so the same facts always make the same file.
  flow.doc.setCreationDate(new Date(facts.generatedAt));
  flow.doc.setModificationDate(new Date(facts.generatedAt));

  flow.paragraph(L.title, { font: "bold", size: 17, after: 0 });
  flow.paragraph(L.subtitle, { size: 11, color: GREY, after: 10 });
  flow.fields([
    { label: L.client, value: name },
    { label: L.uci, value: c.uci, font: "mono" },
    { label: L.dateOfBirth, value: c.dateOfBirth ?? "—" },
    { label: L.sex, value: codeText("sex", c.sex, lang) },
    { label: L.countryOfBirth, value: c.countryOfBirth },
    { label: L.citizenships, value: c.citizenships.join(", ") || "—" },
    { label: L.statusInCanada, value: codeText("statusInCanada", c.statusInCanada, lang) },
    { label: L.generated, value: `${t(facts.generatedAt)} ${L.by} ${facts.generatedBy}` },
  ]);
  flow.paragraph(L.withheldCount(facts.withheldNotes), facts.withheldNotes > 0 ? { color: RED } : {});

  if (facts.applications.length === 0) flow.paragraph(L.noApplications);
  for (const application of facts.applications) renderApplication(flow, application, facts, t);

  if (facts.clientNotes.length > 0) {
    flow.heading(L.clientNotes);
    for (const note of facts.clientNotes) renderNote(flow, note, facts, t);
  }

  return flow.finish((page, pages) => ({
    left: `Dossier — ${L.title} — ${targetText}`,
    right: `${L.page} ${page} ${L.of} ${pages}`,
  }));
}

function renderApplication(
  flow: PdfFlow,
  a: ExportApplication,
  facts: FileExport,
  t: (value: string) => string,
): void {
  const lang = facts.language;
  const L = EXPORT_LABELS[lang];
  flow.heading(`${L.application} ${a.fileNumber}`);
  flow.fields([
    { label: L.fileNumber, value: a.fileNumber, font: "mono" },
    { label: L.lineOfBusiness, value: a.lineOfBusinessText },
    { label: L.office, value: `${a.office.name} (${a.office.code})` },
    { label: L.status, value: a.statusText },
    ...(a.statusReason ? [{ label: L.statusReason, value: a.statusReason }] : []),
    { label: L.received, value: a.receivedDate },
    { label: L.opened, value: t(a.openedAt) },
    { label: L.language, value: codeText("language", a.language, lang) },
    {
      label: L.representatives,
      value:
        a.representatives.length === 0
          ? L.noRepresentatives
          : a.representatives
              .map(
                (r) =>
                  `${r.name}${r.email ? ` <${r.email}>` : ""} (${r.validFrom}${r.validTo ? ` – ${r.validTo}` : ""})`,
              )
              .join("\n"),
    },
  ]);

  flow.heading(L.assessments);
  if (a.assessments.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.created, width: 21 },
        { title: L.activity, width: 34 },
        { title: L.status, width: 15 },
        { title: L.due, width: 15 },
        { title: L.completed, width: 21 },
      ],
      a.assessments.map((s) => ({
        cells: [
          t(s.createdAt),
          [s.activity, s.subActivity].filter(Boolean).join(" / "),
          s.statusText,
          s.dueDate ?? "—",
          s.completedAt ? t(s.completedAt) : "—",
        ],
      })),
    );

  flow.heading(L.correspondence);
  if (a.correspondence.length === 0) flow.paragraph(L.none);
  for (const item of a.correspondence) {
    flow.room(60);
    flow.paragraph(`${t(item.at)} — ${item.direction === "in" ? L.in : L.out} — ${item.subject || "—"}`, {
      font: "bold",
      after: 2,
    });
    flow.fields([
      { label: L.status, value: item.statusText },
      { label: L.channel, value: codeText("channel", item.channel, lang) },
      ...(item.address
        ? [{ label: item.direction === "in" ? L.from : L.to, value: item.address, font: "mono" as const }]
        : []),
      ...(item.responseDueDate ? [{ label: L.responseDue, value: item.responseDueDate }] : []),
      {
        label: L.edocs,
        value:
          item.edocs.length === 0
            ? L.none
            : item.edocs
                .map((e) => `${e.fileName} (${formatSize(e.size, lang)}, SHA-256 ${e.sha256})`)
                .join("\n"),
      },
    ]);
    if (item.body) {
      const body =
        item.body.length > MAX_BODY_CHARACTERS
          ? `${item.body.slice(0, MAX_BODY_CHARACTERS)}\n[…]`
          : item.body;
      flow.paragraph(body, { size: 8.5, indent: 10, after: 8 });
    }
  }

  flow.heading(L.documents);
  if (a.documents.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.date, width: 24 },
        { title: L.fileName, width: 40 },
        { title: L.kind, width: 18 },
        { title: L.size, width: 18 },
      ],
      a.documents.map((d) => ({
        cells: [t(d.storedAt), d.fileName, codeText("edocKind", d.kind, lang), formatSize(d.size, lang)],
      })),
    );

  flow.heading(L.history);
  if (a.history.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.date, width: 24 },
        { title: L.who, width: 26 },
        { title: L.what, width: 50 },
      ],
      a.history.map((h) => ({ cells: [t(h.at), h.by, h.text] })),
    );

  flow.heading(L.notes);
  if (a.notes.length === 0) flow.paragraph(L.none);
  for (const note of a.notes) renderNote(flow, note, facts, t);
}

function renderNote(flow: PdfFlow, note: ExportNote, facts: FileExport, t: (value: string) => string): void {
  const L = EXPORT_LABELS[facts.language];
  const marks = [note.restricted ? L.restrictedNote : "", note.correctsNoteId ? L.correction : ""].filter(
    Boolean,
  );
  flow.room(40);
  flow.paragraph(`${t(note.at)} — ${note.author}${marks.length > 0 ? ` (${marks.join("; ")})` : ""}`, {
    font: "bold",
    size: 9,
    after: 2,
  });
  if (note.withheld) flow.paragraph(note.withheld.marker, { color: RED, indent: 10, after: 8 });
  else flow.paragraph(note.body ?? "", { indent: 10, after: 8 });
}
