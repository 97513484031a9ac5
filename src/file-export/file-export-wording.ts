/**
 * The words of a client's file export, in English and French: section titles, labels, the names of
 * stored codes and the sentences of the file's history. Pure.
 */
import type { Language } from "../evidence/evidence-wording.ts";
import { type CodeGroup, codeLabel } from "../shared/code-labels.ts";

export const EXPORT_LABELS = {
  en: {
    title: "Client file",
    subtitle: "Copy of the case file as held by the office",
    generated: "Prepared",
    by: "by",
    client: "Client",
    uci: "UCI",
    dateOfBirth: "Date of birth",
    sex: "Sex",
    countryOfBirth: "Country of birth",
    citizenships: "Citizenships",
    statusInCanada: "Status in Canada",
    application: "Application",
    fileNumber: "File number",
    office: "Office",
    status: "Status",
    statusReason: "Status reason",
    received: "Received",
    opened: "Opened",
    lineOfBusiness: "Category (line of business)",
    language: "Correspondence language",
    representatives: "Representatives (IMM 5476)",
    noRepresentatives: "None on file",
    assessments: "Assessments",
    activity: "Activity",
    due: "Due",
    completed: "Completed",
    created: "Created",
    correspondence: "Correspondence in and out",
    date: "Date",
    direction: "Direction",
    subject: "Subject",
    channel: "Channel",
    to: "To",
    from: "From",
    responseDue: "Response due",
    edocs: "eDocs",
    documents: "Documents on file (eDocs)",
    fileName: "File",
    kind: "Kind",
    size: "Size",
    history: "History of statuses and locations",
    what: "What",
    who: "Who",
    notes: "Notes",
    clientNotes: "Notes on the client's file",
    none: "None",
    restrictedNote: "Restricted note",
    correction: "Corrects an earlier note",
    withheldCount: (n: number) =>
      n === 0
        ? "No information was withheld."
        : `${n} note${n === 1 ? " was" : "s were"} withheld; each is marked where it stood.`,
    noApplications: "The client has no application in the offices of the person who prepared this copy.",
    page: "Page",
    of: "of",
    in: "Incoming",
    out: "Outgoing",
  },
  fr: {
    title: "Dossier du client",
    subtitle: "Copie du dossier tel que le bureau le détient",
    generated: "Préparé",
    by: "par",
    client: "Client",
    uci: "IUC",
    dateOfBirth: "Date de naissance",
    sex: "Sexe",
    countryOfBirth: "Pays de naissance",
    citizenships: "Citoyennetés",
    statusInCanada: "Statut au Canada",
    application: "Demande",
    fileNumber: "Numéro de dossier",
    office: "Bureau",
    status: "État",
    statusReason: "Motif de l'état",
    received: "Reçue le",
    opened: "Ouverte le",
    lineOfBusiness: "Catégorie (secteur d'activité)",
    language: "Langue de correspondance",
    representatives: "Représentants (IMM 5476)",
    noRepresentatives: "Aucun au dossier",
    assessments: "Évaluations",
    activity: "Activité",
    due: "Échéance",
    completed: "Terminée",
    created: "Créée",
    correspondence: "Correspondance reçue et envoyée",
    date: "Date",
    direction: "Sens",
    subject: "Objet",
    channel: "Mode",
    to: "À",
    from: "De",
    responseDue: "Réponse attendue le",
    edocs: "eDocs",
    documents: "Documents au dossier (eDocs)",
    fileName: "Fichier",
    kind: "Type",
    size: "Taille",
    history: "Historique des états et des emplacements",
    what: "Quoi",
    who: "Qui",
    notes: "Notes",
    clientNotes: "Notes au dossier du client",
    none: "Aucun",
    restrictedNote: "Note restreinte",
    correction: "Corrige une note antérieure",
    withheldCount: (n: number) =>
      n === 0
        ? "Aucun renseignement n'a été retenu."
        : `${n} note${n === 1 ? " a été retenue" : "s ont été retenues"}; chacune est signalée à sa place.`,
    noApplications: "Le client n'a aucune demande dans les bureaux de la personne qui a préparé cette copie.",
    page: "Page",
    of: "de",
    in: "Reçue",
    out: "Envoyée",
  },
} satisfies Record<Language, Record<string, string | ((n: number) => string)>>;

/**
 * The name of a stored code in the export's language, from the table the pages use; a sentence's
 * first word is capitalised (the pages' channel names are written to sit mid-sentence).
 */
export function codeText(group: CodeGroup, code: string | null, lang: Language): string {
  const text = codeLabel(lang, group, code);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function field(record: unknown, name: string): string | null {
  if (!record || typeof record !== "object") return null;
  const value = (record as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/**
 * The file's history as the applicant reads it: opening, each change of status and each move to
 * another office. Other events (notes, letters) have their own sections; an event this list does not
 * know is left out rather than shown by its code. Returns null for an event that is not history.
 */
export function historyEntryText(
  event: { action: string; before: unknown; after: unknown },
  lang: Language,
): { kind: "opened" | "status" | "location"; text: string } | null {
  const fr = lang === "fr";
  const { before, after } = event;
  switch (event.action) {
    case "application.created": {
      const line = codeText("lineOfBusiness", field(after, "lineOfBusiness"), lang);
      const received = field(after, "receivedDate") ?? "";
      return {
        kind: "opened",
        text: fr
          ? `Dossier ouvert (${line}, reçu le ${received})`
          : `File opened (${line}, received ${received})`,
      };
    }
    case "application.status-changed": {
      const from = codeText("applicationStatus", field(before, "status"), lang);
      const to = codeText("applicationStatus", field(after, "status"), lang);
      const reason = field(after, "statusReason");
      const sentence = fr
        ? `État changé de « ${from} » à « ${to} »`
        : `Status changed from “${from}” to “${to}”`;
      return { kind: "status", text: reason ? `${sentence}${fr ? " : " : ": "}${reason}` : sentence };
    }
    case "application.transferred": {
      const from = field(before, "officeCode") ?? "";
      const to = field(after, "officeCode") ?? "";
      return {
        kind: "location",
        text: fr
          ? `Dossier transféré du bureau ${from} au bureau ${to}`
          : `File transferred from office ${from} to office ${to}`,
      };
    }
    default: {
      // Other operations that move a file (a decision, a reopening) record its status or office
      // before and after: those are history too, whatever the operation is called.
      const fromStatus = field(before, "status");
      const toStatus = field(after, "status");
      if (event.action.startsWith("application.") && toStatus && fromStatus !== toStatus) {
        return historyEntryText(
          { action: "application.status-changed", before: { status: fromStatus }, after },
          lang,
        );
      }
      return null;
    }
  }
}
