/**
 * The file-wide evidence package as one PDF to print for the court: a summary of every letter
 * sent on the file and the history of the addresses given, then, as exhibits, the evidence of
 * each email a mail server accepted, page for page as `renderEvidencePdf` makes it alone.
 */
import { PDFDocument } from "pdf-lib";
import type { ApplicationEvidenceFacts } from "./application-evidence-wording.ts";
import { type EvidenceFontFiles, GREY, PdfFlow, RED } from "./evidence-pdf-layout.ts";
import { consentLabel, formatInstant, type Language } from "./evidence-wording.ts";
import { packageFilesTable, renderEvidencePdf } from "./render-evidence-pdf.ts";

const LABELS = {
  en: {
    title: "Evidence for litigation: letters sent on a file",
    file: "File number",
    client: "Client",
    office: "Office",
    status: "Status of the application",
    generated: "Prepared",
    by: "by",
    findings: "Findings",
    letters: "Letters sent",
    sentOn: "Written",
    subject: "Subject",
    channel: "Channel",
    outcome: "Outcome",
    exhibit: "Exhibit",
    none: "none",
    addresses: "Contact details the client gave, current and superseded",
    kind: "Kind",
    value: "Value",
    recorded: "Recorded",
    superseded: "Superseded",
    consent: "Consent",
    representatives: "Representatives (IMM 5476)",
    name: "Name",
    email: "Email",
    valid: "Valid",
    exhibits:
      "Each email a mail server accepted follows as an exhibit, with its own proof of sending, the archived message and the search for undelivered notices.",
    files: "Files in this package",
    size: "Size",
    page: "Page",
    of: "of",
    paper: "paper",
  },
  fr: {
    title: "Preuve pour un litige : lettres envoyées au dossier",
    file: "Numéro de dossier",
    client: "Client",
    office: "Bureau",
    status: "Statut de la demande",
    generated: "Préparé",
    by: "par",
    findings: "Constats",
    letters: "Lettres envoyées",
    sentOn: "Rédigée",
    subject: "Objet",
    channel: "Voie",
    outcome: "Résultat",
    exhibit: "Pièce",
    none: "aucune",
    addresses: "Coordonnées données par le client, actuelles et remplacées",
    kind: "Type",
    value: "Valeur",
    recorded: "Inscrite",
    superseded: "Remplacée",
    consent: "Consentement",
    representatives: "Représentants (IMM 5476)",
    name: "Nom",
    email: "Courriel",
    valid: "Validité",
    exhibits:
      "Chaque courriel accepté par un serveur de courriel suit comme pièce, avec sa propre preuve d'envoi, le message archivé et la recherche d'avis de non-remise.",
    files: "Fichiers de cette trousse",
    size: "Taille",
    page: "Page",
    of: "de",
    paper: "papier",
  },
} as const;

export interface RenderApplicationEvidenceOptions {
  files?: { name: string; size: number; sha256: string }[];
  fonts?: EvidenceFontFiles | null;
}

export async function renderApplicationEvidencePdf(
  facts: ApplicationEvidenceFacts,
  options: RenderApplicationEvidenceOptions = {},
): Promise<Uint8Array> {
  const lang: Language = facts.application.language;
  const other: Language = lang === "fr" ? "en" : "fr";
  const L = LABELS[lang];
  const O = LABELS[other];
  const t = (iso: string) => formatInstant(iso, facts.office.timeZone, lang);
  const flow = await PdfFlow.create(options.fonts);
  const a = facts.application;

  flow.paragraph(L.title, { font: "bold", size: 17, after: 0 });
  flow.paragraph(O.title, { size: 12, color: GREY, after: 10 });
  flow.fields([
    { label: `${L.file} / ${O.file}`, value: a.fileNumber },
    { label: `${L.client} / ${O.client}`, value: `${facts.client.name} (UCI/IUC ${facts.client.uci})` },
    {
      label: `${L.office} / ${O.office}`,
      value: `${lang === "fr" ? facts.office.nameFr : facts.office.nameEn} (${facts.office.code})`,
    },
    {
      label: `${L.status} / ${O.status}`,
      value: `${a.status}${a.statusReason ? ` — ${a.statusReason}` : ""}`,
    },
    {
      label: `${L.generated} / ${O.generated}`,
      value: `${t(facts.generatedAt)} ${L.by} ${facts.generatedBy}`,
    },
  ]);

  flow.heading(L.findings, O.findings);
  for (const sentence of facts.statements[lang]) flow.paragraph(sentence, { after: 6 });
  flow.gap(4);
  for (const sentence of facts.statements[other])
    flow.paragraph(sentence, { color: GREY, size: 8.5, after: 5 });

  flow.heading(L.letters, O.letters);
  let exhibit = 0;
  if (facts.letters.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.sentOn, width: 20 },
        { title: L.subject, width: 30 },
        { title: L.channel, width: 12 },
        { title: L.outcome, width: 38 },
      ],
      facts.letters.map((letter) => {
        const isExhibit = letter.evidence !== null;
        if (isExhibit) exhibit += 1;
        const outcome = isExhibit
          ? `${L.exhibit} ${exhibit}: ${letter.address ?? ""}${letter.sentAt ? `, ${t(letter.sentAt)}` : ""}`
          : `${letter.status}${letter.statusReason ? ` (${letter.statusReason})` : ""}`;
        return {
          cells: [
            t(letter.createdAt),
            letter.subject,
            letter.channel === "paper" ? L.paper : "email",
            letter.undeliveredAt ? `${outcome}\n${letter.status}` : outcome,
          ],
        };
      }),
    );

  flow.heading(L.addresses, O.addresses);
  if (facts.addressHistory.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.kind, width: 12 },
        { title: L.value, width: 34, font: "mono" },
        { title: L.recorded, width: 18 },
        { title: L.superseded, width: 18 },
        { title: L.consent, width: 18 },
      ],
      facts.addressHistory.map((c) => ({
        bold: c.supersededAt === null,
        cells: [
          c.kind,
          c.value,
          t(c.recordedAt),
          c.supersededAt ? t(c.supersededAt) : "—",
          consentLabel(c.consentSource, lang),
        ],
      })),
    );

  flow.heading(L.representatives, O.representatives);
  if (facts.representatives.length === 0) flow.paragraph(L.none);
  else
    flow.table(
      [
        { title: L.name, width: 30 },
        { title: L.email, width: 34, font: "mono" },
        { title: L.valid, width: 36 },
      ],
      facts.representatives.map((r) => ({
        cells: [r.name, r.email ?? "—", `${r.validFrom} → ${r.validTo ?? "…"}`],
      })),
    );

  if (exhibit > 0) flow.paragraph(L.exhibits, { color: RED, after: 6 });

  packageFilesTable(flow, options.files ?? [], [L.files, O.files], L.size, lang);

  const summary = await flow.finish((page, pages) => ({
    left: `Dossier — ${a.fileNumber}`,
    right: `${L.page} ${page} ${L.of} ${pages} / ${O.page} ${page} ${O.of} ${pages}`,
  }));

  // Exhibits keep their own page numbers: each is the package a single email would have had.
  const whole = await PDFDocument.load(summary);
  for (const letter of facts.letters) {
    if (!letter.evidence) continue;
    const part = await PDFDocument.load(
      await renderEvidencePdf(letter.evidence, options.fonts === undefined ? {} : { fonts: options.fonts }),
    );
    for (const page of await whole.copyPages(part, part.getPageIndices())) whole.addPage(page);
  }
  whole.setTitle(`${L.title} — ${a.fileNumber}`);
  whole.setLanguage(lang === "fr" ? "fr-CA" : "en-CA");
  whole.setCreationDate(new Date(facts.generatedAt));
  whole.setModificationDate(new Date(facts.generatedAt));
  return whole.save();
}
